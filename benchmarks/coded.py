"""Benchmarks of coded event data (GDELT): ingest, memory, queries and series at scale.

Run on demand, not in CI (10^7 rows take a while and several GB of memory)::

    python benchmarks/coded.py                          # 10^6 rows
    python benchmarks/coded.py --sizes 1000000 10000000 # and 10^7
    python benchmarks/coded.py --sizes 20000 --out /tmp/perf.md --json /tmp/coded.json

For each size, a synthetic GDELT 2.0 file (``ruiran.testing.synthetic_gdelt``, seed 0, plain
tab-separated text) is written, then in one run, on one machine:

- **ingest with a dyad filter** (Russia–Iran): ``ruiran.ingest.gdelt(path, between=...)``
  against DuckDB's own ``read_csv`` of the same file with the same explicit columns and the
  same ``WHERE``, fetched to Arrow (the floor: what a DuckDB reader that parses every line
  pays), and against pandas ``read_csv`` in chunks of 500,000 lines, text columns given as
  ``str``, with a boolean filter (up to ``--pandas-max`` rows). ruiran's default read screens
  the lines as text before parsing (see :mod:`ruiran.coded.gdelt`); the same ingest with
  ``check_all=True``, which parses every line as the floor does, is timed too;
- **memory held per coded event**: the store's Arrow buffers plus its indexes, over every row
  of the file (ingested without a filter), divided by the rows;
- **events_between handed to Arrow**: ``ds.events_between("Russia", "Iran").coded.to_arrow()``
  (GDELT's columns, as coded)
  against a pandas boolean filter on a DataFrame of every row (built before timing from the
  same Arrow table, text columns as categories: pandas at its fastest), with and without a
  one-year window;
- **a monthly Goldstein series**: ``ds.event_series("Russia", "Iran", freq="month",
  measure="goldstein")`` against a pandas filter and ``groupby`` on the same DataFrame;
- **peak memory per phase**: each phase run alone in a child process (this script with
  ``--phase``), its peak resident memory read from ``/proc/self/status`` (``VmHWM``): the
  streaming ingest to a folder (``ruiran.ingest.gdelt_to_parquet``) with the dyad filter and
  of every row, the ingest in memory (``ruiran.ingest.gdelt``) likewise, DuckDB's own
  ``read_csv`` + filter, and a child that only imports and loads the bundled data (the fixed
  allowance every phase pays). The streaming ingest is timed beside the others too.

Each pair of ways is checked to give the same answer before it is timed. The results replace
the part of ``--out`` (default ``docs/performance.md``) between ``<!-- coded:start -->`` and
``<!-- coded:end -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

import ruiran
from ruiran.coded.columns import GDELT2
from ruiran.coded.evidence import evidence_of
from ruiran.testing import synthetic_gdelt

ROOT = Path(__file__).resolve().parents[1]
START = "<!-- coded:start -->"
END = "<!-- coded:end -->"
PAIR = ("Russia", "Iran")
DYAD = (
    "(Actor1CountryCode = 'RUS' AND Actor2CountryCode = 'IRN') OR "
    "(Actor1CountryCode = 'IRN' AND Actor2CountryCode = 'RUS')"
)
#: The in-memory bound's allowance above the baseline child: DuckDB's working memory.
ALLOWANCE = 256 * 2**20
#: Fast queries are repeated until this many seconds have passed (and at least --repeat times).
BUDGET = 0.5


def timed(function: Callable[[], Any], repeat: int, budget: float = BUDGET) -> tuple[float, Any]:
    """The median time of ``function`` over at least ``repeat`` runs (and ``budget`` seconds)."""
    times: list[float] = []
    result: Any = None
    began = time.perf_counter()
    while len(times) < repeat or (time.perf_counter() - began < budget and len(times) < 200):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def alternating(
    functions: dict[str, Callable[[], Any]], repeat: int
) -> dict[str, tuple[float, Any]]:
    """Slow functions, timed in turns (a, b, c, a, b, c, ...) so that load spreads evenly."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for name, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            results[name] = function()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), results[name]) for name in functions}


