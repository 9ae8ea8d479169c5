"""Closed day intervals, the common ground of partial dates, periods and query windows.

Everything dated in ruiran covers an interval of days; queries compare those intervals. A
``Span`` is a plain ``(earliest, latest)`` tuple of :class:`datetime.date`, cheap to build and
compare for the indexes.

Examples:
    >>> from ruiran.model import PartialDate, Period
    >>> a = span_of(PartialDate.parse("2024-10"))
    >>> intersect(a, span_of(Period.parse("2024-10-20/2025")))
    (datetime.date(2024, 10, 20), datetime.date(2024, 10, 31))
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from ruiran.model.dates import PartialDate, Period

__all__ = ["ALL_TIME", "Span", "intersect", "overlaps", "span_of"]

Span = tuple[dt.date, dt.date]

#: The span of an open period on both sides: every day there is.
ALL_TIME: Final[Span] = (dt.date.min, dt.date.max)


def span_of(value: PartialDate | Period) -> Span:
    """The days a partial date or a period covers (open ends reach ``date.min``/``date.max``)."""
    return (value.earliest, value.latest)


def overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share a day."""
    return a[0] <= b[1] and b[0] <= a[1]


def intersect(a: Span, b: Span) -> Span | None:
    """The days two spans share, or None when they share none."""
    lo = max(a[0], b[0])
    hi = min(a[1], b[1])
    return (lo, hi) if lo <= hi else None
