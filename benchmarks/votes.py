"""UN General Assembly votes: load time, and agreement by year against a pandas pivot.

Times, in one run on the same machine:

- the first load of the bundled votes in a fresh interpreter (``ruiran.votes.store.bundled()``,
  after pyarrow, numpy and pandas are imported; the imports are timed apart): its median, its
  slowest over the runs, and its CPU time (which a busy machine does not inflate);
- then, in the same interpreter, the rest of a user's first question
  (``ruiran.votes.agreement(a, b, by="year")``): the bundled dataset read to resolve the names
  (``ruiran.load()``, once per process, shared with every other question) and the first call
  once both are in memory;
- ``ruiran.votes.agreement(a, b, by="year")`` over the whole dataset: the first call, then the
  median of repeated calls;
- the same figures from a pandas pivot of the long table (every vote, a row each, with its
  year, built before timing): the two states' rows, pivoted to a roll call per row, compared,
  grouped by year;

checks that both give the same numbers, and prints the ratio. Targets (issue 24): agreement by
year at most 10 ms after the first call and at least 10 times faster than the pivot; the first
load at most 200 ms.

Usage::

    python benchmarks/votes.py                    # Russia–Iran, 50 repeats
    python benchmarks/votes.py --repeat 5 --json out.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_FIRST_LOAD = """
import time
t0 = time.perf_counter()
import numpy, pandas, pyarrow.parquet
t1 = time.perf_counter()
from ruiran.votes import store
t2 = time.perf_counter()
c2 = time.process_time()
store.bundled()
t3, c3 = time.perf_counter(), time.process_time()
import ruiran  # already imported by ruiran.votes
t4 = time.perf_counter()
ruiran.load()
t5 = time.perf_counter()
ruiran.votes.agreement(*PAIR, by="year")
t6 = time.perf_counter()
walls = [(t0, t1), (t1, t2), (t2, t3), (t4, t5), (t5, t6), (c2, c3)]
print(*((b - a) * 1000 for a, b in walls))
"""


def _median_ms(call: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def first_load(runs: int, pair: Sequence[str] = ("Russia", "Iran")) -> dict[str, float]:
    """Milliseconds, over fresh interpreters (median, and the slowest of the load), of the
    imports, the votes' first load, and the parts of a user's first question."""
    src = str(Path(__file__).resolve().parents[1] / "src")
    found = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", f"PAIR = {list(pair)!r}\n{_FIRST_LOAD}"],
            check=True,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": src, "PATH": ""},
        ).stdout.split()
        found.append([float(x) for x in out])
    return {
        "imports_ms": statistics.median(f[0] for f in found),
        "import_ruiran_votes_ms": statistics.median(f[1] for f in found),
        "first_load_ms": statistics.median(f[2] for f in found),
        "first_load_max_ms": max(f[2] for f in found),
        "first_load_cpu_ms": statistics.median(f[5] for f in found),
        "dataset_load_ms": statistics.median(f[3] for f in found),
        "first_question_after_loads_ms": statistics.median(f[4] for f in found),
    }


def pandas_pivot(frame: Any, a: str, b: str) -> Any:
    """Agreement by year the pandas way: filter, pivot, compare, group."""
    two = frame[frame["country_code"].isin([a, b])]
    wide = two.pivot_table(index=["rcid", "year"], columns="country_code", values="vote")
    wide = wide.dropna()
    same = (wide[a] == wide[b]).groupby(level="year").agg(["size", "mean"])
    return same.rename(columns={"size": "n", "mean": "agreement"}).reset_index()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--load-runs", type=int, default=5)
    parser.add_argument("--pair", nargs=2, default=["Russia", "Iran"], metavar=("A", "B"))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    import pandas as pd
    import pyarrow.parquet as pq

    import ruiran
    from ruiran.votes.store import bundled

    a, b = args.pair
    loaded = first_load(args.load_runs, (a, b))
    codes = [str(getattr(ruiran.actor(x), "iso_alpha2", None)) for x in (a, b)]

    start = time.perf_counter()
    bundled()
    mine = ruiran.votes.agreement(a, b, by="year")
    first_call = (time.perf_counter() - start) * 1000
    after = _median_ms(lambda: ruiran.votes.agreement(a, b, by="year"), args.repeat)

    folder = Path(ruiran.votes.__file__).parent / "data"
    votes = pq.read_table(folder / "votes.parquet").to_pandas()
    calls = pq.read_table(folder / "roll_calls.parquet", columns=["rcid", "date"]).to_pandas()
    calls["year"] = pd.to_datetime(calls["date"]).dt.year
    frame = votes.merge(calls[["rcid", "year"]], on="rcid")
    frame["country_code"] = frame["country_code"].astype(str)
    theirs = pandas_pivot(frame, *codes)
    if theirs["year"].tolist() != mine["year"].tolist() or (
        theirs["n"].tolist() != mine["n"].tolist()
    ):
        raise SystemExit("ruiran and the pandas pivot disagree")
    if max(abs(theirs["agreement"] - mine["agreement"])) > 1e-12:
        raise SystemExit("ruiran and the pandas pivot disagree on agreement")
    pivot = _median_ms(lambda: pandas_pivot(frame, *codes), max(3, args.repeat // 10))

    report = {
        **loaded,
        "pair": [a, b],
        "rows": len(frame),
        "agreement_first_call_ms": first_call,
        "agreement_after_ms": after,
        "pandas_pivot_ms": pivot,
        "speedup": pivot / after,
    }
    print(f"votes: {len(frame):,} rows; {a}–{b} agreement by year, {len(mine)} years")
    print(f"  imports (numpy, pandas, pyarrow)      {loaded['imports_ms']:8.1f} ms")
    print(f"  import ruiran.votes                   {loaded['import_ruiran_votes_ms']:8.1f} ms")
    print(
        f"  first load of the bundled votes        {loaded['first_load_ms']:8.1f} ms  (target 200)"
    )
    print(f"    slowest of {args.load_runs} runs{loaded['first_load_max_ms']:29.1f} ms")
    print(f"    CPU time (a busy machine's wait left out) {loaded['first_load_cpu_ms']:5.1f} ms")
    print("  then, a first question:")
    print(f"    the bundled dataset (names resolved) {loaded['dataset_load_ms']:8.1f} ms")
    print(f"    agreement, both loaded{loaded['first_question_after_loads_ms']:23.1f} ms")
    print(f"  agreement by year, first call          {first_call:8.1f} ms")
    print(f"  agreement by year, after               {after:8.2f} ms  (target 10)")
    print(f"  pandas pivot, same figures             {pivot:8.1f} ms")
    print(f"  speed-up                               {pivot / after:8.0f} x  (target 10)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
