"""Every example script runs as it is, from a fresh working directory, and does its job."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))


def _run(script: str, cwd: Path, *args: str) -> str:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_there_are_examples() -> None:
    assert {
        "quickstart.py",
        "timeline_figure.py",
        "network_figure.py",
        "sanctions_agreements_pandas.py",
        "ftm_export.py",
        "own_dataset.py",
    } <= set(SCRIPTS)


@pytest.mark.parametrize("script", ["timeline_figure.py", "network_figure.py"])
def test_figures_are_written_as_png(script: str, tmp_path: Path) -> None:
    out = tmp_path / "figure.png"
    assert "wrote" in _run(script, tmp_path, str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000


def test_quickstart_answers_with_sources(tmp_path: Path) -> None:
    out = _run("quickstart.py", tmp_path)
    assert "2025-01-17" in out
    assert "Vladimir Putin, Masoud Pezeshkian" in out
    assert "bushehr-nuclear-cooperation" in out


def test_pandas_analysis(tmp_path: Path) -> None:
    out = _run("sanctions_agreements_pandas.py", tmp_path)
    assert "eaeu-iran-free-trade-agreement" in out
    assert "the-west" in out


def test_ftm_export(tmp_path: Path) -> None:
    out = _run("ftm_export.py", tmp_path, "entities.jsonl")
    lines = (tmp_path / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    assert f"wrote {len(lines)} entities" in out
    assert len(lines) > 50


def test_own_dataset_is_checked_then_merged(tmp_path: Path) -> None:
    out = _run("own_dataset.py", tmp_path)
    assert "does not name any record" in out
    assert "Talks on Caspian shipping" in out
