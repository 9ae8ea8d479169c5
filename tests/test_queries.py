"""The query engine agrees with a plain brute-force reading of the records.

`Reference` below re-implements every query by scanning all records, written as simply as
possible and independently of the indexes; hypothesis checks that the indexed Dataset gives
exactly the same answers on generated datasets, and that the laws the API promises hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruiran import Dataset, QueryError
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Event,
    EventKind,
    Modality,
    PartialDate,
    Period,
    Person,
    Sanction,
    Stage,
    State,
)
from ruiran.model.dates import to_window
from ruiran.testing import datasets

Span = tuple[dt.date, dt.date]
MAX = dt.date.max
MIN = dt.date.min


def _span(value: PartialDate | Period | None) -> Span | None:
    return None if value is None else (value.earliest, value.latest)


def _meet(a: Span, b: Span) -> Span | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


class Reference:
    """Every query answered by scanning every record."""

    def __init__(self, records: list[AnyRecord]) -> None:
        self.records = records
        self.blocs = {r.id: r for r in records if isinstance(r, Bloc)}

    def span(self, record: Agreement | Event | Sanction) -> Span | None:
        if isinstance(record, Event):
            return _span(record.date)
        if isinstance(record, Sanction):
            return _span(record.period)
        dates = [m.date for m in record.milestones if m.date is not None]
        if not dates:
            return None
        ends = [
            m.date.latest
            for m in record.milestones
            if m.stage is Stage.TERMINATED
            and m.date is not None
            and m.modality in (Modality.OCCURRED, Modality.REPORTED_STATEMENT)
        ]
        return (min(d.earliest for d in dates), max(ends) if ends else MAX)

    def sides(self, record: Agreement | Event | Sanction) -> list[tuple[str, str]]:
        if isinstance(record, Agreement):
            return [(p, "party") for p in record.parties]
        if isinstance(record, Event):
            return [(p.actor, p.role.value) for p in record.participants]
        return [(s, "sender") for s in record.senders] + [(record.target, "target")]

    def takes_part(
        self,
        record: Agreement | Event | Sanction,
        actor: str,
        window: Span | None,
        roles: Iterable[str] | None = None,
    ) -> bool:
        span = self.span(record)
        for named, role in self.sides(record):
            if roles is not None and role not in roles:
                continue
            windows: list[Span | None] = []
            if named == actor:
                windows.append(span)
            bloc = self.blocs.get(named)
            for m in bloc.members if bloc else ():
                if m.member != actor:
                    continue
                if span is None:
                    windows.append(None)
                    continue
                own = (MIN, MAX) if m.period is None else (m.period.earliest, m.period.latest)
                shared = _meet(span, own)
                if shared is not None:
                    windows.append(shared)
            for w in windows:
                if window is None or (w is not None and _meet(w, window) is not None):
                    return True
        return False

    @staticmethod
    def ordered(found: list[Any]) -> tuple[Any, ...]:
        def key(r: Agreement | Event | Sanction) -> tuple[int, dt.date, dt.date, str]:
            if isinstance(r, Agreement):
                dates = [m.date for m in r.milestones if m.date is not None]
                d: PartialDate | Period | None = min(dates) if dates else None
            else:
                d = r.date if isinstance(r, Event) else r.period
            return (1, MAX, MAX, r.id) if d is None else (0, d.earliest, d.latest, r.id)

        return tuple(sorted(found, key=key))

    def agreements(
        self, actors: tuple[str, ...], on: Span | None, area: str | None, stage: str | None
    ) -> tuple[Agreement, ...]:
        found = []
        for r in self.records:
            if not isinstance(r, Agreement) or not all(self.takes_part(r, a, on) for a in actors):
                continue
            if area is not None and area not in r.areas:
                continue
            if stage is not None:
                taken = [
                    m
                    for m in r.milestones
                    if m.modality in (Modality.OCCURRED, Modality.REPORTED_STATEMENT)
                    and (on is None or (m.date is not None and m.date.earliest <= on[1]))
                ]
                if not taken or max(m.stage.rank for m in taken) < Stage(stage).rank:
                    continue
            found.append(r)
        return self.ordered(found)

    def events(
        self, actors: tuple[str, ...], window: Span | None, kind: str | None
    ) -> tuple[Event, ...]:
        found = [
            r
            for r in self.records
            if isinstance(r, Event)
            and (kind is None or r.kind.value == kind or r.kind.cameo.startswith(kind))
            and all(self.takes_part(r, a, window) for a in actors)
        ]
        return self.ordered(found)

    def sanctions(
        self, target: str | None, sender: str | None, on: Span | None
    ) -> tuple[Sanction, ...]:
        found = [
            r
            for r in self.records
            if isinstance(r, Sanction)
            and (target is None or self.takes_part(r, target, on, ["target"]))
            and (sender is None or self.takes_part(r, sender, on, ["sender"]))
        ]
        return self.ordered(found)


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
