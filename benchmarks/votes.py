"""UN General Assembly votes: load time, and agreement by year against a pandas pivot.

Times, in one run on the same machine:

- the first use in fresh interpreters, as a user meets it: ``import ruiran.votes``, then
  ``ruiran.votes.store.bundled()`` (the votes loaded, with whatever it imports: numpy), then
  ``ruiran.votes.roll_calls()`` (every roll call as a record, with the texts' reader: pyarrow);
  medians over the runs, the slowest load, its CPU time (which a busy machine does not
  inflate), and which of pyarrow and pandas the load imported;
- the first load with numpy, pandas and pyarrow imported before (their imports timed apart),
  then the rest of a user's first question (``ruiran.votes.agreement(a, b, by="year")``): the
  bundled dataset read to resolve the names (``ruiran.load()``, once per process, shared with
  every other question) and the first call once both are in memory;
- baselines in the same run, each alone in a fresh interpreter: ``import numpy``,
  ``import pyarrow``, ``import pandas``, ``import ruiran`` (the floor under any first use);
- with ``--before SRC`` (another checkout's ``src``, e.g. before a change), the same first-use
  figures for it, the runs interleaved with this one's so that both see the same machine;
- ``ruiran.votes.agreement(a, b, by="year")`` over the whole dataset: the first call, then the
  median of repeated calls;
- the same figures from a pandas pivot of the long table (every vote, a row each, with its
  year, built before timing): the two states' rows, pivoted to a roll call per row, compared,
  grouped by year;

checks that both give the same numbers, and prints the ratio. Targets (issue 24): agreement by
year at most 10 ms after the first call and at least 10 times faster than the pivot; the first
load at most 200 ms.

Usage::

    python benchmarks/votes.py                    # Russia–Iran, 50 repeats, 7 fresh runs
    python benchmarks/votes.py --repeat 5 --load-runs 3 --json out.json
    python benchmarks/votes.py --before ../main/src   # before and after, in one run
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

#: A user's first use: the import, the load, every roll call (times, then the CPU time of the
#: load and whether it imported pyarrow or pandas).
_FIRST_USE = """
import sys, time
t0 = time.perf_counter()
import ruiran.votes
t1 = time.perf_counter()
c1 = time.process_time()
ruiran.votes.store.bundled()
t2, c2 = time.perf_counter(), time.process_time()
heavy = [int(m in sys.modules) for m in ("pyarrow", "pandas")]
ruiran.votes.roll_calls()
t3 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000, (t3 - t0) * 1000,
      (c2 - c1) * 1000, *heavy)
