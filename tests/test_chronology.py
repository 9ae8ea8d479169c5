"""The Chronology answers window queries exactly as a scan of every item would.

Spans are drawn around the bounds of the span classes (a month, a year, four years, longer,
open-ended), windows often start or end on an item's first or last day, and some items are
loose (kept only when the caller's check accepts them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import pairwise
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from ruiran.dataset.chronology import TIERS, Chronology, take, tier_of
from ruiran.query.results import Records
from ruiran.query.timespan import Span

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
    # Each item loose or not by a coin (not a small set of positions): loose items, and loose
    # items the check refuses, are common, and often more than eight (held in an array).
    return items, draw(_coins(range(len(items))))


def _coins(among: Iterable[int]) -> st.SearchStrategy[set[int]]:
    """Each of ``among``, by the toss of a coin."""
    chosen = list(among)
    tossed = st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen))
    return tossed.map(lambda heads: {n for n, h in zip(chosen, heads, strict=True) if h})


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
    refused = data.draw(_coins(n for _, n in items))  # the check refuses about half

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


def test_take_joins_ranges_of_one_two_and_more_items() -> None:
    letters = Records("abcdefghij")
    assert take(letters, [(0, 1), (2, 4), (5, 8), (9, 10)]) == tuple("acdfghj")
    assert take(letters, [(1, 3)]) == ("b", "c")
    assert take(letters, [(4, 5)]) == ("e",)
    assert take(letters, []) == ()


def test_span_classes_follow_their_bounds() -> None:
    assert [tier_of(0, b) for b in TIERS] == list(range(len(TIERS)))
    assert [tier_of(0, b + 1) for b in TIERS] == list(range(1, len(TIERS) + 1))
    # The class depends on the length only, wherever the span lies.
    assert [tier_of(BASE, BASE + b) for b in TIERS] == list(range(len(TIERS)))
    assert [tier_of(BASE, BASE + b + 1) for b in TIERS] == list(range(1, len(TIERS) + 1))
    open_end = tier_of(BASE, dt.date.max.toordinal())
    assert open_end == tier_of(dt.date.min.toordinal(), BASE) == len(TIERS)


def test_a_query_without_a_window_costs_no_copy() -> None:
    """A key's whole answer is its own Records, the same object at every call (with the
    question's gaps: a copy made once, see Records.with_gaps)."""
    import ruiran

    ds = ruiran.load()
    assert ds.events_involving("Iran") is ds.events_involving("Iran")
    assert ds.events_between("Russia", "Iran") is ds.events_between("Russia", "Iran")
    # the other order: the same records (its gaps name the actors in the order asked)
    there, back = ds.events_between("Russia", "Iran"), ds.events_between("Iran", "Russia")
    assert all(a is b for a, b in zip(there, back, strict=True))
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


def test_a_refused_loose_item_is_left_out_before_the_window_and_inside_it() -> None:
    """The check decides only the loose items, wherever they began; the rest are kept unseen.

    Items 0-3 began before the window and still run in it, items 4-7 began inside it. The check
    refuses 0, 1, 4 and 6; of those, 1 is not loose, so it stays.
    """
    day = dt.date(2000, 1, 1)
    before = [((day, day + dt.timedelta(days=20)), n) for n in range(4)]
    inside = [((day + dt.timedelta(days=10), day + dt.timedelta(days=10)), n) for n in range(4, 8)]
    chronology = Chronology.presorted(before + inside, loose=[0, 2, 4, 6, 7])
    window = (day + dt.timedelta(days=5), day + dt.timedelta(days=15))
    refused = {0, 1, 4, 6}

    def check(n: int) -> bool:
        return n not in refused

    assert chronology.select(window, check) == [(1, 4), (5, 6), (7, 8)]
    assert chronology.overlapping(window, check) == (1, 2, 3, 5, 7)
    assert chronology.overlapping(window) == tuple(range(8))  # no check: every item
    assert chronology.select(window) == [(0, 8)]


def test_many_loose_items_and_many_long_ones_are_all_searched() -> None:
    """Past eight, the positions of the loose items and of a span class are held in an array."""
    day = dt.date(2000, 1, 1).toordinal()
    # Ten long items (a year or more) that began long before the window, ten loose ones in it.
    items = [
        ((dt.date.fromordinal(day - 1000 + n), dt.date.fromordinal(day + 5)), n) for n in range(10)
    ] + [((dt.date.fromordinal(day + 1), dt.date.fromordinal(day + 1)), n) for n in range(10, 20)]
    chronology = Chronology.presorted(items, loose=range(10, 20))
    window = (dt.date.fromordinal(day), dt.date.fromordinal(day + 2))
    assert chronology.overlapping(window, lambda n: n % 2 == 0) == (*range(10), *range(10, 20, 2))
    assert chronology.overlapping(window) == tuple(range(20))


@given(chronologies(), st.randoms(use_true_random=False), st.data())
def test_build_sorts_by_the_key(
    drawn: tuple[list[tuple[Span | None, int]], set[int]],
    random: Random,
    data: st.DataObject,
) -> None:
    """Built from the items in any order, a Chronology is the one of the items sorted by key."""
    items, _ = drawn
    rank = {n: p for p, (_, n) in enumerate(items)}
    shuffled = list(items)
    random.shuffle(shuffled)
    built = Chronology.build(shuffled, key=rank.__getitem__)
    expected = Chronology.presorted(items)
    assert built.ordered == expected.ordered
    assert built.dated == expected.dated
    window = data.draw(windows(items))
    assert built.overlapping(window) == expected.overlapping(window)


def test_given_records_are_kept_without_a_copy() -> None:
    items = Records(["a", "b", "c"])
    chronology = Chronology.from_columns(items, [1, 2, None], [1, 2, None], [0, 0, 0])
    assert chronology.ordered is items
    assert chronology.dated == 2
    assert take(items, chronology.select((dt.date.min, dt.date.max))) == ("a", "b")
