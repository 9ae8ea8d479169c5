"""Benchmarks of ruiran: indexed queries against brute force and pandas, build, load, import.

Run on demand (it takes a while at 10^6 events)::

    python benchmarks/run.py                       # 10^3 .. 10^6 events
    python benchmarks/run.py --quick               # 10^3 .. 10^5 events
    python benchmarks/run.py --sizes 1000 --repeat 3 --out /tmp/perf.md --json /tmp/perf.json
    python benchmarks/run.py --startup-only        # import and bundled load() only

The results replace the part of ``--out`` (default ``docs/performance.md``) between the
``<!-- results:start -->`` and ``<!-- results:end -->`` markers, and the start-up results the
part between ``<!-- startup:start -->`` and ``<!-- startup:end -->``; the text around them is
kept.
Every ratio is measured in the same run on the same machine. The three ways of answering each
query are checked to give the same answer before they are timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pydantic
from brute import Brute, Span
from frames import Frames

import ruiran
from ruiran.dataset.bulk import paused_gc
from ruiran.io import from_dicts
from ruiran.model import records_adapter
from ruiran.synthetic import synthetic_records

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000, 100_000)
SEED = 0
START = "<!-- results:start -->"
END = "<!-- results:end -->"
#: The start-up results have a part of their own, so that ``--startup-only`` can refresh them
#: without a run at every size.
STARTUP_START = "<!-- startup:start -->"
STARTUP_END = "<!-- startup:end -->"

#: The window of the windowed queries: one calendar year (the synthetic data spans 1990-2025).
WINDOW_TEXT = "2010"
WINDOW: Span = (dt.date(2010, 1, 1), dt.date(2010, 12, 31))

#: Query actors. Participation is Zipf-like by position, so state-0 is the most frequent
#: actor (the worst case) and state-10 / state-20 are of middling frequency.
PAIRS = {"mid": ("state-10", "state-20"), "top": ("state-0", "state-1")}

#: Fast queries are repeated until this many seconds have passed (and at least --repeat times).
BUDGET = 0.25


def n_actors(n_events: int) -> int:
    """How many states a synthetic dataset of ``n_events`` events has."""
    return max(50, n_events // 1000)


@dataclass
class QueryRow:
    size: int
    query: str
    actors: str
    window: bool
    results: int
    indexed: float
    #: The indexed query, then reading the id of every record it returned (what the answer
    #: check does): the cost of touching each returned record once in Python.
    indexed_ids: float
    brute: float
    pandas: float
    runs: dict[str, int]


@dataclass
class BuildRow:
    size: int
    records: int
    generate: float
    validate_python: float
    dataset: float
    from_dicts: float
    bytes_per_event: float | None
    validate_json: float
    load_jsonl: float


@dataclass
class Report:
    sizes: list[int]
    machine: dict[str, str]
    queries: list[QueryRow] = field(default_factory=list)
    builds: list[BuildRow] = field(default_factory=list)
    imports: dict[str, float] = field(default_factory=dict)


# -- timing -----------------------------------------------------------------------------------


def timed(fn: Callable[[], object], min_runs: int, budget: float = 0.0) -> tuple[float, int]:
    """The median time of ``fn`` over at least ``min_runs`` runs (more while within budget)."""
    times: list[float] = []
    began = time.perf_counter()
    while len(times) < min_runs or (time.perf_counter() - began < budget and len(times) < 2000):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(times)


def rss() -> int | None:
    """The resident set size of this process in bytes (Linux), or None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "system": platform.platform(),
        "python": platform.python_version(),
        "pydantic": pydantic.VERSION,
        "pandas": pd.__version__,
        "ruiran": ruiran.__version__,
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


# -- one size ---------------------------------------------------------------------------------


