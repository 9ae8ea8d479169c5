"""``python -m ruiran``: show the bundled dataset at work.

Prints the agreements between Russia and Iran, each with its lifecycle (stage, date, who; a
party's own step names the party, as in "ratified (Russia)") and the verbatim quotes that
support it.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Sequence

import ruiran
from ruiran.model.display import count


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent + "  ")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ruiran",
        description="Print the agreements between Russia and Iran in the bundled dataset, "
        "each with its lifecycle (stage, date, who) and the verbatim quotes that support it.",
        epilog="To query the data, use the ruiran command: ruiran --help.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"ruiran {ruiran.__version__}, data {ruiran.DATA_VERSION} "
        f"(as of {ruiran.DATA_AS_OF})",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Print the agreements between Russia and Iran with their dates and citations.

    It takes no arguments but ``--help`` (what it does, and what to run instead) and
    ``--version``; anything else in ``argv`` (default: the command line's) is a usage error
    (exit 2). The ``ruiran`` command is the one that queries the data.
    """
    _parser().parse_args(argv)
    ds = ruiran.load()
    russia, iran = ds.actor("Russia"), ds.actor("Iran")
    found = ds.agreements_between(russia, iran)
    print(f"ruiran {ruiran.__version__}: {ds!r}")
    print(f"\n{count(len(found), 'agreement')} between {russia.name} and {iran.name}:\n")
    for agreement in found:
        parties = ", ".join(ds.actor(p).name for p in agreement.parties)
        print(f"* {agreement.title}  [{agreement.id}]")
        print(f"    kind: {agreement.kind.value}; parties: {parties}")
        if agreement.areas:
            print(f"    areas: {', '.join(area.value for area in agreement.areas)}")
        for inv in (ds.involvement(agreement, russia), ds.involvement(agreement, iran)):
            if inv is not None and inv.via is not None:
                print(
                    f"    {ds.actor(inv.actor).name} takes part as a member of {ds.actor(inv.via).name}"
                )
        for milestone in agreement.milestones:
            stage = milestone.stage.value
            if milestone.party is not None:  # a party's own step: "ratified (Russia)"
                stage = f"{stage} ({ds.actor(milestone.party).name})"
            who = ", ".join(ds.actor(a).name for a in milestone.actors)
            if milestone.actors == (milestone.party,):
                who = ""  # "ratified (Russia) by Russia" says it twice
            when = str(milestone.date) if milestone.date else "undated"
            print(f"    - {stage}: {when}{f' by {who}' if who else ''}")
        for citation in agreement.citations[:2]:
            source = ds[citation.source]
            title = getattr(source, "title", citation.source)
            print(_wrap(f"“{citation.quote}” ({title})", "    > "))
        print()


if __name__ == "__main__":
    try:
        try:
            main()
        finally:
            # Flushed here (after --help too), a closed pipe raises below rather than in
            # Python's own flush at exit, which would print "Exception ignored ...
            # BrokenPipeError" and exit with 120.
            sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `| head`) closed the pipe: not an error
        # Whatever is still buffered goes nowhere, and the exit code is 0, as for `ruiran`.
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
