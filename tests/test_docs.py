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
    "page", ["README.md", "docs/cookbook.md", "docs/beyond-one-machine.md", "docs/quickstart.md"]
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
