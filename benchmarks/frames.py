"""The pandas baseline: boolean filters over prebuilt long tables of the same records.

One row per (record, actor taking part): the ``event_participants`` shape an analyst would
build, with bloc members expanded into rows of their own (so that the answers are the same as
the Dataset's). Actors are integer codes and days are integer ordinals, the fastest plain
pandas representation; undated rows get an empty span (``lo > hi``) so no window matches them.
The frames are built before any timing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from brute import Relation, Span, parts, span

from ruiran.model import Agreement, AnyRecord, Bloc, Event, PartialDate, Period, Sanction

_UNDATED = (dt.date.max.toordinal() + 1, 0)
_ROLES = {"sender": 1, "target": 2}


def _days(days: Span | None) -> tuple[int, int]:
    return _UNDATED if days is None else (days[0].toordinal(), days[1].toordinal())


def _order(record: Relation) -> tuple[int, dt.date, dt.date, str]:
    if isinstance(record, Agreement):
        dates = [m.date for m in record.milestones if m.date is not None]
        first: PartialDate | Period | None = min(dates) if dates else None
    else:
        first = record.date if isinstance(record, Event) else record.period
    if first is None:
        return (1, dt.date.max, dt.date.max, record.id)
    return (0, first.earliest, first.latest, record.id)


class Family:
    """One kind of record as a long frame: rec, actor, role, lo, hi."""

    def __init__(self, records: list[Relation], blocs: dict[str, Bloc], codes: dict[str, int]):
        self.ids = [r.id for r in records]
        keys = [_order(r) for r in records]
        rank = np.empty(len(records), dtype=np.int64)
        rank[sorted(range(len(records)), key=keys.__getitem__)] = np.arange(len(records))
        self.rank = rank
        self.dated = np.array([span(r) is not None for r in records], dtype=bool)
        rows: list[tuple[int, int, int, int, int]] = []
        for i, record in enumerate(records):
            for actor, role, days in parts(record, blocs):
                rows.append((i, codes[actor], _ROLES.get(role, 0), *_days(days)))
        array = np.array(rows, dtype=np.int64).reshape(-1, 5)
        self.frame = pd.DataFrame(array, columns=["rec", "actor", "role", "lo", "hi"])

    def rows(self, actor: int, window: Span | None, role: int | None = None) -> pd.DataFrame:
        f = self.frame
        mask = f["actor"] == actor
        if role is not None:
            mask &= f["role"] == role
        if window is not None:
            mask &= (f["lo"] <= window[1].toordinal()) & (f["hi"] >= window[0].toordinal())
        return f[mask]

    def ordered(self, recs: Any) -> list[str]:
        """Record ids of the positions ``recs``, in result order."""
        unique = pd.unique(np.asarray(recs, dtype=np.int64))
        return [self.ids[i] for i in unique[np.argsort(self.rank[unique])]]


class Frames:
    """The pandas baseline for each benchmarked query."""

    def __init__(self, records: Sequence[AnyRecord]) -> None:
        blocs = {r.id: r for r in records if isinstance(r, Bloc)}
        self.codes = {r.id: i for i, r in enumerate(records)}
        events = [r for r in records if isinstance(r, Event)]
        agreements = [r for r in records if isinstance(r, Agreement)]
        sanctions = [r for r in records if isinstance(r, Sanction)]
        self.events = Family(list(events), blocs, self.codes)
        self.agreements = Family(list(agreements), blocs, self.codes)
        self.sanctions = Family(list(sanctions), blocs, self.codes)
        self.event_days = pd.DataFrame(
            np.array([_days(span(e)) for e in events], dtype=np.int64).reshape(-1, 2),
            columns=["lo", "hi"],
        )
        milestones = [
            (i, j, m.date.earliest.toordinal(), m.date.latest.toordinal())
            for i, a in enumerate(agreements)
            for j, m in enumerate(a.milestones)
            if m.date is not None
        ]
        self.milestones = pd.DataFrame(
            np.array(milestones, dtype=np.int64).reshape(-1, 4), columns=["rec", "mi", "lo", "hi"]
        )

    def _pair(self, family: Family, a: str, b: str, window: Span | None) -> Any:
        rows_a = family.rows(self.codes[a], window)
        rows_b = family.rows(self.codes[b], window)
        return rows_a["rec"][rows_a["rec"].isin(rows_b["rec"])]

    def events_between(self, a: str, b: str, window: Span | None) -> list[str]:
        return self.events.ordered(self._pair(self.events, a, b, window))

    def agreements_between(self, a: str, b: str, window: Span | None) -> list[str]:
        return self.agreements.ordered(self._pair(self.agreements, a, b, window))

    def events_involving(self, a: str, window: Span | None) -> list[str]:
        return self.events.ordered(self.events.rows(self.codes[a], window)["rec"])

    def sanctions_on(self, target: str, window: Span | None) -> list[str]:
        rows = self.sanctions.rows(self.codes[target], window, _ROLES["target"])
        return self.sanctions.ordered(rows["rec"])

    def timeline(self, a: str, b: str, window: Span | None) -> pd.DataFrame:
        """The pair's dated entries (rec, lo, hi, kind), sorted oldest first."""
        events = pd.unique(self._pair(self.events, a, b, window).to_numpy())
        events = events[self.events.dated[events]]
        days = self.event_days.iloc[events]
        parts = [pd.DataFrame({"kind": 0, "rec": events, "lo": days["lo"], "hi": days["hi"]})]
        # Milestones of agreements both take part in, when both take part at the milestone.
        shared = self._pair(self.agreements, a, b, None)
        ms = self.milestones[self.milestones["rec"].isin(shared)]
        if window is not None:
            ms = ms[(ms["lo"] <= window[1].toordinal()) & (ms["hi"] >= window[0].toordinal())]
        ok = None
        for actor in (a, b):
            own = self.agreements.rows(self.codes[actor], None)[["rec", "lo", "hi"]]
            both = ms.merge(own, on="rec", suffixes=("", "_x"))
            hit = both[(both["lo_x"] <= both["hi"]) & (both["hi_x"] >= both["lo"])]
            hit = hit[["rec", "mi", "lo", "hi"]].drop_duplicates()
            ok = hit if ok is None else ok.merge(hit, on=["rec", "mi", "lo", "hi"])
        assert ok is not None
        parts.append(ok.drop(columns="mi").assign(kind=1))
        # Sanctions one of them sends and the other is targeted by.
        found = []
        for x, y in ((a, b), (b, a)):
            sent = self.sanctions.rows(self.codes[x], window, _ROLES["sender"])["rec"]
            hit = self.sanctions.rows(self.codes[y], window, _ROLES["target"])["rec"]
            found.append(hit[hit.isin(sent)].to_numpy())
        sanctions = pd.unique(np.concatenate(found))
        sanctions = sanctions[self.sanctions.dated[sanctions]]
        rows = self.sanctions.frame
        # A record's first row is a side it names, which carries the record's own span.
        first = rows[rows["rec"].isin(sanctions)].drop_duplicates("rec")
        parts.append(first[["rec", "lo", "hi"]].assign(kind=2))
        out = pd.concat(parts, ignore_index=True)
        return out.sort_values(["lo", "hi", "kind", "rec"])
