"""A Chronology: records sorted in time, answering "what overlaps this window?" quickly.

Most dated records are short (an event on a day, a visit over a week), so they are kept sorted
by their first day: a window query bisects to the few candidates whose first day lies between
the window's start (less the longest short span) and its end. Long or open-ended spans (a war
over decades, a sanction "2012/..") are rare and kept apart, checked one by one. Undated
records never match a window. A query therefore costs about the size of its answer, not the
size of the dataset.

Examples:
    >>> import datetime as dt
    >>> d = dt.date
    >>> c = Chronology.build([((d(2024, 1, 1), d(2024, 1, 1)), "a"),
    ...                       ((d(1722, 1, 1), d(1828, 12, 31)), "war"),
    ...                       (None, "undated")], key=str)
    >>> c.overlapping((d(2023, 1, 1), d(2025, 1, 1)))
    ['a']
    >>> c.overlapping((d(1800, 1, 1), d(1800, 12, 31)))
    ['war']
    >>> c.ordered  # by the key: here, alphabetical
    ('a', 'undated', 'war')
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Any, Final, Generic, TypeVar

import attrs

from ruiran.timespan import Span

__all__ = ["Chronology"]

R = TypeVar("R")

#: Spans longer than this are "long" and kept apart from the bisected list.
_SHORT: Final = dt.timedelta(days=400)


@attrs.frozen
class Chronology(Generic[R]):
    """Items with optional spans, ordered by a sort key and searchable by window.

    Attributes:
        ordered: Every item, in sort-key order (the order results are given in).
    """

    ordered: tuple[R, ...]
    _starts: list[dt.date]
    _short: list[tuple[dt.date, R]]  # (last day, item), in the order of _starts
    _reach: dt.timedelta
    _long: tuple[tuple[Span, R], ...]
    _key: Callable[[R], Any]

    @classmethod
    def build(
        cls, items: Iterable[tuple[Span | None, R]], key: Callable[[R], Any]
    ) -> Chronology[R]:
        """Index ``items``, each an optional span and the item; ``key`` orders the results."""
        short: list[tuple[dt.date, dt.date, R]] = []
        long: list[tuple[Span, R]] = []
        everything: list[R] = []
        reach = dt.timedelta(0)
        for span, item in items:
            everything.append(item)
            if span is None:
                continue
            length = _length(span)
            if length is None or length > _SHORT:
                long.append((span, item))
            else:
                short.append((span[0], span[1], item))
                reach = max(reach, length)
        short.sort(key=lambda entry: entry[0])
        everything.sort(key=key)
        return cls(
            ordered=tuple(everything),
            starts=[entry[0] for entry in short],
            short=[(entry[1], entry[2]) for entry in short],
            reach=reach,
            long=tuple(long),
            key=key,
        )

    def __len__(self) -> int:
        return len(self.ordered)

    def overlapping(self, window: Span) -> list[R]:
        """The items whose span shares a day with ``window``, in sort-key order."""
        lo, hi = window
        first = bisect_left(self._starts, _minus(lo, self._reach))
        last = bisect_right(self._starts, hi)
        found = [item for end, item in self._short[first:last] if end >= lo]
        found.extend(item for span, item in self._long if span[0] <= hi and lo <= span[1])
        found.sort(key=self._key)
        return found


def _length(span: Span) -> dt.timedelta | None:
    if span[0] == dt.date.min or span[1] == dt.date.max:
        return None
    return span[1] - span[0]


def _minus(day: dt.date, delta: dt.timedelta) -> dt.date:
    try:
        return day - delta
    except OverflowError:
        return dt.date.min
