"""The streaming ingest: GDELT files to a Parquet folder in bounded memory, with progress.

:func:`write` reads the files with the reader's own read (:func:`ruiran.coded.gdelt._read`,
which :func:`~ruiran.coded.gdelt.read` runs too: the same layouts, screen, query, filter,
refusals and counts), but the rows are never held together: DuckDB runs with a memory limit
(:data:`MEMORY_LIMIT`) and spills to a scratch folder beside the output. Three steps:

1. **Batches.** The files are read in batches (about :data:`BATCH_BYTES` of input each, a
   whole file at least). Each batch is read as :func:`~ruiran.coded.gdelt.read` reads all its
   files, and the rows that pass go by ``COPY`` to one scratch Parquet file, each with its
   file's rank. After each batch, a :class:`Progress` says how many files and lines were read
   and how many rows passed so far.
2. **Duplicates.** A second pass over the scratch Parquet keeps one row per ``GLOBALEVENTID``
   by the rule of :mod:`ruiran.coded.duplicates`: the latest ``DATEADDED`` (a GDELT 1.0 day as
   its first second, none as the oldest), then the file given last. The ids held more than
   once are found by one aggregate; only their rows go through ``QUALIFY row_number() OVER
   (PARTITION BY GLOBALEVENTID ORDER BY ...) = 1``. Two copies of an event in *one* file with
   the same ``DATEADDED`` (the rule's third step, "the later row") cannot be told apart by
   position here (DuckDB's CSV reader gives no line number): the one whose values hash
   highest is kept, the same on every run.
3. **Partitions.** The kept rows come from DuckDB as Arrow record batches, in the column types
   :func:`~ruiran.coded.parquet.write_folder` writes (:func:`output_types`), are split by year
   and written (``year=YYYY/part-0.parquet``) into a new folder beside the output
   (:func:`ruiran.coded.output.staged`), a few row groups held at a time; the manifest goes
   in last and the new folder takes the output's place.

**Interrupting.** The whole ingest runs in a worker thread while the calling thread waits,
so Ctrl-C (``KeyboardInterrupt``) is seen at once and no DuckDB call sees the signal: every
open query is interrupted (``connection.interrupt()``) until the worker has unwound, the
scratch files and the new folder are deleted, the output folder is left as it was, and the
``KeyboardInterrupt`` goes on to the caller. SIGTERM, in the main thread, does the same
(:func:`~ruiran.coded.gdelt.read`'s handler) and then goes on to the handler that was there
before (by default the process ends by the signal). The progress reaches its callable in the
calling thread.

Examples:
    >>> import pathlib, tempfile, ruiran
    >>> from ruiran.testing import synthetic_gdelt
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = synthetic_gdelt(folder / "e.tsv", 3000, seed=1)
    >>> seen = []
    >>> summary = write([path], "Actor1CountryCode = 'IRN'", folder / "out", progress=seen.append)
    >>> summary.lines_read, seen[-1].files_read, seen[-1].lines_read
    (3000, 1, 3000)
    >>> len(ruiran.load(folder / "out").coded) == summary.kept
    True
"""

from __future__ import annotations

import contextlib
import os
import queue
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar, cast

import attrs

from ruiran.coded import extras
from ruiran.coded.gdelt import (
    MAX_LISTED,
    STORE_COLUMNS,
    ReadSummary,
    _read,
    _removed_on_sigterm,
)
from ruiran.coded.gdelt_sql import _string
from ruiran.coded.output import new_manifest, staged
from ruiran.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "BATCH_BYTES",
    "MEMORY_LIMIT",
    "Progress",
    "ProgressCallback",
    "output_types",
    "write",
]

_T = TypeVar("_T")

#: DuckDB's memory limit for each query of the streaming ingest (it spills to disk past it).
MEMORY_LIMIT: Final = "256MB"
#: About how many bytes of input files one batch reads (a file is never split).
BATCH_BYTES: Final = 256 * 2**20
#: Rows per Parquet row group: DuckDB holds a row group per writer (and per partition) while it
#: fills, so a smaller one keeps the writers within the memory limit (122,880 rows, DuckDB's
#: default, made a 256 MB limit spill and slowed writing fivefold).
_ROW_GROUP: Final = 32_768
#: At most this many rows are held, over all years, before they are written.
_HELD: Final = 4 * _ROW_GROUP
#: How often (seconds) the waiting thread looks for an interrupt.
_POLL: Final = 0.05


