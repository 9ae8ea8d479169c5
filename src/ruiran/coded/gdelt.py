"""Reading GDELT event exports with DuckDB: typed columns, filters in the scan, refusals told.

:func:`read` takes one file, a list, or glob patterns; plain, ``.gz`` or ``.zip`` (GDELT's own
archives, one member each, or archives of thousands of members: each run of members of one
layout is unpacked into one scratch file, each line's member and number remembered). Each file's layout is found from its lines (57 or 58 fields: GDELT
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

Every read is bounded by :class:`~ruiran.limits.Limits` (``gdelt_line_bytes``,
``gdelt_unpacked_bytes``, ``gdelt_zip_members``); a file past a bound, a file that is not
GDELT, and a FIFO or device (never opened) are refused whole, counted in
``ReadSummary.files_refused``. GDELT 1.0 files mixing lines of 57 and 58 fields have their
lines split by width and each read by its own layout.

Nothing is dropped in silence. A line DuckDB cannot read (too few or too many fields, a number
that is not one, no GLOBALEVENTID or SQLDATE, a line too long) is *refused*: DuckDB's
``store_rejects`` keeps it, and the :class:`ReadSummary` lists each with its file, line number
and DuckDB's message, next to how many lines were read and kept. So is a line whose SQLDATE or
DATEADDED is not exactly ``YYYYMMDD`` (2.0's DATEADDED: ``YYYYMMDDHHMMSS``), a real calendar
day from year 1 on (``2024011``, ``00000101``, ``20241399``): the dates are read as text and
checked in the same scan, and the few rows with one that is none are found in their files
afterwards, for their lines' numbers (see :func:`_located`).

**Duplicates.** An event in two files (GDELT 2.0's 15-minute files overlap; the same file may
be given twice) is kept once: the copy with the latest ``DATEADDED``, then the one from the
file given last (:mod:`ruiran.coded.duplicates`). The summary counts the copies dropped.

How many lines were read comes from DuckDB's profiler (the rows its CSV scan produced, plus
the refused lines), so the files are read once; if the profiler does not say (another DuckDB
version), the lines are counted with a second, cheaper scan.

The reader is split by concern: :mod:`ruiran.coded.gdelt_files` (the files named, handed to
DuckDB, unpacked, their layouts), :mod:`ruiran.coded.gdelt_sql` (the query text),
:mod:`ruiran.coded.gdelt_refusals` (refused lines located, lines counted) and
:mod:`ruiran.coded.gdelt_summary` (:class:`ReadSummary`, :class:`Refusal`); this module runs the
read and is where every public name is imported from.

Examples:
    >>> import pathlib, tempfile
    >>> from ruiran.testing import synthetic_gdelt
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "events.tsv.zip", 1000)
    >>> table, summary = read([path], "Actor1CountryCode = 'RUS'")
    >>> summary.lines_read, summary.kept == table.num_rows, summary.refused
    (1000, True, 0)
"""

from __future__ import annotations

import contextlib
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, Final

import attrs

from ruiran.coded import extras
from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, Schema, version_of
from ruiran.coded.duplicates import drop_duplicates
from ruiran.coded.gdelt_files import _handoff, _Origin, _Part, _parts, _split, expand
from ruiran.coded.gdelt_refusals import (
    _count_lines,
    _in_order,
    _located,
    _mixed,
    _rejects,
    _rows_scanned,
)
from ruiran.coded.gdelt_sql import (
    _BAD,
    STORE_COLUMNS,
    _groups,
    _lines,
    _query,
    _screen_sql,
    _Screened,
    _string,
    _with_ranks,
)
from ruiran.coded.gdelt_summary import MAX_LISTED, ReadSummary, Refusal
from ruiran.read.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "MAX_LISTED",
    "STORE_COLUMNS",
    "ReadSummary",
    "Refusal",
    "empty_table",
    "expand",
    "read",
]


