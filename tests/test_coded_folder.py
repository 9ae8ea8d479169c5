"""Folders of coded events, written whole and read safely (issue 20, items 2 to 4).

``write_folder`` replaces only a folder ruiran wrote (its manifest lists every file), writes
beside it and swaps the new folder in; ``read_folder`` (``ruiran.load(DIR)``) reads only
regular files inside the folder, the files its manifest lists, each with the store's columns in
their types and an id and a date in every row, and refuses what it would otherwise ignore.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

import ruiran
from ruiran.coded.gdelt import STORE_COLUMNS, empty_table
from ruiran.coded.parquet import MANIFEST, read_folder, write_folder
from ruiran.errors import DatasetError
from ruiran.export import OutputExistsError
from ruiran.testing import synthetic_gdelt


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> ruiran.Dataset:
    folder = tmp_path_factory.mktemp("gdelt")
    return ruiran.ingest.gdelt(synthetic_gdelt(folder / "e.tsv", 600, seed=20), involving="Iran")


def _tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` (links as their targets, not followed)."""
    found: dict[str, bytes | str] = {}
    for root, dirs, files in os.walk(folder):
        for name in [*files, *dirs]:
            path = Path(root) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file():
                found[key] = path.read_bytes()
    return found


def _ids(ds: ruiran.Dataset) -> list[int]:
    assert ds.coded is not None
    return sorted(ds.coded.all().ids)


def _manifest(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / MANIFEST).read_text())
    assert isinstance(data, dict)
    return data


def _problems(error: pytest.ExceptionInfo[DatasetError]) -> list[tuple[str | None, str | None]]:
    return [(p.file, p.field) for p in error.value.problems]


# -- writing: only ruiran's own files are replaced, and only whole ---------------------------------


def test_the_manifest_lists_every_file_and_keeps_its_keys(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    write_folder(ingested, tmp_path / "out", about={"where": "TRUE"})
    manifest = _manifest(tmp_path / "out")
    written = sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.parquet")
    )
    assert manifest["files"] == written
    assert manifest["format"] == "ruiran-coded-events"
    assert manifest["format_version"] == 2
    for key in ("dataset", "rows", "partitioned_by", "columns", "summary", "where"):
        assert key in manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it


