"""The filter of coded events as SQL text: the same condition for DuckDB, Spark and BigQuery.

A :class:`Filter` holds what to keep, resolved to CAMEO country codes and day numbers:
events between two actors (either direction), or involving one, within a window of days. Its
:meth:`Filter.sql` is a ``WHERE`` condition over GDELT's own column names
(``Actor1CountryCode``, ``Actor2CountryCode``, ``SQLDATE``), written in the SQL that DuckDB,
Spark SQL and BigQuery share (``IN`` lists, ``BETWEEN``, string and integer literals), so it
runs unchanged on GDELT files read by DuckDB, on the Parquet ruiran writes, and on GDELT's
public BigQuery tables (``gdelt-bq.gdeltv2.events``).

The actors come resolved: each side is the CAMEO country codes standing for an actor (a bloc's
members while members, and the bloc's own CAMEO known group code, ``EEC`` for the EU, matched
against ``Actor1KnownGroupCode``/``Actor2KnownGroupCode``), as
:func:`~ruiran.coded.cameo.codes_of` gives them. Resolving names
to actors is the Dataset's, so :mod:`ruiran.ingest` (an entry point, which holds the dataset)
resolves them and hands the codes here; nothing here knows a Dataset.

Examples:
    >>> from ruiran.coded.cameo import CountryCode
    >>> russia, iran = (CountryCode("RUS", "russia"),), (CountryCode("IRN", "iran"),)
    >>> f = make_filter(between=(russia, iran), start="2024", actors=("russia", "iran"))
    >>> print(f.sql())
    ((Actor1CountryCode IN ('RUS') AND Actor2CountryCode IN ('IRN')) OR (Actor1CountryCode IN ('IRN') AND Actor2CountryCode IN ('RUS'))) AND SQLDATE >= 20240101

A whole query per engine, with the columns and their types, is :class:`ruiran.coded.plan.Plan`'s
(:func:`ruiran.ingest.gdelt_sql`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ruiran.coded.cameo import CountryCode, days
from ruiran.errors import QueryError
from ruiran.model import DateLike

__all__ = ["Filter", "make_filter", "side_sql"]

_CODE = re.compile(r"^[A-Z]{3}$")


@attrs.frozen
class Filter:
    """Which coded events to keep, resolved: codes per side, and a window of day numbers.

    Attributes:
        between: The two sides' codes (an event between them, either direction), or None.
        involving: The codes of one actor (as either actor of an event), or None.
        first: The first day kept, YYYYMMDD, or None.
        last: The last day kept, YYYYMMDD, or None.
        actors: The ruiran ids the filter was given (for the record of what was run).
    """

    between: tuple[tuple[CountryCode, ...], tuple[CountryCode, ...]] | None = None
    involving: tuple[CountryCode, ...] | None = None
    first: int | None = None
    last: int | None = None
    actors: tuple[str, ...] = ()

    def sql(self) -> str:
        """The ``WHERE`` condition (``TRUE`` when nothing is filtered)."""
        parts: list[str] = []
        if self.between is not None:
            a, b = self.between
            parts.append(
                f"(({side_sql('Actor1CountryCode', a)} AND {side_sql('Actor2CountryCode', b)})"
                f" OR ({side_sql('Actor1CountryCode', b)} AND "
                f"{side_sql('Actor2CountryCode', a)}))"
            )
        if self.involving is not None:
            parts.append(
                f"({side_sql('Actor1CountryCode', self.involving)} OR "
                f"{side_sql('Actor2CountryCode', self.involving)})"
            )
        if self.first is not None:
            parts.append(f"SQLDATE >= {int(self.first)}")
        if self.last is not None:
            parts.append(f"SQLDATE <= {int(self.last)}")
        return " AND ".join(parts) if parts else "TRUE"


def side_sql(column: str, codes: Sequence[CountryCode]) -> str:
    """The condition that ``column`` holds one of ``codes`` on a day each stands for.

    ``column`` is an actor's country code column (``Actor1CountryCode``); a known group code
    (``group=True``) is matched against the same actor's ``KnownGroupCode`` column instead.

    Examples:
        >>> print(side_sql("Actor1CountryCode", [CountryCode("ARM", "armenia", 20150102)]))
        (Actor1CountryCode = 'ARM' AND SQLDATE >= 20150102)
        >>> eu = [CountryCode("FRA", "france"), CountryCode("EEC", "european-union", group=True)]
        >>> print(side_sql("Actor2CountryCode", eu))
        (Actor2CountryCode IN ('FRA') OR Actor2KnownGroupCode IN ('EEC'))
    """
    terms = []
    for name, kind in ((column, False), (column.replace("CountryCode", "KnownGroupCode"), True)):
        always = sorted({c.code for c in codes if c.always and c.group is kind})
        if always:
            terms.append(f"{name} IN ({', '.join(_literal(c) for c in always)})")
    for c in codes:
        if c.always:
            continue
        name = column.replace("CountryCode", "KnownGroupCode") if c.group else column
        window = [f"{name} = {_literal(c.code)}"]
        if c.first != CountryCode(c.code, c.actor).first:
            window.append(f"SQLDATE >= {int(c.first)}")
        if c.last != CountryCode(c.code, c.actor).last:
            window.append(f"SQLDATE <= {int(c.last)}")
        terms.append(f"({' AND '.join(window)})")
    return terms[0] if len(terms) == 1 else f"({' OR '.join(terms)})"


def _literal(code: str) -> str:
    if not _CODE.match(code):  # never interpolate anything else into SQL
        raise QueryError(f"a CAMEO code must be three capital letters (got {code!r})")
    return f"'{code}'"


def make_filter(
    *,
    between: tuple[tuple[CountryCode, ...], tuple[CountryCode, ...]] | None = None,
    involving: tuple[CountryCode, ...] | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    actors: tuple[str, ...] = (),
) -> Filter:
    """The filter of events between two sides or involving one, within ``start``..``end``.

    Args:
        between: The two sides' country codes (an event between them, either direction).
        involving: One actor's country codes (as either actor of an event).
        start: The window's first day (its first day for a partial date), or None.
        end: The window's last day (its last day for a partial date), or None.
        actors: The ruiran ids the codes stand for (for the record of what was run).

    Raises:
        QueryError: for ``between`` and ``involving`` together, or bad dates.
    """
    if between is not None and involving is not None:
        raise QueryError("'between' and 'involving' cannot be used together")
    first, last = days(start, end)
    return Filter(between, involving, first, last, actors)
