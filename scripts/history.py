"""Write the regimes and agreements section of docs/history.md from the bundled data.

For each dated sanctions regime and each agreement of the bundled data: its senders and
target (or parties), its dated steps with their dates, and the sources its quotes come from.
The section sits between ``<!-- history:start -->`` and ``<!-- history:end -->``; what is
deliberately left out is written by hand below it. ``tests/test_vocabularies.py`` fails when
the section is stale.

Usage::

    python scripts/history.py           # rewrite the section
    python scripts/history.py --check   # exit 1 if it is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script or loaded by a test
from typing import Final

import generated

import ruiran
from ruiran import Dataset
from ruiran.dataset.index import all_citations
from ruiran.model import Agreement, Sanction

__all__ = ["PAGE", "main", "render", "write"]

PAGE: Final = Path(__file__).absolute().parents[1] / "docs" / "history.md"
START, END = generated.markers("history")


def _names(ds: Dataset, ids: tuple[str, ...]) -> str:
    return ", ".join(ds.actor(i).name for i in ids)


def _sources(record: Sanction | Agreement) -> str:
    found = dict.fromkeys(c.source for c in all_citations(record))
    return ", ".join(f"`{s}`" for s in found)


def _sanction(ds: Dataset, sanction: Sanction) -> list[str]:
    steps = "; ".join(
        f"{m.action.value} {m.date if m.date else '(undated)'}"
        + (f" ({_names(ds, m.senders)})" if m.senders else "")
        for m in sanction.milestones
    )
    acts = "; ".join(a.identifier for a in sanction.legal_basis) or "-"
    return [
        f"### {sanction.title}",
        "",
        f"- **id**: `{sanction.id}`; **senders**: {_names(ds, sanction.senders)}; "
        f"**target**: {ds.actor(sanction.target).name} ({sanction.scope.value.replace('_', ' ')})",
        f"- **measures**: {', '.join(m.value for m in sanction.measures) or '-'}",
        f"- **steps**: {steps}",
        f"- **legal basis**: {acts}",
        f"- **sources**: {_sources(sanction)}",
        "",
    ]


def _agreement(ds: Dataset, agreement: Agreement) -> list[str]:
    steps = "; ".join(
        f"{m.stage.value} {m.date if m.date else '(undated)'}"
        + (f" ({ds.actor(m.party).name})" if m.party else "")
        for m in agreement.milestones
    )
    return [
        f"### {agreement.title}",
        "",
        f"- **id**: `{agreement.id}`; **kind**: {agreement.kind.value}; "
        f"**parties**: {_names(ds, agreement.parties)}",
        f"- **milestones**: {steps or '-'}",
        f"- **stage now**: {agreement.stage.value if agreement.stage else '-'}",
        f"- **sources**: {_sources(agreement)}",
        "",
    ]


def render(ds: Dataset | None = None) -> str:
    """The generated section."""
    ds = ds or ruiran.load()
    regimes = [s for s in ds.sanctions if s.milestones]
    lines = [START, "", f"## Sanctions regimes ({len(regimes)})", ""]
    for sanction in regimes:
        lines += _sanction(ds, sanction)
    lines += [f"## Agreements ({len(ds.agreements)})", ""]
    for agreement in ds.agreements:
        lines += _agreement(ds, agreement)
    lines.append(END)
    return "\n".join(lines)


def write(page: Path = PAGE) -> bool:
    """Rewrite the section of ``page``; return whether it changed."""
    return generated.write(page, "history", render)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    return generated.main(argv, PAGE, "history", render, "scripts/history.py")


if __name__ == "__main__":
    sys.exit(main())
