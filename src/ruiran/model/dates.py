"""Partial dates and periods, written as ISO 8601 / EDTF strings.

A :class:`PartialDate` is a calendar date known to a precision: a year (``"2013"``), a month
(``"2024-10"``) or a day (``"2025-01-17"``), optionally marked approximate (``"1917~"``) or
uncertain (``"2024-10?"``). A :class:`Period` runs from one partial date to another, either end
open: ``"1700/1799"``, ``"2022/.."``, ``"../1991"``.

Both stand for the interval of days they cover (``"2024-10"`` covers 1 to 31 October 2024), and
comparison and overlap follow that interval: a window matches a partial date when the two share
at least one day.

Examples:
    >>> d = PartialDate.parse("2024-10")
    >>> d.precision, d.earliest, d.latest
    (<Precision.MONTH: 'month'>, datetime.date(2024, 10, 1), datetime.date(2024, 10, 31))
    >>> Period.parse("1700/1799").overlaps(PartialDate.parse("1722"))
    True
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from functools import total_ordering
from typing import Annotated, Any, ClassVar, Final, Self

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = [
    "DateLike",
    "PartialDate",
    "Period",
    "Precision",
    "When",
    "parse_when",
    "to_window",
]


class Precision(enum.Enum):
    """How much of a date is known (Wikidata's time precision, restricted to what EDTF level 0-1 writes)."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


# [0-9], not \d: in Python \d and int() also take other scripts' digits ("٢٠٢٤", "２０２４"),
# which the JSON Schema (ECMAScript \d, ASCII only) refuses; \Z, not $, which allows a final "\n".
_DATE_RE: Final = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?P<q>[~?%])?\Z"
)
_QUALIFIER_PATTERN: Final = r"[~?%]?"
#: The JSON Schema pattern of a partial date.
DATE_PATTERN: Final = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" + _QUALIFIER_PATTERN
#: What a partial date may look like, for error messages.
_DATE_FORMS: Final = (
    "a date must be YYYY, YYYY-MM or YYYY-MM-DD in the ASCII digits 0-9, "
    "optionally followed by ~, ? or %"
)


#: The JSON Schema pattern of a period: two partial dates, or one and ".." (an open end), but
#: not "../..", which the parser refuses too.
PERIOD_PATTERN: Final = f"({DATE_PATTERN}/({DATE_PATTERN}|\\.\\.)|\\.\\./{DATE_PATTERN})"

_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _shown(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut short: an error message must not repeat a huge input."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _ascii_hint(text: object) -> str:
    """For a text written in other digits than 0-9, the same text in ASCII digits, as a hint."""
    if not isinstance(text, str) or not any(c.isdecimal() and not c.isascii() for c in text):
        return ""
    ascii_text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    return f"; in ASCII digits: {_shown(ascii_text)}"


#: Dates written in other orders or with other separators: 2025/01/17, 2025.1.7, 17/01/2025,
#: 01.17.2025, 01/2025 (each may end in ~, ? or %). Compiled by ``re`` (and cached there) on
#: first use: only a date that fails to parse needs them.
_YEAR_FIRST_PATTERN: Final = (
    r"(?P<year>[0-9]{4})[./-](?P<a>[0-9]{1,2})(?:[./-](?P<b>[0-9]{1,2}))?(?P<q>[~?%])?\Z"
)
_YEAR_LAST_PATTERN: Final = (
    r"(?:(?P<a>[0-9]{1,2})[./-])?(?P<b>[0-9]{1,2})[./-](?P<year>[0-9]{4})(?P<q>[~?%])?\Z"
)
#: What a date that reads in another order or with other separators is told.
_YEAR_FIRST: Final = "a date must be written year first, with dashes: YYYY-MM-DD, YYYY-MM or YYYY"


def _iso(year: int, month: int, day: int | None, qualifier: str) -> str | None:
    """``YYYY-MM[-DD]`` plus the qualifier, or None when no such day exists."""
    if not 1 <= year <= 9999 or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}{qualifier}"
    if not 1 <= day <= _days_in(year, month):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}{qualifier}"


