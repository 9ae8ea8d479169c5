"""The Chronology answers window queries exactly as a scan of every item would.

Spans are drawn around the bounds of the span classes (a month, a year, four years, longer,
open-ended), windows often start or end on an item's first or last day, and some items are
loose (kept only when the caller's check accepts them).
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from ruiran.chronology import TIERS, Chronology, take, tier_of
from ruiran.results import Records
from ruiran.timespan import Span

BASE = dt.date(2000, 1, 1).toordinal()
LENGTHS = st.sampled_from([0, 1, 27, 30, *(b + d for b in TIERS for d in (-1, 0, 1)), 4000])


@st.composite
def spans(draw: st.DrawFn) -> Span | None:
    """A span near 2000, of a length on or next to a class bound, sometimes open or undated."""
    kind = draw(st.sampled_from(["dated"] * 6 + ["undated", "open start", "open end"]))
    if kind == "undated":
        return None
    first = BASE + draw(st.integers(-3000, 3000))
    last = first + draw(LENGTHS)
    lo, hi = dt.date.fromordinal(first), dt.date.fromordinal(last)
    if kind == "open start":
        lo = dt.date.min
    elif kind == "open end":
        hi = dt.date.max
    return (lo, hi)


@st.composite
def chronologies(draw: st.DrawFn) -> tuple[list[tuple[Span | None, int]], set[int]]:
    """Items (span, number) in result order (by first day, undated last) and loose positions."""
    drawn = draw(st.lists(spans(), max_size=40))
    items = sorted(
        ((span, n) for n, span in enumerate(drawn)),
        key=lambda e: (1, e[1]) if e[0] is None else (0, e[0][0].toordinal(), e[1]),
    )
    loose = draw(st.sets(st.integers(0, max(0, len(items) - 1)))) if items else set()
    return items, loose


@st.composite
def windows(draw: st.DrawFn, items: list[tuple[Span | None, int]]) -> Span:
    """A window, its ends often on (or next to) an item's first or last day."""
    days = [d.toordinal() for span, _ in items if span for d in span if d not in _OPEN]
    ends = st.integers(-4000, 4500).map(lambda x: BASE + x)
    if days:
        near = st.tuples(st.sampled_from(days), st.integers(-1, 1)).map(sum)
        ends = ends | near
    a, b = sorted((draw(ends), draw(ends)))
    lo = dt.date.min if draw(st.integers(0, 9)) == 0 else dt.date.fromordinal(a)
    hi = dt.date.max if draw(st.integers(0, 9)) == 0 else dt.date.fromordinal(b)
    return (lo, hi)


_OPEN = (dt.date.min, dt.date.max)


@given(chronologies(), st.data())
def test_overlapping_is_a_scan_of_every_item(
    drawn: tuple[list[tuple[Span | None, int]], set[int]], data: st.DataObject
) -> None:
    items, loose = drawn
    chronology = Chronology.presorted(items, loose)
    window = data.draw(windows(items))
    refused = data.draw(st.sets(st.integers(0, 40)))

    def check(n: int) -> bool:
        return n not in refused

    def expected(with_check: bool) -> tuple[int, ...]:
        return tuple(
            n
            for p, (span, n) in enumerate(items)
            if span is not None
            and span[0] <= window[1]
            and window[0] <= span[1]
            and not (with_check and p in loose and not check(n))
        )

    assert chronology.overlapping(window, check) == expected(True)
    assert chronology.overlapping(window) == expected(False)
    ranges = chronology.select(window, check)
    flat = [p for first, stop in ranges for p in range(first, stop)]
    assert flat == sorted(set(flat))  # ascending and disjoint
    assert all(first < stop for first, stop in ranges)
    assert all(a[1] < b[0] for a, b in pairwise(ranges))  # joined


@given(chronologies())
def test_the_order_and_the_undated_are_kept(
    drawn: tuple[list[tuple[Span | None, int]], set[int]],
) -> None:
    items, loose = drawn
    chronology = Chronology.presorted(items, loose)
    assert chronology.ordered == tuple(n for _, n in items)
    assert isinstance(chronology.ordered, Records)
    assert chronology.undated == tuple(n for span, n in items if span is None)
    assert chronology.dated == sum(span is not None for span, _ in items)
    assert len(chronology) == len(items)


@given(st.lists(st.integers(), max_size=30), st.data())
def test_take_gives_the_items_at_the_ranges(items: list[int], data: st.DataObject) -> None:
    whole = Records(items)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(items)))))
    ranges = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    found = take(whole, ranges)
    assert found == tuple(items[p] for a, b in ranges for p in range(a, b))
    assert isinstance(found, Records)
    assert take(whole, [(0, len(items))] if items else []) == whole


def test_span_classes_follow_their_bounds() -> None:
    assert [tier_of(0, b) for b in TIERS] == list(range(len(TIERS)))
    assert [tier_of(0, b + 1) for b in TIERS] == list(range(1, len(TIERS) + 1))
    open_end = tier_of(BASE, dt.date.max.toordinal())
    assert open_end == tier_of(dt.date.min.toordinal(), BASE) == len(TIERS)


def test_a_query_without_a_window_costs_no_copy() -> None:
    """A key's whole answer is its own Records, the same object at every call."""
    import ruiran

    ds = ruiran.load()
    assert ds.events_involving("Iran") is ds.events_involving("Iran")
    assert ds.events_between("Russia", "Iran") is ds.events_between("Iran", "Russia")
    assert isinstance(ds.events_involving("Iran"), Records)


def test_every_class_is_found_from_its_last_day_and_missed_the_day_after() -> None:
    """Windows on the very edges of items of every length, each class's bound included."""
    lengths = [0, 1, 30, *(b + d for b in TIERS for d in (-1, 0, 1)), 4000]
    first = BASE
    for length in lengths:
        span = (dt.date.fromordinal(first), dt.date.fromordinal(first + length))
        # Other items around it, so that bisection has something to skip.
        items = sorted(
            [(span, -1)] + [((d, d), n) for n, d in enumerate(_days(first - 5000, 9000, 97))],
            key=lambda e: (e[0][0], e[1]),
        )
        chronology = Chronology.presorted(items)
        last = first + length
        for lo, hi, hit in [
            (last, last, True),
            (last, last + 400, True),
            (last + 1, last + 1, False),
            (first - 1, first - 1, False),
            (first - 3000, first, True),
            (first - 3000, first - 1, False),
        ]:
            window = (dt.date.fromordinal(lo), dt.date.fromordinal(hi))
            assert (-1 in chronology.overlapping(window)) is hit, (length, lo - first, hi - first)


def _days(start: int, count: int, step: int) -> list[dt.date]:
    return [dt.date.fromordinal(start + i * step % 10_000) for i in range(count)]
