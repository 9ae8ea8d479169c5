"""The listings and the actor card: ``actors``, ``actor``, ``agreements``, ``events``,
``sanctions``, ``timeline``.

Each command asks the Dataset (``ds.agreements_between``, ``ds.sanctions_on``, ...) and prints
its answer in the order the library gives it. Without ``--between``/``--involving`` (or
``--target``/``--by``), a listing is the union of the answers for every actor, put in the
library's order by :func:`ruiran.dataset.index.sort_key`: no public call lists every agreement, event or
sanction with the filters, so that key is the one piece of the query machinery used here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import click

from ruiran import (
    Agreement,
    Area,
    Bloc,
    Event,
    Organization,
    PartialDate,
    Period,
    Person,
    Records,
    Sanction,
    Stage,
    State,
)
from ruiran.cli import options
from ruiran.cli.describe import actor_name, citation_lines, codes, entry_json, signed
from ruiran.cli.output import (
    BadUsage,
    echo_answer,
    echo_json,
    echo_table,
    exclusive,
    say_coded,
    say_gaps,
    say_undated,
    wrap,
)
from ruiran.cli.session import Session
from ruiran.dataset.index import sort_key
from ruiran.model import Measure, SanctionStatus
from ruiran.model.dates import Precision
from ruiran.model.display import count, when

__all__ = ["actor", "actors", "agreements", "events", "period", "sanctions", "timeline"]

_R = TypeVar("_R", Agreement, Event, Sanction)


def _union(results: Iterable[Sequence[_R]], gaps: Iterable[str]) -> Records[_R]:
    """The records of several query answers, once each, in the library's order, with the gaps
    of the question they answer together (``ds.gaps``: every record of a kind)."""
    found: dict[str, _R] = {}
    for answer in results:
        for record in answer:
            found.setdefault(record.id, record)
    return Records(sorted(found.values(), key=sort_key), gaps=gaps)


def _as_of(session: Session) -> dt.date | None:
    """The data's as-of date (None: it states no coverage)."""
    coverage = session.dataset.coverage
    return None if coverage is None else coverage.as_of


# -- actors --------------------------------------------------------------------------------------


@click.command(short_help="List the actors (states, persons, organizations, blocs).")
@click.option(
    "--type",
    "kind",
    type=options.choice(["state", "person", "organization", "bloc"]),
    help="Only actors of this type.",
)
@options.json("a JSON array of the actors' records instead of a table")
@click.pass_obj
def actors(session: Session, kind: str | None, as_json: bool) -> None:
    """List the actors: states, persons, organizations and blocs.

    \b
    Examples:
      ruiran actors
      ruiran actors --type bloc
      ruiran actors --type person --json
    """
    found = [a for a in session.dataset.actors if kind is None or a.type == kind.lower()]
    if as_json:
        echo_json([a.model_dump(mode="json") for a in found])
        return
    echo_table(
        ("ID", "TYPE", "NAME", "CODES"),
        [(a.id, a.type, a.name, codes(a)) for a in found],
    )