def bench_size(n: int, repeat: int, log: Callable[[str], None]) -> tuple[BuildRow, list[QueryRow]]:
    """Build, load and query a synthetic dataset of ``n`` events."""
    big = n >= 100_000
    t0 = time.perf_counter()
    dicts = synthetic_records(n, n_actors(n), SEED)
    generate = time.perf_counter() - t0
    log(f"n={n}: {len(dicts)} records generated in {generate:.1f}s")

    build_runs = 1 if big else repeat
    # The validation floor first, in a fresh heap, and under the same conditions ruiran loads
    # in: ruiran pauses the cyclic garbage collector during bulk work, so the baseline does too.
    gc.collect()
    with paused_gc():
        validate = timed(lambda: records_adapter().validate_python(dicts), build_runs)[0]
    gc.collect()
    before = rss()
    t0 = time.perf_counter()
    ds = from_dicts(dicts)
    first_build = time.perf_counter() - t0
    after = rss()
    per_event = None if before is None or after is None else (after - before) / n
    build = statistics.median(
        [first_build] + [timed(lambda: from_dicts(dicts), 1)[0] for _ in range(build_runs - 1)]
    )
    records = records_adapter().validate_python(dicts)
    dataset = timed(lambda: ruiran.Dataset(records), build_runs)[0]
    log(f"n={n}: from_dicts {build:.2f}s, validate_python {validate:.2f}s, Dataset {dataset:.2f}s")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        lines = [json.dumps(d, separators=(",", ":")) for d in dicts]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        array = "[" + ",".join(lines) + "]"
        gc.collect()
        with paused_gc():
            validate_json = timed(lambda: records_adapter().validate_json(array), build_runs)[0]
        gc.collect()
        load_jsonl = timed(lambda: ruiran.load(path), build_runs)[0]
    log(f"n={n}: validate_json {validate_json:.2f}s, load(.jsonl) {load_jsonl:.2f}s")
    build_row = BuildRow(
        n, len(dicts), generate, validate, dataset, build, per_event, validate_json, load_jsonl
    )
    gc.collect()

    everything = list(ds)
    brute, frames = Brute(everything), Frames(everything)
    rows = [
        bench_query(n, name, label, windowed, ways, repeat)
        for name, label, windowed, ways in queries(ds, brute, frames)
    ]
    for row in rows:
        log(
            f"n={n}: {row.query}({row.actors}{', window' if row.window else ''}) "
            f"-> {row.results}: indexed {row.indexed * 1e6:.0f}us, "
            f"brute {row.brute * 1e3:.1f}ms, pandas {row.pandas * 1e3:.2f}ms"
        )
    return build_row, rows


#: (indexed query, its answer's ids, brute force ids, pandas ids). The indexed query is timed
#: as it is, returning its Records; the other two return their ids, their natural answer.
Ways = tuple[
    Callable[[], Sequence[Any]],
    Callable[[Sequence[Any]], list[str]],
    Callable[[], list[str]],
    Callable[[], list[str]],
]


def queries(ds: ruiran.Dataset, brute: Brute, frames: Frames) -> list[tuple[str, str, bool, Ways]]:
    """Each benchmarked query as (name, actors label, windowed, ways): see :data:`Ways`.

    The ids of each way's answer, in order, are compared before anything is timed.
    """
    found: list[tuple[str, str, bool, Ways]] = []
    for label, (a, b) in PAIRS.items():
        for windowed in (False, True):
            for name, ways in _ways(ds, brute, frames, a, b, windowed):
                found.append((name, label, windowed, ways))
    return found


def _ids(records: Sequence[Any]) -> list[str]:
    return [r.id for r in records]


def _ways(
    ds: ruiran.Dataset, brute: Brute, frames: Frames, a: str, b: str, windowed: bool
) -> list[tuple[str, Ways]]:
    w = WINDOW if windowed else None
    t = WINDOW_TEXT if windowed else None

    def frames_timeline() -> list[str]:
        rows = frames.timeline(a, b, w)[["kind", "rec"]].itertuples(index=False)
        return [frames_id(frames, kind, rec) for kind, rec in rows]

    return [
        (
            "events_between",
            (
                lambda: ds.events_between(a, b, start=t, end=t),
                _ids,
                lambda: _ids(brute.events((a, b), w, None)),
                lambda: frames.events_between(a, b, w),
            ),
        ),
        (
            "agreements_between",
            (
                lambda: ds.agreements_between(a, b, on=t),
                _ids,
                lambda: _ids(brute.agreements((a, b), w, None, None)),
                lambda: frames.agreements_between(a, b, w),
            ),
        ),
        (
            "events_involving",
            (
                lambda: ds.events_involving(a, start=t, end=t),
                _ids,
                lambda: _ids(brute.events((a,), w, None)),
                lambda: frames.events_involving(a, w),
            ),
        ),
        (
            "sanctions_on",
            (
                lambda: ds.sanctions_on(a, on=t),
                _ids,
                lambda: _ids(brute.sanctions_on(a, w)),
                lambda: frames.sanctions_on(a, w),
            ),
        ),
        (
            "timeline",
            (
                lambda: ds.timeline(a, b, start=t, end=t),
                lambda entries: [e.record.id for e in entries],
                lambda: [e[2] for e in brute.timeline((a, b), w)],
                frames_timeline,
            ),
        ),
    ]


