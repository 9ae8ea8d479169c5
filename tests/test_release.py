"""What a release promises: the package and data versions, the files that go with them
(LICENSE, CHANGELOG.md, CITATION.cff), and docstrings the documentation build can read."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import logging
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import ruiran
from ruiran import versions
from ruiran.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
BUMP = (
    "bump it with `python scripts/data_version.py` and say what changed in CHANGELOG.md "
    "(see docs/development.md)"
)


# -- the data version ---------------------------------------------------------------------------


def test_the_data_version_changes_whenever_the_records_change(bundled: ruiran.Dataset) -> None:
    stated = versions.read()
    assert versions.records_digest(bundled) == stated.records, (
        f"the bundled records or source texts changed, but the data version "
        f"({stated.version}) did not: {BUMP}"
    )


def test_the_digest_sees_a_changed_record_and_a_changed_text(bundled: ruiran.Dataset) -> None:
    before = versions.records_digest(bundled)
    treaty = bundled["treaty-comprehensive-strategic-partnership"]
    assert isinstance(treaty, ruiran.Agreement)
    retitled = treaty.model_copy(update={"title": treaty.title + "!"})
    records = [retitled if r.id == treaty.id else r for r in bundled]
    assert (
        versions.records_digest(
            ruiran.Dataset(records, source_texts=bundled.source_texts, coverage=bundled.coverage)
        )
        != before
    )
    texts = dict(bundled.source_texts)
    first = next(iter(texts))
    texts[first] += " "
    changed = ruiran.Dataset(list(bundled), source_texts=texts, coverage=bundled.coverage)
    assert versions.records_digest(changed) != before
    # The coverage statement is part of the data: without it, the digest differs.
    bare = ruiran.Dataset(list(bundled), source_texts=bundled.source_texts)
    assert versions.records_digest(bare) != before
    # The order of the records is not part of the data.
    again = ruiran.Dataset(
        list(reversed(list(bundled))),
        source_texts=bundled.source_texts,
        coverage=bundled.coverage,
    )
    assert versions.records_digest(again) == before


def test_no_source_is_dated_after_the_as_of_date(bundled: ruiran.Dataset) -> None:
    late = sorted(
        s.id for s in bundled.sources if s.date is not None and s.date.earliest > ruiran.DATA_AS_OF
    )
    assert not late, f"sources dated after DATA_AS_OF {ruiran.DATA_AS_OF}: {late}; {BUMP}"


def test_the_data_version_is_a_date_not_before_the_as_of_date() -> None:
    match = re.fullmatch(r"(\d{4})\.(\d{2})\.(\d{2})(?:\.([2-9]|[1-9]\d+))?", ruiran.DATA_VERSION)
    assert match, f"DATA_VERSION must be YYYY.MM.DD[.N] (got {ruiran.DATA_VERSION!r})"
    assert dt.date(*map(int, match.groups()[:3])) >= ruiran.DATA_AS_OF
    assert isinstance(ruiran.DATA_AS_OF, dt.date)


def test_a_bad_data_version_file_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "DATA_VERSION"
    path.write_text("version = 1\nas_of: 2025\n")
    with pytest.raises(ValueError, match=r"DATA_VERSION:2: expected 'key = value'"):
        versions.read(path)
    path.write_text("version = 1\nas_of = 2025\nrecords = ab\n")
    with pytest.raises(ValueError, match=r"'as_of' must be a date YYYY-MM-DD \(got '2025'\)"):
        versions.read(path)
    path.write_text("version = 1\n")
    with pytest.raises(ValueError, match=r"'as_of', 'records' missing"):
        versions.read(path)


def test_render_and_read_round_trip(tmp_path: Path) -> None:
    stated = versions.read()
    path = tmp_path / versions.FILE_NAME
    path.write_text(versions.render(stated))
    assert versions.read(path) == stated
    assert (ROOT / "src" / "ruiran" / versions.FILE_NAME).read_text() == versions.render(stated)


def test_version_says_the_package_and_the_data() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0, result.output
    line = f"ruiran {ruiran.__version__}, data {ruiran.DATA_VERSION} (as of {ruiran.DATA_AS_OF})"
    assert result.stdout == line + "\n"
    assert ruiran.DATA_VERSION in result.stdout
    assert ruiran.DATA_AS_OF.isoformat() in result.stdout


def test_reading_the_data_version_imports_nothing_heavy() -> None:
    code = (
        "import sys, ruiran; ruiran.load(); before = set(sys.modules); ruiran.DATA_VERSION; "
        "print(sorted(set(sys.modules) - before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['ruiran.versions']"


# -- the package version and the files that go with it -----------------------------------------


def test_the_installed_version_is_pyprojects() -> None:
    installed = importlib.metadata.version("ruiran")
    assert installed == VERSION, (
        f"the installed ruiran is {installed}, pyproject.toml says {VERSION}: "
        "reinstall it (pip install -e '.[dev]')"
    )
    assert ruiran.__version__ == VERSION


def test_the_changelog_has_a_section_for_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", text, flags=re.MULTILINE)
    assert headings, "CHANGELOG.md has no '## [X.Y.Z] - date' section"
    assert headings[0] == VERSION, (
        f"CHANGELOG.md's newest section is {headings[0]}, pyproject.toml's version is {VERSION}"
    )
    assert ruiran.DATA_VERSION in text, (
        f"CHANGELOG.md does not name the data version {ruiran.DATA_VERSION}"
    )


def test_the_citation_file_names_this_version() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == VERSION, (
        f"CITATION.cff's version is {cff['version']}, pyproject.toml's is {VERSION}"
    )
    # CFF lists SPDX ids where pyproject writes one expression ("MIT AND CC0-1.0").
    assert " AND ".join(cff["license"]) == PYPROJECT["project"]["license"]
    assert cff["title"]
    assert cff["authors"]
    assert cff["message"]


def test_the_licence_is_the_one_pyproject_names() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    # The code and the records are MIT; the bundled UN General Assembly votes are CC0.
    assert PYPROJECT["project"]["license"] == "MIT AND CC0-1.0"
    assert text.startswith("MIT License")
    # What the bundled excerpts and datasets are, and on what terms they ship.
    assert "src/ruiran/data/sources" in text
    assert "src/ruiran/votes/data/" in text
    assert "CC0 1.0" in text


# -- the docstrings the documentation site is built from ----------------------------------------


def test_every_docstring_parses_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    """`mkdocs build --strict` fails on any warning griffe gives while parsing a docstring
    (a line in a Raises section that is not 'Error: description', for one)."""
    griffe = pytest.importorskip("griffe")
    package = griffe.load("ruiran", search_paths=[ROOT / "src"], docstring_parser="google")

    def parse(obj: object) -> None:
        if getattr(obj, "is_alias", False):
            return
        docstring = getattr(obj, "docstring", None)
        if docstring is not None:
            docstring.parse("google")
        for member in getattr(obj, "members", {}).values():
            parse(member)

    with caplog.at_level(logging.WARNING, logger="griffe"):
        parse(package)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
