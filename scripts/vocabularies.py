"""Write the allowed values of every vocabulary of the model into docs/dataset-format.md.

The list is generated from the model's own fields (every field whose type holds an enum,
at any depth: a milestone's ``stage``, a participant's ``role``...), between the markers
``<!-- vocabularies:start -->`` and ``<!-- vocabularies:end -->``, so it cannot drift from
what the loader accepts. ``tests/test_vocabularies.py`` fails when the page is stale.

Usage::

    python scripts/vocabularies.py           # rewrite the section of docs/dataset-format.md
    python scripts/vocabularies.py --check   # exit 1 if the section is stale
"""

from __future__ import annotations

import argparse
import enum
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from pydantic import BaseModel

from ruiran.model import RECORD_TYPES

__all__ = ["PAGE", "main", "render", "uses", "write"]

PAGE: Final = Path(__file__).absolute().parents[1] / "docs" / "dataset-format.md"
START: Final = "<!-- vocabularies:start -->"
END: Final = "<!-- vocabularies:end -->"


def _parts(annotation: object) -> Iterator[object]:
    """The classes inside a field's annotation (``tuple[Role, ...] | None`` gives Role)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _parts(typing.get_args(annotation)[0])
    elif origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _parts(arg)
    else:
        yield annotation


def uses() -> dict[type[enum.Enum], list[str]]:
    """Each vocabulary, with the fields that take it (``"event.participants.role"``)."""
    found: dict[type[enum.Enum], list[str]] = {}

    def walk(model: type[BaseModel], path: str, chain: tuple[type[BaseModel], ...]) -> None:
        for name, field in model.model_fields.items():
            for part in _parts(field.annotation):
                if isinstance(part, type) and issubclass(part, enum.Enum):
                    found.setdefault(part, []).append(f"{path}.{name}")
                elif isinstance(part, type) and issubclass(part, BaseModel) and part not in chain:
                    walk(part, f"{path}.{name}", (*chain, part))

    for kind, model in RECORD_TYPES.items():
        walk(model, kind, (model,))
    return found


def render() -> str:
    """The Markdown section: one table row per vocabulary."""
    lines = [
        START,
        "",
        "| vocabulary | used by | allowed values |",
        "| --- | --- | --- |",
    ]
    for vocabulary, fields in sorted(uses().items(), key=lambda item: item[0].__name__):
        values = ", ".join(f"`{member.value}`" for member in vocabulary)
        where = ", ".join(f"`{field}`" for field in sorted(set(fields)))
        lines.append(f"| `{vocabulary.__name__}` | {where} | {values} |")
    lines += ["", END]
    return "\n".join(lines)


def write(page: Path = PAGE) -> bool:
    """Rewrite the section of ``page``; return whether it changed."""
    text = page.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    fresh = text[:start] + render() + text[end:]
    if fresh == text:
        return False
    page.write_text(fresh, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only check that it is current")
    args = parser.parse_args(argv)
    if args.check:
        text = PAGE.read_text(encoding="utf-8")
        current = text[text.index(START) : text.index(END) + len(END)]
        if current != render():
            print(f"{PAGE} is stale: run python scripts/vocabularies.py", file=sys.stderr)
            return 1
        return 0
    print(f"{PAGE}: {'rewritten' if write() else 'already current'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
