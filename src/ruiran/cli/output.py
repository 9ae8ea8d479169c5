"""What every command shares: the one place errors become messages and exit codes, and output.

Errors are one line on stderr starting with ``error:``, never a traceback: :class:`Group` (the
``ruiran`` group's class) turns ruiran's exceptions, click's usage errors and OS errors into
:class:`Failure` (exit code 1) or :class:`BadUsage` (exit code 2); a command raises those two
itself for what it checks, and :class:`Interrupted` (exit code 130) when Ctrl-C stopped it. A reader that stops early (``ruiran events | head -1``) ends the
command with exit code 0. Output: aligned text columns (:func:`echo_table`), JSON
(:func:`echo_json`; a question's answer with its coverage: :func:`echo_answer`), notes and
warnings on stderr.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import textwrap
import warnings
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import IO, Any, ClassVar

import click

from ruiran import DatasetError, DatasetWarning, QueryError, RuiranError, UnknownActorError
from ruiran.model.display import count

__all__ = [
    "BadUsage",
    "Failure",
    "Group",
    "Interrupted",
    "echo_answer",
    "echo_json",
    "echo_table",
    "exclusive",
    "one_line",
    "say_coded",
    "say_gaps",
    "say_undated",
    "warnings_on_stderr",
    "wrap",
]

#: The width text is wrapped to.
WIDTH = 100


# -- errors: one line on stderr, a meaningful exit code ----------------------------------------


class Failure(click.ClickException):
    """A failure that is not the user's typing: invalid dataset, missing file, no such record."""

    exit_code: ClassVar[int] = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", file=file, err=file is None)


class BadUsage(Failure):
    """A usage error (bad argument or option), shown on one line like every other error."""

    exit_code: ClassVar[int] = 2


class Interrupted(Failure):
    """Ctrl-C stopped a command that cleans up after itself (exit code 130, as a shell gives a
    process ended by SIGINT); the message says what was left as it was."""

    exit_code: ClassVar[int] = 130


class Group(click.Group):
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
            raise BadUsage(f"{error.format_message()} (see '{where} --help')") from None
        except DatasetError as error:
            raise Failure(str(error)) from None
        except UnknownActorError as error:
            raise Failure(str(error)) from None
        except QueryError as error:
            raise BadUsage(str(error)) from None
        except OutputExistsError as error:
            raise Failure(
                f"{error.reason}; nothing was written (add --force to replace existing files)"
            ) from None
        except RuiranError as error:
            raise Failure(str(error)) from None
        except OSError as error:
            raise Failure(_os_message(error)) from None


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
        return one_line(str(error))
    return one_line(f"{os.fsdecode(error.filename)!r}: {error.strerror}")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes.

    Examples:
        >>> one_line("a\\nb")
        'a\\\\nb'
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def exclusive(**options: object) -> None:
    """Refuse, as a usage error, more than one of the options given (``--between``, ...)."""
    given = [f"--{name}" for name, value in options.items() if value]
    if len(given) > 1:
        raise BadUsage(f"{' and '.join(given)} cannot be used together")


@contextlib.contextmanager
def warnings_on_stderr() -> Iterator[None]:
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
                click.echo(f"warning: {one_line(str(warning.message))}", err=True)
            others = [w for w in caught if w not in shown]
    for w in others:
        warnings.showwarning(w.message, w.category, w.filename, w.lineno, w.file, w.line)


# -- output ------------------------------------------------------------------------------------


def echo_json(value: object) -> None:
    """Print ``value`` as indented JSON, non-ASCII characters as they are."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def echo_answer(found: Sequence[object], records: Sequence[object], as_of: dt.date | None) -> None:
    """Print a question's answer as one JSON object: whether the data covers the question,
    its gaps, the data's as-of date and the records.

    ``{"complete": bool, "gaps": [sentence, ...], "as_of": "YYYY-MM-DD" or null, "records":
    [...]}``: the shape of ``--json`` for every command that answers a question (``agreements``,
    ``events``, ``sanctions``, ``timeline``). ``found`` is the query's answer (its ``gaps``),
    ``records`` its items as JSON values.

    Examples:
        >>> echo_answer((), [], None)
        {
          "complete": true,
          "gaps": [],
          "as_of": null,
          "records": []
        }
    """
    gaps = list(getattr(found, "gaps", ()))
    echo_json(
        {
            "complete": not gaps,
            "gaps": gaps,
            "as_of": None if as_of is None else as_of.isoformat(),
            "records": list(records),
        }
    )


def answer_frame(
    attrs: Mapping[Hashable, Any],
    rows: Sequence[object],
    as_json: bool,
    keys: Sequence[str] = (),
) -> bool:
    """Say a DataFrame answer's gaps on stderr and, with ``as_json``, print it as
    :func:`echo_answer` does (``attrs`` holds ``complete``, ``gaps`` and ``as_of``; ``keys``
    names more of them to print before the records). True when printed: the table is not.

    Examples:
        >>> answer_frame({"complete": True, "gaps": (), "as_of": "2025-12-15", "a": "iran"},
        ...              [], True, keys=("a",))
        {
          "complete": true,
          "gaps": [],
          "as_of": "2025-12-15",
          "a": "iran",
          "records": []
        }
        True
    """
    for gap in attrs["gaps"]:
        click.echo(f"note: {gap}", err=True)
    if as_json:
        echo_json(
            {
                "complete": attrs["complete"],
                "gaps": list(attrs["gaps"]),
                "as_of": attrs["as_of"],
                **{key: attrs[key] for key in keys},
                "records": list(rows),
            }
        )
    return as_json


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Aligned text columns; the last column is not padded. No rows: say so on stderr."""
    if not rows:
        click.echo("(no matching records)", err=True)
        return
    widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]
    for row in (headers, *rows):
        cells = [str(cell).ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        click.echo("  ".join([*cells, str(row[-1])]).rstrip())


def wrap(text: str, indent: str, first: str | None = None) -> str:
    """``text`` with its whitespace normalised, wrapped to :data:`WIDTH` under ``indent``.

    Examples:
        >>> wrap("a  b", "  ")
        '  a b'
    """
    return textwrap.fill(
        " ".join(text.split()),
        width=WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
    )


def say_coded(found: object) -> None:
    """Say on stderr how many coded events (GDELT) answer the same question, if any."""
    coded = getattr(found, "coded", None)
    if coded is not None and len(coded):
        click.echo(
            f"note: and {count(len(coded), 'coded event')} (GDELT) answer the same question; "
            "'ruiran series' shows them per period",
            err=True,
        )


def say_undated(left_out: int, kind: str, option: str) -> None:
    """Say on stderr how many records a date option left out for having no date."""
    if left_out:
        them = "them" if left_out != 1 else "it"
        click.echo(
            f"note: {count(left_out, f'undated {kind}')} not shown "
            f"({option} cannot place {them} in time); --include-undated shows {them}",
            err=True,
        )


def say_gaps(found: object) -> None:
    """Say on stderr what the question asked that the data does not cover, one note a gap.

    ``found`` is a query's answer (its ``gaps``); a listing of every record (a plain tuple, not
    a question about an actor) has none to say.
    """
    for gap in getattr(found, "gaps", ()):
        click.echo(f"note: {gap}", err=True)
