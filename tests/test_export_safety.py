"""Exports never destroy (issue 9): nothing replaced unless asked, nothing half-written.

One regression test per hole (an existing file or folder, CSV tables replaced, a source text on
the export itself or on a user's file, a failure mid-write, OS errors), and a fuzz test over
export targets: an export either succeeds and loads back equal, or raises a clean error and
leaves the target as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import event, given, settings
from hypothesis import strategies as st

import ruiran
from ruiran import export
from ruiran.cli import cli
from ruiran.dataset.index import all_citations
from ruiran.export import ExportConflictError, ExportError, OutputExistsError
from ruiran.export.files import Output, text_writer, write_files
from ruiran.model import AnyRecord, Citation, Source, SourceKind, State
from ruiran.testing import datasets

NOTE = "Iran and Russia signed a port deal.\r\nA second line,\rand a third\u2028one.\r\n"

#: What every failed export may raise: ruiran's own errors, each also a built-in one.
CLEAN = (OutputExistsError, ExportError, ExportConflictError)

Exporter = Callable[..., object]
FILE_EXPORTS: dict[str, Exporter] = {"out.json": export.to_json, "out.jsonl": export.to_jsonl}


def small(text_file: str = "texts/note.txt", text: str = NOTE) -> ruiran.Dataset:
    """Two records and one source text with CRLF, a lone CR and U+2028."""
    source = Source(id="note", title="A note", kind=SourceKind.OTHER, text_file=text_file)
    iran = State(id="iran", name="Iran", citations=(Citation(source="note", quote="Iran"),))
    return ruiran.Dataset([source, iran], source_texts={"note": text})


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Everything under ``folder``: file bytes, ``<dir>`` for folders, link targets."""
    found: dict[str, bytes | str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            key = str(path.relative_to(folder))
            if path.is_symlink():
                found[key] = f"-> {os.readlink(path)}"
            elif path.is_dir():
                found[key] = "<dir>"
            else:
                found[key] = path.read_bytes()
    return found


def assert_same_dataset(back: ruiran.Dataset, ds: ruiran.Dataset) -> None:
    assert list(back) == list(ds)
    assert dict(back.source_texts) == dict(ds.source_texts)


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text, text
    return text


# -- onto an existing file or folder -------------------------------------------------------------


@pytest.mark.parametrize("name", FILE_EXPORTS)
def test_an_existing_file_is_not_replaced(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_text("my own work", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(OutputExistsError) as caught:
        FILE_EXPORTS[name](small(), target)
    assert isinstance(caught.value, FileExistsError)
    assert isinstance(caught.value, ruiran.RuiranError)
    assert caught.value.filename == str(target)
    message = one_line(caught.value)
    assert repr(str(target)) in message
    assert "overwrite=True" in message
    assert snapshot(tmp_path) == before  # not even the source text was written

    FILE_EXPORTS[name](small(), target, overwrite=True)
    assert_same_dataset(ruiran.load(target), small())


@pytest.mark.parametrize("name", FILE_EXPORTS)
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_folder_is_never_replaced_by_a_file(tmp_path: Path, name: str, overwrite: bool) -> None:
    target = tmp_path / name
    target.mkdir()
    (target / "inside.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(ExportError) as caught:
        FILE_EXPORTS[name](small(), target, overwrite=overwrite)
    assert caught.value.errno == errno.EISDIR
    assert "it is a folder" in one_line(caught.value)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("writer", [export.to_csv, export.to_parquet])
def test_a_non_empty_folder_is_refused(tmp_path: Path, writer: Exporter) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "notes.md").write_text("mine", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(OutputExistsError, match=r"is not empty .*'notes\.md'"):
        writer(small(), folder)
    assert snapshot(tmp_path) == before

    written = writer(small(), folder, overwrite=True)
    assert isinstance(written, dict)
    assert set(written) == set(export.TABLES)
    assert (folder / "notes.md").read_text(encoding="utf-8") == "mine"  # other files stay


@pytest.mark.parametrize("writer", [export.to_csv, export.to_parquet])
def test_an_empty_or_new_folder_is_fine(tmp_path: Path, writer: Exporter) -> None:
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "new" / "nested"):
        written = writer(small(), folder)
        assert isinstance(written, dict)
        expected = [p.name for p in written.values()]
        if writer is export.to_csv:  # each table's coverage beside it, the package beside all
            expected += [f"{p.stem}.coverage.json" for p in written.values()]
            expected.append("datapackage.json")
        assert sorted(p.name for p in folder.iterdir()) == sorted(expected)


def test_csv_tables_are_not_silently_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    export.to_csv(small(), folder)
    edited = folder / "actors.csv"
    edited.write_text("my edits", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        export.to_csv(small(), folder)
    assert edited.read_text(encoding="utf-8") == "my edits"
    export.to_csv(small(), folder, overwrite=True)
    assert edited.read_text(encoding="utf-8").startswith("id,type,name")


# -- source texts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILE_EXPORTS)
def test_source_texts_keep_their_bytes(tmp_path: Path, name: str) -> None:
    target = FILE_EXPORTS[name](small(), tmp_path / "out" / name)
    assert isinstance(target, Path)
    assert (target.parent / "texts" / "note.txt").read_bytes() == NOTE.encode("utf-8")
    assert_same_dataset(ruiran.load(target), small())


@pytest.mark.parametrize("name", FILE_EXPORTS)
@pytest.mark.parametrize("overwrite", [False, True])
@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_a_source_text_never_lands_on_the_export(
    tmp_path: Path, name: str, overwrite: bool, case: Callable[[str], str]
) -> None:
    target = tmp_path / name
    with pytest.raises(ExportConflictError) as caught:
        FILE_EXPORTS[name](small(text_file=case(name)), target, overwrite=overwrite)
    assert isinstance(caught.value, ValueError)
    message = one_line(caught.value)
    assert "the text of source 'note'" in message
    assert "would both be written to" in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", FILE_EXPORTS)
def test_a_source_text_never_lands_inside_the_export(tmp_path: Path, name: str) -> None:
    with pytest.raises(ExportConflictError, match="would be written inside"):
        FILE_EXPORTS[name](small(text_file=f"{name}/note.txt"), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_two_texts_on_one_path(tmp_path: Path) -> None:
    def dataset(second_text: str, second_file: str) -> ruiran.Dataset:
        first = Source(id="a", title="A", kind=SourceKind.OTHER, text_file="t/x.txt")
        second = Source(id="b", title="B", kind=SourceKind.OTHER, text_file=second_file)
        return ruiran.Dataset([first, second], source_texts={"a": "same", "b": second_text})

    with pytest.raises(ExportConflictError, match="which source 'a' names too"):
        export.to_jsonl(dataset("other", "t/x.txt"), tmp_path / "a.jsonl")
    with pytest.raises(ExportConflictError, match="differ only in case"):
        export.to_jsonl(dataset("other", "T/X.txt"), tmp_path / "b.jsonl")
    assert list(tmp_path.iterdir()) == []
    shared = dataset("same", "t/x.txt")  # one text shared by two sources: written once
    assert_same_dataset(ruiran.load(export.to_jsonl(shared, tmp_path / "c.jsonl")), shared)


@pytest.mark.parametrize("name", FILE_EXPORTS)
def test_a_user_file_where_a_source_text_goes(tmp_path: Path, name: str) -> None:
    mine = tmp_path / "texts" / "note.txt"
    mine.parent.mkdir()
    mine.write_text("my notes", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(OutputExistsError) as caught:
        FILE_EXPORTS[name](small(), tmp_path / name)
    assert "'note'" in one_line(caught.value)
    assert caught.value.filename == str(mine)
    assert snapshot(tmp_path) == before  # the export itself was not written either

    FILE_EXPORTS[name](small(), tmp_path / name, overwrite=True)
    assert mine.read_bytes() == NOTE.encode("utf-8")


def test_a_source_text_does_not_leave_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "texts").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ExportConflictError, match="through a symbolic link"):
        export.to_jsonl(small(), out / "x.jsonl", overwrite=True)
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["texts"]


# -- failures while writing ------------------------------------------------------------------------


def _fail_after(calls: int, error: BaseException, real: Callable[..., Any]) -> Callable[..., Any]:
    """A stand-in for ``real`` that fails on its ``calls + 1``-th call."""
    count = 0

    def fake(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count > calls:
            raise error
        return real(*args, **kwargs)

    return fake


@pytest.mark.parametrize("where", ["mid-file", "after some files"])
@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        RuntimeError("a bug in a writer"),
        KeyboardInterrupt(),
    ],
)
def test_a_failure_mid_write_leaves_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bundled: ruiran.Dataset,
    error: BaseException,
    where: str,
) -> None:
    import json

    (tmp_path / "mine.txt").write_text("mine", encoding="utf-8")
    before = snapshot(tmp_path)
    if where == "mid-file":  # the export dies after 10 lines
        monkeypatch.setattr(
            "ruiran.export.jsonfiles.json.dumps", _fail_after(10, error, json.dumps)
        )
    else:  # the export and 3 source texts are complete, the 4th text fails
        monkeypatch.setattr("ruiran.export.files._sync", _fail_after(4, error, export.files._sync))
    target = tmp_path / "deep" / "er" / "out.jsonl"
    with pytest.raises(type(error)) as caught:
        export.to_jsonl(bundled, target)
    assert snapshot(tmp_path) == before  # no partial file, no temporary, no new folder
    if isinstance(error, OSError):
        assert isinstance(caught.value, ExportError)
        message = one_line(caught.value)
        assert str(target.parent) in message
        assert "No space left on device" in message


def test_a_failure_while_renaming_takes_back_what_was_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_replace = os.replace

    def no_link(src: Any, dst: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # as on FAT: no hard links

    def replace(src: Any, dst: Any) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise PermissionError(errno.EACCES, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr("ruiran.export.files.os.link", no_link)
    monkeypatch.setattr("ruiran.export.files.os.replace", replace)
    with pytest.raises(ExportError, match="Permission denied") as caught:
        export.to_csv(small(), tmp_path / "tables")
    assert caught.value.errno == errno.EACCES
    assert len(calls) == 2  # the first table was renamed into place, then taken back
    assert list(tmp_path.iterdir()) == []


def test_without_hard_links_nothing_is_replaced_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_link(src: Any, dst: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr("ruiran.export.files.os.link", no_link)
    target = export.to_jsonl(small(), tmp_path / "x.jsonl")
    assert isinstance(target, Path)
    assert_same_dataset(ruiran.load(target), small())


def test_a_file_appearing_meanwhile_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.jsonl"
    real_sync = export.files._sync

    def sync_and_race(path: Path) -> None:
        real_sync(path)
        if path.suffix == ".jsonl":  # someone else writes the target after the checks
            target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr("ruiran.export.files._sync", sync_and_race)
    with pytest.raises(OutputExistsError):
        export.to_jsonl(small(), target)
    assert target.read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.jsonl"]


# -- OS errors become one-line errors naming the path ----------------------------------------------


@pytest.mark.parametrize("name", FILE_EXPORTS)
def test_a_parent_that_is_a_file(tmp_path: Path, name: str) -> None:
    blocker = tmp_path / "report.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        FILE_EXPORTS[name](small(), blocker / "sub" / name)
    assert isinstance(caught.value, OSError)
    assert caught.value.errno == errno.ENOTDIR
    assert f"{str(blocker)!r} is not a folder" in one_line(caught.value)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_folder_export_onto_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "tables"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="it is a file, not a folder"):
        export.to_csv(small(), blocker, overwrite=True)


def test_a_missing_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod blocks nothing: the OS refusal is simulated.
    def refuse(self: Path, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    target = tmp_path / "locked" / "x.jsonl"
    with pytest.raises(ExportError) as caught:
        export.to_jsonl(small(), target)
    assert caught.value.errno == errno.EACCES
    message = one_line(caught.value)
    assert message == f"cannot create the folder {str(target.parent)!r}: Permission denied"
    assert list(tmp_path.iterdir()) == []


def test_write_files_needs_nothing_but_outputs(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.txt"
    write_files([Output(path, text_writer("x\r\n"), "a test file")], overwrite=False)
    assert path.read_bytes() == b"x\r\n"


# -- the command line --------------------------------------------------------------------------------


def cli_run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def cli_error(result: Result) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A dataset file (JSON Lines, with its source text) for ``--data``."""
    return export.to_jsonl(small(), tmp_path / "data" / "ds.jsonl")


@pytest.mark.parametrize(
    ("fmt", "name", "library"),
    [
        ("json", "out.json", None),
        ("jsonl", "out.jsonl", None),
        ("csv", "tables", "pandas"),
        ("parquet", "parquet", "pyarrow"),
        ("graphml", "g.graphml", "networkx"),
        ("ftm", "e.ftm.json", "followthemoney"),
    ],
)
def test_cli_export_needs_force_to_replace(
    tmp_path: Path, data: Path, fmt: str, name: str, library: str | None
) -> None:
    if library is not None:
        pytest.importorskip(library)
    out = tmp_path / "out" / name
    command = ("--data", str(data), "export", "--format", fmt, "--out", str(out))
    first = cli_run(*command)
    assert first.exit_code == 0, first.output
    before = snapshot(tmp_path / "out")
    line = cli_error(cli_run(*command))
    assert "already exists" in line or "is not empty" in line
    assert "--force" in line
    assert "overwrite=True" not in line
    assert snapshot(tmp_path / "out") == before
    again = cli_run(*command, "--force")
    assert again.exit_code == 0, again.output
    if fmt in ("json", "jsonl"):
        assert_same_dataset(ruiran.load(out), small())


def test_cli_export_collision_and_os_errors(tmp_path: Path, data: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    line = cli_error(
        cli_run("--data", str(data), "export", "--format", "jsonl", "--out", str(blocker / "x"))
    )
    assert f"{str(blocker)!r} is not a folder" in line
    folder = tmp_path / "folder"
    folder.mkdir()
    line = cli_error(
        cli_run("--data", str(data), "export", "--format", "json", "--out", str(folder), "--force")
    )
    assert "it is a folder" in line
    # The dataset's own text path as the output: refused, even with --force.
    line = cli_error(
        cli_run(
            "--data",
            str(data),
            "export",
            "--format",
            "json",
            "--out",
            str(tmp_path / "texts"),
            "--force",
        )
    )
    assert "would be written inside" in line


# -- fuzz: every target either works or is refused cleanly -----------------------------------------


NAMES = st.sampled_from(
    [
        "out",
        "with space",
        "ünï cødé",
        "-dash",
        ".hidden",
        "quote'\"s",
        "new\nline",
        "events",
        "CON",
        "x" * 120,
        "текст",
    ]
)
HAZARDS = st.one_of(
    st.just(set[str]()),  # half the targets are plain, so half the exports succeed
    st.sets(
        st.sampled_from(
            [
                "file at target",  # refused unless overwrite
                "user file at a text",  # refused unless overwrite
                "folder at target",  # always refused
                "parent is a file",  # always refused
                "texts is a file",  # always refused
                "text on the export",  # always refused
            ]
        ),
        min_size=1,
        max_size=2,
    ),
)
ALWAYS_REFUSED = {"folder at target", "parent is a file", "texts is a file", "text on the export"}


@st.composite
def with_texts(draw: st.DrawFn) -> ruiran.Dataset:
    """A generated dataset whose sources ship texts (odd bytes included) with every quote."""
    records: list[AnyRecord] = draw(datasets(max_actors=3, max_items=3))
    quotes: dict[str, list[str]] = {}
    for record in records:
        for citation in all_citations(record):
            quotes.setdefault(citation.source, []).append(citation.quote)
    texts: dict[str, str] = {}
    out: list[AnyRecord] = []
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", "\u2028"]))
    for record in records:
        if isinstance(record, Source):
            record = record.model_copy(update={"text_file": f"texts/{record.id}.txt"})
            texts[record.id] = ending.join(quotes.get(record.id, ["(no quote)"])) + ending
        out.append(record)
    return ruiran.Dataset(out, source_texts=texts)


@settings(max_examples=30)
@given(
    ds=with_texts(),
    suffix=st.sampled_from([".json", ".jsonl"]),
    name=NAMES,
    nested=st.booleans(),
    hazards=HAZARDS,
    overwrite=st.booleans(),
)
def test_export_targets_fuzz(
    ds: ruiran.Dataset,
    suffix: str,
    name: str,
    nested: bool,
    hazards: set[str],
    overwrite: bool,
) -> None:
    writer = export.to_jsonl if suffix == ".jsonl" else export.to_json
    first_text = ds.sources[0].text_file
    assert first_text is not None
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        relative = Path("a", "b", name + suffix) if nested else Path(name + suffix)
        if "parent is a file" in hazards:
            relative = Path("blocker", *relative.parts)
            (root / "blocker").write_text("a file", encoding="utf-8")
        target = root / relative
        folder = target.parent
        if "text on the export" in hazards:
            ds = _with_text_file(ds, target.name)
        if "parent is a file" not in hazards:
            folder.mkdir(parents=True, exist_ok=True)
            if "folder at target" in hazards:
                (target / "inside").mkdir(parents=True, exist_ok=True)
            elif "file at target" in hazards:
                target.write_text("mine", encoding="utf-8")
            if "texts is a file" in hazards and not (folder / "texts").exists():
                (folder / "texts").write_text("mine", encoding="utf-8")
            if "user file at a text" in hazards and not (folder / "texts").is_file():
                (folder / first_text).parent.mkdir(exist_ok=True)
                (folder / first_text).write_text("mine", encoding="utf-8")
        before = snapshot(root)
        must_fail = bool(hazards & ALWAYS_REFUSED) or (bool(hazards) and not overwrite)
        failure: Exception | None = None
        try:
            writer(ds, target, overwrite=overwrite)
        except CLEAN as error:
            failure = error
        event("refused" if failure is not None else "written")
        if failure is not None:
            assert hazards, f"refused a plain target: {failure}"
            assert isinstance(failure, ruiran.RuiranError)
            assert isinstance(failure, (OSError, ValueError))
            if isinstance(failure, OSError):
                one_line(failure)
            assert snapshot(root) == before
        else:
            assert not must_fail, f"wrote despite {sorted(hazards)} (overwrite={overwrite})"
            assert_same_dataset(ruiran.load(target), ds)
            leftovers = [p for p in root.rglob("*") if p.name.startswith(".ruiran-")]
            assert leftovers == []


def _with_text_file(ds: ruiran.Dataset, text_file: str) -> ruiran.Dataset:
    first = ds.sources[0]
    records = [r.model_copy(update={"text_file": text_file}) if r.id == first.id else r for r in ds]
    return ruiran.Dataset(records, source_texts=dict(ds.source_texts))
