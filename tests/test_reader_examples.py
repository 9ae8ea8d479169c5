"""The reading machinery (ruiran.read.reader), example by example: each problem and warning in full.

``tests/test_io*.py`` check that bad folders and files are refused and look for a word of the
problem; these state what the problem reads, where it points, and what a folder's reading
order, kinds by file name and warnings are.
"""

from __future__ import annotations

import io
import json
import stat
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

import ruiran
from ruiran import DatasetError, DatasetWarning
from ruiran.errors import Problem, clip
from ruiran.io import from_dicts, loads, read_records
from ruiran.limits import Limits
from ruiran.read import boundary, messages, reader

TEXT = "Russia and Iran signed a treaty."
SOURCE: dict[str, Any] = {"id": "note", "title": "A note", "kind": "other", "text_file": "note.txt"}
IRAN: dict[str, Any] = {
    "type": "state",
    "id": "iran",
    "name": "Iran",
    "citations": [{"source": "note", "quote": "Iran"}],
}
RUSSIA: dict[str, Any] = {
    **IRAN,
    "id": "russia",
    "name": "Russia",
    "citations": [{"source": "note", "quote": "Russia"}],
}
SKIPPED = (
    "cross-record checks (references, duplicate ids, quotes) were skipped: {} could not be "
    "read; fix that first"
)


