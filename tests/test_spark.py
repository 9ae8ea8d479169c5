"""The GDELT ingest on Apache Spark (local mode) gives exactly the events the DuckDB ingest gives.

Spark needs pyspark (``pip install 'ruiran[spark]'``) and Java 17 or later. Without them these
tests are skipped, with the reason; in CI (``CI`` or ``RUIRAN_REQUIRE_SPARK`` set) they fail
instead, so that CI never passes without running them. One SparkSession (``local[2]``, quiet,
two shuffle partitions) serves the xdist worker that runs this file (``--dist loadfile``: one
file, one worker, one JVM).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import ruiran
from gdelt_rows import FIXTURES
from ruiran.coded.columns import GDELT2
from ruiran.coded.output import check_target
from ruiran.coded.parquet import MANIFEST
from ruiran.coded.plan import OUTPUT, type_in
from ruiran.coded.spark import VIEW
from ruiran.errors import QueryError
from ruiran.export import ExportError, OutputExistsError
from ruiran.testing import synthetic_gdelt

ROOT = Path(__file__).resolve().parents[1]
GDELT1_FILE = FIXTURES / "gdelt1-events-sample.tsv"
GDELT2_FILE = FIXTURES / "gdelt2-events-sample.tsv"
ENABLE = (
    "to run them: pip install 'ruiran[spark]' (or '.[dev]'), and install Java 17 or later "
    "(e.g. apt-get install openjdk-17-jre-headless) so that 'java' is on PATH or JAVA_HOME is set"
)


def spark_missing() -> str | None:
    """Why Spark cannot run here, or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed"
    java_home = os.environ.get("JAVA_HOME")
    java = shutil.which("java") or (str(Path(java_home) / "bin" / "java") if java_home else None)
    if java is None or not Path(java).exists():
        return "Java is not installed"
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        return f"Java does not run ({error})"
    return None


def required() -> bool:
    """Whether these tests must run (CI): then a missing Spark fails them."""
    return any(
        os.environ.get(name, "").lower() not in ("", "0", "false")
        for name in ("CI", "RUIRAN_REQUIRE_SPARK")
    )


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    missing = spark_missing()
    if missing is not None:
        if required():
            pytest.fail(f"the Spark tests must run in CI, but {missing}; {ENABLE}")
        pytest.skip(f"Spark tests skipped: {missing}; {ENABLE}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pyspark on pandas 3: not used here
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master("local[2]")
            .appName("ruiran-tests")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", "1g")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def rows(ds: ruiran.Dataset) -> list[dict[str, object]]:
    """The coded events of a Dataset, every column, by GLOBALEVENTID."""
    assert ds.coded is not None
    return sorted(ds.coded.table.to_pylist(), key=lambda r: int(str(r["GLOBALEVENTID"])))


def both(
    spark: Any, paths: list[Path], out: Path, **filters: Any
) -> tuple[ruiran.Dataset, ruiran.Dataset, Any]:
    """The DuckDB ingest, and the Spark ingest loaded back with ruiran.load, and its summary."""
    summary = ruiran.ingest.gdelt_spark(spark, [str(p) for p in paths], out=out, **filters)
    return ruiran.ingest.gdelt(paths, **filters), ruiran.load(out), summary


def test_the_real_rows_come_back_the_same(spark: Any, tmp_path: Path) -> None:
    duck, back, summary = both(spark, [GDELT1_FILE, GDELT2_FILE], tmp_path / "out")
    assert rows(back) == rows(duck)
    assert len(rows(back)) == 100
    assert (summary.lines_read, summary.kept, summary.refused) == (100, 100, 0)
    assert summary.versions == (1, 2)
    assert back.coded is not None
    assert duck.coded is not None
    assert back.coded.table.schema == duck.coded.table.schema
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith("year=")) == [
        "year=2007", "year=2016", "year=2017"
    ]  # fmt: skip
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest["rows"] == 100
    assert manifest["engine"].startswith("Apache Spark ")
    assert manifest["summary"]["lines_read"] == 100


