"""Reading query arguments: dates and windows, vocabulary values, event kinds.

Each reader turns what a user may pass (a string, a date, an enum member) into what the
indexes use, or raises :class:`~ruiran.errors.QueryError` saying what would be valid.

Examples:
    >>> window("2024-10", "on")
    (datetime.date(2024, 10, 1), datetime.date(2024, 10, 31))
    >>> sorted(k.value for k in event_kinds("19"))
    ['aerial_attack', 'fight', 'occupy_territory']
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TypeVar

from ruiran.errors import QueryError
from ruiran.model import DateLike, EventKind
from ruiran.model.dates import to_window
from ruiran.query.timespan import Span, span_of

__all__ = ["cameo", "choice", "event_kinds", "period", "window"]

_E = TypeVar("_E", bound=enum.Enum)


def choice(enum_type: type[_E], value: object, name: str) -> _E:
    """``value`` as a member of ``enum_type``, or a QueryError listing the valid values."""
    try:
        return enum_type(value)
    except ValueError:
        from ruiran.hints.suggest import close_matches, did_you_mean  # for the message only

        options = [member.value for member in enum_type]
        hint = did_you_mean(close_matches(value, options)) if isinstance(value, str) else ""
        raise QueryError(f"{name!r} must be one of {options!r} (got {value!r}){hint}") from None


def window(value: DateLike | None, name: str) -> Span | None:
    """The days a date argument covers (None stays None)."""
    if value is None:
        return None
    try:
        return span_of(to_window(value))
    except (ValueError, TypeError) as error:
        raise QueryError(
            f"{name!r} must be a date, a partial date such as '2024' or '2024-10', "
            f"or a period such as '2024/2025' (got {value!r}): "
            + str(error).replace(f" (got {value!r})", "")
        ) from None


def period(start: DateLike | None, end: DateLike | None) -> Span | None:
    """The window from ``start``'s first day to ``end``'s last day (None when both are None).

    Raises:
        QueryError: when ``start`` comes after ``end``.
    """
    first, last = window(start, "start"), window(end, "end")
    if first is None and last is None:
        return None
    lo = first[0] if first is not None else dt.date.min
    hi = last[1] if last is not None else dt.date.max
    if lo > hi:
        raise QueryError(f"'start' ({start!r}) must not come after 'end' ({end!r})")
    return (lo, hi)


def event_kinds(kind: EventKind | str | None) -> frozenset[EventKind] | None:
    """The event kinds a ``kind`` argument selects: one kind, or every kind under a CAMEO code.

    ``"19"`` selects every kind whose CAMEO code starts with 19 (fight, occupy territory,
    aerial attack); ``"195"`` only the aerial attack.
    """
    if kind is None:
        return None
    if isinstance(kind, str) and kind.isdigit():
        found = frozenset(k for k in EventKind if k.cameo.startswith(kind))
        if not found:
            from ruiran.model.cameo import CAMEO_CODES  # the codebook, for this hint only

            codes = sorted({k.cameo_root for k in EventKind})
            hint = (
                f"; to select coded events by any CAMEO code, use cameo={kind!r}"
                if kind in CAMEO_CODES
                else ""
            )
            raise QueryError(
                f"'kind' {kind!r} matches no CAMEO code of an event kind; the kinds' roots are "
                f"{codes!r}{hint}"
            )
        return found
    return frozenset({choice(EventKind, kind, "kind")})


def cameo(value: object) -> str | None:
    """A ``cameo`` argument: a CAMEO event code of the codebook (a root, base or full code,
    standing for every code under it), or None.

    Examples:
        >>> cameo("1124"), cameo(None)
        ('1124', None)

    Raises:
        QueryError: for anything else, saying what a CAMEO code looks like (and, for a code
            not in the codebook, the codes next to it).
    """
    if value is None:
        return None
    from ruiran.model.cameo import cameo_code  # the codebook: needed by cameo= queries only

    try:
        return cameo_code(value, "cameo")
    except ValueError as error:
        raise QueryError(str(error)) from None