def _folder(folder: Path, **files: object) -> Path:
    """A folder with the source's text and ``files`` (``actors_json``: actors.json), as JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "note.txt").write_text(TEXT, encoding="utf-8")
    for name, content in files.items():
        path = folder / name.replace("_", ".")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            text = content if isinstance(content, str) else json.dumps(content)
            path.write_text(text, encoding="utf-8")
    return folder


def _problems(path: Path, **options: Any) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        ruiran.load(path, **options)
    return list(caught.value.problems)


# -- a folder ---------------------------------------------------------------------------------


def test_a_folder_is_read_in_the_order_of_the_kinds_then_by_name(tmp_path: Path) -> None:
    other = {**RUSSIA, "id": "armenia", "name": "Armenia"}
    folder = _folder(
        tmp_path,
        b_json=[other],
        Actors_JSON=[IRAN],
        a_yaml=json.dumps([RUSSIA]),
        Sources_Json=[SOURCE],  # the kind from the name, in any case: no "type" needed
    )
    ds = ruiran.load(folder)
    assert [r.id for r in ds] == ["note", "iran", "russia", "armenia"]


def test_a_duplicate_id_names_every_file_and_line_it_is_in(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_yaml=json.dumps([IRAN]))
    (folder / "more.yaml").write_text("- " + json.dumps(RUSSIA) + "\n- " + json.dumps(IRAN))
    assert _problems(folder) == [
        Problem(
            "iran",
            "id",
            "duplicate id: 'iran' is used by more than one record",
            f"{folder}/actors.yaml:1 and {folder}/more.yaml:2",
        )
    ]


def test_a_problem_of_a_record_names_its_file_and_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE])
    (folder / "actors.yaml").write_text(
        "- " + json.dumps(RUSSIA) + "\n- " + json.dumps({**IRAN, "nationality": "x"})
    )
    [problem] = _problems(folder)
    assert (problem.record, problem.field, problem.file) == (
        "iran",
        "nationality",
        f"{folder}/actors.yaml:2",
    )


def test_entries_not_read_are_each_warned_about(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[{**SOURCE, "text_file": "texts/note.txt"}])
    (folder / "texts").mkdir()
    (folder / "texts" / "note.txt").write_text(TEXT, encoding="utf-8")
    (folder / "actors.json").write_text(json.dumps([IRAN]), encoding="utf-8")
    (folder / "notes").mkdir()
    (folder / ".hidden.yaml").write_text("- nonsense", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [r.id for r in ruiran.load(folder)] == ["note", "iran"]
    tail = (
        "not read (data files end in .yaml, .yml, .json, .jsonl and lie at the top of the "
        "folder; other files are read only as a source's text_file)"
    )
    assert [str(w.message) for w in caught] == [
        f"{folder}/note.txt: file {tail}",
        f"{folder}/notes: subfolder {tail}",
    ]
    assert all(w.category is DatasetWarning for w in caught)


def test_a_text_reached_through_a_link_inside_the_folder_is_not_warned_about(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, sources_json=[{**SOURCE, "text_file": "link.txt"}])
    (folder / "texts").mkdir()
    (folder / "note.txt").rename(folder / "texts" / "note.txt")
    (folder / "link.txt").symlink_to(folder / "texts" / "note.txt")
    (folder / "actors.json").write_text(json.dumps([IRAN]), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(ruiran.load(folder)) == 2


def test_an_empty_data_file_of_a_folder_that_loads_is_warned_about(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN], events_yaml="")
    with pytest.warns(DatasetWarning) as caught:
        ruiran.load(folder)
    assert [str(w.message) for w in caught] == [f"{folder}/events.yaml: the file holds no records"]


def test_a_folder_without_records_is_one_problem(tmp_path: Path) -> None:
    folder = _folder(tmp_path, events_yaml="", actors_json=[])
    assert _problems(folder) == [
        Problem(None, None, "the folder holds no records (no data file with any)", str(folder))
    ]


def test_a_folder_with_only_unreadable_files_gives_their_problems_alone(tmp_path: Path) -> None:
    folder = _folder(tmp_path, events_yaml="- [", actors_json="[")
    assert [p.file for p in _problems(folder)] == [
        f"{folder}/actors.json:1",
        f"{folder}/events.yaml:2",
    ]


@pytest.mark.parametrize(("broken", "files"), [(1, "1 file"), (2, "2 files")])
def test_files_that_cannot_be_read_skip_the_cross_record_checks(
    tmp_path: Path, broken: int, files: str
) -> None:
    # A dangling reference, not reported: the checks are skipped.
    dangling = {**RUSSIA, "citations": [{"source": "nowhere", "quote": "Russia"}]}
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN, dangling])
    (folder / "events.yaml").write_text("- [", encoding="utf-8")
    if broken == 2:
        (folder / "more.json").write_bytes(b"\xff[]")
    problems = _problems(folder)
    assert problems[-1] == Problem(None, None, SKIPPED.format(files), str(folder))
    assert len(problems) == broken + 1


def test_a_directory_named_like_a_data_file_is_a_problem(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN])
    (folder / "events.yaml").mkdir()
    assert _problems(folder) == [
        Problem(
            None,
            None,
            "cannot read the data file 'events.yaml': it is a directory, not a regular file",
            f"{folder}/events.yaml",
        ),
        Problem(None, None, SKIPPED.format("1 file"), str(folder)),
    ]


def test_a_data_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN], events_yaml=b"\xff- a")
    assert _problems(folder)[0] == Problem(
        None,
        None,
        "not UTF-8 text: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
        f"{folder}/events.yaml",
    )


def test_json_lines_that_are_not_utf8_are_a_problem(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE])
    (folder / "actors.jsonl").write_bytes(b"\xff\n" + json.dumps(IRAN).encode() + b"\n")
    assert _problems(folder) == [
        Problem(
            None,
            None,
            "not UTF-8 text: 'utf-8' codec can't decode byte 0xff in position 0: invalid "
            "start byte",
            f"{folder}/actors.jsonl",
        ),
        Problem(None, None, SKIPPED.format("1 file"), str(folder)),
    ]


def test_a_data_file_up_to_the_limit_is_read_and_one_byte_more_is_a_problem(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN])
    limit = 2**20
    body = "[]"
    (folder / "events.yaml").write_text(body + " " * (limit - len(body)), encoding="utf-8")
    limits = Limits(document_bytes=limit)
    with pytest.warns(DatasetWarning, match="events.yaml: the file holds no records"):
        assert len(ruiran.load(folder, limits=limits)) == 2
    (folder / "events.yaml").write_text(body + " " * (limit + 1 - len(body)), encoding="utf-8")
    assert _problems(folder, limits=limits) == [
        Problem(
            None,
            None,
            "file is larger than 1 MiB (Limits.document_bytes); write large datasets as JSON "
            "Lines (.jsonl), which is read a line at a time",
            f"{folder}/events.yaml",
        ),
        Problem(None, None, SKIPPED.format("1 file"), str(folder)),
    ]


def test_top_level_keys_must_be_kinds_each_unknown_one_named_once(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"sources": [SOURCE], "actor": [IRAN, RUSSIA], "x": [IRAN]}))
    (tmp_path / "note.txt").write_text(TEXT, encoding="utf-8")
    message = (
        "top-level keys must be among ['sources', 'actors', 'agreements', 'sanctions', "
        "'events'] (got {})"
    )
    assert _problems(path) == [
        Problem(None, None, message.format("'actor'"), str(path)),
        Problem(None, None, message.format("'x'"), str(path)),
    ]


def test_the_kind_of_a_top_level_key_is_the_records_type(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    (tmp_path / "note.txt").write_text(TEXT, encoding="utf-8")
    source = SOURCE
    path.write_text(json.dumps({"sources": [source], "actors": [IRAN]}), encoding="utf-8")
    assert [r.type for r in ruiran.load(path)] == ["source", "state"]
    # A type given is kept, not replaced by the key's.
    path.write_text(json.dumps({"sources": [{**source, "type": "state"}]}), encoding="utf-8")
    assert _problems(path)[0].record == "note"


def test_a_single_file_without_records_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("# nothing\n", encoding="utf-8")
    assert _problems(path) == [Problem(None, None, "the file holds no records", str(path))]


# -- source texts -----------------------------------------------------------------------------


@pytest.mark.parametrize("text_file", ["../note.txt", "a\\b.txt", "/etc/passwd", "C:/x.txt"])
def test_a_text_file_that_is_not_a_portable_path_is_named(tmp_path: Path, text_file: str) -> None:
    folder = _folder(tmp_path, sources_yaml=json.dumps([{**SOURCE, "text_file": text_file}]))
    assert _problems(folder) == [
        Problem(
            "note",
            "text_file",
            "must be a relative path inside the dataset folder, with forward slashes and no "
            f"'..', drive letter or backslash (got {text_file!r})",
            f"{folder}/sources.yaml:1",
        )
    ]


def test_a_missing_source_text_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[{**SOURCE, "text_file": "texts/gone.txt"}])
    assert _problems(folder) == [
        Problem(
            "note",
            "text_file",
            "cannot read the source text 'texts/gone.txt': no such file",
            f"{folder}/sources.json",
        )
    ]


def test_a_source_text_in_a_symlink_loop_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[{**SOURCE, "text_file": "loop.txt"}])
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    [problem] = _problems(folder)
    assert problem.message.startswith(
        "cannot read the source text 'loop.txt': it cannot be resolved ("
    )


def test_a_source_text_up_to_the_limit_is_read_and_one_byte_more_is_a_problem(
    tmp_path: Path,
) -> None:
    limit = 2**20
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN])
    (folder / "note.txt").write_text("Iran" + " " * (limit - 4), encoding="utf-8")
    limits = Limits(source_text_bytes=limit)
    assert len(ruiran.load(folder, limits=limits).source_texts["note"]) == limit
    (folder / "note.txt").write_text("Iran" + " " * (limit - 3), encoding="utf-8")
    assert _problems(folder, limits=limits) == [
        Problem(
            "note",
            "text_file",
            "the source text 'note.txt' is larger than 1 MiB (Limits.source_text_bytes)",
            f"{folder}/sources.json",
        )
    ]


def test_a_source_text_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN])
    (folder / "note.txt").write_bytes(b"Iran \xff")
    assert _problems(folder) == [
        Problem(
            "note",
            "text_file",
            "the source text 'note.txt' is not UTF-8: 'utf-8' codec can't decode byte 0xff in "
            "position 5: invalid start byte",
            f"{folder}/sources.json",
        )
    ]


@pytest.mark.parametrize(
    ("mode", "name"),
    [
        (stat.S_IFDIR, "a directory"),
        (stat.S_IFIFO, "a FIFO (named pipe)"),
        (stat.S_IFCHR, "a character device"),
        (stat.S_IFBLK, "a block device"),
        (stat.S_IFSOCK, "a socket"),
        (stat.S_IFLNK, "not a regular file"),
    ],
)
def test_each_kind_of_file_is_named(mode: int, name: str) -> None:
    assert boundary._file_type(mode | 0o644) == name


# -- reading bounded --------------------------------------------------------------------------


def test_a_read_is_bounded() -> None:
    assert reader._read_bounded(io.BytesIO(b"12345"), 5) == b"12345"
    assert reader._read_bounded(io.BytesIO(b"123456"), 5) is None
    assert reader._read_bounded(io.BytesIO(b""), 5) == b""


def test_lines_split_on_newline_only_and_an_over_long_one_comes_cut() -> None:
    text = "ab\ncd\u2028e\r\n" + "x" * 12 + "\nlast"
    assert list(reader._lines(io.StringIO(text, newline="\n"), 5)) == [
        "ab\n",
        "cd\u2028e\r\n",
        "xxxxxx",  # cut to 6: longer than 5; the rest skipped
        "last",
    ]
    # A line of exactly the limit, its newline aside, comes whole; at the end without one too.
    lines = reader._lines(io.StringIO("abcde\nabcde", newline="\n"), 5)
    assert list(lines) == ["abcde\n", "abcde"]


def test_an_over_long_line_is_skipped_whole_in_several_pieces() -> None:
    text = "y" * 23 + "\nnext\n"
    assert list(reader._lines(io.StringIO(text, newline="\n"), 4)) == ["yyyyy", "next\n"]


@pytest.mark.parametrize(
    ("name", "suffix", "stem"),
    [
        ("events.yaml", ".yaml", "events"),
        ("Events.YML", ".yml", "events"),
        ("a.b.JSON", ".json", "a.b"),
        ("x.jsonl", ".jsonl", "x"),
        ("notes.txt", None, "notes"),
        ("README", None, "readme"),
    ],
)
def test_data_suffixes_and_stems(name: str, suffix: str | None, stem: str) -> None:
    assert reader._data_suffix(name) == suffix
    assert reader._stem(name) == stem


# -- records ----------------------------------------------------------------------------------


def test_a_record_that_is_not_a_mapping_or_has_no_type_is_named() -> None:
    with pytest.raises(DatasetError) as caught:
        from_dicts([[1], {"id": "x", "type": "evnt"}, {"id": "y", "type": 3}, {"id": "z"}])  # type: ignore[list-item]
    types = list(ruiran.model.RECORD_TYPES)
    assert list(caught.value.problems) == [
        Problem(None, None, "a record must be a mapping (got list)", "<dicts>"),
        Problem(
            "x",
            "type",
            f"'type' must be one of {types!r} (got 'evnt'); did you mean 'event'?",
            "<dicts>",
        ),
        Problem("y", "type", f"'type' must be one of {types!r} (got 3)", "<dicts>"),
        Problem("z", "type", f"'type' must be one of {types!r} (got None)", "<dicts>"),
    ]


def test_references_to_records_that_failed_are_not_also_dangling() -> None:
    broken_source = {**SOURCE, "type": "source", "kind": "nonsense"}
    with pytest.raises(DatasetError) as caught:
        from_dicts([broken_source, IRAN, {**RUSSIA, "nationality": "nowhere"}])
    assert [(p.record, p.field) for p in caught.value.problems] == [
        ("note", "kind"),
        ("russia", "nationality"),
    ]


def test_loads_reads_each_format_and_labels_it() -> None:
    source = {**SOURCE, "type": "source", "text_file": None}
    state = {**IRAN, "citations": [{"source": "note", "quote": "I"}]}
    for format, text in (
        ("json", json.dumps([source, state])),
        ("yaml", json.dumps([source, state])),
        ("jsonl", json.dumps(source) + "\n" + json.dumps(state) + "\n"),
    ):
        assert [r.id for r in loads(text, format=format)] == ["note", "iran"]
        assert [r.id for r in loads(text.encode(), format=format)] == ["note", "iran"]
    with pytest.raises(DatasetError) as caught:
        loads(json.dumps([source, {**state, "id": "Iran!"}]), format="json")
    assert [p.file for p in caught.value.problems] == ["<json string>"]


def test_read_records_reads_one_file_without_cross_record_checks(tmp_path: Path) -> None:
    path = tmp_path / "actors.json"
    dangling = {**IRAN, "citations": [{"source": "nowhere", "quote": "Iran"}]}
    path.write_text(json.dumps([dangling]), encoding="utf-8")
    assert [r.id for r in read_records(path)] == ["iran"]
    path.write_text(json.dumps([{**IRAN, "id": "Iran!"}]), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_records(path)
    assert [(p.record, p.field, p.file) for p in caught.value.problems] == [
        ("Iran!", "id", str(path))
    ]


def test_a_record_repeating_the_base_is_kept_once_and_a_conflict_names_both(
    tmp_path: Path,
) -> None:
    base = from_dicts([{**SOURCE, "type": "source", "text_file": None}, IRAN])
    folder = _folder(tmp_path, actors_json=[IRAN, RUSSIA])
    (folder / "note.txt").unlink()
    assert [r.id for r in ruiran.load(folder, base=base)] == ["note", "iran", "russia"]
    (folder / "actors.json").write_text(json.dumps([{**IRAN, "name": "Persia"}]))
    [problem] = _problems(folder, base=base)
    assert problem == Problem(
        "iran",
        None,
        "conflicting records under one id (the base dataset's and this one): they differ in "
        "'name' ('Iran' and 'Persia')",
        f"{folder}/actors.json",
    )


def test_an_unread_entry_after_a_used_one_is_still_warned_about(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[{**SOURCE, "text_file": "a-texts/note.txt"}])
    (folder / "a-texts").mkdir()
    (folder / "note.txt").rename(folder / "a-texts" / "note.txt")
    (folder / "actors.json").write_text(json.dumps([IRAN]), encoding="utf-8")
    (folder / "z.txt").write_text("notes", encoding="utf-8")
    with pytest.warns(DatasetWarning) as caught:
        ruiran.load(folder)
    assert [str(w.message).split(":")[0] for w in caught] == [f"{folder}/z.txt"]


# -- what an id looks like --------------------------------------------------------------------

ID_RULE = "lower-case letters, digits, '.' and '-', starting and ending with a letter or digit"


def _record_problems(*records: dict[str, Any]) -> list[tuple[str | None, str | None, str]]:
    source = {**SOURCE, "type": "source", "text_file": None}
    with pytest.raises(DatasetError) as caught:
        from_dicts([source, *records])
    return [(p.record, p.field, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("_Iran Republic!", "iran-republic"), (".Iran-", "iran"), ("IRAN.2", "iran.2")],
)
def test_a_records_own_id_that_is_not_one_suggests_the_nearest(written: str, meant: str) -> None:
    assert _record_problems({**IRAN, "id": written}) == [
        (written, "id", f"'id' must be an id: {ID_RULE} (got {written!r}); did you mean {meant!r}?")
    ]


def test_an_id_with_nothing_to_keep_suggests_nothing() -> None:
    assert _record_problems({**IRAN, "id": "!!!"}) == [
        ("!!!", "id", f"'id' must be an id: {ID_RULE} (got '!!!')")
    ]


def test_a_reference_that_is_not_an_id_is_named_and_resolved_by_name() -> None:
    event = {
        "type": "event",
        "id": "e",
        "kind": "consult",
        "title": "A call",
        "date": "2025",
        "participants": [
            {"actor": "Iran Republic", "role": "initiator"},
            {"actor": "Russia", "role": "target"},
        ],
        "citations": [{"source": "note", "quote": "q"}],
    }
    assert _record_problems(IRAN, RUSSIA, event) == [
        (
            "e",
            "participants.0.actor",
            f"'actor' must be the id of a record: {ID_RULE} (got 'Iran Republic')",
        ),
        (
            "e",
            "participants.1.actor",
            f"'actor' must be the id of a record: {ID_RULE} (got 'Russia'); did you mean 'russia'?",
        ),
    ]


def test_a_pattern_other_than_the_ids_keeps_its_own_message() -> None:
    assert _record_problems({**IRAN, "wikidata": "X12"}) == [
        ("iran", "wikidata", "String should match pattern '^Q[1-9][0-9]*$' (got 'X12')")
    ]


# -- a single file, a base, a progress bar ----------------------------------------------------


def test_a_single_files_source_text_must_stay_beside_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(TEXT, encoding="utf-8")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "note.txt").symlink_to(outside)
    path = folder / "data.json"
    path.write_text(json.dumps([{**SOURCE, "type": "source"}, IRAN]), encoding="utf-8")
    assert _problems(path) == [
        Problem(
            "note",
            "text_file",
            f"cannot read the source text 'note.txt': it resolves to {str(outside)!r}, outside "
            f"the dataset folder {str(folder)!r}; only files inside the folder are read",
            str(path),
        )
    ]


def test_a_single_file_with_a_broken_line_skips_the_cross_record_checks(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps({**SOURCE, "type": "source", "text_file": None}) + "\n{\n")
    assert _problems(path)[-1] == Problem(None, None, SKIPPED.format("1 file"), str(path))


def test_a_different_text_for_a_source_of_the_base_is_named(tmp_path: Path) -> None:
    base = from_dicts([{**SOURCE, "type": "source"}, IRAN], source_texts={"note": TEXT})
    folder = _folder(tmp_path, sources_json=[SOURCE])
    (folder / "note.txt").write_text("Iran, but another text", encoding="utf-8")
    assert _problems(folder, base=base) == [
        Problem(
            "note",
            "text_file",
            "the base dataset holds another text for it",
            f"{folder}/sources.json",
        )
    ]
    (folder / "note.txt").write_text(TEXT, encoding="utf-8")  # the same text: fine
    assert [r.id for r in ruiran.load(folder, base=base)] == ["note", "iran"]


def test_the_progress_bar_names_what_it_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps({**SOURCE, "type": "source", "text_file": None}) + "\n")
    ruiran.load(path, progress=True)
    assert f"reading {path}: 1 records [" in capsys.readouterr().err


def test_without_tqdm_the_progress_bar_names_its_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps({**SOURCE, "type": "source", "text_file": None}) + "\n")
    with pytest.raises(ruiran.MissingExtraError) as caught:
        ruiran.load(path, progress=True)
    assert str(caught.value) == (
        "this feature needs tqdm, which is not installed; install it with: "
        "pip install 'ruiran[progress]'"
    )


# -- JSON Lines in chunks ---------------------------------------------------------------------


def _event(number: int) -> dict[str, Any]:
    """An event without its type: the file's name (events.jsonl) gives it."""
    return {
        "id": f"e{number}",
        "kind": "consult",
        "title": f"Call {number}",
        "date": "2025",
        "participants": [{"actor": "iran", "role": "initiator"}],
        "citations": [{"source": "note", "quote": "Iran"}],
    }


