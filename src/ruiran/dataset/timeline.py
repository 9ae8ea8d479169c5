"""The story over time: dated entries about an actor or a pair, and what has no date.

A timeline is slices of the index's ready-made event entries, with the few entries of
agreement milestones and sanctions merged in by bisection. :class:`~ruiran.dataset.Dataset`
holds the documented methods and hands their bodies here.

Examples:
    >>> import ruiran
    >>> index = ruiran.load()._index
    >>> [r.id for r in undated(index, ("russia", "iran"))][:2]
    ['caucasus-axis', 'russia-iran-strategic-alignment']
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ruiran.dataset import agreements, sanctions
from ruiran.dataset import coverage as covering
from ruiran.dataset.actors import name
from ruiran.dataset.chronology import take
from ruiran.dataset.events import about_other
from ruiran.dataset.index import AGREEMENT, EVENT, Index, Relation
from ruiran.errors import QueryError
from ruiran.model import DateLike
from ruiran.query import arguments
from ruiran.query.entries import TimelineEntry
from ruiran.query.results import Records
from ruiran.query.timespan import intersect, span_of

if TYPE_CHECKING:
    from ruiran.model.coverage import Coverage

__all__ = ["timeline", "undated"]


def timeline(
    index: Index,
    actors: tuple[str, ...],
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    about: bool = False,
    coverage: Coverage | None = None,
) -> Records[TimelineEntry]:
    """Dated entries about one actor or a pair (ids): see :meth:`ruiran.Dataset.timeline`.

    The window ends at the as-of date of ``coverage`` (none after it); the answer carries the
    gaps of its agreements, events and sanctions.
    """
    asked = arguments.period(start, end)
    gaps = covering.on_pair(index, coverage, tuple(actors), asked)
    if covering.after(asked, coverage):
        return Records(gaps=gaps)
    window = covering.clip(asked, coverage)
    key = tuple(sorted(actors))
    # The events' entries are built with the index, in order: slices of them, with the
    # few entries of agreements and sanctions merged in.
    events: Records[TimelineEntry] = Records()
    chronology = index.chronology(EVENT, *key)
    if chronology is not None:
        dated = index.entries[(EVENT, *key)]
        ranges = (
            [(0, len(dated))]
            if window is None
            else chronology.select(window, index.taking_part(actors, window))
        )
        events = take(dated, ranges)
    entries: list[TimelineEntry] = []
    if about:
        if len(actors) != 2:
            raise QueryError(f"'about' needs two actors: give the other one beside {actors[0]!r}")
        pair = (actors[0], actors[1])
        for event in about_other(index, pair, start=start, end=end, coverage=coverage):
            if event.date is not None:
                entries.append(TimelineEntry(event.date, event))
    for agreement in agreements.select(index, actors, (AGREEMENT, *key)):
        for number, milestone in enumerate(agreement.milestones):
            if milestone.date is None:
                continue
            when = span_of(milestone.date)
            if window is not None and intersect(when, window) is None:
                continue
            if all(index.involvement(agreement, x, when) for x in actors):
                party = None if milestone.party is None else name(index, milestone.party)
                entries.append(TimelineEntry(milestone.date, agreement, number, party_name=party))
    for sanction in sanctions.about(index, actors, window):
        if sanction.period is not None:
            entries.append(TimelineEntry(sanction.period, sanction))
        for number, step in enumerate(sanction.milestones):
            if step.date is None:
                continue
            if window is None or intersect(span_of(step.date), window) is not None:
                entries.append(TimelineEntry(step.date, sanction, number))
    return _merged(events, entries).with_gaps(gaps)


def undated(index: Index, actors: tuple[str, ...]) -> Records[Relation]:
    """The agreements, events and sanctions about one actor or a pair (ids) that have no date:
    see :meth:`ruiran.Dataset.undated`."""
    found: list[Relation] = []
    for family in (AGREEMENT, EVENT):
        chronology = index.chronology(family, *sorted(actors))
        if chronology is not None:
            found.extend(chronology.undated)
    spans = index.spans
    found.extend(s for s in sanctions.about(index, actors, None) if spans.get(s.id) is None)
    return Records(found)


def _merged(ordered: Records[TimelineEntry], more: list[TimelineEntry]) -> Records[TimelineEntry]:
    """``ordered`` (sorted) with ``more`` merged in, sorted as :meth:`TimelineEntry.sort_key`.

    The few entries of ``more`` are placed by bisection; the runs of ``ordered`` between them
    are copied as slices.
    """
    if not more:
        return ordered
    more.sort(key=TimelineEntry.sort_key)
    found: list[TimelineEntry] = []
    done = 0
    for entry in more:
        at = bisect.bisect_right(ordered, entry.sort_key(), done, key=TimelineEntry.sort_key)
        found += ordered[done:at]
        found.append(entry)
        done = at
    found += ordered[done:]
    return Records(found)
