"""The streaming ingest to a folder: the same events and values as the ingest in memory,
the folder checked first, progress, and Ctrl-C leaving nothing half-written."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from click.testing import CliRunner

import ruiran
from gdelt_rows import FIXTURES, read_rows
from ruiran.cli import cli
from ruiran.coded.stream import Progress
from ruiran.export.files import OutputExistsError
from ruiran.testing import synthetic_gdelt

GDELT1_FILE = FIXTURES / "gdelt1-events-sample.tsv"
GDELT2_FILE = FIXTURES / "gdelt2-events-sample.tsv"
ID, MENTIONS, ADDED = 0, 31, 59  # GDELT 2.0 columns


def _write(path: Path, rows: list[list[str]], extra: str = "") -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows) + extra, encoding="utf-8")
    return path


def _plain(table: Any) -> list[dict[str, Any]]:
    """A store's rows as plain values (dictionary columns decoded), in the store's order."""
    return [dict(sorted(row.items())) for row in table.to_pylist()]


def _same(files: list[Path], out: Path, **filters: Any) -> None:
    """The streaming ingest of ``files`` to ``out`` keeps what the ingest in memory keeps."""
    memory = ruiran.ingest.gdelt(files, **filters)
    summary = ruiran.ingest.gdelt_to_parquet(files, out=out, progress=False, **filters)
    assert memory.coded is not None
    assert summary.to_dict() == memory.coded.summary.to_dict()
    back = ruiran.load(out)
    assert back.coded is not None
    assert len(back.coded) == summary.kept == len(memory.coded)
    assert _plain(back.coded.table) == _plain(memory.coded.table)
    manifest = json.loads((out / "ruiran-coded.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == summary.kept
    assert manifest["format_version"] == 2
    assert manifest["summary"] == summary.to_dict()
    for name in manifest["files"]:  # every file listed is there; the year is in the name
        assert (out / name).is_file()
        assert name.startswith("year=")


@pytest.fixture(scope="module")
def overlapping(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Files that overlap: a later copy of some events, an equal copy in a later file, a
    line that cannot be read, both GDELT versions, and a zip archive."""
    folder = tmp_path_factory.mktemp("overlap")
    rows = read_rows(GDELT2_FILE)
    later = [list(r) for r in rows[10:30]]
    for row in later:
        row[ADDED] = row[ADDED][:8] + "235959"
        row[MENTIONS] = str(int(row[MENTIONS]) + 100)
    tie = [list(r) for r in rows[35:45]]
    for row in tie:
        row[MENTIONS] = "999"  # the same DATEADDED: the file given last wins
    return [
        _write(folder / "a.tsv", rows, extra="1\t2\n"),  # line 51 is refused
        _write(folder / "b.tsv", later),
        _write(folder / "c.tsv", tie),
        GDELT1_FILE,
        synthetic_gdelt(folder / "d.export.CSV.zip", 2000, seed=3),
        synthetic_gdelt(folder / "e.tsv.gz", 2000, seed=3),  # the same events again
    ]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"involving": "United States"},
        {"involving": "United States", "check_all": True},
        {"between": ("Russia", "Iran"), "start": "2016"},
    ],
    ids=["all", "involving", "check-all", "between"],
)
def test_streaming_keeps_what_the_ingest_in_memory_keeps(
    overlapping: list[Path], tmp_path: Path, filters: dict[str, Any]
) -> None:
    _same(overlapping, tmp_path / "out", **filters)
    _same(overlapping[::-1], tmp_path / "reversed", **filters)  # the other file last


def test_streaming_keeps_the_readers_guarantees(tmp_path: Path) -> None:
    """What the reader does since the streaming ingest began holds for it too: a GDELT 1.0
    file mixing lines of 57 and 58 fields (split, each read by its own layout), a name DuckDB
    would read as a pattern, a file refused whole, a zip archive's members in runs."""
    lines = GDELT1_FILE.read_text(encoding="utf-8").splitlines()
    mixed = ["\t".join(line.split("\t")[:57]) if n % 5 == 0 else line
             for n, line in enumerate(lines)]  # fmt: skip
    (tmp_path / "in").mkdir()
    files = [
        tmp_path / "in" / "mixed.export.CSV",
        tmp_path / "in" / "c[x]*.tsv",
        tmp_path / "in" / "not-gdelt.csv",
        synthetic_gdelt(tmp_path / "in" / "e.zip", 1000, seed=2),
    ]
    files[0].write_text("\n".join(mixed) + "\n", encoding="utf-8")
    shutil.copy(GDELT2_FILE, files[1])
    files[2].write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    for filters in ({}, {"involving": "United States"}):
        _same(files, tmp_path / f"out-{len(filters)}", **filters)
    summary = ruiran.ingest.gdelt_to_parquet(files, out=tmp_path / "again", progress=False)
    assert summary.files_refused == 1
    assert summary.refused == 0  # every line of the mixed file read by its own layout
    assert summary.versions == (1, 2)