@pytest.mark.parametrize("chunk", [2, 3, 20_000])
def test_json_lines_in_chunks_take_their_type_from_the_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], chunk: int
) -> None:
    monkeypatch.setattr(reader, "_CHUNK", chunk)
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN])
    lines = [json.dumps(_event(i)) for i in range(5)]
    (folder / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = ruiran.load(folder, progress=True)
    assert [r.id for r in found.events] == ["e0", "e1", "e2", "e3", "e4"]
    assert f"reading {folder}/events.jsonl: 5 records [" in capsys.readouterr().err


@pytest.mark.parametrize("chunk", [2, 20_000])
def test_a_broken_line_before_a_chunk_ends_still_skips_the_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(reader, "_CHUNK", chunk)
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN])
    lines = ["{", *(json.dumps(_event(i)) for i in range(4))]
    (folder / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _problems(folder)
    assert [p.file for p in problems] == [f"{folder}/events.jsonl:1", str(folder)]
    assert problems[-1].message == SKIPPED.format("1 file")


def test_a_broken_json_lines_file_after_another_broken_file_counts_as_a_second(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN], events_yaml="- [")
    (folder / "more.jsonl").write_text(json.dumps(RUSSIA) + "\n{\n", encoding="utf-8")
    assert _problems(folder)[-1] == Problem(None, None, SKIPPED.format("2 files"), str(folder))