@pytest.mark.parametrize(
    "filters",
    [
        {"between": ("Russia", "Iran")},
        {"between": ("Iran", "Russia"), "start": "2018-03", "end": "2021"},
        {"involving": "EAEU", "start": "2014-06"},  # members while they were members
        {"involving": "EU", "start": "2019"},  # the United Kingdom until 2020-01-31
        {"involving": "Iran", "end": "2016-12-31"},
    ],
    ids=str,
)
def test_a_synthetic_file_filtered_comes_back_the_same(
    spark: Any, synthetic: dict[str, Path], tmp_path: Path, filters: dict[str, Any]
) -> None:
    paths = [synthetic["v2"], synthetic["v1"]]
    duck, back, summary = both(spark, paths, tmp_path / "out", **filters)
    got, want = rows(back), rows(duck)
    assert got == want
    assert 20 < len(want) < 9000  # the filter kept some and left some
    assert duck.coded is not None
    said = duck.coded.summary  # Spark counts the lines that passed; load drops repeated ids
    assert (summary.lines_read, summary.kept, summary.refused) == (
        said.lines_read, said.kept + said.duplicates, said.refused
    )  # fmt: skip
    assert summary.where == ruiran.ingest.gdelt_where(**filters)
    assert back.events_between("Russia", "Iran") == duck.events_between("Russia", "Iran")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("spark")
    return {
        "v2": synthetic_gdelt(folder / "v2.tsv.gz", 6000, seed=21, version=2),
        "v1": synthetic_gdelt(folder / "v1.tsv", 3000, seed=22, version=1),
    }


def test_refused_lines_are_counted_and_listed_as_duckdb_counts_them(
    spark: Any, tmp_path: Path
) -> None:
    good = GDELT2_FILE.read_text(encoding="utf-8").splitlines()
    fields = good[3].split("\t")
    bad_number = "\t".join([*fields[:29], "not-a-number", *fields[30:]])  # QuadClass
    no_id = "\t".join(["", *fields[1:]])
    too_short = "\t".join(fields[:20])
    too_big = "\t".join([*fields[:25], "300", *fields[26:]])  # IsRootEvent: TINYINT
    path = tmp_path / "bad.tsv"
    path.write_text("\n".join([*good[:10], bad_number, no_id, too_short, too_big]) + "\n")
    duck, back, summary = both(spark, [path], tmp_path / "out")
    assert duck.coded is not None
    assert (summary.lines_read, summary.kept, summary.refused) == (14, 10, 4)
    assert (duck.coded.summary.lines_read, duck.coded.summary.refused) == (14, 4)
    assert rows(back) == rows(duck)
    reasons = sorted(r.message for r in summary.refusals)
    assert any("QuadClass is not a TINYINT number: not-a-number" in r for r in reasons)
    assert any("IsRootEvent is not a TINYINT number: 300" in r for r in reasons)
    assert "no GLOBALEVENTID" in reasons
    assert any("20 tab-separated fields" in r for r in reasons)
    assert all(r.file.endswith("bad.tsv") and r.text for r in summary.refusals)