def floor(path: Path) -> Any:
    """DuckDB's own read_csv + filter of the file, to Arrow."""
    columns = "{" + ", ".join(f"'{n}': '{t}'" for n, t in GDELT2) + "}"
    connection = duckdb.connect()
    try:
        return connection.sql(
            f"SELECT * FROM read_csv('{path}', delim='\\t', header=false, quote='', escape='', "
            f"columns={columns}, auto_detect=false) WHERE {DYAD}"
        ).to_arrow_table()
    finally:
        connection.close()


def pandas_read(path: Path) -> pd.DataFrame:
    """pandas read_csv of the file (text as text: CAMEO codes keep their zeros) + the filter,
    in chunks of 500,000 lines so that memory stays bounded (as one reads large files)."""
    names = [name for name, _ in GDELT2]
    text = {name: str for name, kind in GDELT2 if kind == "VARCHAR"}
    kept = []
    for frame in pd.read_csv(
        path, sep="\t", header=None, names=names, dtype=text, quoting=3, chunksize=500_000
    ):
        one, other = frame["Actor1CountryCode"], frame["Actor2CountryCode"]
        kept.append(
            frame[((one == "RUS") & (other == "IRN")) | ((one == "IRN") & (other == "RUS"))]
        )
    return pd.concat(kept)


