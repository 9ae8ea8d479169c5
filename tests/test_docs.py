"""The examples in the README and in every docstring run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
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