# -- vocabularies -----------------------------------------------------------------------------


def test_a_vocabulary_value_that_is_not_a_string_gets_the_list_and_no_hint() -> None:
    kinds = [kind.value for kind in ruiran.model.OrganizationKind]
    organization = {
        "type": "organization",
        "id": "org",
        "name": "An office",
        "kind": 3,
        "citations": [{"source": "note", "quote": "q"}],
    }
    assert _record_problems(organization) == [
        ("org", "kind", f"'kind' must be one of {kinds!r} (got 3)")
    ]


def test_a_long_vocabulary_is_cut_to_fit_the_message_and_the_value_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kinds = repr([kind.value for kind in ruiran.model.EventKind])
    # Today's vocabularies fit whole; a message budget smaller than EventKind's list stands in
    # for a longer vocabulary.
    monkeypatch.setattr(messages, "_MESSAGE_CHARS", len(kinds) - 100)
    written = "x" * 100
    event = {**_event(0), "type": "event", "kind": written}
    [(_, field, message)] = _record_problems(IRAN, event)
    tail = " (got '" + "x" * 37 + "..." + "x" * 38 + "')"
    head = "'kind' must be one of "
    assert field == "kind"
    assert message.startswith(head + kinds[:100])
    assert message.endswith(f"… ({len(kinds)} chars){tail}")
    assert len(message) == messages._MESSAGE_CHARS