def frames_id(frames: Frames, kind: int, rec: int) -> str:
    """The record id of a pandas timeline row."""
    family = (frames.events, frames.agreements, frames.sanctions)[kind]
    return family.ids[rec]


def bench_query(n: int, name: str, label: str, windowed: bool, ways: Ways, repeat: int) -> QueryRow:
    """Check that the three ways agree, then time each."""
    indexed, ids, brute, frame = ways
    answer = ids(indexed())
    t0 = time.perf_counter()
    brute_answer = brute()
    first_brute = time.perf_counter() - t0
    for other, way in ((brute_answer, "brute force"), (frame(), "pandas")):
        # Timeline entries tie on dates in different orders; compare them as multisets.
        same = sorted(other) == sorted(answer) if name == "timeline" else other == answer
        if not same:
            raise AssertionError(f"{name}({label}, window={windowed}) at n={n}: {way} disagrees")
    t_indexed, r_indexed = timed(indexed, repeat, BUDGET)
    t_ids = timed(lambda: ids(indexed()), repeat, BUDGET)[0]
    t_frame, r_frame = timed(frame, repeat, BUDGET)
    # The checking run counts as one brute-force run; at 10^6 it is the only one.
    more = [timed(brute, 1)[0] for _ in range(0 if n >= 1_000_000 else repeat - 1)]
    t_brute, r_brute = statistics.median([first_brute, *more]), 1 + len(more)
    runs = {"indexed": r_indexed, "brute": r_brute, "pandas": r_frame}
    return QueryRow(n, name, label, windowed, len(answer), t_indexed, t_ids, t_brute, t_frame, runs)


# -- import and bundled load ------------------------------------------------------------------


