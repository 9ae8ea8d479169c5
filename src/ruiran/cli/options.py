"""Every option two commands share, defined once; and how an option's text becomes a value.

A command names the options it takes (``@options.between("...")``, ``@options.start("...")``);
the definition (flag, metavar, callback) lives here, the help, which says what the option does
for that command, where it is used. Dates are read by :func:`date` (``DATE``), paths by
:func:`path`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from ruiran import PartialDate, Period
from ruiran.cli.output import BadUsage
from ruiran.model import parse_when

__all__ = [
    "DATE",
    "about",
    "between",
    "choice",
    "date",
    "end",
    "force",
    "include_undated",
    "involving",
    "json",
    "path",
    "refused",
    "start",
]

_F = TypeVar("_F", bound=Callable[..., Any])


def date(
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
        raise BadUsage(
            f"{option} must be a date such as 2024, 2024-10 or 2024-10-23, "
            f"or a period such as 2024/2025 (got {value!r}){hint}: "
            + str(error).replace(f" (got {value!r})", "")  # said once is enough
        ) from None


#: Keyword arguments of every date option.
DATE: dict[str, Any] = {"metavar": "DATE", "callback": date}


def choice(values: Iterable[str]) -> click.Choice[str]:
    """A choice among ``values``, in any case."""
    return click.Choice(list(values), case_sensitive=False)


def path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """Read a path option or argument; an empty one is a usage error, not the current folder."""
    if value is None:
        return None
    if not value:
        name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
        raise BadUsage(f"{name} must be a path, not an empty string (for this folder: '.')")
    return Path(value)


def json(prints: str) -> Callable[[_F], _F]:
    """The ``--json`` flag, its help saying what the command prints with it."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print {prints}.")


def about(text: str) -> Callable[[_F], _F]:
    """``--about``: with a pair, also the events in which one acts about the other."""
    return click.option("--about", is_flag=True, help=text)


def refused(flag: str, instead: str) -> Callable[[_F], _F]:
    """An old spelling, hidden and refused with the new one, never read as anything else."""

    def refuse(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value is not None:
            raise BadUsage(f"{flag} is no longer accepted: {instead}")

    return click.option(
        flag, f"refused_{flag.lstrip('-')}", hidden=True, expose_value=False, callback=refuse
    )


def between(text: str) -> Callable[[_F], _F]:
    """``--between A B``: two actors."""
    return click.option("--between", nargs=2, metavar="A B", default=None, help=text)


def involving(text: str) -> Callable[[_F], _F]:
    """``--involving A``: one actor."""
    return click.option("--involving", metavar="A", help=text)


def start(text: str) -> Callable[[_F], _F]:
    """``--from DATE``, the parameter ``start``."""
    return click.option("--from", "start", **DATE, help=text)


def end(text: str) -> Callable[[_F], _F]:
    """``--to DATE``, the parameter ``end``."""
    return click.option("--to", "end", **DATE, help=text)


def include_undated() -> Callable[[_F], _F]:
    """``--include-undated``: with a date option, also the records that have no date."""
    return click.option(
        "--include-undated",
        is_flag=True,
        help="With a date option, also list the records that have no date (after the dated ones).",
    )


def force(text: str) -> Callable[[_F], _F]:
    """``--force``: replace what is there."""
    return click.option("--force", is_flag=True, help=text)