def test_the_rule_for_duplicates_is_kept(overlapping: list[Path], tmp_path: Path) -> None:
    ruiran.ingest.gdelt_to_parquet(overlapping[:3], out=tmp_path / "out", progress=False)
    back = ruiran.load(tmp_path / "out")
    assert back.coded is not None
    mentions = {e.row_id: e.mentions for e in back.coded.all()}
    rows = read_rows(GDELT2_FILE)
    assert all(mentions[int(r[ID])] == int(r[MENTIONS]) + 100 for r in rows[10:30])
    assert all(mentions[int(r[ID])] == 999 for r in rows[35:45])
    assert len(mentions) == 50


def test_many_small_batches_give_the_same_folder(overlapping: list[Path], tmp_path: Path) -> None:
    from ruiran.coded.gdelt import expand
    from ruiran.coded.stream import write

    whole = write(expand(overlapping), "TRUE", tmp_path / "one")
    seen: list[Progress] = []
    batched = write(expand(overlapping), "TRUE", tmp_path / "many", batch_bytes=1,
                    progress=seen.append)  # fmt: skip
    assert batched == whole
    assert [p.files_read for p in seen] == list(range(1, len(overlapping) + 1))
    assert [p.files for p in seen] == [len(overlapping)] * len(overlapping)
    lines = [p.lines_read for p in seen]
    assert lines == sorted(lines)
    assert lines[-1] == whole.lines_read
    assert seen[-1].kept == whole.kept + whole.duplicates
    assert seen[-1].refused == whole.refused
    a, b = ruiran.load(tmp_path / "one").coded, ruiran.load(tmp_path / "many").coded
    assert a is not None
    assert b is not None
    assert _plain(a.table) == _plain(b.table)


def test_a_filter_that_keeps_nothing_writes_a_folder_that_loads(tmp_path: Path) -> None:
    summary = ruiran.ingest.gdelt_to_parquet(
        GDELT2_FILE, out=tmp_path / "out", between=("Russia", "Iran"), end="1990"
    )
    assert summary.kept == 0
    back = ruiran.load(tmp_path / "out")
    assert back.coded is not None
    assert len(back.coded) == 0


# -- the output folder ------------------------------------------------------------------------------


def test_a_non_empty_folder_is_refused_before_any_input_is_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    missing = tmp_path / "no-such-file.tsv"  # reading it would fail first
    with pytest.raises(OutputExistsError, match="is not empty"):
        ruiran.ingest.gdelt_to_parquet(missing, out=out)
    result = CliRunner().invoke(cli, ["ingest", "gdelt", str(missing), "--out", str(out)])
    assert result.exit_code == 1
    assert "is not empty" in result.stderr
    assert "no GDELT file" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    with pytest.raises(OutputExistsError, match=r"ruiran did not write|holds no"):
        ruiran.ingest.gdelt_to_parquet(GDELT2_FILE, out=out, overwrite=True)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_an_earlier_ingest_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ruiran.ingest.gdelt_to_parquet(GDELT1_FILE, out=out)
    ruiran.ingest.gdelt_to_parquet(GDELT2_FILE, out=out, overwrite=True)
    back = ruiran.load(out)
    assert back.coded is not None
    assert {e.version for e in back.coded.all()} == {2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it


# -- progress ----------------------------------------------------------------------------------------


def test_progress_goes_to_a_callable(tmp_path: Path) -> None:
    seen: list[Progress] = []
    summary = ruiran.ingest.gdelt_to_parquet(
        [GDELT1_FILE, GDELT2_FILE], out=tmp_path / "out", progress=seen.append
    )
    assert seen[-1] == Progress(2, 2, summary.lines_read, summary.kept, summary.refused)
    assert str(seen[-1]).startswith("read 2/2 files, ")


def test_the_cli_says_its_progress_on_stderr_when_asked(tmp_path: Path) -> None:
    args = ["ingest", "gdelt", str(GDELT1_FILE), str(GDELT2_FILE)]
    shown = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "a"), "--progress"])
    assert shown.exit_code == 0, shown.stderr
    lines = [line for line in shown.stderr.splitlines() if line.startswith("progress: ")]
    assert lines == ["progress: read 2/2 files, 100 lines; kept 100, refused 0"]
    assert "progress: " not in shown.stdout
    quiet = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "b"), "--no-progress"])
    assert quiet.exit_code == 0
    assert "progress: " not in quiet.stderr
    default = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "c")])  # not a terminal
    assert default.exit_code == 0
    assert "progress: " not in default.stderr