def children_cpu() -> float:
    """CPU time (user and system) used so far by this process's finished children, or 0.0
    where the platform does not say (then the CPU columns read 0)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_imports(runs: int, log: Callable[[str], None]) -> dict[str, float]:
    """Fresh-interpreter costs: ``import ruiran`` and pydantic's ``BaseModel`` (net of a bare
    interpreter start), and ``ruiran.load()`` of the bundled data timed inside the process.

    Every interpreter reads compiled bytecode, as an installed package does: the children
    write and read it under a temporary ``PYTHONPYCACHEPREFIX``, filled by one untimed run of
    each command, even where ``PYTHONDONTWRITEBYTECODE`` is set (it would make ruiran, run
    from a source tree, compile its modules in every run while pydantic's are cached).

    Wall-clock times (the targets) and CPU times (keys ending in ``_cpu``) are both kept: on a
    busy machine the wall clock also counts the time a child waited for a core.
    """
    commands = {
        "python": "pass",
        "pydantic": "from pydantic import BaseModel",
        # What a library with one ordinary model pays: its first field imports pydantic.fields
        # (and pydantic.types, annotated_types), and its validator runs the plugin discovery.
        "pydantic_model": "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int",
        "ruiran": "import ruiran",
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    loads: list[float] = []
    load_cpus: list[float] = []
    probe = (
        "import time, ruiran; t, c = time.perf_counter(), time.process_time(); ruiran.load(); "
        "print(time.perf_counter() - t, time.process_time() - c)"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for code in [*commands.values(), probe]:  # compile once, untimed
            subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
        for _ in range(runs):
            for name, code in commands.items():
                t0, c0 = time.perf_counter(), children_cpu()
                subprocess.run([sys.executable, "-c", code], check=True, env=env)
                walls[name].append(time.perf_counter() - t0)
                cpus[name].append(children_cpu() - c0)
            out = subprocess.run(
                [sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=env
            )
            wall, cpu = out.stdout.split()
            loads.append(float(wall))
            load_cpus.append(float(cpu))
    result = {"runs": float(runs)}
    for suffix, times, load_times in (("", walls, loads), ("_cpu", cpus, load_cpus)):
        medians = {name: statistics.median(values) for name, values in times.items()}
        result |= {
            f"python_start{suffix}": medians["python"],
            f"pydantic_import{suffix}": medians["pydantic"] - medians["python"],
            f"pydantic_model{suffix}": medians["pydantic_model"] - medians["python"],
            f"ruiran_import{suffix}": medians["ruiran"] - medians["python"],
            f"bundled_load{suffix}": statistics.median(load_times),
        }
    log(
        f"import ruiran {result['ruiran_import'] * 1e3:.0f}ms, pydantic "
        f"{result['pydantic_import'] * 1e3:.0f}ms, load() {result['bundled_load'] * 1e3:.0f}ms"
    )
    return result


# -- the report -------------------------------------------------------------------------------


def fmt(seconds: float) -> str:
    """A duration with a readable unit."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def ratio(x: float) -> str:
    return f"{x:,.0f}x" if x >= 10 else f"{x:.1f}x"


def targets(report: Report) -> list[tuple[str, str, bool | None]]:
    """Each target of issue 4: (target, what was measured, met / missed / not evaluated)."""
    out: list[tuple[str, str, bool | None]] = []
    largest = max(report.sizes)
    at = f"at {largest:,} events" + ("" if largest >= 1_000_000 else " (10^6 not run)")
    for name in ("events_between", "agreements_between"):
        rows = [q for q in report.queries if q.size == largest and q.query == name]
        brute = min(q.brute / q.indexed for q in rows)
        frame = min(q.pandas / q.indexed for q in rows)
        full = largest >= 1_000_000
        out.append(
            (
                f"`{name}` ≥ 100x faster than brute force at 10^6 events",
                f"{ratio(brute)} (slowest of its {len(rows)} variants, {at})",
                brute >= 100 if full else None,
            )
        )
        out.append(
            (
                f"`{name}` ≥ 10x faster than pandas at 10^6 events",
                f"{ratio(frame)} (slowest of its {len(rows)} variants, {at})",
                frame >= 10 if full else None,
            )
        )
    full = largest >= 1_000_000
    rows = [q for q in report.queries if q.size == largest]
    slowest = min(rows, key=lambda q: q.pandas / q.indexed)
    worst = slowest.pandas / slowest.indexed
    where = (
        f"`{slowest.query}` {slowest.actors}{' 2010' if slowest.window else ''}, "
        f"{slowest.results:,} results"
    )
    out.append(
        (
            "no query slower than 10x pandas at 10^6 events, largest answers included (issue 12)",
            f"pandas / indexed is {ratio(worst)} for the slowest ({where}; of {len(rows)} "
            f"queries, {at})",
            worst >= 0.1 if full else None,
        )
    )
    out.append(
        (
            "every query at least as fast as pandas at 10^6 events",
            f"slowest {ratio(worst)} ({where}, {at})",
            worst >= 1 if full else None,
        )
    )
    smallest = min(report.sizes)
    if smallest < largest:
        growth = []
        for q in report.queries:
            if q.size != largest:
                continue
            base = next(
                p
                for p in report.queries
                if p.size == smallest
                and (p.query, p.actors, p.window) == (q.query, q.actors, q.window)
            )
            if min(q.results, base.results) >= 20:  # enough rows: cost per result row
                growth.append((q.indexed / q.results) / (base.indexed / base.results))
            elif q.results <= 2 * max(base.results, 10):  # a small answer either way: time
                growth.append(q.indexed / base.indexed)
        worst = max(growth)
        out.append(
            (
                "query time grows with the answer, not the dataset",
                f"indexed time per result row (or, for answers under 20 rows at both sizes, "
                f"the time itself) grows at most {worst:.1f}x (median "
                f"{statistics.median(growth):.1f}x) from {smallest:,} to {largest:,} events "
                f"({largest // smallest:,}x the data); met if ≤ 3x",
                worst <= 3,
            )
        )
    build = next(b for b in report.builds if b.size == largest)
    cost = build.from_dicts / build.validate_python
    out.append(
        (
            "build (`from_dicts`) ≤ 1.5x pydantic validation",
            f"{cost:.2f}x ({fmt(build.from_dicts)} vs {fmt(build.validate_python)}, {at})",
            cost <= 1.5,
        )
    )
    return out


def startup_targets(imports: dict[str, float]) -> list[tuple[str, str, bool | None]]:
    """The start-up targets of issue 10: (target, what was measured, met / missed)."""
    imp = imports["ruiran_import"] / imports["pydantic_import"]
    imp_cpu = imports["ruiran_import_cpu"] / imports["pydantic_import_cpu"]
    load = imports["bundled_load"]
    return [
        (
            "`import ruiran` ≤ 1.5x `from pydantic import BaseModel`",
            f"{imp:.2f}x ({fmt(imports['ruiran_import'])} vs {fmt(imports['pydantic_import'])}; "
            f"in CPU time {imp_cpu:.2f}x)",
            imp <= 1.5,
        ),
        (
            "`ruiran.load()` of the bundled data ≤ 25 ms",
            f"{fmt(load)} (CPU time {fmt(imports['bundled_load_cpu'])})",
            load <= 0.025,
        ),
    ]


def measured_on(m: dict[str, str]) -> str:
    """When, where and with what the numbers were measured."""
    return (
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores), {m['system']}; "
        f"Python {m['python']}, pydantic {m['pydantic']}, pandas {m['pandas']}, "
        f"ruiran {m['ruiran']}. Load average before / after: {m['load_before']} / "
        f"{m.get('load_after', '?')} (a shared machine: other jobs may have run)."
    )


