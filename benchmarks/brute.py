"""Brute-force answers: every query by scanning every record, as plainly as possible.

A minimal copy of the ``Reference`` in ``tests/test_queries.py`` (same semantics as the
indexed Dataset, checked there by property tests), kept here so the benchmarks do not import
the tests. Filters other than actors and a window (kind, area, stage, ...) are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Event,
    Modality,
    PartialDate,
    Period,
    Sanction,
    Stage,
)

Span = tuple[dt.date, dt.date]
Relation = Agreement | Event | Sanction
MAX = dt.date.max
MIN = dt.date.min
_TAKEN = (Modality.OCCURRED, Modality.REPORTED_STATEMENT)


def meet(a: Span, b: Span) -> Span | None:
    """The days two spans share, or None."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


def _span(value: PartialDate | Period | None) -> Span | None:
    return None if value is None else (value.earliest, value.latest)


def span(record: Relation) -> Span | None:
    """An event's date, a sanction's period, an agreement's life (first milestone to end)."""
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
        if m.stage is Stage.TERMINATED and m.date is not None and m.modality in _TAKEN
    ]
    return (min(d.earliest for d in dates), max(ends) if ends else MAX)


def sides(record: Relation) -> list[tuple[str, str]]:
    """The actors a record names, with their roles."""
    if isinstance(record, Agreement):
        return [(p, "party") for p in record.parties]
    if isinstance(record, Event):
        return [(p.actor, p.role.value) for p in record.participants]
    return [(s, "sender") for s in record.senders] + [(record.target, "target")]


def parts(record: Relation, blocs: dict[str, Bloc]) -> Iterator[tuple[str, str, Span | None]]:
    """Everyone taking part in a record: (actor, role, the days it takes part; None: undated).

    A bloc's member takes part while its membership overlaps the record's span.
    """
    whole = span(record)
    for named, role in sides(record):
        yield named, role, whole
        bloc = blocs.get(named)
        for m in bloc.members if bloc else ():
            if whole is None:
                yield m.member, role, None
                continue
            own = (MIN, MAX) if m.period is None else (m.period.earliest, m.period.latest)
            shared = meet(whole, own)
            if shared is not None:
                yield m.member, role, shared


class Brute:
    """Every benchmarked query answered by scanning every record."""

    def __init__(self, records: Sequence[AnyRecord]) -> None:
        self.records = records
        self.blocs = {r.id: r for r in records if isinstance(r, Bloc)}

    def takes_part(
        self,
        record: Relation,
        actor: str,
        window: Span | None,
        roles: Iterable[str] | None = None,
    ) -> bool:
        for who, role, days in parts(record, self.blocs):
            if who != actor or (roles is not None and role not in roles):
                continue
            if window is None or (days is not None and meet(days, window) is not None):
                return True
        return False

    @staticmethod
    def ordered(found: list[Any]) -> list[Any]:
        def key(r: Relation) -> tuple[int, dt.date, dt.date, str]:
            if isinstance(r, Agreement):
                dates = [m.date for m in r.milestones if m.date is not None]
                d: PartialDate | Period | None = min(dates) if dates else None
            else:
                d = r.date if isinstance(r, Event) else r.period
            return (1, MAX, MAX, r.id) if d is None else (0, d.earliest, d.latest, r.id)

        return sorted(found, key=key)

    def events(self, actors: tuple[str, ...], window: Span | None) -> list[Event]:
        found = [
            r
            for r in self.records
            if isinstance(r, Event) and all(self.takes_part(r, a, window) for a in actors)
        ]
        return self.ordered(found)

    def agreements(self, actors: tuple[str, ...], window: Span | None) -> list[Agreement]:
        found = [
            r
            for r in self.records
            if isinstance(r, Agreement) and all(self.takes_part(r, a, window) for a in actors)
        ]
        return self.ordered(found)

    def sanctions_on(self, target: str, window: Span | None) -> list[Sanction]:
        found = [
            r
            for r in self.records
            if isinstance(r, Sanction) and self.takes_part(r, target, window, ["target"])
        ]
        return self.ordered(found)

    def timeline(self, a: str, b: str, window: Span | None) -> list[tuple[Any, ...]]:
        """Dated entries about a pair: events, agreement milestones, sanctions between them."""
        entries: list[tuple[Any, ...]] = []
        for r in self.records:
            if isinstance(r, Event):
                if r.date is not None and all(self.takes_part(r, x, window) for x in (a, b)):
                    entries.append((r.date.earliest, r.date.latest, r.id, 0))
            elif isinstance(r, Agreement):
                if not all(self.takes_part(r, x, None) for x in (a, b)):
                    continue
                for i, m in enumerate(r.milestones):
                    when = _span(m.date)
                    if when is None or (window is not None and meet(when, window) is None):
                        continue
                    if all(self.takes_part(r, x, when) for x in (a, b)):
                        entries.append((when[0], when[1], r.id, i))
            elif (
                isinstance(r, Sanction)
                and r.period is not None
                and any(
                    self.takes_part(r, x, window, ["sender"])
                    and self.takes_part(r, y, window, ["target"])
                    for x, y in ((a, b), (b, a))
                )
            ):
                entries.append((r.period.earliest, r.period.latest, r.id, 0))
        return sorted(entries)