def _year_first(text: object) -> str | None:
    """For a date written day first, month first, or with slashes or dots, how to fix it.

    None when ``text`` does not have the shape of such a date; ``""`` when it has, but names
    no real day; else ``"did you mean ...?"``. A date that reads both day first and month
    first (``01/02/2025``) gets both readings.

    Examples:
        >>> _year_first("17/01/2025")
        'did you mean 2025-01-17?'
        >>> _year_first("01.02.2025")
        'did you mean 2025-02-01 (day first) or 2025-01-02 (month first)?'
        >>> _year_first("2025/01/17"), _year_first("32.01.2025"), _year_first("1700/1799")
        ('did you mean 2025-01-17?', '', None)
    """
    if not isinstance(text, str) or len(text) > 12:
        return None
    readings: dict[str, str] = {}
    if (match := re.match(_YEAR_FIRST_PATTERN, text)) is not None:
        year, q = int(match["year"]), match["q"] or ""
        day = int(match["b"]) if match["b"] else None
        if (iso := _iso(year, int(match["a"]), day, q)) is not None:
            readings[iso] = ""
    elif (match := re.match(_YEAR_LAST_PATTERN, text)) is not None:
        year, q, b = int(match["year"]), match["q"] or "", int(match["b"])
        if match["a"] is None:
            if (iso := _iso(year, b, None, q)) is not None:
                readings[iso] = ""
        else:
            a = int(match["a"])
            for iso, order in (
                (_iso(year, b, a, q), "day first"),
                (_iso(year, a, b, q), "month first"),
            ):
                if iso is not None:
                    readings.setdefault(iso, order)
    else:
        return None
    if text in readings:
        return None  # already written year first: not this kind of mistake
    if len(readings) < 2:
        return "".join(f"did you mean {iso}?" for iso in readings)
    return (
        "did you mean " + " or ".join(f"{iso} ({order})" for iso, order in readings.items()) + "?"
    )


def _days_in(year: int, month: int) -> int:
    # The Gregorian rule, as calendar.isleap (whose import, with locale's, costs a millisecond).
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


class _StringValue:
    """What the date value types share: immutable, and read, written, pickled as a string.

    Subclasses give :meth:`parse`, :meth:`_coerce` (what a pydantic field accepts) and
    ``_JSON_SCHEMA``; pydantic then validates them from strings and writes them as strings.
    """

    __slots__ = ()
    _JSON_SCHEMA: ClassVar[JsonSchemaValue]

    @classmethod
    def parse(cls, text: str) -> Self:
        raise NotImplementedError

    @classmethod
    def _coerce(cls, value: object) -> object:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable (cannot set {name!r})")

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (type(self).parse, (str(self),))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._coerce,
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="always"),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return dict(cls._JSON_SCHEMA)


