"""The YAML folder export: the folder format written as the bundled data is, read back equal."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

import ruiran
from ruiran import export
from test_export_safety import with_texts


@settings(max_examples=40)
@given(with_texts())
def test_a_folder_export_loads_back_equal(ds: ruiran.Dataset) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "copy"
        paths = export.to_folder(ds, folder)
        assert set(paths) == {export.jsonfiles._stem(r) for r in ds}
        back = ruiran.load(folder)
    assert list(back) == list(ds)
    assert dict(back.source_texts) == dict(ds.source_texts)


def test_the_bundled_copy_reads_like_the_bundled_files(tmp_path: Path) -> None:
    paths = export.to_folder(ruiran.load(), tmp_path / "copy")
    events = paths["events"].read_text(encoding="utf-8")
    assert "type: event" not in events  # implied by the file name
    assert "- id: " in events
    actors = paths["actors"].read_text(encoding="utf-8")
    assert actors.startswith("- type: ")  # four kinds share the file
    assert ruiran.load(tmp_path / "copy") == ruiran.load()


def test_strings_that_yaml_would_read_as_numbers_stay_strings(tmp_path: Path) -> None:
    bundled = ruiran.load()
    odd = ["0o17", "6:05", "010", "no", "2025-02-30", "1_000", "0x1F", "~", "true"]
    iran = bundled["iran"].model_copy(update={"aliases": tuple(odd)})
    ds = ruiran.Dataset(
        [iran if r.id == "iran" else r for r in bundled], source_texts=bundled.source_texts
    )
    export.to_folder(ds, tmp_path / "copy")
    assert ruiran.load(tmp_path / "copy")["iran"].aliases == tuple(odd)  # type: ignore[union-attr]


def test_a_non_empty_folder_needs_overwrite(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(export.OutputExistsError):
        export.to_folder(ruiran.load(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]
