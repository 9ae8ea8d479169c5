"""Lifecycles per party (issue 10, item 2): a milestone may be one party's own step.

- the order rule holds per party (its own steps and the joint ones), checked against a plain
  brute-force reading of the rule;
- a party's stage is the furthest of its own and the joint steps; the agreement's stage is
  the least advanced of its parties' of the time: one that joined later by its own step is a
  party from that step, never before (checked against tests/reference.py);
- stage filters, the end of an agreement and a withdrawn party's part follow the same rule;
- the bundled treaty: Russia ratified first, so on 30 April 2025 the treaty stood at 'signed'.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import loading
import ruiran
import ruiran.io
from reference import Reference, Span
from ruiran import Dataset, QueryError, Stage
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Citation,
    Event,
    Milestone,
    PartialDate,
    State,
)
from ruiran.model.dates import to_window
from ruiran.query.entries import TimelineEntry
from ruiran.testing import datasets, partial_dates

TREATY = "treaty-comprehensive-strategic-partnership"
PARTIES = ("a", "b", "c")


def _cite() -> list[dict[str, Any]]:
    return [{"source": "s", "quote": "q"}]


def _step(stage: str, date: str | None = None, party: str | None = None) -> dict[str, Any]:
    return {"stage": stage, "date": date, "party": party, "citations": _cite()}


def _agreement(*steps: dict[str, Any], parties: tuple[str, ...] = PARTIES) -> dict[str, Any]:
    return {
        "id": "t",
        "title": "T",
        "kind": "treaty",
        "parties": list(parties),
        "citations": _cite(),
        "milestones": list(steps),
    }


# -- 1. the order rule, per party -------------------------------------------------------------


def test_a_party_may_ratify_after_another_partys_entry_into_force() -> None:
    # Each party's own steps are in order; across parties, the list may "go back".
    treaty = Agreement.model_validate(
        _agreement(
            _step("signed", "2018-08-12"),
            _step("ratified", "2019-02", party="a"),
            _step("in_force", "2019-03", party="a"),
            _step("ratified", "2019-01", party="b"),  # before a's steps: another party
            _step("in_force", "2019-04", party="b"),
        )
    )
    assert treaty.stage_on(PartialDate.parse("2019-03-15"), "a") is Stage.IN_FORCE
    assert treaty.stage_on(PartialDate.parse("2019-03-15"), "b") is Stage.RATIFIED
    assert treaty.stage_on(PartialDate.parse("2019-03-15"), "c") is Stage.SIGNED
    assert treaty.stage_on(PartialDate.parse("2019-03-15")) is Stage.SIGNED


def test_a_partys_step_may_not_go_back_behind_its_own_or_a_joint_step() -> None:
    with pytest.raises(
        ValidationError, match=r"milestones\[2\] \(ratified, party 'a'\) comes after"
    ):
        Agreement.model_validate(
            _agreement(_step("signed"), _step("in_force", party="a"), _step("ratified", party="a"))
        )
    with pytest.raises(ValidationError, match=r"comes after milestones\[1\] \(in_force\)"):
        Agreement.model_validate(
            _agreement(_step("signed"), _step("in_force"), _step("ratified", party="b"))
        )
    with pytest.raises(
        ValidationError,
        match=r"milestones\[2\] \(ratified, 2024, party 'a'\) is dated before "
        r"milestones\[0\] \(signed, 2025\)",
    ):
        Agreement.model_validate(
            _agreement(
                _step("signed", "2025"),
                _step("ratified", None, "a"),
                _step("ratified", "2024", "a"),
            )
        )


def test_a_joint_step_comes_after_every_step_before_it() -> None:
    # A joint step counts for every party, so it must follow each party's steps.
    with pytest.raises(ValidationError, match=r"milestones\[2\] \(in_force, 2019-01\) is dated"):
        Agreement.model_validate(
            _agreement(
                _step("signed", "2018"),
                _step("ratified", "2019-06", "a"),
                _step("in_force", "2019-01"),
            )
        )


def test_the_party_of_a_milestone_must_be_one_of_the_agreements_parties() -> None:
    with pytest.raises(
        ValidationError,
        match=r"milestones\[1\]: 'party' must be one of the agreement's parties "
        r"\['a', 'b', 'c'\] \(got 'd'\)",
    ):
        Agreement.model_validate(_agreement(_step("signed"), _step("ratified", party="d")))
    # In a dataset, the problem names the record and the field.
    records: list[dict[str, Any]] = [
        {"type": "source", "id": "s", "title": "S", "kind": "other"},
        *({"type": "state", "id": p, "name": p.upper(), "citations": _cite()} for p in "ab"),
        {**_agreement(_step("ratified", party="x"), parties=("a", "b")), "type": "agreement"},
    ]
    with pytest.raises(ruiran.DatasetError) as caught:
        ruiran.io.from_dicts(records)
    [problem] = caught.value.problems
    assert (problem.record, problem.field) == ("t", "milestones")
    assert "'party' must be one of the agreement's parties ['a', 'b'] (got 'x')" in problem.message


def test_a_milestone_citation_supports_only_fields_of_a_milestone() -> None:
    cite = {"source": "s", "quote": "q", "supports": ["date", "party"]}
    assert Milestone.model_validate({"stage": "ratified", "party": "a", "citations": [cite]})
    with pytest.raises(ValidationError, match="citation supports unknown field 'parti'"):
        Milestone.model_validate(
            {"stage": "ratified", "citations": [{**cite, "supports": ["parti"]}]}
        )


def _days(d: PartialDate) -> tuple[dt.date, dt.date]:
    """The first and last day of a partial date, computed here, apart from the model."""
    if d.day is not None:
        assert d.month is not None
        return dt.date(d.year, d.month, d.day), dt.date(d.year, d.month, d.day)
    if d.month is not None:
        last = calendar.monthrange(d.year, d.month)[1]
        return dt.date(d.year, d.month, 1), dt.date(d.year, d.month, last)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def _in_order(steps: list[tuple[Stage, PartialDate | None]]) -> bool:
    """Brute force, for one party's steps: each stage's phase is not below any before it
    (except ``in_force`` when the furthest before it is ``suspended``: a resumption), and no
    dated step ends before any earlier dated step begins."""
    pre_signature = (Stage.PROPOSED, Stage.ANNOUNCED_INTENT, Stage.AUTHORIZED)
    phases = [0 if stage in pre_signature else list(Stage).index(stage) for stage, _ in steps]
    for i, (stage, _) in enumerate(steps):
        if i and phases[i] < max(phases[:i]):
            resumed = stage is Stage.IN_FORCE and max(phases[:i]) == list(Stage).index(
                Stage.SUSPENDED
            )
            if not resumed:
                return False
    dated = [_days(d) for _, d in steps if d is not None]
    return all(
        not later[1] < earlier[0] for i, earlier in enumerate(dated) for later in dated[i + 1 :]
    )


def _valid(milestones: list[tuple[Stage, PartialDate | None, str | None]]) -> bool:
    """Brute force: every party's steps (its own and the joint ones, in order) are in order."""
    return all(
        _in_order([(stage, date) for stage, date, who in milestones if who in (None, party)])
        for party in PARTIES
    )