@total_ordering
class PartialDate(_StringValue):
    """A date known to year, month or day precision, possibly approximate or uncertain.

    Instances are immutable and hashable. Ordering follows the interval covered: first by its
    first day, then by its last day, so ``"2024" < "2024-01-01" < "2024-01" < "2024-02"`` holds
    as intervals and an interval that ends before another starts always sorts first.

    Args:
        year: The year (astronomical numbering; 1 to 9999 for now).
        month: The month, 1-12, or None for a year-precision date.
        day: The day, or None. Requires a month.
        approximate: EDTF ``~``: the value is an estimate.
        uncertain: EDTF ``?``: the source is unsure of the value.

    Examples:
        >>> PartialDate.parse("2025-01-17") > PartialDate.parse("2024-10")
        True
        >>> str(PartialDate(1917, approximate=True))
        '1917~'
    """

    __slots__ = ("_key", "approximate", "day", "earliest", "latest", "month", "uncertain", "year")

    year: int
    month: int | None
    day: int | None
    approximate: bool
    uncertain: bool
    #: The first day of the interval this date covers.
    earliest: dt.date
    #: The last day of the interval this date covers.
    latest: dt.date
    _key: tuple[dt.date, dt.date]

    def __init__(
        self,
        year: int,
        month: int | None = None,
        day: int | None = None,
        *,
        approximate: bool = False,
        uncertain: bool = False,
    ) -> None:
        if not 1 <= year <= 9999:
            raise ValueError(f"year must be between 1 and 9999 (got {year!r})")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month must be between 1 and 12 (got {month!r})")
        if day is not None:
            if month is None:
                raise ValueError("a day needs a month")
            last = _days_in(year, month)
            if not 1 <= day <= last:
                raise ValueError(
                    f"day must be between 1 and {last} for {year:04d}-{month:02d} (got {day!r})"
                )
            earliest = latest = dt.date(year, month, day)
        elif month is not None:
            earliest = dt.date(year, month, 1)
            latest = dt.date(year, month, _days_in(year, month))
        else:
            earliest, latest = dt.date(year, 1, 1), dt.date(year, 12, 31)
        set_ = object.__setattr__
        set_(self, "year", year)
        set_(self, "month", month)
        set_(self, "day", day)
        set_(self, "approximate", approximate)
        set_(self, "uncertain", uncertain)
        set_(self, "earliest", earliest)
        set_(self, "latest", latest)
        set_(self, "_key", (earliest, latest))

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally followed by ``~``, ``?`` or ``%``.

        Exactly what the JSON Schema's pattern accepts: the ASCII digits 0-9 only (not "٢٠٢٤" or
        "２０２４", which Python's ``int`` would read) and nothing around the date.

        Raises:
            ValueError: naming the text and the accepted forms.
        """
        # No stripping: the JSON Schema refuses " 2024", so the parser does too.
        match = _DATE_RE.match(text) if isinstance(text, str) else None
        if match is None:
            hint = _year_first(text)
            if hint is not None:
                raise ValueError(f"{_YEAR_FIRST} (got {_shown(text)}){hint and '; '}{hint}")
            raise ValueError(f"{_DATE_FORMS} (got {_shown(text)}{_ascii_hint(text)})")
        q = match["q"] or ""
        return cls(
            int(match["year"]),
            int(match["month"]) if match["month"] else None,
            int(match["day"]) if match["day"] else None,
            approximate=q in ("~", "%"),
            uncertain=q in ("?", "%"),
        )

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """The day-precision partial date of a :class:`datetime.date`."""
        return cls(value.year, value.month, value.day)

    # -- what it covers -----------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """The finest unit that is known."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def overlaps(self, other: PartialDate | Period) -> bool:
        """Whether the two cover at least one common day."""
        lo, hi = other.earliest, other.latest
        return self.earliest <= hi and lo <= self.latest

    # -- value semantics ----------------------------------------------------------------------

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.approximate and self.uncertain:
            text += "%"
        elif self.approximate:
            text += "~"
        elif self.uncertain:
            text += "?"
        return text

    def _ident(self) -> tuple[object, ...]:
        return (self.year, self.month, self.day, self.approximate, self.uncertain)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._ident() == other._ident()

    def __hash__(self) -> int:
        return hash(self._ident())

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        if self._key != other._key:
            return self._key < other._key
        return str(self) < str(other)

    # -- pydantic integration -----------------------------------------------------------------

    @classmethod
    def _coerce(cls, value: object) -> PartialDate:
        return _validate_partial_date(value)

    _JSON_SCHEMA: ClassVar[JsonSchemaValue] = {
        "type": "string",
        "pattern": f"^{DATE_PATTERN}$",
        "description": "A partial date (EDTF level 1): YYYY, YYYY-MM or YYYY-MM-DD, "
        "optionally followed by ~ (approximate) or ? (uncertain).",
        "examples": ["2013", "2024-10", "2025-01-17", "1917~"],
    }


def _validate_partial_date(value: object) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        raise ValueError(f"a date must not carry a time of day (got {value!r})")
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML reads an unquoted 2013 as an int; accept it as the year it obviously is.
        return PartialDate(value)
    if isinstance(value, str):
        return PartialDate.parse(value)
    raise ValueError(f"a date must be a string such as '2024-10' (got {_shown(value)})")


_PERIOD_FORMS: Final = (
    "a period must be 'start/end', each side a date (YYYY, YYYY-MM or YYYY-MM-DD in the "
    "ASCII digits 0-9, optionally followed by ~, ? or %) or '..' for an open end, "
    "e.g. '1700/1799' or '2022/..'"
)


def _period_side(side: str, text: str) -> PartialDate | None:
    if side == "..":
        return None
    if _DATE_RE.match(side) is None:
        hint = _year_first(side)
        hint = f"; dates are written year first: for {_shown(side)}, {hint}" if hint else ""
        raise ValueError(f"{_PERIOD_FORMS} (got {_shown(text)}{_ascii_hint(text)}){hint}")
    return PartialDate.parse(side)