@attrs.frozen
class Progress:
    """How far a streaming ingest has come, after each batch of files.

    Attributes:
        files_read: Files read so far.
        files: Files to read in all.
        lines_read: Lines read so far (kept, filtered out, refused or duplicates).
        kept: Lines that passed the filter so far (an event in two files counts twice: the
            duplicates are dropped at the end).
        refused: Lines (or whole files) refused so far.
    """

    files_read: int
    files: int
    lines_read: int
    kept: int
    refused: int

    def __str__(self) -> str:
        return (
            f"read {self.files_read:,}/{self.files:,} files, {self.lines_read:,} lines; "
            f"kept {self.kept:,}, refused {self.refused:,}"
        )


#: What receives the progress: any callable taking a :class:`Progress`.
ProgressCallback = Callable[[Progress], object]


def write(
    files: Sequence[Path],
    where: str,
    out: str | os.PathLike[str],
    *,
    screen: Sequence[Sequence[str]] = (),
    check_all: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    overwrite: bool = False,
    about: dict[str, Any] | None = None,
    dataset: str = "gdelt",
    progress: ProgressCallback | None = None,
    batch_bytes: int = BATCH_BYTES,
    memory_limit: str = MEMORY_LIMIT,
) -> ReadSummary:
    """Read GDELT files and write the rows that pass ``where`` to ``out``, streaming.

    Args:
        files: The files (see :func:`ruiran.coded.gdelt.expand`).
        where: The filter, an SQL condition over GDELT's column names.
        out: The folder to write (checked before any file is read: see
            :func:`ruiran.coded.output.check_target`).
        screen: As for :func:`ruiran.coded.gdelt.read`: the codes a line must hold to pass.
        check_all: Parse every line, even with a ``screen``.
        limits: The bounds of every read, as for :func:`ruiran.coded.gdelt.read`.
        overwrite: Replace a folder an earlier ingest wrote.
        about: More to record in the manifest (the filter as given, the base).
        dataset: The coded dataset's name, in the manifest.
        progress: Called after each batch of files with a :class:`Progress`.
        batch_bytes: About how many bytes of input one batch reads.
        memory_limit: DuckDB's memory limit (``"256MB"``, ``"1GB"``).

    Returns:
        The summary, as :func:`ruiran.coded.gdelt.read` gives it.

    Raises:
        OutputExistsError: when ``out`` may not be written (before any file is read).
        MissingExtraError: when duckdb or pyarrow is missing (``pip install 'ruiran[events]'``).
        KeyboardInterrupt: when interrupted; nothing is left of the new folder (nor of it
            when SIGTERM ends the ingest in the main thread).
    """
    engine = _Engine(extras.duckdb(), memory_limit)
    extras.pyarrow()
    with _removed_on_sigterm(), staged(out, overwrite=overwrite) as folder:

        def work(report: Callable[[Progress], None]) -> ReadSummary:
            with tempfile.TemporaryDirectory(
                prefix=f"{folder.path.name}.scratch-", dir=folder.path.parent
            ) as scratch_name:
                scratch = Path(scratch_name)
                engine.temp_directory = scratch / "spill"
                (scratch / "rows").mkdir()
                tally = _Tally(files=len(files))
                for number, batch in enumerate(_batches(files, batch_bytes)):
                    _read_batch(
                        engine, batch, scratch, number, screen, check_all, limits, where, tally
                    )
                    report(tally.progress())
                kept, passed = _dedup_to(engine, scratch / "rows", folder.path)
            return _combined(tally.read, files, where, kept, passed)

        summary = engine.run(work, progress)
        folder.finish(
            new_manifest(
                dataset=dataset,
                rows=summary.kept,
                columns=[name for name, _ in STORE_COLUMNS],
                summary=summary.to_dict(),
                about=about,
            )
        )
    return summary


# -- batches ----------------------------------------------------------------------------------------


