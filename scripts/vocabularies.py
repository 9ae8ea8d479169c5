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

import enum
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script or loaded by a test
from typing import Final

import generated
from pydantic import BaseModel

from ruiran.model import RECORD_TYPES

__all__ = ["PAGE", "main", "render", "uses", "write"]

PAGE: Final = Path(__file__).absolute().parents[1] / "docs" / "dataset-format.md"
START, END = generated.markers("vocabularies")


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
    return generated.write(page, "vocabularies", render)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    return generated.main(argv, PAGE, "vocabularies", render, "scripts/vocabularies.py")


if __name__ == "__main__":
    sys.exit(main())
