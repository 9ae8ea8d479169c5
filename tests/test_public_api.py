"""The public surface stays where users find it: every exported name, every documented path.

Pinned here: the names of ``ruiran.__all__`` (more may be added, none renamed or dropped), the
module-level helpers and Dataset methods of the public API contract, every ``ruiran.<name>`` chain
and ``from ruiran... import ...`` line the docs and the README show, and every ``::: path``
directive of the API reference. Moving a module is free; breaking a documented path is not (move
the docs with it).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import ruiran

ROOT = Path(__file__).absolute().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
REFERENCE = sorted((ROOT / "docs" / "reference").glob("*.md"))

#: ``ruiran.__all__`` as it stood when the surface was pinned (issue 21; issues 22-25 added the
#: meetings, pulse and votes names).
EXPORTED = (
    "DATA_AS_OF",
    "DATA_VERSION",
    "ActorLike",
    "Agreement",
    "Area",
    "Bloc",
    "Citation",
    "Dataset",
    "DatasetError",
    "DatasetWarning",
    "DateLike",
    "Event",
    "EventKind",
    "Involvement",
    "Listing",
    "Milestone",
    "MissingExtraError",
    "Modality",
    "Office",
    "Organization",
    "PartialDate",
    "Period",
    "Person",
    "Problem",
    "QueryError",
    "Records",
    "RuiranError",
    "Sanction",
    "Source",
    "Stage",
    "State",
    "TimelineEntry",
    "UnknownActorError",
    "__version__",
    "actor",
    "agreements_between",
    "agreements_involving",
    "blocs_of",
    "citing",
    "events_between",
    "events_involving",
    "ingest",
    "involvement",
    "json_schema",
    "load",
    "margins",
    "members",
    "offices",
    "partners",
    "pulse",
    "related_to",
    "sanctions_by",
    "sanctions_naming",
    "sanctions_on",
    "stage_of",
    "timeline",
    "undated",
    "votes",
)

#: The public API contract of ARCHITECTURE.md: the module-level names (the contract also names
#: an answer's ``complete``/``gaps``/``to_pandas``, not built yet).
CONTRACT = (
    "ruiran.load",
    "ruiran.actor",
    "ruiran.agreements_between",
    "ruiran.events_between",
    "ruiran.events_involving",
    "ruiran.sanctions_on",
    "ruiran.sanctions_by",
    "ruiran.timeline",
    "ruiran.stage_of",
    "ruiran.members",
    "ruiran.offices",
    "ruiran.sanctions_naming",
    "ruiran.json_schema",
    "ruiran.Dataset",
    "ruiran.DatasetError",
    "ruiran.UnknownActorError",
    "ruiran.model",
    "ruiran.export",
    "ruiran.export.to_jsonl",
    "ruiran.export.to_pandas",
    "ruiran.export.to_parquet",
    "ruiran.export.read_coverage",
    "ruiran.export.coverage_of",
    "ruiran.export.to_networkx",
    "ruiran.export.to_ftm",
    "ruiran.ingest",
    "ruiran.ingest.gdelt",
    "ruiran.testing",
    "ruiran.testing.synthetic_gdelt",
    "ruiran.votes",
    "ruiran.votes.agreement",
    "ruiran.votes.roll_calls",
    "ruiran.votes.votes_of",
)

#: The Dataset's side of the contract: every helper is also a method, and the records by kind.
DATASET = (
    "actor",
    "agreements_between",
    "events_between",
    "events_involving",
    "sanctions_on",
    "sanctions_by",
    "timeline",
    "stage_of",
    "members",
    "offices",
    "sanctions_naming",
    "event_series",
    "gaps",
    "related_to",
    "margins",
    "blocs_of",
    "get",
    "__getitem__",
    "__len__",
    "__iter__",
    "actors",
    "agreements",
    "sanctions",
    "events",
    "sources",
)

#: A dotted name starting at the package (not inside a longer name or a path).
CHAIN = re.compile(r"(?<![\w./-])ruiran(?:\.\w+)+")
#: ``from ruiran.x import a, b`` (``as`` names allowed) and ``import ruiran.x``.
FROM_IMPORT = re.compile(
    r"\bfrom[ \t]+(ruiran(?:\.\w+)*)[ \t]+import[ \t]+(\([\w\s,]+\)|[\w \t,]+)"
)
IMPORT = re.compile(r"^\s*(?:>>>\s*)?import\s+(ruiran(?:\.\w+)*)", re.MULTILINE)
#: The names of files the docs show (``ruiran.jsonl`` is an export's file, not a module).
FILE_SUFFIXES = frozenset({"jsonl", "json", "graphml", "yaml", "csv", "txt", "toml"})
#: A mutant's name in docs/testing.md (``ruiran.reader.x__id_message__mutmut_3``): the mutant
#: is the routine's, its module must exist.
MUTANT = "__mutmut_"


def resolve(path: str) -> object:
    """The object at a dotted path: attributes first (as a user types them), then modules."""
    parts = path.split(".")
    found: object = importlib.import_module(parts[0])
    for depth, part in enumerate(parts[1:], start=2):
        try:
            found = getattr(found, part)
        except AttributeError:
            found = importlib.import_module(".".join(parts[:depth]))
    return found


def _shown(page: Path) -> set[str]:
    """The dotted paths ``page`` shows: chains, imported modules and names."""
    text = page.read_text(encoding="utf-8")
    shown: set[str] = set()
    for chain in CHAIN.findall(text):
        module, _, last = chain.rpartition(".")
        if MUTANT in last:
            shown.add(module)
        elif last not in FILE_SUFFIXES:
            shown.add(chain)
    for module, names in FROM_IMPORT.findall(text):
        for name in names.strip("()").split(","):
            name = name.split(" as ")[0].strip()
            if name.isidentifier():
                shown.add(f"{module}.{name}")
    shown.update(IMPORT.findall(text))
    return shown


DOCUMENTED = sorted(
    {(page.relative_to(ROOT).as_posix(), path) for page in PAGES for path in _shown(page)}
)


def test_every_exported_name_is_still_exported() -> None:
    assert sorted(set(EXPORTED) - set(ruiran.__all__)) == []


@pytest.mark.parametrize("name", sorted(set(EXPORTED) | set(ruiran.__all__)))
def test_every_exported_name_resolves(name: str) -> None:
    assert name in dir(ruiran)
    value = getattr(ruiran, name)
    assert value is not None
    assert getattr(importlib.import_module("ruiran"), name) is value


@pytest.mark.parametrize("path", CONTRACT)
def test_the_contract_names_resolve(path: str) -> None:
    assert callable(resolve(path)) or path.count(".") == 1


@pytest.mark.parametrize("name", DATASET)
def test_the_dataset_answers_the_contract(name: str) -> None:
    assert hasattr(ruiran.Dataset, name)


def test_the_docs_show_paths() -> None:
    shown = {path for _, path in DOCUMENTED}
    assert {"ruiran.load", "ruiran.export.files.Output", "ruiran.limits.Limits"} <= shown
    assert "ruiran.jsonl" not in shown  # a file's name
    assert "ruiran.read.reader" in shown  # from the mutants docs/testing.md names
    assert not any(MUTANT in path for path in shown)


@pytest.mark.parametrize(("page", "path"), DOCUMENTED)
def test_every_documented_path_resolves(page: str, path: str) -> None:
    try:
        resolve(path)
    except ImportError as error:
        pytest.fail(f"{page} shows {path}, which no longer imports: {error}")


DIRECTIVES = sorted(
    {
        (page.relative_to(ROOT).as_posix(), line.removeprefix(":::").split()[0])
        for page in REFERENCE
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith(":::")
    }
)


def test_the_reference_has_directives() -> None:
    assert ("docs/reference/dataset.md", "ruiran.dataset.Dataset") in DIRECTIVES


@pytest.mark.parametrize(("page", "path"), DIRECTIVES)
def test_every_reference_directive_imports(page: str, path: str) -> None:
    try:
        resolve(path)
    except (ImportError, AttributeError) as error:
        pytest.fail(f"{page} documents {path}, which does not import: {error}")
