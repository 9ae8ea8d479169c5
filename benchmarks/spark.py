"""Benchmark: the GDELT ingest on Spark (local mode) against the DuckDB ingest, step by step.

Run on demand, not in CI (Spark needs Java; 10^6 rows take a few minutes)::

    python benchmarks/spark.py                       # 10^6 rows, local[2]
    python benchmarks/spark.py --rows 200000 --master 'local[1]' --out /tmp/spark.md

One synthetic GDELT 2.0 file (``ruiran.testing.synthetic_gdelt``, seed 0, plain text) is
written first, then each step is timed for both engines on the same file, in one run:

- **start**: a SparkSession in local mode (DuckDB has nothing to start);
- **ingest a dyad**: Russia–Iran kept, written as Parquet by year with ruiran's manifest:
  ``ruiran.ingest.gdelt`` + ``write_folder`` (what ``ruiran ingest gdelt --out`` does) against
  ``ruiran.ingest.gdelt_spark``;
- **the same, DuckDB alone**: the plan's DuckDB query (``ruiran.ingest.gdelt_sql("duckdb",
  ...)``) over DuckDB's ``read_csv`` of the file, written by DuckDB's own ``COPY ... TO``
  with ``PARTITION_BY (year)``: no Arrow table, no store, no manifest, like Spark's path;
- **ingest everything**: the same with no filter (every row parsed, typed and written);
- **load back**: ``ruiran.load(DIR)`` of each engine's folder (the same reader for both).

Each step's result is checked to be the same for both engines (the same events) before its
time is kept; a time is the median of ``--repeat`` runs. The results replace the part of
``--out`` (default ``docs/beyond-one-machine.md``) between ``<!-- spark:start -->`` and
``<!-- spark:end -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ruiran
from ruiran.coded.parquet import write_folder
from ruiran.testing import synthetic_gdelt

ROOT = Path(__file__).resolve().parents[1]
START = "<!-- spark:start -->"
END = "<!-- spark:end -->"
PAIR = ("Russia", "Iran")


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median time of ``function`` over ``repeat`` runs, and its last result."""
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def start_spark(master: str) -> tuple[float, Any]:
    """A quiet local SparkSession, and how long it took to start (a query run included)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        from pyspark.sql import SparkSession

        began = time.perf_counter()
        spark = (
            SparkSession.builder.master(master)
            .appName("ruiran-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        spark.sql("SELECT 1").collect()
    return time.perf_counter() - began, spark


def _ids(ds: ruiran.Dataset) -> list[int]:
    assert ds.coded is not None
    return sorted(int(i) for i in ds.coded.table.column("GLOBALEVENTID").to_pylist())


def measure(spark: Any, rows: int, folder: Path, repeat: int = 3) -> dict[str, Any]:
    """Time each step for both engines on one synthetic file of ``rows`` rows in ``folder``."""
    path = synthetic_gdelt(folder / f"gdelt2-{rows}.tsv", rows, seed=0, version=2)
    result: dict[str, Any] = {
        "rows": rows,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "repeat": repeat,
    }
    outs: dict[str, Path] = {}
    for label, filters in (("ingest", {"between": PAIR}), ("all", {})):
        duck_out, spark_out = folder / f"duckdb-{label}", folder / f"spark-{label}"

        def duckdb_ingest(filters: dict[str, Any] = filters, out: Path = duck_out) -> Any:
            ds = ruiran.ingest.gdelt(path, **filters)
            write_folder(ds, out, overwrite=True)
            return ds

        def spark_ingest(filters: dict[str, Any] = filters, out: Path = spark_out) -> Any:
            return ruiran.ingest.gdelt_spark(spark, str(path), out=out, overwrite=True, **filters)

        duck_s, ds = timed(duckdb_ingest, repeat)
        spark_s, summary = timed(spark_ingest, repeat)
        assert ds.coded is not None
        assert summary.kept == len(ds.coded), (summary.kept, len(ds.coded))
        result[f"duckdb_{label}_s"] = duck_s
        result[f"spark_{label}_s"] = spark_s
        if label == "ingest":
            result["kept"] = summary.kept
        outs[label] = spark_out
        outs[f"duckdb-{label}"] = duck_out
    duckdb_alone_s, alone = timed(
        lambda: duckdb_alone(path, folder / "duckdb-alone", {"between": PAIR}), repeat
    )
    assert alone == result["kept"], (alone, result["kept"])
    result["duckdb_alone_s"] = duckdb_alone_s
    load_duck_s, from_duck = timed(lambda: ruiran.load(outs["duckdb-all"]), repeat)
    load_spark_s, from_spark = timed(lambda: ruiran.load(outs["all"]), repeat)
    assert _ids(from_duck) == _ids(from_spark), "the two folders hold different events"
    result["duckdb_load_s"] = load_duck_s
    result["spark_load_s"] = load_spark_s
    return result


def duckdb_alone(path: Path, out: Path, filters: dict[str, Any]) -> int:
    """The plan run by DuckDB alone: ``read_csv`` of the file, the plan's query, ``COPY`` to
    Parquet partitioned by year. Returns the rows written."""
    import duckdb

    from ruiran.coded.columns import GDELT2

    shutil.rmtree(out, ignore_errors=True)
    columns = "{" + ", ".join(f"'{n}': '{k}'" for n, k in GDELT2) + "}"
    connection = duckdb.connect()
    try:
        connection.execute(
            f"CREATE VIEW events AS SELECT * FROM read_csv('{path}', delim='\\t', "
            f"header=false, quote='', escape='', columns={columns}, auto_detect=false)"
        )
        query = ruiran.ingest.gdelt_sql("duckdb", "events", version=2, **filters)
        connection.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet, PARTITION_BY (year))")
        written = connection.sql(f"SELECT count(*) FROM read_parquet('{out}/*/*.parquet')")
        return int(written.fetchall()[0][0])
    finally:
        connection.close()


def report(result: dict[str, Any], start_s: float, master: str, spark_version: str) -> str:
    """The Markdown table of one run."""
    cpus = os.cpu_count()
    lines = [
        f"Measured on {dt.date.today().isoformat()}: {platform.processor() or platform.machine()}"
        f", {cpus} logical CPUs (shared), Python {platform.python_version()}, Apache Spark "
        f"{spark_version} in `{master}`, DuckDB {_duckdb_version()}; one synthetic GDELT 2.0 "
        f"file of {result['rows']:,} rows ({result['file_mb']} MB, plain text), "
        f"`python benchmarks/spark.py`. Median of {result['repeat']} runs of each step.",
        "",
        "| step | DuckDB (`ruiran.ingest.gdelt`) | Spark local (`gdelt_spark`) | Spark / DuckDB |",
        "|---|---:|---:|---:|",
        f"| start the engine | none | {start_s:.1f} s | |",
    ]
    for key, label in (
        ("ingest", f"ingest Russia–Iran ({result['kept']:,} kept), write Parquet by year"),
        ("alone", "the same, DuckDB alone (`read_csv`, the plan's query, `COPY ... PARTITION_BY`)"),
        ("all", f"ingest every row ({result['rows']:,}), write Parquet by year"),
        ("load", "`ruiran.load(DIR)` of the folder written (every row)"),
    ):
        duck = result[f"duckdb_{key}_s"]
        spark = result["spark_ingest_s" if key == "alone" else f"spark_{key}_s"]
        lines.append(f"| {label} | {duck:.2f} s | {spark:.2f} s | {spark / duck:.1f}× |")
    return "\n".join(lines)


def _duckdb_version() -> str:
    import duckdb

    return str(duckdb.__version__)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "beyond-one-machine.md")
    parser.add_argument("--json", type=Path, default=None, help="write the raw results here")
    args = parser.parse_args(argv)
    start_s, spark = start_spark(args.master)
    folder = Path(tempfile.mkdtemp(prefix="ruiran-spark-bench-"))
    try:
        result = measure(spark, args.rows, folder, args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result["spark_start_s"] = start_s
    text = report(result, start_s, args.master, spark.version)
    spark.stop()
    print(text)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    if START in page and END in page:
        before, rest = page.split(START, 1)
        after = rest.split(END, 1)[1]
        args.out.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(f"{args.out} has no {START} ... {END} section: not written", file=sys.stderr)


if __name__ == "__main__":
    main()