def mb(size: float) -> str:
    return f"{size / 1e6:,.0f} MB"


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def run_size(n: int, folder: Path, repeat: int, pandas_max: int) -> dict[str, Any]:
    print(f"== {n:,} rows", file=sys.stderr)
    path = folder / f"events-{n}.tsv"
    began = time.perf_counter()
    synthetic_gdelt(path, n, seed=0)
    made = time.perf_counter() - began
    size = path.stat().st_size
    row: dict[str, Any] = {"rows": n, "file_bytes": size, "generate_s": made}

    # -- ingest with a dyad filter ----------------------------------------------------------
    streamed = folder / f"streamed-{n}"

    def stream() -> Any:
        return ruiran.ingest.gdelt_to_parquet(
            path, out=streamed, overwrite=True, between=PAIR, progress=False
        )

    ways: dict[str, Callable[[], Any]] = {
        "floor": lambda: floor(path),
        "ruiran": lambda: ruiran.ingest.gdelt(path, between=PAIR),
        "ruiran_stream": stream,
        "ruiran_check_all": lambda: ruiran.ingest.gdelt(path, between=PAIR, check_all=True),
    }
    if n <= pandas_max:
        ways["pandas"] = lambda: pandas_read(path)
    ingest_repeat = repeat if n <= 1_000_000 else 1
    got = alternating(ways, ingest_repeat)
    kept = len(got["ruiran"][1].coded)
    assert got["floor"][1].num_rows == kept, "floor and ruiran disagree"
    assert got["ruiran_check_all"][1].coded.all() == got["ruiran"][1].coded.all()
    assert got["ruiran_stream"][1].kept == kept, "the streaming ingest disagrees"
    if "pandas" in got:
        assert len(got["pandas"][1]) == kept, "pandas and ruiran disagree"
    row["ingest"] = {name: seconds for name, (seconds, _) in got.items()}
    row["kept"] = kept
    print(f"   ingest: {row['ingest']}", file=sys.stderr)
    del got
    shutil.rmtree(streamed, ignore_errors=True)

    # -- peak memory, each phase alone in a child process ------------------------------------
    row["peaks"] = {name: phase_peak(name, path, folder) for name in PHASES}
    print(f"   peaks: {row['peaks']}", file=sys.stderr)

    # -- every row, held in columns -----------------------------------------------------------
    gc.collect()
    before = pa.total_allocated_bytes()
    began = time.perf_counter()
    ds = ruiran.ingest.gdelt(path)
    row["ingest_all_s"] = time.perf_counter() - began
    store = ds.coded
    assert store is not None
    began = time.perf_counter()
    store.indexes()
    row["index_s"] = time.perf_counter() - began
    gc.collect()
    row["held_bytes_per_event"] = store.nbytes / len(store)
    row["table_bytes_per_event"] = store.table.nbytes / len(store)
    row["arrow_bytes_per_event"] = (pa.total_allocated_bytes() - before) / len(store)

    frame = store.table.to_pandas()  # text as categories: pandas at its fastest
    one, other = frame["Actor1CountryCode"], frame["Actor2CountryCode"]

    def pandas_between(window: bool) -> pd.DataFrame:
        mask = ((one == "RUS") & (other == "IRN")) | ((one == "IRN") & (other == "RUS"))
        if window:
            mask &= (frame["SQLDATE"] >= 20200101) & (frame["SQLDATE"] <= 20201231)
        return frame[mask]

    queries: dict[str, Any] = {}
    for window in (False, True):
        start, end = ("2020", "2020") if window else (None, None)

        def ours(start: str | None = start, end: str | None = end) -> Any:
            return evidence_of(ds.events_between(*PAIR, start=start, end=end)).coded.to_arrow()

        mine, ours_result = timed(ours, repeat)

        def pandas_side(window: bool = window) -> Any:
            return pandas_between(window)

        theirs, pandas_result = timed(pandas_side, repeat)
        assert ours_result.num_rows == len(pandas_result), "events_between disagrees"
        assert ours_result.column("GLOBALEVENTID").to_pylist() == list(
            pandas_result["GLOBALEVENTID"]
        )
        key = "events_between, 2020" if window else "events_between"
        queries[key] = {"ruiran": mine, "pandas": theirs, "results": ours_result.num_rows}

    def pandas_series() -> pd.Series:
        sub = pandas_between(False)
        return sub.groupby(sub["SQLDATE"] // 100)["GoldsteinScale"].sum()

    def ours_series() -> pd.DataFrame:
        return ds.event_series(*PAIR, freq="month", measure="goldstein")

    mine, ours_frame = timed(ours_series, repeat)
    theirs, pandas_result = timed(pandas_series, repeat)
    ours_nonzero = ours_frame[ours_frame["events"] > 0]
    assert len(ours_nonzero) == len(pandas_result), "series disagree"
    assert abs(ours_frame["value"].sum() - float(pandas_result.sum())) < 1e-3 * max(
        1.0, abs(float(pandas_result.sum()))
    )
    queries["monthly Goldstein series"] = {
        "ruiran": mine,
        "pandas": theirs,
        "results": len(ours_frame),
    }
    row["queries"] = queries
    print(f"   queries: {queries}", file=sys.stderr)
    gc.collect()
    path.unlink()
    return row


#: The phases whose peak memory is measured, each in a child process of its own.
PHASES = ("baseline", "floor", "stream_dyad", "stream_all", "memory_dyad", "memory_all")


def phase_peak(name: str, path: Path, folder: Path) -> dict[str, Any]:
    """Run one phase in a child process: its peak resident memory, time and result."""
    out = folder / f"phase-{name}"
    command = [sys.executable, __file__, "--phase", name, "--file", str(path), "--scratch",
               str(out)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the phase {name!r} failed:\n{done.stderr}")
    shutil.rmtree(out, ignore_errors=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_phase(name: str, path: Path, out: Path) -> dict[str, Any]:
    """One phase, in this process (the child of :func:`phase_peak`)."""
    ruiran.load()  # the bundled data: part of the fixed allowance, as duckdb and pyarrow are
    began = time.perf_counter()
    found: dict[str, Any] = {}
    if name == "floor":
        found["kept"] = floor(path).num_rows
    elif name.startswith("stream_"):
        filters: dict[str, Any] = {"between": PAIR} if name == "stream_dyad" else {}
        found["kept"] = ruiran.ingest.gdelt_to_parquet(
            path, out=out, progress=False, **filters
        ).kept
    elif name.startswith("memory_"):
        filters = {"between": PAIR} if name == "memory_dyad" else {}
        store = ruiran.ingest.gdelt(path, **filters).coded
        assert store is not None
        found["kept"] = len(store)
        found["store_bytes"] = store.nbytes
    found["seconds"] = time.perf_counter() - began
    found["peak_bytes"] = peak_bytes()
    return found


def peak_bytes() -> int:
    """This process's peak resident memory (``VmHWM``; ``ru_maxrss`` where /proc is absent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def report(rows: list[dict[str, Any]], machine: str) -> str:
    lines = [
        "<!-- Generated by benchmarks/coded.py: edit the script, not this part. -->",
        "",
        machine,
        "",
        "### Targets",
        "",
        "| target | measured | status |",
        "|---|---|---|",
    ]

    def status(ok: bool) -> str:
        return "**met**" if ok else "**missed**"

    for row in rows:
        n = f"{row['rows']:,} rows"
        ingest = row["ingest"]
        ratio = ingest["ruiran"] / ingest["floor"]
        lines.append(
            f"| ingest with a dyad filter ≤ 1.5x DuckDB's read_csv + filter ({n}) | "
            f"{ratio:.2f}x ({fmt_time(ingest['ruiran'])} vs {fmt_time(ingest['floor'])}) | "
            f"{status(ratio <= 1.5)} |"
        )
        if "pandas" in ingest:
            faster = ingest["pandas"] / ingest["ruiran"]
            lines.append(
                f"| ingest ≥ 5x faster than pandas read_csv + filter ({n}) | {faster:.1f}x "
                f"({fmt_time(ingest['ruiran'])} vs {fmt_time(ingest['pandas'])}) | "
                f"{status(faster >= 5)} |"
            )
        ratio = ingest["ruiran_stream"] / ingest["floor"]
        lines.append(
            f"| streaming ingest to a folder, dyad filter, ≤ 1.5x DuckDB's read_csv + filter "
            f"({n}) | {ratio:.2f}x ({fmt_time(ingest['ruiran_stream'])} vs "
            f"{fmt_time(ingest['floor'])}) | {status(ratio <= 1.5)} |"
        )
        if "pandas" in ingest:
            faster = ingest["pandas"] / ingest["ruiran_stream"]
            lines.append(
                f"| streaming ingest ≥ 5x faster than pandas read_csv + filter ({n}) | "
                f"{faster:.1f}x | {status(faster >= 5)} |"
            )
        peaks = row["peaks"]
        for phase, what in (("stream_dyad", "dyad filter"), ("stream_all", "every row")):
            peak = peaks[phase]["peak_bytes"]
            lines.append(
                f"| streaming ingest peak memory ≤ 600 MB, {what} ({n}) | {mb(peak)} | "
                f"{status(peak <= 600e6)} |"
            )
        whole = peaks["memory_all"]
        allowance = peaks["baseline"]["peak_bytes"] + ALLOWANCE
        bound = 2 * whole["store_bytes"] + allowance
        lines.append(
            f"| ingest in memory, every row: peak ≤ 2x the store + allowance ({n}) | "
            f"{mb(whole['peak_bytes'])} (store {mb(whole['store_bytes'])}, bound {mb(bound)}) "
            f"| {status(whole['peak_bytes'] <= bound)} |"
        )
        held = row["held_bytes_per_event"]
        lines.append(
            f"| memory held per coded event ≤ 200 bytes ({n}) | {held:.0f} bytes | "
            f"{status(held <= 200)} |"
        )
        for name, q in row["queries"].items():
            faster = q["pandas"] / q["ruiran"]
            lines.append(
                f"| {name} ≥ 10x faster than pandas ({n}) | {faster:.1f}x "
                f"({fmt_time(q['ruiran'])} vs {fmt_time(q['pandas'])}) | {status(faster >= 10)} |"
            )
    lines += [
        "",
        "### Details",
        "",
        "| rows | file | kept (Russia–Iran) | floor | ruiran ingest | ruiran, check_all | "
        "ruiran, streaming | pandas | ingest of every row | indexes | table bytes / event | "
        "held bytes / event | Arrow memory / event |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ingest = row["ingest"]
        lines.append(
            f"| {row['rows']:,} | {row['file_bytes'] / 2**20:,.0f} MiB | {row['kept']:,} | "
            f"{fmt_time(ingest['floor'])} | {fmt_time(ingest['ruiran'])} | "
            f"{fmt_time(ingest['ruiran_check_all'])} | {fmt_time(ingest['ruiran_stream'])} | "
            f"{fmt_time(ingest['pandas']) if 'pandas' in ingest else 'not run'} | "
            f"{fmt_time(row['ingest_all_s'])} | {fmt_time(row['index_s'])} | "
            f"{row['table_bytes_per_event']:.0f} | {row['held_bytes_per_event']:.0f} | "
            f"{row['arrow_bytes_per_event']:.0f} |"
        )
    lines += [
        "",
        "Peak resident memory of each phase run alone in a child process (`VmHWM`); the "
        "baseline child only imports ruiran, duckdb and pyarrow and loads the bundled data. "
        "The allowance of the in-memory bound is the baseline plus 256 MiB (DuckDB's "
        "working memory).",
        "",
        "| rows | phase | kept | time (one run) | peak memory | above the baseline |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    names = {
        "baseline": "baseline (imports, bundled data)",
        "floor": "DuckDB read_csv + dyad filter, to Arrow",
        "stream_dyad": "streaming ingest to a folder, dyad filter",
        "stream_all": "streaming ingest to a folder, every row",
        "memory_dyad": "ingest in memory, dyad filter",
        "memory_all": "ingest in memory, every row",
    }
    for row in rows:
        base = row["peaks"]["baseline"]["peak_bytes"]
        for phase, found in row["peaks"].items():
            lines.append(
                f"| {row['rows']:,} | {names[phase]} | "
                f"{found['kept']:,} | {fmt_time(found['seconds'])} | "
                f"{mb(found['peak_bytes'])} | {mb(found['peak_bytes'] - base)} |"
                if phase != "baseline"
                else f"| {row['rows']:,} | {names[phase]} | | | {mb(base)} | |"
            )
    lines += [
        "",
        "| rows | query | results | ruiran | pandas | pandas / ruiran |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        for name, q in row["queries"].items():
            lines.append(
                f"| {row['rows']:,} | {name} | {q['results']:,} | {fmt_time(q['ruiran'])} | "
                f"{fmt_time(q['pandas'])} | {q['pandas'] / q['ruiran']:.1f}x |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pandas-max", type=int, default=10_000_000,
                        help="the largest size at which pandas read_csv is timed")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase is not None:  # a child of phase_peak(): one phase, its result as JSON
        print(json.dumps(run_phase(args.phase, args.file, args.scratch)))
        return
    ruiran.load()  # the bundled data, read before anything is timed
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="ruiran-coded-bench-") as scratch:
        rows = [run_size(n, Path(scratch), args.repeat, args.pandas_max) for n in args.sizes]
    after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    machine = (
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.processor() or 'a CPU'} "
        f"({os.cpu_count()} cores), {platform.platform()}; Python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}, pyarrow {pa.__version__}, pandas {pd.__version__}. "
        f"Load average before / after: {load} / {after} (a shared machine: other jobs may "
        "have run)."
    )
    text = report(rows, machine)
    if args.json is not None:
        args.json.write_text(json.dumps({"rows": rows, "machine": machine}, indent=2) + "\n")
    page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    if START in page and END in page:
        head, rest = page.split(START, 1)
        _, tail = rest.split(END, 1)
        page = f"{head}{START}\n\n{text}\n{END}{tail}"
    else:
        page = f"{page.rstrip()}\n\n{START}\n\n{text}\n{END}\n"
    args.out.write_text(page, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
