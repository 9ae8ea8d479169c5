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

#: Spans longer than this many days are "long" and kept apart from the bisected list.
_SHORT_DAYS: Final = 400


@attrs.frozen
class Chronology(Generic[R]):
    """Items with optional spans, ordered by a sort key and searchable by window.

    Attributes:
        ordered: Every item, in sort-key order (the order results are given in).
        undated: The items without a span, in sort-key order: no window can place them.
    """

    ordered: tuple[R, ...]
    undated: tuple[R, ...]
    _starts: list[dt.date]
    _short: list[tuple[dt.date, R]]  # (last day, item), in the order of _starts
    _reach: dt.timedelta
    _long: tuple[tuple[Span, R], ...]
    _key: Callable[[R], Any]

    @classmethod
    def build(
        cls, items: Iterable[tuple[Span | None, R]], key: Callable[[R], Any]
    ) -> Chronology[R]:
        """Index ``items``, each an optional span and the item; ``key`` orders the results.

        The key must order dated items by their first day (as ruiran's result order does).
        """
        return cls.presorted(sorted(items, key=lambda entry: key(entry[1])), key)

    @classmethod
    def presorted(
        cls, items: Iterable[tuple[Span | None, R]], key: Callable[[R], Any]
    ) -> Chronology[R]:
        """Like :meth:`build`, for items already in ``key`` order (no sorting: cheap)."""
        starts: list[dt.date] = []
        short: list[tuple[dt.date, R]] = []
        long: list[tuple[Span, R]] = []
        everything: list[R] = []
        undated: list[R] = []
        longest = 0
        for span, item in items:
            everything.append(item)
            if span is None:
                undated.append(item)
                continue
            lo, hi = span
            days = _SHORT_DAYS + 1 if lo == dt.date.min or hi == dt.date.max else (hi - lo).days
            if days > _SHORT_DAYS:
                long.append((span, item))
            else:
                starts.append(lo)
                short.append((hi, item))
                longest = max(longest, days)
        return cls(
            ordered=tuple(everything),
            undated=tuple(undated),
            starts=starts,
            short=short,
            reach=dt.timedelta(days=longest),
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
        spanning = [item for span, item in self._long if span[0] <= hi and lo <= span[1]]
        if spanning:  # the short ones are in key order already; merge the few long ones in
            found.extend(spanning)
            found.sort(key=self._key)
        return found


def _minus(day: dt.date, delta: dt.timedelta) -> dt.date:
    try:
        return day - delta
    except OverflowError:
        return dt.date.min
