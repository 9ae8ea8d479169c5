"""The entry points of ruiran.io, example by example: what each refuses, and in what words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import ruiran
from ruiran import DatasetError
from ruiran import io as rio
from ruiran.errors import Problem
from ruiran.io import bundled_path, from_dicts, load, loads, portable_parts, read_records
from ruiran.limits import Limits
from ruiran.read import snapshot

SOURCE: dict[str, Any] = {"type": "source", "id": "s", "title": "T", "kind": "other"}
STATE: dict[str, Any] = {
    "type": "state",
    "id": "iran",
    "name": "Iran",
    "citations": [{"source": "s", "quote": "Iran"}],
}


def test_the_bundled_dataset_is_read_once() -> None:
    assert load() is load()
    assert load(None) is ruiran.load()
    assert bundled_path().name == "data"


def test_a_base_without_a_path_is_refused() -> None:
    message = "'base' needs a 'path' to put on top of it (got path=None)"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        load(base=load())


def test_an_empty_path_is_one_problem() -> None:
    with pytest.raises(DatasetError) as caught:
        load("")
    assert list(caught.value.problems) == [
        Problem(None, None, "the dataset path is empty: give a dataset folder or file")
    ]


def test_a_missing_path_is_not_found(tmp_path: Path) -> None:
    target = tmp_path / "nothing here"
    with pytest.raises(FileNotFoundError) as caught:
        load(target)
    assert str(caught.value) == f"no dataset file or folder at {str(target)!r}"


def test_a_dangling_link_is_read_as_a_file_and_named(tmp_path: Path) -> None:
    link = tmp_path / "data.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(DatasetError) as caught:
        load(link)
    assert list(caught.value.problems) == [
        Problem(
            None,
            None,
            "cannot read the data file 'data.yaml': it is a dangling symbolic link",
            str(link),
        )
    ]


def test_a_file_and_a_folder_load_with_the_limits_given(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps([SOURCE, STATE]), encoding="utf-8")
    assert [r.id for r in load(path)] == ["s", "iran"]
    assert [r.id for r in load(str(tmp_path))] == ["s", "iran"]
    with pytest.raises(DatasetError, match=r"Limits\.document_bytes"):
        load(path, limits=Limits(document_bytes=10))
    with pytest.raises(DatasetError, match=r"Limits\.document_bytes"):
        load(tmp_path, limits=Limits(document_bytes=10))
    assert [r.id for r in read_records(path)] == ["s", "iran"]
    with pytest.raises(DatasetError, match=r"Limits\.document_bytes"):
        read_records(path, limits=Limits(document_bytes=10))


def test_loads_refuses_an_unknown_format() -> None:
    message = "'format' must be one of ['yaml', 'json', 'jsonl'] (got 'xml')"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        loads("[]", format="xml")


@pytest.mark.parametrize("format", ["yaml", "json", "jsonl"])
def test_loads_refuses_bytes_that_are_not_utf8(format: str) -> None:
    with pytest.raises(DatasetError) as caught:
        loads(b"[]\xff", format=format)
    assert list(caught.value.problems) == [
        Problem(
            None,
            None,
            "not UTF-8 text: 'utf-8' codec can't decode byte 0xff in position 2: invalid "
            "start byte",
            f"<{format} string>",
        )
    ]


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_loads_reads_a_document_up_to_the_limit(format: str) -> None:
    text = json.dumps([SOURCE, STATE])
    limits = Limits(document_bytes=len(text))
    assert len(loads(text, format=format, limits=limits)) == 2
    with pytest.raises(DatasetError) as caught:
        loads(text + " ", format=format, limits=limits)
    assert list(caught.value.problems) == [
        Problem(
            None,
            None,
            "file is larger than 0 MiB (Limits.document_bytes); write large datasets as JSON "
            "Lines (.jsonl), which is read a line at a time",
            f"<{format} string>",
        )
    ]


def test_loads_reads_json_lines_with_the_limits_given() -> None:
    text = json.dumps(SOURCE) + "\n\n" + json.dumps(STATE)
    assert [r.id for r in loads(text, format="jsonl")] == ["s", "iran"]
    longest = len(json.dumps(SOURCE))  # the state's line is longer
    with pytest.raises(DatasetError) as caught:
        loads(text, format="jsonl", limits=Limits(record_bytes=longest))
    assert list(caught.value.problems) == [
        Problem(
            None,
            None,
            f"line 3 is longer than {longest} characters (Limits.record_bytes): one line holds "
            "one record",
            "<jsonl string>:3",
        ),
        Problem(
            None,
            None,
            "cross-record checks (references, duplicate ids, quotes) were skipped: 1 file could "
            "not be read; fix that first",
            "<jsonl string>",
        ),
    ]


def test_loads_of_a_problem_names_the_line() -> None:
    with pytest.raises(DatasetError) as caught:
        loads(
            "- " + json.dumps(SOURCE) + "\n- " + json.dumps({**STATE, "id": "Iran"}), format="yaml"
        )
    assert [(p.record, p.field, p.file) for p in caught.value.problems] == [
        ("Iran", "id", "<yaml string>:2")
    ]


@pytest.mark.parametrize(
    ("text_file", "parts"),
    [
        ("page.txt", ("page.txt",)),
        ("sources/page.txt", ("sources", "page.txt")),
        ("./sources/./page.txt", ("sources", "page.txt")),
        ("a/c:d.txt", ("a", "c:d.txt")),
        ("..x/y..", ("..x", "y..")),
        ("", None),
        (".", None),
        ("./", None),
        ("a//b.txt", None),
        ("a/ /b.txt", None),
        ("a/b.txt/", None),
        ("/etc/passwd", None),
        ("../x.txt", None),
        ("a/../x.txt", None),
        ("C:/x.txt", None),
        ("c:x.txt", None),
        ("a\\b.txt", None),
        ("a\0b.txt", None),
    ],
)
def test_portable_parts(text_file: str, parts: tuple[str, ...] | None) -> None:
    assert portable_parts(text_file) == parts


# -- the bundled dataset, read afresh ---------------------------------------------------------


def _small_folder(folder: Path, states: list[dict[str, Any]]) -> Path:
    folder.mkdir()
    (folder / "sources.json").write_text(json.dumps([SOURCE]), encoding="utf-8")
    (folder / "actors.json").write_text(json.dumps(states), encoding="utf-8")
    return folder


def test_the_bundled_dataset_comes_from_the_snapshot_when_there_is_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small = from_dicts([SOURCE, STATE])
    monkeypatch.setattr(rio, "_bundled", None)
    monkeypatch.setattr(snapshot, "read", lambda: small)
    assert load() is small
    assert load() is small


def test_without_a_snapshot_the_bundled_folder_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = _small_folder(tmp_path / "data", [STATE])
    monkeypatch.setattr(rio, "_bundled", None)
    monkeypatch.setattr(snapshot, "read", lambda: None)
    monkeypatch.setattr(rio, "bundled_path", lambda: folder)
    found = load()
    assert [r.id for r in found] == ["s", "iran"]
    assert load() is found


def test_problems_of_the_bundled_folder_name_it_as_the_packages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _small_folder(tmp_path / "data", [{**STATE, "id": "Iran"}])
    monkeypatch.setattr(rio, "_bundled", None)
    monkeypatch.setattr(snapshot, "read", lambda: None)
    monkeypatch.setattr(rio, "bundled_path", lambda: folder)
    with pytest.raises(DatasetError) as caught:
        load()
    assert [(p.record, p.field, p.file) for p in caught.value.problems] == [
        ("Iran", "id", "ruiran/data/actors.json")
    ]
    assert capsys.readouterr().err == ""


# -- no progress bar unless asked -------------------------------------------------------------


def test_json_lines_are_read_without_a_progress_bar_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps(SOURCE) + "\n" + json.dumps(STATE) + "\n", encoding="utf-8")
    assert len(load(path)) == 2
    assert len(read_records(path)) == 2
    assert capsys.readouterr().err == ""
    load(path, progress=True)
    assert "reading" in capsys.readouterr().err


# -- read_records stays inside the file's folder ----------------------------------------------


def test_read_records_reads_only_a_regular_file_inside_its_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "data.json"
    outside.parent.mkdir()
    outside.write_text(json.dumps([SOURCE]), encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    link = folder / "data.json"
    link.symlink_to(outside)
    with pytest.raises(DatasetError) as caught:
        read_records(link)
    assert list(caught.value.problems) == [
        Problem(
            None,
            None,
            f"cannot read the data file 'data.json': it resolves to {str(outside)!r}, outside "
            f"the dataset folder {str(folder)!r}; only files inside the folder are read",
            str(link),
        )
    ]


# -- a folder of coded events -----------------------------------------------------------------


def test_a_folder_of_coded_events_is_read_beside_the_base(tmp_path: Path) -> None:
    from ruiran.coded.parquet import write_folder
    from ruiran.testing import synthetic_gdelt

    events = synthetic_gdelt(tmp_path / "events.tsv", 200, seed=3)
    ingested = ruiran.ingest.gdelt(events, involving="Iran")
    assert ingested.coded is not None
    write_folder(ingested, tmp_path / "out")
    back = load(tmp_path / "out")
    assert back.coded is not None
    assert len(back.coded) == len(ingested.coded)
    assert len(back.agreements) == len(load().agreements)  # beside the bundled records
    base = from_dicts([SOURCE, STATE])
    on_small = load(str(tmp_path / "out"), base=base)
    assert on_small.coded is not None
    assert len(on_small.coded) == len(ingested.coded)
    assert [r.id for r in on_small] == ["s", "iran"]