def read(
    files: Sequence[Path],
    where: str = "TRUE",
    *,
    screen: Sequence[Sequence[str]] = (),
    check_all: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Any, ReadSummary]:
    """Read GDELT files into one Arrow table of :data:`STORE_COLUMNS`, keeping ``where``.

    Rows come as DuckDB's scans give them (by GDELT layout, then file; the store sorts them),
    one per GLOBALEVENTID: an event in two files (or twice in one) is kept once, by the rule of
    :mod:`ruiran.coded.duplicates` (the latest DATEADDED, then the file given last), and the
    summary says how many copies were dropped.

    Scratch files (zip members unpacked, screened lines) live in a temporary folder
    ``ruiran-gdelt-*`` that is removed when the read ends, is interrupted (Ctrl-C), or is
    ended by SIGTERM: while reading, in the main thread, a SIGTERM handler is installed that
    removes the folder and then hands the signal on to the handler that was there before
    (by default: the process ends by the signal); that handler is put back after the read.

    Args:
        files: The files (see :func:`expand`).
        where: The filter, an SQL condition over GDELT's column names.
        screen: Groups of CAMEO country codes that a line must hold as whole fields, one code
            of each group, to be able to pass ``where`` (for an actor filter: the codes of
            each side). Lines that hold none of a group's codes are counted and set aside
            without being parsed (see the module's docstring); ``()``: parse every line.
        check_all: Parse every line even with a ``screen``, so that a malformed line the
            filter would drop anyway is refused and reported too (slower).
        limits: The bounds of every read: line length, unpacked size of a zip member,
            members of an archive (:class:`~ruiran.limits.Limits`, ``gdelt_*``).

    Returns:
        The table (pyarrow) and the summary. The table is made compact as DuckDB's record
        batches are fetched (:func:`~ruiran.coded.store.compact` with int16 dictionary
        indices, one dictionary per batch): :meth:`~ruiran.coded.store.CodedStore.build`
        unifies and narrows them.

    Raises:
        MissingExtraError: when duckdb or pyarrow is missing (``pip install 'ruiran[events]'``).
    """
    duckdb = extras.duckdb()
    extras.pyarrow()
    with _removed_on_sigterm():
        table, summary, _ = _read(duckdb, files, where, screen, check_all, limits, _fetched)
    if table is None:  # no file could be read: no rows, in the types a fetched table has
        from ruiran.coded.store import compact

        return compact(empty_table(), index=extras.pyarrow().int16()), summary
    table, duplicates = drop_duplicates(table, table.column("_rank").to_numpy())
    table = table.drop_columns(["_rank"])
    return table, attrs.evolve(summary, kept=table.num_rows, duplicates=duplicates)


#: Where the rows that pass go: called with a connection and the query that gives them (with
#: ``_rank`` and ``_bad``); returns what it made of them (for :func:`read`: the table) and how
#: many there were, less the rows whose ``_bad`` is set (a date that is none), which it sets
#: aside and returns as ``(_rank, GLOBALEVENTID, _bad)``. When a read is redone (a screened
#: line could not be read; a GDELT 1.0 file mixes 57 and 58 fields), it is called again, on a
#: new connection: the last call's result is the one that counts.
Sink = Callable[[Any, str], tuple[Any, int, list[tuple[int, int, str]]]]


def _fetched(connection: Any, query: str) -> tuple[Any, int, list[tuple[int, int, str]]]:
    """The sink of :func:`read`: the rows as one compact Arrow table (with ``_rank``)."""
    bad: list[tuple[int, int, str]] = []
    table = _fetch_compact(connection.sql(query), bad)
    return table, int(table.num_rows), bad


