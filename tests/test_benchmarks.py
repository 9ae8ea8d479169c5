"""The benchmark script runs at a tiny size and reports every row (no timing is asserted).

The script itself checks that the indexed query, the brute-force scan and the pandas filter
give the same answer before timing them, so this also runs that three-way comparison.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[1]
QUERIES = {"events_between", "agreements_between", "events_involving", "sanctions_on", "timeline"}


def test_the_benchmark_runs_and_reports_every_row(tmp_path: Path) -> None:
    out, raw = tmp_path / "performance.md", tmp_path / "results.json"
    out.write_text(
        "# Performance\n\nHand-written.\n\n<!-- results:start -->\nold\n"
        "<!-- results:end -->\n\nBetween.\n\n<!-- startup:start -->\nold start-up\n"
        "<!-- startup:end -->\n\nAfter.\n",
        encoding="utf-8",
    )
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "run.py"),
        "--sizes",
        "300",
        "--repeat",
        "1",
        "--import-runs",
        "1",
        "--out",
        str(out),
        "--json",
        str(raw),
    ]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)

    report = json.loads(raw.read_text(encoding="utf-8"))
    assert report["sizes"] == [300]
    rows = {(q["query"], q["actors"], q["window"]) for q in report["queries"]}
    assert rows == {(q, a, w) for q in QUERIES for a in ("mid", "top") for w in (False, True)}
    for q in report["queries"]:
        assert q["results"] >= 0
        assert min(q["indexed"], q["brute"], q["pandas"]) > 0
    (build,) = report["builds"]
    assert build["size"] == 300
    for key in ("validate_python", "dataset", "from_dicts", "validate_json", "load_jsonl"):
        assert build[key] > 0
    assert {"pydantic_import", "pydantic_model", "ruiran_import", "bundled_load"} <= set(
        report["imports"]
    )

    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nHand-written.")
    assert text.rstrip().endswith("After.")
    assert "old" not in text
    assert "### Targets" in text
    assert text.count("| `events_between` |") == 4
    results, startup = text.split("Between.")
    assert "≤ 1.5x pydantic validation" in results
    for target in ("≤ 1.5x `from pydantic", "≤ 25 ms", "`import ruiran` and `ruiran.load()`"):
        assert target in startup


def test_the_start_up_part_runs_alone(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    kept = "# Performance\n\n<!-- results:start -->\nqueries\n<!-- results:end -->\n"
    out.write_text(kept, encoding="utf-8")
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--startup-only"]
    command += ["--import-runs", "1", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)

    text = out.read_text(encoding="utf-8")
    assert text.startswith(kept)  # the other results are left as they were
    assert "## Start-up" in text
    assert "<!-- startup:start -->" in text
    assert "`ruiran.load()` of the bundled data ≤ 25 ms" in text


def test_the_coded_events_benchmark_runs(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    out, raw = tmp_path / "performance.md", tmp_path / "coded.json"
    out.write_text("# Performance\n\nHand-written.\n", encoding="utf-8")
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "coded.py"),
        "--sizes",
        "3000",
        "--repeat",
        "1",
        "--out",
        str(out),
        "--json",
        str(raw),
    ]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
    report = json.loads(raw.read_text(encoding="utf-8"))
    (row,) = report["rows"]
    assert row["rows"] == 3000
    assert set(row["ingest"]) == {"floor", "ruiran", "ruiran_check_all", "ruiran_stream", "pandas"}
    assert set(row["peaks"]) == {
        "baseline", "floor", "stream_dyad", "stream_all", "memory_dyad", "memory_all"
    }  # fmt: skip
    assert all(phase["peak_bytes"] > 0 for phase in row["peaks"].values())
    assert row["peaks"]["stream_all"]["kept"] == row["peaks"]["memory_all"]["kept"] == 3000
    assert set(row["queries"]) == {
        "events_between",
        "events_between, 2020",
        "monthly Goldstein series",
    }
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nHand-written.")
    assert "<!-- coded:start -->" in text


def test_the_resolution_benchmark_runs_and_reports_every_query() -> None:
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "resolve.py"),
        "--sizes",
        "10",
        "--number",
        "10",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 10 |")]
    assert len(rows) == 5


def test_the_votes_benchmark_runs_and_agrees_with_pandas(tmp_path: Path) -> None:
    # The script exits non-zero when ruiran and the pandas pivot disagree; no timing is asserted.
    pytest.importorskip("pyarrow")
    raw = tmp_path / "votes.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "votes.py"), "--repeat", "2",
               "--load-runs", "1", "--json", str(raw)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
    report = json.loads(raw.read_text(encoding="utf-8"))
    assert report["rows"] == 869937
    assert {"first_load_ms", "agreement_after_ms", "pandas_pivot_ms", "speedup"} <= set(report)
