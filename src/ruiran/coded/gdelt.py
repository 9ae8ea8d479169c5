"""Reading GDELT event exports with DuckDB: typed columns, filters in the scan, refusals told.

:func:`read` takes one file, a list, or glob patterns; plain, ``.gz`` or ``.zip`` (GDELT's own
archives, one member each). Each file's layout is found from its lines (57 or 58 fields: GDELT
1.0, 61: 2.0), and DuckDB's ``read_csv`` reads it with explicit columns
(:mod:`ruiran.coded.columns`), no header, tab as delimiter, no quoting (GDELT quotes nothing),
and the filter of :class:`~ruiran.coded.sql.Filter` as the query's ``WHERE``. GDELT's ``.zip``
archives are unpacked to a temporary folder first (DuckDB reads gzip but not zip).

Nothing is dropped in silence. A line DuckDB cannot read (too few or too many fields, a number
that is not one, no GLOBALEVENTID or SQLDATE) is *refused*: DuckDB's ``store_rejects`` keeps
it, and the :class:`ReadSummary` lists each with its file, line number and DuckDB's message,
next to how many lines were read and kept.

How many lines were read comes from DuckDB's profiler (the rows its CSV scan produced, plus
the refused lines), so the files are read once; if the profiler does not say (another DuckDB
version), the lines are counted with a second, cheaper scan.

Examples:
    >>> import pathlib, tempfile
    >>> from ruiran.testing import synthetic_gdelt
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "events.tsv.zip", 1000)
    >>> table, summary = read([path], "Actor1CountryCode = 'RUS'")
    >>> summary.lines_read, summary.kept == table.num_rows, summary.refused
    (1000, True, 0)
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final, cast

import attrs

from ruiran.coded import extras
from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, GDELT2, Schema, schema_for, version_of
from ruiran.errors import clip
from ruiran.model.display import count

__all__ = ["STORE_COLUMNS", "ReadSummary", "Refusal", "empty_table", "expand", "read"]

#: The columns the store keeps, in order: GDELT's own, less MonthYear, Year and FractionDate
#: (all three follow from SQLDATE), plus ``Version`` (1 or 2: which GDELT the row came from).
STORE_COLUMNS: Final[Schema] = (
    *((name, kind) for name, kind in GDELT2 if name not in ("MonthYear", "Year", "FractionDate")),
    ("Version", "TINYINT"),
)
#: Columns that must hold a value: a line without one is refused.
_REQUIRED: Final = ("GLOBALEVENTID", "SQLDATE")
#: How many lines of each file are looked at to find its layout.
_SNIFF_LINES: Final = 20
#: How many refusals a summary lists one by one (all are counted).
MAX_LISTED: Final = 1_000


@attrs.frozen
class Refusal:
    """A line that was not read, and why.

    Attributes:
        file: The file, as given (a zip archive's member as ``archive.zip!member``).
        line: The line number (1 is the first), or None when the whole file was refused.
        message: What was wrong (DuckDB's words for a line).
        text: The line itself, clipped, when known.
    """

    file: str
    line: int | None
    message: str
    text: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


@attrs.frozen
class ReadSummary:
    """What a read did: files, lines read, kept (passed the filter) and refused.

    Attributes:
        files: The files read, as given (globs expanded).
        lines_read: Every line of the files (kept, filtered out or refused).
        kept: The lines that were read and passed the filter.
        refused: The lines that could not be read (see ``refusals``).
        refusals: The first :data:`MAX_LISTED` refused lines (or files), each with where and why.
        versions: The GDELT versions of the files (1, 2 or both).
        where: The filter's SQL condition.
    """

    files: tuple[str, ...]
    lines_read: int
    kept: int
    refused: int
    refusals: tuple[Refusal, ...] = ()
    versions: tuple[int, ...] = ()
    where: str = "TRUE"

    @property
    def filtered_out(self) -> int:
        """Lines that were read but did not pass the filter."""
        return self.lines_read - self.kept - self.refused

    def __str__(self) -> str:
        text = (
            f"read {self.lines_read:,} line{'s' if self.lines_read != 1 else ''} from "
            f"{count(len(self.files), 'file')}: "
            f"kept {self.kept:,}, filtered out {self.filtered_out:,}, refused {self.refused:,}"
        )
        if self.refusals:
            text += "\n" + "\n".join(f"  refused {r}" for r in self.refusals[:20])
            if self.refused > 20:
                text += f"\n  ... and {self.refused - 20:,} more (see .refusals)"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (JSON)."""
        return {
            "files": list(self.files),
            "lines_read": self.lines_read,
            "kept": self.kept,
            "filtered_out": self.filtered_out,
            "refused": self.refused,
            "refusals": [attrs.asdict(r) for r in self.refusals],
            "versions": list(self.versions),
            "where": self.where,
        }


def expand(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files named: a path, a glob pattern, or a list of either; patterns sorted.

    Raises:
        FileNotFoundError: for a path that does not exist or a pattern that matches nothing.
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    found: list[Path] = []
    for item in items:
        text = os.fspath(item)
        if any(char in text for char in "*?[") and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise FileNotFoundError(f"no file matches {text!r}")
            found.extend(Path(m) for m in matches if Path(m).is_file())
        elif Path(text).is_file():
            found.append(Path(text))
        elif Path(text).exists():
            raise IsADirectoryError(f"{text!r} is a folder: give its files, or a pattern")
        else:
            raise FileNotFoundError(f"no GDELT file at {text!r}")
    return found


@attrs.frozen
class _Part:
    """One readable file: where DuckDB reads it, what to call it, its layout."""

    path: Path
    label: str
    schema: Schema


def read(files: Sequence[Path], where: str = "TRUE") -> tuple[Any, ReadSummary]:
    """Read GDELT files into one Arrow table of :data:`STORE_COLUMNS`, keeping ``where``.

    Rows come ordered by SQLDATE, then GLOBALEVENTID.

    Returns:
        The table (pyarrow) and the summary.

    Raises:
        MissingExtraError: when duckdb or pyarrow is missing (``pip install 'ruiran[events]'``).
    """
    duckdb = extras.duckdb()
    extras.pyarrow()
    refusals: list[Refusal] = []
    with tempfile.TemporaryDirectory(prefix="ruiran-gdelt-") as scratch:
        parts: list[_Part] = []
        for file in files:
            parts.extend(_parts(file, Path(scratch), refusals))
        whole_files = len(refusals)
        labels = {str(p.path): p.label for p in parts}
        if not parts:
            table = empty_table()
            return table, ReadSummary(
                tuple(str(f) for f in files), 0, 0, len(refusals), tuple(refusals), (), where
            )
        connection = duckdb.connect()
        try:
            connection.execute("SET enable_profiling='no_output'")
            query = _query(parts, where)
            table = connection.sql(query).to_arrow_table()
            scanned = _rows_scanned(connection)
            rejected = _rejects(connection, labels)
            if scanned is None:  # the profiler did not say: count the lines
                scanned = _count_lines(connection, parts)
        finally:
            connection.close()
    refused_lines = len({(r.file, r.line) for r in rejected})
    refusals.extend(rejected[: MAX_LISTED - len(refusals)])
    versions = tuple(sorted({version_of(p.schema) for p in parts}))
    summary = ReadSummary(
        files=tuple(str(f) for f in files),
        lines_read=scanned + refused_lines,
        kept=table.num_rows,
        refused=refused_lines + whole_files,
        refusals=tuple(refusals),
        versions=versions,
        where=where,
    )
    return table, summary


def empty_table() -> Any:
    """A table of :data:`STORE_COLUMNS` without rows."""
    pa = extras.pyarrow()
    types = {
        "VARCHAR": pa.string(),
        "BIGINT": pa.int64(),
        "INTEGER": pa.int32(),
        "SMALLINT": pa.int16(),
        "TINYINT": pa.int8(),
        "DOUBLE": pa.float64(),
    }
    return pa.table({name: pa.array([], types[kind]) for name, kind in STORE_COLUMNS})


# -- files and their layouts ----------------------------------------------------------------------


def _parts(file: Path, scratch: Path, refusals: list[Refusal]) -> Iterator[_Part]:
    """The readable parts of a file (a zip archive's members, unpacked), or a refusal."""
    label = str(file)
    if file.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(file)
        except zipfile.BadZipFile as error:
            refusals.append(Refusal(label, None, f"not a zip archive: {error}"))
            return
        with archive:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                name = f"{label}!{member.filename}"
                target = scratch / f"{len(os.listdir(scratch))}.tsv"
                with archive.open(member) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink, 1 << 22)
                schema = _layout(target, name, refusals)
                if schema is not None:
                    yield _Part(target, name, schema)
        return
    schema = _layout(file, label, refusals)
    if schema is not None:
        yield _Part(file, label, schema)


def _open(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _layout(path: Path, label: str, refusals: list[Refusal]) -> Schema | None:
    """The layout of a file from its first lines (the most common width), or a refusal."""
    widths: Counter[int] = Counter()
    try:
        with _open(path) as handle:
            for _ in range(_SNIFF_LINES):
                line = handle.readline()
                if not line:
                    break
                if line.strip(b"\r\n"):
                    widths[line.rstrip(b"\r\n").count(b"\t") + 1] += 1
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        refusals.append(Refusal(label, None, f"cannot be read: {error}"))
        return None
    if not widths:
        return GDELT2  # an empty file: nothing to read, any layout will do
    width = widths.most_common(1)[0][0]
    schema = schema_for(width)
    if schema is None:
        refusals.append(
            Refusal(
                label,
                None,
                f"not a GDELT event file: its lines have {width} tab-separated fields; GDELT "
                "1.0 has 57 or 58, GDELT 2.0 has 61",
            )
        )
    return schema


# -- the query ------------------------------------------------------------------------------------


def _scan(paths: Sequence[Path], schema: Schema) -> str:
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in schema) + "}"
    files = "[" + ", ".join(_string(str(p)) for p in paths) + "]"
    required = "[" + ", ".join(f"'{c}'" for c in _REQUIRED) + "]"
    return (
        f"read_csv({files}, delim='\\t', header=false, quote='', escape='', "
        f"columns={columns}, auto_detect=false, strict_mode=true, null_padding=false, "
        f"force_not_null={required}, store_rejects=true, compression='auto')"
    )


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _query(parts: Sequence[_Part], where: str) -> str:
    """One SELECT per layout, unioned to the store's columns, filtered and ordered."""
    selects = []
    for schema in (GDELT2, GDELT1, GDELT1_NO_URL):
        group = [p.path for p in parts if p.schema == schema]
        if not group:
            continue
        present = {name for name, _ in schema}
        items = [
            name if name in present else f"CAST(NULL AS {kind}) AS {name}"
            for name, kind in STORE_COLUMNS
            if name != "Version"
        ]
        items.append(f"CAST({version_of(schema)} AS TINYINT) AS Version")
        selects.append(f"SELECT {', '.join(items)} FROM {_scan(group, schema)} WHERE {where}")
    union = "\nUNION ALL\n".join(selects)
    return f"SELECT * FROM ({union}) ORDER BY SQLDATE, GLOBALEVENTID"


def _rows_scanned(connection: Any) -> int | None:
    """The rows DuckDB's CSV scans produced in the last query, from its profiler."""
    try:
        info = json.loads(connection.get_profiling_information(format="json"))
    except Exception:  # an older DuckDB, or another format: count instead
        return None
    found: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            name = str(node.get("name") or node.get("operator_name") or node.get("operator_type"))
            if "READ_CSV" in name or "READ_CSV" in json.dumps(node.get("extra_info", "")):
                for key in ("rows_scanned", "operator_rows_scanned", "cumulative_rows_scanned"):
                    if isinstance(node.get(key), int):
                        found.append(node[key])
                        return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(info)
    return sum(found) if found else None


def _count_lines(connection: Any, parts: Sequence[_Part]) -> int:
    """Lines DuckDB reads without refusal, counted (the fallback when the profiler is silent)."""
    total = 0
    for part in parts:
        query = f"SELECT count(*) FROM {_scan([part.path], part.schema)}"
        total += int(connection.sql(query).fetchall()[0][0])
    return total


def _rejects(connection: Any, labels: dict[str, str]) -> list[Refusal]:
    """Every refused line, in file order, with DuckDB's message."""
    try:
        rows = connection.sql(
            "SELECT s.file_path, e.line, e.error_message, e.csv_line "
            "FROM reject_errors e JOIN reject_scans s "
            "ON e.scan_id = s.scan_id AND e.file_id = s.file_id "
            "ORDER BY s.file_path, e.line, e.column_idx"
        ).fetchall()
    except Exception:  # no table: nothing was refused
        return []
    found: list[Refusal] = []
    seen: set[tuple[str, int]] = set()
    for path, line, message, text in rows:
        label = labels.get(str(path), str(path))
        key = (label, int(line))
        if key in seen:
            continue  # one refusal per line, with its first error
        seen.add(key)
        said = " ".join(str(message).split()) if message else "could not be read"
        found.append(Refusal(label, int(line), clip(said), None if text is None else clip(text)))
    rank = {label: i for i, label in enumerate(labels.values())}
    found.sort(key=lambda r: (rank.get(r.file, len(rank)), r.line or 0))
    return found