# -- Ctrl-C ------------------------------------------------------------------------------------------

_CHILD = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # a shell may start us ignoring it
from ruiran.cli import main
main(sys.argv[1:])
"""


def _ingest_then(signal_number: int, tmp_path: Path) -> tuple[int, str, list[str], Path]:
    """Run 'ruiran ingest gdelt --out tmp_path/out --force' over a folder an earlier ingest
    wrote, send ``signal_number`` once it is reading, and check that the folder is as it was:
    the exit code, stderr, and what is left beside the folder."""
    out = tmp_path / "out"
    ruiran.ingest.gdelt_to_parquet(GDELT2_FILE, out=out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    manifest = (out / "ruiran-coded.json").read_text(encoding="utf-8")
    big = synthetic_gdelt(tmp_path / "big.tsv", 100_000, seed=5)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", _CHILD, "ingest", "gdelt", *[str(big)] * 40,
               "--out", str(out), "--force", "--no-progress"]  # fmt: skip
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        # the scratch folder beside the new one: the ingest is reading
        while not any(".scratch-" in p.name for p in tmp_path.iterdir()):
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the ingest never started"
            time.sleep(0.05)
        child.send_signal(signal_number)
        _, stderr = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert (out / "ruiran-coded.json").read_text(encoding="utf-8") == manifest
    return child.returncode, stderr.decode(), sorted(p.name for p in tmp_path.iterdir()), out


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")
def test_ctrl_c_stops_the_ingest_and_leaves_the_old_folder(tmp_path: Path) -> None:
    code, stderr, left, out = _ingest_then(signal.SIGINT, tmp_path)
    assert code == 130, stderr
    said = stderr.strip().splitlines()
    assert said == [f"error: interrupted; nothing was written ({out} is as it was)"]
    assert left == ["big.tsv", "out"]
    shutil.rmtree(out)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_sigterm_stops_the_ingest_and_removes_its_scratch_and_new_folder(
    tmp_path: Path,
) -> None:
    code, stderr, left, out = _ingest_then(signal.SIGTERM, tmp_path)
    assert code == -signal.SIGTERM, stderr  # ended by the signal, after cleaning up
    assert left == ["big.tsv", "out"]
    shutil.rmtree(out)


# -- in memory: batches made compact as they come ------------------------------------------------


def test_batches_with_small_dictionaries_unify_past_their_index_type() -> None:
    import pyarrow as pa

    from ruiran.coded.store import compact

    chunks = [
        compact(
            pa.table({"SOURCEURL": [f"https://e.org/{b}/{i}" for i in range(20_000)]}),
            index=pa.int16(),
        )
        for b in range(3)
    ]
    whole = compact(pa.concat_tables(chunks))
    column = whole.column("SOURCEURL")
    assert column.type == pa.dictionary(pa.int32(), pa.string())
    assert column.to_pylist() == [f"https://e.org/{b}/{i}" for b in range(3) for i in range(20_000)]


def test_the_ingest_in_memory_reads_across_many_fetched_batches(tmp_path: Path) -> None:
    from ruiran.coded import gdelt

    path = synthetic_gdelt(tmp_path / "e.tsv", 70_000, seed=8)  # three fetches
    table, _ = gdelt.read([path])
    assert table.num_rows == 70_000
    assert len(table.column("SOURCEURL").chunks) == 3
    ds = ruiran.ingest.gdelt(path)
    assert ds.coded is not None
    assert sorted(ds.coded.all().ids) == sorted(table.column("GLOBALEVENTID").to_pylist())
