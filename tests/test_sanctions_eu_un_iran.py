"""Issue 22, item 2: the UNSC regime on Iran through resolution 2231, the EU's from 2007.

Each expected answer was settled against the shipped excerpts named beside it
(src/ruiran/data/sources/<id>.txt): before this change both questions of the issue,
``sanctions_on("Iran", by="United Nations Security Council", on="2019-01-01")`` and
``sanctions_on("Iran", by="European Union", on="2008-06-01")``, answered nothing.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import ruiran
from ruiran.cli import cli
from ruiran.model import Sanction
from ruiran.model.sanctions import SanctionMilestone

UNSC = "United Nations Security Council"
EU = "European Union"
UN_ID = "unsc-sanctions-on-iran"
EU_ID = "eu-nuclear-sanctions-on-iran"


@pytest.fixture(scope="module")
def ds() -> ruiran.Dataset:
    return ruiran.load()


def _regime(ds: ruiran.Dataset, regime_id: str) -> Sanction:
    regime = ds[regime_id]
    assert isinstance(regime, Sanction)
    return regime


def _step_in_effect(regime: Sanction, day: str) -> SanctionMilestone:
    """The last dated step that has taken effect by ``day`` (the module's in-force rule)."""
    when = dt.date.fromisoformat(day)
    taken = [m for m in regime.milestones if m.date is not None and m.date.earliest <= when]
    return taken[-1]


def _step_on(regime: Sanction, day: str) -> SanctionMilestone:
    (step,) = [m for m in regime.milestones if str(m.date) == day]
    return step


def _quotes(step: SanctionMilestone) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for citation in step.citations:
        found.setdefault(citation.source, []).append(citation.quote)
    return found


# -- the UN Security Council: resolution 2231's restrictions between 2016 and 2025 -------------


def test_unsc_regime_is_in_force_on_2019_01_01_under_annex_b(ds: ruiran.Dataset) -> None:
    # S/2016/589: "all provisions of resolutions 1696 ... were terminated 1 and all the
    # provisions of annex B to resolution 2231 (2015) entered into force".
    answer = ds.sanctions_on("Iran", by=UNSC, on="2019-01-01")
    assert [s.id for s in answer] == [UN_ID]
    assert answer.complete
    assert answer.gaps == ()
    step = _step_in_effect(_regime(ds, UN_ID), "2019-01-01")
    assert (step.action.value, str(step.date), step.legal_basis) == (
        "eased",
        "2016-01-16",
        "UNSC resolution 2231",
    )
    assert "annex B" in (step.note or "")
    assert any(
        "all the provisions of annex B to resolution 2231 (2015) entered into force" in quote
        for quote in _quotes(step)["un-sg-report-s-2016-589-via-pdfslide"]
    )


def test_the_module_function_answers_the_issues_question() -> None:
    answer = ruiran.sanctions_on("Iran", by=UNSC, on="2019-01-01")
    assert [s.id for s in answer] == [UN_ID]
    assert answer.complete


def test_arms_restrictions_ended_on_2020_10_18_and_the_regime_ran_on(ds: ruiran.Dataset) -> None:
    # The Council's 2231 page: arms-related restrictions "shall apply until the date five years
    # after the JCPOA Adoption Day (18 October 2015)"; CRS: "until October 18, 2020".
    regime = _regime(ds, UN_ID)
    step = _step_on(regime, "2020-10-18")
    assert step.action.value == "eased"
    assert step.legal_basis == "UNSC resolution 2231"
    assert "arms-related transfers" in (step.note or "")
    quotes = _quotes(step)
    assert any("(18 October 2015)" in q for q in quotes["un-sc-2231-restrictions-arms"])
    assert any(
        "October 18, 2020" in q for q in quotes["hsdl-crs-un-ban-iran-arms-transfers-snapback-2020"]
    )
    assert _step_in_effect(regime, "2020-10-17").date is not None
    assert str(_step_in_effect(regime, "2020-10-17").date) == "2016-01-16"
    assert str(_step_in_effect(regime, "2020-10-18").date) == "2020-10-18"
    for day in ("2020-10-18", "2021-06-01", "2023-10-17"):
        assert regime.in_force_on(dt.date.fromisoformat(day)) is True, day


def test_the_us_claim_of_2020_is_a_note_not_a_step(ds: ruiran.Dataset) -> None:
    # National Post: "13 of the 15 U.N. Security Council members ... say Washington's move is void".
    regime = _regime(ds, UN_ID)
    assert not [
        m
        for m in regime.milestones
        if m.date is not None and m.date.earliest.year == 2020 and m.action.value == "reimposed"
    ]
    note = _step_on(regime, "2020-10-18").note or ""
    assert "13 of the 15" in note


def test_transition_day_ended_missile_restrictions_and_asset_freeze(ds: ruiran.Dataset) -> None:
    # UN Sanctions App: on 18 October 2023 "transition day" triggered the termination of the
    # asset freezes and missile-related restrictions; the nuclear ones "remained in place".
    regime = _regime(ds, UN_ID)
    step = _step_on(regime, "2023-10-18")
    assert step.action.value == "eased"
    note = step.note or ""
    assert "ballistic-missile" in note
    assert "asset freeze" in note
    assert "remained in place" in note
    assert "unsanctionsapp-iran-episode-8" in _quotes(step)
    assert regime.in_force_on(dt.date(2024, 6, 1)) is True


def test_unsc_regime_is_one_spell_from_resolution_1737(ds: ruiran.Dataset) -> None:
    spans = _regime(ds, UN_ID).in_force_spans()
    assert spans == [(dt.date(2006, 12, 23), dt.date.max)]
    actions = [(m.action.value, str(m.date)) for m in _regime(ds, UN_ID).milestones]
    assert actions[-4:] == [
        ("eased", "2016-01-16"),
        ("eased", "2020-10-18"),
        ("eased", "2023-10-18"),
        ("reimposed", "2025-09-28"),
    ]
    assert "terminated" not in [a for a, _ in actions]


@pytest.mark.parametrize(
    "on",
    [
        "2006-12-23",
        "2016-01-16",
        "2019-01-01",
        "2020-10-18",
        "2023-10-18",
        "2025-01-01",
        "2016/2024",
    ],
)
def test_unsc_questions_from_2006_on_are_answered_completely(ds: ruiran.Dataset, on: str) -> None:
    answer = ds.sanctions_on("Iran", by=UNSC, on=on)
    assert [s.id for s in answer] == [UN_ID]
    assert answer.complete, answer.gaps


def test_before_resolution_1737_is_still_a_gap(ds: ruiran.Dataset) -> None:
    answer = ds.sanctions_on("Iran", by=UNSC, on="2006-12-22")
    assert len(answer) == 0
    assert not answer.complete


# -- the European Union from 2007 ---------------------------------------------------------------


def test_eu_regime_is_in_force_on_2008_06_01(ds: ruiran.Dataset) -> None:
    # COM(2007) 109: "Common Position 2007/140/CFSP of 27 February 2007 provides for
    # implementation of the restrictive measures of Resolution 1737".
    answer = ds.sanctions_on("Iran", by=EU, on="2008-06-01")
    assert [s.id for s in answer] == [EU_ID]
    # The EU on Iran is not declared covered (its other programmes are not all held).
    assert not answer.complete
    assert f"sanctions sent by {EU} on Iran are not covered" in answer.gaps
    assert [s.id for s in ruiran.sanctions_on("Iran", by=EU, on="2008-06-01")] == [EU_ID]


def test_eu_regime_starts_with_common_position_2007_140(ds: ruiran.Dataset) -> None:
    regime = _regime(ds, EU_ID)
    first = regime.milestones[0]
    assert (first.action.value, str(first.date), first.legal_basis) == (
        "imposed",
        "2007-02-27",
        "Council Common Position 2007/140/CFSP",
    )
    assert any(
        q == "It was subsequently adopted by the Council on 27 February 2007."
        for q in _quotes(first)["ukparl-escom-eu-sanctions-against-iran-2007"]
    )
    assert regime.in_force_on(dt.date(2007, 2, 26)) is False
    assert regime.in_force_on(dt.date(2007, 2, 27)) is True
    assert regime.in_force_spans() == [(dt.date(2007, 2, 27), dt.date.max)]
    assert "from 2007" in regime.title


def test_eu_steps_before_2012_name_their_acts_in_their_own_quotes(ds: ruiran.Dataset) -> None:
    regime = _regime(ds, EU_ID)
    early = [m for m in regime.milestones if m.date is not None and m.date.earliest.year < 2012]
    expected = [
        ("imposed", "2007-02-27", "Council Common Position 2007/140/CFSP", "2007/140"),
        ("tightened", "2007-04-19", "Council Regulation (EC) No 423/2007", "423/2007"),
        ("tightened", "2008-08-07", "Council Common Position 2008/652/CFSP", "2008/652"),
        ("tightened", "2010-07-26", "Council Decision 2010/413/CFSP", "2010/413"),
        ("tightened", "2010-10-27", "Council Regulation (EU) No 961/2010", "961/2010"),
    ]
    assert [(m.action.value, str(m.date), m.legal_basis) for m in early] == [
        e[:3] for e in expected
    ]
    for step, (*_, number) in zip(early, expected, strict=True):
        assert any(number in c.quote for c in step.citations), step.date
    acts = {act.identifier: str(act.date) for act in regime.legal_basis}
    assert acts["Council Decision 2010/413/CFSP"] == "2010-07-26"
    assert acts["Council Regulation (EU) No 961/2010"] == "2010-10-25"


def test_eu_kept_its_measures_at_transition_day(ds: ruiran.Dataset) -> None:
    # The Council's press release: "valid reasons to refrain from lifting these restrictions on
    # Transition Day (18 October 2023)"; KUNA: "BRUSSELS, Oct 17 (KUNA)".
    regime = _regime(ds, EU_ID)
    step = _step_on(regime, "2023-10-17")
    assert step.action.value == "extended"
    assert "pubaffairsbruxelles-council-iran-transition-day-2023" in _quotes(step)
    assert regime.in_force_on(dt.date(2024, 1, 1)) is True


def test_the_cli_lists_both_regimes_in_force_in_2019() -> None:
    result = CliRunner().invoke(
        cli, ["sanctions", "--target", "Iran", "--on", "2019-01-01", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    ids = [s["id"] for s in json.loads(result.stdout)["records"]]
    assert UN_ID in ids
    assert EU_ID in ids


# -- review of issue 22, item 2: every clause of the notes quoted ------------------------------


def _citations_of(step: SanctionMilestone, source: str) -> list[str]:
    return [c.quote for c in step.citations if c.source == source]


def test_2020_step_quotes_the_paragraphs_it_names(ds: ruiran.Dataset) -> None:
    # The Council's 2231 page: "proposals made pursuant to paragraphs 5 and 6 (b) of Annex B".
    step = _step_on(_regime(ds, UN_ID), "2020-10-18")
    assert "(paragraphs 5 and 6 (b))" in (step.note or "")
    quotes = _citations_of(step, "un-sc-2231-restrictions-arms")
    assert any(q.startswith("Paragraph 5 of Annex B") for q in quotes)
    assert any("paragraphs 5 and 6 (b) of Annex B" in q for q in quotes)


def test_2020_travel_ban_end_has_a_neutral_source(ds: ruiran.Dataset) -> None:
    # UN Sanctions App, episode 7: on 18 October 2020 "the travel ban on designated individuals
    # and the arms imports and exports embargo" were lifted.
    step = _step_on(_regime(ds, UN_ID), "2020-10-18")
    (cited,) = [c for c in step.citations if c.source == "unsanctionsapp-iran-episode-7"]
    assert "the travel ban on designated individuals" in cited.quote
    assert {"action", "date", "note"} <= set(cited.supports)
    assert "travel ban on designated individuals" in (step.note or "")


def test_2020_us_claim_is_quoted_and_not_dated_by_month(ds: ruiran.Dataset) -> None:
    # National Post: "said late Saturday all United Nations sanctions on Iran have been
    # restored"; its day is only in the search tool's crawl metadata, so no month is claimed.
    step = _step_on(_regime(ds, UN_ID), "2020-10-18")
    note = step.note or ""
    assert "September" not in note
    assert "all UN sanctions had been restored" in note
    quotes = _citations_of(step, "nationalpost-us-says-un-sanctions-on-iran-reimposed-2020-09-20")
    assert any("all United Nations sanctions on Iran have been restored" in q for q in quotes)


def test_transition_day_is_counted_from_adoption_day(ds: ruiran.Dataset) -> None:
    # The Council's assets-freeze page: "eight years after the JCPOA Adoption Day (18 October
    # 2015)"; the UN Sanctions App's "eight years after UNSCR 2231 ... was adopted" is flagged.
    step = _step_on(_regime(ds, UN_ID), "2023-10-18")
    (freeze,) = [c for c in step.citations if c.source == "un-sc-2231-assets-freeze"]
    assert "eight years after the JCPOA Adoption Day (18 October 2015)" in freeze.quote
    assert "date" in freeze.supports
    (app,) = [
        c
        for c in step.citations
        if c.source == "unsanctionsapp-iran-episode-8" and "eight years" in c.quote
    ]
    assert "Adoption Day" in (app.note or "")


def test_transition_day_note_claims_nothing_about_the_snapback(ds: ruiran.Dataset) -> None:
    # No shipped source says what became of annex B's nuclear restrictions at the snapback.
    note = _step_on(_regime(ds, UN_ID), "2023-10-18").note or ""
    assert "snapback" not in note
    assert "remained in place" in note


def test_eu_first_step_quotes_the_council_of_22_january_2007(ds: ruiran.Dataset) -> None:
    # COM(2007) 109: "On 22 January 2007, the Council (External Relations) discussed
    # implementation of Resolution 1737 and concluded:".
    first = _regime(ds, EU_ID).milestones[0]
    assert "22 January 2007" in (first.note or "")
    quotes = _citations_of(first, "eurlex-com-2007-109-proposal-regulation-iran")
    assert any(q.startswith("On 22 January 2007, the Council (External Relations)") for q in quotes)


def test_eu_2008_step_is_the_answer_to_a_un_resolution_of_2008(ds: ruiran.Dataset) -> None:
    # Lexology: the Council "consequently amended its Common Position 2007/140/CFSP ... by
    # adopting Common Position 2008/652/CFSP"; its "1802(2008)" is not taken as the number.
    step = _step_on(_regime(ds, EU_ID), "2008-08-07")
    (cited,) = [
        c for c in step.citations if c.source == "lexology-eu-common-position-2008-652-iran"
    ]
    assert "Common Position 2008/652/CFSP" in cited.quote
    assert "1803" in (cited.note or "")
    assert "1802" not in (step.note or "").replace("'1802(2008)'", "")


def test_eu_2023_step_is_dated_by_kunas_dateline_only(ds: ruiran.Dataset) -> None:
    # The Council's release gives Transition Day (18 October 2023), not the day of the decision.
    step = _step_on(_regime(ds, EU_ID), "2023-10-17")
    dating = [c for c in step.citations if "date" in c.supports]
    assert [c.source for c in dating] == ["menafn-kuna-eu-maintain-sanctions-iran-2023-10-17"]
    assert dating[0].derived_from is not None
    assert "2016" not in (step.note or "")


def test_eu_summary_dates_the_nuclear_programme_not_every_measure(ds: ruiran.Dataset) -> None:
    # The EU had an arms policy on Iran before 2007 (COM(2007) 109: "recalling the EU policy
    # not to sell arms to Iran"), so only the nuclear measures began with 2007/140/CFSP.
    summary = _regime(ds, EU_ID).summary or ""
    assert summary.startswith(
        "The EU's restrictive measures on Iran's nuclear programme began with Common Position "
        "2007/140/CFSP"
    )