@click.command(
    short_help="Show one actor: names, identifiers, offices, the sanctions listing it, citations."
)
@click.argument("name")
@options.json("the actor's record as one JSON object instead of text")
@click.pass_obj
def actor(session: Session, name: str, as_json: bool) -> None:
    """Show one actor: names, identifiers, offices or members, and citations.

    NAME is an id, a name, an alias, an ISO 3166 code or a Wikidata id, in any case. The
    sanctions whose listings name the actor follow ("listed by"), each with the name as
    listed (the quotes naming it: ruiran.sanctions_naming).

    \b
    Examples:
      ruiran actor Iran
      ruiran actor "Soviet Union"
      ruiran actor EAEU --json
    """
    ds = session.dataset
    record = ds.actor(name)
    if as_json:
        echo_json(record.model_dump(mode="json"))
        return
    lines = [f"{record.name}  [{record.id}, {record.type}]"]
    if record.description:
        lines.append(wrap(record.description, "  "))
    fields: list[tuple[str, str]] = []
    if record.aliases:
        fields.append(("aliases", ", ".join(record.aliases)))
    if isinstance(record, State):
        for historical in record.historical_names:
            fields.append(("formerly", f"{historical.name} ({historical.period})"))
    fields.append(("identifiers", codes(record) or "-"))
    if isinstance(record, Organization):
        fields.append(("kind", record.kind.value))
        if record.country:
            fields.append(("country", actor_name(ds, record.country)))
    if isinstance(record, Person):
        if record.nationality:
            fields.append(("nationality", actor_name(ds, record.nationality)))
        for position in record.positions:
            of = f" of {actor_name(ds, position.of)}" if position.of else ""
            held = f" ({position.period})" if position.period else ""
            fields.append(("position", f"{position.title}{of}{held}"))
    if isinstance(record, Bloc):
        fields.append(("formal", "yes" if record.formal else "no"))
        for membership in record.members:
            held = f" ({membership.period})" if membership.period else ""
            fields.append(("member", f"{actor_name(ds, membership.member)}{held}"))
    blocs = ds.blocs_of(record) if not isinstance(record, Bloc) else ()
    if blocs:
        fields.append(("member of", ", ".join(b.name for b in blocs)))
    for listing in ds.sanctions_naming(record):
        fields.append(("listed by", f"{listing.sanction} (as {listing.name!r})"))
    width = max(len(label) for label, _ in fields)
    lines.extend(f"  {label.ljust(width)}  {value}" for label, value in fields)
    lines.append("")
    lines.extend(citation_lines(ds, record.citations))
    click.echo("\n".join(lines))


# -- agreements, events, sanctions ---------------------------------------------------------------


@click.command(short_help="List agreements, optionally between or involving actors.")
@options.between("Agreements binding both actors.")
@options.involving("Agreements to which this actor is a party.")
@click.option(
    "--area", type=options.choice(a.value for a in Area), help="Only agreements covering this area."
)
@click.option(
    "--stage",
    type=options.choice(s.value for s in Stage),
    help="Only agreements that reached at least this stage (by the end of --on, if given): "
    "for the pair of --between, the actor of --involving, or else every party.",
)
@click.option("--on", "on", **options.DATE, help="Only agreements in effect for the parties then.")
@options.include_undated()
@options.json(
    'one JSON object {"complete", "gaps", "as_of", "records"} instead of a table, "records" '
    "the agreements' records"
)
@click.pass_obj
def agreements(
    session: Session,
    between: tuple[str, str] | None,
    involving: str | None,
    area: str | None,
    stage: str | None,
    on: PartialDate | Period | None,
    include_undated: bool,
    as_json: bool,
) -> None:
    """List agreements, oldest first. A bloc's agreements bind its members at the time.

    SIGNED is the day the agreement was signed (by every party, when they signed apart); a
    dash when no signature is dated. STAGE is the stage the actors asked about had reached
    (by the end of --on): both of --between (the less advanced of the two), the one of
    --involving, or else every party. A treaty one party has ratified and the other only
    signed is 'signed'; a third state's later accession does not move the pair's stage.

    \b
    Examples:
      ruiran agreements
      ruiran agreements --between Russia Iran
      ruiran agreements --between Russia Iran --stage signed --on 2025-02
      ruiran agreements --involving Armenia --area trade --json
    """
    ds = session.dataset
    exclusive(between=between, involving=involving)
    asked = between or ((involving,) if involving is not None else ())

    def query(undated: bool) -> Records[Agreement]:
        filters: dict[str, Any] = {"on": on, "area": area, "stage": stage}
        filters["include_undated"] = undated
        if between:
            return ds.agreements_between(*between, **filters)
        if involving is not None:
            return ds.agreements_involving(involving, **filters)
        filters["stage"] = None  # every party's stage, not one actor's: filtered below
        every = _union(
            (ds.agreements_involving(a, **filters) for a in ds.actors),
            ds.gaps("agreement", start=on, end=on),
        )
        if stage is None:
            return every
        least = Stage(stage)
        kept = [a for a in every if (r := ds.stage_of(a, on=on)) is not None and r >= least]
        return Records(kept, gaps=every.gaps)

    found = query(include_undated)
    if on is not None and not include_undated:
        say_undated(len(query(True)) - len(found), "agreement", "--on")
    say_gaps(found)
    if as_json:
        echo_answer(found, [a.model_dump(mode="json") for a in found], _as_of(session))
        return
    # The asked actors' stages come with a --between/--involving answer; else every party's.
    stages = found.stages if asked else [ds.stage_of(a, on=on) for a in found]
    rows = []
    for agreement, stage_now in zip(found, stages, strict=True):
        rows.append(
            (
                signed(agreement),
                stage_now.value if stage_now is not None else "-",
                agreement.id,
                ", ".join(actor_name(ds, p) for p in agreement.parties),
                agreement.title,
            )
        )
    echo_table(("SIGNED", "STAGE", "ID", "PARTIES", "TITLE"), rows)


