"""A Chronology: records sorted in time, answering "what overlaps this window?" with slices.

The items of one index key are held once, in result order, as a
:class:`~ruiran.query.results.Records` tuple: a query without a window returns that very tuple, and
a query with one returns slices of it, so a large answer costs about a copy of pointers, not a
step of Python per record.

Dated items come first, ordered by their first day (undated ones last: no window places them).
Every item whose first day lies inside a window overlaps it, and those items are one
contiguous run of the tuple, found by bisection. The only other items that can overlap the
window began before it and are still running on its first day: they are found among the items
that began at most a month before the window, and, for the rarer longer spans, in lists of
their own by span length (up to a year, up to four years, longer or open-ended), each bisected
by first day. A query therefore costs two bisections, a look at the last month's items before
the window and at the longer spans that could reach into it, and a copy of the answer.

Days are held as ordinals in :class:`array.array` columns (4 bytes each), not as date objects.

Some items are *loose*: their span is only an upper bound of when they match (an actor that
takes part in a record only through a bloc, while a member). A query keeps a loose item only
when the caller's ``check`` accepts it; every other item in the window is kept unseen.

Examples:
    >>> import datetime as dt
    >>> d = dt.date
    >>> order = ["war", "a", "undated"]  # by first day, the undated last
    >>> c = Chronology.build([((d(2024, 1, 1), d(2024, 1, 1)), "a"),
    ...                       ((d(1722, 1, 1), d(1828, 12, 31)), "war"),
    ...                       (None, "undated")], key=order.index)
    >>> c.overlapping((d(2023, 1, 1), d(2025, 1, 1)))
    Records of 1 item:
      'a'
    >>> c.overlapping((d(1800, 1, 1), d(1800, 12, 31))) == ("war",)
    True
    >>> c.ordered == ("war", "a", "undated"), c.dated, c.undated
    (True, 2, ('undated',))
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from typing import Any, Final, Generic, TypeVar, cast

import attrs

from ruiran.query.results import Records
from ruiran.query.timespan import Span

__all__ = ["TIERS", "Chronology", "Ranges", "take", "tier_of"]

R = TypeVar("R")
T = TypeVar("T")

#: Longest spans (last day less first day, in days) of the span classes searched by bisection:
#: a month (day and month precision, short visits), a year, four years. Longer and open-ended
#: spans form one more class, looked through one by one.
TIERS: Final = (31, 366, 1461)

#: Half-open ranges of positions in a chronology's ``ordered`` tuple, ascending and disjoint.
Ranges = list[tuple[int, int]]


def tier_of(first: int, last: int) -> int:
    """The span class of a span from day ordinal ``first`` to ``last`` (see :data:`TIERS`).

    Examples:
        >>> tier_of(5, 5), tier_of(0, 31), tier_of(0, 32), tier_of(0, 366), tier_of(0, 10**6)
        (0, 0, 1, 1, 3)
    """
    length = last - first
    for tier, bound in enumerate(TIERS):
        if length <= bound:
            return tier
    return len(TIERS)


def take(items: Records[T], ranges: Ranges) -> Records[T]:
    """The items at ``ranges`` (from :meth:`Chronology.select`), as one Records tuple.

    The whole of ``items`` is returned as it is, without a copy.

    Examples:
        >>> take(Records("abcde"), [(0, 2), (3, 4)]) == ("a", "b", "d")
        True
        >>> letters = Records("abc")
        >>> take(letters, [(0, 3)]) is letters
        True
    """
    if len(ranges) == 1:
        first, stop = ranges[0]
        if first == 0 and stop == len(items):
            return items
        return Records(items[first:stop])
    found: list[T] = []
    for first, stop in ranges:
        if stop - first == 1:
            found.append(items[first])
        else:
            found += items[first:stop]
    return Records(found)


def _days(span: Span) -> tuple[int, int]:
    return span[0].toordinal(), span[1].toordinal()


# Compared by identity, as the index that holds it: generated methods would cost start-up
# time (compiled at import) for nothing a caller uses.
@attrs.frozen(eq=False, repr=False)
class Chronology(Generic[R]):
    """Items with optional spans, ordered by a sort key and searchable by window.

    Attributes:
        ordered: Every item, in sort-key order (the order results are given in): the dated
            ones by first day, then the undated ones.
        dated: How many items are dated: ``ordered[:dated]`` are, ``ordered[dated:]`` are not.
    """

    ordered: Records[R]
    dated: int
    _starts: array[int]  # first day of each dated item (ordinal), ascending
    _ends: array[int]  # last day of each dated item (ordinal)
    #: For each span class past the first that has items: the class and its items' positions.
    _tiers: tuple[tuple[int, Sequence[int]], ...]
    _loose: Sequence[int]  # positions of the loose items, ascending

    @classmethod
    def build(
        cls,
        items: Iterable[tuple[Span | None, R]],
        key: Callable[[R], Any],
    ) -> Chronology[R]:
        """Index ``items``, each an optional span and the item; ``key`` orders the results.

        The key must order dated items by their first day (as ruiran's result order does) and
        put the undated ones last.
        """
        return cls.presorted(sorted(items, key=lambda entry: key(entry[1])))

    @classmethod
    def presorted(
        cls, items: Iterable[tuple[Span | None, R]], loose: Iterable[int] = ()
    ) -> Chronology[R]:
        """Like :meth:`build`, for items already in result order (no sorting: cheap).

        ``loose`` are the positions of the items whose span is only an upper bound of when
        they match (see :meth:`select`).
        """
        things: list[R] = []
        firsts: list[int | None] = []
        lasts: list[int | None] = []
        tiers: list[int] = []
        for span, item in items:
            things.append(item)
            if span is None:
                firsts.append(None)
                lasts.append(None)
                tiers.append(0)
            else:
                first, last = _days(span)
                firsts.append(first)
                lasts.append(last)
                tiers.append(tier_of(first, last))
        return cls.from_columns(things, firsts, lasts, tiers, loose)

    @classmethod
    def from_columns(
        cls,
        items: Sequence[R],
        firsts: Sequence[int | None],
        lasts: Sequence[int | None],
        tiers: Sequence[int],
        loose: Iterable[int] = (),
    ) -> Chronology[R]:
        """Index items already in result order, given as columns (the fast way, for builds).

        Args:
            items: The items, dated ones first (ascending first day), then undated ones.
            firsts: Each item's first day as an ordinal, None for an undated item.
            lasts: Each item's last day as an ordinal, None for an undated item.
            tiers: Each item's span class (:func:`tier_of`); anything for an undated item.
            loose: Positions of the loose items.
        """
        dated = len(items)
        while dated and firsts[dated - 1] is None:
            dated -= 1
        starts = array("i", cast("Sequence[int]", firsts[:dated]))  # dated: no None
        ends = array("i", cast("Sequence[int]", lasts[:dated]))
        classes: list[list[int]] = [[] for _ in TIERS]
        for position in compress(range(dated), tiers):  # the few items past the first class
            classes[tiers[position] - 1].append(position)
        return cls(
            ordered=items if isinstance(items, Records) else Records(items),
            dated=dated,
            starts=starts,
            ends=ends,
            tiers=tuple((t, _compact(c)) for t, c in enumerate(classes, 1) if c),
            loose=_compact(sorted(loose)),
        )

    def __len__(self) -> int:
        return len(self.ordered)

    @property
    def undated(self) -> tuple[R, ...]:
        """The items without a span, in sort-key order: no window can place them."""
        return self.ordered[self.dated :]

    def select(self, window: Span, check: Callable[[R], bool] | None = None) -> Ranges:
        """Where in :attr:`ordered` the items whose span shares a day with ``window`` are.

        A loose item is kept only when ``check(item)`` is true (every loose item when
        ``check`` is None). The answer is a few single positions (items that began before the
        window and still run in it), then one range (items that began in it), split only
        where a loose item is refused.
        """
        lo, hi = _days(window)
        starts, ends = self._starts, self._ends
        begin = bisect_left(starts, lo, 0, self.dated)
        stop = bisect_right(starts, hi, begin, self.dated)
        # Items that began before the window and run into it: those of the last month are
        # next to `begin`; longer ones began earlier, each class no earlier than its bound.
        recent = lo - TIERS[0]
        before = [p for p in range(bisect_left(starts, recent, 0, begin), begin) if ends[p] >= lo]
        first_day = starts.__getitem__
        for tier, positions in self._tiers:
            low = (
                bisect_left(positions, lo - TIERS[tier], key=first_day) if tier < len(TIERS) else 0
            )
            high = bisect_left(positions, recent, low, key=first_day)
            before += [p for p in positions[low:high] if ends[p] >= lo]
        loose = self._loose
        ranges: Ranges = []
        if before:
            before.sort()
            for position in before:
                if check is not None and loose and not self._kept(position, check):
                    continue
                _add(ranges, position, position + 1)
        if check is not None and loose:
            for position in loose[bisect_left(loose, begin) : bisect_left(loose, stop)]:
                if not check(self.ordered[position]):
                    _add(ranges, begin, position)
                    begin = position + 1
        _add(ranges, begin, stop)
        return ranges

    def _kept(self, position: int, check: Callable[[R], bool]) -> bool:
        """Whether the item at ``position`` is kept: it is not loose, or ``check`` takes it."""
        at = bisect_left(self._loose, position)
        is_loose = at < len(self._loose) and self._loose[at] == position
        return not is_loose or check(self.ordered[position])

    def overlapping(self, window: Span, check: Callable[[R], bool] | None = None) -> Records[R]:
        """The items whose span shares a day with ``window``, in sort-key order."""
        return take(self.ordered, self.select(window, check))


def _compact(positions: list[int]) -> Sequence[int]:
    """Positions held compactly: a few in a tuple, more in an array of 4-byte integers."""
    return tuple(positions) if len(positions) <= 8 else array("i", positions)


def _add(ranges: Ranges, first: int, stop: int) -> None:
    """Append the range ``first:stop`` to ``ranges``, joined to the last when they touch."""
    if first >= stop:
        return
    if ranges and ranges[-1][1] == first:
        ranges[-1] = (ranges[-1][0], stop)
    else:
        ranges.append((first, stop))