# -- a zipped package -------------------------------------------------------------------------


def test_a_bundled_folder_inside_a_zip_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ruiran import io as rio
    from ruiran.read import snapshot

    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("data/sources.json", json.dumps([SOURCE]))
        zipped.writestr("data/actors.json", json.dumps([IRAN]))
        zipped.writestr("data/note.txt", TEXT)
        zipped.writestr("data/README", "about the data")
    monkeypatch.setattr(rio, "_bundled", None)
    monkeypatch.setattr(snapshot, "read", lambda: None)
    monkeypatch.setattr(rio, "bundled_path", lambda: zipfile.Path(archive, "data/"))
    with pytest.warns(DatasetWarning) as caught:
        found = ruiran.load()
    assert [r.id for r in found] == ["note", "iran"]
    assert found.source_texts == {"note": TEXT}
    assert [str(w.message).split(":")[0] for w in caught] == ["ruiran/data/README"]


# -- unknown and missing fields ---------------------------------------------------------------


def test_suggestions_are_worked_out_for_twenty_unknown_fields_of_a_record() -> None:
    citations = [{"source": "note", "quotee": "q"}] * 21
    problems = _record_problems({**IRAN, "citations": citations})
    suggested = [
        ("iran", f"citations.{i}.quotee", "unknown field 'quotee'; did you mean 'quote'?")
        for i in range(20)
    ]
    assert problems == [
        *suggested,
        ("iran", "citations.20.quote", "required field 'quote' is missing"),
        (
            "iran",
            "citations.20.quotee",
            "unknown field 'quotee': the fields of Citation are ['derived_from', 'note', "
            "'quote', 'source', 'supports']",
        ),
    ]


