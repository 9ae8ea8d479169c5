"""Generated datasets whose dates tie, touch and meet at month ends, and windows drawn from
the records' own endpoints.

:func:`ruiran.testing.datasets` spreads its dates over centuries: two milestones rarely share
a day, and a generated window almost never starts on the day a record ends. Here every date
of a generated dataset is moved onto a small pool of dates around the leap day of 2000, in
the order the dates had (a valid dataset stays valid): days, months and years that start
or end on the same day, contain one another, or follow one another without a gap. Windows
are then made of the days the records start and end, and the days just before and after.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from reference import MAX, MIN, Reference, Span
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Event,
    PartialDate,
    Period,
    Person,
    Sanction,
    State,
    record_adapter,
)
from ruiran.testing import datasets

__all__ = ["POOL", "actor_ids", "endpoints", "tied", "tied_datasets", "window_text", "windows"]

#: The dates every generated date is moved onto, in order: a day that ends a year, the year
#: after it, a leap February, its last two days, the day after, a December, the first day of
#: the next year and that whole year (which start on the same day).
POOL = tuple(
    PartialDate.parse(text)
    for text in (
        "1999-12-31",
        "2000",
        "2000-02",
        "2000-02-28",
        "2000-02-29",
        "2000-03-01",
        "2000-12",
        "2001-01-01",
        "2001",
    )
)


def _pool_date(text: str) -> str:
    """The pool date for a date (by its year: the pool keeps the dates' order)."""
    if text == "..":
        return text
    year = int(text[:4])
    return str(POOL[min(len(POOL) - 1, max(0, (year - 1940) // 15))])


def _retie(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _retie(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_retie(v, key) for v in value]
    if key in ("date", "period") and isinstance(value, str):
        return "/".join(_pool_date(side) for side in value.split("/"))
    return value


def tied(record: AnyRecord) -> AnyRecord:
    """The record with each of its dates moved onto :data:`POOL` (validated again)."""
    return record_adapter().validate_python(_retie(record.model_dump(mode="json")))


@st.composite
def tied_datasets(draw: st.DrawFn, max_items: int = 8) -> list[AnyRecord]:
    """A valid dataset whose dates all come from :data:`POOL`, its records in any order."""
    records = [tied(r) for r in draw(datasets(max_items=max_items))]
    return draw(st.permutations(records))


def _dated(value: object) -> Iterator[Span]:
    """The spans of every date and period found in a record's fields, at any depth."""
    if isinstance(value, PartialDate | Period):
        yield (value.earliest, value.latest)
    elif isinstance(value, tuple):
        for item in value:
            yield from _dated(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _dated(getattr(value, name))


def endpoints(records: list[AnyRecord]) -> list[dt.date]:
    """Every day a record, a milestone or a membership starts or ends on, and the days just
    before and after each."""
    days: set[dt.date] = set()
    for record in records:
        spans = list(_dated(record))
        if isinstance(record, Agreement | Event | Sanction):
            whole = Reference.span(record)
            if whole is not None:
                spans.append(whole)
        for lo, hi in spans:
            days.update((lo, hi))
    near = set(days)
    for day in days:
        for step in (-1, 1):
            with contextlib.suppress(OverflowError):
                near.add(day + dt.timedelta(days=step))
    return sorted(near)


@st.composite
def windows(draw: st.DrawFn, records: list[AnyRecord]) -> Span:
    """A window from the records' endpoints: one day, two endpoints, or open on one side."""
    days = endpoints(records) or [dt.date(2000, 2, 29)]
    a, b = draw(st.sampled_from(days)), draw(st.sampled_from(days))
    shape = draw(st.sampled_from(["day", "between", "from", "until"]))
    if shape == "day":
        return (a, a)
    if shape == "from":
        return (a, MAX)
    if shape == "until":
        return (MIN, a)
    return (min(a, b), max(a, b))


def window_text(window: Span) -> str:
    """A window as a period string, as a user would pass it."""
    return f"{window[0].isoformat()}/{window[1].isoformat()}"


def actor_ids(records: list[AnyRecord]) -> list[str]:
    """The ids of the states, blocs and persons (the actors records name)."""
    return [r.id for r in records if isinstance(r, State | Bloc | Person)]
