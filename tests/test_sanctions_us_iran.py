"""US sanctions on Iran from their origins to today, without false holes (issue 22, item 2).

Each answer here was settled against the shipped excerpts named beside it
(src/ruiran/data/sources/<id>.txt): the 1979 blocking order (presidency-ucsb-carter-ieepa-
report-iran-1980), the 1981 Algiers Accords (worldhistoryproject-algiers-accords-1981-01-19),
the 1984 designation (dtic-crs-state-sponsors-of-terrorism-legislative-parameters), the 1987
import ban (executivedisorder-eo-12613-prohibiting-imports-from-iran), the 1995 orders
(globalsecurity-usia-clinton-bans-iranian-oil-contracts-1995-03-15, us-customs-csms-95-000465-
iranian-embargo), E.O. 13599 (treasury-press-release-tg1409-eo-13599), Implementation Day
(itcu-president-continues-national-emergency-iran-2018-03-16), CAATSA (crs-if10694-caatsa-
2017-08-02, ofac-faq-533-caatsa-section-105-irgc) and E.O. 14024 (ofac-faq-886-eo-14024).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import ruiran
from ruiran.model import Derivation, Sanction, Source

US = "United States"
REGIME = "us-sanctions-on-iran"


@pytest.fixture(scope="module")
def ds() -> ruiran.Dataset:
    return ruiran.load()


@pytest.fixture(scope="module")
def regime(ds: ruiran.Dataset) -> Sanction:
    found = ds[REGIME]
    assert isinstance(found, Sanction)
    return found


def _basis_on(regime: Sanction, day: dt.date) -> str | None:
    """The legal basis of the last dated step that took effect by ``day``."""
    steps = [m for m in regime.milestones if m.date is not None and m.date.earliest <= day]
    return steps[-1].legal_basis if steps else None


@pytest.mark.parametrize(
    "day", ["1979-11-14", "1982-06-01", "1985-01-01", "1990-01-01", "2012-07-01", "2017-01-01"]
)
def test_the_us_sanctions_iran_on_every_day_since_1979(ds: ruiran.Dataset, day: str) -> None:
    # 1982: after the Algiers Accords the regime was eased, not lifted (the 1979 emergency is
    # still renewed, mehrnews-biden-renews-national-emergency-iran-2022-11-09); 2017: after
    # Implementation Day "comprehensive non-nuclear-related sanctions ... remain in place".
    assert REGIME in [s.id for s in ds.sanctions_on("Iran", by=US, on=day)]


def test_the_question_of_the_issue_is_answered_and_complete(ds: ruiran.Dataset) -> None:
    answer = ds.sanctions_on("Iran", by=US, on="2012-07-01")
    # the nuclear-related part is held on its own from its order of 23 May 2011 on
    assert [s.id for s in answer] == [REGIME, "us-nuclear-related-sanctions-on-iran"]
    assert answer.complete
    assert answer.gaps == ()


def test_before_the_1979_order_there_is_nothing_and_the_answer_says_it_cannot_know(
    ds: ruiran.Dataset,
) -> None:
    answer = ds.sanctions_on("Iran", by=US, on="1979-11-13")
    assert len(answer) == 0
    assert not answer.complete
    assert answer.gaps == ("sanctions sent by United States on Iran on 1979-11-13 are not covered",)


def test_one_spell_in_force_from_14_november_1979_with_no_false_end(regime: Sanction) -> None:
    assert regime.in_force_spans() == [(dt.date(1979, 11, 14), dt.date.max)]
    assert regime.in_force_on(dt.date(1979, 11, 13)) is False


@pytest.mark.parametrize(
    ("day", "basis"),
    [
        ("1979-12-01", "Executive Order 12170"),
        ("1980-06-01", "Executive Order 12205"),
        ("1982-06-01", None),  # the Algiers Accords: an easing with no legal act of its own
        (
            "1985-01-01",
            "Designation of Iran as a state sponsor of terrorism (Secretary of State, 19 January 1984)",
        ),
        ("1990-01-01", "Executive Order 12613"),
        ("1995-03-15", "Executive Order 12613"),  # E.O. 12957 took effect on 16 March 1995
        ("1995-03-16", "Executive Order 12957"),
        ("1995-06-01", "Executive Order 12959"),
        ("2000-01-01", "Iran and Libya Sanctions Act of 1996"),
        ("2012-07-01", "Executive Order 13599"),
        ("2013-07-01", "Iran Freedom and Counter-Proliferation Act of 2012 (IFCA)"),
        ("2017-01-01", "Executive Order 13716"),
        ("2019-01-01", "Executive Order 13846"),
    ],
)
def test_which_legal_basis_stood_behind_the_regime_on_a_day(
    regime: Sanction, day: str, basis: str | None
) -> None:
    assert _basis_on(regime, dt.date.fromisoformat(day)) == basis


def test_each_step_names_an_act_of_the_regime_and_no_step_ends_it(regime: Sanction) -> None:
    acts = {act.identifier for act in regime.legal_basis}
    assert all(m.legal_basis in acts for m in regime.milestones if m.legal_basis)
    assert all(m.action.in_force for m in regime.milestones)
    assert [m.action.value for m in regime.milestones if m.action.value != "tightened"] == [
        "imposed",
        "eased",  # 1981
        "eased",  # 2016
    ]


def test_the_dates_come_from_the_excerpts(ds: ruiran.Dataset, regime: Sanction) -> None:
    quotes = {
        str(m.date): " ".join(c.quote for c in m.citations if "date" in c.supports)
        for m in regime.milestones
    }
    assert "November 14, 1979" in quotes["1979-11-14"]
    assert "January 19, 1981" in quotes["1981-01-19"]
    assert "January 19, 1984" in quotes["1984-01-19"]
    assert "October 29, 1987" in quotes["1987-10-29"]
    assert "March 16, 1995" in quotes["1995-03-16"]
    assert "MAY 7, 1995" in quotes["1995-05-07"]
    assert "February 6" in quotes["2012-02-06"]
    assert "July 1, 2013" in quotes["2013-07-01"]


def test_caatsa_sanctions_iran_and_russia_one_record_each(ds: ruiran.Dataset) -> None:
    on_iran = [s.id for s in ds.sanctions_on("Iran", by=US, on="2017-09-01")]
    assert on_iran == [
        REGIME,
        "us-nuclear-related-sanctions-on-iran",
        "us-caatsa-sanctions-on-iran",
    ]
    on_russia = [s.id for s in ds.sanctions_on("Russia", by=US, on="2017-09-01")]
    assert "us-caatsa-sanctions-on-russia" in on_russia
    assert "us-ukraine-related-sanctions-on-russia" in on_russia
    assert [s.id for s in ds.sanctions_on("Russia", by=US, on="2017-08-01")] == [
        "us-ukraine-related-sanctions-on-russia"
    ]
    caatsa = ds["us-caatsa-sanctions-on-iran"]
    assert isinstance(caatsa, Sanction)
    # OFAC FAQ 533: the IRGC designated under E.O. 13224 on 13 October 2017, as CAATSA s.105 asks
    assert [(str(m.date), m.legal_basis) for m in caatsa.milestones][-1] == (
        "2017-10-13",
        "Executive Order 13224",
    )


def test_executive_order_14024_is_its_own_regime_on_russia(ds: ruiran.Dataset) -> None:
    # OFAC FAQ 886: a national emergency "separate from the national emergency relating to the
    # crisis in Ukraine, declared in E.O. 13660".
    eo = ds["us-harmful-foreign-activities-sanctions-on-russia"]
    assert isinstance(eo, Sanction)
    assert eo.in_force_spans() == [(dt.date(2021, 4, 15), dt.date.max)]
    assert [a.identifier for a in eo.legal_basis] == [
        "Executive Order 14024",
        # the further orders under the same emergency (the 14066 order expands it)
        "Executive Order 14039",
        "Executive Order 14066",
        "Executive Order 14068",
        "Executive Order 14071",
        "Executive Order 14114",
    ]
    before = {s.id for s in ds.sanctions_on("Russia", by=US, on="2021-04-14")}
    after = {s.id for s in ds.sanctions_on("Russia", by=US, on="2021-04-15")}
    assert after - before == {"us-harmful-foreign-activities-sanctions-on-russia"}


# -- the outside review of the US records (s20): every claim of a note has its quote ----------


def _step(regime: Sanction, day: str) -> Any:
    (found,) = [m for m in regime.milestones if str(m.date) == day]
    return found


def _note_quotes(step: Any) -> str:
    return " ".join(c.quote for c in step.citations if "note" in c.supports)


def test_the_itrshra_step_quotes_the_sanctions_its_note_names(regime: Sanction) -> None:
    # jdsupra-itrshra-signed-2012-08-10: "further expands the scope of the Iran Sanctions Act"
    quotes = _note_quotes(_step(regime, "2012-08-10"))
    for words in ("further expands the scope of the Iran Sanctions Act", "sovereign debt"):
        assert words in quotes
    assert "joint ventures with the Government of Iran" in quotes
    assert "vessels used to transport crude oil" in quotes


def test_the_1996_step_says_nothing_of_a_renaming_no_source_gives(regime: Sanction) -> None:
    step = _step(regime, "1996-08-05")
    assert step.note is not None
    assert "renamed" not in step.note
    assert "2006" not in step.note


def test_section_1245_is_dated_by_signature_and_says_why(regime: Sanction) -> None:
    # state-dept-fact-sheet-ndaa-fy2012-section-1245: "This provision takes effect 60 days
    # after the enactment of the Act." No source names that day, so the step keeps the signature.
    step = _step(regime, "2011-12-31")
    assert "60 days after the enactment of the Act" in _note_quotes(step)
    assert step.note is not None
    assert "signature" in step.note


def test_history_states_the_dating_rule_the_data_follows() -> None:
    page = (Path(__file__).parents[1] / "docs" / "history.md").read_text(encoding="utf-8")
    assert "step is dated when it took effect where a source gives that day" in page
    assert "else when it was\nissued or signed" in page


def test_the_1979_step_quotes_the_embassy_takeover(regime: Sanction) -> None:
    quotes = _note_quotes(_step(regime, "1979-11-14"))
    assert "takeover of the American embassy in Tehran on November 4, 1979" in quotes


def test_the_1981_step_quotes_the_release_and_the_continuing_emergency(regime: Sanction) -> None:
    step = _step(regime, "1981-01-19")
    quotes = _note_quotes(step)
    assert "were set free" in quotes  # worldhistoryproject-algiers-accords-1981-01-19
    assert "is ongoing" in quotes  # mehrnews-biden-renews-national-emergency-iran-2022-11-09
    assert "blocked in November 1979 and made subject to transfer directives in 1981" in quotes
    assert step.note is not None
    assert "still under way" not in step.note


def test_the_1987_announcement_day_is_marked_as_a_dateline(regime: Sanction) -> None:
    (dateline,) = [
        c for c in _step(regime, "1987-10-29").citations if c.quote == "October 26, 1987"
    ]
    assert dateline.derived_from is Derivation.DATELINE


def test_every_title_of_a_legal_act_has_a_citation(ds: ruiran.Dataset) -> None:
    for rid in (
        REGIME,
        "us-caatsa-sanctions-on-iran",
        "us-harmful-foreign-activities-sanctions-on-russia",
    ):
        record = ds[rid]
        assert isinstance(record, Sanction)
        for act in record.legal_basis:
            if act.title is not None:
                assert any("title" in c.supports for c in act.citations), (rid, act.identifier)


def test_executive_order_12211_is_a_legal_act_of_the_regime_without_a_step(
    regime: Sanction,
) -> None:
    (act,) = [a for a in regime.legal_basis if a.identifier == "Executive Order 12211"]
    assert str(act.date) == "1980-04-17"
    assert all(m.legal_basis != "Executive Order 12211" for m in regime.milestones)


def test_the_2018_step_quotes_the_decision_of_8_may(regime: Sanction) -> None:
    assert "May 8, 2018 decision" in _note_quotes(_step(regime, "2018-08-07"))


def test_the_1995_and_2013_notes_say_only_what_their_quotes_say(regime: Sanction) -> None:
    march = _step(regime, "1995-03-16")
    assert march.note is not None
    assert "finance or manage" not in march.note
    assert "EXPORTATION FROM THE UNITED STATES TO IRAN" in _note_quotes(_step(regime, "1995-05-07"))
    ifca = _note_quotes(_step(regime, "2013-07-01"))
    assert "precious and certain other metals" in ifca
    assert "insurance, or reinsurance" in ifca
    assert "signed into law on January 2, 2013" in ifca


def test_caatsa_on_russia_says_existing_sanctions_as_its_quote_does(ds: ruiran.Dataset) -> None:
    caatsa = ds["us-caatsa-sanctions-on-russia"]
    assert isinstance(caatsa, Sanction)
    (step,) = caatsa.milestones
    assert step.note is not None
    assert "executive-order" not in step.note
    assert "existing sanctions against Russia" in step.note


def test_the_summary_of_executive_order_14024_is_quoted(ds: ruiran.Dataset) -> None:
    eo = ds["us-harmful-foreign-activities-sanctions-on-russia"]
    assert isinstance(eo, Sanction)
    assert eo.summary is not None
    assert "2014" not in eo.summary
    quoted = " ".join(c.quote for c in eo.citations if "summary" in c.supports)
    for words in ("malicious cyber-enabled", "transnational corruption", "dissidents"):
        assert words in quoted


def test_the_cisada_excerpt_marks_the_text_it_skips(ds: ruiran.Dataset) -> None:
    text = ds.source_texts["academic-ru-cisada-2010"]
    assert "government of Iran. The final bill" not in text
    assert "government of Iran.\n\nThe final bill" in text


def test_the_1979_order_is_cited_where_the_store_holds_its_page(ds: ruiran.Dataset) -> None:
    assert "wikimili-executive-order-12170" not in [s.id for s in ds.sources]
    source = ds["wikiwand-executive-order-12170"]
    assert isinstance(source, Source)
    assert source.url == "https://extension.wikiwand.com/en/Executive_Order_12170"


def test_the_readme_claims_the_principal_legal_bases_only() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "(its principal legal bases, not every designation)" in readme


def test_the_data_notes_no_longer_say_e_o_12211_was_found_only_on_a_spam_mirror() -> None:
    notes = (Path(__file__).parents[1] / "docs" / "data-notes.md").read_text(encoding="utf-8")
    assert "spam mirror of the\n  President's message" not in notes
    assert "their own sources say the rest stayed" not in notes