class Period(_StringValue):
    """An interval between two partial dates; either end may be open (unknown or ongoing).

    Written ``start/end`` with ``..`` for an open end: ``"1700/1799"``, ``"2022/.."``,
    ``"../1991"``. It covers every day from its start's first day to its end's last day.

    Examples:
        >>> p = Period.parse("1804/1828")
        >>> p.overlaps(PartialDate(1813)), p.overlaps(PartialDate(1830))
        (True, False)
        >>> str(Period(PartialDate(2022), None))
        '2022/..'
    """

    __slots__ = ("end", "start")

    start: PartialDate | None
    end: PartialDate | None

    def __init__(self, start: PartialDate | None, end: PartialDate | None) -> None:
        if start is None and end is None:
            raise ValueError("a period needs at least one end (got '../..')")
        if start is not None and end is not None and start.earliest > end.latest:
            raise ValueError(f"a period must not end before it starts (got '{start}/{end}')")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``start/end``, where either side is a partial date or ``..`` (open).

        As for :meth:`PartialDate.parse`, exactly what the JSON Schema's pattern accepts: an
        open side is written ``..`` (not left empty), and nothing stands around either side.

        Raises:
            ValueError: naming the text and the accepted forms.
        """
        if not isinstance(text, str) or text.count("/") != 1:
            hint = _year_first(text)
            hint = (
                f"; {_shown(text)} is one date, not a period (written year first, {hint})"
                if hint
                else ""  # None (not a date in another order) or "" (no such day): no hint
            )
            raise ValueError(f"{_PERIOD_FORMS} (got {_shown(text)}{_ascii_hint(text)}){hint}")
        # Each side exactly as the JSON Schema has it: a partial date or "..", no spaces, and
        # no empty side standing for an open end.
        left, right = text.split("/")
        return cls(_period_side(left, text), _period_side(right, text))

    @property
    def earliest(self) -> dt.date:
        """The first day covered (``date.min`` when the start is open)."""
        return self.start.earliest if self.start is not None else dt.date.min

    @property
    def latest(self) -> dt.date:
        """The last day covered (``date.max`` when the end is open)."""
        return self.end.latest if self.end is not None else dt.date.max

    def overlaps(self, other: PartialDate | Period) -> bool:
        """Whether the two cover at least one common day."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, other: PartialDate | Period) -> bool:
        """Whether every day of ``other`` lies inside this period."""
        return self.earliest <= other.earliest and other.latest <= self.latest

    def __str__(self) -> str:
        return f"{self.start if self.start is not None else '..'}/{self.end if self.end is not None else '..'}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    @classmethod
    def _coerce(cls, value: object) -> Period:
        return _validate_period(value)

    _JSON_SCHEMA: ClassVar[JsonSchemaValue] = {
        "type": "string",
        "pattern": f"^{PERIOD_PATTERN}$",
        "description": "A period 'start/end' of two partial dates; '..' marks an open end.",
        "examples": ["1700/1799", "2022/..", "../1991"],
    }


def _validate_period(value: object) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        return Period.parse(value)
    raise ValueError(
        f"a period must be a string such as '1700/1799' or '2022/..' (got {_shown(value)})"
    )


def parse_when(value: object) -> PartialDate | Period:
    """Read a point in time or a span: a period when the text holds ``/``, else a partial date.

    Examples:
        >>> parse_when("2013"), parse_when("1909/1917")
        (PartialDate('2013'), Period('1909/1917'))
    """
    if isinstance(value, (PartialDate, Period)):
        return value
    if isinstance(value, str) and "/" in value and _year_first(value) is None:
        return Period.parse(value)
    return _validate_partial_date(value)  # 17/01/2025 is a date written day first


class _WhenAnnotation(_StringValue):
    """The pydantic side of :data:`When`: a partial date or a period, from one string."""

    __slots__ = ()

    @classmethod
    def _coerce(cls, value: object) -> PartialDate | Period:
        return parse_when(value)

    _JSON_SCHEMA: ClassVar[JsonSchemaValue] = {
        "type": "string",
        "pattern": f"^({DATE_PATTERN}|{PERIOD_PATTERN})$",
        "description": "A partial date (YYYY, YYYY-MM, YYYY-MM-DD, optionally ~ or ?) "
        "or a period 'start/end' with '..' for an open end.",
        "examples": ["2013", "2024-10-23", "1909/1917", "2022/.."],
    }


#: A field type for "when it happened": a partial date or a period, read from one string.
When = Annotated[PartialDate | Period, _WhenAnnotation]

#: What query arguments accept as a date or a window.
DateLike = dt.date | str | PartialDate | Period


def to_window(value: DateLike) -> PartialDate | Period:
    """Turn a query argument into the interval it stands for.

    Raises:
        ValueError: when a string parses neither as a partial date nor as a period.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    return parse_when(value)
