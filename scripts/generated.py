"""A generated section of a docs page: rewrite it, or check that it is current.

The section sits between two marker lines, ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``;
the rest of the page is written by hand. ``scripts/vocabularies.py`` and ``scripts/history.py``
use this to keep their sections from drifting from the code and the data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["main", "markers", "write"]


def markers(name: str) -> tuple[str, str]:
    """The start and end markers of the section called ``name``."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def _current(page: Path, name: str) -> tuple[str, int, int]:
    text = page.read_text(encoding="utf-8")
    start, end = markers(name)
    return text, text.index(start), text.index(end) + len(end)


def write(page: Path, name: str, render: Callable[[], str]) -> bool:
    """Rewrite the section of ``page``; return whether it changed."""
    text, start, end = _current(page, name)
    fresh = text[:start] + render() + text[end:]
    if fresh == text:
        return False
    page.write_text(fresh, encoding="utf-8")
    return True


def main(
    argv: list[str] | None, page: Path, name: str, render: Callable[[], str], script: str
) -> int:
    """Command line: rewrite the section, or with ``--check`` exit 1 when it is stale."""
    parser = argparse.ArgumentParser(description=f"Write the {name} section of {page.name}.")
    parser.add_argument("--check", action="store_true", help="only check that it is current")
    args = parser.parse_args(argv)
    if args.check:
        text, start, end = _current(page, name)
        if text[start:end] != render():
            print(f"{page} is stale: run python {script}", file=sys.stderr)
            return 1
        return 0
    print(f"{page}: {'rewritten' if write(page, name, render) else 'already current'}")
    return 0
