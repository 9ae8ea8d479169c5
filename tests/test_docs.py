"""The examples in the README and in every docstring run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import ruiran

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(ruiran.__path__, "ruiran.")
    if info.name != "ruiran.__main__"
)


@pytest.mark.parametrize(
    "page",
    [
        "README.md",
        "docs/cookbook.md",
        "docs/beyond-one-machine.md",
        "docs/quickstart.md",
        "docs/votes.md",
        "docs/history.md",
    ],
)
def test_examples_in_pages(page: str) -> None:
    result = doctest.testfile(str(ROOT / page), module_relative=False)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", ["ruiran", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"ruiran": ruiran}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_history_notes_agree_with_the_data(bundled: ruiran.Dataset) -> None:
    # docs/history.md called the 2001 treaty's entry into force undated; the data has
    # 2002-04-05. What its notes say of the agreements' steps is held against the records.
    page = " ".join((ROOT / "docs" / "history.md").read_text(encoding="utf-8").split())
    assert "entry into force and ratifications are undated" not in page
    for record_id, in_force in [
        ("treaty-basis-mutual-relations-2001", "2002-04-05"),
        ("instc-agreement-2000", "2002-05"),
    ]:
        agreement = bundled[record_id]
        assert isinstance(agreement, ruiran.Agreement)
        founders = set(agreement.parties[:3])
        steps = [
            (m.stage.value, str(m.date), {m.party} if m.party else set(agreement.parties))
            for m in agreement.milestones
        ]
        assert any(s == "in_force" and d == in_force for s, d, _ in steps), record_id
        assert not any(s == "ratified" and p & founders for s, _, p in steps), record_id
        assert f"(its entry into force, {in_force}, is)" in page or (
            f"(their entry into force, {in_force}, is)" in page
        )


def test_history_notes_name_the_coded_us_designations(bundled: ruiran.Dataset) -> None:
    # docs/history.md said "later US designations (2023–2025) are not coded" while the regime
    # over military support to Russia has steps on 2023-01-06 and 2024-09-10 (issue 22).
    page = " ".join((ROOT / "docs" / "history.md").read_text(encoding="utf-8").split())
    assert "later US designations (2023–2025) are not coded" not in page
    regime = bundled["us-sanctions-on-iran-over-military-support-to-russia"]
    assert isinstance(regime, ruiran.Sanction)
    later = [str(m.date) for m in regime.milestones if m.date and m.date.earliest.year >= 2023]
    assert later
    notes = page[page.index("**Iranian suppliers of drones and missiles to Russia.**") :]
    notes = notes[: notes.index("**Agreements.**")]
    assert all(day in notes for day in later), later


_COUNTS = re.compile(
    r"(?:wrote \w+ of|<Dataset of) (?P<total>[\d,]+) records:? \(?"
    r"(?P<actors>\d+) actors, (?P<agreements>\d+) agreements"
    r"(?:, (?P<sanctions>\d+) sanctions, (?P<events>\d+) events, (?P<sources>\d+) sources)?"
)
_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def _pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_record_counts_in_the_docs_are_the_datas(bundled: ruiran.Dataset) -> None:
    # docs/cli.md and docs/index.md showed "318 records (... 14 sanctions ...)" after the data
    # had grown: every count of the bundled records a page states is held against the data.
    have = {
        "total": len(bundled),
        "actors": len(bundled.actors),
        "agreements": len(bundled.agreements),
        "sanctions": len(bundled.sanctions),
        "events": len(bundled.events),
        "sources": len(bundled.sources),
    }
    seen = 0
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        for found in _COUNTS.finditer(text):
            stated = {k: int(v.replace(",", "")) for k, v in found.groupdict().items() if v}
            wrong = {k: (v, have[k]) for k, v in stated.items() if v != have[k]}
            assert not wrong, f"{page.name}: {found.group(0)!r} (stated, actual): {wrong}"
            seen += 1
    assert seen >= 3


def test_the_readme_counts_the_dated_regimes(bundled: ruiran.Dataset) -> None:
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    found = re.search(r"(\w+) dated sanctions regimes", text)
    assert found is not None
    dated = [s for s in bundled.sanctions if s.milestones]
    assert found.group(1) == _WORDS[len(dated)]


def test_the_docs_count_the_states_with_a_record_of_their_own(bundled: ruiran.Dataset) -> None:
    # The docs said "sixteen" after a seventeenth state (Turkey) joined actors.yaml.
    states = [a for a in bundled.actors if isinstance(a, ruiran.State)]
    seen = 0
    for page in _pages():
        text = " ".join(page.read_text(encoding="utf-8").split())
        for found in re.finditer(r"(\w+) states with a record of their own", text):
            assert found.group(1) == _WORDS[len(states)], f"{page.name}: {found.group(0)!r}"
            seen += 1
    assert seen >= 3
