"""Reading GDELT event exports with DuckDB: typed columns, filters in the scan, refusals told.

:func:`read` takes one file, a list, or glob patterns; plain, ``.gz`` or ``.zip`` (GDELT's own
archives, one member each). Each file's layout is found from its lines (57 or 58 fields: GDELT
1.0, 61: 2.0), and DuckDB's ``read_csv`` reads it with explicit columns
(:mod:`ruiran.coded.columns`), no header, tab as delimiter, no quoting (GDELT quotes nothing),
and the filter of :class:`~ruiran.coded.sql.Filter` as the query's ``WHERE``. GDELT's ``.zip``
archives are unpacked to a temporary folder first (DuckDB reads gzip but not zip).

**The screen.** With an actor filter, most lines cannot pass: an event between Russia and Iran
has ``RUS`` and ``IRN`` as whole tab-separated fields. So a filtered read goes in two steps.
DuckDB first reads each file's lines as they are, as one text column, and copies the lines
that hold a code of each side between two tabs to a scratch file (a superset of the lines that
pass: the code may sit in another column); only those lines are then parsed into typed columns
and filtered exactly. Converting 61 fields costs far more than finding two substrings, so this
reads a file in about half the time of parsing every line. The lines set aside are counted
(``ReadSummary.unparsed``, part of ``filtered_out``) but not parsed, so a malformed line among
them (one that could not have been an event of the filter in any case, as it lacks a side's
code) is not reported; ``check_all=True`` parses every line, as a read without a filter does.
Each layout (2.0, 1.0, 1.0 without URLs) is screened by one scan of all its files, and the
lines that pass go to one scratch file, each led by its file's rank. If a line that passed
the screen cannot be read, the files of its layout are read again whole, so that the refusal
carries DuckDB's message and the line's number in its own file.

Nothing is dropped in silence. A line DuckDB cannot read (too few or too many fields, a number
that is not one, no GLOBALEVENTID or SQLDATE) is *refused*: DuckDB's ``store_rejects`` keeps
it, and the :class:`ReadSummary` lists each with its file, line number and DuckDB's message,
next to how many lines were read and kept.

**Duplicates.** An event in two files (GDELT 2.0's 15-minute files overlap; the same file may
be given twice) is kept once: the copy with the latest ``DATEADDED``, then the one from the
file given last (:mod:`ruiran.coded.duplicates`). The summary counts the copies dropped.

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
import re
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final, cast

import attrs

from ruiran.coded import extras
from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, GDELT2, Schema, schema_for, version_of
from ruiran.coded.duplicates import drop_duplicates
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
#: A CAMEO country code, as the screen takes it.
_CODE: Final = re.compile(r"^[A-Z]{3}$")
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
    """What a read did: files, lines read, kept (passed the filter), refused, duplicates.

    ``lines_read == kept + filtered_out + refused + duplicates``.

    Attributes:
        files: The files read, as given (globs expanded).
        lines_read: Every line of the files (kept, filtered out, refused or a duplicate).
        kept: The events kept: lines that were read and passed the filter, one per
            GLOBALEVENTID.
        refused: The lines that could not be read (see ``refusals``).
        refusals: The first :data:`MAX_LISTED` refused lines (or files), each with where and why.
        versions: The GDELT versions of the files (1, 2 or both).
        where: The filter's SQL condition.
        duplicates: Lines that passed the filter but repeat a GLOBALEVENTID already kept
            (dropped: see :mod:`ruiran.coded.duplicates` for which copy is kept).
        unparsed: Lines the screen set aside without parsing them (no code of a side as a
            whole field: they cannot pass an actor filter); part of ``filtered_out``.
    """

    files: tuple[str, ...]
    lines_read: int
    kept: int
    refused: int
    refusals: tuple[Refusal, ...] = ()
    versions: tuple[int, ...] = ()
    where: str = "TRUE"
    duplicates: int = 0
    unparsed: int = 0

    @property
    def filtered_out(self) -> int:
        """Lines that were read but did not pass the filter."""
        return self.lines_read - self.kept - self.refused - self.duplicates

    def __str__(self) -> str:
        text = (
            f"read {self.lines_read:,} line{'s' if self.lines_read != 1 else ''} from "
            f"{count(len(self.files), 'file')}: "
            f"kept {self.kept:,}, filtered out {self.filtered_out:,}, refused {self.refused:,}"
        )
        if self.duplicates:
            text += f", dropped {self.duplicates:,} duplicate{'s' if self.duplicates != 1 else ''}"
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
            "duplicates": self.duplicates,
            "unparsed": self.unparsed,
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
    """One readable file: where DuckDB reads it, what to call it, its layout, its position
    among the files read (on a tie between copies of an event, the later file's is kept)."""

    path: Path
    label: str
    schema: Schema
    rank: int = 0


@attrs.frozen
class _Screened:
    """The lines of a layout's files that passed the screen, each led by its file's rank and
    a tab, written to ``path``; how many lines those files have, and how many passed."""

    path: Path
    lines: int
    candidates: int


def read(
    files: Sequence[Path],
    where: str = "TRUE",
    *,
    screen: Sequence[Sequence[str]] = (),
    check_all: bool = False,
) -> tuple[Any, ReadSummary]:
    """Read GDELT files into one Arrow table of :data:`STORE_COLUMNS`, keeping ``where``.

    Rows come as DuckDB's scans give them (by GDELT layout, then file; the store sorts them),
    one per GLOBALEVENTID: an event in two files (or twice in one) is kept once, by the rule of :mod:`ruiran.coded.duplicates`
    (the latest DATEADDED, then the file given last), and the summary says how many copies
    were dropped.

    Args:
        files: The files (see :func:`expand`).
        where: The filter, an SQL condition over GDELT's column names.
        screen: Groups of CAMEO country codes that a line must hold as whole fields, one code
            of each group, to be able to pass ``where`` (for an actor filter: the codes of
            each side). Lines that hold none of a group's codes are counted and set aside
            without being parsed (see the module's docstring); ``()``: parse every line.
        check_all: Parse every line even with a ``screen``, so that a malformed line the
            filter would drop anyway is refused and reported too (slower).

    Returns:
        The table (pyarrow) and the summary.

    Raises:
        MissingExtraError: when duckdb or pyarrow is missing (``pip install 'ruiran[events]'``).
    """
    duckdb = extras.duckdb()
    extras.pyarrow()
    table, summary, _ = _read(duckdb, files, where, screen, check_all, _fetched)
    if table is None:
        return empty_table(), summary
    table, duplicates = drop_duplicates(table, table.column("_rank").to_numpy())
    table = table.drop_columns(["_rank"])
    return table, attrs.evolve(summary, kept=table.num_rows, duplicates=duplicates)


#: Where the rows that pass go: called with a connection and the query that gives them;
#: returns what it made of them (for :func:`read`: the table) and how many there were.
Sink = Callable[[Any, str], tuple[Any, int]]


def _fetched(connection: Any, query: str) -> tuple[Any, int]:
    """The sink of :func:`read`: the rows as one compact Arrow table (with ``_rank``)."""
    table = _fetch_compact(connection.sql(query))
    return table, int(table.num_rows)


def _read(
    duckdb: Any,
    files: Sequence[Path],
    where: str,
    screen: Sequence[Sequence[str]],
    check_all: bool,
    sink: Sink,
    *,
    first_rank: int = 0,
    scratch_in: Path | None = None,
) -> tuple[Any, ReadSummary, int]:
    """The read shared by :func:`read` and the streaming ingest (:mod:`ruiran.coded.stream`):
    find the files' layouts, screen, parse, and hand the rows that pass (with ``_rank``, from
    ``first_rank`` on) to ``sink``. Returns what the sink made (None when no file could be
    read), the summary (``kept``: every row that passed, duplicates not yet dropped), and the
    next free rank. Scratch files go in a temporary folder in ``scratch_in`` (the system's
    temporary folder when None)."""
    condition = None if check_all or not screen else _screen_sql(screen)
    refusals: list[Refusal] = []
    with tempfile.TemporaryDirectory(prefix="ruiran-gdelt-", dir=scratch_in) as scratch:
        parts: list[_Part] = []
        for file in files:
            for part in _parts(file, Path(scratch), refusals):
                parts.append(attrs.evolve(part, rank=first_rank + len(parts)))
        whole_files = len(refusals)
        if not parts:
            summary = ReadSummary(
                tuple(str(f) for f in files), 0, 0, len(refusals), tuple(refusals), (), where
            )
            return None, summary, first_rank
        groups = _groups(parts)
        screened: dict[Schema, _Screened] = {}
        if condition is not None:
            for schema, group in groups.items():
                found = _screen_group(duckdb, schema, group, condition, Path(scratch))
                if found is not None:
                    screened[schema] = found
        while True:
            result, passed, scanned, rejected, refused_lines = _parse(
                duckdb, groups, screened, where, sink
            )
            redo = {r.file for r in rejected} & {str(s.path) for s in screened.values()}
            if not redo:
                break
            # a line that passed the screen could not be read: read its layout's files whole,
            # for DuckDB's own message and the line's number in its file
            screened = {k: s for k, s in screened.items() if str(s.path) not in redo}
    refusals.extend(rejected[: MAX_LISTED - len(refusals)])
    versions = tuple(sorted({version_of(p.schema) for p in parts}))
    unparsed = sum(s.lines - s.candidates for s in screened.values())
    summary = ReadSummary(
        files=tuple(str(f) for f in files),
        lines_read=scanned + unparsed + refused_lines,
        kept=passed,
        refused=refused_lines + whole_files,
        refusals=tuple(refusals),
        versions=versions,
        where=where,
        unparsed=unparsed,
    )
    return result, summary, first_rank + len(parts)


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


def _scan(paths: Sequence[Path], schema: Schema, *, filename: bool = False) -> str:
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in schema) + "}"
    files = "[" + ", ".join(_string(str(p)) for p in paths) + "]"
    required = "[" + ", ".join(f"'{c}'" for c in _REQUIRED) + "]"
    return (
        f"read_csv({files}, delim='\\t', header=false, quote='', escape='', "
        f"columns={columns}, auto_detect=false, strict_mode=true, null_padding=false, "
        f"force_not_null={required}, store_rejects=true, compression='auto'"
        f"{', filename=true' if filename else ''})"
    )


