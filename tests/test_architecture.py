"""The house keeps its map: no import cycle, and no arrow between wings that the table forbids.

The table is ``WINGS`` in scripts/architecture.py (docs/design.md's map is written from it); the
import graph is computed from the source with ``ast``, every import counting (module level,
inside functions, under ``TYPE_CHECKING``, relative).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

import loading

ROOT = Path(__file__).absolute().parents[1]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """scripts/architecture.py, loaded from its path."""
    return loading.script("architecture")


@pytest.fixture(scope="module")
def graph(script: ModuleType) -> dict[str, set[str]]:
    found: dict[str, set[str]] = script.import_graph()
    return found


def test_no_import_cycle(script: ModuleType, graph: dict[str, set[str]]) -> None:
    loops = [" -> ".join([*loop, loop[0]]) for knot in script.cycles(graph) for loop in knot]
    assert not loops, "import cycles:\n" + "\n".join(loops)


def test_every_module_belongs_to_a_wing(script: ModuleType, graph: dict[str, set[str]]) -> None:
    assert script.unplaced(graph) == [], "add them to WINGS in scripts/architecture.py"


def test_no_arrow_against_the_table(script: ModuleType, graph: dict[str, set[str]]) -> None:
    arrows = [
        f"{arrow.source} ({script.wing_of(arrow.source)}) imports "
        f"{arrow.target} ({script.wing_of(arrow.target)})"
        for arrow in script.forbidden(graph)
    ]
    assert not arrows, (
        "imports the wings table (WINGS in scripts/architecture.py) does not allow:\n"
        + "\n".join(arrows)
    )


def test_each_wing_imports_only_wings_below_it(script: ModuleType) -> None:
    order = list(script.WINGS)
    for name, wing in script.WINGS.items():
        for target in wing.imports:
            assert target in script.WINGS, f"{name}: no wing called {target!r}"
            if target != "face":  # a use of the public API, not an arrow down
                assert order.index(target) > order.index(name), f"{name} -> {target} goes up"
    # Who may use the face: the command line, the entry points and the face's own helpers, and
    # the votes, whose questions name actors that ruiran.actor resolves, as a user's would,
    # and the overview, whose pulse asks the bundled data and the votes as a user would.
    users = {name for name, wing in script.WINGS.items() if "face" in wing.imports}
    assert users == {"cli", "entry", "votes", "overview"}


def test_the_map_in_design_md_is_current(script: ModuleType) -> None:
    assert script.main(["--check"]) == 0, "run: python scripts/architecture.py"


def test_a_stale_map_is_rewritten(script: ModuleType, tmp_path: Path) -> None:
    page = tmp_path / "design.md"
    page.write_text(f"# Design\n{script.START}\nold\n{script.END}\nrest\n", encoding="utf-8")
    assert script.write(page) is True
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Design\n")
    assert text.endswith("\nrest\n")
    for name, wing in script.WINGS.items():
        assert f"| `{name}` |" in text
        assert wing.place in text
    assert script.write(page) is False


# The graph and its checks, on a small package written for the purpose.


def _package(root: Path, files: dict[str, str]) -> Path:
    source = root / "ruiran"
    for name, text in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return source


def test_every_kind_of_import_counts(script: ModuleType, tmp_path: Path) -> None:
    source = _package(
        tmp_path,
        {
            "__init__.py": "from ruiran.model import Agreement\n",
            "model/__init__.py": "from .agreements import Agreement\nfrom . import dates\n",
            "model/agreements.py": "Agreement = 1\n",
            "model/dates.py": "",
            "coded/__init__.py": "",
            "coded/store.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from ruiran.dataset import Dataset\n"
                "def f():\n"
                "    import ruiran.errors\n"
                "    from ..model.dates import x\n"
                "    from ruiran import limits, load\n"
                "    import json\n"
            ),
            "dataset.py": "",
            "errors.py": "",
            "limits.py": "",
        },
    )
    graph = script.import_graph(source)
    assert graph["ruiran"] == {"ruiran.model"}
    assert graph["ruiran.model"] == {"ruiran.model.agreements", "ruiran.model.dates"}
    assert graph["ruiran.coded.store"] == {
        "ruiran.dataset",  # under TYPE_CHECKING
        "ruiran.errors",  # inside a function
        "ruiran.model.dates",  # relative, two levels up
        "ruiran.limits",  # a module imported from its package
        "ruiran",  # a name of the face: the face itself
    }


def test_a_cycle_is_named_loop_by_loop(script: ModuleType, tmp_path: Path) -> None:
    source = _package(
        tmp_path,
        {
            "__init__.py": "def load():\n    from ruiran.io import load\n",
            "io.py": "from ruiran import reader\nimport ruiran\n",
            "reader.py": "def f():\n    from ruiran.io import KIND_FILES\n",
            "dataset.py": "from ruiran.coded import queries\n",
            "coded/__init__.py": "",
            "coded/queries.py": "def f():\n    from ruiran.dataset import Dataset\n",
            "model.py": "",
        },
    )
    found = script.cycles(script.import_graph(source))
    assert found == [
        [["ruiran.coded.queries", "ruiran.dataset"]],
        [["ruiran.io", "ruiran.reader"]],
    ]


def test_imports_of_the_face_are_left_to_the_table(script: ModuleType) -> None:
    # ingest uses the face as users do; the face reaches ingest by name: not a cycle, and the
    # table says who may do it.
    graph = {"ruiran": {"ruiran.ingest"}, "ruiran.ingest": {"ruiran"}}
    assert script.cycles(graph) == []
    assert script.forbidden(graph) == []
    coded = {"ruiran.coded.folder": {"ruiran"}}  # coded.parquet is an entry point (issue 21)
    assert script.forbidden(coded) == [script.Arrow("ruiran.coded.folder", "ruiran")]


def test_the_longest_name_decides_the_wing(script: ModuleType) -> None:
    assert script.wing_of("ruiran") == "face"
    assert script.wing_of("ruiran.read.reader") == "read"
    assert script.wing_of("ruiran.read.limits") == "base"
    assert script.wing_of("ruiran.export.files") == "base"
    assert script.wing_of("ruiran.export.ftm") == "export"
    assert script.wing_of("ruiran.model.dates") == "model"
    assert script.wing_of("ruiran.nowhere") is None


def test_the_coded_wing_imports_no_dataset_but_through_its_parquet_entry(
    script: ModuleType, graph: dict[str, set[str]]
) -> None:
    """Issue 21: the coded wing works on its store and on what it is handed (country codes,
    windows, timeline entries); only ``coded.parquet``, the documented entry point that gives a
    Dataset, may reach the Dataset, the face or the reading machinery."""
    above = ("ruiran.dataset", "ruiran.read.reader", "ruiran.io")
    found = {
        f"{source} -> {target}"
        for source, targets in graph.items()
        if source.startswith("ruiran.coded.") and source != "ruiran.coded.parquet"
        for target in targets
        if target == script.FACE or target.startswith(above)
    }
    assert not found, sorted(found)
    assert script.wing_of("ruiran.coded.parquet") == "entry"
    assert script.wing_of("ruiran.query.results") == "query"
    assert script.wing_of("ruiran.read.boundary") == "base"


def test_importing_the_coded_wing_runs_no_dataset_module() -> None:
    """The terms a coded answer is made of (Records, windows) live in ruiran.query, not inside
    the dataset package, so importing the coded machinery runs none of the Dataset's code."""
    modules = ("cameo", "evidence", "figure", "folder", "plan", "queries", "series", "sql", "store")
    code = (
        "import sys\n"
        + "".join(f"import ruiran.coded.{name}\n" for name in modules)
        + "print(sorted(m for m in sys.modules if m.startswith(('ruiran.dataset', "
        "'ruiran.read.reader', 'ruiran.io'))))\n"
    )
    out = loading.fresh_python(code)
    assert out.strip() == "[]"
