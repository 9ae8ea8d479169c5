"""Bringing coded event data in: GDELT files to a Dataset, on one machine or on Spark.

One plan (:mod:`ruiran.coded.plan`: the filters, the columns and their types), three engines:

- :func:`gdelt` reads GDELT event exports (1.0 or 2.0; plain, ``.gz`` or ``.zip``; one file, a
  list or glob patterns) with DuckDB, keeps the events that pass the filters, and returns a
  Dataset holding them in columns beside a base dataset's cited records (the bundled one by
  default). Needs the ``events`` extra (``pip install 'ruiran[events]'``).
- :func:`gdelt_to_parquet` runs the same read streaming, straight to a Parquet folder by year
  that :func:`ruiran.load` reads back: memory does not grow with the input, progress is shown,
  and Ctrl-C stops it with nothing half-written.
- :func:`gdelt_spark` runs the same plan on Apache Spark and writes Parquet partitioned by
  year that :func:`ruiran.load` reads back. Needs the ``spark`` extra (and Java).
- :func:`gdelt_sql` gives the plan as query text for DuckDB, Spark SQL or BigQuery (GDELT's
  public tables); :func:`gdelt_where` gives its condition alone.

``import ruiran`` imports none of DuckDB, pyarrow or pyspark.

Examples:
    >>> import pathlib, tempfile, ruiran
    >>> from ruiran.testing import synthetic_gdelt
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "events.tsv.gz", 5000)
    >>> ds = ruiran.ingest.gdelt(path, between=("Russia", "Iran"), start="2020")
    >>> ds.coded.summary.lines_read, len(ds.coded) == ds.coded.summary.kept
    (5000, True)
    >>> print(gdelt_where(involving="Iran", end="2015-06"))
    (Actor1CountryCode IN ('IRN') OR Actor2CountryCode IN ('IRN')) AND SQLDATE <= 20150630
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from ruiran.model import DateLike

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from ruiran.coded.gdelt import ReadSummary
    from ruiran.coded.sql import Filter
    from ruiran.coded.stream import Progress
    from ruiran.dataset import ActorLike, Dataset

__all__ = ["gdelt", "gdelt_spark", "gdelt_sql", "gdelt_to_parquet", "gdelt_where"]

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def gdelt(
    paths: Paths,
    *,
    between: tuple[ActorLike, ActorLike] | None = None,
    involving: ActorLike | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    base: Dataset | None = None,
    check_all: bool = False,
) -> Dataset:
    """Read GDELT event files into a Dataset whose coded events are the rows that pass.

    Args:
        paths: A file, a glob pattern (``"gdelt/2024*.export.CSV.zip"``), or a list of them.
        between: Two actors (anything :meth:`~ruiran.Dataset.actor` resolves): keep the
            events with one as Actor1 and the other as Actor2, in either direction. A bloc
            stands for its members while they were members.
        involving: One actor: keep the events in which it is either actor.
        start: Keep events on or after this date's first day (SQLDATE).
        end: Keep events on or before this date's last day.
        base: The Dataset whose cited records the coded events sit beside, and whose actors
            they are resolved to; the bundled dataset when None.
        check_all: Parse every line. By default, with ``between`` or ``involving``, a line
            without a side's CAMEO country code as a whole field is counted but not parsed
            (it cannot pass; reading is about twice as fast), so a malformed line among
            those is not reported; with ``check_all`` it is refused and reported.

    Returns:
        ``base``'s records with the coded events, one per GLOBALEVENTID (an event in two
        files is kept once: the copy with the latest DATEADDED, then the one from the file
        given last); ``ds.coded.summary`` says how many lines were read, kept, refused (each
        refused line with its file and line number) and dropped as duplicates.

    Raises:
        FileNotFoundError: for a path that does not exist or a pattern that matches nothing.
        QueryError: for bad filters (both ``between`` and ``involving``, a person as actor).
        MissingExtraError: when duckdb or pyarrow is missing (``ruiran[events]``).
    """
    import ruiran
    from ruiran.coded.cameo import resolver
    from ruiran.coded.gdelt import expand, read
    from ruiran.coded.store import CodedStore

    chosen = base if base is not None else ruiran.load()
    condition, groups = _plan(_filter(chosen, between, involving, start, end))
    read_table, summary = read(expand(paths), condition, screen=groups, check_all=check_all)
    table = [read_table]
    del read_table  # build() holds the only reference: the table it compacts is freed early
    store = CodedStore.build(table.pop(), resolver(chosen), "gdelt", summary)
    return chosen.with_coded(store)


def gdelt_to_parquet(
    paths: Paths,
    *,
    out: str | os.PathLike[str],
    overwrite: bool = False,
    between: tuple[ActorLike, ActorLike] | None = None,
    involving: ActorLike | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    base: Dataset | None = None,
    check_all: bool = False,
    progress: bool | Callable[[Progress], object] | None = None,
) -> ReadSummary:
    """Read GDELT event files straight to a Parquet folder by year, in bounded memory.

    Keeps the same events as :func:`gdelt` with the same values (the same reader, filter and
    rule for duplicates: :mod:`ruiran.coded.stream`), but no row reaches Python: DuckDB
    parses the files in batches, drops duplicates and writes ``out/year=YYYY/*.parquet`` with
    ``ruiran-coded.json``, the folder :func:`ruiran.load` and ``ruiran --data`` read back
    (what ``ruiran ingest gdelt --out`` writes). Memory stays within a fixed bound whatever
    the size of the input.

    ``out`` is checked before any file is read. The files are written into a new folder
    beside it that takes its place only when everything is written; on an error or Ctrl-C
    (``KeyboardInterrupt``, which the running query stops at once) the new folder is deleted
    and ``out`` is left as it was.

    Args:
        paths: A file, a glob pattern, or a list of them (as :func:`gdelt` takes them).
        out: The folder to write. It must be new or empty, unless ``overwrite``.
        overwrite: Replace a folder an earlier ingest wrote (one whose manifest lists every
            file in it; a folder holding anything else is refused: see
            :mod:`ruiran.coded.output`).
        between: Two actors: keep the events between them, in either direction.
        involving: One actor: keep the events in which it is either actor.
        start: Keep events on or after this date's first day.
        end: Keep events on or before this date's last day.
        base: The Dataset whose actors the names are resolved in (the bundled one if None).
        check_all: Parse every line (see :func:`gdelt`).
        progress: After each batch of files: None shows a progress bar on stderr when it is a
            terminal and the ``progress`` extra (tqdm) is installed; True always shows the
            bar (it needs the extra); False shows nothing; a callable is given a
            :class:`~ruiran.coded.stream.Progress` (files and lines read, kept and refused so
            far).

    Returns:
        What was read: lines read, kept, refused (each refused line with its file) and
        dropped as duplicates, as ``ds.coded.summary`` says it after :func:`gdelt`.

    Raises:
        OutputExistsError: when ``out`` may not be written (nothing is read).
        FileNotFoundError: for a path that does not exist or a pattern that matches nothing.
        QueryError: for bad filters.
        MissingExtraError: when duckdb or pyarrow is missing (``ruiran[events]``), or tqdm
            with ``progress=True`` (``ruiran[progress]``).
        KeyboardInterrupt: on Ctrl-C; ``out`` is as it was.

    Examples:
        >>> import pathlib, tempfile, ruiran
        >>> from ruiran.testing import synthetic_gdelt
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> path = synthetic_gdelt(folder / "events.tsv.gz", 5000)
        >>> summary = gdelt_to_parquet(path, out=folder / "ru-ir", between=("Russia", "Iran"))
        >>> summary.lines_read, len(ruiran.load(folder / "ru-ir").coded) == summary.kept
        (5000, True)
    """
    import ruiran
    from ruiran.coded.gdelt import expand
    from ruiran.coded.output import check_target
    from ruiran.coded.stream import write

    chosen = base if base is not None else ruiran.load()
    chosen_filter = _filter(chosen, between, involving, start, end)
    check_target(out, overwrite=overwrite)  # before any input is looked at
    files = expand(paths)
    condition, groups = _plan(chosen_filter)
    about: dict[str, Any] = {
        "filter": {  # the actors as given (a record by its id), and the SQL that was run
            "between": None if between is None else [_given(a) for a in between],
            "involving": None if involving is None else _given(involving),
            "start": None if start is None else str(start),
            "end": None if end is None else str(end),
            "where": chosen_filter.sql(),
        },
        "base": "bundled" if base is None else "given",
    }
    with _reporter(progress, len(files)) as report:
        return write(
            files,
            condition,
            out,
            screen=groups,
            check_all=check_all,
            overwrite=overwrite,
            about=about,
            progress=report,
        )


def gdelt_where(
    *,
    between: tuple[ActorLike, ActorLike] | None = None,
    involving: ActorLike | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    base: Dataset | None = None,
) -> str:
    """The filter :func:`gdelt` runs, as an SQL ``WHERE`` condition over GDELT's columns.

    The same text runs in DuckDB, Spark SQL and BigQuery (GDELT's public tables
    ``gdelt-bq.gdeltv2.events`` and ``gdelt-bq.full.events`` use the same column names):
    ``SELECT * FROM `gdelt-bq.gdeltv2.events` WHERE <condition>``.

    Examples:
        >>> print(gdelt_where(between=("Russia", "Iran"), start="2025-01-17", end="2025-01-17"))
        ((Actor1CountryCode IN ('RUS') AND Actor2CountryCode IN ('IRN')) OR (Actor1CountryCode IN ('IRN') AND Actor2CountryCode IN ('RUS'))) AND SQLDATE >= 20250117 AND SQLDATE <= 20250117
    """
    import ruiran

    chosen = base if base is not None else ruiran.load()
    return _filter(chosen, between, involving, start, end).sql()


def gdelt_sql(
    dialect: Literal["duckdb", "spark", "bigquery"],
    source: str,
    *,
    between: tuple[ActorLike, ActorLike] | None = None,
    involving: ActorLike | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    version: Literal[1, 2] | None = None,
    base: Dataset | None = None,
) -> str:
    """The ingest's plan as one query over the table ``source``, in ``dialect``'s SQL.

    The query selects the columns :func:`gdelt` keeps (GDELT's own names, each cast to its
    type, ``Version``, and ``year`` for partitioning) from the rows that pass the filters:
    the same condition :func:`gdelt` and :func:`gdelt_spark` run. Its result, written as
    Parquet, is brought back with :func:`ruiran.coded.parquet.read_files`. The query keeps
    every row that passes, so an event the table holds twice comes twice; ``read_files``
    keeps one row per ``GLOBALEVENTID``, by the rule of :mod:`ruiran.coded.duplicates`.

    Args:
        dialect: ``"duckdb"``, ``"spark"`` (Spark SQL) or ``"bigquery"`` (GoogleSQL).
        source: The table to read: ``"gdelt-bq.gdeltv2.events"`` or ``"gdelt-bq.full.events"``
            (GDELT's public BigQuery tables), a Spark table or view (``gdelt_spark`` reads
            ``ruiran.coded.spark.VIEW``), or a DuckDB table. The whole text must be a
            name: parts of letters, digits, ``_`` or ``-`` joined by ``.`` (nothing after
            it, not even a newline).
        between: Two actors: the events between them, in either direction.
        involving: One actor: the events in which it is either actor.
        start: Keep events on or after this date's first day.
        end: Keep events on or before this date's last day.
        version: The GDELT version of ``source``'s columns (1 or 2), given to every row as
            ``Version``. None: 1 for ``gdelt-bq.full.events``, 2 for any other name, except
            ``gdelt_spark``'s view, whose rows carry their own ``Version``.
        base: The Dataset whose actors the names are resolved in (the bundled one if None).

    Raises:
        QueryError: for an unknown dialect (the message lists the valid ones), a source that
            is not a table name, or bad filters.

    Examples:
        >>> text = gdelt_sql("bigquery", "gdelt-bq.full.events", involving="Iran", start="2024")
        >>> print(text.splitlines()[-1])
        WHERE (Actor1CountryCode IN ('IRN') OR Actor2CountryCode IN ('IRN')) AND SQLDATE >= 20240101
        >>> "CAST(NULL AS STRING) AS ActionGeo_ADM2Code" in text   # not in GDELT 1.0
        True
        >>> gdelt_sql("postgres", "events")
        Traceback (most recent call last):
        ...
        ruiran.errors.QueryError: 'dialect' must be one of ('duckdb', 'spark', 'bigquery') (got 'postgres')
    """
    import ruiran
    from ruiran.coded.plan import Plan, check_dialect, version_of_source
    from ruiran.coded.spark import VIEW

    engine = check_dialect(dialect)
    chosen = base if base is not None else ruiran.load()
    chosen_filter = _filter(chosen, between, involving, start, end)
    if version is None:
        version = None if source.strip("`") == VIEW else version_of_source(source)
    return Plan(chosen_filter, version=version).render(engine, source)


def gdelt_spark(
    spark: SparkSession,
    paths: Paths,
    *,
    between: tuple[ActorLike, ActorLike] | None = None,
    involving: ActorLike | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    out: str | os.PathLike[str],
    overwrite: bool = False,
    base: Dataset | None = None,
) -> ReadSummary:
    """Run the ingest on Apache Spark: read GDELT files, keep what passes, write Parquet.

    The same plan as :func:`gdelt` (filters, columns, types), run as Spark SQL
    (:func:`gdelt_sql` with ``"spark"``), so both keep the same events with the same values.
    The folder ``out`` gets Parquet partitioned by year (``year=2024/part-*.parquet``) and
    ``ruiran-coded.json``: ``ruiran.load(out)`` reads it back as coded events beside the
    bundled records, as it reads what ``ruiran ingest gdelt --out`` writes.

    Args:
        spark: A SparkSession (``pip install 'ruiran[spark]'``; Spark needs Java 17 or later).
        paths: Local files or patterns (no URI scheme, or ``file://``), found by ruiran
            as :func:`gdelt` finds them and given to Spark as exact file names (a name
            holding ``[``, ``*`` or ``{`` is that file, not a Hadoop pattern); or URIs with
            another scheme (``hdfs://``, ``s3a://``, ...), which Spark reads and globs
            itself. Plain or ``.gz`` files; unpack GDELT's ``.zip`` archives first.
        between: Two actors: keep the events between them, in either direction.
        involving: One actor: keep the events in which it is either actor.
        start: Keep events on or after this date's first day.
        end: Keep events on or before this date's last day.
        out: The folder to write (any place Spark writes to; without a URI scheme, a
            local folder). It is checked before any input is read, written beside and
            swapped in: a failure leaves it as it was.
        overwrite: Replace a folder an earlier ingest wrote, whose manifest lists every
            file it holds; a folder holding any other file is refused even then.
        base: The Dataset whose actors the names are resolved in (the bundled one if None).

    Returns:
        What was read: lines read, kept and refused (each refused line with its file).
        ``kept`` counts every line that passed: an event in two files is written twice, and
        :func:`ruiran.load` keeps it once, by the rule :func:`gdelt` follows
        (:mod:`ruiran.coded.duplicates`), so both give the same events.

    Raises:
        QueryError: for bad filters, ``.zip`` archives, a Spark Connect session, or a
            Spark job that fails (one line with Java's reason).
        FileNotFoundError: for a path that does not exist or a pattern that matches nothing.
        OutputExistsError: when ``out`` is not empty and may not be replaced (above).
        ExportError: when ``out`` cannot be written (a parent that is a file, an unknown
            URI scheme): one line naming the path and Java's reason.

    Examples:
        >>> from pyspark.sql import SparkSession                      # doctest: +SKIP
        >>> spark = SparkSession.builder.master("local[2]").getOrCreate()  # doctest: +SKIP
        >>> gdelt_spark(spark, "gdelt/2024*.export.CSV.gz",            # doctest: +SKIP
        ...             between=("Russia", "Iran"), out="ru-ir/")
        >>> ruiran.load("ru-ir/").events_between("Russia", "Iran")    # doctest: +SKIP
    """
    import ruiran
    from ruiran.coded import spark as runner
    from ruiran.coded.plan import Plan

    chosen = base if base is not None else ruiran.load()
    chosen_filter = _filter(chosen, between, involving, start, end)
    about = {
        "filter": {
            "between": list(chosen_filter.actors) if between is not None else None,
            "involving": chosen_filter.actors[0] if involving is not None else None,
            "start": None if start is None else str(start),
            "end": None if end is None else str(end),
            "where": chosen_filter.sql(),
        }
    }
    return runner.run(spark, paths, Plan(chosen_filter), out, overwrite=overwrite, about=about)


def _plan(chosen: Filter) -> tuple[str, list[list[str]]]:
    """The filter's SQL condition, and the screen's groups of codes (one group per side)."""
    from ruiran.coded.plan import Plan

    screen = (
        chosen.between
        if chosen.between is not None
        else ((chosen.involving,) if chosen.involving is not None else ())
    )
    return Plan(chosen).where(), [[c.code for c in side] for side in screen]


@contextlib.contextmanager
def _reporter(
    progress: bool | Callable[[Progress], object] | None, files: int
) -> Iterator[Callable[[Progress], object] | None]:
    """What receives the progress: the caller's callable, a tqdm bar on stderr, or nothing."""
    if callable(progress):
        yield progress
        return
    if progress is False:
        yield None
        return
    try:
        from tqdm import tqdm
    except ImportError:
        if progress:
            from ruiran.errors import MissingExtraError

            raise MissingExtraError("tqdm", "progress") from None
        yield None
        return
    if progress is None and not _is_terminal(sys.stderr):
        yield None
        return
    with tqdm(total=files, desc="reading GDELT", unit=" files", file=sys.stderr) as bar:

        def report(done: Progress) -> None:
            bar.update(done.files_read - bar.n)
            bar.set_postfix_str(
                f"{done.lines_read:,} lines, {done.kept:,} kept, {done.refused:,} refused"
            )

        yield report


def _given(actor: ActorLike) -> str:
    """An actor as the caller gave it: a name as written, a record by its id."""
    return actor if isinstance(actor, str) else str(getattr(actor, "id", actor))


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _filter(
    ds: Dataset,
    between: tuple[ActorLike, ActorLike] | None,
    involving: ActorLike | None,
    start: DateLike | None,
    end: DateLike | None,
) -> Filter:
    """The filter of coded events, its actors resolved through ``ds`` to their country codes
    (a bloc's members while members): the coded wing is handed codes, never the Dataset.

    Raises:
        QueryError: for ``between`` and ``involving`` together, bad dates (checked first), a
            ``between`` that is not two different actors, a person or an organization.
    """
    from ruiran.coded.cameo import codes_of
    from ruiran.coded.sql import make_filter
    from ruiran.dataset.states import finding_reference_states
    from ruiran.errors import QueryError
    from ruiran.query import arguments

    if between is not None and involving is not None:
        raise QueryError("'between' and 'involving' cannot be used together")
    arguments.period(start, end)  # bad dates are named before bad actors
    if between is not None:
        if isinstance(between, str) or len(between) != 2:
            raise QueryError(f"'between' must be a pair of actors (got {between!r})")
        a, b = ds.actor(between[0]).id, ds.actor(between[1]).id
        if a == b:
            raise QueryError(f"'between' must name two different actors (both are {a!r})")
        find = finding_reference_states(ds.get)  # a bloc's members: the dataset's or the table's
        sides = (codes_of(ds.actor(a), find), codes_of(ds.actor(b), find))
        return make_filter(between=sides, start=start, end=end, actors=(a, b))
    if involving is not None:
        actor = ds.actor(involving).id
        codes = codes_of(ds.actor(actor), finding_reference_states(ds.get))
        return make_filter(involving=codes, start=start, end=end, actors=(actor,))
    return make_filter(start=start, end=end)
