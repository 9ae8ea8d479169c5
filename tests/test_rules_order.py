"""Rules stated once, tested once (issue 22, item 9): each rule fails a test when the code
changes it.

- A regime's spells in force: the runs in force of its senders (and a sender's own runs) that
  overlap or touch (one ends the day before the other starts) are one spell; runs with a day
  between them are two (:meth:`ruiran.model.Sanction.in_force_spans`).
- The result order (:func:`ruiran.dataset.index.sort_key`): by the days a record is placed at,
  first day first, then the one that ends first, then by id; undated records last, by id. An
  agreement is placed at its first dated milestone, not over its whole life.

Each test here was checked against a hand-made mutation of the rule (touching runs left apart;
the agreement's whole life or no last day in the key; the id tie-break dropped; undated
records first) and fails on it.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from reference import MAX, Relation, status_on
from ruiran import Dataset
from ruiran.dataset.index import sort_key
from ruiran.model import (
    Agreement,
    AgreementKind,
    AnyRecord,
    Citation,
    Event,
    EventKind,
    Milestone,
    PartialDate,
    Participant,
    Role,
    Sanction,
    SanctionAction,
    SanctionMilestone,
    SanctionStatus,
    Source,
    SourceKind,
    Stage,
    State,
)
from test_laws import comes_before

Span = tuple[dt.date, dt.date]
CITE = (Citation(source="src", quote="q"),)
DAY = dt.timedelta(days=1)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# -- 1. a regime's spells: touching or overlapping runs are one ----------------------------


def _step(action: str, date: str, *senders: str) -> SanctionMilestone:
    return SanctionMilestone(
        action=SanctionAction(action),
        date=PartialDate.parse(date),
        senders=senders,
        citations=CITE,
    )


def _regime(*steps: SanctionMilestone, senders: tuple[str, ...] = ("us", "eu")) -> Sanction:
    return Sanction(
        id="regime",
        title="A regime",
        senders=senders,
        target="iran",
        status=SanctionStatus.IMPOSED,
        milestones=steps,
        citations=CITE,
    )


def test_runs_of_two_senders_that_touch_are_one_spell() -> None:
    # The US's run ends on 2011-12-31, the EU's begins on 2012-01-01: no day between them.
    regime = _regime(
        _step("imposed", "2010-01-01", "us"),
        _step("lifted", "2012-01-01", "us"),
        _step("imposed", "2012-01-01", "eu"),
    )
    assert regime.in_force_spans("us") == [(_d("2010-01-01"), _d("2011-12-31"))]
    assert regime.in_force_spans("eu") == [(_d("2012-01-01"), MAX)]
    assert regime.in_force_spans() == [(_d("2010-01-01"), MAX)]


def test_runs_of_two_senders_that_overlap_are_one_spell() -> None:
    regime = _regime(
        _step("imposed", "2010-01-01", "us"),
        _step("imposed", "2011-06-01", "eu"),
        _step("lifted", "2012-01-01", "us"),
        _step("lifted", "2013-01-01", "eu"),
    )
    assert regime.in_force_spans() == [(_d("2010-01-01"), _d("2012-12-31"))]


def test_runs_of_two_senders_a_day_apart_are_two_spells() -> None:
    # The US's run ends on 2011-12-31, the EU's begins on 2012-01-02: 2012-01-01 is between.
    regime = _regime(
        _step("imposed", "2010-01-01", "us"),
        _step("lifted", "2012-01-01", "us"),
        _step("imposed", "2012-01-02", "eu"),
    )
    assert regime.in_force_spans() == [
        (_d("2010-01-01"), _d("2011-12-31")),
        (_d("2012-01-02"), MAX),
    ]
    assert regime.in_force_on(_d("2012-01-01")) is False


def test_a_sender_lifting_and_reimposing_on_one_day_has_one_spell() -> None:
    regime = _regime(
        _step("imposed", "2010-01-01"),
        _step("lifted", "2015-03-01"),
        _step("reimposed", "2015-03-01"),
        senders=("unsc",),
    )
    assert regime.in_force_spans("unsc") == [(_d("2010-01-01"), MAX)]
    assert regime.in_force_spans() == [(_d("2010-01-01"), MAX)]


def _run_steps(sender: str, first: dt.date, last: dt.date | None) -> list[SanctionMilestone]:
    """The steps of one run in force of ``sender``: imposed on ``first``, lifted the day after
    ``last`` (None: never lifted)."""
    steps = [_step("imposed", first.isoformat(), sender)]
    if last is not None:
        steps.append(_step("lifted", (last + DAY).isoformat(), sender))
    return steps


BASE = dt.date(2000, 1, 1)
_lengths = st.integers(0, 20) | st.none()


@given(st.integers(0, 20), _lengths, st.integers(-25, 3), _lengths)
def test_two_runs_are_one_spell_exactly_when_they_overlap_or_touch(
    a_start: int, a_length: int | None, gap: int, b_length: int | None
) -> None:
    # The EU's run starts ``gap`` days after the US's ends (1: the next day, touching), or
    # near the US's start when that never ends.
    a_last = 40 if a_length is None else a_start + a_length
    b_start = max(0, a_last + gap)
    a = (BASE + a_start * DAY, None if a_length is None else BASE + (a_start + a_length) * DAY)
    b = (BASE + b_start * DAY, None if b_length is None else BASE + (b_start + b_length) * DAY)
    steps = sorted(
        [*_run_steps("us", *a), *_run_steps("eu", *b)],
        key=lambda step: step.date.earliest if step.date is not None else MAX,
    )
    spells = _regime(*steps).in_force_spans()
    assert spells is not None
    a_end, b_end = a[1] or MAX, b[1] or MAX
    # Touching: not a day between them, whichever comes first.
    touch = a[0] <= b_end + DAY if b_end < MAX else True
    touch = touch and (b[0] <= a_end + DAY if a_end < MAX else True)
    if touch:
        assert spells == [(min(a[0], b[0]), max(a_end, b_end))]
    else:
        assert spells == sorted([(a[0], a_end), (b[0], b_end)])


def _spells_day_by_day(regime: Sanction) -> list[Span]:
    """The spells written plainly: the days on which some sender's regime is in force
    (``reference.status_on``: the last step taken decides), cut into runs of consecutive days.
    Status changes only where a step takes effect, so each change day stands for the days up
    to the next."""
    changes = sorted({m.date.earliest for m in regime.milestones if m.date is not None})
    spells: list[Span] = []
    for i, day in enumerate(changes):
        if not any(status_on(regime, sender, day) for sender in regime.senders):
            continue
        end = changes[i + 1] - DAY if i + 1 < len(changes) else MAX
        if spells and spells[-1][1] + DAY == day:
            spells[-1] = (spells[-1][0], end)
        else:
            spells.append((day, end))
    return spells


_days = st.sampled_from(["2000-01-01", "2000-01-02", "2000-01-03", "2000-02", "2000-03-01"])


@given(
    st.lists(
        st.tuples(st.sampled_from(SanctionAction), _days, st.sampled_from(["us", "eu", ""])),
        min_size=1,
        max_size=8,
    )
)
def test_spells_are_the_runs_of_days_some_sender_is_in_force(
    drawn: list[tuple[SanctionAction, str, str]],
) -> None:
    ordered = sorted(drawn, key=lambda step: PartialDate.parse(step[1]).earliest)
    steps = [_step(action, date, *([who] if who else [])) for action, date, who in ordered]
    regime = _regime(*steps)
    spells = regime.in_force_spans()
    assert spells == _spells_day_by_day(regime)
    for (_, end), (start, _) in itertools.pairwise(spells or []):
        assert end + DAY < start, "two spells with no day between them"


# -- 2. the result order: one rule, with its tie-breaks ------------------------------------

SOURCE = Source(id="src", title="S", kind=SourceKind.OTHER)
STATES = [State(id=x, name=x.title(), citations=CITE) for x in ("russia", "iran")]


def _date(text: str | None) -> PartialDate | None:
    return None if text is None else PartialDate.parse(text)


def _agreement(id_: str, *steps: tuple[str, str | None]) -> Agreement:
    return Agreement(
        id=id_,
        title=id_,
        kind=AgreementKind.TREATY,
        parties=("russia", "iran"),
        milestones=tuple(
            Milestone(stage=Stage(s), date=_date(d), citations=CITE) for s, d in steps
        ),
        citations=CITE,
    )


def _event(id_: str, date: str | None) -> Event:
    return Event(
        id=id_,
        kind=EventKind.VISIT,
        title=id_,
        date=_date(date),
        participants=tuple(Participant(actor=a, role=Role.PARTICIPANT) for a in ("russia", "iran")),
        citations=CITE,
    )


def _dataset(*records: AnyRecord) -> Dataset:
    # In reverse of the expected order, so that keeping the input order is wrong too.
    return Dataset([SOURCE, *STATES, *reversed(records)])


def test_agreements_signed_on_one_day_are_ordered_by_id() -> None:
    ds = _dataset(
        _agreement("a-treaty", ("signed", "2001-03-12")),
        _agreement("b-treaty", ("signed", "2001-03-12")),
        _agreement("c-treaty", ("signed", "2001-03-12")),
    )
    assert [a.id for a in ds.agreements_between("russia", "iran")] == [
        "a-treaty",
        "b-treaty",
        "c-treaty",
    ]


def test_an_agreement_is_placed_at_its_first_milestone_not_over_its_life() -> None:
    # Both start on 2024-01-01: "z-day" ends that day, "a-month" at the end of January, so
    # z-day comes first, although a-month's life (terminated in March) ends before z-day's
    # (still in force) and its id sorts first.
    ds = _dataset(
        _agreement("z-day", ("signed", "2024-01-01")),
        _agreement("a-month", ("signed", "2024-01"), ("terminated", "2024-03-01")),
        _agreement("m-later", ("signed", "2024-01-17")),
        _agreement("b-undated", ("signed", None)),
        _agreement("a-undated", ("proposed", None)),
    )
    assert [a.id for a in ds.agreements_between("russia", "iran")] == [
        "z-day",
        "a-month",
        "m-later",
        "a-undated",
        "b-undated",
    ]


def test_events_on_one_day_by_id_and_a_day_before_its_month() -> None:
    ds = _dataset(
        _event("visit-b", "2024-01-01"),
        _event("visit-c", "2024-01-01"),
        _event("visit-a", "2024-01"),
        _event("visit-d", "2024-01-17"),
        _event("visit-0", "2024-02"),
        _event("visit-e", None),
        _event("visit-f", None),
    )
    # visit-a (January) starts on 2024-01-01 like visit-b and -c but ends after them.
    assert [e.id for e in ds.events_between("russia", "iran")] == [
        "visit-b",
        "visit-c",
        "visit-a",
        "visit-d",
        "visit-0",
        "visit-e",
        "visit-f",
    ]


def test_the_sort_key_is_the_written_rule_on_one_example_of_each_kind() -> None:
    records: list[Relation] = [
        _event("e", "2024-01-01"),
        _agreement("a", ("signed", "2024-01"), ("terminated", "2024-02-01")),
        _regime(_step("imposed", "2024-01-01"), _step("lifted", "2024-06-01"), senders=("us",)),
    ]
    keys = {r.id: sort_key(r) for r in records}
    assert keys == {
        "e": (0, _d("2024-01-01"), _d("2024-01-01"), "e"),
        "a": (0, _d("2024-01-01"), _d("2024-01-31"), "a"),
        "regime": (0, _d("2024-01-01"), _d("2024-06-01"), "regime"),
    }


# Dates that start on the same day (2024-01-01: the year, the month, the day), touch and nest.
_POOL = ["2024", "2024-01", "2024-01-01", "2024-01-02", "2024-02", "2025-01-01", None]
_ends = st.sampled_from([None, "2025-06", "2026", "2030-01-01"])


@st.composite
def _same_day_datasets(draw: st.DrawFn) -> list[AnyRecord]:
    """Agreements and events of Russia and Iran whose first dates tie often (many start on
    2024-01-01 at different precisions), some agreements terminated later, ids in any order."""
    records: list[AnyRecord] = []
    ids = draw(st.permutations([f"r-{i}" for i in range(8)]))
    for id_ in ids[: draw(st.integers(0, 5))]:
        first = draw(st.sampled_from(_POOL))
        steps: list[tuple[str, str | None]] = [("signed", first)]
        end = draw(_ends)
        if first is not None and end is not None:
            steps.append(("terminated", end))
        records.append(_agreement(id_, *steps))
    for id_ in ids[len(records) :]:
        if draw(st.booleans()):
            records.append(_event(id_, draw(st.sampled_from(_POOL))))
    return draw(st.permutations(records))


@given(_same_day_datasets())
def test_any_answer_follows_the_written_order(records: list[AnyRecord]) -> None:
    ds = Dataset([SOURCE, *STATES, *records])
    for found in (
        ds.agreements_between("russia", "iran"),
        ds.agreements_involving("iran"),
        ds.events_between("russia", "iran"),
        ds.events_involving("russia", start="2024-01-01", end="2024-12-31"),
    ):
        for x, y in itertools.pairwise(found):
            assert isinstance(x, Relation)
            assert isinstance(y, Relation)
            assert comes_before(x, y), f"{x.id} is listed before {y.id}"