"""

#: The load with the libraries imported first, then the rest of a first question.
_WARM = """
import time
t0 = time.perf_counter()
import numpy, pandas, pyarrow.parquet
t1 = time.perf_counter()
from ruiran.votes import store
t2 = time.perf_counter()
store.bundled()
t3 = time.perf_counter()
import ruiran  # already imported by ruiran.votes
ruiran.load()
t4 = time.perf_counter()
ruiran.votes.agreement(*PAIR, by="year")
t5 = time.perf_counter()
print(*((b - a) * 1000 for a, b in [(t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5)]))
"""

#: Each alone in a fresh interpreter: the floor under a first use.
BASELINES = ("numpy", "pyarrow", "pandas", "ruiran")
_IMPORT = (
    "import time\nt0 = time.perf_counter()\nimport {}\nprint((time.perf_counter() - t0) * 1000)"
)

_FIRST_USE_KEYS = ("import_ruiran_votes_ms", "first_load_ms", "first_roll_calls_ms",
                   "first_use_total_ms", "first_load_cpu_ms")  # fmt: skip
_WARM_KEYS = ("imports_ms", "import_ruiran_votes_after_imports_ms", "first_load_warm_ms",
              "dataset_load_ms", "first_question_after_loads_ms")  # fmt: skip


def _median_ms(call: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _run(code: str, src: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": src, "PATH": ""},
    ).stdout.split()
    return [float(x) for x in out]


def first_load(
    runs: int, pair: Sequence[str] = ("Russia", "Iran"), before: str | None = None
) -> dict[str, Any]:
    """Milliseconds over fresh interpreters (medians; the slowest of the load) of a first use,
    of the load after the libraries' imports and the parts of a first question, of the
    baselines' imports, and (with ``before``, a ``src`` folder) of that checkout's first use."""
    src = str(Path(__file__).resolve().parents[1] / "src")
    found: dict[str, list[list[float]]] = {"use": [], "warm": [], "before": []}
    found.update({name: [] for name in BASELINES})
    for _ in range(runs):  # interleaved: a burst of load on the machine hits every figure
        found["use"].append(_run(_FIRST_USE, src))
        found["warm"].append(_run(f"PAIR = {list(pair)!r}\n{_WARM}", src))
        if before is not None:
            found["before"].append(_run(_FIRST_USE, before))
        for name in BASELINES:
            found[name].append(_run(_IMPORT.format(name), src))

    def medians(rows: list[list[float]], keys: Sequence[str]) -> dict[str, float]:
        return {key: statistics.median(r[i] for r in rows) for i, key in enumerate(keys)}

    report: dict[str, Any] = {
        "runs": runs,
        **medians(found["use"], _FIRST_USE_KEYS),
        "first_load_max_ms": max(r[1] for r in found["use"]),
        "first_load_imports": [
            m for i, m in enumerate(("pyarrow", "pandas")) if any(r[5 + i] for r in found["use"])
        ],
        **medians(found["warm"], _WARM_KEYS),
        "baseline_import_ms": {
            name: statistics.median(r[0] for r in found[name]) for name in BASELINES
        },
    }
    if before is not None:
        report["before"] = {
            "src": before,
            **medians(found["before"], _FIRST_USE_KEYS),
            "first_load_max_ms": max(r[1] for r in found["before"]),
            "first_load_imports": [
                m
                for i, m in enumerate(("pyarrow", "pandas"))
                if any(r[5 + i] for r in found["before"])
            ],
        }
    return report


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
    parser.add_argument("--load-runs", type=int, default=7)
    parser.add_argument("--before", default=None, metavar="SRC",
                        help="another checkout's src folder, timed in the same run")  # fmt: skip
    parser.add_argument("--pair", nargs=2, default=["Russia", "Iran"], metavar=("A", "B"))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    import pandas as pd
    import pyarrow.parquet as pq

    import ruiran
    from ruiran.votes.store import bundled

    a, b = args.pair
    loaded = first_load(args.load_runs, (a, b), args.before)
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
    base = loaded["baseline_import_ms"]
    print(f"votes: {len(frame):,} rows; {a}–{b} agreement by year, {len(mine)} years")
    print(f"first use, fresh interpreters (median of {args.load_runs}):")
    print(f"  import ruiran.votes                    {loaded['import_ruiran_votes_ms']:8.1f} ms")
    print(
        f"  first load (store.bundled())           {loaded['first_load_ms']:8.1f} ms  (target 200)"
    )
    print(f"    slowest                              {loaded['first_load_max_ms']:8.1f} ms")
    print(f"    CPU time                             {loaded['first_load_cpu_ms']:8.1f} ms")
    print(
        f"    imported: {', '.join(loaded['first_load_imports']) or 'neither pyarrow nor pandas'}"
    )
    print(f"  then roll_calls(), every roll call     {loaded['first_roll_calls_ms']:8.1f} ms")
    print(f"  all three                              {loaded['first_use_total_ms']:8.1f} ms")
    if "before" in loaded:
        old = loaded["before"]
        print(f"  before ({old['src']}):")
        print(f"    import ruiran.votes                  {old['import_ruiran_votes_ms']:8.1f} ms")
        print(f"    first load                           {old['first_load_ms']:8.1f} ms")
        print(f"    then roll_calls()                    {old['first_roll_calls_ms']:8.1f} ms")
        print(f"    all three                            {old['first_use_total_ms']:8.1f} ms")
        print(f"    imported: {', '.join(old['first_load_imports']) or 'neither'}")
    print("baselines, each alone in a fresh interpreter:")
    for name, took in base.items():
        print(f"  import {name:<32}{took:8.1f} ms")
    print("with numpy, pandas and pyarrow imported first:")
    print(f"  their imports                          {loaded['imports_ms']:8.1f} ms")
    print(f"  first load                             {loaded['first_load_warm_ms']:8.1f} ms")
    print(f"  the bundled dataset (names resolved)   {loaded['dataset_load_ms']:8.1f} ms")
    print(
        f"  agreement, both loaded                 {loaded['first_question_after_loads_ms']:8.1f} ms"
    )
    print(f"agreement by year, first call            {first_call:8.1f} ms")
    print(f"agreement by year, after                 {after:8.2f} ms  (target 10)")
    print(f"pandas pivot, same figures               {pivot:8.1f} ms")
    print(f"speed-up                                 {pivot / after:8.0f} x  (target 10)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