def test_a_misspelling_close_to_two_missing_fields_stands_for_one() -> None:
    event = {**_event(0), "type": "event", "kid": "e0"}
    del event["id"], event["kind"]
    assert _record_problems(IRAN, event) == [
        (None, "id", "required field 'id' is missing"),
        (None, "kid", "unknown field 'kid'; did you mean 'kind'?"),
    ]


def test_a_long_unknown_field_is_cut_and_the_fields_are_listed_whole() -> None:
    name = "z" * 100
    fields = sorted(ruiran.model.State.model_fields)
    assert _record_problems({**IRAN, name: 1}) == [
        ("iran", name, f"unknown field {clip(repr(name), 80)}: the fields of State are {fields!r}")
    ]


def test_a_list_where_a_string_belongs_is_a_type_problem() -> None:
    assert _record_problems({**IRAN, "name": ["a", "b"]}) == [
        ("iran", "name", "Input should be a valid string (got ['a', 'b'])")
    ]


def test_errors_after_a_list_emptied_by_its_items_are_all_named() -> None:
    state = {**IRAN, "citations": [{"source": "note", "quote": " "}], "name": "", "aliases": [3]}
    assert _record_problems(state) == [
        (
            "iran",
            "citations.0.quote",
            "'quote' must contain at least one letter or digit (got ' ')",
        ),
        ("iran", "name", "String should have at least 1 character (got '')"),
        ("iran", "aliases.0", "Input should be a valid string (got 3)"),
    ]


