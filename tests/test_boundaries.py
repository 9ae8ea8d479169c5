"""Property tests at the boundaries, where off-by-one bugs live.

- partial dates at month ends, in leap and common years, against the standard library's
  calendar;
- spans against the plain set of days they cover;
- queries over windows drawn from the records' own endpoints (a window that starts on the
  day a record ends, or ends on the day it starts), on datasets whose dates tie often,
  against the brute-force reference (tests/reference.py);
- bloc memberships that start or end inside the window, in both directions: found when they
  overlap it, absent when they do not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference import Reference, Span, meet
from ruiran import Dataset
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Citation,
    Event,
    Membership,
    Milestone,
    PartialDate,
    Participant,
    Period,
    Person,
    Role,
    Sanction,
    Source,
    Stage,
    State,
)
from ruiran.query.timespan import intersect, overlaps, span_of
from ties import actor_ids, bloc_datasets, tied_datasets, window_text, windows

# -- partial dates at month ends ----------------------------------------------------------

#: Years whose February is worth a look: leap (divisible by 4, by 400), common (by 100 but not
#: 400, and ordinary years), and the first and last years a date may have.
FEBRUARY_YEARS = st.sampled_from([1, 4, 100, 400, 1900, 1996, 1999, 2000, 2023, 2024, 2100, 9999])
YEARS = FEBRUARY_YEARS | st.integers(1, 9999)
MONTHS = st.just(2) | st.integers(1, 12)


@given(YEARS, MONTHS)
def test_a_month_covers_exactly_the_days_the_calendar_gives_it(year: int, month: int) -> None:
    last = calendar.monthrange(year, month)[1]
    month_date = PartialDate(year, month)
    assert month_date.earliest == dt.date(year, month, 1)
    assert month_date.latest == dt.date(year, month, last)
    assert PartialDate.parse(f"{year:04d}-{month:02d}") == month_date
    assert str(month_date) == f"{year:04d}-{month:02d}"
    # The month's last day exists, the day after it does not.
    assert PartialDate(year, month, last).latest == dt.date(year, month, last)
    assert PartialDate.parse(f"{year:04d}-{month:02d}-{last:02d}").earliest == month_date.latest
    refused = f"day must be between 1 and {last} for {year:04d}-{month:02d}"
    with pytest.raises(ValueError, match=refused):
        PartialDate(year, month, last + 1)
    with pytest.raises(ValueError, match=refused):
        PartialDate.parse(f"{year:04d}-{month:02d}-{last + 1:02d}")


@given(YEARS)
def test_a_year_covers_its_calendar_days(year: int) -> None:
    days = 366 if calendar.isleap(year) else 365
    year_date = PartialDate(year)
    assert (year_date.earliest, year_date.latest) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert (year_date.latest - year_date.earliest).days + 1 == days
    # Its months tile it: each starts the day after the last one ended.
    months = [PartialDate(year, m) for m in range(1, 13)]
    assert months[0].earliest == year_date.earliest
    assert months[-1].latest == year_date.latest
    for before, after in itertools.pairwise(months):
        assert after.earliest - before.latest == dt.timedelta(days=1)


# -- spans against the days they cover ----------------------------------------------------

BASE = dt.date(2000, 2, 27)


@st.composite
def _spans(draw: st.DrawFn) -> Span:
    """Short spans near each other, so that they often touch, meet or share one day."""
    lo = draw(st.integers(0, 6))
    hi = draw(st.integers(lo, 7))
    return (BASE + dt.timedelta(days=lo), BASE + dt.timedelta(days=hi))


def _days(span: Span) -> set[dt.date]:
    lo, hi = span
    return {lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)}


@given(_spans(), _spans())
def test_spans_overlap_and_intersect_as_their_sets_of_days(a: Span, b: Span) -> None:
    shared = _days(a) & _days(b)
    assert overlaps(a, b) is bool(shared)
    assert overlaps(b, a) is bool(shared)
    expected = (min(shared), max(shared)) if shared else None
    assert intersect(a, b) == expected
    assert intersect(b, a) == expected


@given(st.sampled_from([BASE + dt.timedelta(days=i) for i in range(4)]))
def test_spans_at_the_ends_of_time(day: dt.date) -> None:
    everything = (dt.date.min, dt.date.max)
    assert intersect(everything, (day, day)) == (day, day)
    assert intersect((dt.date.min, day), (day, dt.date.max)) == (day, day)
    assert intersect((dt.date.min, day), (day + dt.timedelta(days=1), dt.date.max)) is None
    assert span_of(Period.parse(f"../{day.isoformat()}")) == (dt.date.min, day)


# -- queries over windows drawn from the records' endpoints -------------------------------


@given(tied_datasets(), st.data())
def test_queries_at_the_records_own_endpoints_match_brute_force(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    _queries_match_brute_force(records, data)


@given(bloc_datasets(), st.data())
def test_queries_while_members_join_and_leave_match_brute_force(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    # the two actors of one record, members of its blocs included
    ref = Reference(records)
    record = data.draw(st.sampled_from([r for r in records if isinstance(r, Event | Sanction)]))
    sides = sorted({actor for actor, _, _ in Reference.parts(record, ref.blocs, ref.offices)})
    pair = data.draw(st.lists(st.sampled_from(sides), min_size=2, max_size=2, unique=True))
    _queries_match_brute_force(records, data, (pair[0], pair[1]))


def _queries_match_brute_force(
    records: list[AnyRecord], data: st.DataObject, pair: tuple[str, str] | None = None
) -> None:
    """Every query of one actor or a pair (``pair``, or two actors drawn) over a window drawn
    from the records' endpoints, timelines included, gives what the brute-force reference
    gives."""
    ds, ref = Dataset(records), Reference(records)
    ids = actor_ids(records)
    a, b = pair or data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    window = data.draw(windows(records))
    on = window_text(window)
    start, end = window
    assert ds.events_involving(a, start=start, end=end) == ref.events((a,), window, None)
    assert ds.events_between(a, b, start=start, end=end) == ref.events((a, b), window, None)
    assert ds.agreements_involving(a, on=on) == ref.agreements((a,), window, None, None)
    assert ds.agreements_between(a, b, on=on) == ref.agreements((a, b), window, None, None)
    assert ds.sanctions_on(a, on=on) == ref.sanctions(a, None, window)
    assert ds.sanctions_on(a, by=b, on=on) == ref.sanctions(a, b, window)
    assert ds.sanctions_by(b, on=on) == ref.sanctions(None, b, window)
    for who in ((a,), (a, b)):
        got = Counter(
            (e.when.earliest, e.when.latest, e.record.id, e.milestone_index)
            for e in ds.timeline(*who, start=start, end=end)
        )
        assert got == Counter(ref.timeline(who, window))  # the order has a law of its own


@given(tied_datasets(), st.data())
def test_a_window_that_touches_a_part_finds_it_and_one_a_day_off_does_not(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    _sharp_windows(records, data)


@given(bloc_datasets(), st.data())
def test_a_window_that_touches_a_members_part_finds_it_and_one_a_day_off_does_not(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    _sharp_windows(records, data, every_pair=True)


def _sharp_windows(
    records: list[AnyRecord], data: st.DataObject, *, every_pair: bool = False
) -> None:
    """The sharpest windows: the first and the last day an actor takes part in a record (its
    own part, or its membership of a bloc that takes part), and the days just outside; the
    record is found by the queries and timelines of the actor (and of the actor with another
    of the record's) exactly when the reference finds it. ``every_pair``: every part of every
    record, with each other actor of the record, rather than one part and one other actor."""
    ds, ref = Dataset(records), Reference(records)
    relations: list[Event | Agreement | Sanction] = [*ds.events, *ds.agreements, *ds.sanctions]
    parts = [
        (record, actor, days)
        for record in relations
        for actor, _, days in Reference.parts(record, ref.blocs, ref.offices)
        if days is not None
    ]
    if not parts:
        return
    # one part drawn; or, with every_pair, every part of every record
    chosen = parts if every_pair else [data.draw(st.sampled_from(parts))]
    for record, actor, (first, last) in chosen:
        # the timeline of the actor, and of the actor with another of the record's
        others = sorted(
            {a for a, _, _ in Reference.parts(record, ref.blocs, ref.offices)} - {actor}
        )
        if every_pair:
            pairs = [(actor,), *((actor, other) for other in others)]
        else:
            pairs = [(actor,)] + ([(actor, data.draw(st.sampled_from(others)))] if others else [])
        one = dt.timedelta(days=1)
        touching = [(first, first), (last, last), (last, dt.date.max), (dt.date.min, first)]
        outside = []
        if first > dt.date.min:
            outside.append((dt.date.min, first - one))
        if last < dt.date.max:
            outside.append((last + one, dt.date.max))
        for lo, hi in [*touching, *outside]:
            for who in pairs:
                got = {entry.record.id for entry in ds.timeline(*who, start=lo, end=hi)}
                assert got == {found for _, _, found, _ in ref.timeline(who, (lo, hi))}
            if isinstance(record, Sanction):
                continue  # found by the timelines above; sanctions_on has laws of its own
            if isinstance(record, Event):
                found = record in ds.events_involving(actor, start=lo, end=hi)
            else:
                found = record in ds.agreements_involving(actor, on=window_text((lo, hi)))
            assert found is ref.takes_part(record, actor, (lo, hi))
            if (lo, hi) in touching:
                assert found


@given(tied_datasets(), st.data())
def test_bloc_memberships_are_found_when_they_overlap_the_window_and_only_then(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds = Dataset(records)
    window = data.draw(windows(records))
    on = window_text(window)
    for bloc in (r for r in records if isinstance(r, Bloc)):
        during = {
            m.member
            for m in bloc.members
            if m.period is None or (m.period.earliest <= window[1] and window[0] <= m.period.latest)
        }
        assert {m.id for m in ds.members(bloc.id, on=on)} == during
        for member in {m.member for m in bloc.members}:
            assert (bloc in ds.blocs_of(member, on=on)) is (member in during)


@given(tied_datasets(), st.data())
def test_an_involvement_names_the_role_and_prefers_a_direct_part(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds, ref = Dataset(records), Reference(records)
    relations: list[Event | Agreement | Sanction] = [*ds.events, *ds.agreements, *ds.sanctions]
    window = data.draw(st.none() | windows(records))
    for record in relations:
        direct = dict(Reference.sides(record))
        for actor in {who for who, _, _ in Reference.parts(record, ref.blocs, ref.offices)}:
            inv = ds.involvement(record, actor, on=None if window is None else window_text(window))
            assert (inv is not None) is ref.takes_part(record, actor, window)
            if inv is None:
                continue
            own = Reference.own_days(record, actor) if actor in direct else None
            if actor in direct and (window is None or (own and meet(own, window))):
                assert (inv.via, inv.role) == (None, direct[actor])
            elif actor in direct:  # its own part misses the window; a bloc's or person's does not
                assert inv.via is not None
            elif isinstance(ds[inv.via or ""], Person):  # a state, through its office holder
                assert inv.role == direct[inv.via or ""]
                assert actor in {state for state, _, _ in ref.offices[inv.via or ""]}
            else:
                bloc = ds[inv.via or ""]
                assert isinstance(bloc, Bloc)
                assert inv.role == direct[bloc.id]
                assert actor in {m.member for m in bloc.members}


def test_a_record_dated_on_the_last_day_there_is_comes_before_the_undated() -> None:
    cite = (Citation(source="s", quote="q"),)
    last = PartialDate.parse("9999-12-31")
    records: list[AnyRecord] = [
        Source(id="s", title="S", kind="other"),  # type: ignore[arg-type]
        State(id="x", name="X", citations=cite),
        State(id="y", name="Y", citations=cite),
    ]
    for rid, date in (("a", None), ("b", last)):
        records.append(
            Agreement(
                id=f"agr-{rid}",
                title="A",
                kind="treaty",  # type: ignore[arg-type]
                parties=("x", "y"),
                milestones=(Milestone(stage=Stage.SIGNED, date=date, citations=cite),),
                citations=cite,
            )
        )
        records.append(
            Event(
                id=f"event-{rid}",
                kind="visit",  # type: ignore[arg-type]
                title="E",
                date=date,
                participants=(Participant(actor="x", role=Role.PARTICIPANT),),
                citations=cite,
            )
        )
        records.append(
            Sanction(
                id=f"sanction-{rid}",
                title="S",
                senders=("y",),
                target="x",
                status="imposed",  # type: ignore[arg-type]
                period=None if date is None else Period(date, date),
                citations=cite,
            )
        )
    ds = Dataset(records)
    assert [r.id for r in ds.agreements_involving("x")] == ["agr-b", "agr-a"]
    assert [r.id for r in ds.events_involving("x")] == ["event-b", "event-a"]
    assert [r.id for r in ds.sanctions_on("x")] == ["sanction-b", "sanction-a"]


def _states_bloc_and_sanctions() -> list[AnyRecord]:
    """States a, m, z; bloc b of a (always) and m (1990-1995); sanctions in 2000: a on z, z
    on a, b on z and z on b."""
    cite = (Citation(source="s", quote="q"),)
    records: list[AnyRecord] = [
        Source(id="s", title="S", kind="other"),  # type: ignore[arg-type]
        *(State(id=i, name=i.upper(), citations=cite) for i in ("a", "m", "z")),
        Bloc(
            id="b",
            name="B",
            formal=False,
            members=(
                Membership(member="a"),
                Membership(member="m", period=Period.parse("1990/1995")),
            ),
            citations=cite,
        ),
    ]
    for sender, target in (("a", "z"), ("z", "a"), ("b", "z"), ("z", "b")):
        records.append(
            Sanction(
                id=f"{sender}-on-{target}",
                title="S",
                senders=(sender,),
                target=target,
                status="imposed",  # type: ignore[arg-type]
                period=Period.parse("2000/2001"),
                citations=cite,
            )
        )
    return records


def test_a_sanction_is_found_by_its_pair_whichever_id_comes_first() -> None:
    """The sender-target pair index is keyed by the sorted pair: sender first or target first."""
    ds = Dataset(_states_bloc_and_sanctions())
    assert [s.id for s in ds.sanctions_on("z", by="a")] == ["a-on-z", "b-on-z"]
    assert [s.id for s in ds.sanctions_on("a", by="z")] == ["z-on-a", "z-on-b"]
    assert [s.id for s in ds.sanctions_on("z", by="a", on="2000")] == ["a-on-z", "b-on-z"]
    both_ways = {"a-on-z", "z-on-a", "b-on-z", "z-on-b"}
    assert {e.record.id for e in ds.timeline("a", "z")} == both_ways
    assert {e.record.id for e in ds.timeline("z", "a")} == both_ways


def test_a_sanction_sent_by_a_bloc_is_not_filed_under_a_member_that_had_left() -> None:
    """m left the bloc in 1995: the bloc's sanctions of 2000, sent or received, are not in m's
    story, at any window."""
    ds = Dataset(_states_bloc_and_sanctions())
    assert [e.record.id for e in ds.timeline("m")] == []
    assert [e.record.id for e in ds.timeline("m", start="2000", end="2001")] == []
    assert [s.id for s in ds.sanctions_by("m")] == []
    assert [s.id for s in ds.sanctions_on("m")] == []
    assert [e.record.id for e in ds.timeline("a")] == ["a-on-z", "b-on-z", "z-on-a", "z-on-b"]
