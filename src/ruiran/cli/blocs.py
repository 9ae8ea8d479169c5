"""The ``members`` and ``blocs`` commands: a bloc's members on a date, an actor's blocs.

Thin commands over :meth:`ruiran.Dataset.members` and :meth:`ruiran.Dataset.blocs_of`: they
print the answer in the library's order and say on stderr (``note:`` lines) what the question
asked that the data does not cover; ``--json`` prints ``{"complete", "gaps", "as_of",
"records"}`` as every question does.
"""

from __future__ import annotations

import datetime as dt

import click

from ruiran import Bloc, PartialDate, Period
from ruiran.cli import options
from ruiran.cli.output import echo_answer, echo_table, say_gaps
from ruiran.cli.session import Session

__all__ = ["blocs", "members"]


@click.command(short_help="The members of a bloc, or those on a date.")
@click.argument("name")
@click.option("--on", "on", **options.DATE, help="Only the members on this date or period.")
@options.json("one JSON object: complete, gaps, as_of and the member records")
@click.pass_obj
def members(session: Session, name: str, on: PartialDate | Period | None, as_json: bool) -> None:
    """The members of a bloc (EU, NATO, SCO, BRICS, EAEU ...), with when they were members.

    NAME is a bloc, named by id, name or alias. A state is a member on a date when one of its
    membership periods contains it; PERIOD is the membership the bloc's record gives.

    \b
    Examples:
      ruiran members NATO --on 2020-01-01
      ruiran members EU --on 2020-02-01 --json
    """
    ds = session.dataset
    found = ds.members(name, on=on)
    bloc = ds.actor(name)
    say_gaps(found)
    if as_json:
        echo_answer(found, [m.model_dump(mode="json") for m in found], _as_of(session))
        return
    periods: dict[str, list[str]] = {}
    if isinstance(bloc, Bloc):
        for membership in bloc.members:
            periods.setdefault(membership.member, []).append(
                str(membership.period) if membership.period else "always"
            )
    echo_table(
        ("ID", "NAME", "PERIOD"),
        [(m.id, m.name, ", ".join(periods.get(m.id, ()))) for m in found],
    )


@click.command(short_help="The blocs an actor belonged to, or on a date.")
@click.argument("name")
@click.option("--on", "on", **options.DATE, help="Only the blocs it belonged to on this date.")
@options.json("one JSON object: complete, gaps, as_of and the bloc records")
@click.pass_obj
def blocs(session: Session, name: str, on: PartialDate | Period | None, as_json: bool) -> None:
    """The blocs an actor belonged to: the other side of ``ruiran members``.

    NAME is a state (or an organization), named by id, name, alias, ISO code or Wikidata id.

    \b
    Examples:
      ruiran blocs Iran --on 2024-06-01
      ruiran blocs "United Kingdom" --on 2020-02-01 --json
    """
    ds = session.dataset
    actor = ds.actor(name)
    found = ds.blocs_of(actor, on=on)
    say_gaps(found)
    if as_json:
        echo_answer(found, [b.model_dump(mode="json") for b in found], _as_of(session))
        return
    echo_table(
        ("ID", "NAME", "PERIOD"),
        [
            (
                b.id,
                b.name,
                ", ".join(
                    str(m.period) if m.period else "always"
                    for m in b.members
                    if m.member == actor.id
                ),
            )
            for b in found
        ],
    )


def _as_of(session: Session) -> dt.date | None:
    coverage = session.dataset.coverage
    return None if coverage is None else coverage.as_of
