"""The files a user names are the files read (issue 20, item 1).

A path that exists is taken literally, whatever characters it holds; only a path that does not
exist is a pattern, and its folder part may hold brackets of its own. DuckDB expands ``[``,
``*``, ``?`` and ``~`` in any name it is handed, so each file reaches it by a name it cannot
expand, while the summary and the refusals keep the names as given.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from ruiran.coded.gdelt import expand, read
from ruiran.testing import synthetic_gdelt


def _ids(table: object) -> set[int]:
    return set(table.column("GLOBALEVENTID").to_pylist())  # type: ignore[attr-defined]


def _events(path: Path, first_id: int, n: int = 20) -> set[int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    synthetic_gdelt(path, n, seed=first_id % 97, first_id=first_id)
    return set(range(first_id, first_id + n))


def test_a_name_with_brackets_reads_that_file_not_its_pattern(tmp_path: Path) -> None:
    named = tmp_path / "c[x].export.CSV"
    mine = _events(named, 1_000)
    _events(tmp_path / "cx.export.CSV", 2_000)  # what the name matches as a pattern
    with named.open("a") as handle:
        handle.write("not\tan\tevent\n")
    files = expand(named)
    assert files == [named]
    table, summary = read(files)
    assert _ids(table) == mine
    assert summary.files == (str(named),)
    assert [(r.file, r.line) for r in summary.refusals] == [(str(named), 21)]


def test_a_compressed_file_with_brackets_keeps_its_compression(tmp_path: Path) -> None:
    named = tmp_path / "c[x].export.CSV.gz"
    mine = _events(named, 1_000)
    _events(tmp_path / "cx.export.CSV.gz", 2_000)
    table, summary = read(expand(named))
    assert _ids(table) == mine
    assert summary.refused == 0


def test_an_archive_member_is_named_after_the_archive_as_given(tmp_path: Path) -> None:
    named = tmp_path / "c[x].export.CSV.zip"
    mine = _events(named, 1_000)
    (tmp_path / "c[x].export.CSV").write_text("too\tfew\n")  # no part of the archive
    table, summary = read(expand(named))
    assert _ids(table) == mine
    assert summary.files == (str(named),)


def test_a_folder_named_tilde_is_that_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    _events(home / "e.CSV", 2_000)  # what ~/e.CSV names once ~ is expanded
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    mine = _events(tmp_path / "~" / "e.CSV", 1_000)
    for given in ("~/e.CSV", "~/*.CSV"):
        files = expand(given)
        assert files == [Path("~/e.CSV")]
        table, summary = read(files)
        assert _ids(table) == mine
        assert summary.files == ("~/e.CSV",)


def test_a_pattern_in_a_folder_whose_name_has_brackets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = _events(tmp_path / "GDELT [2024]" / "a.CSV", 1_000)
    mine |= _events(tmp_path / "GDELT [2024]" / "b.CSV", 3_000)
    _events(tmp_path / "GDELT 2" / "a.CSV", 2_000)  # what "GDELT [2024]" matches as a pattern
    files = expand("GDELT [2024]/*.CSV")
    assert files == [Path("GDELT [2024]/a.CSV"), Path("GDELT [2024]/b.CSV")]
    table, summary = read(files)
    assert _ids(table) == mine
    assert summary.files == ("GDELT [2024]/a.CSV", "GDELT [2024]/b.CSV")
    table, _ = read(expand("GDELT [2024]/a.CSV"))  # a literal name in that folder
    assert _ids(table) == set(range(1_000, 1_020))


def test_a_pattern_is_still_a_pattern(tmp_path: Path) -> None:
    _events(tmp_path / "a1.CSV", 1_000)
    _events(tmp_path / "a2.CSV", 2_000)
    (tmp_path / "a3.CSV").mkdir()  # a folder a pattern matches is skipped
    assert expand(str(tmp_path / "a[12].CSV")) == [tmp_path / "a1.CSV", tmp_path / "a2.CSV"]
    assert expand(str(tmp_path / "**" / "a?.CSV")) == [tmp_path / "a1.CSV", tmp_path / "a2.CSV"]
    with pytest.raises(FileNotFoundError, match="no file matches"):
        expand(str(tmp_path / "b*.CSV"))
    with pytest.raises(FileNotFoundError, match="no file matches"):
        expand(str(tmp_path / "a3*"))  # only a folder matches


def test_a_file_given_twice_is_read_once(tmp_path: Path) -> None:
    named = tmp_path / "c[x].CSV"
    mine = _events(named, 1_000)
    table, summary = read(expand([named, named]))
    assert _ids(table) == mine
    assert summary.duplicates == len(mine)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_a_file_and_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "events.CSV"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        expand(fifo)  # opening it would block: the test would hang
    with pytest.raises(OSError, match="not a regular file"):
        expand(str(tmp_path / "*.CSV"))


def test_a_folder_and_a_dangling_link_are_named(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        expand(tmp_path)
    (tmp_path / "gone.CSV").symlink_to(tmp_path / "nowhere.CSV")
    with pytest.raises(FileNotFoundError, match="dangling"):
        expand(tmp_path / "gone.CSV")
    with pytest.raises(FileNotFoundError, match="no GDELT file"):
        expand(tmp_path / "missing.CSV")


def test_a_folder_link_under_a_double_star_lists_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.csv").write_text("")
    (tmp_path / "d" / "sub" / "b.csv").write_text("")
    os.symlink(tmp_path / "d", tmp_path / "d" / "sub" / "loop")
    found = expand(str(tmp_path / "d" / "**" / "*.csv"))
    assert sorted(p.name for p in found) == ["a.csv", "b.csv"]


def test_a_file_named_as_a_folder_is_said_plainly(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("")
    with pytest.raises(NotADirectoryError, match="a part of it is not a folder"):
        expand(str(tmp_path / "a.csv") + "/")
