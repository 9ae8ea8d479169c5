"""Output folders of coded events (ruiran.coded.output): only ruiran's own files are replaced,
and a failure leaves the old folder whole."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ruiran.coded.output import FILES_KEY, MANIFEST, check_target, replaceable, staged
from ruiran.export.files import ExportError, OutputExistsError

ABOUT = {"format": "ruiran-coded-events", "format_version": 2}


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _ingest(folder: Path, files: dict[str, bytes], *, overwrite: bool = False) -> None:
    with staged(folder, overwrite=overwrite) as new:
        _write(new.path, files)
        new.finish(ABOUT)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_new_folder_gets_the_files_and_a_manifest_listing_them(tmp_path: Path) -> None:
    _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"a", "year=2025/part-0.parquet": b"b"})
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest[FILES_KEY] == ["year=2024/part-0.parquet", "year=2025/part-0.parquet"]
    assert manifest["format_version"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it


def test_an_earlier_ingest_is_replaced_whole(tmp_path: Path) -> None:
    _ingest(tmp_path / "out", {"year=2019/part-0.parquet": b"old", "_SUCCESS": b""})
    _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"}, overwrite=True)
    assert set(_tree(tmp_path / "out")) == {MANIFEST, "year=2024/part-0.parquet"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_non_empty_folder_needs_overwrite(tmp_path: Path) -> None:
    _ingest(tmp_path / "out", {"year=2019/part-0.parquet": b"old"})
    before = _tree(tmp_path / "out")
    with pytest.raises(OutputExistsError, match="is not empty"):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"})
    assert _tree(tmp_path / "out") == before


@pytest.mark.parametrize(
    "foreign",
    ["year=2019/data.csv", "year=notes.txt", "notes.txt", "year=2019/part-9.parquet"],
)
def test_files_ruiran_did_not_write_are_never_deleted(tmp_path: Path, foreign: str) -> None:
    _ingest(tmp_path / "out", {"year=2019/part-0.parquet": b"old"})
    _write(tmp_path / "out", {foreign: b"mine"})
    before = _tree(tmp_path / "out")
    with pytest.raises(OutputExistsError, match=r"files ruiran did not write \(" + foreign):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"}, overwrite=True)
    assert _tree(tmp_path / "out") == before


@pytest.mark.parametrize(
    ("manifest", "says"),
    [
        (None, "holds no ruiran-coded.json"),
        (b"{not json", "not a valid manifest"),
        (json.dumps({"format": "other"}).encode(), "not a valid manifest"),
        (json.dumps({"format": "ruiran-coded-events", "format_version": 1}).encode(), "0.2"),
        (json.dumps({"format": "ruiran-coded-events", FILES_KEY: [3]}).encode(), "not a valid"),
    ],
)
def test_a_folder_without_a_valid_manifest_is_not_replaced(
    tmp_path: Path, manifest: bytes | None, says: str
) -> None:
    files = {"year=2019/part-0.parquet": b"old"}
    if manifest is not None:
        files[MANIFEST] = manifest
    _write(tmp_path / "out", files)
    with pytest.raises(OutputExistsError, match=says):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"}, overwrite=True)
    assert _tree(tmp_path / "out") == files


def test_a_symlinked_partition_is_not_followed_or_deleted(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _write(elsewhere, {"part-0.parquet": b"keep"})
    _ingest(tmp_path / "out", {"year=2019/part-0.parquet": b"old"})
    os.symlink(elsewhere, tmp_path / "out" / "year=2020")
    with pytest.raises(OutputExistsError, match=r"year=2020"):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"}, overwrite=True)
    assert _tree(elsewhere) == {"part-0.parquet": b"keep"}


def _interrupted(folder: Path) -> None:
    with staged(folder, overwrite=True) as new:
        _write(new.path, {"year=2024/part-0.parquet": b"half"})
        raise KeyboardInterrupt


def test_a_failure_while_writing_leaves_the_old_folder_whole(tmp_path: Path) -> None:
    _ingest(tmp_path / "out", {"year=2019/part-0.parquet": b"old"})
    before = _tree(tmp_path / "out")
    with pytest.raises(KeyboardInterrupt):
        _interrupted(tmp_path / "out")
    assert _tree(tmp_path / "out") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the new folder is gone


def test_a_block_that_never_finishes_writes_nothing(tmp_path: Path) -> None:
    with (
        pytest.raises(RuntimeError, match="not finished"),
        staged(tmp_path / "out", overwrite=False) as new,
    ):
        _write(new.path, {"year=2024/part-0.parquet": b"x"})
    assert list(tmp_path.iterdir()) == []


def test_the_target_is_checked_before_the_block_runs(tmp_path: Path) -> None:
    _write(tmp_path / "out", {"notes.txt": b"mine"})
    ran = []
    with pytest.raises(OutputExistsError), staged(tmp_path / "out", overwrite=True):
        ran.append(True)
    assert ran == []


def test_a_file_or_a_missing_parent_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputExistsError, match="is not a folder"):
        check_target(tmp_path / "f", overwrite=True)
    with pytest.raises(ExportError, match="parent folder does not exist"):
        check_target(tmp_path / "no" / "out", overwrite=False)


def test_a_tilde_is_a_name_not_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert check_target("~", overwrite=False) == tmp_path / "~"


def test_replaceable_lists_a_few_foreign_files_and_counts_the_rest() -> None:
    listing = [MANIFEST, *(f"x{i}.txt" for i in range(8))]
    text = json.dumps({"format": "ruiran-coded-events", FILES_KEY: []})
    with pytest.raises(
        OutputExistsError, match=r"x0.txt, x1.txt, x2.txt, x3.txt, x4.txt and 3 more"
    ):
        replaceable(listing, text, "out")
    replaceable([], None, "out")  # an empty folder may always be written
