"""The map of the house: ruiran's wings, what each holds, what each may import.

``WINGS`` is the one table of the package's layers. ``tests/test_architecture.py`` checks the
code against it (no import cycle, no arrow the table does not allow), and this script writes the
map at the top of docs/design.md from it, between ``<!-- house-map:start -->`` and
``<!-- house-map:end -->``, so the page cannot drift from the table the test enforces.

The import graph is computed from the source with ``ast``: every import counts, at module level,
inside functions and under ``TYPE_CHECKING``, relative imports too. ``from ruiran.x import y``
is an import of ``ruiran.x.y`` when that is a module, else of ``ruiran.x``; importing a module
does not count as importing the packages above it (Python runs their ``__init__``, but they are
not what the module depends on).

The face (``ruiran/__init__.py``) re-exports every wing by name, lazily. An import *of* the face
(``import ruiran`` to call ``ruiran.load()`` as a user would, so that a replaced ``ruiran.load``
reaches it) is a use of the public API, not an arrow down: it is left out of the cycle search,
and only the wings whose row says so may make one.

Usage::

    python scripts/architecture.py            # rewrite the map in docs/design.md
    python scripts/architecture.py --check    # exit 1 if the map is stale
    python scripts/architecture.py --report   # the cycles and forbidden arrows of the code today
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final, NamedTuple

sys.path.insert(0, str(Path(__file__).parent))  # run as a script or loaded by a test
import generated

__all__ = [
    "FACE",
    "PAGE",
    "SOURCE",
    "WINGS",
    "Arrow",
    "Wing",
    "cycles",
    "forbidden",
    "import_graph",
    "main",
    "render",
    "unplaced",
    "wing_of",
    "write",
]

ROOT: Final = Path(__file__).absolute().parents[1]
PAGE: Final = ROOT / "docs" / "design.md"
SOURCE: Final = ROOT / "src" / "ruiran"
START, END = generated.markers("house-map")

#: The face: the package's ``__init__``.
FACE: Final = "ruiran"


class Wing(NamedTuple):
    """One wing of the house."""

    #: Where it lives, as the map shows it.
    place: str
    #: What it holds, in a line.
    holds: str
    #: The modules it holds: dotted names, each also covering the modules beneath it; the longest
    #: match over all wings decides (so a leaf inside a folder may belong to a lower wing).
    modules: tuple[str, ...]
    #: The wings it may import, besides its own modules ("face": it may use the face).
    imports: tuple[str, ...]


#: The wings, from the top of the house to the bottom: each may import only the wings its row
#: names, all of them below it (the face, named in a row, is a use of the public API). Adjust
#: here; the test and docs/design.md follow.
WINGS: Final[Mapping[str, Wing]] = {
    "cli": Wing(
        "ruiran/cli/, __main__.py",
        "the `ruiran` command line and `python -m ruiran`, one module per command group",
        ("ruiran.cli", "ruiran.__main__"),
        (
            "face",
            "overview",
            "entry",
            "votes",
            "export",
            "read",
            "dataset",
            "coded",
            "query",
            "model",
            "base",
        ),
    ),
    "face": Wing(
        "ruiran/__init__.py, _api.py",
        "the face: re-exports, the lazy registry, the helpers bound to the bundled dataset",
        (FACE, "ruiran._api"),
        (
            "overview",
            "entry",
            "votes",
            "export",
            "read",
            "dataset",
            "coded",
            "query",
            "model",
            "base",
        ),
    ),
    "overview": Wing(
        "ruiran/overview/",
        "the relationship seen across the three kinds of evidence (cited records, coded events, "
        "recorded votes): the pulse per year; actors and the bundled data through the face",
        ("ruiran.overview",),
        ("face", "votes", "dataset", "coded", "query", "model", "base"),
    ),
    "entry": Wing(
        "io.py, ingest.py, testing.py, synthetic.py, coded/parquet.py",
        "the public entry points: loading datasets, ingesting coded data and reading or "
        "writing it as Parquet, test data",
        (
            "ruiran.io",
            "ruiran.ingest",
            "ruiran.testing",
            "ruiran.synthetic",
            "ruiran.coded.parquet",
        ),
        ("face", "read", "dataset", "coded", "query", "model", "base"),
    ),
    "votes": Wing(
        "ruiran/votes/",
        "recorded votes (UN General Assembly roll calls): the bundled columns, files read, "
        "agreement measured on columns; actors resolved through the face",
        ("ruiran.votes",),
        ("face", "query", "model", "base"),
    ),
    "export": Wing(
        "ruiran/export/",
        "adapters to other ecosystems (JSON, pandas, Parquet, networkx, FtM), each lazily",
        ("ruiran.export",),
        ("read", "dataset", "coded", "query", "model", "base"),
    ),
    "read": Wing(
        "ruiran/read/, versions.py",
        "reading datasets: the folder boundary, documents, validation, the snapshot",
        ("ruiran.read", "ruiran.versions"),
        ("dataset", "model", "base"),
    ),
    "dataset": Wing(
        "ruiran/dataset/",
        "the Dataset (holds and checks records, builds indexes) and its queries by record kind",
        ("ruiran.dataset",),
        ("coded", "query", "model", "base"),
    ),
    "coded": Wing(
        "ruiran/coded/",
        "coded events: readers, the Arrow store, SQL plans; never a Dataset",
        ("ruiran.coded",),
        ("query", "model", "base"),
    ),
    "query": Wing(
        "ruiran/query/",
        "the terms of a query, shared by the Dataset and the coded wing: arguments read into "
        "windows, day spans, Records, timeline entries",
        ("ruiran.query",),
        ("model", "base"),
    ),
    "model": Wing(
        "ruiran/model/",
        "the records: pydantic models and value types, no I/O, no indexes",
        ("ruiran.model",),
        ("base",),
    ),
    "base": Wing(
        "errors.py, limits.py, hints/, reference/, read/{limits,layout,boundary}.py, "
        "export/files.py",
        "leaves any wing may use: errors, size limits, spelling hints and passages, the "
        "reference table of every state, the dataset's file layout, the folder boundary, safe "
        "writing",
        (
            "ruiran.errors",
            "ruiran.limits",
            "ruiran.hints",
            "ruiran.reference",
            "ruiran.read.limits",
            "ruiran.read.layout",
            "ruiran.read.boundary",
            "ruiran.export.files",
        ),
        (),
    ),
}


class Arrow(NamedTuple):
    """One import: ``source`` imports ``target``."""

    source: str
    target: str


def _modules(source: Path) -> dict[str, Path]:
    """Every module of the package under ``source``, by dotted name."""
    found: dict[str, Path] = {}
    for path in sorted(source.rglob("*.py")):
        parts = list(path.relative_to(source.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(name: str, path: Path, known: Mapping[str, Path]) -> Iterator[str]:
    """The package's modules that the module ``name`` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    root = name.partition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.partition(".")[0] == root:
                    yield _known(alias.name, known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module.partition(".")[0] != root:
                continue
            for alias in node.names:
                inner = f"{module}.{alias.name}"
                yield inner if inner in known else _known(module, known)


def _known(module: str, known: Mapping[str, Path]) -> str:
    """``module``, or the nearest package above it that exists (an attribute imported as one)."""
    while module not in known and "." in module:
        module = module.rpartition(".")[0]
    return module


def import_graph(source: Path = SOURCE) -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports (itself left out)."""
    known = _modules(source)
    return {
        name: {target for target in _imported(name, path, known) if target != name}
        for name, path in known.items()
    }


def cycles(graph: Mapping[str, set[str]]) -> list[list[list[str]]]:
    """The import cycles of ``graph``: for each knot of modules that import each other (a strongly
    connected component), the shortest loop through each of its modules, without repeats.

    Imports of the face are left out: the face re-exports everything, and who may use it is the
    table's to say.
    """
    edges = {name: sorted(t for t in targets if t != FACE) for name, targets in graph.items()}
    return [
        _loops(component, edges)
        for component in sorted(_knots(edges), key=lambda component: min(component))
    ]


def _knots(edges: Mapping[str, list[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[set[str]] = []

    def enter(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for start in sorted(edges):
        if start in index:
            continue
        enter(start)
        work = [(start, 0)]  # (module, position in its list of imports)
        while work:
            node, position = work[-1]
            targets = edges.get(node, [])
            if position < len(targets):
                work[-1] = (node, position + 1)
                target = targets[position]
                if target not in index:
                    enter(target)
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                knot: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    knot.add(member)
                    if member == node:
                        break
                if len(knot) > 1:
                    knots.append(knot)
    return knots


def _loops(knot: set[str], edges: Mapping[str, list[str]]) -> list[list[str]]:
    """The shortest loop through each module of ``knot``, each once (from its first module)."""
    found: list[list[str]] = []
    for first in sorted(knot):
        came_from: dict[str, str] = {}
        frontier = [first]
        loop: list[str] = []
        while frontier and not loop:
            following: list[str] = []
            for node in frontier:
                for target in edges[node]:
                    if target == first and not loop:
                        loop = [node]
                        while loop[-1] != first:
                            loop.append(came_from[loop[-1]])
                        loop.reverse()
                    elif target in knot and target not in came_from:
                        came_from[target] = node
                        following.append(target)
            frontier = following
        start = loop.index(min(loop))
        loop = loop[start:] + loop[:start]
        if loop not in found:
            found.append(loop)
    return found


def wing_of(module: str) -> str | None:
    """The wing holding ``module`` (the longest matching name of the table), or None."""
    best: tuple[int, str] | None = None
    for name, wing in WINGS.items():
        for prefix in wing.modules:
            # The face holds its own module only; every other name also covers those beneath.
            covers = module == prefix or (prefix != FACE and module.startswith(prefix + "."))
            if covers and (best is None or len(prefix) > best[0]):
                best = (len(prefix), name)
    return None if best is None else best[1]


def unplaced(graph: Mapping[str, set[str]]) -> list[str]:
    """The modules no wing holds."""
    return sorted(name for name in graph if wing_of(name) is None)


def forbidden(graph: Mapping[str, set[str]]) -> list[Arrow]:
    """The imports from one wing into another that the importer's row does not allow."""
    found = []
    for source, targets in sorted(graph.items()):
        here = wing_of(source)
        if here is None:
            continue
        for target in sorted(targets):
            there = wing_of(target)
            if there is None or there == here:
                continue
            if there not in WINGS[here].imports:
                found.append(Arrow(source, target))
    return found


def render() -> str:
    """The Markdown section: the wings from the top down, and the arrows each may draw."""
    width = max(len(name) for name in WINGS) + 2
    lines = [
        START,
        "",
        "<!-- Generated from WINGS in scripts/architecture.py: edit the table there, then run",
        "     python scripts/architecture.py (tests/test_architecture.py checks the code). -->",
        "",
        "```",
    ]
    for name, wing in WINGS.items():
        lines += [f"{name.ljust(width)}{wing.place}", f"{' ' * width}{wing.holds}"]
    lines += ["```", "", "| wing | may import |", "| --- | --- |"]
    for name, wing in WINGS.items():
        allowed = ", ".join(
            "the face (as users do)" if target == "face" else f"`{target}`"
            for target in wing.imports
        )
        lines.append(f"| `{name}` | {allowed or 'nothing else of ruiran'} |")
    lines += ["", END]
    return "\n".join(lines)


def write(page: Path = PAGE) -> bool:
    """Rewrite the map in ``page``; return whether it changed."""
    return generated.write(page, "house-map", render)


def report(source: Path = SOURCE) -> str:
    """What the code does against the table: cycles, forbidden arrows, modules no wing holds."""
    graph = import_graph(source)
    lines = [f"cycle: {' -> '.join([*loop, loop[0]])}" for knot in cycles(graph) for loop in knot]
    lines += [
        f"forbidden: {a.source} ({wing_of(a.source)}) -> {a.target} ({wing_of(a.target)})"
        for a in forbidden(graph)
    ]
    lines += [f"unplaced: {name}" for name in unplaced(graph)]
    return "\n".join(lines) or "the code keeps to the map"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments == ["--report"]:
        print(report())
        return 0
    return generated.main(arguments, PAGE, "house-map", render, "scripts/architecture.py")


if __name__ == "__main__":
    sys.exit(main())