@attrs.define
class _Tally:
    """What the batches read so far: each batch's summary, and the next file's rank."""

    files: int
    read: list[ReadSummary] = attrs.Factory(list)
    files_read: int = 0
    ranks: int = 0

    def progress(self) -> Progress:
        return Progress(
            self.files_read,
            self.files,
            sum(s.lines_read for s in self.read),
            sum(s.kept for s in self.read),
            sum(s.refused + s.files_refused for s in self.read),
        )


def _batches(files: Sequence[Path], size: int) -> list[list[Path]]:
    """The files in order, cut into batches of about ``size`` bytes (a file at least)."""
    batches: list[list[Path]] = []
    current: list[Path] = []
    held = 0
    for file in files:
        try:
            length = file.stat().st_size
        except OSError:
            length = 0  # the reader refuses it with its own message
        if current and held + length > size:
            batches.append(current)
            current, held = [], 0
        current.append(file)
        held += length
    if current:
        batches.append(current)
    return batches


def _read_batch(
    engine: _Engine,
    files: Sequence[Path],
    scratch: Path,
    number: int,
    screen: Sequence[Sequence[str]],
    check_all: bool,
    limits: Limits,
    where: str,
    tally: _Tally,
) -> None:
    """Read one batch with the reader's own read (:func:`ruiran.coded.gdelt._read`), the rows
    that pass (with ``_rank``) written to ``scratch/rows/<number>.parquet``."""
    target = scratch / "rows" / f"{number}.parquet"

    def copy(connection: Any, query: str) -> tuple[Any, int, list[tuple[int, int, str]]]:
        # the rows with a date that is none (``_bad``, rare) are looked for in the file
        # written, one column read, and only when there are any is the file written again
        written = connection.execute(
            f"COPY ({query}) TO {_string(str(target))} "
            f"(FORMAT parquet, ROW_GROUP_SIZE {_ROW_GROUP})"
        ).fetchall()
        rows = f"read_parquet({_string(str(target))})"
        bad = connection.execute(
            f"SELECT _rank, GLOBALEVENTID, _bad FROM {rows} WHERE _bad IS NOT NULL"
        ).fetchall()
        if bad:
            kept = target.with_suffix(".kept.parquet")
            connection.execute(
                f"COPY (SELECT * FROM {rows} WHERE _bad IS NULL) TO {_string(str(kept))} "
                f"(FORMAT parquet, ROW_GROUP_SIZE {_ROW_GROUP})"
            )
            os.replace(kept, target)
        return None, int(written[0][0]) - len(bad), [(int(r), int(e), str(b)) for r, e, b in bad]

    _, summary, tally.ranks = _read(
        engine,
        files,
        where,
        screen,
        check_all,
        limits,
        copy,
        first_rank=tally.ranks,
        scratch_in=scratch,
    )
    tally.read.append(summary)
    tally.files_read += len(files)


def _combined(
    read: Sequence[ReadSummary], files: Sequence[Path], where: str, kept: int, passed: int
) -> ReadSummary:
    """The batches' summaries as one: counts added up, refusals in order (the first
    :data:`MAX_LISTED`), versions together; ``kept`` and ``duplicates`` from the last pass."""
    values: dict[str, Any] = {}
    for field in attrs.fields(ReadSummary):
        found = [getattr(summary, field.name) for summary in read]
        if field.name == "files":
            values[field.name] = tuple(str(f) for f in files)
        elif field.name == "where":
            values[field.name] = where
        elif field.name == "versions":
            values[field.name] = tuple(sorted({v for vs in found for v in vs}))
        elif field.name == "refusals":
            values[field.name] = tuple(r for rs in found for r in rs)[:MAX_LISTED]
        elif field.name == "kept":
            values[field.name] = kept
        elif field.name == "duplicates":
            values[field.name] = passed - kept
        else:  # a count
            values[field.name] = sum(found)
    return ReadSummary(**values)


# -- duplicates and partitions ------------------------------------------------------------------------


