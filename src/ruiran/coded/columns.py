"""The columns of GDELT event exports, 1.0 and 2.0: names in file order and DuckDB types.

GDELT ships events as tab-separated lines without a header. Version 1.0 (daily files, events
back to 1979) has 57 fields, 58 since April 2013 when ``SOURCEURL`` was added; version 2.0
(a file every 15 minutes since February 2015) has 61: it adds an ``ADM2Code`` to each of the
three places and gives ``DATEADDED`` to the second (``YYYYMMDDHHMMSS``, where 1.0 has
``YYYYMMDD``). Column names are the codebooks' (GDELT Event Codebook V1.03 and V2.0), which are
also the column names of GDELT's public BigQuery tables.

CAMEO codes are kept as text (``VARCHAR``): ``"040"`` is not ``40``, and ``"0"``-led codes
abound. Identifiers that look numeric but are not numbers (``FeatureID`` holds ADM1 codes such
as ``"RS"`` for country-level matches in 2.0) are text too.

Examples:
    >>> len(GDELT1), len(GDELT1_NO_URL), len(GDELT2)
    (58, 57, 61)
    >>> dict(GDELT2)["EventCode"], dict(GDELT2)["GLOBALEVENTID"]
    ('VARCHAR', 'BIGINT')
    >>> schema_for(61) is GDELT2
    True
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "GDELT1",
    "GDELT1_NO_URL",
    "GDELT2",
    "Column",
    "Schema",
    "schema_for",
    "version_of",
]

#: One column: its name in the codebook and its DuckDB type.
Column = tuple[str, str]
#: The columns of one file layout, in file order.
Schema = tuple[Column, ...]


def _actor(prefix: str) -> Schema:
    return tuple(
        (f"{prefix}{name}", "VARCHAR")
        for name in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    )


def _place(prefix: str, adm2: bool) -> Schema:
    columns: list[Column] = [
        (f"{prefix}_Type", "TINYINT"),
        (f"{prefix}_FullName", "VARCHAR"),
        (f"{prefix}_CountryCode", "VARCHAR"),
        (f"{prefix}_ADM1Code", "VARCHAR"),
    ]
    if adm2:
        columns.append((f"{prefix}_ADM2Code", "VARCHAR"))
    columns += [
        (f"{prefix}_Lat", "DOUBLE"),
        (f"{prefix}_Long", "DOUBLE"),
        (f"{prefix}_FeatureID", "VARCHAR"),
    ]
    return tuple(columns)


_DATES: Final[Schema] = (
    ("GLOBALEVENTID", "BIGINT"),
    ("SQLDATE", "INTEGER"),  # YYYYMMDD
    ("MonthYear", "INTEGER"),  # YYYYMM
    ("Year", "SMALLINT"),
    ("FractionDate", "DOUBLE"),
)

_ACTION: Final[Schema] = (
    ("IsRootEvent", "TINYINT"),
    ("EventCode", "VARCHAR"),
    ("EventBaseCode", "VARCHAR"),
    ("EventRootCode", "VARCHAR"),
    ("QuadClass", "TINYINT"),
    ("GoldsteinScale", "DOUBLE"),
    ("NumMentions", "INTEGER"),
    ("NumSources", "INTEGER"),
    ("NumArticles", "INTEGER"),
    ("AvgTone", "DOUBLE"),
)


def _layout(adm2: bool, url: bool) -> Schema:
    columns = (
        *_DATES,
        *_actor("Actor1"),
        *_actor("Actor2"),
        *_ACTION,
        *_place("Actor1Geo", adm2),
        *_place("Actor2Geo", adm2),
        *_place("ActionGeo", adm2),
        ("DATEADDED", "BIGINT"),  # YYYYMMDD in 1.0, YYYYMMDDHHMMSS in 2.0
    )
    return (*columns, ("SOURCEURL", "VARCHAR")) if url else columns


#: GDELT 1.0 daily export since April 2013: 58 columns, the last one ``SOURCEURL``.
GDELT1: Final[Schema] = _layout(adm2=False, url=True)
#: GDELT 1.0 before April 2013 (and the historical backfiles): 57 columns, no ``SOURCEURL``.
GDELT1_NO_URL: Final[Schema] = _layout(adm2=False, url=False)
#: GDELT 2.0 15-minute export: 61 columns.
GDELT2: Final[Schema] = _layout(adm2=True, url=True)

_BY_WIDTH: Final[dict[int, Schema]] = {57: GDELT1_NO_URL, 58: GDELT1, 61: GDELT2}


def schema_for(width: int) -> Schema | None:
    """The layout of a file whose lines have ``width`` fields, or None for no GDELT layout."""
    return _BY_WIDTH.get(width)


def version_of(schema: Schema) -> int:
    """1 or 2: the GDELT version of a layout.

    Examples:
        >>> version_of(GDELT1_NO_URL), version_of(GDELT2)
        (1, 2)
    """
    return 2 if schema is GDELT2 else 1
