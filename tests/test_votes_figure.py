"""examples/votes_figure.py: yearly UN voting agreement beside the agreements and sanctions.

The figure is measured as tests/test_examples.py measures the others: no text overlaps another
or leaves the figure, every lane has its label whole (wrapped, not cut), the votes drawn are
the library's figures, and nothing after the votes' last day is drawn.
"""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

import readable
import ruiran

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "votes_figure.py"


@cache
def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_votes_figure", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@cache
def _figure() -> Any:
    return _module().figure()


def _texts(fig: Any) -> list[tuple[str, Any]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [*fig.texts, *(t for legend in fig.legends for t in legend.get_texts())]
    for ax in fig.axes:
        texts += [*ax.texts, ax.title, ax.yaxis.label, *ax.get_yticklabels()]
        lo, hi = ax.get_xlim()  # ticks outside the axis are not drawn
        texts += [t.label1 for t in ax.xaxis.get_major_ticks() if lo <= t.get_loc() <= hi]
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in texts
        if t.get_visible() and t.get_text().strip()
    ]


def test_no_text_overlaps_or_leaves_the_figure() -> None:
    fig = _figure()
    texts = _texts(fig)
    readable.assert_apart(texts, fig.bbox)


def test_labels_leave_the_marks_visible_and_are_whole() -> None:
    vf = _module()
    fig = _figure()
    _, agree_ax, sanction_ax = fig.axes
    for ax in (agree_ax, sanction_ax):
        labels = [t.get_window_extent(fig.canvas.get_renderer()) for t in ax.texts]
        points = [ax.transData.transform(xy) for line in ax.lines for xy in line.get_xydata()]
        assert points
        for x, y in points:
            assert not [b for b in labels if b.x0 + 1 < x < b.x1 - 1 and b.y0 + 1 < y < b.y1 - 1]
    drawn = {" ".join(t.get_text().split()) for t in agree_ax.texts}
    assert not [t for t in drawn if "…" in t]
    assert (
        "Treaty on the Basis for Mutual Relations and the Principles of Cooperation between "
        "Russia and Iran (2001–2002)" in drawn
    )
    assert not [t for t in drawn if "(2001) (" in t]  # a year is said once
    last = ruiran.votes.provenance()["coverage"]["last"]
    lanes = vf.agreement_lanes(ruiran.timeline("Russia", "Iran"), vf.dt.date.fromisoformat(last))
    assert {lane.label for lane in lanes} == drawn


def test_the_votes_drawn_are_the_librarys_and_stop_where_the_data_does() -> None:
    fig = _figure()
    votes_ax, agree_ax, sanction_ax = fig.axes
    frame = ruiran.votes.agreement("Russia", "Iran", by="year", half=True).set_index("year")
    same, half = votes_ax.lines[:2]
    for line, column in ((same, "agreement"), (half, "agreement_half")):
        for year, value in zip(line.get_xdata(), line.get_ydata(), strict=True):
            if year in frame.index:
                assert math.isclose(value, frame.loc[year, column])
            else:  # a year with no roll call both voted in breaks the line
                assert math.isnan(value)
    right = 2020.0
    for ax in (agree_ax, sanction_ax):
        for line in ax.lines:
            assert max(line.get_xdata()) <= right
    headings = {legend.get_texts()[0].get_text() for legend in fig.legends}
    assert headings == {"Votes:", "Agreement milestones:", "Sanctions in force:"}
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "Not drawn, from 2020 on:" in notes


def test_the_script_writes_a_small_png(tmp_path: Path) -> None:
    out = tmp_path / "votes.png"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(out)],
        cwd=tmp_path,
        env={**os.environ, "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 10_000 < out.stat().st_size < 300_000
