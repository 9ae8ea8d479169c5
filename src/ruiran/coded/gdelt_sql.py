"""The SQL text of a GDELT read: DuckDB's scans of each layout, the screen, the store's columns.

Part of the reader, :mod:`ruiran.coded.gdelt`, which runs these queries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, GDELT2, Schema, version_of
from ruiran.coded.gdelt_files import _Part
from ruiran.read.limits import DEFAULT_LIMITS, Limits

__all__ = ["STORE_COLUMNS"]

#: The columns the store keeps, in order: GDELT's own, less MonthYear, Year and FractionDate
#: (all three follow from SQLDATE), plus ``Version`` (1 or 2: which GDELT the row came from).
STORE_COLUMNS: Final[Schema] = (
    *((name, kind) for name, kind in GDELT2 if name not in ("MonthYear", "Year", "FractionDate")),
    ("Version", "TINYINT"),
)
#: Columns that must hold a value: a line without one is refused.
_REQUIRED: Final = ("GLOBALEVENTID", "SQLDATE")
#: A CAMEO country code, as the screen takes it.
_CODE: Final = re.compile(r"^[A-Z]{3}$")


@attrs.frozen
class _Screened:
    """The lines of a layout's files that passed the screen, each led by its file's rank and
    a tab, written to ``path``; how many lines those files have, and how many passed."""

    path: Path
    lines: int
    candidates: int


def _scan(
    paths: Sequence[Path],
    schema: Schema,
    *,
    filename: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> str:
    """A scan of files of one layout: a subquery with the layout's columns and types, and
    ``_bad``: NULL, or the date that is none (see :func:`_bad_date`).

    DuckDB reads SQLDATE and DATEADDED as the text the file holds (its date reading takes
    ``2024011`` as 2024-01-01 and a year ``0000`` as 1 BC), and the subquery gives back each
    date that is exactly ``YYYYMMDD`` (2.0's DATEADDED: ``YYYYMMDDHHMMSS``), a real calendar
    day from year 1 on, as GDELT's number; a row with any other date has its dates NULL and
    ``_bad`` set, for the sink to set it aside (:data:`Sink`). A line longer than
    ``Limits.gdelt_line_bytes`` is refused by DuckDB.
    """
    read_as = _date_types(schema)
    columns = "{" + ", ".join(
        f"'{n}': '{'VARCHAR' if n in read_as else k}'" for n, k in schema
    ) + "}"  # fmt: skip
    files = "[" + ", ".join(_string(str(p)) for p in paths) + "]"
    required = "[" + ", ".join(f"'{c}'" for c in _REQUIRED) + "]"
    scan = (
        f"read_csv({files}, delim='\\t', header=false, quote='', escape='', "
        f"columns={columns}, auto_detect=false, strict_mode=true, null_padding=false, "
        f"force_not_null={required}, store_rejects=true, compression='auto'"
        f"{', filename=true' if filename else ''}, "
        f"max_line_size={int(limits.gdelt_line_bytes)})"
    )
    given = dict(schema)  # each date back to its layout's type (INTEGER, BIGINT)
    checks = ", ".join(
        f"({name} IS NULL OR {_date_check(name, kind)}) AS _{name}_ok"
        for name, kind in read_as.items()
    )  # SQLDATE is never NULL (force_not_null): an empty one is no date
    numbers = ", ".join(
        f"CAST(CASE WHEN _{name}_ok THEN {name} END AS {given[name]}) AS {name}" for name in read_as
    )
    bad = " ".join(f"WHEN NOT _{name}_ok THEN '{name}' || chr(9) || {name}" for name in read_as)
    flags = ", ".join(f"_{name}_ok" for name in read_as)
    return (
        f"(SELECT * EXCLUDE ({flags}) REPLACE ({numbers}), CASE {bad} END AS {_BAD} "
        f"FROM (SELECT *, {checks} FROM {scan}))"
    )


#: The column of a scan that names a row's date that is none: ``COLUMN<tab>its text``.
_BAD: Final = "_bad"

#: Each kind of GDELT date: its layout, and the format DuckDB checks it against.
_DATE_LAYOUT: Final = {
    "DATE": ("YYYYMMDD", "%Y%m%d"),
    "TIMESTAMP": ("YYYYMMDDHHMMSS", "%Y%m%d%H%M%S"),
}


def _date_check(name: str, kind: str) -> str:
    """SQL true when the text of the date column ``name`` is exactly its layout's digits
    (``kind``: DATE or TIMESTAMP), a real day (and time) from year 1 on."""
    layout, form = _DATE_LAYOUT[kind]
    return (
        f"(regexp_full_match({name}, '[0-9]{{{len(layout)}}}') "
        f"AND NOT starts_with({name}, '0000') AND try_strptime({name}, '{form}') IS NOT NULL)"
    )


def _date_types(schema: Schema) -> dict[str, str]:
    """The kinds of a layout's dates (2.0, the one with ADM2 codes, has DATEADDED to the
    second)."""
    names = {name for name, _ in schema}
    return {
        "SQLDATE": "DATE",
        "DATEADDED": "TIMESTAMP" if "ActionGeo_ADM2Code" in names else "DATE",
    }


def _lines(paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS) -> str:
    """A scan of files' lines as they are, one text column ``line`` (no field is parsed), with
    the ``filename`` each line comes from."""
    files = "[" + ", ".join(_string(str(p)) for p in paths) + "]"
    return (
        f"read_csv({files}, delim='\x01', header=false, quote='', escape='', "
        "columns={'line': 'VARCHAR'}, auto_detect=false, strict_mode=true, "
        "null_padding=false, store_rejects=true, compression='auto', filename=true, "
        f"max_line_size={int(limits.gdelt_line_bytes)})"
    )


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _groups(parts: Sequence[_Part]) -> dict[Schema, list[_Part]]:
    """The parts by layout (each layout is read by one scan of all its files)."""
    groups: dict[Schema, list[_Part]] = {}
    for schema in (GDELT2, GDELT1, GDELT1_NO_URL):
        found = [p for p in parts if p.schema == schema]
        if found:
            groups[schema] = found
    return groups


def _with_ranks(connection: Any, parts: Sequence[_Part]) -> None:
    """A table ``_ranks(path, rank)`` in the connection: each file read and its rank (a file
    given twice has the later rank)."""
    ranks = {str(p.path): p.rank for p in parts}
    connection.execute(
        "CREATE TEMP TABLE _ranks AS SELECT unnest(?) AS path, unnest(?) AS rank",
        [list(ranks), list(ranks.values())],
    )


def _screen_sql(groups: Sequence[Sequence[str]]) -> str:
    """The screen as a condition on ``line``: for each group, one of its codes as a whole
    field (between two tabs: an actor's country code is never a line's first or last field)."""
    terms = []
    for group in groups:
        for code in group:
            if not _CODE.match(code):  # never interpolate anything else into SQL
                raise ValueError(f"a CAMEO country code must be three capital letters ({code!r})")
        terms.append(
            "(" + " OR ".join(f"contains(line, '\t{c}\t')" for c in sorted(set(group))) + ")"
        )
    return " AND ".join(terms) if terms else "TRUE"


def _select(schema: Schema, source: str, rank: str, where: str) -> str:
    """The store's columns from one scan of a layout, with the rows' ranks and ``_bad``,
    filtered (a row whose date is none is kept whatever the filter, to be refused)."""
    present = {name for name, _ in schema}
    items = [
        name if name in present else f"CAST(NULL AS {kind}) AS {name}"
        for name, kind in STORE_COLUMNS
        if name != "Version"
    ]
    items.append(f"CAST({version_of(schema)} AS TINYINT) AS Version")
    items.append(f"CAST({rank} AS INTEGER) AS _rank")
    items.append(_BAD)
    return f"SELECT {', '.join(items)} FROM {source} WHERE {_BAD} IS NOT NULL OR ({where})"


def _query(
    groups: dict[Schema, list[_Part]],
    screened: dict[Schema, _Screened],
    where: str,
    limits: Limits = DEFAULT_LIMITS,
) -> str:
    """One scan per layout (of its files, or of the lines that passed its screen), unioned to
    the store's columns with each row's rank, filtered."""
    selects = []
    for schema, parts in groups.items():
        if schema in screened:
            scan = _scan([screened[schema].path], (("_rank", "INTEGER"), *schema), limits=limits)
            selects.append(_select(schema, scan, "_rank", where))
        else:
            source = (
                f"{_scan([p.path for p in parts], schema, filename=True, limits=limits)} "
                "JOIN _ranks ON filename = _ranks.path"
            )
            selects.append(_select(schema, source, "_ranks.rank", where))
    return "\nUNION ALL\n".join(selects)
