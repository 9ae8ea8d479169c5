"""A Chronology answers "what overlaps this window?" exactly as checking every item would.

Spans are drawn to sit on the Chronology's own boundaries: starts that tie, lengths either
side of the short/long limit (400 days), ends open on either side, undated items; windows
start or end on the items' own first and last days, or a day off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from ruiran.chronology import Chronology
from ruiran.timespan import Span

BASE = dt.date(2000, 1, 1)
#: Lengths in days around the short/long limit (a span of more than 400 days is long).
LENGTHS = (0, 1, 2, 30, 399, 400, 401, 402, 1000)


@dataclass(frozen=True, order=False)
class _Item:
    """An item without an order of its own: only the key orders items."""

    span: Span | None
    name: str


def _key(item: _Item) -> tuple[int, dt.date, dt.date, str]:
    """Result order, as ruiran's: dated by first then last day, undated last, then name."""
    if item.span is None:
        return (1, dt.date.max, dt.date.max, item.name)
    return (0, item.span[0], item.span[1], item.name)


@st.composite
def _spans(draw: st.DrawFn) -> Span | None:
    shape = draw(st.sampled_from(["short", "short", "short", "long", "from", "until", "none"]))
    start = BASE + dt.timedelta(days=draw(st.sampled_from([0, 1, 2, 31, 400, 401, 800])))
    if shape == "none":
        return None
    if shape == "from":
        return (start, dt.date.max)
    if shape == "until":
        return (dt.date.min, start)
    return (start, start + dt.timedelta(days=draw(st.sampled_from(LENGTHS))))


@st.composite
def _chronologies(draw: st.DrawFn) -> tuple[list[_Item], Chronology[_Item]]:
    spans = draw(st.lists(_spans(), max_size=12))
    items = [_Item(span, f"item-{i}") for i, span in enumerate(spans)]
    items = draw(st.permutations(items))
    if draw(st.booleans()):
        chronology = Chronology.build([(item.span, item) for item in items], _key)
    else:
        ordered = sorted(items, key=_key)
        chronology = Chronology.presorted([(item.span, item) for item in ordered], _key)
    return items, chronology


def _near(items: list[_Item]) -> list[dt.date]:
    """The items' first and last days and the days either side of each."""
    days = {BASE, dt.date.min, dt.date.max}
    for item in items:
        if item.span is not None:
            days.update(item.span)
    near = set(days)
    for day in days:
        for step in (-1, 1):
            with contextlib.suppress(OverflowError):
                near.add(day + dt.timedelta(days=step))
    return sorted(near)


def _shares_a_day(span: Span, window: Span) -> bool:
    """Brute force: some day lies in both (compared as day numbers)."""
    lo = max(span[0].toordinal(), window[0].toordinal())
    hi = min(span[1].toordinal(), window[1].toordinal())
    return lo <= hi


@given(_chronologies(), st.data())
def test_overlapping_is_every_item_sharing_a_day_with_the_window(
    built: tuple[list[_Item], Chronology[_Item]], data: st.DataObject
) -> None:
    items, chronology = built
    days = _near(items)
    a, b = data.draw(st.sampled_from(days)), data.draw(st.sampled_from(days))
    window = (min(a, b), max(a, b))
    expected = sorted(
        (i for i in items if i.span is not None and _shares_a_day(i.span, window)),
        key=_key,
    )
    assert chronology.overlapping(window) == expected


@given(_chronologies())
def test_every_item_is_kept_in_order_and_the_undated_apart(
    built: tuple[list[_Item], Chronology[_Item]],
) -> None:
    items, chronology = built
    assert len(chronology) == len(items)
    assert list(chronology.ordered) == sorted(items, key=_key)
    assert list(chronology.undated) == sorted((i for i in items if i.span is None), key=_key)


@given(_chronologies())
def test_a_one_day_window_finds_exactly_the_items_covering_that_day(
    built: tuple[list[_Item], Chronology[_Item]],
) -> None:
    items, chronology = built
    for day in _near(items):
        found = chronology.overlapping((day, day))
        covering = [i for i in items if i.span is not None and i.span[0] <= day <= i.span[1]]
        assert found == sorted(covering, key=_key)