@pytest.mark.parametrize("foreign", ["year=2019/data.csv", "year=notes.txt", "_SUCCESS"])
def test_overwrite_refuses_a_folder_with_files_ruiran_did_not_write(
    ingested: ruiran.Dataset, tmp_path: Path, foreign: str
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    (out / foreign).parent.mkdir(exist_ok=True)
    (out / foreign).write_text("mine")
    before = _tree(out)
    with pytest.raises(OutputExistsError, match="did not write"):
        write_folder(ingested, out, overwrite=True)
    assert _tree(out) == before


def test_overwrite_refuses_a_symlinked_partition_and_deletes_nothing(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "data.parquet").write_bytes(b"the user's own")
    (out / "year=1999").symlink_to(mine, target_is_directory=True)
    before = _tree(out)
    with pytest.raises(OutputExistsError, match="year=1999"):
        write_folder(ingested, out, overwrite=True)
    assert _tree(out) == before
    assert (mine / "data.parquet").read_bytes() == b"the user's own"


def test_a_failed_write_leaves_the_old_folder_whole(
    ingested: ruiran.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    before = _tree(out)
    written = pads.write_dataset

    def fails(table: Any, base_dir: Any, **options: Any) -> None:
        written(table.slice(0, 5), base_dir, **options)  # some files, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pads, "write_dataset", fails)
    with pytest.raises(OSError, match="No space left"):
        write_folder(ingested, out, overwrite=True)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    monkeypatch.undo()
    assert _ids(ruiran.load(out)) == _ids(ingested)


# -- reading: the folder's boundary -------------------------------------------------------------


def test_a_partition_linked_from_outside_the_folder_is_refused(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    partition = sorted(out.glob("year=*"))[0]
    shutil.move(partition, tmp_path / "elsewhere")
    partition.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(DatasetError, match="outside the dataset folder") as caught:
        ruiran.load(out)
    assert _problems(caught) == [(str(partition / "part-0.parquet"), None)]


def test_a_file_linked_from_outside_the_folder_is_refused(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    part = sorted(out.glob("year=*/*.parquet"))[-1]
    shutil.move(part, tmp_path / "elsewhere.parquet")
    part.symlink_to(tmp_path / "elsewhere.parquet")
    with pytest.raises(DatasetError, match="outside the dataset folder"):
        ruiran.load(out)


def test_a_manifest_linked_from_outside_the_folder_is_refused(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    shutil.move(out / MANIFEST, tmp_path / MANIFEST)
    (out / MANIFEST).symlink_to(tmp_path / MANIFEST)
    with pytest.raises(DatasetError, match="outside the dataset folder"):
        ruiran.load(out)


def test_a_link_inside_the_folder_is_read(ingested: ruiran.Dataset, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    part = sorted(out.glob("year=*/*.parquet"))[-1]
    shutil.move(part, out / "kept.bin")
    part.symlink_to(out / "kept.bin")
    manifest = _manifest(out)
    manifest["files"].append("kept.bin")
    (out / MANIFEST).write_text(json.dumps(manifest))
    assert _ids(ruiran.load(out)) == _ids(ingested)


# -- reading: the files and their columns ---------------------------------------------------------


def _rewrite(folder: Path, change: Any) -> Path:
    """Rewrite the folder's last Parquet file through ``change`` (a table to a table)."""
    part = sorted(folder.glob("year=*/*.parquet"))[-1]
    pq.write_table(change(pq.read_table(part)), part)
    return part


def test_a_missing_column_is_named(ingested: ruiran.Dataset, tmp_path: Path) -> None:
    write_folder(ingested, tmp_path / "out")
    part = _rewrite(tmp_path / "out", lambda t: t.drop_columns(["EventCode"]))
    with pytest.raises(DatasetError, match="the column is missing") as caught:
        ruiran.load(tmp_path / "out")
    assert _problems(caught) == [(str(part), "EventCode")]


def test_a_column_of_another_type_is_named_with_the_type_expected(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    write_folder(ingested, tmp_path / "out")

    def as_numbers(table: Any) -> Any:
        at = table.schema.get_field_index("EventCode")
        numbers = table.column(at).cast(pa.string()).cast(pa.int64())
        return table.set_column(at, "EventCode", numbers)

    part = _rewrite(tmp_path / "out", as_numbers)
    with pytest.raises(DatasetError, match="the column is int64; coded events hold it as string"):
        ruiran.load(tmp_path / "out")
    with pytest.raises(DatasetError) as caught:
        ruiran.load(tmp_path / "out")
    assert _problems(caught) == [(str(part), "EventCode")]


@pytest.mark.parametrize("column", ["GLOBALEVENTID", "SQLDATE"])
def test_an_event_without_an_id_or_a_date_is_refused(
    ingested: ruiran.Dataset, tmp_path: Path, column: str
) -> None:
    write_folder(ingested, tmp_path / "out")

    def with_a_null(table: Any) -> Any:
        at = table.schema.get_field_index(column)
        values = table.column(at).to_pylist()
        values[0] = None
        return table.set_column(at, column, pa.array(values, table.schema.field(at).type))

    part = _rewrite(tmp_path / "out", with_a_null)
    with pytest.raises(DatasetError, match="1 row without a value") as caught:
        ruiran.load(tmp_path / "out")
    assert _problems(caught) == [(str(part), column)]


def test_the_store_columns_plain_are_read_too(ingested: ruiran.Dataset, tmp_path: Path) -> None:
    """Files in the types of STORE_COLUMNS (as another engine writes them: float64, int8, text
    not dictionary-encoded) read the same events as the store's own narrower types."""
    write_folder(ingested, tmp_path / "out")
    expected = empty_table().schema
    for part in (tmp_path / "out").glob("year=*/*.parquet"):
        table = pq.read_table(part)
        pq.write_table(table.select([n for n, _ in STORE_COLUMNS]).cast(expected), part)
    back = ruiran.load(tmp_path / "out")
    assert back.coded is not None
    assert ingested.coded is not None
    assert back.coded.table.to_pylist() == ingested.coded.table.to_pylist()


def test_coordinates_as_float32_are_read(ingested: ruiran.Dataset, tmp_path: Path) -> None:
    write_folder(ingested, tmp_path / "out")
    _rewrite(
        tmp_path / "out",
        lambda t: t.set_column(
            t.schema.get_field_index("ActionGeo_Lat"),
            "ActionGeo_Lat",
            t.column("ActionGeo_Lat").cast(pa.float32()),
        ),
    )
    assert _ids(ruiran.load(tmp_path / "out")) == _ids(ingested)


def test_files_the_manifest_does_not_list_or_lacks_are_named(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    stray = out / "year=2020" / "stray.parquet"
    stray.parent.mkdir(exist_ok=True)
    pq.write_table(pa.table({"a": [1, 2]}), stray)
    gone = sorted(out.glob("year=*/part-0.parquet"))[0]
    gone.unlink()
    with pytest.raises(DatasetError) as caught:
        ruiran.load(out)
    said = str(caught.value)
    assert "listed in the manifest, but missing" in said
    assert "does not list" in said
    assert sorted(_problems(caught)) == sorted([(str(gone), None), (str(stray), None)])


def test_a_stray_parquet_file_of_another_schema_is_refused(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    """In a folder of manifest format 1 (every ``year=*/*.parquet`` is read), a file of another
    schema is refused, not read as events without columns."""
    out = tmp_path / "out"
    write_folder(ingested, out)
    manifest = _manifest(out)
    del manifest["files"]
    manifest["format_version"] = 1
    (out / MANIFEST).write_text(json.dumps(manifest))
    assert _ids(ruiran.load(out)) == _ids(ingested)  # format 1 is read
    stray = sorted(out.glob("year=*"))[0] / "zz-other.parquet"
    pq.write_table(pa.table({"GLOBALEVENTID": [1], "note": ["not an event"]}), stray)
    with pytest.raises(DatasetError, match="the column is missing") as caught:
        ruiran.load(out)
    assert {file for file, _ in _problems(caught)} == {str(stray)}


@pytest.mark.parametrize("name", ["events.yaml", "more.json", "rows.jsonl"])
def test_records_beside_the_manifest_are_refused_not_ignored(
    ingested: ruiran.Dataset, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    (out / name).write_text("[]")
    with pytest.raises(DatasetError, match=r"base=ruiran.load\(records_folder\)") as caught:
        ruiran.load(out)
    assert _problems(caught) == [(str(out / name), None)]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"format_version": 3}, "must be 1 or 2"),
        ({"files": "year=2020/part-0.parquet"}, "must be the list"),
        ({"files": ["../elsewhere.parquet"]}, "relative path"),
    ],
)
def test_a_manifest_that_cannot_be_followed_is_refused(
    ingested: ruiran.Dataset, tmp_path: Path, change: dict[str, Any], says: str
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    (out / MANIFEST).write_text(json.dumps({**_manifest(out), **change}))
    with pytest.raises(DatasetError, match=says):
        read_folder(out)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_a_file_is_refused_unopened(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    part = sorted(out.glob("year=*/*.parquet"))[0]
    part.unlink()
    os.mkfifo(part)
    with pytest.raises(DatasetError, match="not a regular file"):
        ruiran.load(out)


# -- found in review: each of these failed before the fix ------------------------------------------


def test_a_manifest_nested_too_deep_is_a_problem_not_a_crash(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    body = json.dumps(_manifest(out))
    (out / MANIFEST).write_text(body[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(DatasetError, match="nested too deep"):
        ruiran.load(out)


def test_a_listed_name_with_dot_parts_is_that_file(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    manifest = _manifest(out)
    manifest["files"] = ["./" + name for name in manifest["files"]]
    (out / MANIFEST).write_text(json.dumps(manifest))
    assert _ids(ruiran.load(out)) == _ids(ingested)


def test_a_subfolder_that_cannot_be_listed_is_a_problem(
    ingested: ruiran.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    (out / "private").mkdir()
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if os.fspath(path).endswith("private"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    with pytest.raises(DatasetError, match="cannot list the folder") as error:
        read_folder(out)
    assert _problems(error) == [(str(out / "private"), None)]
