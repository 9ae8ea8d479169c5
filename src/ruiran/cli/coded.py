"""Coded event data (GDELT): ``series`` asks the coded events of a dataset, ``ingest gdelt``
reads GDELT files and writes them as Parquet.

Over the public API (``ds.event_series``, :mod:`ruiran.ingest`: the ingest streams with
:func:`ruiran.ingest.gdelt_to_parquet`) and the documented modules of the coded wing:
:data:`ruiran.coded.spark.VIEW` names the Spark view of ``--show-sql``. ``series --plot`` draws
with :func:`ruiran.coded.figure.series_figure`, which has no public entry point yet.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

import ruiran
from ruiran import PartialDate, Period
from ruiran.cli import options
from ruiran.cli.describe import actor_name
from ruiran.cli.output import (
    BadUsage,
    Failure,
    Interrupted,
    echo_json,
    echo_table,
    exclusive,
    one_line,
)
from ruiran.cli.session import Session
from ruiran.model.display import count as plural

__all__ = ["ingest", "ingest_gdelt", "series"]

_MEASURES = (
    "count",
    "goldstein",
    "goldstein_sum",
    "goldstein_mean",
    "tone",
    "tone_mean",
    "quadclass",
)
_FREQUENCIES = ("day", "week", "month", "quarter", "year")


@click.command(short_help="A series of coded events (GDELT) of a pair or an actor.")
@click.argument("a")
@click.argument("b", required=False)
@click.option(
    "--freq",
    type=options.choice(_FREQUENCIES),
    default="month",
    show_default=True,
    help="The period of each row.",
)
@click.option(
    "--measure",
    type=options.choice(_MEASURES),
    default="count",
    show_default=True,
    help="What to count or add up (goldstein = goldstein_sum, tone = tone_mean; "
    "quadclass gives four rows per period).",
)
@click.option(
    "--directed", is_flag=True, help="Only events with A as the first actor (and B as the second)."
)
@options.start("The first day (of the window and the periods).")
@options.end("The last day.")
@click.option(
    "--cameo",
    metavar="CODE",
    help="Only events under this CAMEO event code: a root such as 19, a base code such as 112, "
    "or a full code such as 1124.",
)
@click.option(
    "--plot",
    "plot",
    metavar="PATH",
    callback=options.path,
    default=None,
    help="Also draw the series to this image file (PNG, SVG, PDF), with the pair's "
    "agreement milestones marked (needs ruiran[plot]).",
)
@options.json('a JSON array of rows {"period", "a", "b", "measure", "value", "events"}')
@click.pass_obj
def series(
    session: Session,
    a: str,
    b: str | None,
    freq: str,
    measure: str,
    directed: bool,
    start: PartialDate | Period | None,
    end: PartialDate | Period | None,
    cameo: str | None,
    plot: Path | None,
    as_json: bool,
) -> None:
    """A series of the coded events (GDELT) between A and B, or of A: one row per period.

    The dataset must hold coded events: a folder written by 'ruiran ingest gdelt --out DIR',
    given with --data DIR. Periods with no event count 0 (a mean is empty).

    \b
    Examples:
      ruiran --data gdelt-ru-ir/ series Russia Iran --freq month --measure goldstein
      ruiran --data gdelt-ru-ir/ series Russia Iran --measure quadclass --json
      ruiran --data gdelt-ru-ir/ series Russia Iran --plot series.png
    """
    ds = session.dataset
    if ds.coded is None:
        raise Failure(
            "this dataset holds no coded events: write some with 'ruiran ingest gdelt FILES "
            "--out DIR', then give --data DIR"
        )
    frame = ds.event_series(
        a, b, freq=freq.lower(), measure=measure.lower(), directed=directed,
        start=None if start is None else str(start), end=None if end is None else str(end),
        cameo=cameo,
    )  # fmt: skip
    if plot is not None:
        from ruiran.coded.figure import is_synthetic, milestones, series_figure

        names = " – ".join(actor_name(ds, ds.actor(x).id) for x in (a, b) if x)
        synthetic = is_synthetic(ds.coded)
        coded = "synthetic, in GDELT's format" if synthetic else "coded by GDELT"
        title = f"{names}: {measure.lower()} per {freq.lower()} ({coded})"
        marks = milestones(ds.timeline(a, b)) if len(frame) else []
        series_figure(frame, plot, title=title, marks=marks, synthetic=synthetic)
        click.echo(f"wrote the figure to {plot}", err=True)
    rows = [
        {
            "period": str(row.period.date()),
            "a": row.a,
            "b": row.b,
            "measure": row.measure,
            "value": None if row.value != row.value else float(row.value),  # NaN: null
            "events": int(row.events),
        }
        for row in frame.itertuples(index=False)
    ]
    if as_json:
        echo_json(rows)
        return
    echo_table(
        ("PERIOD", "MEASURE", "VALUE", "EVENTS"),
        [
            (r["period"], r["measure"], "-" if r["value"] is None else f"{r['value']:g}",
             str(r["events"]))
            for r in rows
        ],
    )  # fmt: skip


@click.group(short_help="Bring coded event data in (GDELT), written as Parquet.")
def ingest() -> None:
    """Bring coded event data in: read source files, keep what passes, write Parquet."""


@ingest.command("gdelt", short_help="Read GDELT event files; write Parquet by year.")
@click.argument("files", nargs=-1, metavar="FILES...")
@options.between("Keep the events between A and B (either direction).")
@options.involving("Keep the events in which A is either actor.")
@options.start("Keep events on or after this date.")
@options.end("Keep events on or before this date.")
@click.option(
    "--out",
    "out",
    metavar="DIR",
    callback=options.path,
    help="The folder to write: Parquet partitioned by year, and ruiran-coded.json.",
)
@options.force("Write into a non-empty folder (replacing an earlier ingest's files).")
@click.option(
    "--sql",
    "show_where",
    is_flag=True,
    help="Also print the filter as SQL text (for DuckDB, Spark SQL or BigQuery).",
)
@click.option(
    "--show-sql",
    "show_sql",
    is_flag=True,
    help="Print the whole query for --dialect over --table, and read nothing.",
)
@click.option(
    "--dialect",
    type=click.Choice(["duckdb", "spark", "bigquery"]),
    default="bigquery",
    show_default=True,
    help="The SQL of --show-sql: DuckDB, Spark SQL, or BigQuery (GoogleSQL).",
)
@click.option(
    "--table",
    metavar="NAME",
    help="The table --show-sql reads (default: gdelt-bq.gdeltv2.events for BigQuery, "
    "the view ruiran.ingest.gdelt_spark makes for Spark, gdelt_events for DuckDB).",
)
@click.option(
    "--gdelt-version",
    "gdelt_version",
    type=click.Choice(["1", "2"]),
    help="The GDELT version of --table's columns (default: 1 for gdelt-bq.full.events, else 2).",
)
@click.option(
    "--check-all",
    is_flag=True,
    help="Parse every line, also those without a side's country code (which cannot pass "
    "--between or --involving and are otherwise only counted): a malformed one is refused.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Say on stderr, after each batch of files, how many files and lines were read and "
    "how many events kept so far (default: when stderr is a terminal).",
)
@click.pass_obj
def ingest_gdelt(
    session: Session,
    files: tuple[str, ...],
    between: tuple[str, str] | None,
    involving: str | None,
    start: PartialDate | Period | None,
    end: PartialDate | Period | None,
    out: Path | None,
    force: bool,
    show_where: bool,
    show_sql: bool,
    dialect: str,
    table: str | None,
    gdelt_version: str | None,
    check_all: bool,
    progress: bool | None,
) -> None:
    """Read GDELT event files (1.0 or 2.0; plain, .gz or .zip; paths or glob patterns), keep
    the events that pass the filters, and write them to DIR as Parquet partitioned by year.

    Lines that cannot be read are refused and listed (file:line) on stderr; the summary says
    how many lines were read, kept and refused, and how many repeated an event already kept
    (the same GLOBALEVENTID in two files: the copy with the latest DATEADDED is kept). 'ruiran --data DIR ...' and ruiran.load(DIR)
    read the folder back; DuckDB and Spark read it as it is.

    The files are read in batches and written as they are read: memory stays bounded however
    many files are given. DIR is checked before any file is read (a non-empty folder needs
    --force, and only a folder an earlier ingest wrote is replaced); the new files are written
    beside it and take its place at the end. Ctrl-C stops the ingest at once (exit code 130)
    and leaves DIR as it was.

    With --show-sql, print the same filters and columns as one query for another engine
    (--dialect spark or bigquery), and read no file: the query that
    ruiran.ingest.gdelt_spark runs on Spark, or one for GDELT's public BigQuery tables.

    \b
    Examples:
      ruiran ingest gdelt 2024*.export.CSV.zip --between Russia Iran --out gdelt-ru-ir/
      ruiran ingest gdelt events/*.csv.gz --involving Iran --from 2022 --out iran/ --sql
      ruiran --data gdelt-ru-ir/ series Russia Iran --measure goldstein
      ruiran ingest gdelt --show-sql --dialect bigquery --between Russia Iran --from 2024
      ruiran ingest gdelt --show-sql --dialect spark --involving Iran
    """
    exclusive(between=between, involving=involving)
    base = ruiran.load() if session.data is None else session.dataset
    filters: dict[str, Any] = {
        "between": between,
        "involving": involving,
        "start": None if start is None else str(start),
        "end": None if end is None else str(end),
    }
    if show_sql:
        if files or out is not None or check_all:
            raise BadUsage(
                "--show-sql prints the query and reads no file: give FILES and --out "
                "(and --check-all) without --show-sql, or --show-sql without them"
            )
        from ruiran.coded.spark import VIEW

        source = table or {"bigquery": "gdelt-bq.gdeltv2.events", "spark": VIEW}.get(
            dialect, "gdelt_events"
        )
        version: Any = None if gdelt_version is None else int(gdelt_version)
        click.echo(
            ruiran.ingest.gdelt_sql(
                dialect,  # type: ignore[arg-type]  # a click.Choice of the dialects
                source,
                base=base,
                version=version,
                **filters,
            )
        )
        return
    for option, given in (("--table", table), ("--gdelt-version", gdelt_version)):
        if given is not None:
            raise BadUsage(f"{option} goes with --show-sql")
    if not files:
        raise BadUsage("give the GDELT files to read (FILES...), or --show-sql")
    if out is None:
        raise BadUsage("give the folder to write with --out DIR")
    where = ruiran.ingest.gdelt_where(base=base, **filters)
    if show_where:
        click.echo(f"filter: {where}")
    if progress is None:
        progress = _is_terminal(sys.stderr)
    try:
        summary = ruiran.ingest.gdelt_to_parquet(
            list(files),
            out=out,
            overwrite=force,
            base=base,
            check_all=check_all,
            progress=_say_progress if progress else False,
            **filters,
        )
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted; nothing was written ({out} is as it was)") from None
    for refusal in summary.refusals[:50]:
        click.echo(f"warning: refused {one_line(str(refusal))}", err=True)
    if summary.refused > 50:
        click.echo(f"warning: ... and {summary.refused - 50:,} more refused lines", err=True)
    click.echo(str(summary).splitlines()[0])
    click.echo(f"wrote {plural(summary.kept, 'coded event')} to {out} (Parquet by year)")


def _say_progress(done: object) -> None:
    """One line on stderr per batch of files read (``ruiran ingest gdelt --progress``)."""
    click.echo(f"progress: {done}", err=True)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
