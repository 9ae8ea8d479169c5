"""docs/dataset-format.md lists every vocabulary the model accepts, generated so it cannot drift."""

from __future__ import annotations

import enum
from pathlib import Path
from types import ModuleType

import pytest

import loading
from ruiran.model import Role, Stage

ROOT = Path(__file__).absolute().parents[1]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return loading.script("vocabularies")


@pytest.fixture(scope="module")
def history() -> ModuleType:
    return loading.script("history")


def test_the_page_is_current(script: ModuleType) -> None:
    assert script.main(["--check"]) == 0, "run: python scripts/vocabularies.py"


def test_a_stale_page_is_found(script: ModuleType, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"intro\n{script.START}\nold\n{script.END}\nrest\n", encoding="utf-8")
    assert script.write(page) is True
    text = page.read_text(encoding="utf-8")
    assert text.startswith("intro\n")
    assert text.endswith("\nrest\n")
    assert script.write(page) is False


def test_nested_vocabularies_are_found_with_their_paths(script: ModuleType) -> None:
    uses: dict[type[enum.Enum], list[str]] = script.uses()
    assert "agreement.milestones.stage" in uses[Stage]
    assert "event.participants.role" in uses[Role]
    for vocabulary in uses:
        row = next(
            line for line in script.render().splitlines() if f"`{vocabulary.__name__}`" in line
        )
        assert all(f"`{member.value}`" in row for member in vocabulary)


def test_the_history_page_is_current(history: ModuleType) -> None:
    assert history.main(["--check"]) == 0, "run: python scripts/history.py"


def test_the_history_page_lists_every_regime_and_agreement(history: ModuleType) -> None:
    import ruiran

    text = history.render()
    ds = ruiran.load()
    for record in (*[s for s in ds.sanctions if s.milestones], *ds.agreements):
        assert f"`{record.id}`" in text


def test_the_history_page_lists_every_coverage_statement(history: ModuleType) -> None:
    # docs/history.md listed only the as-of date, the UNSC and the US by hand, while the
    # coverage file also declares Iran's and Russia's offices (issue 22): the list is generated
    # from the file, one line per statement, and --check fails when the page drifts from it.
    import ruiran

    ds = ruiran.load()
    assert ds.coverage is not None
    page = (ROOT / "docs" / "history.md").read_text(encoding="utf-8")
    start, end = page.index("<!-- covered:start -->"), page.index("<!-- covered:end -->")
    listed = [line for line in page[start:end].splitlines() if line.startswith("- **")]
    assert listed[0].startswith(f"- **as of {ds.coverage.as_of}**")
    assert len(listed) == 1 + len(ds.coverage.covers)
    # the complete statements first, then apart the researched ones (issue 25, item 1)
    ordered = sorted(ds.coverage.covers, key=lambda s: s.extent == "researched")
    assert "Researched, **not complete**" in page[start:end]
    for line, statement in zip(listed[1:], ordered, strict=True):
        assert line.startswith(f"- **{statement.kind}s ")
        assert all(title in line for title in statement.titles)
        assert all(ds.actor(i).name in line for i in statement.parties)
    assert "Defence Minister**, from 2009-09-03" in page