def markdown(report: Report, not_run: Sequence[int]) -> str:
    """The generated part of docs/performance.md (all but start-up)."""
    lines = [
        START,
        "",
        "<!-- Generated by benchmarks/run.py: edit the script, not this part. -->",
        "",
        measured_on(report.machine),
        "",
        "Sizes run: " + ", ".join(f"{s:,}" for s in report.sizes) + " events.",
    ]
    if not_run:
        lines.append(
            "**Not run: " + ", ".join(f"{s:,}" for s in not_run) + " events** (see the note "
            "above); the 10^6 targets are therefore not evaluated."
        )
    lines += ["", "### Targets", "", "| target | measured | status |", "|---|---|---|"]
    for target, measured, met in targets(report):
        status = "not evaluated" if met is None else ("**met**" if met else "**missed**")
        lines.append(f"| {target} | {measured} | {status} |")

    lines += [
        "",
        "### Build, validation and loading",
        "",
        "`validate_python`: `records_adapter().validate_python(dicts)`, pydantic alone. "
        "`Dataset(records)`: integrity checks and indexes over already-validated records. "
        "`from_dicts`: both. Memory: growth of the process's resident set while `from_dicts` "
        "built the Dataset (records and indexes), per event. `validate_json`: one "
        "`records_adapter().validate_json` call on a single JSON array string of every line "
        "(the string built before timing); `load(.jsonl)`: `ruiran.load` of the same lines "
        "as a `.jsonl` file (reading, chunked validation, checks, indexes).",
        "",
        "| events | records | validate_python | Dataset(records) | from_dicts | "
        "from_dicts / validate | memory / event | validate_json | load(.jsonl) | "
        "load / validate_json |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in report.builds:
        memory = "?" if b.bytes_per_event is None else f"{b.bytes_per_event:,.0f} B"
        lines.append(
            f"| {b.size:,} | {b.records:,} | {fmt(b.validate_python)} | {fmt(b.dataset)} | "
            f"{fmt(b.from_dicts)} | {b.from_dicts / b.validate_python:.2f}x | {memory} | "
            f"{fmt(b.validate_json)} | {fmt(b.load_jsonl)} | "
            f"{b.load_jsonl / b.validate_json:.2f}x |"
        )
    for n in not_run:
        lines.append(f"| {n:,} | not run | | | | | | | | |")

    for n in report.sizes:
        build = next(b for b in report.builds if b.size == n)
        lines += [
            "",
            f"### Queries at {n:,} events ({build.records:,} records, {n_actors(n):,} states)",
            "",
            "Medians; `mid` is the pair state-10 / state-20 (or state-10 alone), `top` the most "
            f"frequent pair state-0 / state-1 (or state-0). Window: the year {WINDOW_TEXT}. "
            "indexed: the query, returning its Records; pandas: the filter, returning the "
            "answer's ids; indexed, then ids: the query and a list of the id of every record "
            "it returned (reading each returned record once in Python).",
            "",
            "| query | actors | window | results | indexed | brute force | pandas | "
            "brute / indexed | pandas / indexed | indexed, then ids |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for q in report.queries:
            if q.size != n:
                continue
            lines.append(
                f"| `{q.query}` | {q.actors} | {WINDOW_TEXT if q.window else '–'} | "
                f"{q.results:,} | {fmt(q.indexed)} | {fmt(q.brute)} | {fmt(q.pandas)} | "
                f"{ratio(q.brute / q.indexed)} | {ratio(q.pandas / q.indexed)} | "
                f"{fmt(q.indexed_ids)} |"
            )
    for n in not_run:
        lines += ["", f"### Queries at {n:,} events", "", "Not run."]
    lines += ["", END]
    return "\n".join(lines) + "\n"


def startup_markdown(report: Report) -> str:
    """The generated start-up part of docs/performance.md."""
    i = report.imports
    lines = [
        STARTUP_START,
        "",
        "<!-- Generated by benchmarks/run.py: edit the script, not this part. -->",
        "",
        measured_on(report.machine),
        "",
        f"Fresh interpreters reading cached bytecode, median of {int(i['runs'])} runs each, "
        f"net of a bare `python -c pass` ({fmt(i['python_start'])}). `load()` is timed "
        "inside the process, after `import ruiran`.",
        "",
        "| target | measured | status |",
        "|---|---|---|",
    ]
    for target, value, met in startup_targets(i):
        lines.append(f"| {target} | {value} | {'**met**' if met else '**missed**'} |")
    pydantic_ = i["pydantic_import"]
    total = i["ruiran_import"] + i["bundled_load"]
    pydantic_cpu = i["pydantic_import_cpu"]
    total_cpu = i["ruiran_import_cpu"] + i["bundled_load_cpu"]
    lines += [
        "",
        "| what | wall clock | / `BaseModel` | CPU time | / `BaseModel` |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key in (
        ("`from pydantic import BaseModel`", "pydantic_import"),
        ("the same and one ordinary model, `class M(BaseModel): x: int`", "pydantic_model"),
        ("`import ruiran`", "ruiran_import"),
    ):
        cpu = i[f"{key}_cpu"]
        lines.append(
            f"| {label} | {fmt(i[key])} | {i[key] / pydantic_:.2f}x | {fmt(cpu)} | "
            f"{cpu / pydantic_cpu:.2f}x |"
        )
    lines += [
        f"| `ruiran.load()` (bundled data) | {fmt(i['bundled_load'])} | | "
        f"{fmt(i['bundled_load_cpu'])} | |",
        f"| `import ruiran` and `ruiran.load()` | {fmt(total)} | {total / pydantic_:.2f}x | "
        f"{fmt(total_cpu)} | {total_cpu / pydantic_cpu:.2f}x |",
        "",
        STARTUP_END,
    ]
    return "\n".join(lines) + "\n"


def write(
    out: Path, generated: str, start: str = START, end: str = END, heading: str = "Results"
) -> None:
    """Replace one generated part of ``out``, keeping the text around it."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if start in text and end in text:
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        text = head + generated + ("\n" + tail if tail else "")  # a blank line after the end
    else:
        text = (text or "# Performance\n\n") + f"\n## {heading}\n\n" + generated
    out.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of events")
    parser.add_argument("--quick", action="store_true", help="sizes 10^3 .. 10^5")
    parser.add_argument("--repeat", type=int, default=5, help="minimum runs per timing")
    parser.add_argument("--import-runs", type=int, default=7, help="fresh interpreters each")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="time only the import and the bundled load(); rewrite only their part of --out",
    )
    parser.add_argument(
        "--not-run",
        type=int,
        nargs="*",
        default=[],
        help="sizes to list in the output as not run",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    report = Report(sizes=[] if args.startup_only else sorted(sizes), machine=machine())
    report.imports = bench_imports(args.import_runs, log)
    for n in report.sizes:
        build, rows = bench_size(n, max(1, args.repeat), log)
        report.builds.append(build)
        report.queries += rows
    report.machine["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    write(args.out, startup_markdown(report), STARTUP_START, STARTUP_END, "Start-up")
    found = startup_targets(report.imports)
    if report.sizes:
        write(args.out, markdown(report, args.not_run))
        found = targets(report) + found
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    for target, value, met in found:
        status = "not evaluated" if met is None else ("met" if met else "MISSED")
        log(f"{status:>13}: {target}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
