"""Regression tests for issue 9's loader holes: nothing lost, nothing read from outside.

One test (or a few) per hole found by the hostile-input review, written from its description:
duplicate keys, JSON Lines framing, the folder boundary, bounded resources, YAML 1.2 rules,
errors that point, and entries that are not read.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ruiran
from ruiran import DatasetError, DatasetWarning
from ruiran import io as rio
from ruiran.read import documents

TEXT = "Russia and Iran signed a treaty.\r\nA second line."
SOURCE = {"id": "note", "title": "A note", "kind": "other", "text_file": "note.txt"}
IRAN = {
    "type": "state",
    "id": "iran",
    "name": "Iran",
    "citations": [{"source": "note", "quote": "Iran"}],
}
MARKER = "outside-marker"


def _dataset(folder: Path, **files: str) -> Path:
    """A valid little dataset (a source with its text and a state), plus ``files``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "note.txt").write_bytes(TEXT.encode("utf-8"))
    (folder / "sources.json").write_text(json.dumps([SOURCE]), encoding="utf-8")
    (folder / "actors.json").write_text(json.dumps([IRAN]), encoding="utf-8")
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def _problems(path: Path | str, **kwargs: object) -> list[str]:
    with pytest.raises(DatasetError) as info:
        ruiran.load(path, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def _one(problems: list[str], needle: str) -> str:
    found = [p for p in problems if needle in p]
    assert found, f"no problem mentions {needle!r}: {problems}"
    return found[0]


# -- 1. no silent loss -------------------------------------------------------------------------


def test_a_second_events_key_in_yaml_is_a_problem_with_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(
        "sources: []\nevents: []\nactors: []\nevents: []\n",
        encoding="utf-8",
    )
    problem = _one(_problems(path), "appears twice")
    assert "'events'" in problem
    assert f"{path}:4" in problem  # the line of the second key


def test_a_duplicate_field_in_a_yaml_record_is_a_problem(tmp_path: Path) -> None:
    _dataset(tmp_path)
    (tmp_path / "actors.json").unlink()
    (tmp_path / "actors.yaml").write_text(
        "- type: state\n  id: iran\n  name: Iran\n  name: Persia\n"
        "  citations: [{source: note, quote: Iran}]\n",
        encoding="utf-8",
    )
    problem = _one(_problems(tmp_path), "appears twice")
    assert "'name'" in problem
    assert "actors.yaml:4" in problem


def test_a_duplicate_field_in_json_is_a_problem_with_its_line(tmp_path: Path) -> None:
    _dataset(tmp_path)
    (tmp_path / "actors.json").write_text(
        '[\n {"type": "state", "id": "iran",\n  "name": "Iran",\n  "name": "Persia",\n'
        '  "citations": [{"source": "note", "quote": "Iran"}]}\n]\n',
        encoding="utf-8",
    )
    problem = _one(_problems(tmp_path), "appears twice")
    assert "'name'" in problem
    assert "actors.json:4" in problem


def test_nested_objects_keep_their_own_keys_in_json(tmp_path: Path) -> None:
    # The same key in two different objects is no duplicate.
    _dataset(tmp_path)
    assert len(ruiran.load(tmp_path)) == 2


def test_a_duplicate_field_in_json_lines_names_line_and_key(tmp_path: Path) -> None:
    _dataset(tmp_path)
    (tmp_path / "actors.json").unlink()
    good = json.dumps(IRAN)
    bad = good[:-1] + ', "name": "Persia"}'
    (tmp_path / "actors.jsonl").write_text(f"{good}\n{bad}\n", encoding="utf-8")
    problem = _one(_problems(tmp_path), "appears twice")
    assert "actors.jsonl:2" in problem
    assert "'name'" in problem


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085", "\x1c", "\r"])
def test_json_lines_values_keep_every_character(tmp_path: Path, char: str) -> None:
    _dataset(tmp_path)
    (tmp_path / "actors.json").unlink()
    # ensure_ascii=False writes the character raw inside the string (\r is escaped by JSON).
    record = {**IRAN, "aliases": [f"a{char}b"]}
    line = json.dumps(record, ensure_ascii=False)
    (tmp_path / "actors.jsonl").write_text(line + "\n", encoding="utf-8", newline="")
    assert ruiran.load(tmp_path)["iran"].aliases == (f"a{char}b",)  # type: ignore[union-attr]
    ds = rio.loads(
        json.dumps({**SOURCE, "type": "source", "text_file": None}) + "\n" + line,
        format="jsonl",
    )
    assert ds["iran"].aliases == (f"a{char}b",)  # type: ignore[union-attr]


def test_a_record_over_two_lines_is_a_problem_with_its_line(tmp_path: Path) -> None:
    _dataset(tmp_path)
    (tmp_path / "actors.json").unlink()
    text = json.dumps(IRAN, indent=1)  # one record over many lines
    (tmp_path / "actors.jsonl").write_text(text + "\n", encoding="utf-8")
    problem = _one(_problems(tmp_path), "actors.jsonl:1")
    assert "not valid JSON" in problem
    assert "split over lines" in problem


def test_two_records_on_one_line_are_a_problem(tmp_path: Path) -> None:
    _dataset(tmp_path)
    (tmp_path / "actors.json").unlink()
    other = {**IRAN, "id": "persia"}
    (tmp_path / "actors.jsonl").write_text(
        json.dumps(IRAN) + json.dumps(other) + "\n", encoding="utf-8"
    )
    problem = _one(_problems(tmp_path), "two records on one line")
    assert "actors.jsonl:1" in problem
    (tmp_path / "actors.jsonl").write_text(
        json.dumps(IRAN) + ", " + json.dumps(other) + "\n", encoding="utf-8"
    )
    _one(_problems(tmp_path), "actors.jsonl:1")


def test_a_line_holding_a_list_is_a_problem(tmp_path: Path) -> None:
    _dataset(tmp_path)
    (tmp_path / "actors.json").unlink()
    (tmp_path / "actors.jsonl").write_text(json.dumps([IRAN]) + "\n", encoding="utf-8")
    _one(_problems(tmp_path), "a line must hold one record")


def test_empty_file_folder_and_path_are_reported(tmp_path: Path) -> None:
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    _one(_problems(empty_folder), "holds no records")
    for name in ("events.yaml", "data.json", "data.jsonl"):
        empty_file = tmp_path / name
        empty_file.write_text("", encoding="utf-8")
        _one(_problems(empty_file), "holds no records")
    _one(_problems(""), "the dataset path is empty")
    # An empty file beside others is a warning: the dataset itself is fine.
    folder = _dataset(tmp_path / "full", **{"events.yaml": ""})
    with pytest.warns(DatasetWarning, match="events.yaml: the file holds no records"):
        ruiran.load(folder)


# -- 2. the dataset folder is a boundary -------------------------------------------------------


def _outside_file(tmp_path: Path) -> Path:
    outside = tmp_path / "outside.txt"
    outside.write_text(f"{MARKER}: secret text of another user", encoding="utf-8")
    return outside


def test_a_source_text_that_links_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "note.txt").unlink()
    (folder / "note.txt").symlink_to(_outside_file(tmp_path))
    problem = _one(_problems(folder), "outside the dataset folder")
    assert "record 'note'" in problem
    assert "text_file" in problem
    assert MARKER not in problem