def _read(
    duckdb: Any,
    files: Sequence[Path],
    where: str,
    screen: Sequence[Sequence[str]],
    check_all: bool,
    limits: Limits,
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
        for link, name in _handoff(files, Path(scratch)):
            start = len(refusals)
            for part in _parts(link, Path(scratch), refusals, limits):
                origin = part.origin and attrs.evolve(
                    part.origin,
                    labels=tuple(x.replace(str(link), name) for x in part.origin.labels),
                )
                label = part.label.replace(str(link), name)
                rank = first_rank + len(parts)
                parts.append(attrs.evolve(part, label=label, rank=rank, origin=origin))
            refusals[start:] = [
                attrs.evolve(
                    r,
                    file=r.file.replace(str(link), name),
                    message=r.message.replace(str(link), name),
                )
                for r in refusals[start:]
            ]
        whole_files = len(refusals)
        next_rank = first_rank + len(parts)  # parts split by width below keep their rank
        if not parts:
            summary = ReadSummary(
                tuple(str(f) for f in files), 0, 0, 0, tuple(refusals), (), where,
                files_refused=whole_files,
            )  # fmt: skip
            return None, summary, first_rank
        groups = _groups(parts)
        screened: dict[Schema, _Screened] = {}
        if condition is not None:
            for schema, group in groups.items():
                found = _screen_group(duckdb, schema, group, condition, Path(scratch), limits)
                if found is not None:
                    screened[schema] = found
        while True:
            result, passed, scanned, rejected, refused_lines, mixed = _parse(
                duckdb, groups, screened, where, sink, limits
            )
            redo = {r.file for r in rejected} & {str(s.path) for s in screened.values()}
            if redo:
                # a line that passed the screen could not be read: read its layout's files
                # whole, for DuckDB's own message and the line's number in its file
                screened = {k: s for k, s in screened.items() if str(s.path) not in redo}
                continue
            if not mixed:
                break
            # GDELT 1.0 lines of 57 and 58 fields in one file: each read by its own layout
            parts = [q for part in parts for q in _split(part, mixed, Path(scratch), limits)]
            groups = _groups(parts)
            screened = {k: s for k, s in screened.items() if k not in (GDELT1, GDELT1_NO_URL)}
    refusals.extend(rejected[: MAX_LISTED - len(refusals)])
    versions = tuple(sorted({version_of(p.schema) for p in parts}))
    unparsed = sum(s.lines - s.candidates for s in screened.values())
    summary = ReadSummary(
        files=tuple(str(f) for f in files),
        lines_read=scanned + unparsed + refused_lines,
        kept=passed,
        refused=refused_lines,
        refusals=tuple(refusals),
        versions=versions,
        where=where,
        unparsed=unparsed,
        files_refused=whole_files,
    )
    return result, summary, next_rank


class _Terminated(BaseException):
    """SIGTERM arrived while reading (a BaseException, as KeyboardInterrupt is: it unwinds
    the read, removing its scratch folder, and is not caught by ``except Exception``)."""


@contextlib.contextmanager
def _removed_on_sigterm() -> Iterator[None]:
    """While reading, in the main thread: SIGTERM unwinds the read (so its scratch folder is
    removed, as on Ctrl-C), then goes on to the handler that was installed before (by
    default, the process ends by the signal). Elsewhere, or when SIGTERM is ignored, or
    handled outside Python: nothing is changed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN or previous is None:
        yield
        return

    def terminated(signum: int, frame: FrameType | None) -> None:
        raise _Terminated

    signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        signal.raise_signal(signal.SIGTERM)  # the previous handler's turn, scratch removed
        raise InterruptedError("the read of GDELT files was ended by SIGTERM") from None
    finally:
        if signal.getsignal(signal.SIGTERM) is terminated:
            signal.signal(signal.SIGTERM, previous)


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


def _screen_group(
    duckdb: Any,
    schema: Schema,
    parts: Sequence[_Part],
    condition: str,
    scratch: Path,
    limits: Limits = DEFAULT_LIMITS,
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
            f"FROM {_lines([p.path for p in parts], limits)} t "
            "JOIN _ranks r ON t.filename = r.path "
            f"WHERE {condition}) TO {_string(str(target))} "
            "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x01')"
        ).fetchall()
        lines = _rows_scanned(connection)
        if connection.sql("SELECT count(*) FROM reject_errors").fetchall()[0][0]:
            return None
        if lines is None:
            scan = _lines([p.path for p in parts], limits)
            lines = int(connection.sql(f"SELECT count(*) FROM {scan}").fetchall()[0][0])
    except Exception:  # anything odd (an older DuckDB, a line DuckDB cannot take): read whole
        return None
    finally:
        connection.close()
    return _Screened(target, lines, int(written[0][0]))


def _parse(
    duckdb: Any,
    groups: dict[Schema, list[_Part]],
    screened: dict[Schema, _Screened],
    where: str,
    sink: Sink,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Any, int, int, list[Refusal], int, set[str]]:
    """Parse each layout's files (a screened layout: only its lines that passed the screen),
    keeping ``where``, the rows handed to ``sink`` (with ``_rank``): what the sink made of
    them, how many passed, rows DuckDB's scans produced (less the rows refused for a date
    that is none), refusals, how many lines were refused, and the GDELT 1.0 files that mix
    lines of 57 and 58 fields."""
    parts = [p for group in groups.values() for p in group]
    labels: dict[str, str | _Origin] = {str(p.path): p.origin or p.label for p in parts}
    labels.update({str(s.path): str(s.path) for s in screened.values()})
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_profiling='no_output'")
        _with_ranks(connection, parts)
        result, passed, bad = sink(connection, _query(groups, screened, where, limits))
        scanned = _rows_scanned(connection)
        rejected, refused_lines = _rejects(connection, labels)
        mixed = _mixed(connection, [p for p in parts if p.schema in (GDELT1, GDELT1_NO_URL)])
        if scanned is None:  # the profiler did not say: count the lines
            scanned = _count_lines(connection, groups, screened, limits)
    finally:
        connection.close()
    if bad and not mixed:  # (a mixed file's read is redone: its dates are found then)
        rejected = _in_order([*rejected, *_located(bad, parts, limits)], labels)
        scanned -= len(bad)  # DuckDB's scans produced them
        refused_lines += len(bad)
    return result, passed, scanned, rejected, refused_lines, mixed


#: Rows fetched from DuckDB at a time by a read into memory (each batch is made compact as it
#: comes, so the plain rows of the whole result are never held at once); under 2**15, so that
#: a batch's dictionaries fit int16 indices.
_FETCH_ROWS: Final = 32_000


def _fetch_compact(relation: Any, bad: list[tuple[int, int, str]]) -> Any:
    """A query's result as one Arrow table, fetched in record batches, each made compact as
    it comes (text dictionary-encoded, with int16 indices, room for a batch's
    :data:`_FETCH_ROWS` values, so that the batches share a schema:
    :meth:`~ruiran.coded.store.CodedStore.build` unifies the dictionaries and narrows them).
    The rows whose ``_bad`` is set are left out, added to ``bad`` (see :data:`Sink`).
    """
    from ruiran.coded.store import compact

    pa = extras.pyarrow()
    fetch = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
    reader = fetch(_FETCH_ROWS)
    batches = []
    for batch in reader:
        table = _set_aside(pa.Table.from_batches([batch]), bad)
        if not table.num_rows:  # an empty batch, or one of bad dates only: nothing to keep
            continue
        compacted = compact(table, index=pa.int16())
        # a column left as it came would keep DuckDB's whole batch (every text) alive: copy
        columns = [
            column if pa.types.is_dictionary(column.type) else pa.concat_arrays(column.chunks)
            for column in compacted.columns
        ]
        batches.append(pa.table(columns, names=compacted.schema.names))
    if not batches:
        empty = reader.schema.empty_table().drop_columns([_BAD])
        return compact(empty, index=pa.int16())
    return pa.concat_tables(batches)


def _set_aside(table: Any, bad: list[tuple[int, int, str]]) -> Any:
    """An Arrow table of the query's rows less ``_bad``, its rows with ``_bad`` set left out
    and added to ``bad`` as ``(_rank, GLOBALEVENTID, _bad)``."""
    pc = extras.pyarrow().compute
    flags = table.column(_BAD)
    if flags.null_count < len(flags):
        found = table.filter(pc.is_valid(flags))
        bad.extend(
            zip(
                found.column("_rank").to_pylist(),
                found.column("GLOBALEVENTID").to_pylist(),
                found.column(_BAD).to_pylist(),
                strict=True,
            )
        )
        table = table.filter(pc.is_null(flags))
    return table.drop_columns([_BAD])