@click.command(short_help="List events, optionally between or involving actors.")
@options.between("Events involving both.")
@options.involving("Events in which this actor takes part.")
@options.about(
    "With --between A B, also the events in which one acts about the other: the other takes "
    "no part in the event but in a record it concerns (Russia condemning strikes on Iran)."
)
@options.start("Events ending on or after this date.")
@options.end("Events starting on or before this date.")
@click.option(
    "--kind",
    metavar="KIND",
    help="An event kind (visit, criticize, aerial_attack, ...) or a CAMEO code such as 19.",
)
@click.option(
    "--cameo",
    metavar="CODE",
    help="Any CAMEO event code, a root (11), base (112) or full code (1124): coded events by "
    "their code, cited events by their kind's.",
)
@options.include_undated()
@options.json(
    'one JSON object {"complete", "gaps", "as_of", "records"} instead of a table, "records" '
    "the events' records"
)
@click.pass_obj
def events(
    session: Session,
    between: tuple[str, str] | None,
    involving: str | None,
    start: PartialDate | Period | None,
    end: PartialDate | Period | None,
    about: bool,
    kind: str | None,
    cameo: str | None,
    include_undated: bool,
    as_json: bool,
) -> None:
    """List events, oldest first (undated last), coded with CAMEO event kinds.

    \b
    Examples:
      ruiran events --between Russia Iran --from 2024
      ruiran events --between Russia Iran --about --from 2025-06 --kind 11
      ruiran events --involving Israel --kind 19
      ruiran events --from 2025-06 --to 2025-06 --json
    """
    ds = session.dataset
    exclusive(between=between, involving=involving)
    if about and not between:
        raise BadUsage("--about asks about a pair: give it with --between A B")

    def query(undated: bool) -> tuple[Event, ...]:
        filters: dict[str, Any] = {"start": start, "end": end, "kind": kind, "cameo": cameo}
        filters["include_undated"] = undated
        if between:
            return ds.events_between(*between, about=about, **filters)
        if involving is not None:
            return ds.events_involving(involving, **filters)
        return _union(
            (ds.events_involving(a, **filters) for a in ds.actors),
            ds.gaps("event", start=start, end=end),
        )

    found = query(include_undated)
    if (start is not None or end is not None) and not include_undated:
        say_undated(len(query(True)) - len(found), "event", "--from/--to")
    say_gaps(found)
    say_coded(found)
    if as_json:
        echo_answer(found, [e.model_dump(mode="json") for e in found], _as_of(session))
        return
    echo_table(
        ("DATE", "KIND", "ID", "TITLE"),
        [(str(e.date) if e.date else "undated", e.kind.value, e.id, e.title) for e in found],
    )


