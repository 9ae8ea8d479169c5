"""The query engine agrees with a plain brute-force reading of the records.

`Reference` below re-implements every query by scanning all records, written as simply as
possible and independently of the indexes; hypothesis checks that the indexed Dataset gives
exactly the same answers on generated datasets, and that the laws the API promises hold.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference import MAX, MIN, Reference, Span
from ruiran import Dataset, QueryError
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Event,
    EventKind,
    PartialDate,
    Period,
    Person,
    Sanction,
    Stage,
    State,
)
from ruiran.model.dates import to_window
from ruiran.testing import datasets

WINDOWS = st.none() | st.sampled_from(
    ["1750", "1900/1950", "1990", "2000/2010", "2015-06", "2020/..", "../1960", "2030-06-15"]
)


def _window(text: str | None) -> Span | None:
    if text is None:
        return None
    w = to_window(text)
    return (w.earliest, w.latest)


def _pick_actors(records: list[AnyRecord], data: st.DataObject, n: int) -> list[str]:
    ids = [r.id for r in records if isinstance(r, (State, Bloc, Person))]
    return data.draw(st.lists(st.sampled_from(ids), min_size=n, max_size=n, unique=True))


@given(datasets(), st.data())
def test_agreements_match_brute_force(records: list[AnyRecord], data: st.DataObject) -> None:
    ds, ref = Dataset(records), Reference(records)
    a, b = _pick_actors(records, data, 2)
    on = data.draw(WINDOWS)
    area = data.draw(st.none() | st.sampled_from(["trade", "defense", "energy"]))
    stage = data.draw(st.none() | st.sampled_from([s.value for s in Stage]))
    expected = ref.agreements((a, b), _window(on), area, stage)
    assert ds.agreements_between(a, b, on=on, area=area, stage=stage) == expected
    assert ds.agreements_between(b, a, on=on, area=area, stage=stage) == expected
    assert ds.agreements_involving(a, on=on, area=area, stage=stage) == ref.agreements(
        (a,), _window(on), area, stage
    )


@given(datasets(), st.data())
def test_events_match_brute_force(records: list[AnyRecord], data: st.DataObject) -> None:
    ds, ref = Dataset(records), Reference(records)
    a, b = _pick_actors(records, data, 2)
    window = data.draw(WINDOWS)
    start, end = window.split("/") if window and "/" in window else (window, window)
    start = None if start == ".." else start
    end = None if end == ".." else end
    kind = data.draw(st.none() | st.sampled_from(["statement", "19", "05", "aerial_attack"]))
    span = _window(f"{start or '..'}/{end or '..'}") if (start or end) else None
    assert ds.events_between(a, b, start=start, end=end, kind=kind) == ref.events(
        (a, b), span, kind
    )
    assert ds.events_between(b, a, start=start, end=end, kind=kind) == ref.events(
        (a, b), span, kind
    )
    assert ds.events_involving(a, start=start, end=end, kind=kind) == ref.events((a,), span, kind)


@given(datasets(), st.data())
def test_sanctions_match_brute_force(records: list[AnyRecord], data: st.DataObject) -> None:
    ds, ref = Dataset(records), Reference(records)
    a, b = _pick_actors(records, data, 2)
    on = data.draw(WINDOWS)
    assert ds.sanctions_on(a, on=on) == ref.sanctions(a, None, _window(on))
    assert ds.sanctions_on(a, by=b, on=on) == ref.sanctions(a, b, _window(on))
    assert ds.sanctions_by(b, on=on) == ref.sanctions(None, b, _window(on))


def _edges(records: list[AnyRecord]) -> list[dt.date]:
    """Every first and last day of the records' dates, periods and memberships."""
    whens: list[object] = []
    for r in records:
        if isinstance(r, Event):
            whens.append(r.date)
        elif isinstance(r, Agreement):
            whens += [m.date for m in r.milestones]
        elif isinstance(r, Sanction):
            whens += [r.period, *(m.date for m in r.milestones)]
        elif isinstance(r, Bloc):
            whens += [m.period for m in r.members]
    days = [d for w in whens if isinstance(w, PartialDate | Period) for d in (w.earliest, w.latest)]
    return [d for d in days if MIN < d < MAX]


@st.composite
def edge_windows(
    draw: st.DrawFn, records: list[AnyRecord]
) -> tuple[dt.date | None, dt.date | None]:
    """A window whose ends are often a record's first or last day, or the day next to it."""
    edges = _edges(records)
    near = (
        st.tuples(st.sampled_from(edges), st.sampled_from([-1, 0, 0, 1])).map(
            lambda e: e[0] + dt.timedelta(days=e[1])
        )
        if edges
        else st.nothing()
    )
    day = near | st.dates(dt.date(1690, 1, 1), dt.date(2110, 12, 31))
    start, end = draw(st.none() | day), draw(st.none() | day)
    if start is not None and end is not None and end < start:
        start, end = end, start
    return start, end


