"""UN General Assembly votes: ``votes`` says how often two states voted alike.

Over :func:`ruiran.votes.agreement` (and :func:`ruiran.votes.read_votes` for ``--file``). The
actors are resolved in the bundled dataset, as ``ruiran.actor`` does; ``--data`` does not change
the votes asked.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import click

import ruiran
from ruiran import PartialDate, Period
from ruiran.cli import options
from ruiran.cli.output import answer_frame, echo_table

__all__ = ["votes"]


def _number(value: Any) -> Any:
    """A JSON number: ints as ints, floats rounded to 6 places, NaN as null."""
    if isinstance(value, float) or (hasattr(value, "dtype") and value.dtype.kind == "f"):
        number = float(value)
        return None if math.isnan(number) else round(number, 6)
    if hasattr(value, "dtype") and value.dtype.kind in "iu":
        return int(value)
    return value


@click.command(short_help="How often two states voted alike in the UN General Assembly.")
@click.argument("a")
@click.argument("b")
@click.option(
    "--by",
    type=options.choice(["year", "issue"]),
    default=None,
    help="A row per calendar year or per issue code (default: one row for the whole window).",
)
@options.start("The first day of the window.")
@options.end("The last day of the window.")
@click.option(
    "--half",
    is_flag=True,
    help="Also show agreement_half: one abstaining while the other votes yes or no counts 1/2.",
)
@click.option(
    "--file",
    "path",
    metavar="PATH",
    callback=options.path,
    default=None,
    help="Ask the votes of this file (the Harvard Dataverse release's CSV layout) instead of "
    "the bundled ones (1946 to 2019-12-27).",
)
@options.json(
    'one object {"complete", "gaps", "as_of", "records"}, records being the rows '
    '{"year" or "issue", "n", "agreement"[, "agreement_half"]}'
)
def votes(
    a: str,
    b: str,
    by: str | None,
    start: PartialDate | Period | None,
    end: PartialDate | Period | None,
    half: bool,
    path: Path | None,
    as_json: bool,
) -> None:
    """How often A and B voted alike in the UN General Assembly's roll calls.

    n counts the roll calls in which both voted yes, no or abstain; agreement is the share of
    them in which they cast the same vote. The bundled votes are Voeten, Strezhnev and Bailey's
    (Harvard Dataverse, CC0), 1946 to 2019-12-27, via the unvotes package. Needs
    ruiran[parquet].

    \b
    Examples:
      ruiran votes Russia Iran --by year
      ruiran votes Russia Iran --by issue --from 2001 --half
      ruiran votes Russia China --json
    """
    data = None if path is None else ruiran.votes.read_votes(path)
    frame = ruiran.votes.agreement(
        a, b, by=by.lower() if by else None, half=half, data=data,
        start=None if start is None else str(start), end=None if end is None else str(end),
    )  # fmt: skip
    rows = [{k: _number(v) for k, v in row.items()} for row in frame.to_dict("records")]
    if answer_frame(frame.attrs, rows, as_json):
        return
    columns = list(frame.columns)
    echo_table(
        [c.upper() for c in columns],
        [
            [f"{row[c]:.3f}" if isinstance(row[c], float) else str(row[c]) for c in columns]
            for row in rows
        ],
    )
