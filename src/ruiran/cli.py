"""The ``ruiran`` command line: query, cite, validate and export datasets from a shell.

Built with click over the public API only (``ruiran.load`` and the :class:`~ruiran.Dataset`
methods). Every command reads the bundled dataset, or the user's dataset given with the group
option ``--data PATH``. Listings print aligned text columns, or with ``--json`` a JSON array of
records (``model_dump(mode="json")``); each command's ``--json`` help says what it prints (an
array, or for ``actor`` and ``cite`` one object).

Exit codes: 0 success; 1 an invalid dataset, a missing file, no such record or a file an
export would replace; 2 a usage error (an unknown option, a bad date or vocabulary value, an
empty path). Errors are one line on stderr starting with ``error:`` (an invalid dataset adds one
line per problem), never a traceback. Entries of a dataset folder that were not read are shown
as ``warning:`` lines on stderr. A reader that stops early (``ruiran events | head -1``) is not
an error: the exit code is 0, with or without ``--json``.

Examples:
    $ ruiran agreements --between Russia Iran --area trade
    $ ruiran --data my-data/ events --involving Iran --from 2025 --json
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import os
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, ClassVar, TypeVar

import attrs
import click

import ruiran
from ruiran import (
    Agreement,
    Area,
    Bloc,
    Citation,
    Dataset,
    DatasetError,
    DatasetWarning,
    Event,
    Organization,
    PartialDate,
    Period,
    Person,
    QueryError,
    RuiranError,
    Sanction,
    Source,
    Stage,
    State,
    TimelineEntry,
    UnknownActorError,
)
from ruiran.model import AnyActor, AnyRecord, Measure, SanctionStatus, parse_when
from ruiran.model.display import count as plural

__all__ = ["cli", "main"]

_R = TypeVar("_R", Agreement, Event, Sanction)
_F = TypeVar("_F", bound=Callable[..., Any])

_WIDTH = 100
_EXPORT_FORMATS = ("yaml", "json", "jsonl", "csv", "parquet", "graphml", "ftm")


# -- errors: one line on stderr, a meaningful exit code ----------------------------------------


class _Failure(click.ClickException):
    """A failure that is not the user's typing: invalid dataset, missing file, no such record."""

    exit_code: ClassVar[int] = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", file=file, err=file is None)


class _BadUsage(_Failure):
    """A usage error (bad argument or option), shown on one line like every other error."""

    exit_code: ClassVar[int] = 2


