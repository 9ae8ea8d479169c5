"""Write the generated sections of docs/history.md from the bundled data.

Two sections. What is covered (between ``<!-- covered:start -->`` and
``<!-- covered:end -->``): the as-of date and every statement of the coverage file
(``src/ruiran/data/coverage.yaml``), so the page lists exactly what the file declares; the
statements researched but not complete in a list of their own.
The regimes and agreements (between ``<!-- history:start -->`` and ``<!-- history:end -->``):
for each dated sanctions regime and each agreement of the bundled data, its senders and target
(or parties), its dated steps with their dates, and the sources its quotes come from; what is
deliberately left out is written by hand below it. ``tests/test_vocabularies.py`` fails when
a section is stale.

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
from ruiran.model import Agreement, Sanction, Stage
from ruiran.model.coverage import Statement
from ruiran.model.dates import Period

__all__ = ["PAGE", "main", "render", "render_covered", "write"]

PAGE: Final = Path(__file__).absolute().parents[1] / "docs" / "history.md"
START, END = generated.markers("history")
COVERED_START, COVERED_END = generated.markers("covered")


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


def _agreement(ds: Dataset, agreement: Agreement, pair: Stage | None = None) -> list[str]:
    """An agreement's entry; ``pair``: the stage Russia and Iran reached in it, shown beside
    the overall stage (every party's) when it differs (the INSTC: a third state's accession)."""
    overall = agreement.stage.value if agreement.stage else "-"
    if pair is not None and pair != agreement.stage:
        overall = f"{overall} (every party's); between Russia and Iran: {pair.value}"
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
        f"- **stage now**: {overall}",
        f"- **sources**: {_sources(agreement)}",
        "",
    ]


def _span(period: Period) -> str:
    if period.end is None:
        return f"from {period.start}"
    if period.start is None:
        return f"until {period.end}"
    return f"{period.start} to {period.end}"


def _who(ds: Dataset, statement: Statement) -> str:
    """The actors a statement speaks of, in words: every actor when it names none."""
    if statement.kind == "sanction":
        senders = " or ".join(ds.actor(i).name for i in statement.senders) or "any sender"
        targets = " or ".join(ds.actor(i).name for i in statement.targets) or "any target"
        return f"sent by {senders} on {targets}"
    named = [ds.actor(i).name for i in statement.parties]
    if statement.kind == "office":
        held = " or ".join(named) or "every actor"
        return f"of {held}: {', '.join(statement.titles) or 'every office'}"
    if not named:
        return "all"
    return f"between {' and '.join(named)}" if len(named) > 1 else f"involving {named[0]}"


def _covered(ds: Dataset, statement: Statement) -> str:
    """One statement as an item of the list: its kind, actors, CAMEO prefix, period and note."""
    note = f": {' '.join(statement.note.split())}" if statement.note else ""
    cameo = f" (CAMEO {statement.cameo})" if statement.cameo else ""
    return f"- **{statement.kind}s {_who(ds, statement)}{cameo}**, {_span(statement.period)}{note};"


def render_covered(ds: Dataset | None = None) -> str:
    """The generated list of what the coverage file declares."""
    ds = ds or ruiran.load()
    coverage = ds.coverage
    lines = [COVERED_START, ""]
    if coverage is None:
        lines += ["The data declares no coverage.", "", COVERED_END]
        return "\n".join(lines)
    lines += [
        f"- **as of {coverage.as_of}** (the same date as `ruiran.DATA_AS_OF`): no source is "
        "dated later, and open-ended periods end there for queries;",
    ]
    researched = [s for s in coverage.covers if s.extent == "researched"]
    for statement in coverage.covers:
        if statement.extent == "complete":
            lines.append(_covered(ds, statement))
    lines[-1] = lines[-1][:-1] + "."
    if researched:
        lines += [
            "",
            "Researched, **not complete** (an answer inside one of these is never complete: its "
            'gaps name what was researched and how far, in place of "... are not covered"):',
            "",
            *(_covered(ds, statement) for statement in researched),
        ]
        lines[-1] = lines[-1][:-1] + "."
    lines += ["", COVERED_END]
    return "\n".join(lines)


def render(ds: Dataset | None = None) -> str:
    """The generated section of the regimes and agreements."""
    ds = ds or ruiran.load()
    regimes = [s for s in ds.sanctions if s.milestones]
    lines = [START, "", f"## Sanctions regimes ({len(regimes)})", ""]
    for sanction in regimes:
        lines += _sanction(ds, sanction)
    lines += [f"## Agreements ({len(ds.agreements)})", ""]
    between = ds.agreements_between("russia", "iran")
    pairs = dict(zip((a.id for a in between), between.stages, strict=True))
    for agreement in ds.agreements:
        lines += _agreement(ds, agreement, pairs.get(agreement.id))
    lines.append(END)
    return "\n".join(lines)


def write(page: Path = PAGE) -> bool:
    """Rewrite the sections of ``page``; return whether one changed."""
    covered = generated.write(page, "covered", render_covered)
    return generated.write(page, "history", render) or covered


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: both sections (with ``--check``, 1 when one is stale)."""
    covered = generated.main(argv, PAGE, "covered", render_covered, "scripts/history.py")
    return generated.main(argv, PAGE, "history", render, "scripts/history.py") or covered


if __name__ == "__main__":
    sys.exit(main())