@click.command(short_help="List sanctions, optionally on or by an actor.")
@click.option("--target", "target", metavar="A", help="Sanctions targeting this actor.")
@click.option("--by", "sender", metavar="A", help="Sanctions this actor sends (or its bloc does).")
@click.option(
    "--on",
    "at",
    **options.DATE,
    help="Only sanctions in force on this date or during this window.",
)
@options.refused("--at", "give the date with --on DATE (and the sanctioned actor with --target A)")
@click.option(
    "--status",
    type=options.choice(s.value for s in SanctionStatus),
    help="Only sanctions in this state.",
)
@click.option(
    "--measure",
    type=options.choice(m.value for m in Measure),
    help="Only sanctions with this measure.",
)
@options.include_undated()
@options.json(
    'one JSON object {"complete", "gaps", "as_of", "records"} instead of a table, "records" '
    "the sanctions' records"
)
@click.pass_obj
def sanctions(
    session: Session,
    target: str | None,
    sender: str | None,
    at: PartialDate | Period | None,
    status: str | None,
    measure: str | None,
    include_undated: bool,
    as_json: bool,
) -> None:
    """List sanctions (Global Sanctions Database coding), oldest first.

    PERIOD is the sanction's period, or the dates of its first and last dated steps; a
    regime still in force after its last step is shown open ("2014-03-06 – … (in force;
    last step 2014-07-16)"); one whose first step eased, tightened or extended measures
    already in force began before it ("before 2016-01-16 – … (in force; first step eased
    2016-01-16; ...)"). STATUS is the record's coding of the regime.

    \b
    Examples:
      ruiran sanctions
      ruiran sanctions --target Iran --by "United States"
      ruiran sanctions --target Russia --on 2022-03-01
      ruiran sanctions --by "the West" --status imposed --measure financial --json
    """
    ds = session.dataset

    def query(undated: bool) -> tuple[Sanction, ...]:
        filters: dict[str, Any] = {"on": at, "measure": measure, "status": status}
        filters["include_undated"] = undated
        if target is not None:
            return ds.sanctions_on(target, by=sender, **filters)
        if sender is not None:
            return ds.sanctions_by(sender, **filters)
        return _union(
            (ds.sanctions_by(a, **filters) for a in ds.actors),
            ds.gaps("sanction", start=at, end=at),
        )

    found = query(include_undated)
    if at is not None and not include_undated:
        say_undated(len(query(True)) - len(found), "sanction", "--on")
    say_gaps(found)
    if as_json:
        echo_answer(found, [s.model_dump(mode="json") for s in found], _as_of(session))
        return
    echo_table(
        ("PERIOD", "STATUS", "ID", "SENDERS", "TARGET", "MEASURES"),
        [
            (
                period(s),
                s.status.value,
                s.id,
                ", ".join(actor_name(ds, x) for x in s.senders),
                actor_name(ds, s.target),
                ", ".join(m.value for m in s.measures) or "-",
            )
            for s in found
        ],
    )