def _close_dates() -> st.SearchStrategy[PartialDate]:
    # Two years only, so that generated dates overlap, touch and go backwards often.
    return partial_dates(2024, 2025, qualified=False)


_MILESTONES = st.lists(
    st.tuples(
        st.sampled_from(Stage),
        st.none() | _close_dates(),
        st.none() | st.sampled_from(PARTIES),
    ),
    max_size=7,
)


@given(_MILESTONES)
def test_an_agreement_is_valid_iff_every_partys_steps_are_in_order(
    milestones: list[tuple[Stage, PartialDate | None, str | None]],
) -> None:
    data = _agreement(*(_step(s.value, None if d is None else str(d), p) for s, d, p in milestones))
    if _valid(milestones):
        Agreement.model_validate(data)
    else:
        with pytest.raises(ValidationError, match=r"comes after|dated before"):
            Agreement.model_validate(data)


@given(_MILESTONES)
def test_with_no_party_named_the_rule_is_the_old_one_over_the_whole_list(
    milestones: list[tuple[Stage, PartialDate | None, str | None]],
) -> None:
    joint = [(s, d, None) for s, d, _ in milestones]
    data = _agreement(*(_step(s.value, None if d is None else str(d)) for s, d, _ in joint))
    if _in_order([(s, d) for s, d, _ in joint]):
        Agreement.model_validate(data)
    else:
        with pytest.raises(ValidationError, match=r"comes after|dated before"):
            Agreement.model_validate(data)


