"""The ``pulse`` command: the relationship of two actors per year, in one table.

A thin command over :func:`ruiran.pulse` (:func:`ruiran.overview.yearly.pulse`), asked of the
session's dataset (``--data``); the gaps are ``note:`` lines on stderr and part of ``--json``.
"""

from __future__ import annotations

import math
from typing import Any

import click

import ruiran
from ruiran import PartialDate, Period
from ruiran.cli import options
from ruiran.cli.output import answer_frame, echo_table
from ruiran.cli.session import Session

__all__ = ["pulse"]

#: The table's columns and their headings (the lists of ids and names are in --json only).
SHOWN = {
    "year": "YEAR",
    "meetings": "MEET",
    "coded_events": "GDELT",
    "cooperation": "COOP",
    "conflict": "CONFL",
    "goldstein_mean": "GOLDST",
    "un_votes": "UN_N",
    "un_agreement": "UN_AGREE",
    "milestones": "STEPS",
    "sanctions_on_a": "SANC_A",
    "sanctions_on_b": "SANC_B",
}


def _cell(value: Any) -> Any:
    """A JSON value: numbers as numbers (floats to 6 places), missing as null, tuples as lists."""
    if isinstance(value, tuple):
        return list(value)
    if value is None or value.__class__.__name__ == "NAType":
        return None
    if hasattr(value, "dtype") and value.dtype.kind in "iu":
        return int(value)
    if isinstance(value, float) or (hasattr(value, "dtype") and value.dtype.kind == "f"):
        number = float(value)
        return None if math.isnan(number) else round(number, 6)
    return value


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


@click.command(short_help="The relationship of two actors per year: meetings, events, votes.")
@click.argument("a")
@click.argument("b")
@click.option(
    "--by",
    type=options.choice(["year"]),
    default="year",
    show_default=True,
    help="The period of a row.",
)
@options.start(
    "The first year shown, counted whole (default: the first meeting or agreement milestone)."
)
@options.end("The last year shown, counted whole (default: the year of the data's as-of date).")
@options.json(
    'one object {"complete", "gaps", "as_of", "a", "b", "partial", "records"}, records being '
    "the rows, with every column (meeting_ids, milestone_names, sanctions_held_on_a and "
    "sanctions_held_on_b as lists: what is held, also where not counted); partial lists "
    "the years counted only to as_of"
)
@click.pass_obj
def pulse(
    session: Session,
    a: str,
    b: str,
    by: str,
    start: PartialDate | Period | None,
    end: PartialDate | Period | None,
    as_json: bool,
) -> None:
    """The relationship of A and B per year, side by side, each row a whole year.

    --from and --to choose the years; every column counts each year whole (--from 2025-06
    shows 2025, counted from 1 January). MEET counts the cited high-level meetings (visits,
    talks, calls; persons count for the states whose offices they held that day; a summit
    with talks on its margin once). GDELT,
    COOP, CONFL and GOLDST are the coded events (needs a dataset with GDELT events); UN_N and
    UN_AGREE the UN General Assembly roll calls both voted in and the share voted alike (to
    2019; needs ruiran[parquet]); STEPS the agreements' milestones; SANC_A and SANC_B the
    sanctions regimes in force on A and on B (--json also names what is held: the meetings,
    milestones and regimes, a selection where the count is a dash). A dash is a value the
    data cannot give: a cited column (MEET, STEPS, SANC_A, SANC_B) in a year no coverage
    statement on its question reaches (nobody looked: for Russia and Iran, MEET before 2000,
    SANC_A before 2014, STEPS in every year), every cited column in a year after the data's
    as-of date, GDELT where no coded events reach, UN after 2019. A year marked * is counted only to the as-of date.

    \b
    Examples:
      ruiran pulse Russia Iran --by year
      ruiran pulse Russia Iran --from 2015 --json
    """
    frame = ruiran.pulse(
        a, b, by=by.lower(), dataset=session.dataset,
        start=None if start is None else str(start), end=None if end is None else str(end),
    )  # fmt: skip
    rows = [{k: _cell(v) for k, v in row.items()} for row in frame.to_dict("records")]
    partial = frame.attrs["partial"]
    if answer_frame(
        {**frame.attrs, "partial": list(partial)}, rows, as_json, keys=("a", "b", "partial")
    ):
        return
    for year in partial:
        click.echo(
            f"note: * {year} is counted to {frame.attrs['as_of']}, the data's as-of date", err=True
        )
    echo_table(
        list(SHOWN.values()),
        [
            [
                f"{row['year']}*" if c == "year" and row["year"] in partial else _text(row[c])
                for c in SHOWN
            ]
            for row in rows
        ],
    )
