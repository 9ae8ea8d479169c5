"""Output folders of coded events (ruiran.coded.output): only ruiran's own files are replaced,
and a failure leaves the old folder whole."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

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


def test_an_interrupt_as_the_new_folder_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = Path.mkdir

    def interrupted(self: Path, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        raise KeyboardInterrupt  # Ctrl-C once the folder exists, before the block runs

    monkeypatch.setattr(Path, "mkdir", interrupted)
    with pytest.raises(KeyboardInterrupt), staged(tmp_path / "out", overwrite=False):
        pass
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


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


# -- found in review: each of these failed before the fix ------------------------------------------


@pytest.mark.parametrize(
    "manifest",
    [b"\xff\xfe not UTF-8", b"[" * 100_000],
    ids=["not-utf8", "nested-too-deep"],
)
def test_a_manifest_that_cannot_be_read_is_refused_in_one_line(
    tmp_path: Path, manifest: bytes
) -> None:
    files = {"year=2019/part-0.parquet": b"old", MANIFEST: manifest}
    _write(tmp_path / "out", files)
    with pytest.raises(OutputExistsError, match="not a valid manifest"):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"}, overwrite=True)
    assert _tree(tmp_path / "out") == files


def test_a_manifest_past_the_document_limit_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ruiran.read import limits

    _ingest(tmp_path / "out", {"year=2019/part-0.parquet": b"old"})
    manifest = tmp_path / "out" / MANIFEST
    manifest.write_text(manifest.read_text() + " " * 4096)  # still valid JSON
    monkeypatch.setattr(limits, "DEFAULT_LIMITS", limits.Limits(document_bytes=1024))
    with pytest.raises(OutputExistsError, match="not a valid manifest"):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"}, overwrite=True)


def test_empty_subfolders_are_the_users_and_kept(tmp_path: Path) -> None:
    (tmp_path / "out" / "keep" / "me").mkdir(parents=True)
    with pytest.raises(OutputExistsError, match="is not empty"):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"})
    assert (tmp_path / "out" / "keep" / "me").is_dir()
    _ingest(tmp_path / "ours", {"year=2019/part-0.parquet": b"old"})
    (tmp_path / "ours" / "drafts").mkdir()
    with pytest.raises(OutputExistsError, match=r"did not write \(drafts/\)"):
        _ingest(tmp_path / "ours", {"year=2024/part-0.parquet": b"new"}, overwrite=True)
    assert (tmp_path / "ours" / "drafts").is_dir()


@pytest.mark.parametrize("out", [".", "..", "./"])
def test_the_current_folder_is_never_swapped_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out: str
) -> None:
    (tmp_path / "out" / "here").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "out" / ("here" if out == ".." else ""))
    cwd = os.getcwd()
    with pytest.raises(OutputExistsError, match="current folder"):
        _ingest(Path(out), {"year=2024/part-0.parquet": b"new"})
    assert os.getcwd() == cwd
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_listed_file_turned_into_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "precious").write_bytes(b"keep")
    _ingest(tmp_path / "out", {"year=2019/part-0.parquet": b"old"})
    (tmp_path / "out" / "year=2019" / "part-0.parquet").unlink()
    os.symlink(tmp_path / "precious", tmp_path / "out" / "year=2019" / "part-0.parquet")
    with pytest.raises(OutputExistsError, match="not regular files"):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"}, overwrite=True)
    assert os.path.islink(tmp_path / "out" / "year=2019" / "part-0.parquet")
    assert (tmp_path / "precious").read_bytes() == b"keep"


def test_a_file_added_after_the_last_check_is_never_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ruiran.coded import output

    _ingest(tmp_path / "out", {"year=2019/part-0.parquet": b"old"})
    checked = output.check_target

    def check_then_race(folder: str | os.PathLike[str], *, overwrite: bool) -> Path:
        target = checked(folder, overwrite=overwrite)
        if any(p.name.startswith(".out.ruiran-new-") for p in tmp_path.iterdir()):
            _write(tmp_path / "out", {"notes.txt": b"mine"})  # between the check and the swap
        return target

    monkeypatch.setattr(output, "check_target", check_then_race)
    with pytest.raises(OutputExistsError, match=r"did not write \(notes.txt\)"):
        _ingest(tmp_path / "out", {"year=2024/part-0.parquet": b"new"}, overwrite=True)
    assert _tree(tmp_path / "out")["notes.txt"] == b"mine"
    assert "year=2019/part-0.parquet" in _tree(tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_long_folder_name_still_gets_a_staged_folder(tmp_path: Path) -> None:
    name = "é" * 120  # 240 bytes: within a file name's 255, too long with a suffix added
    _ingest(tmp_path / name, {"year=2024/part-0.parquet": b"new"})
    _ingest(tmp_path / name, {"year=2025/part-0.parquet": b"new"}, overwrite=True)
    assert set(_tree(tmp_path / name)) == {MANIFEST, "year=2025/part-0.parquet"}


def test_a_subfolder_that_cannot_be_listed_is_not_taken_for_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "out", {"private/secret.txt": b"mine"})
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if os.fspath(path).endswith("private"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    with pytest.raises(OutputExistsError, match=r"cannot list .*private.*Permission denied"):
        check_target(tmp_path / "out", overwrite=False)