def _lines(paths: Sequence[Path]) -> str:
    """A scan of files' lines as they are, one text column ``line`` (no field is parsed), with
    the ``filename`` each line comes from."""
    files = "[" + ", ".join(_string(str(p)) for p in paths) + "]"
    return (
        f"read_csv({files}, delim='\x01', header=false, quote='', escape='', "
        "columns={'line': 'VARCHAR'}, auto_detect=false, strict_mode=true, "
        "null_padding=false, store_rejects=true, compression='auto', filename=true)"
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


def _screen_group(
    duckdb: Any, schema: Schema, parts: Sequence[_Part], condition: str, scratch: Path
) -> _Screened | None:
    """Copy the lines of a layout's files that pass the screen to one file, each led by its
    file's rank and a tab (DuckDB reads and writes the lines as they are), counting every
    line; None when a line could not be taken whole (the files are then read whole)."""
    target = scratch / f"screened-{len(schema)}.tsv"
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_profiling='no_output'")
        _with_ranks(connection, parts)
        written = connection.execute(
            "COPY (SELECT CAST(r.rank AS VARCHAR) || chr(9) || t.line "
            f"FROM {_lines([p.path for p in parts])} t JOIN _ranks r ON t.filename = r.path "
            f"WHERE {condition}) TO {_string(str(target))} "
            "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x01')"
        ).fetchall()
        lines = _rows_scanned(connection)
        if connection.sql("SELECT count(*) FROM reject_errors").fetchall()[0][0]:
            return None
        if lines is None:
            scan = _lines([p.path for p in parts])
            lines = int(connection.sql(f"SELECT count(*) FROM {scan}").fetchall()[0][0])
    except Exception:  # anything odd (an older DuckDB, a line DuckDB cannot take): read whole
        return None
    finally:
        connection.close()
    return _Screened(target, lines, int(written[0][0]))


def _select(schema: Schema, source: str, rank: str, where: str) -> str:
    """The store's columns from one scan of a layout, with the rows' ranks, filtered."""
    present = {name for name, _ in schema}
    items = [
        name if name in present else f"CAST(NULL AS {kind}) AS {name}"
        for name, kind in STORE_COLUMNS
        if name != "Version"
    ]
    items.append(f"CAST({version_of(schema)} AS TINYINT) AS Version")
    items.append(f"CAST({rank} AS INTEGER) AS _rank")
    return f"SELECT {', '.join(items)} FROM {source} WHERE {where}"


def _query(groups: dict[Schema, list[_Part]], screened: dict[Schema, _Screened], where: str) -> str:
    """One scan per layout (of its files, or of the lines that passed its screen), unioned to
    the store's columns with each row's rank, filtered."""
    selects = []
    for schema, parts in groups.items():
        if schema in screened:
            source = _scan([screened[schema].path], (("_rank", "INTEGER"), *schema))
            selects.append(_select(schema, source, "_rank", where))
        else:
            source = (
                f"{_scan([p.path for p in parts], schema, filename=True)} "
                "JOIN _ranks ON filename = _ranks.path"
            )
            selects.append(_select(schema, source, "_ranks.rank", where))
    return "\nUNION ALL\n".join(selects)


def _parse(
    duckdb: Any,
    groups: dict[Schema, list[_Part]],
    screened: dict[Schema, _Screened],
    where: str,
    sink: Sink,
) -> tuple[Any, int, int, list[Refusal], int]:
    """Parse each layout's files (a screened layout: only its lines that passed the screen),
    keeping ``where``, the rows handed to ``sink`` (with ``_rank``): what the sink made of
    them, how many passed, rows DuckDB's scans produced, refusals, and how many lines were
    refused."""
    parts = [p for group in groups.values() for p in group]
    labels = {str(p.path): p.label for p in parts}
    labels.update({str(s.path): str(s.path) for s in screened.values()})
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_profiling='no_output'")
        _with_ranks(connection, parts)
        result, passed = sink(connection, _query(groups, screened, where))
        scanned = _rows_scanned(connection)
        rejected, refused_lines = _rejects(connection, labels)
        if scanned is None:  # the profiler did not say: count the lines
            scanned = _count_lines(connection, groups, screened)
    finally:
        connection.close()
    return result, passed, scanned, rejected, refused_lines


#: Rows fetched from DuckDB at a time by a read into memory (each batch is made compact as it
#: comes, so the plain rows of the whole result are never held at once); under 2**15, so that
#: a batch's dictionaries fit int16 indices.
_FETCH_ROWS: Final = 32_000


def _fetch_compact(relation: Any) -> Any:
    """A query's result as one Arrow table, fetched in record batches, each made compact as
    it comes (text dictionary-encoded, with int16 indices, room for a batch's
    :data:`_FETCH_ROWS` values, so that the batches share a schema:
    :meth:`~ruiran.coded.store.CodedStore.build` unifies the dictionaries and narrows them).
    """
    from ruiran.coded.store import compact

    pa = extras.pyarrow()
    fetch = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
    reader = fetch(_FETCH_ROWS)
    batches = []
    for batch in reader:
        compacted = compact(pa.Table.from_batches([batch]), index=pa.int16())
        # a column left as it came would keep DuckDB's whole batch (every text) alive: copy
        columns = [
            column if pa.types.is_dictionary(column.type) else pa.concat_arrays(column.chunks)
            for column in compacted.columns
        ]
        batches.append(pa.table(columns, names=compacted.schema.names))
    if not batches:
        return compact(reader.schema.empty_table(), index=pa.int16())
    return pa.concat_tables(batches)


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


def _count_lines(
    connection: Any, groups: dict[Schema, list[_Part]], screened: dict[Schema, _Screened]
) -> int:
    """Lines DuckDB reads without refusal, counted (the fallback when the profiler is silent)."""
    total = 0
    for schema, parts in groups.items():
        if schema in screened:
            total += screened[schema].candidates
            continue
        query = f"SELECT count(*) FROM {_scan([p.path for p in parts], schema)}"
        total += int(connection.sql(query).fetchall()[0][0])
    return total


def _rejects(connection: Any, labels: dict[str, str]) -> tuple[list[Refusal], int]:
    """Every refused line, in file order, with DuckDB's message (a file read twice lists its
    lines once), and how many lines were refused (a file read twice counts twice)."""
    try:
        rows = connection.sql(
            "SELECT e.scan_id, e.file_id, s.file_path, e.line, e.error_message, e.csv_line "
            "FROM reject_errors e JOIN reject_scans s "
            "ON e.scan_id = s.scan_id AND e.file_id = s.file_id "
            "ORDER BY s.file_path, e.line, e.column_idx"
        ).fetchall()
    except Exception:  # no table: nothing was refused
        return [], 0
    found: list[Refusal] = []
    seen: set[tuple[str, int]] = set()
    refused = len({(int(scan), int(file), int(line)) for scan, file, _, line, _, _ in rows})
    for _, _, path, line, message, text in rows:
        label = labels.get(str(path), str(path))
        key = (label, int(line))
        if key in seen:
            continue  # one refusal per line, with its first error
        seen.add(key)
        said = " ".join(str(message).split()) if message else "could not be read"
        found.append(Refusal(label, int(line), clip(said), None if text is None else clip(text)))
    rank = {label: i for i, label in enumerate(labels.values())}
    found.sort(key=lambda r: (rank.get(r.file, len(rank)), r.line or 0))
    return found, refused
