"""Loading datasets from files and folders, and the errors bad input gets."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import ruiran
from ruiran import DatasetError
from ruiran.io import read_records

SOURCE = {"id": "note", "title": "A note", "kind": "other", "text_file": "note.txt"}
IRAN = {
    "type": "state",
    "id": "iran",
    "name": "Iran",
    "citations": [{"source": "note", "quote": "Iran"}],
}
RUSSIA = {
    **IRAN,
    "id": "russia",
    "name": "Russia",
    "citations": [{"source": "note", "quote": "Russia"}],
}


def _folder(tmp_path: Path, **files: object) -> Path:
    (tmp_path / "note.txt").write_text("Russia and Iran signed a treaty.", encoding="utf-8")
    for name, content in files.items():
        (tmp_path / name.replace("_", ".")).write_text(
            content if isinstance(content, str) else json.dumps(content), encoding="utf-8"
        )
    return tmp_path


def test_load_a_folder_with_types_implied_by_file_names(tmp_path: Path) -> None:
    treaty = {
        "id": "t",
        "title": "Treaty",
        "kind": "treaty",
        "parties": ["russia", "iran"],
        "citations": [{"source": "note", "quote": "signed a treaty"}],
        "milestones": [{"stage": "signed", "citations": [{"source": "note", "quote": "signed"}]}],
    }
    folder = _folder(
        tmp_path, sources_json=[SOURCE], actors_json=[IRAN, RUSSIA], agreements_json=[treaty]
    )
    ds = ruiran.load(folder)
    assert len(ds) == 4
    assert [a.id for a in ds.agreements_between("Iran", "Russia")] == ["t"]
    assert ds.source_texts["note"].startswith("Russia")


def test_yaml_with_comments_and_a_single_file_mapping(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("Russia and Iran", encoding="utf-8")
    path = tmp_path / "data.yaml"
    path.write_text(
        "# a user's dataset\n"
        "sources:\n  - {id: note, title: N, kind: other, text_file: note.txt}\n"
        "actors:\n  - type: state  # the kind\n    id: iran\n    name: Iran\n"
        "    citations: [{source: note, quote: Iran}]\n",
        encoding="utf-8",
    )
    assert ruiran.load(path).actor("iran").name == "Iran"


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    lines = [{"type": "source", **SOURCE, "text_file": None}, IRAN, RUSSIA]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    assert len(ruiran.load(path)) == 3


def test_every_problem_is_reported_with_file_record_and_field(tmp_path: Path) -> None:
    bad_date = {**RUSSIA, "historical_names": [{"name": "USSR", "period": "1922/19x1"}]}
    dangling = {
        "id": "t",
        "title": "T",
        "kind": "treaty",
        "parties": ["russia", "atlantis"],
        "citations": [{"source": "note", "quote": "not in the text"}],
    }
    folder = _folder(
        tmp_path,
        sources_json=[SOURCE],
        actors_json=[IRAN, bad_date, {**IRAN, "type": "country"}],
        agreements_json=[dangling, {**dangling, "id": "t", "kind": "pact"}],
    )
    with pytest.raises(DatasetError) as info:
        ruiran.load(folder)
    where = {(p.file and Path(p.file).name, p.record, p.field) for p in info.value.problems}
    assert ("actors.json", "russia", "historical_names.0.period") in where
    assert ("actors.json", "iran", "type") in where
    assert ("agreements.json", "t", "kind") in where
    assert ("agreements.json", "t", "parties.1") in where
    assert ("agreements.json", "t", "citations.0.quote") in where
    # russia failed validation, so a reference to it is not reported as dangling too
    assert not any(p.field == "parties.0" for p in info.value.problems)
    # the message says what would be valid
    assert "'treaty', 'trade_agreement'" in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not: [valid", "not valid YAML"),
        ("- 1\n- two\n", "a record must be a mapping"),
        ("just a string", "must hold a list of records"),
        ("- !!python/object/apply:os.system ['echo hacked']\n", "not valid YAML"),
    ],
)
def test_malformed_files(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "events.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        ruiran.load(tmp_path)


def test_missing_path_and_missing_source_text(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ruiran.load(tmp_path / "nowhere")
    (tmp_path / "sources.json").write_text(json.dumps([SOURCE]), encoding="utf-8")
    with pytest.raises(DatasetError, match="cannot read the source text"):
        ruiran.load(tmp_path)


def test_read_records_validates_one_file(tmp_path: Path) -> None:
    path = tmp_path / "actors.json"
    path.write_text(json.dumps([IRAN]), encoding="utf-8")
    assert [r.id for r in read_records(path)] == ["iran"]


def test_bundled_dataset_is_loaded_once_even_across_threads() -> None:
    seen: list[ruiran.Dataset] = []
    threads = [threading.Thread(target=lambda: seen.append(ruiran.load())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(ds is seen[0] for ds in seen)
    assert ruiran.load() is seen[0]