class _Group(click.Group):
    """The ``ruiran`` group: turns ruiran's exceptions into one-line errors and exit codes."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # --help and --version print while the arguments are parsed, before invoke().
        with _reader_may_leave():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        from ruiran.export.files import OutputExistsError  # lazily: only exports raise it

        try:
            with _reader_may_leave():
                return super().invoke(ctx)
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx is not None else ctx.command_path
            raise _BadUsage(f"{error.format_message()} (see '{where} --help')") from None
        except DatasetError as error:
            raise _Failure(str(error)) from None
        except UnknownActorError as error:
            raise _Failure(str(error)) from None
        except QueryError as error:
            raise _BadUsage(str(error)) from None
        except OutputExistsError as error:
            raise _Failure(
                f"{error.reason}; nothing was written (add --force to replace existing files)"
            ) from None
        except RuiranError as error:
            raise _Failure(str(error)) from None
        except OSError as error:
            raise _Failure(_os_message(error)) from None


@contextlib.contextmanager
def _reader_may_leave() -> Iterator[None]:
    """A closed pipe (``ruiran events | head -1``) ends the command with exit code 0.

    Whether a write fails depends on how much was written before the reader left, so a
    listing printed line by line and one printed as a single JSON document would otherwise
    end differently. Nothing more can be shown, so stdout is pointed at the null device and
    Python's last flush at exit cannot fail either.
    """
    try:
        yield
    except BrokenPipeError:
        _discard_stdout()
        raise click.exceptions.Exit(0) from None


def _discard_stdout() -> None:
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (e.g. click's CliRunner)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def _os_message(error: OSError) -> str:
    """One line for an OS error: the path and the reason."""
    if error.filename is None or error.strerror is None:
        return _one_line(str(error))
    return _one_line(f"{os.fsdecode(error.filename)!r}: {error.strerror}")


def _one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@contextlib.contextmanager
def _warnings_on_stderr() -> Iterator[None]:
    """Show each :class:`~ruiran.DatasetWarning` as one ``warning: ...`` line on stderr.

    Other warnings keep Python's own filters and display.
    """
    with warnings.catch_warnings(record=True) as caught:
        # Recorded whatever the outer filters say (even "error", as under pytest): a skipped
        # entry is worth a line, never a crash.
        warnings.simplefilter("always", DatasetWarning)
        try:
            yield
        finally:
            shown = [w for w in caught if issubclass(w.category, DatasetWarning)]
            for warning in shown:
                click.echo(f"warning: {_one_line(str(warning.message))}", err=True)
            others = [w for w in caught if w not in shown]
    for w in others:
        warnings.showwarning(w.message, w.category, w.filename, w.lineno, w.file, w.line)


def _date(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> PartialDate | Period | None:
    """Read a date option: ``2024``, ``2024-10``, ``2024-10-23``, ``2024/2025``, ``2022/..``."""
    if value is None:
        return None
    try:
        return parse_when(value)
    except (ValueError, TypeError) as error:
        option = param.opts[0] if param.opts else "date"
        hint = ""
        if ctx.command.name == "sanctions" and option == "--on":
            hint = " (the sanctioned actor is given with --target)"
        raise _BadUsage(
            f"{option} must be a date such as 2024, 2024-10 or 2024-10-23, "
            f"or a period such as 2024/2025 (got {value!r}){hint}: "
            + str(error).replace(f" (got {value!r})", "")  # said once is enough
        ) from None


#: Keyword arguments of every date option.
DATE: dict[str, Any] = {"metavar": "DATE", "callback": _date}


def _choice(values: Iterable[str]) -> click.Choice[str]:
    return click.Choice(list(values), case_sensitive=False)


def _path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """Read a path option or argument; an empty one is a usage error, not the current folder."""
    if value is None:
        return None
    if not value:
        name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
        raise _BadUsage(f"{name} must be a path, not an empty string (for this folder: '.')")
    return Path(value)


# -- the group ---------------------------------------------------------------------------------


@attrs.define
class _Session:
    """What the group hands its commands: the dataset path, and the dataset once loaded."""

    data: Path | None
    with_bundled: bool = False
    _dataset: Dataset | None = None

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            with _warnings_on_stderr():
                base = ruiran.load() if self.with_bundled else None
                self._dataset = ruiran.load(self.data, base=base)
        return self._dataset


@click.group("ruiran", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    metavar="PATH",
    default=None,
    callback=_path,
    help="Query this dataset (a folder or file in the ruiran format) instead of the bundled one.",
)
@click.option(
    "--with-bundled",
    is_flag=True,
    help="Put the --data records on top of the bundled dataset: they may name its actors and "
    "sources.",
)
@click.version_option(
    ruiran.__version__,
    "--version",
    prog_name="ruiran",
    # The data has a version of its own (ruiran.versions): a citation names both.
    message=f"%(prog)s %(version)s, data {ruiran.DATA_VERSION} (as of {ruiran.DATA_AS_OF})",
)
@click.pass_context
def cli(ctx: click.Context, data: Path | None, with_bundled: bool) -> None:
    """Query the Russia–Iran knowledge base: every fact with its source's exact words.

    Actors are named by id, name, alias, ISO code or Wikidata id, in any case ("Iran", "IRN",
    "Soviet Union"). Dates are partial: 2024, 2024-10, 2024-10-23, or a period 2024/2025.

    \b
    Examples:
      ruiran agreements --between Russia Iran
      ruiran actor Putin
      ruiran timeline Russia Iran --from 2024
      ruiran cite treaty-comprehensive-strategic-partnership
      ruiran --data my-data/ events --involving Iran --json
      ruiran --data my-events.yaml --with-bundled timeline Russia Iran
      ruiran validate my-data/
    """
    if with_bundled and data is None:
        raise _BadUsage(
            "--with-bundled needs --data: the records to put on top of the bundled ones"
        )
    ctx.obj = _Session(data, with_bundled)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (the ``ruiran`` console script)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="ruiran")


def _json_option(prints: str) -> Callable[[_F], _F]:
    """The ``--json`` flag, its help saying what the command prints with it."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print {prints}.")


# -- commands: actors ----------------------------------------------------------------------------


@cli.command(short_help="List the actors (states, persons, organizations, blocs).")
@click.option(
    "--type",
    "kind",
    type=_choice(["state", "person", "organization", "bloc"]),
    help="Only actors of this type.",
)
@_json_option("a JSON array of the actors' records instead of a table")
@click.pass_obj
def actors(session: _Session, kind: str | None, as_json: bool) -> None:
    """List the actors: states, persons, organizations and blocs.

    \b
    Examples:
      ruiran actors
      ruiran actors --type bloc
      ruiran actors --type person --json
    """
    found = [a for a in session.dataset.actors if kind is None or a.type == kind.lower()]
    if as_json:
        _echo_json([a.model_dump(mode="json") for a in found])
        return
    _echo_table(
        ("ID", "TYPE", "NAME", "CODES"),
        [(a.id, a.type, a.name, _codes(a)) for a in found],
    )