def test_a_source_text_in_a_linked_subfolder_is_not_read(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    _outside_file(tmp_path)
    (folder / "texts").symlink_to(tmp_path)
    source = {**SOURCE, "text_file": "texts/outside.txt"}
    (folder / "sources.json").write_text(json.dumps([source]), encoding="utf-8")
    _one(_problems(folder), "outside the dataset folder")


def test_a_link_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "texts").mkdir()
    (folder / "note.txt").rename(folder / "texts" / "real.txt")
    (folder / "note.txt").symlink_to(folder / "texts" / "real.txt")
    assert ruiran.load(folder).source_texts["note"] == TEXT


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_source_text_linked_to_a_device_is_refused(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist on this system")  # pragma: no cover
    folder = _dataset(tmp_path / "data")
    (folder / "note.txt").unlink()
    (folder / "note.txt").symlink_to(device)
    _one(_problems(folder), "outside the dataset folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_in_place_of_files_are_refused_without_hanging(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "note.txt").unlink()
    os.mkfifo(folder / "note.txt")
    _one(_problems(folder), "a FIFO (named pipe), not a regular file")
    os.mkfifo(folder / "events.yaml")
    problems = _problems(folder)
    _one(problems, "data file 'events.yaml': it is a FIFO")


def test_data_files_that_link_out_or_dangle_are_problems(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(f"- {{type: source, id: {MARKER}, title: T, kind: other}}\n")
    folder = _dataset(tmp_path / "data")
    (folder / "events.yaml").symlink_to(outside)
    _one(_problems(folder), "outside the dataset folder")
    (folder / "events.yaml").unlink()
    (folder / "events.yaml").symlink_to(folder / "missing.yaml")
    _one(_problems(folder), "dangling symbolic link")


def test_a_directory_named_like_a_data_file_is_a_problem(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "events.yaml").mkdir()
    _one(_problems(folder), "data file 'events.yaml': it is a directory")


def test_upper_case_suffixes_are_read(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "actors.json").rename(folder / "ACTORS.JSON")
    assert ruiran.load(folder).get("iran") is not None


def test_entries_that_are_not_read_are_warned_about(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data", **{"README.md": "notes"})
    (folder / "drafts").mkdir()
    (folder / "drafts" / "events.yaml").write_text("[]", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("- nonsense", encoding="utf-8")  # ignored, like a glob
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = ruiran.load(folder)
    messages = sorted(str(w.message) for w in caught if issubclass(w.category, DatasetWarning))
    assert len(messages) == 2, messages
    assert "README.md: file not read" in messages[0]
    assert "drafts: subfolder not read" in messages[1]
    assert len(ds) == 2


def test_a_subfolder_of_source_texts_is_not_warned_about(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "texts").mkdir()
    (folder / "note.txt").rename(folder / "texts" / "note.txt")
    source = {**SOURCE, "text_file": "texts/note.txt"}
    (folder / "sources.json").write_text(json.dumps([source]), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ruiran.load(folder).source_texts["note"] == TEXT


@pytest.mark.parametrize(
    "text_file",
    ["..\\note.txt", "texts\\note.txt", "C:/note.txt", "c:note.txt", "/etc/passwd", "a//b.txt"],
)
def test_text_file_paths_follow_one_portable_rule(tmp_path: Path, text_file: str) -> None:
    folder = _dataset(tmp_path / "data")
    source = {**SOURCE, "text_file": text_file}
    (folder / "sources.json").write_text(json.dumps([source]), encoding="utf-8")
    problem = _one(_problems(folder), "forward slashes")
    assert "record 'note', field 'text_file'" in problem


def test_source_texts_keep_their_bytes(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    assert ruiran.load(folder).source_texts["note"] == TEXT  # CRLF kept


# -- 3. bounded resources ----------------------------------------------------------------------

BOMB = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    + "events: [*i]\n"
)


def test_an_alias_bomb_is_refused_quickly_with_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 700
    started = time.perf_counter()
    problems = _problems(path)
    elapsed = time.perf_counter() - started
    assert elapsed < 30, "refusing an alias bomb must not expand it"  # generous: no benchmark
    problem = _one(problems, "aliases expand the document by")
    assert len(problem) < 400


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("- &a [*a]\n", encoding="utf-8")
    _one(_problems(path), "recursive")


def test_a_huge_id_gives_a_short_message(tmp_path: Path) -> None:
    huge = "x" * 5_000_000
    path = tmp_path / "events.json"
    path.write_text(json.dumps([{"id": huge, "kind": "nonsense"}]), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        ruiran.load(path)
    assert len(str(info.value)) < 5_000


def test_size_limits_are_problems(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    _one(_problems(folder, limits=rio.Limits(source_text_bytes=10)), "Limits.source_text_bytes")
    _one(_problems(folder, limits=rio.Limits(document_bytes=10)), "Limits.document_bytes")
    (folder / "actors.json").unlink()
    (folder / "actors.jsonl").write_text(json.dumps(IRAN) + "\n", encoding="utf-8")
    problem = _one(_problems(folder, limits=rio.Limits(record_bytes=40)), "Limits.record_bytes")
    assert "actors.jsonl:1" in problem


# -- 5. YAML 1.2 -------------------------------------------------------------------------------


def test_yaml_is_read_with_yaml_1_2_rules() -> None:
    problems: list[ruiran.Problem] = []
    text = "- [6:05, 010, no, on, yes, 2025-02-30, 2025-01-17, 0o17, 0x1F, 1_000, 1.5, ~, True]"
    [(_, _, values)] = documents.yaml_records(text, "x.yaml", problems)
    assert values == [
        *("6:05", 10, "no", "on", "yes", "2025-02-30", "2025-01-17"),
        *(15, 31, "1_000", 1.5, None, True),
    ]
    assert problems == []


def test_sexagesimal_is_not_a_number(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "- {type: state, id: s, name: S, cow_code: 6:05, citations: [{source: n, quote: N}]}\n"
        "- {type: source, id: n, title: N, kind: other}\n",
        encoding="utf-8",
    )
    problem = _one(_problems(path), "cow_code")
    assert "6:05" in problem


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("- &base {id: a, kind: consult}\n- {<<: *base, id: b}\n", encoding="utf-8")
    # '<<' is a plain key in YAML 1.2: the record has an unknown field.
    assert any("<<" in p for p in _problems(path))
    path.write_text("- &base {id: a}\n- {!!merge <<: *base}\n", encoding="utf-8")
    _one(_problems(path), "merge keys")


# -- 6. errors that point ----------------------------------------------------------------------


def test_an_impossible_unquoted_date_names_record_field_and_line(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "events.yaml").write_text(
        "- id: e1\n  kind: consult\n  title: A call\n  date: 2025-02-30\n"
        "  participants: [{actor: iran, role: initiator}]\n"
        "  citations: [{source: note, quote: Iran}]\n"
        "- id: e2\n  kind: nonsense\n  title: Other\n"
        "  citations: [{source: note, quote: Iran}]\n",
        encoding="utf-8",
    )
    problems = _problems(folder)
    date = _one(problems, "field 'date'")
    assert "events.yaml:1" in date
    assert "record 'e1'" in date
    _one(problems, "record 'e2'")  # the file's other problems are not hidden


def test_yaml_syntax_errors_give_file_line_and_column(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "actors.json").unlink()
    (folder / "actors.yaml").write_text(
        "- type: state\n  id: iran\n  name: [unclosed\n", encoding="utf-8"
    )
    (folder / "events.yaml").write_text(
        "- id: e1\n  kind: consult\n  title: A call\n"
        "  participants: [{actor: iran, role: initiator}]\n"
        "  citations: [{source: note, quote: Iran}]\n",
        encoding="utf-8",
    )
    problems = _problems(folder)
    syntax = _one(problems, "not valid YAML")
    assert "actors.yaml:" in syntax
    assert "column" in syntax
    assert "<unicode string>" not in syntax
    # No cascade: 'iran' would have been defined by the broken file.
    assert not [p for p in problems if "does not name any record" in p], problems
    assert len([p for p in problems if "cross-record checks" in p]) == 1


def test_a_duplicate_id_names_every_file(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data")
    (folder / "more.yaml").write_text(
        "- {type: state, id: iran, name: Persia, citations: [{source: note, quote: Iran}]}\n",
        encoding="utf-8",
    )
    problem = _one(_problems(folder), "duplicate id")
    assert "actors.json" in problem
    assert "more.yaml:1" in problem


# -- 8. fuzzing the file system, duplicate keys and aliases ------------------------------------

_NAMES = st.sampled_from(
    [
        "events.yaml",
        "actors.yaml",
        "Events.YAML",
        "notes.md",
        "x y.json",
        "é.jsonl",
        "sub",
        ".hidden.yaml",
        "note.txt",
    ]
)
_SHAPES = st.sampled_from(
    ["empty", "garbage", "records", "dir", "link-out", "link-in", "dangling", "fifo", "loop"]
)


def _make(folder: Path, name: str, shape: str, outside: Path) -> None:
    path = folder / name
    if path.exists() or path.is_symlink():
        return
    if shape == "empty":
        path.write_bytes(b"")
    elif shape == "garbage":
        path.write_bytes(b"{[: \x00\xff - -")
    elif shape == "records":
        path.write_text(json.dumps([{**IRAN, "id": f"state-{len(name)}"}]), encoding="utf-8")
    elif shape == "dir":
        path.mkdir()
    elif shape == "link-out":
        path.symlink_to(outside)
    elif shape == "link-in":
        path.symlink_to(folder / "sources.json")
    elif shape == "dangling":
        path.symlink_to(folder / "nowhere")
    elif shape == "fifo" and hasattr(os, "mkfifo"):
        os.mkfifo(path)
    elif shape == "loop":
        path.symlink_to(path)


@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.tuples(_NAMES, _SHAPES), max_size=5), st.integers(0, 10**6))
def test_fuzz_file_system_shapes(tmp_path: Path, entries: list[tuple[str, str]], salt: int) -> None:
    """Whatever the folder holds, loading returns a Dataset or one DatasetError, never reads
    outside the folder, and never hangs."""
    base = tmp_path / str(salt)
    outside = base / "outside.yaml"
    base.mkdir(exist_ok=True)
    outside.write_text(
        f"- {{type: source, id: {MARKER}, title: T, kind: other}}\n", encoding="utf-8"
    )
    folder = _dataset(base / "data")
    for name, shape in entries:
        _make(folder, name, shape, outside)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DatasetWarning)
        try:
            ds: ruiran.Dataset | None = ruiran.load(folder)
            shown = ""
        except DatasetError as error:
            ds, shown = None, str(error)
        assert ds is not None or "problem" in shown
        assert MARKER not in shown
        assert ds is None or ds.get(MARKER) is None


_KEYS = st.sampled_from(["id", "name", "type", "events", "aliases", "quote"])
_VALUES = st.recursive(
    st.none() | st.integers(-5, 5) | st.sampled_from(["a", "b", "6:05", "no", "010"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=6,
)


def _yaml_mapping(pairs: list[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"{k}: {json.dumps(v)}" for k, v in pairs) + "}"


@settings(max_examples=80)
@given(st.lists(st.tuples(_KEYS, _VALUES), min_size=1, max_size=5), st.data())
def test_fuzz_duplicate_keys_are_always_found(
    pairs: list[tuple[str, object]], data: st.DataObject
) -> None:
    """A mapping with a repeated key never loads, in YAML, JSON or JSON Lines; one without
    repeats never gets a duplicate-key problem."""
    keys = [k for k, _ in pairs]
    repeated = len(set(keys)) != len(keys)
    fmt = data.draw(st.sampled_from(["yaml", "json", "jsonl"]))
    if fmt == "yaml":
        text = _yaml_mapping(pairs)
    else:
        text = "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in pairs) + "}"
    document = text if fmt == "jsonl" else f"[{text}]"
    problems: tuple[ruiran.Problem, ...] = ()
    try:
        rio.loads(document, format=fmt)
    except DatasetError as error:
        problems = error.problems
    duplicate = any("appears twice" in p.message for p in problems)
    assert duplicate == repeated, problems


@settings(max_examples=40)
@given(st.integers(1, 12), st.integers(2, 12))
def test_fuzz_alias_fans_are_bounded(depth: int, fan: int) -> None:
    """Aliases may repeat values, but never beyond Limits.alias_values when expanded."""
    lines = ["a0: &a0 [x]"]
    for level in range(1, depth + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * fan)}]")
    lines.append(f"events: [*a{depth}]")
    # Counted by hand: values as written (each node once) and as expanded (aliases copied).
    sizes = [2]  # a0: the list and "x"
    for _ in range(depth):
        sizes.append(1 + fan * sizes[-1])
    keys = depth + 2
    expanded = 1 + keys + sum(sizes) + (1 + sizes[-1])
    unique = 1 + keys + 2 + depth + 1
    limits = rio.Limits(alias_values=1_000)
    with pytest.raises(DatasetError) as info:  # the items are lists, not records, anyway
        rio.loads("\n".join(lines), format="yaml", limits=limits)
    bomb = any("aliases expand" in p.message for p in info.value.problems)
    assert bomb == (expanded - unique > limits.alias_values), info.value


def test_the_folder_boundary_is_a_module_of_its_own(tmp_path: Path) -> None:
    """Issue 21: the boundary every folder reader goes through (records, coded events) lives
    in ruiran.read.boundary, beneath both readers."""
    from ruiran.read.boundary import open_inside

    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "outside.yaml").write_text("[]", encoding="utf-8")
    (folder / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    handle, trouble = open_inside(folder / "link.yaml", folder.resolve(), "data file 'link.yaml'")
    assert handle is None
    assert trouble is not None
    assert "outside the dataset folder" in trouble
