"""Bringing coded event data in: GDELT files to a Dataset, and the filter as SQL text.

:func:`gdelt` reads GDELT event exports (1.0 or 2.0; plain, ``.gz`` or ``.zip``; one file, a
list or glob patterns) with DuckDB, keeps the events that pass the filters, and returns a
Dataset holding them in columns beside a base dataset's cited records (the bundled one by
default). :func:`gdelt_where` gives the same filter as SQL text for other engines (Spark SQL,
BigQuery's public GDELT tables). Needs the ``events`` extra (``pip install 'ruiran[events]'``);
``import ruiran`` imports none of it.

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

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ruiran.model import DateLike

if TYPE_CHECKING:
    from ruiran.dataset import ActorLike, Dataset

__all__ = ["gdelt", "gdelt_where"]

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
    from ruiran.coded.sql import make_filter
    from ruiran.coded.store import CodedStore

    chosen = base if base is not None else ruiran.load()
    where = make_filter(chosen, between=between, involving=involving, start=start, end=end)
    screen = (
        where.between
        if where.between is not None
        else ((where.involving,) if where.involving is not None else ())
    )
    groups = [[c.code for c in side] for side in screen]
    table, summary = read(expand(paths), where.sql(), screen=groups, check_all=check_all)
    store = CodedStore.build(table, resolver(chosen), "gdelt", summary)
    return chosen.with_coded(store)


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
    from ruiran.coded.sql import make_filter

    chosen = base if base is not None else ruiran.load()
    return make_filter(chosen, between=between, involving=involving, start=start, end=end).sql()