def on_disk(folder: Path) -> list[str]:
    """Every file under ``folder``, relative, as the manifest lists them."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def test_a_folder_ruiran_did_not_write_is_refused_even_with_overwrite(
    spark: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "year=2016").mkdir(parents=True)
    (out / "year=2016" / "notes.txt").write_text("mine")
    (out / "_SUCCESS").write_text("")
    with pytest.raises(OutputExistsError, match="not empty"):
        ruiran.ingest.gdelt_spark(spark, str(GDELT2_FILE), out=out)
    with pytest.raises(OutputExistsError, match=r"holds no ruiran-coded\.json"):
        ruiran.ingest.gdelt_spark(spark, str(GDELT2_FILE), out=out, overwrite=True)
    assert on_disk(out) == ["_SUCCESS", "year=2016/notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing staged beside it


def test_overwrite_replaces_only_what_the_manifest_lists(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = ruiran.ingest.gdelt_spark(spark, str(GDELT2_FILE), out=out)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["format_version"] == 2
    assert manifest["files"] == [n for n in on_disk(out) if n != MANIFEST]  # no .crc files
    assert "_SUCCESS" in manifest["files"]
    assert any(n.startswith("year=2016/part-") for n in manifest["files"])
    second = ruiran.ingest.gdelt_spark(
        spark, str(GDELT2_FILE), out=out, overwrite=True, involving="United States"
    )
    back = ruiran.load(out)
    assert back.coded is not None
    assert len(back.coded) == second.kept < first.kept == 50
    assert rows(back) == rows(ruiran.ingest.gdelt(GDELT2_FILE, involving="United States"))
    assert json.loads((out / MANIFEST).read_text())["files"] == [
        n for n in on_disk(out) if n != MANIFEST
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the old one deleted
    check_target(out, overwrite=True)  # ruiran's other writers may replace it too
    user = out / "year=2016" / "mine.parquet"
    user.write_bytes(b"PAR1")
    with pytest.raises(OutputExistsError, match=r"files ruiran did not write \(year=2016/mine"):
        ruiran.ingest.gdelt_spark(spark, str(GDELT2_FILE), out=out, overwrite=True)
    assert user.read_bytes() == b"PAR1"


def test_a_failing_job_leaves_the_old_folder_whole(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ruiran.ingest.gdelt_spark(spark, str(GDELT2_FILE), out=out)
    before = {name: (out / name).read_bytes() for name in on_disk(out)}
    broken = tmp_path / "broken.tsv.gz"
    broken.write_bytes(b"this is not gzip\n" * 10)
    with pytest.raises(QueryError) as caught:
        ruiran.ingest.gdelt_spark(spark, [str(GDELT2_FILE), str(broken)], out=out, overwrite=True)
    said = str(caught.value)
    assert "\n" not in said
    assert "Spark's job reading the GDELT files into" in said
    assert "py4j" not in said.lower()
    assert {name: (out / name).read_bytes() for name in on_disk(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.tsv.gz", "out"]
    with pytest.raises(QueryError, match="Spark's job"):  # the folders made for it go too
        ruiran.ingest.gdelt_spark(spark, str(broken), out=tmp_path / "new" / "deeper" / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.tsv.gz", "out"]


def test_a_bad_out_is_one_line_and_refused_before_anything_is_read(
    spark: Any, tmp_path: Path
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    missing = str(tmp_path / "none.tsv")  # never looked for: the folder is checked first
    cases: list[tuple[str, type[Exception], str]] = [
        (str(a_file / "out"), ExportError, "is a file, not a folder"),
        (str(a_file / "deeper" / "out"), ExportError, "is a file, not a folder"),
        (str(a_file), OutputExistsError, "exists and is not a folder"),
        ("nosuch://x/out", ExportError, 'No FileSystem for scheme "nosuch"'),
    ]
    for out, kind, reason in cases:
        with pytest.raises(kind) as caught:
            ruiran.ingest.gdelt_spark(spark, missing, out=out)
        said = str(caught.value)
        assert reason in said, said
        assert out in said
        assert "\n" not in said
        assert "py4j" not in said.lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_spark_is_given_exactly_the_files_named(spark: Any, tmp_path: Path) -> None:
    """A local file whose name holds Hadoop's glob characters is read, and only it."""
    lines = GDELT2_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    named = {"c[x].tsv": lines[:10], "d{1,2}*?.tsv": lines[10:20], "e\\.tsv": lines[20:25]}
    for name, text in [*named.items(), ("cx.tsv", lines), ("d1.tsv", lines), ("e.tsv", lines)]:
        (tmp_path / name).write_text("".join(text), encoding="utf-8")
    given = [str(tmp_path / name) for name in named]
    summary = ruiran.ingest.gdelt_spark(spark, given, out=tmp_path / "out")
    assert (summary.lines_read, summary.kept) == (25, 25)
    assert summary.files == tuple(given)
    back = ruiran.load(tmp_path / "out")
    assert [r["GLOBALEVENTID"] for r in rows(back)] == sorted(
        int(line.split("\t")[0]) for line in lines[:25]
    )
    pattern = ruiran.ingest.gdelt_spark(  # ruiran's own patterns, and a file:// URI
        spark, f"file://{tmp_path}/c*.tsv", out=tmp_path / "out2"
    )
    assert pattern.files == (str(tmp_path / "c[x].tsv"), str(tmp_path / "cx.tsv"))
    assert pattern.lines_read == 60