@cli.command(short_help="Show one actor: names, identifiers, offices, citations.")
@click.argument("name")
@_json_option("the actor's record as one JSON object instead of text")
@click.pass_obj
def actor(session: _Session, name: str, as_json: bool) -> None:
    """Show one actor: names, identifiers, offices or members, and citations.

    NAME is an id, a name, an alias, an ISO 3166 code or a Wikidata id, in any case.

    \b
    Examples:
      ruiran actor Iran
      ruiran actor "Soviet Union"
      ruiran actor EAEU --json
    """
    ds = session.dataset
    record = ds.actor(name)
    if as_json:
        _echo_json(record.model_dump(mode="json"))
        return
    lines = [f"{record.name}  [{record.id}, {record.type}]"]
    if record.description:
        lines.append(_wrap(record.description, "  "))
    fields: list[tuple[str, str]] = []
    if record.aliases:
        fields.append(("aliases", ", ".join(record.aliases)))
    if isinstance(record, State):
        for historical in record.historical_names:
            fields.append(("formerly", f"{historical.name} ({historical.period})"))
    fields.append(("identifiers", _codes(record) or "-"))
    if isinstance(record, Organization):
        fields.append(("kind", record.kind.value))
        if record.country:
            fields.append(("country", _actor_name(ds, record.country)))
    if isinstance(record, Person):
        if record.nationality:
            fields.append(("nationality", _actor_name(ds, record.nationality)))
        for position in record.positions:
            of = f" of {_actor_name(ds, position.of)}" if position.of else ""
            when = f" ({position.period})" if position.period else ""
            fields.append(("position", f"{position.title}{of}{when}"))
    if isinstance(record, Bloc):
        fields.append(("formal", "yes" if record.formal else "no"))
        for membership in record.members:
            when = f" ({membership.period})" if membership.period else ""
            fields.append(("member", f"{_actor_name(ds, membership.member)}{when}"))
    blocs = ds.blocs_of(record) if not isinstance(record, Bloc) else ()
    if blocs:
        fields.append(("member of", ", ".join(b.name for b in blocs)))
    width = max(len(label) for label, _ in fields)
    lines.extend(f"  {label.ljust(width)}  {value}" for label, value in fields)
    lines.append("")
    lines.extend(_citation_lines(ds, record.citations))
    click.echo("\n".join(lines))


# -- commands: agreements, events, sanctions ---------------------------------------------------