def test_a_list_too_short_is_named_with_its_least_length() -> None:
    agreement = {
        "type": "agreement",
        "id": "a",
        "title": "A treaty",
        "kind": "treaty",
        "parties": ["Russia Federation!"],
        "citations": [{"source": "note", "quote": "q"}],
    }
    assert _record_problems(agreement)[1:] == [
        ("a", "parties", "'parties' must have at least 2 items (got 1: ['Russia Federation!'])")
    ]
    event = {**_event(0), "type": "event", "participants": []}
    assert _record_problems(event) == [
        ("e0", "participants", "'participants' must have at least 1 item (got 0: [])")
    ]


def test_an_id_that_is_not_a_string_names_no_record() -> None:
    assert _record_problems({**IRAN, "id": 5}) == [
        (None, "id", "Input should be a valid string (got 5)")
    ]


def test_values_in_messages_are_shown_short() -> None:
    assert messages._short("x" * 100) == "'" + "x" * 37 + "..." + "x" * 38 + "'"
    assert messages._short([[[[1]]]]) == "[[[[...]]]]"
    assert messages._short(list(range(10))) == "[0, 1, 2, 3, 4, 5, ...]"
    six = messages._short(["y" * 80] * 6)
    assert len(six) == 80
    assert six.endswith("… (492 chars)")


def test_a_bounded_read_asks_for_one_byte_past_the_limit() -> None:
    asked: list[int | None] = []

    class Handle:
        def read(self, size: int | None = None) -> bytes:
            asked.append(size)
            return b"x" * (1000 if size is None else min(size, 1000))

    assert reader._read_bounded(Handle(), 5) is None  # type: ignore[arg-type]
    assert asked == [6]