def period(sanction: Sanction) -> str:
    """The PERIOD column: every spell the regime was in force, oldest first; 'undated'.

    From :meth:`~ruiran.Sanction.in_force_spans`, so a gap in force is never hidden: each
    spell reads ``first day – last day``, spells joined by ``', '``. A spell still open is
    shown open, ``'2014-03-06 – … (in force; last step 2014-07-16)'`` (the last step is not
    its end). A spell that ended shows the last day in force, the day before the step that
    ended it (a step dated to a month or a year: ``before`` that step's date). A regime whose
    first step changes measures already in force (extended, tightened, eased) began before
    it, on a day the data does not hold: its first spell reads ``before`` that step's date,
    and names the step (``'before 2016-01-16 – … (in force; first step eased 2016-01-16;
    last step 2018-11-05)'``), never as if the regime began that day. A regime without dated
    steps shows its period.

    Examples:
        >>> c = {"source": "s", "quote": "q"}
        >>> def step(action: str, date: str) -> dict[str, object]:
        ...     return {"action": action, "date": date, "citations": [c]}
        >>> def regime(*steps: dict[str, object]) -> Sanction:
        ...     return Sanction(id="x", title="X", senders=["us"], target="ru",
        ...                     status="imposed", citations=[c], milestones=steps)
        >>> imposed, tightened = step("imposed", "2014-03-06"), step("tightened", "2014-07-16")
        >>> period(regime(imposed, tightened))
        '2014-03-06 – … (in force; last step 2014-07-16)'
        >>> period(regime(imposed, tightened, step("lifted", "2016-01-16")))
        '2014-03-06 – 2016-01-15'
        >>> period(regime(imposed, step("terminated", "2016"), step("reimposed", "2025-09-28")))
        '2014-03-06 – before 2016, 2025-09-28 – … (in force)'
        >>> period(regime(step("eased", "2016-01-16"), step("reimposed", "2018-11-05")))
        'before 2016-01-16 – … (in force; first step eased 2016-01-16; last step 2018-11-05)'
    """
    spans = sanction.in_force_spans()
    dated = sorted(
        (m.date for m in sanction.milestones if m.date is not None), key=lambda d: d.earliest
    )
    if not dated:
        return when(sanction) or "undated"
    if not spans:
        return f"{dated[0]} – {dated[-1]} (never in force)"
    starts = {d.earliest: str(d) for d in reversed(dated)}  # a day shows its step's own date
    after = {d.earliest - dt.timedelta(days=1): d for d in dated}
    opening = _opening(sanction, dated[0])
    shown: list[str] = []
    for first, last in spans:
        begun = starts.get(first, first.isoformat())
        named = ""
        if opening is not None and first == dated[0].earliest:
            begun, named = f"before {begun}", f"first step {opening} {dated[0]}"
        if last == dt.date.max:
            latest = dated[-1]
            steps = [named] if named else []
            if latest.earliest > first:
                steps.append(f"last step {latest}")
            shown.append(f"{begun} – … ({'; '.join(['in force', *steps])})")
            continue
        ending = after.get(last)
        upto = (
            f"before {ending}"
            if ending is not None and ending.precision is not Precision.DAY
            else last.isoformat()
        )
        shown.append(f"{begun} – {upto}" + (f" ({named})" if named else ""))
    return ", ".join(shown)


def _opening(sanction: Sanction, first: PartialDate) -> str | None:
    """The action of the regime's first dated step (on ``first``) when it changes measures
    already in force (so the regime began before it); None when a step that day begins it."""
    change = sanction.opening_change()
    if change is None or change[0] != first:
        return None
    return "/".join(a.value for a in change[1])


# -- the timeline ----------------------------------------------------------------------------------


@click.command(short_help="The dated story of an actor or a pair.")
@click.argument("a")
@click.argument("b", required=False)
@options.start("Entries ending on or after this date.")
@options.end("Entries starting on or before this date.")
@options.about(
    "With B, also the events in which one acts about the other: the other takes no part in "
    "the event but in a record it concerns (Russia condemning strikes on Iran)."
)
@options.json(
    'one JSON object {"complete", "gaps", "as_of", "records"} instead of a table, "records" '
    'the entries {"when", "kind", "record", "label"}'
)
@click.pass_obj
def timeline(
    session: Session,
    a: str,
    b: str | None,
    start: PartialDate | Period | None,
    end: PartialDate | Period | None,
    about: bool,
    as_json: bool,
) -> None:
    """The dated story of an actor, or of a pair: events, agreement milestones, sanctions.

    \b
    Examples:
      ruiran timeline Russia Iran
      ruiran timeline Iran --from 2025-06 --to 2025-06
      ruiran timeline Russia Iran --from 2024 --json
      ruiran timeline Russia Iran --about --from 2025-06
    """
    ds = session.dataset
    if about and b is None:
        raise BadUsage("--about asks about a pair: give a second actor (ruiran timeline A B)")
    entries = ds.timeline(a, b, start=start, end=end, about=about)
    say_coded(entries)
    say_gaps(entries)
    undated = ds.undated(a, b)
    if undated:
        many = len(undated) != 1
        click.echo(
            f"note: {count(len(undated), 'undated record')} about "
            f"{' and '.join(actor_name(ds, ds.actor(x).id) for x in (a, b) if x)} "
            f"{'are' if many else 'is'} not on the timeline "
            "('ruiran agreements/events/sanctions' list them)",
            err=True,
        )
    if as_json:
        echo_answer(entries, [entry_json(e) for e in entries], _as_of(session))
        return
    echo_table(
        ("WHEN", "KIND", "RECORD", "LABEL"),
        [(str(e.when), e.kind, e.record.id, e.label) for e in entries],
    )