def _dedup_to(engine: _Engine, rows: Path, folder: Path) -> tuple[int, int]:
    """Keep one row per GLOBALEVENTID of the Parquet files in ``rows`` and write them to
    ``folder`` partitioned by year: rows kept, and rows there were.

    The ids held more than once are found first (one hash aggregate over one column); only
    their rows go through the window that picks the copy to keep.
    """
    files = sorted(rows.glob("*.parquet"))
    if not files:
        return 0, 0
    scan = "read_parquet([" + ", ".join(_string(str(f)) for f in files) + "])"
    added = (
        "CASE WHEN DATEADDED IS NULL THEN -1 "
        "WHEN DATEADDED >= 0 AND DATEADDED < 1000000000 THEN DATEADDED * 1000000 "
        "ELSE DATEADDED END"
    )
    names = [name for name, _ in STORE_COLUMNS]
    columns = ", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in output_types())
    columns += ", CAST(SQLDATE // 10000 AS SMALLINT) AS year"
    whole = "hash(" + ", ".join(names) + ")"
    connection = engine.connect()
    try:
        total = int(connection.execute(f"SELECT count(*) FROM {scan}").fetchall()[0][0])
        connection.execute(
            f"CREATE TEMP TABLE _repeated AS SELECT GLOBALEVENTID FROM {scan} "
            "GROUP BY GLOBALEVENTID HAVING count(*) > 1"
        )
        repeated = int(connection.execute("SELECT count(*) FROM _repeated").fetchall()[0][0])
        if not repeated:
            query = f"SELECT {columns} FROM {scan}"
        else:
            query = (
                f"SELECT {columns} FROM {scan} ANTI JOIN _repeated USING (GLOBALEVENTID) "
                f"UNION ALL SELECT {columns} FROM {scan} SEMI JOIN _repeated USING (GLOBALEVENTID) "
                "QUALIFY row_number() OVER (PARTITION BY GLOBALEVENTID "
                f"ORDER BY {added} DESC, _rank DESC, {whole} DESC) = 1"
            )
        kept = _write_partitions(connection, query, folder)
    finally:
        connection.close()
    return int(kept), total


def _write_partitions(connection: _Connection, query: str, folder: Path) -> int:
    """Write the rows of ``query`` (with ``year``) into ``folder`` as Parquet partitioned by
    year (``year=YYYY/part-0.parquet``, the column ``year`` in the folder's name only), as they
    come: rows written.

    DuckDB's own ``COPY ... (PARTITION_BY (year))`` ran out of a 256 MB memory limit at 10^7
    rows, and pyarrow's dataset writer queued up to a gigabyte: here DuckDB's record batches
    are split by year and held until a year has a row group's worth (:data:`_ROW_GROUP`), and
    never more than :data:`_HELD` rows in all (the largest year is written first).
    """
    pa = extras.pyarrow()
    import pyarrow.parquet as pq

    relation = connection.sql(query)
    fetch = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
    reader = fetch(_ROW_GROUP)
    names = [name for name in reader.schema.names if name != "year"]
    schema = pa.schema([reader.schema.field(name) for name in names])
    writers: dict[int, Any] = {}
    held: dict[int, list[Any]] = {}
    counts: dict[int, int] = {}
    written = 0

    def flush(year: int) -> None:
        table = pa.concat_tables(held.pop(year))
        counts.pop(year)
        if year not in writers:
            (folder / f"year={year}").mkdir()
            writers[year] = pq.ParquetWriter(folder / f"year={year}" / "part-0.parquet", schema)
        writers[year].write_table(table, row_group_size=_ROW_GROUP)

    try:
        for batch in reader:
            connection.check()
            written += batch.num_rows
            table = pa.Table.from_batches([batch])
            years = table.column("year")
            for year in pa.compute.unique(years).to_pylist():
                part = table.filter(pa.compute.equal(years, year)).select(names)
                held.setdefault(year, []).append(part)
                counts[year] = counts.get(year, 0) + part.num_rows
                if counts[year] >= _ROW_GROUP:
                    flush(year)
            while sum(counts.values()) > _HELD:
                flush(max(counts, key=counts.__getitem__))
        for year in sorted(held):
            flush(year)
    finally:
        for writer in writers.values():
            writer.close()
    return written


def output_types() -> list[tuple[str, str]]:
    """The store's columns with the DuckDB types :func:`~ruiran.coded.parquet.write_folder`
    writes them in: the compact store's types (:func:`ruiran.coded.store.compact`), text as
    plain text."""
    from ruiran.coded.gdelt import empty_table
    from ruiran.coded.store import compact

    pa = extras.pyarrow()
    kinds = {
        pa.string(): "VARCHAR",
        pa.int64(): "BIGINT",
        pa.int32(): "INTEGER",
        pa.int16(): "SMALLINT",
        pa.int8(): "TINYINT",
        pa.float64(): "DOUBLE",
        pa.float32(): "FLOAT",
        pa.bool_(): "BOOLEAN",
    }
    found = []
    for field in compact(empty_table()).schema:
        kind = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        found.append((field.name, kinds[kind]))
    return found