@given(datasets(), st.data())
def test_windows_on_the_records_edges_match_brute_force(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    """Slices of the presorted answers: windows that start or end on a record's first or
    last day (or next to it) keep exactly what a scan keeps, the undated ones after them when
    asked; the timeline of an actor and of a pair too."""
    ds, ref = Dataset(records), Reference(records)
    a, b = _pick_actors(records, data, 2)
    start, end = data.draw(edge_windows(records))
    span = None if start is None and end is None else (start or MIN, end or MAX)
    text = None if span is None else f"{start or '..'}/{end or '..'}"
    for actors in ((a, b), (a,)):
        expected = ref.events(actors, span, None)
        undated = tuple(e for e in ref.events(actors, None, None) if e.date is None)
        if len(actors) == 2:
            found = ds.events_between(a, b, start=start, end=end)
            everything = ds.events_between(a, b, start=start, end=end, include_undated=True)
            agreements = ds.agreements_between(a, b, on=text, include_undated=True)
            timeline = ds.timeline(a, b, start=start, end=end)
        else:
            found = ds.events_involving(a, start=start, end=end)
            everything = ds.events_involving(a, start=start, end=end, include_undated=True)
            agreements = ds.agreements_involving(a, on=text, include_undated=True)
            timeline = ds.timeline(a, start=start, end=end)
        assert found == expected
        assert everything == (expected + undated if span is not None else expected)
        dated_agreements = ref.agreements(actors, span, None, None)
        if span is not None:
            dated_agreements += tuple(
                x for x in ref.agreements(actors, None, None, None) if ref.span(x) is None
            )
        assert agreements == dated_agreements
        entries = [
            (e.when.earliest, e.when.latest, e.record.id, e.milestone_index) for e in timeline
        ]
        assert entries == ref.timeline(actors, span)


@given(datasets(), st.data())
def test_a_narrower_window_never_returns_more(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds = Dataset(records)
    a, b = _pick_actors(records, data, 2)
    wide, narrow = data.draw(
        st.sampled_from(
            [("1900/2100", "2000/2010"), ("2000/2010", "2005"), ("1900/2100", "2015-06")]
        )
    )
    assert set(ds.agreements_between(a, b, on=narrow)) <= set(ds.agreements_between(a, b, on=wide))
    assert set(ds.agreements_between(a, b, on=wide)) <= set(ds.agreements_between(a, b))
    w0, w1 = wide.split("/") if "/" in wide else (wide, wide)
    n0, n1 = narrow.split("/") if "/" in narrow else (narrow, narrow)
    assert set(ds.events_involving(a, start=n0, end=n1)) <= set(
        ds.events_involving(a, start=w0, end=w1)
    )
    assert set(ds.sanctions_on(a, on=narrow)) <= set(ds.sanctions_on(a, on=wide))


@given(datasets(), st.data())
def test_timeline_is_sorted_dated_and_within_the_window(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds = Dataset(records)
    (a,) = _pick_actors(records, data, 1)
    entries = ds.timeline(a, start="1950", end="2050")
    keys = [e.sort_key() for e in entries]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    window = Period.parse("1950/2050")
    assert all(e.when.overlaps(window) for e in entries)
    events = {e.record.id for e in entries if e.kind == "event"}
    assert events == {
        e.id for e in ds.events_involving(a, start="1950", end="2050") if e.date is not None
    }


@given(datasets(), st.data())
def test_a_bloc_agreement_reaches_a_member_only_while_it_is_a_member(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds = Dataset(records)
    on = data.draw(st.sampled_from(["1950", "2000/2010", "2040"]))
    window = to_window(on)
    for agreement in ds.agreements:
        blocs = [b for b in (ds[p] for p in agreement.parties) if isinstance(b, Bloc)]
        members = {m.member for b in blocs for m in b.members}
        for member in members - set(agreement.parties):
            inv = ds.involvement(agreement, member, on=on)
            if inv is None:
                continue
            bloc = ds[inv.via or ""]
            assert isinstance(bloc, Bloc)
            periods = [m.period for m in bloc.members if m.member == member]
            assert any(p is None or p.overlaps(window) for p in periods)


@given(datasets())
def test_every_event_kind_query_by_cameo_root_is_the_union_of_its_kinds(
    records: list[AnyRecord],
) -> None:
    ds = Dataset(records)
    for actor in [r.id for r in records if isinstance(r, State)][:2]:
        by_root = set(ds.events_involving(actor, kind="19"))
        by_kind = {
            e for k in EventKind if k.cameo_root == "19" for e in ds.events_involving(actor, kind=k)
        }
        assert by_root == by_kind


def test_bad_arguments_say_what_would_be_valid(bundled: Dataset) -> None:
    with pytest.raises(QueryError, match="'kind' must be one of"):
        bundled.events_involving("Iran", kind="party")
    with pytest.raises(QueryError, match="matches no CAMEO code"):
        bundled.events_involving("Iran", kind="99")
    with pytest.raises(QueryError, match="must not come after"):
        bundled.events_involving("Iran", start="2025", end="2024")
    with pytest.raises(QueryError, match="'measure' must be one of"):
        bundled.sanctions_on("Iran", measure="tariffs")
    with pytest.raises(QueryError, match="'start' must be a date"):
        bundled.events_involving("Iran", start="yesterday")
    with pytest.raises(QueryError, match="not a bloc"):
        bundled.members("Iran")
    with pytest.raises(QueryError, match="no record of this dataset"):
        bundled.stage_of("no-such-agreement")