# -- 2. stages per party and overall ----------------------------------------------------------

WINDOWS = st.none() | st.sampled_from(
    ["1950", "1990/2000", "2000", "2010-06", "2020/..", "../1970", "2049-12-31"]
)


def _window(text: str | None) -> Span | None:
    if text is None:
        return None
    w = to_window(text)
    return (w.earliest, w.latest)


def _actor_ids(records: list[AnyRecord]) -> list[str]:
    return [r.id for r in records if isinstance(r, (State, Bloc))]


@given(datasets(), st.data())
def test_stage_of_matches_brute_force(records: list[AnyRecord], data: st.DataObject) -> None:
    ds, ref = Dataset(records), Reference(records)
    for agreement in ds.agreements:
        on = data.draw(WINDOWS)
        party = data.draw(st.none() | st.sampled_from(_actor_ids(records)))
        try:
            expected = ref.stage_of(agreement, _window(on), party)
        except LookupError:
            with pytest.raises(QueryError, match="'party' must be a party of agreement"):
                ds.stage_of(agreement, on=on, party=party)
        else:
            assert ds.stage_of(agreement, on=on, party=party) == expected


@given(datasets(), st.data())
def test_the_overall_stage_is_the_least_advanced_partys(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    # Of the parties of the time: a party that joined later counts once it has a step by then.
    ds = Dataset(records)
    on = data.draw(WINDOWS)
    for agreement in ds.agreements:
        overall = ds.stage_of(agreement, on=on)
        each = [
            stage
            for p in agreement.parties
            if (stage := ds.stage_of(agreement, on=on, party=p)) is not None
            or not agreement.joined_later(p)
        ]
        expected = None if not each or None in each else min(s for s in each if s is not None)
        assert overall == expected
        if all(m.party is None for m in agreement.milestones):  # all joint: one stage for all
            assert set(each) == {overall}


@given(datasets(), st.data())
def test_stage_filters_keep_what_the_asked_actors_reached(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    # The stage of a question about some actors is theirs (the least advanced of theirs), not
    # every party's: a third party's accession does not hold a pair back (issue 22).
    ds = Dataset(records)
    on = data.draw(WINDOWS)
    stage = data.draw(st.sampled_from(Stage))

    def reached(agreement: Agreement, *actors: str) -> bool:
        stages = [ds.stage_of(agreement, on=on, party=actor) for actor in actors]
        return None not in stages and min(s for s in stages if s is not None) >= stage

    actors = _actor_ids(records)[:3]
    for actor in actors:
        everything = ds.agreements_involving(actor, on=on)
        kept = ds.agreements_involving(actor, on=on, stage=stage)
        assert list(kept) == [a for a in everything if reached(a, actor)]
    for first, second in itertools.pairwise(actors):
        everything = ds.agreements_between(first, second, on=on)
        kept = ds.agreements_between(first, second, on=on, stage=stage)
        assert list(kept) == [a for a in everything if reached(a, first, second)]


# -- 3. withdrawal and the end of an agreement ------------------------------------------------


def _dataset(*steps: dict[str, Any]) -> Dataset:
    records: list[dict[str, Any]] = [
        {"type": "source", "id": "s", "title": "S", "kind": "other"},
        *({"type": "state", "id": p, "name": p.upper(), "citations": _cite()} for p in PARTIES),
        {**_agreement(*steps), "type": "agreement"},
    ]
    return ruiran.io.from_dicts(records)


def test_a_withdrawal_ends_one_partys_part_not_the_agreement() -> None:
    ds = _dataset(
        _step("signed", "2015-07-14"),
        _step("in_force", "2016-01-16"),
        _step("terminated", "2018-05-08", party="a"),  # a withdraws
    )
    treaty = ds["t"]
    assert isinstance(treaty, Agreement)
    assert ds.stage_of(treaty, on="2020") is Stage.IN_FORCE  # b and c keep it in force
    assert ds.stage_of(treaty, on="2020", party="a") is Stage.TERMINATED
    assert ds.stage_of(treaty, on="2017", party="A") is Stage.IN_FORCE
    assert treaty.terminated_on() is None
    assert str(treaty.terminated_on("a")) == "2018-05-08"
    assert ds.agreements_between("b", "c", on="2020") == (treaty,)
    assert ds.agreements_between("a", "b", on="2020") == ()  # a is no longer a party
    assert ds.agreements_between("a", "b", on="2018") == (treaty,)
    assert ds.agreements_between("a", "b") == (treaty,)  # at some time
    labels = [e.label for e in ds.timeline("a", "b")]
    assert labels[-1] == "T: terminated (A)"
    assert [e.label for e in ds.timeline("b", "c", start="2018-05-08")] == ["T: terminated (A)"]


def test_the_agreement_ends_when_every_partys_part_has_ended() -> None:
    ds = _dataset(
        _step("signed", "2015"),
        _step("terminated", "2018", party="a"),
        _step("terminated", "2019-03", party="b"),
        _step("terminated", "2019-01", party="c"),  # another party's: may come "earlier"
    )
    treaty = ds["t"]
    assert isinstance(treaty, Agreement)
    assert str(treaty.terminated_on()) == "2019-03"
    assert ds.stage_of(treaty, on="2019-02") is Stage.SIGNED  # b has not left yet
    assert ds.stage_of(treaty, on="2019-04") is Stage.TERMINATED
    assert ds.agreements_between("b", "c", on="2019-01") == (treaty,)
    assert ds.agreements_between("b", "c", on="2019-02") == ()  # c left in January
    assert ds.agreements_involving("b", on="2019-03") == (treaty,)
    assert ds.agreements_involving("b", on="2019-04") == ()


# -- 4. the bundled treaty --------------------------------------------------------------------


def test_the_treaty_was_signed_for_both_while_russia_alone_had_ratified(
    bundled: Dataset,
) -> None:
    day = "2025-04-30"
    assert bundled.stage_of(TREATY, on=day) is Stage.SIGNED
    assert bundled.stage_of(TREATY, on=day, party="Russia") is Stage.RATIFIED
    assert bundled.stage_of(TREATY, on=day, party="IRN") is Stage.SIGNED
    assert ruiran.stage_of(TREATY, on=day, party="Russian Federation") is Stage.RATIFIED
    # Iran's parliament voted on 21 May; the Guardian Council's confirmation (11 June) ratified.
    assert bundled.stage_of(TREATY, on="2025-05-21") is Stage.SIGNED
    assert bundled.stage_of(TREATY, on="2025-06-11") is Stage.RATIFIED
    assert bundled.stage_of(TREATY) is Stage.IN_FORCE
    ratified = bundled.agreements_between("Russia", "Iran", stage="ratified", on=day)
    assert TREATY not in [a.id for a in ratified]
    with pytest.raises(
        QueryError, match=r"'party' must be a party of agreement .* \(got 'Armenia'\)"
    ):
        bundled.stage_of(TREATY, party="Armenia")


def test_a_bloc_member_gets_the_bloc_partys_stage(bundled: Dataset) -> None:
    fta = "eaeu-iran-free-trade-agreement"
    assert bundled.stage_of(fta, on="2025-06", party="Russia") is Stage.IN_FORCE
    assert bundled.stage_of(fta, on="2024", party="Armenia") is Stage.SIGNED
    assert bundled.stage_of(fta, on="2024", party="EAEU") is Stage.SIGNED


def test_the_treaty_signing_is_dated_and_its_ratifications_are_each_partys(
    bundled: Dataset,
) -> None:
    treaty = bundled[TREATY]
    assert isinstance(treaty, Agreement)
    assert str(treaty.signed_on) == "2025-01-17"  # not the authorization of 2024-09
    ratifications = [(str(m.date), m.party) for m in treaty.milestones if m.stage == "ratified"]
    assert ratifications == [("2025-04-21", "russia"), ("2025-06-11", "iran")]
    joint = [m.stage.value for m in treaty.milestones if m.party is None]
    assert joint == ["announced_intent", "signed", "in_force"]


def test_a_timeline_label_names_the_party_of_its_own_step(bundled: Dataset) -> None:
    entries = [e for e in bundled.timeline("Russia", "Iran") if e.record.id == TREATY]
    labels = {str(e.when): e.label.split(": ")[1] for e in entries}
    assert labels["2025-04-21"] == "ratified (Russia)"
    assert labels["2025-06-11"] == "ratified (Iran)"
    assert labels["2025-01-17"] == "signed"
    treaty = bundled[TREATY]
    assert isinstance(treaty, Agreement)
    bare = TimelineEntry(PartialDate.parse("2025-04-21"), treaty, 4)  # no name given: the id
    assert bare.label.endswith(": ratified (russia)")


def test_the_party_survives_a_json_round_trip() -> None:
    milestone = Milestone(
        stage=Stage.RATIFIED, party="russia", citations=(Citation(source="s", quote="q"),)
    )
    assert Milestone.model_validate_json(milestone.model_dump_json()) == milestone
    assert milestone.model_dump(mode="json")["party"] == "russia"


@given(datasets(), st.data())
def test_a_party_takes_part_until_its_own_end_as_brute_force_says(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    # Windows at the agreements' own milestone dates and just after: where parts end.
    ds, ref = Dataset(records), Reference(records)
    for agreement in ds.agreements:
        days = [m.date for m in agreement.milestones if m.date is not None]
        if not days:
            continue
        day = data.draw(st.sampled_from(days))
        after = PartialDate.from_date(day.latest + dt.timedelta(days=1))
        for on in (str(day), str(after)):
            window = _window(on)
            for actor in _actor_ids(records):
                inv = ds.involvement(agreement, actor, on=on)
                assert (inv is not None) == ref.takes_part(agreement, actor, window), (actor, on)
                found = agreement in ds.agreements_involving(actor, on=on)
                assert found == ref.takes_part(agreement, actor, window), (actor, on)


# --- Lifecycles that follow later steps (issue 22, item 3) -------------------------------


def test_the_stage_vocabulary_orders_exits_and_completion_after_suspension() -> None:
    assert [s.value for s in Stage][5:] == [
        "in_force",
        "suspended",
        "withdrawn",
        "completed",
        "terminated",
    ]
    assert Stage.IN_FORCE < Stage.SUSPENDED < Stage.WITHDRAWN < Stage.COMPLETED < Stage.TERMINATED


def test_the_s300_contract_was_completed_not_suspended() -> None:
    # Suspended 2010-09-22, resumed by the decree of 2015-04-13, deliveries completed 2016-10.
    contract = "s-300-contract-2007"
    assert ruiran.stage_of(contract, on="2012-01-01") is Stage.SUSPENDED
    assert ruiran.stage_of(contract, on="2015-06-01") is Stage.IN_FORCE
    assert ruiran.stage_of(contract, on="2020-01-01") is Stage.COMPLETED
    assert ruiran.stage_of(contract, on="2020-01-01", party="Iran") is Stage.COMPLETED


def test_the_s300_milestones_cite_what_the_events_cite() -> None:
    ds = ruiran.load()
    steps = {m.stage: m for m in _bundled_agreement(ds, "s-300-contract-2007").milestones}
    for stage, event in (
        (Stage.IN_FORCE, "s-300-ban-lifted-2015"),
        (Stage.COMPLETED, "s-300-delivery-completed-2016"),
    ):
        step_quotes = {(c.source, c.quote) for c in steps[stage].citations}
        event_quotes = {(c.source, c.quote) for c in _bundled_event(ds, event).citations}
        assert step_quotes & event_quotes, stage
        assert str(steps[stage].date) == str(_bundled_event(ds, event).date)


def test_the_jcpoa_was_announced_in_vienna_not_signed() -> None:
    # The State Department: the JCPOA "is not a signed document"; USIP: the parties "announce" it.
    jcpoa = _bundled_agreement(ruiran.load(), "jcpoa")
    assert jcpoa.signed_on is None
    first = jcpoa.milestones[0]
    assert (first.stage, str(first.date)) == (Stage.ANNOUNCED_INTENT, "2015-07-14")
    assert ruiran.stage_of("jcpoa", on="2015-07-14") is Stage.ANNOUNCED_INTENT
    assert ruiran.stage_of("jcpoa", on="2015-10-18") is Stage.IN_FORCE


def test_one_partys_withdrawal_leaves_the_jcpoa_in_force() -> None:
    on = "2019-01-01"
    assert ruiran.stage_of("jcpoa", on=on) is Stage.IN_FORCE
    assert ruiran.stage_of("jcpoa", on=on, party="United States") is Stage.WITHDRAWN
    assert ruiran.stage_of("jcpoa", on=on, party="Russia") is Stage.IN_FORCE
    assert ruiran.stage_of("jcpoa", on="2018-05-07", party="United States") is Stage.IN_FORCE
    jcpoa = _bundled_agreement(ruiran.load(), "jcpoa")
    assert jcpoa.terminated_on() is None
    assert str(jcpoa.terminated_on("united-states")) == "2018-05-08"


def test_a_withdrawn_party_takes_part_until_its_exit() -> None:
    ds = ruiran.load()
    assert ds["jcpoa"] in ds.agreements_involving("United States", on="2017")
    assert ds["jcpoa"] not in ds.agreements_involving("United States", on="2019")
    assert ds["jcpoa"] in ds.agreements_involving("Russia", on="2019")


def test_a_resumption_lifts_a_suspension_and_may_be_suspended_again() -> None:
    treaty = _agreement(
        _step("signed", "2007"),
        _step("suspended", "2010"),
        _step("in_force", "2015"),
        _step("suspended", "2017"),
    )
    agreement = Agreement.model_validate(treaty)
    assert agreement.stage_on(PartialDate.parse("2016")) is Stage.IN_FORCE
    assert agreement.stage_on(PartialDate.parse("2018")) is Stage.SUSPENDED
    with pytest.raises(ValidationError, match="comes after"):  # only a suspension is lifted
        Agreement.model_validate(_agreement(_step("completed", "2015"), _step("in_force", "2016")))


def test_the_instc_was_signed_by_its_founders_on_2000_09_12() -> None:
    # Azerbaijan and Armenia acceded later without signing: they are no signatories.
    instc = _bundled_agreement(ruiran.load(), "instc-agreement-2000")
    assert str(instc.signed_on) == "2000-09-12"
    unsigned = _agreement(_step("signed", "2000", party="a"))  # b and c have not signed
    assert Agreement.model_validate(unsigned).signed_on is None


def test_the_cli_shows_the_instcs_signing_date() -> None:
    from click.testing import CliRunner

    from ruiran.cli import cli

    result = CliRunner().invoke(cli, ["agreements", "--between", "Russia", "Iran"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "instc-agreement-2000" in line)
    assert row.split()[0] == "2000-09-12"
    jcpoa = next(line for line in result.output.splitlines() if " jcpoa " in line)
    assert "in_force" in jcpoa.split()


def _figure(name: str) -> Any:
    return loading.example(name)


def test_the_network_figure_shows_per_party_steps_as_such() -> None:
    pytest.importorskip("matplotlib")
    network = _figure("network_figure")
    ds = ruiran.load()

    def caption(agreement_id: str) -> str:
        x = _bundled_agreement(ds, agreement_id)
        return str(network.Box(x, network.status(ds, x, ("russia", "iran"))).caption)

    assert caption("jcpoa").endswith("in force 2015-10-18; United States withdrawn 2018-05-08")
    # Every INSTC step is a party's own: Russia's and Iran's entry into force, not
    # Azerbaijan's accession.
    assert caption("instc-agreement-2000").endswith("treaty, in force 2002-05")
    assert caption("s-300-contract-2007").endswith("contract, completed 2016-10")


def test_the_timeline_names_a_withdrawal_apart_from_the_agreements_years() -> None:
    pytest.importorskip("matplotlib")
    timeline = _figure("timeline_figure")
    entries = tuple(e for e in ruiran.timeline("Russia", "Iran") if e.record.id == "jcpoa")
    item = timeline.Item(entries, 0.0, 1.0, (0.0, 1.0))
    assert item.captions()[0].endswith("(2015; United States withdrawn 2018)")


def _bundled_agreement(ds: ruiran.Dataset, record_id: str) -> Agreement:
    record = ds[record_id]
    assert isinstance(record, Agreement), record_id
    return record


def _bundled_event(ds: ruiran.Dataset, record_id: str) -> Event:
    record = ds[record_id]
    assert isinstance(record, Event), record_id
    return record