def test_a_local_name_hadoop_cannot_read_is_refused_with_why(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "20240101:export.CSV"
    shutil.copy(GDELT2_FILE, path)
    with pytest.raises(QueryError, match=r"Hadoop takes a ':' in a file name for a URI scheme"):
        ruiran.ingest.gdelt_spark(spark, str(path), out=tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_glob_and_a_file_uri_are_read_and_written(spark: Any, tmp_path: Path) -> None:
    for name in ("a", "b"):
        shutil.copy(GDELT2_FILE, tmp_path / f"{name}.export.CSV")
    with gzip.open(tmp_path / "c.export.CSV.gz", "wb") as handle:
        handle.write(GDELT1_FILE.read_bytes())
    summary = ruiran.ingest.gdelt_spark(
        spark, str(tmp_path / "*.export.CSV*"), out=f"file://{tmp_path}/out"
    )
    assert (summary.lines_read, summary.kept) == (150, 150)  # Spark writes every kept line
    assert summary.versions == (1, 2)
    back = ruiran.load(tmp_path / "out")
    assert back.coded is not None
    assert len(back.coded) == 100  # ruiran.load keeps one row per GLOBALEVENTID
    paths = [tmp_path / "a.export.CSV", tmp_path / "b.export.CSV", tmp_path / "c.export.CSV.gz"]
    assert rows(back) == rows(ruiran.ingest.gdelt(paths))


def test_nothing_kept_round_trips(spark: Any, tmp_path: Path) -> None:
    summary = ruiran.ingest.gdelt_spark(
        spark, str(GDELT2_FILE), between=("Russia", "Iran"), start="2031", out=tmp_path / "o"
    )
    assert (summary.lines_read, summary.kept) == (50, 0)
    back = ruiran.load(tmp_path / "o")
    assert back.coded is not None
    assert len(back.coded) == 0


def test_missing_files_are_named(spark: Any, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no GDELT file"):
        ruiran.ingest.gdelt_spark(spark, str(tmp_path / "none.tsv"), out=tmp_path / "o")
    with pytest.raises(FileNotFoundError, match="no GDELT file"):
        ruiran.ingest.gdelt_spark(spark, str(tmp_path / "*.export.CSV"), out=tmp_path / "o")


def test_zip_archives_are_refused_with_what_to_do(spark: Any, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match=r"Spark cannot read \.zip archives.*unpack them"):
        ruiran.ingest.gdelt_spark(spark, "x/20240101.export.CSV.zip", out=tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_the_printed_spark_sql_runs_over_spark_tables_of_gdelt_columns(
    spark: Any, synthetic: dict[str, Path]
) -> None:
    """gdelt_sql('spark', ...) over a table of GDELT 2.0's columns, read by Spark's own CSV
    reader, keeps the rows the DuckDB ingest keeps."""
    from pyspark.sql.types import StructType

    schema = StructType.fromDDL(", ".join(f"{n} {type_in('spark', k)}" for n, k in GDELT2))
    table = spark.read.csv(str(synthetic["v2"]), sep="\t", schema=schema, quote="")
    table.createOrReplaceTempView("gdelt_v2_csv")
    filters: dict[str, Any] = {"between": ("Russia", "Iran"), "start": "2019"}
    text = ruiran.ingest.gdelt_sql("spark", "gdelt_v2_csv", version=2, **filters)
    found = spark.sql(text)
    assert found.columns == [name for name, _ in OUTPUT]
    ids = sorted(r[0] for r in found.select("GLOBALEVENTID").collect())
    want = rows(ruiran.ingest.gdelt(synthetic["v2"], **filters))
    assert ids == [r["GLOBALEVENTID"] for r in want]
    assert ruiran.ingest.gdelt_sql("spark", VIEW, **filters) != text  # the view has Version


def test_the_benchmark_runs_on_a_small_file(spark: Any, tmp_path: Path) -> None:
    """benchmarks/spark.py keeps working (no timing is asserted)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import spark as bench  # benchmarks/spark.py
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    result = bench.measure(spark, 3000, tmp_path, repeat=1)
    assert result["rows"] == 3000
    assert result["kept"] > 0
    assert result["spark_ingest_s"] > 0
    assert result["duckdb_ingest_s"] > 0


@pytest.mark.parametrize(
    "source", ["events\n", "events\n; DROP TABLE x", "db.events\n", "\nevents"]
)
@pytest.mark.parametrize("dialect", ["duckdb", "spark", "bigquery"])
def test_a_table_name_must_match_whole(dialect: Any, source: str) -> None:
    """A newline at the end of a name is no part of it (``$`` matched before it)."""
    with pytest.raises(QueryError, match="'source' must be a table name"):
        ruiran.ingest.gdelt_sql(dialect, source, version=2)


def test_a_local_out_follows_coded_output_rules_exactly(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: Hadoop's local file system follows links and lists no empty folder,
    so these were replaced (or read through a link) before the fix."""
    hollow = tmp_path / "hollow"
    (hollow / "keep" / "me").mkdir(parents=True)
    with pytest.raises(OutputExistsError, match="is not empty"):
        ruiran.ingest.gdelt_spark(spark, str(GDELT2_FILE), out=hollow)
    assert (hollow / "keep" / "me").is_dir()
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "mine.txt").write_text("mine")
    forged = {"format": "ruiran-coded-events", "format_version": 2, "files": ["mine.txt"]}
    (tmp_path / "elsewhere.json").write_text(json.dumps(forged))
    (linked / MANIFEST).symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(OutputExistsError, match="not regular files"):
        ruiran.ingest.gdelt_spark(spark, str(GDELT2_FILE), out=linked, overwrite=True)
    assert (linked / "mine.txt").read_text() == "mine"
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(OutputExistsError, match="current folder"):
        ruiran.ingest.gdelt_spark(spark, str(GDELT2_FILE), out=".")
    assert Path.cwd() == here
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "elsewhere.json",
        "here",
        "hollow",
        "linked",
    ]