def test_every_sources_text_is_read_whatever_comes_before_it(tmp_path: Path) -> None:
    sources = [
        {**SOURCE, "id": "plain", "text_file": None},
        {**SOURCE, "id": "bad", "text_file": "../x.txt"},
        SOURCE,
    ]
    folder = _folder(tmp_path, sources_json=sources)
    (folder / "actors.json").write_text(
        json.dumps([{**IRAN, "citations": [{"source": "note", "quote": "Tehran"}]}]),
        encoding="utf-8",
    )
    assert [(p.record, p.field) for p in _problems(folder)] == [
        ("bad", "text_file"),
        ("iran", "citations.0.quote"),
    ]


def test_a_source_text_that_cannot_be_opened_says_why_in_words(tmp_path: Path) -> None:
    name = "n" * 300 + ".txt"  # longer than a file name may be
    folder = _folder(tmp_path, sources_json=[{**SOURCE, "text_file": name}])
    assert [p.message for p in _problems(folder)] == [
        f"cannot read the source text {name!r}: File name too long"
    ]


def test_json_lines_are_split_on_newlines_only(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    source = json.dumps({**SOURCE, "type": "source", "text_file": None})
    path.write_bytes(f"{source}\r{source}\n".encode())
    assert [p.message for p in _problems(path)] == [
        "line 1: not valid JSON: Extra data (two records on one line? each line holds exactly one)"
    ]


# -- where a problem is ------------------------------------------------------------------------


def test_an_unknown_top_level_key_of_yaml_names_the_file_in_a_folder_with_a_colon(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "a:b"
    folder.mkdir()
    (folder / "note.txt").write_text(TEXT, encoding="utf-8")
    path = folder / "data.yaml"
    key = "k" * 100
    path.write_text(
        f"sources:\n- {json.dumps(SOURCE)}\n{key}:\n- {json.dumps(IRAN)}\n", encoding="utf-8"
    )
    assert _problems(path) == [
        Problem(
            None,
            None,
            "top-level keys must be among ['sources', 'actors', 'agreements', 'sanctions', "
            f"'events'] (got {clip(repr(key), 80)})",
            str(path),
        )
    ]


def test_a_record_held_three_times_is_one_problem_naming_each_place(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN, IRAN, IRAN])
    dangling = {**RUSSIA, "citations": [{"source": "nowhere", "quote": "Russia"}]}
    (folder / "more.json").write_text(json.dumps([dangling]), encoding="utf-8")
    places = " and ".join([f"{folder}/actors.json"] * 3)
    assert _problems(folder) == [
        Problem("iran", "id", "duplicate id: 'iran' is used by more than one record", places),
        Problem(
            "russia",
            "citations.0.source",
            "'nowhere' does not name any record in the dataset",
            f"{folder}/more.json",
        ),
    ]


def test_a_duplicated_records_other_problems_are_named_too(tmp_path: Path) -> None:
    dangling = {**IRAN, "citations": [{"source": "nowhere", "quote": "Iran"}]}
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN, dangling])
    assert [(p.record, p.field) for p in _problems(folder)] == [
        ("iran", "id"),
        ("iran", "citations.0.source"),
    ]


def test_an_invalid_copy_of_a_kept_record_is_named_where_it_is(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN])
    (folder / "more.json").write_text(json.dumps([{**IRAN, "name": 3}]), encoding="utf-8")
    assert _problems(folder) == [
        Problem("iran", "name", "Input should be a valid string (got 3)", f"{folder}/more.json")
    ]


def test_two_files_that_do_not_parse_are_counted_as_two(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, sources_json=[SOURCE], actors_json=[IRAN], events_yaml="- [", more_yaml="- ["
    )
    assert _problems(folder)[-1] == Problem(None, None, SKIPPED.format("2 files"), str(folder))


def test_the_limits_given_bound_the_aliases_of_a_folders_yaml(tmp_path: Path) -> None:
    folder = _folder(tmp_path, sources_json=[SOURCE], actors_json=[IRAN])
    (folder / "events.yaml").write_text("- &a [1, 2]\n- *a\n- *a\n", encoding="utf-8")
    problems = _problems(folder, limits=Limits(alias_values=5))
    assert problems[0] == Problem(
        None,
        None,
        "aliases expand the document by 6 values, more than the limit of 5 "
        "(Limits.alias_values): write the values out",
        f"{folder}/events.yaml",
    )
