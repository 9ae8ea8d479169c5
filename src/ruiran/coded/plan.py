"""The GDELT ingest's plan, written once, rendered as SQL for DuckDB, Spark SQL and BigQuery.

A :class:`Plan` says what an ingest keeps and gives: the rows (a
:class:`~ruiran.coded.sql.Filter`: actors as CAMEO country codes, a window of days), read from a
source of GDELT 1.0's or 2.0's columns (names and order in :mod:`ruiran.coded.columns`), as
the columns of :data:`OUTPUT` with their types: the store's columns (GDELT's own, less
``MonthYear``, ``Year`` and ``FractionDate``, plus ``Version``) and ``year``, the partition of
the Parquet folder that :func:`ruiran.load` reads back. :meth:`Plan.render` writes it as one
``SELECT`` in the SQL of an engine:

- ``"duckdb"``: what :func:`ruiran.ingest.gdelt` runs (its reader applies the same condition
  to each file layout);
- ``"spark"``: Spark SQL, what :func:`ruiran.ingest.gdelt_spark` runs over the lines it parsed;
- ``"bigquery"``: GoogleSQL (BigQuery Standard SQL), for GDELT's public tables
  ``gdelt-bq.gdeltv2.events`` (GDELT 2.0) and ``gdelt-bq.full.events`` (GDELT 1.0).

The condition is the same text in all three (``IN`` lists, ``AND``/``OR``, integer and string
literals: SQL they share); what differs is quoting of the table name, the names of the types
in the casts, and integer division for ``year``. Every output column is cast to its type, so
the result has the same schema whatever types the source declares. Nothing but checked
country codes, integers and a checked table name is ever put into the text.

Examples:
    >>> from ruiran.coded.cameo import CountryCode
    >>> from ruiran.coded.sql import make_filter
    >>> sides = ((CountryCode("RUS", "russia"),), (CountryCode("IRN", "iran"),))
    >>> plan = Plan(make_filter(between=sides, start="2024"))
    >>> text = plan.render("bigquery", "gdelt-bq.gdeltv2.events")
    >>> print(text.splitlines()[-2])
    FROM `gdelt-bq.gdeltv2.events`
    >>> print(text.splitlines()[-1])
    WHERE ((Actor1CountryCode IN ('RUS') AND Actor2CountryCode IN ('IRN')) OR (Actor1CountryCode IN ('IRN') AND Actor2CountryCode IN ('RUS'))) AND SQLDATE >= 20240101
    >>> [line.strip() for line in text.splitlines() if "year" in line]
    ['CAST(DIV(CAST(SQLDATE AS INT64), 10000) AS INT64) AS year']
    >>> print(Plan(make_filter(), version=1).render("spark", "events").splitlines()[-2])
    FROM `events`
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, Literal, get_args

import attrs

from ruiran.coded.columns import GDELT1, GDELT2, Schema
from ruiran.coded.gdelt import STORE_COLUMNS
from ruiran.coded.sql import Filter
from ruiran.errors import QueryError

__all__ = [
    "DIALECTS",
    "OUTPUT",
    "PUBLIC_TABLES",
    "Dialect",
    "Plan",
    "check_dialect",
    "quote_table",
    "type_in",
    "version_of_source",
]

#: An SQL engine the plan is rendered for.
Dialect = Literal["duckdb", "spark", "bigquery"]
#: The engines, in the order the docs list them.
DIALECTS: Final[tuple[Dialect, ...]] = get_args(Dialect)

#: The columns a plan gives, in order, with their types (as :mod:`ruiran.coded.columns` names
#: them): the store's columns, then ``year`` (``SQLDATE`` divided by 10,000), the partition
#: of the Parquet folder.
OUTPUT: Final[Schema] = (*STORE_COLUMNS, ("year", "SMALLINT"))

#: GDELT's public BigQuery tables of events, and the GDELT version of their columns.
#: ``gdelt-bq.gdeltv2.events`` has GDELT 2.0's 61 columns (its ``*_ADM2Code`` columns among
#: them); ``gdelt-bq.full.events`` has GDELT 1.0's, ``SOURCEURL`` included.
PUBLIC_TABLES: Final[Mapping[str, int]] = {
    "gdelt-bq.gdeltv2.events": 2,
    "gdelt-bq.full.events": 1,
}

#: Each engine's name for each type of :mod:`ruiran.coded.columns`. BigQuery has one integer
#: type (INT64) and one float type (FLOAT64).
_TYPES: Final[Mapping[Dialect, Mapping[str, str]]] = {
    "duckdb": {
        "VARCHAR": "VARCHAR",
        "BIGINT": "BIGINT",
        "INTEGER": "INTEGER",
        "SMALLINT": "SMALLINT",
        "TINYINT": "TINYINT",
        "DOUBLE": "DOUBLE",
    },
    "spark": {
        "VARCHAR": "STRING",
        "BIGINT": "BIGINT",
        "INTEGER": "INT",
        "SMALLINT": "SMALLINT",
        "TINYINT": "TINYINT",
        "DOUBLE": "DOUBLE",
    },
    "bigquery": {
        "VARCHAR": "STRING",
        "BIGINT": "INT64",
        "INTEGER": "INT64",
        "SMALLINT": "INT64",
        "TINYINT": "INT64",
        "DOUBLE": "FLOAT64",
    },
}

#: Integer division of an integer expression by 10,000, per engine.
_YEAR: Final[Mapping[Dialect, str]] = {
    "duckdb": "{} // 10000",
    "spark": "{} DIV 10000",
    "bigquery": "DIV({}, 10000)",
}

#: One part of a table name (matched whole: ``fullmatch``, so no trailing newline slips by).
_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def check_dialect(dialect: str) -> Dialect:
    """``dialect`` as a :data:`Dialect`, or a QueryError naming the valid ones.

    Examples:
        >>> check_dialect("spark")
        'spark'
        >>> check_dialect("postgres")
        Traceback (most recent call last):
        ...
        ruiran.errors.QueryError: 'dialect' must be one of ('duckdb', 'spark', 'bigquery') (got 'postgres')
    """
    for known in DIALECTS:
        if dialect == known:
            return known
    raise QueryError(f"'dialect' must be one of {DIALECTS!r} (got {dialect!r})")


def type_in(dialect: Dialect, kind: str) -> str:
    """An engine's name for a type of :mod:`ruiran.coded.columns`.

    Examples:
        >>> type_in("spark", "VARCHAR"), type_in("bigquery", "TINYINT")
        ('STRING', 'INT64')
    """
    return _TYPES[dialect][kind]


@attrs.frozen
class Plan:
    """What a GDELT ingest keeps and gives, in no engine's SQL yet.

    Attributes:
        filter: The rows to keep (actors as CAMEO country codes, a window of days).
        version: The columns of the source: 1 for GDELT 1.0's (its ``*_ADM2Code`` columns are
            given as NULL), 2 for GDELT 2.0's; each row is marked with it as ``Version``. None
            for a source of ruiran's own columns, which has 2.0's and a ``Version`` of its own
            (a folder written by ``ruiran ingest gdelt --out``, or the lines
            :func:`ruiran.ingest.gdelt_spark` parsed).
    """

    filter: Filter = attrs.field(factory=Filter)
    version: Literal[1, 2] | None = attrs.field(default=2)

    @version.validator
    def _check_version(self, _: object, value: object) -> None:
        if value not in (1, 2, None):
            raise QueryError(f"'version' must be one of (1, 2, None) (got {value!r})")

    def where(self) -> str:
        """The condition of the ``WHERE`` clause: the same text in every engine."""
        return self.filter.sql()

    def columns(self) -> Schema:
        """The columns the source is read with (GDELT 1.0's or 2.0's)."""
        return GDELT1 if self.version == 1 else GDELT2

    def select_list(self, dialect: Dialect) -> list[str]:
        """The output columns as ``SELECT`` items, each cast to its type in ``dialect``."""
        present = {name for name, _ in self.columns()}
        items = []
        for name, kind in OUTPUT:
            kind_there = type_in(dialect, kind)
            if name == "Version":
                value = "Version" if self.version is None else str(self.version)
            elif name == "year":
                value = _YEAR[dialect].format(f"CAST(SQLDATE AS {type_in(dialect, 'INTEGER')})")
            elif name in present:
                value = name
            else:
                value = "NULL"
            items.append(f"CAST({value} AS {kind_there}) AS {name}")
        return items

    def render(self, dialect: str, source: str) -> str:
        """The plan as one ``SELECT`` over the table ``source`` in ``dialect``'s SQL.

        Args:
            dialect: ``"duckdb"``, ``"spark"`` or ``"bigquery"``.
            source: A table or view name, parts joined by ``.`` (``gdelt-bq.gdeltv2.events``,
                ``db.events``); it is quoted as the engine quotes names (backticks for Spark
                and BigQuery, double quotes for DuckDB).

        Raises:
            QueryError: for an unknown dialect, or a source that is not a table name.
        """
        engine = check_dialect(dialect)
        items = ",\n  ".join(self.select_list(engine))
        return f"SELECT\n  {items}\nFROM {quote_table(engine, source)}\nWHERE {self.where()}"


def quote_table(dialect: Dialect, source: str) -> str:
    """A table name quoted for ``dialect``, after checking it is one.

    Examples:
        >>> quote_table("bigquery", "gdelt-bq.gdeltv2.events")
        '`gdelt-bq.gdeltv2.events`'
        >>> quote_table("spark", "db.events"), quote_table("duckdb", "events")
        ('`db`.`events`', '"events"')
        >>> quote_table("spark", "events; DROP TABLE x")
        Traceback (most recent call last):
        ...
        ruiran.errors.QueryError: 'source' must be a table name: parts of letters, digits, '_' or '-', joined by '.' (got 'events; DROP TABLE x')
    """
    name = source[1:-1] if len(source) > 2 and source[0] == source[-1] == "`" else source
    parts = name.split(".")
    if not all(_PART.fullmatch(part) for part in parts):
        raise QueryError(
            "'source' must be a table name: parts of letters, digits, '_' or '-', joined by "
            f"'.' (got {source!r})"
        )
    if dialect == "bigquery":
        return f"`{name}`"
    if dialect == "spark":
        return ".".join(f"`{part}`" for part in parts)
    return ".".join(f'"{part}"' for part in parts)


def version_of_source(source: str) -> Literal[1, 2]:
    """The GDELT version of a source's columns, by its name: 1 for ``gdelt-bq.full.events``,
    else 2.

    Examples:
        >>> version_of_source("gdelt-bq.full.events"), version_of_source("my.events")
        (1, 2)
    """
    return 1 if PUBLIC_TABLES.get(source.strip("`")) == 1 else 2
