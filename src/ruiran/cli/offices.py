"""The ``offices`` command: who held the offices of a state or organization, or a person's.

A thin command over :meth:`ruiran.Dataset.offices`: it prints the answer in the library's
order, and says on stderr (``note:`` lines) what the question asked that the data does not
cover.
"""

from __future__ import annotations

import click

from ruiran import PartialDate, Period
from ruiran.cli import options
from ruiran.cli.describe import actor_name
from ruiran.cli.output import echo_json, echo_table, say_gaps, say_undated
from ruiran.cli.session import Session

__all__ = ["offices"]


@click.command(short_help="Who held the offices of a state, or the offices a person held.")
@click.argument("name")
@click.option("--on", "on", **options.DATE, help="Only the offices held on this date or period.")
@click.option(
    "--title",
    metavar="TITLE",
    default=None,
    help="Only this office, e.g. 'President' or 'Foreign Minister' (any case; acting holders "
    "count).",
)
@options.include_undated()
@options.json("a JSON array of the offices (each a position with its holder) instead of a table")
@click.pass_obj
def offices(
    session: Session,
    name: str,
    on: PartialDate | Period | None,
    title: str | None,
    include_undated: bool,
    as_json: bool,
) -> None:
    """Who held the offices of a state or organization, or the offices a person held.

    NAME is a state or organization (its offices and their holders) or a person (their
    offices), named by id, name, alias, ISO code or Wikidata id. PERIOD is when the office
    was held; an acting holder is marked "(acting)".

    \b
    Examples:
      ruiran offices Iran --on 2012-06-01
      ruiran offices Russia --title "Foreign Minister"
      ruiran offices Putin --json
    """
    ds = session.dataset
    found = ds.offices(name, on=on, title=title, include_undated=include_undated)
    if on is not None and not include_undated:
        hidden = len(ds.offices(name, on=on, title=title, include_undated=True)) - len(found)
        say_undated(hidden, "office", "--on")
    say_gaps(found)
    if as_json:
        echo_json([o.model_dump(mode="json") for o in found])
        return
    echo_table(
        ("PERIOD", "OFFICE", "OF", "HOLDER"),
        [
            (
                str(o.period) if o.period else "undated",
                o.title + (" (acting)" if o.acting else ""),
                actor_name(ds, o.of) if o.of else "-",
                actor_name(ds, o.holder),
            )
            for o in found
        ],
    )