# -- DuckDB, interruptible ----------------------------------------------------------------------------


class _Cancelled(Exception):
    """The ingest was interrupted: raised in the worker thread at its next query."""


class _Engine:
    """Stands for the ``duckdb`` module where the reader's helpers take one: its connections
    have the streaming settings, and :meth:`run` runs the ingest so that Ctrl-C stops it.

    The whole ingest runs in a worker thread while the calling thread waits (Python delivers
    signals to the main thread only, so no DuckDB call ever sees the SIGINT, and the wait
    turns it into a ``KeyboardInterrupt`` at once). On any exception in the waiting thread,
    the engine is cancelled: every open connection is interrupted, again until the worker
    ends, and a connection asked for a query after that raises, so the worker unwinds (its
    scratch files removed) before the exception goes on.
    """

    def __init__(self, duckdb: Any, memory_limit: str) -> None:
        self.duckdb = duckdb
        self.memory_limit = memory_limit
        self.temp_directory: Path | None = None
        self.cancelled = threading.Event()
        self._open: set[_Connection] = set()
        self._lock = threading.Lock()

    def connect(self) -> _Connection:
        self.check()
        connection = _Connection(self, self.duckdb.connect())
        connection.execute(f"SET memory_limit = {_string(self.memory_limit)}")
        connection.execute("SET preserve_insertion_order = false")
        if self.temp_directory is not None:
            connection.execute(f"SET temp_directory = {_string(str(self.temp_directory))}")
        return connection

    def check(self) -> None:
        """Raise :class:`_Cancelled` once the ingest is interrupted."""
        if self.cancelled.is_set():
            raise _Cancelled("interrupted")

    def opened(self, connection: _Connection, is_open: bool) -> None:
        with self._lock:
            if is_open:
                self._open.add(connection)
            else:
                self._open.discard(connection)

    def interrupt(self) -> None:
        """Interrupt the query of every open connection."""
        with self._lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(Exception):
                connection.raw.interrupt()

    def run(
        self, work: Callable[[Callable[[Progress], None]], _T], progress: ProgressCallback | None
    ) -> _T:
        """``work(report)`` in a worker thread; ``report``'s progress reaches ``progress`` in
        this thread (between waits)."""
        done = threading.Event()
        box: dict[str, Any] = {}
        reports: queue.SimpleQueue[Progress] = queue.SimpleQueue()

        def run() -> None:
            try:
                box["result"] = work(reports.put)
            except BaseException as error:  # handed to the waiting thread
                box["error"] = error
            finally:
                done.set()

        def deliver() -> None:
            while not reports.empty():
                shown = reports.get()
                if progress is not None:
                    progress(shown)

        worker = threading.Thread(target=run, name="ruiran-ingest", daemon=True)
        try:
            worker.start()
            while not done.wait(_POLL):
                deliver()
            deliver()
        except BaseException:
            self.cancelled.set()
            if worker.ident is not None:  # started: wait for it to unwind
                while not done.wait(_POLL):
                    self.interrupt()
            raise
        if "error" in box:
            raise box["error"]
        return cast(_T, box["result"])


class _Connection:
    """A DuckDB connection of an :class:`_Engine`: known to it while open (to be interrupted),
    and refusing new queries once the engine is cancelled."""

    def __init__(self, engine: _Engine, connection: Any) -> None:
        self._engine = engine
        self.raw = connection
        engine.opened(self, True)

    def execute(self, query: str, parameters: Any = None) -> Any:
        self._engine.check()
        if parameters is None:
            result = self.raw.execute(query)
        else:
            result = self.raw.execute(query, parameters)
        self._engine.check()  # interrupted just before the query began: stop now
        return result

    def sql(self, query: str) -> Any:
        self._engine.check()
        return self.raw.sql(query)

    def check(self) -> None:
        """Raise once the engine is cancelled."""
        self._engine.check()

    def close(self) -> None:
        self._engine.opened(self, False)
        self.raw.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)