@cli.command(short_help="List agreements, optionally between or involving actors.")
@click.option(
    "--between", nargs=2, metavar="A B", default=None, help="Agreements binding both actors."
)
@click.option("--involving", metavar="A", help="Agreements to which this actor is a party.")
@click.option(
    "--area", type=_choice(a.value for a in Area), help="Only agreements covering this area."
)
@click.option(
    "--stage",
    type=_choice(s.value for s in Stage),
    help="Only agreements in which every party reached at least this stage (by the end of "
    "--on, if given).",
)
@click.option("--on", "on", **DATE, help="Only agreements in effect for the parties then.")
@click.option(
    "--include-undated",
    is_flag=True,
    help="With a date option, also list the records that have no date (after the dated ones).",
)
@_json_option("a JSON array of the agreements' records instead of a table")
@click.pass_obj
def agreements(
    session: _Session,
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
    dash when no signature is dated. STAGE is the stage every party had reached (by the end
    of --on): a treaty one party has ratified and the other only signed is 'signed'.

    \b
    Examples:
      ruiran agreements
      ruiran agreements --between Russia Iran
      ruiran agreements --between Russia Iran --stage signed --on 2025-02
      ruiran agreements --involving Armenia --area trade --json
    """
    ds = session.dataset
    _exclusive(between=between, involving=involving)

    def query(undated: bool) -> tuple[Agreement, ...]:
        filters: dict[str, Any] = {"on": on, "area": area, "stage": stage}
        filters["include_undated"] = undated
        if between:
            return ds.agreements_between(*between, **filters)
        if involving is not None:
            return ds.agreements_involving(involving, **filters)
        return _union((ds.agreements_involving(a, **filters) for a in ds.actors), _agreement_order)

    found = query(include_undated)
    if on is not None and not include_undated:
        _say_undated(len(query(True)) - len(found), "agreement", "--on")
    if as_json:
        _echo_json([a.model_dump(mode="json") for a in found])
        return
    rows = []
    for agreement in found:
        reached = ds.stage_of(agreement, on=on)
        rows.append(
            (
                _signed(agreement),
                reached.value if reached is not None else "-",
                agreement.id,
                ", ".join(_actor_name(ds, p) for p in agreement.parties),
                agreement.title,
            )
        )
    _echo_table(("SIGNED", "STAGE", "ID", "PARTIES", "TITLE"), rows)


@cli.command(short_help="List events, optionally between or involving actors.")
@click.option("--between", nargs=2, metavar="A B", default=None, help="Events involving both.")
@click.option("--involving", metavar="A", help="Events in which this actor takes part.")
@click.option("--from", "start", **DATE, help="Events ending on or after this date.")
@click.option("--to", "end", **DATE, help="Events starting on or before this date.")
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
@click.option(
    "--include-undated",
    is_flag=True,
    help="With a date option, also list the records that have no date (after the dated ones).",
)
@_json_option("a JSON array of the events' records instead of a table")
@click.pass_obj
def events(
    session: _Session,
    between: tuple[str, str] | None,
    involving: str | None,
    start: PartialDate | Period | None,
    end: PartialDate | Period | None,
    kind: str | None,
    cameo: str | None,
    include_undated: bool,
    as_json: bool,
) -> None:
    """List events, oldest first (undated last), coded with CAMEO event kinds.

    \b
    Examples:
      ruiran events --between Russia Iran --from 2024
      ruiran events --involving Israel --kind 19
      ruiran events --from 2025-06 --to 2025-06 --json
    """
    ds = session.dataset
    _exclusive(between=between, involving=involving)

    def query(undated: bool) -> tuple[Event, ...]:
        filters: dict[str, Any] = {"start": start, "end": end, "kind": kind, "cameo": cameo}
        filters["include_undated"] = undated
        if between:
            return ds.events_between(*between, **filters)
        if involving is not None:
            return ds.events_involving(involving, **filters)
        return _union((ds.events_involving(a, **filters) for a in ds.actors), _event_order)

    found = query(include_undated)
    if (start is not None or end is not None) and not include_undated:
        _say_undated(len(query(True)) - len(found), "event", "--from/--to")
    _say_coded(found)
    if as_json:
        _echo_json([e.model_dump(mode="json") for e in found])
        return
    _echo_table(
        ("DATE", "KIND", "ID", "TITLE"),
        [(str(e.date) if e.date else "undated", e.kind.value, e.id, e.title) for e in found],
    )


@cli.command(short_help="List sanctions, optionally on or by an actor.")
@click.option("--target", "target", metavar="A", help="Sanctions targeting this actor.")
@click.option("--by", "sender", metavar="A", help="Sanctions this actor sends (or its bloc does).")
@click.option(
    "--on", "--at", "at", **DATE, help="Only sanctions in force on this date or during this window."
)
@click.option(
    "--status", type=_choice(s.value for s in SanctionStatus), help="Only sanctions in this state."
)
@click.option(
    "--measure", type=_choice(m.value for m in Measure), help="Only sanctions with this measure."
)
@click.option(
    "--include-undated",
    is_flag=True,
    help="With a date option, also list the records that have no date (after the dated ones).",
)
@_json_option("a JSON array of the sanctions' records instead of a table")
@click.pass_obj
def sanctions(
    session: _Session,
    target: str | None,
    sender: str | None,
    at: PartialDate | Period | None,
    status: str | None,
    measure: str | None,
    include_undated: bool,
    as_json: bool,
) -> None:
    """List sanctions (Global Sanctions Database coding), oldest first.

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
        return _union((ds.sanctions_by(a, **filters) for a in ds.actors), _sanction_order)

    found = query(include_undated)
    if at is not None and not include_undated:
        _say_undated(len(query(True)) - len(found), "sanction", "--on")
    if as_json:
        _echo_json([s.model_dump(mode="json") for s in found])
        return
    _echo_table(
        ("PERIOD", "STATUS", "ID", "SENDERS", "TARGET", "MEASURES"),
        [
            (
                str(s.period) if s.period else "undated",
                s.status.value,
                s.id,
                ", ".join(_actor_name(ds, x) for x in s.senders),
                _actor_name(ds, s.target),
                ", ".join(m.value for m in s.measures) or "-",
            )
            for s in found
        ],
    )


@cli.command(short_help="The dated story of an actor or a pair.")
@click.argument("a")
@click.argument("b", required=False)
@click.option("--from", "start", **DATE, help="Entries ending on or after this date.")
@click.option("--to", "end", **DATE, help="Entries starting on or before this date.")
@_json_option('a JSON array of entries {"when", "kind", "record", "label"} instead of a table')
@click.pass_obj
def timeline(
    session: _Session,
    a: str,
    b: str | None,
    start: PartialDate | Period | None,
    end: PartialDate | Period | None,
    as_json: bool,
) -> None:
    """The dated story of an actor, or of a pair: events, agreement milestones, sanctions.

    \b
    Examples:
      ruiran timeline Russia Iran
      ruiran timeline Iran --from 2025-06 --to 2025-06
      ruiran timeline Russia Iran --from 2024 --json
    """
    ds = session.dataset
    entries = ds.timeline(a, b, start=start, end=end)
    _say_coded(entries)
    undated = ds.undated(a, b)
    if undated:
        count = len(undated)
        click.echo(
            f"note: {count} undated record{'s' if count != 1 else ''} about "
            f"{' and '.join(_actor_name(ds, ds.actor(x).id) for x in (a, b) if x)} "
            f"{'are' if count != 1 else 'is'} not on the timeline "
            "('ruiran agreements/events/sanctions' list them)",
            err=True,
        )
    if as_json:
        _echo_json([_entry_json(e) for e in entries])
        return
    _echo_table(
        ("WHEN", "KIND", "RECORD", "LABEL"),
        [(str(e.when), e.kind, e.record.id, e.label) for e in entries],
    )


# -- commands: provenance ------------------------------------------------------------------------


@cli.command(short_help="Show a record's quotes and their sources.")
@click.argument("record_id", metavar="ID")
@_json_option(
    'one JSON object {"record", "citations"} (and "cited_by" for a source) instead of text'
)
@click.pass_obj
def cite(session: _Session, record_id: str, as_json: bool) -> None:
    """Show a record with its verbatim quotes and their sources (title, publisher, url).

    ID is a record id (see the ID column of the listings). For a source id, lists the records
    that cite it.

    \b
    Examples:
      ruiran cite treaty-comprehensive-strategic-partnership
      ruiran cite western-sanctions-on-iran --json
      ruiran cite russia-iran-deepening-alliance
    """
    ds = session.dataset
    record = ds.get(record_id)
    if record is None:
        close = difflib.get_close_matches(record_id, [r.id for r in ds], n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise _Failure(f"no record has id {record_id!r}{hint}")
    groups = list(_citation_groups(ds, record))
    citing = ds.citing(record) if isinstance(record, Source) else ()
    if as_json:
        payload: dict[str, Any] = {
            "record": record.model_dump(mode="json"),
            "citations": [
                {
                    "where": where,
                    **citation.model_dump(mode="json"),
                    "source_record": _source_json(ds, citation.source),
                }
                for where, citations in groups
                for citation in citations
            ],
        }
        if isinstance(record, Source):
            payload["cited_by"] = [r.id for r in citing]
        _echo_json(payload)
        return
    lines = [f"{_title(record)}  [{record.id}, {record.type}]"]
    summary = getattr(record, "summary", None) or getattr(record, "description", None)
    if isinstance(summary, str):
        lines.append(_wrap(summary, "  "))
    if isinstance(record, Source):
        lines.extend(_source_lines(record, "  "))
        lines.append("")
        lines.append(f"cited by {len(citing)} record{'s' if len(citing) != 1 else ''}:")
        lines.extend(f"  {r.id}  ({r.type}) {_title(r)}" for r in citing)
    for where, citations in groups:
        if not citations:
            continue
        lines.append("")
        lines.append(f"{where}:")
        lines.extend(_citation_lines(ds, citations, indent="  "))
    click.echo("\n".join(lines))


@cli.command(short_help="Check a dataset and list every problem.")
@click.argument("path", callback=_path)
@click.option(
    "--with-bundled",
    is_flag=True,
    help="Check the records on top of the bundled dataset: they may name its actors and sources.",
)
@_json_option(
    'the problems as a JSON array of {"record", "field", "message", "file"} ([] when the dataset is valid)'
)
@click.pass_context
def validate(ctx: click.Context, path: Path, with_bundled: bool, as_json: bool) -> None:
    """Check a dataset (folder or file) and list every problem, one per line.

    Each line reads: file, record, field: message. Exits 1 when the dataset is invalid, 0 with
    a summary when it is valid. Entries of the folder that were not read (subfolders, files of
    other formats) are listed on stderr as "warning:" lines.

    \b
    Examples:
      ruiran validate my-data/
      ruiran validate my-events.yaml --with-bundled
      ruiran validate my-data/records.jsonl --json
    """
    try:
        with _warnings_on_stderr():
            ds = ruiran.load(path, base=ruiran.load() if with_bundled else None)
    except DatasetError as error:
        if as_json:
            _echo_json([attrs.asdict(p) for p in error.problems])
        else:
            for problem in error.problems:
                click.echo(str(problem))
            count = len(error.problems)
            click.echo(
                f"{path}: invalid dataset, {count} problem{'s' if count != 1 else ''}", err=True
            )
        ctx.exit(1)
    if as_json:
        _echo_json([])
        return
    click.echo(f"{path}: valid dataset of {_counts(ds)}")


@cli.command(short_help="Write the dataset as yaml, json, jsonl, csv, parquet, graphml or ftm.")
@click.option(
    "--format", "fmt", type=_choice(_EXPORT_FORMATS), required=True, help="The output format."
)
@click.option(
    "--out",
    "out",
    metavar="PATH",
    callback=_path,
    required=True,
    help="Where to write: a file (json, jsonl, graphml, ftm) or a folder (yaml, csv, parquet).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace existing files (for yaml, csv and parquet: write into a non-empty folder).",
)
@click.pass_obj
def export(session: _Session, fmt: str, out: Path, force: bool) -> None:
    """Write the dataset in another ecosystem's format.

    Nothing is replaced without --force: an existing file, or a non-empty folder for yaml, csv
    and parquet, is an error. The files appear only once all are written, so a failed export
    leaves nothing behind. json and jsonl write each source's text beside the file, at its
    text_file path; a text_file that would be the export itself is refused.

    \b
    Formats:
      yaml     a folder in the bundled data's own format, one YAML file per kind, with the
               source texts (ruiran.load reads it back): a copy to learn from and edit
      json     one JSON file (ruiran.load reads it back)
      jsonl    JSON Lines, one record per line (ruiran.load reads it back)
      csv      a folder of tidy tables, one <table>.csv each (needs ruiran[pandas])
      parquet  a folder of Parquet tables (needs ruiran[parquet])
      graphml  the actor graph for Gephi, yEd, networkx (needs ruiran[graph])
      ftm      FollowTheMoney entities as JSON lines (needs ruiran[ftm])

    \b
    Examples:
      ruiran export --format yaml --out bundled-copy/
      ruiran export --format jsonl --out ruiran.jsonl
      ruiran export --format csv --out tables/
      ruiran export --format csv --out tables/ --force
      ruiran --data my-data/ export --format graphml --out graph.graphml
    """
    ds = session.dataset
    fmt = fmt.lower()
    # Lazily: only this command needs them.
    from ruiran import export as exporter
    from ruiran.export.files import Output, write_files

    if fmt == "yaml":
        exporter.to_folder(ds, out, overwrite=force)
    elif fmt == "json":
        exporter.to_json(ds, out, overwrite=force)
    elif fmt == "jsonl":
        exporter.to_jsonl(ds, out, overwrite=force)
    elif fmt == "csv":
        exporter.to_csv(ds, out, overwrite=force)
    elif fmt == "parquet":
        exporter.to_parquet(ds, out, overwrite=force)
    elif fmt == "graphml":
        graph = exporter.to_networkx(ds)
        import networkx  # to_networkx has just imported it

        def graphml(path: Path) -> None:
            networkx.write_graphml(graph, path)

        write_files([Output(out, graphml, "the GraphML export")], overwrite=force)
    else:
        entities = exporter.to_ftm(ds)  # raises now if followthemoney is missing

        def ftm(path: Path) -> None:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                for entity in entities:
                    handle.write(json.dumps(entity, ensure_ascii=False) + "\n")

        write_files([Output(out, ftm, "the FollowTheMoney export")], overwrite=force)
    click.echo(f"wrote {fmt} of {_counts(ds)} to {out}")


# -- commands: coded event data (GDELT) ----------------------------------------------------------

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


@cli.command(short_help="A series of coded events (GDELT) of a pair or an actor.")
@click.argument("a")
@click.argument("b", required=False)
@click.option(
    "--freq",
    type=_choice(_FREQUENCIES),
    default="month",
    show_default=True,
    help="The period of each row.",
)
@click.option(
    "--measure",
    type=_choice(_MEASURES),
    default="count",
    show_default=True,
    help="What to count or add up (goldstein = goldstein_sum, tone = tone_mean; "
    "quadclass gives four rows per period).",
)
@click.option(
    "--directed", is_flag=True, help="Only events with A as the first actor (and B as the second)."
)
@click.option("--from", "start", **DATE, help="The first day (of the window and the periods).")
@click.option("--to", "end", **DATE, help="The last day.")
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
    callback=_path,
    default=None,
    help="Also draw the series to this image file (PNG, SVG, PDF), with the pair's "
    "agreement milestones marked (needs ruiran[plot]).",
)
@_json_option('a JSON array of rows {"period", "a", "b", "measure", "value", "events"}')
@click.pass_obj
def series(
    session: _Session,
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
        raise _Failure(
            "this dataset holds no coded events: write some with 'ruiran ingest gdelt FILES "
            "--out DIR', then give --data DIR"
        )
    frame = ds.event_series(
        a, b, freq=freq.lower(), measure=measure.lower(), directed=directed,
        start=None if start is None else str(start), end=None if end is None else str(end),
        cameo=cameo,
    )  # fmt: skip
    if plot is not None:
        from ruiran.coded.figure import milestones, series_figure

        names = " – ".join(_actor_name(ds, ds.actor(x).id) for x in (a, b) if x)
        title = f"{names}: {measure.lower()} per {freq.lower()} (coded by GDELT)"
        marks = milestones(ds.timeline(a, b)) if len(frame) else []
        series_figure(frame, plot, title=title, marks=marks)
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
        _echo_json(rows)
        return
    _echo_table(
        ("PERIOD", "MEASURE", "VALUE", "EVENTS"),
        [
            (r["period"], r["measure"], "-" if r["value"] is None else f"{r['value']:g}",
             str(r["events"]))
            for r in rows
        ],
    )  # fmt: skip


@cli.group(short_help="Bring coded event data in (GDELT), written as Parquet.")
def ingest() -> None:
    """Bring coded event data in: read source files, keep what passes, write Parquet."""


@ingest.command("gdelt", short_help="Read GDELT event files; write Parquet by year.")
@click.argument("files", nargs=-1, metavar="FILES...")
@click.option(
    "--between",
    nargs=2,
    metavar="A B",
    default=None,
    help="Keep the events between A and B (either direction).",
)
@click.option("--involving", metavar="A", help="Keep the events in which A is either actor.")
@click.option("--from", "start", **DATE, help="Keep events on or after this date.")
@click.option("--to", "end", **DATE, help="Keep events on or before this date.")
@click.option(
    "--out",
    "out",
    metavar="DIR",
    callback=_path,
    help="The folder to write: Parquet partitioned by year, and ruiran-coded.json.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a non-empty folder (replacing an earlier ingest's files).",
)
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
@click.pass_obj
def ingest_gdelt(
    session: _Session,
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
) -> None:
    """Read GDELT event files (1.0 or 2.0; plain, .gz or .zip; paths or glob patterns), keep
    the events that pass the filters, and write them to DIR as Parquet partitioned by year.

    Lines that cannot be read are refused and listed (file:line) on stderr; the summary says
    how many lines were read, kept and refused, and how many repeated an event already kept
    (the same GLOBALEVENTID in two files: the copy with the latest DATEADDED is kept). 'ruiran --data DIR ...' and ruiran.load(DIR)
    read the folder back; DuckDB and Spark read it as it is.

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
    _exclusive(between=between, involving=involving)
    base = ruiran.load() if session.data is None else session.dataset
    filters: dict[str, Any] = {
        "between": between,
        "involving": involving,
        "start": None if start is None else str(start),
        "end": None if end is None else str(end),
    }
    if show_sql:
        if files or out is not None or check_all:
            raise _BadUsage(
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
            raise _BadUsage(f"{option} goes with --show-sql")
    if not files:
        raise _BadUsage("give the GDELT files to read (FILES...), or --show-sql")
    if out is None:
        raise _BadUsage("give the folder to write with --out DIR")
    from ruiran.coded.parquet import write_folder

    where = ruiran.ingest.gdelt_where(base=base, **filters)
    if show_where:
        click.echo(f"filter: {where}")
    ds = ruiran.ingest.gdelt(list(files), base=base, check_all=check_all, **filters)
    assert ds.coded is not None
    summary = ds.coded.summary
    for refusal in summary.refusals[:50]:
        click.echo(f"warning: refused {_one_line(str(refusal))}", err=True)
    if summary.refused > 50:
        click.echo(f"warning: ... and {summary.refused - 50:,} more refused lines", err=True)
    about = {"filter": {**filters, "where": where}, "base": "bundled" if session.data is None
             else str(session.data)}  # fmt: skip
    write_folder(ds, out, overwrite=force, about=about)
    click.echo(str(summary).splitlines()[0])
    click.echo(f"wrote {plural(len(ds.coded), 'coded event')} to {out} (Parquet by year)")


# -- output helpers --------------------------------------------------------------------------------


def _say_coded(found: object) -> None:
    """Say on stderr how many coded events (GDELT) answer the same question, if any."""
    coded = getattr(found, "coded", None)
    if coded is not None and len(coded):
        click.echo(
            f"note: and {plural(len(coded), 'coded event')} (GDELT) answer the same question; "
            "'ruiran series' shows them per period",
            err=True,
        )


def _say_undated(count: int, kind: str, option: str) -> None:
    """Say on stderr how many records a date option left out for having no date."""
    if count:
        click.echo(
            f"note: {count} undated {kind}{'s' if count != 1 else ''} not shown "
            f"({option} cannot place {'them' if count != 1 else 'it'} in time); "
            f"--include-undated shows {'them' if count != 1 else 'it'}",
            err=True,
        )


def _echo_json(value: object) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def _echo_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Aligned text columns; the last column is not padded. No rows: say so on stderr."""
    if not rows:
        click.echo("(no matching records)", err=True)
        return
    widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]
    for row in (headers, *rows):
        cells = [str(cell).ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        click.echo("  ".join([*cells, str(row[-1])]).rstrip())


def _wrap(text: str, indent: str, first: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=_WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
    )


def _codes(record: AnyActor) -> str:
    codes = []
    if isinstance(record, State):
        if record.iso_alpha2:
            codes.append(record.iso_alpha2)
        if record.iso_alpha3:
            codes.append(record.iso_alpha3)
        if record.cow_code is not None:
            codes.append(f"COW {record.cow_code}")
    if record.wikidata:
        codes.append(record.wikidata)
    return ", ".join(codes)


def _actor_name(ds: Dataset, actor_id: str) -> str:
    record = ds.get(actor_id)
    return record.name if isinstance(record, (State, Person, Organization, Bloc)) else actor_id


def _title(record: AnyRecord) -> str:
    if isinstance(record, (State, Person, Organization, Bloc)):
        return record.name
    return record.title


def _counts(ds: Dataset) -> str:
    kinds = (
        ("actors", ds.actors),
        ("agreements", ds.agreements),
        ("sanctions", ds.sanctions),
        ("events", ds.events),
        ("sources", ds.sources),
    )
    parts = ", ".join(plural(len(r), name[:-1]) for name, r in kinds)
    return f"{plural(len(ds), 'record')} ({parts})"


def _citation_groups(ds: Dataset, record: AnyRecord) -> Iterator[tuple[str, tuple[Citation, ...]]]:
    """The record's citations, then each milestone's, labelled with where they sit."""
    yield "citations", record.citations
    if isinstance(record, Agreement):
        for index, milestone in enumerate(record.milestones):
            when = str(milestone.date) if milestone.date else "undated"
            stage = milestone.stage.value
            if milestone.party is not None:  # a party's own step: "ratified (Russia)"
                stage = f"{stage} ({_actor_name(ds, milestone.party)})"
            names = ", ".join(_actor_name(ds, a) for a in milestone.actors)
            by = f", by {names}" if names and milestone.actors != (milestone.party,) else ""
            yield f"milestones[{index}] ({stage}, {when}{by})", milestone.citations


def _citation_lines(ds: Dataset, citations: Sequence[Citation], *, indent: str = "") -> list[str]:
    lines: list[str] = []
    for number, citation in enumerate(citations, start=1):
        inner = f"{indent}    "
        lines.append(_wrap(f"“{citation.quote}”", inner, first=f"{indent}{number:>2}. "))
        if citation.supports:
            lines.append(f"{inner}supports: {', '.join(citation.supports)}")
        source = ds.get(citation.source)
        if isinstance(source, Source):
            lines.append(f"{inner}source: {source.title}  [{source.id}]")
            lines.extend(_source_lines(source, inner + "        ", kind=False))
        else:
            lines.append(f"{inner}source: {citation.source}")
        if citation.note:
            lines.append(_wrap(f"note: {citation.note}", inner))
    return lines


def _source_lines(source: Source, indent: str, *, kind: bool = True) -> list[str]:
    lines = []
    for label, value in (
        ("kind", source.kind.value if kind else None),
        ("publisher", source.publisher),
        ("author", source.author),
        ("date", str(source.date) if source.date else None),
        ("url", source.url),
    ):
        if value:
            lines.append(f"{indent}{label}: {value}")
    return lines


def _source_json(ds: Dataset, source_id: str) -> dict[str, Any] | None:
    source = ds.get(source_id)
    return source.model_dump(mode="json") if isinstance(source, Source) else None


def _entry_json(entry: TimelineEntry) -> dict[str, str]:
    return {
        "when": str(entry.when),
        "kind": entry.kind,
        "record": entry.record.id,
        "label": entry.label,
    }


def _exclusive(**options: object) -> None:
    given = [f"--{name}" for name, value in options.items() if value]
    if len(given) > 1:
        raise _BadUsage(f"{' and '.join(given)} cannot be used together")


def _union(results: Iterable[Sequence[_R]], key: Callable[[_R], Any]) -> tuple[_R, ...]:
    """The records of several query answers, once each, in the API's order."""
    found: dict[str, _R] = {}
    for answer in results:
        for record in answer:
            found.setdefault(record.id, record)
    return tuple(sorted(found.values(), key=key))


_LAST = (1, dt.date.max, dt.date.max)


def _span_key(when: PartialDate | Period | None, record_id: str) -> tuple[Any, ...]:
    if when is None:
        return (*_LAST, record_id)
    return (0, when.earliest, when.latest, record_id)


def _agreement_order(agreement: Agreement) -> tuple[Any, ...]:
    dates = [m.date for m in agreement.milestones if m.date is not None]
    return _span_key(min(dates) if dates else None, agreement.id)


def _event_order(event: Event) -> tuple[Any, ...]:
    return _span_key(event.date, event.id)


def _sanction_order(sanction: Sanction) -> tuple[Any, ...]:
    return _span_key(sanction.period, sanction.id)


def _signed(agreement: Agreement) -> str:
    """The SIGNED column: the day every party had signed, or ``-`` when that is not dated."""
    signed = agreement.signed_on
    return "-" if signed is None else str(signed)
