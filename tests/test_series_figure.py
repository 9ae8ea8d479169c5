"""The coded-series figure (``ruiran series ... --plot``): its milestone labels never overlap,
nothing is cut off, and a figure of synthetic events is titled as such (issue 22)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("duckdb")
pytest.importorskip("pandas")

import attrs
import pandas as pd
import pyarrow as pa
from click.testing import CliRunner

import readable
import ruiran
from ruiran.cli import cli
from ruiran.coded import figure as coded_figure
from ruiran.coded.figure import SYNTHETIC_NOTE, draw_series, is_synthetic, milestones
from ruiran.testing import synthetic_gdelt


def _frame(start: str = "2015-01-01", periods: int = 44) -> Any:
    days = pd.date_range(start, periods=periods, freq="QS")
    return pd.DataFrame(
        {
            "period": days,
            "a": "russia",
            "b": "iran",
            "measure": "count",
            "value": [float(10 + (i * 7) % 13) for i in range(periods)],
            "events": [10 + (i * 7) % 13 for i in range(periods)],
        }
    )


def _texts(fig: Any) -> list[tuple[str, Any]]:
    """Every text drawn, with its box in pixels (the renderer of the Agg backend)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [*fig.texts]
    for ax in fig.axes:
        texts += ax.texts
        for labels, ticks, (lo, hi) in (
            (ax.get_xticklabels(), ax.get_xticks(), ax.get_xlim()),
            (ax.get_yticklabels(), ax.get_yticks(), ax.get_ylim()),
        ):  # the labels of the ticks in view (matplotlib keeps one or two beyond)
            texts += [t for t, at in zip(labels, ticks, strict=True) if lo <= at <= hi]
        legend = ax.get_legend()
        if legend is not None:
            texts += legend.get_texts()
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in texts
        if t.get_visible() and t.get_text().strip()
    ]


def _assert_readable(fig: Any) -> None:
    texts = _texts(fig)
    readable.assert_apart(texts, fig.bbox, slack=0)


def _numbers(fig: Any) -> list[str]:
    """The milestones' numbers above the plot."""
    return [t.get_text() for t in fig.axes[0].texts]


def test_the_bundled_milestones_are_numbered_without_overlap() -> None:
    # Issue 22: "2" and "3", "12", "13" and "14" were drawn on top of one another.
    marks = milestones(ruiran.timeline("Russia", "Iran"))
    fig = draw_series(_frame(), title="Russia – Iran: count per quarter", marks=marks)
    _assert_readable(fig)
    shown = [m for m in marks if dt.date(2015, 1, 1) <= m[0] <= dt.date(2025, 10, 1)]
    listed = "\n".join(t.get_text() for t in fig.texts)
    for n, (day, _) in enumerate(sorted(shown), 1):
        assert f"{n}. {day}:" in listed
    numbers = _numbers(fig)
    assert "3–4" in numbers  # the JCPOA's ratification by Iran and its entry into force
    covered = set()
    for number in numbers:
        first, _, last = number.partition("–")
        covered |= set(range(int(first), int(last or first) + 1))
    assert covered == set(range(1, len(shown) + 1))
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_dense_milestones_are_joined_and_none_is_dropped() -> None:
    # Forty milestones, a week or a season apart: joined ("1–4"), and every one listed (the
    # list was cut at 28 before).
    start = dt.date(2016, 1, 4)
    marks = [
        (start + dt.timedelta(days=7 * i + 80 * (i // 4)), f"Agreement {i}: signed")
        for i in range(40)
    ]
    marks.append((dt.date(2020, 6, 1), "A very long title of an agreement " * 5 + ": signed"))
    fig = draw_series(_frame(), title="A dense year", marks=marks)
    _assert_readable(fig)
    listed = "\n".join(t.get_text() for t in fig.texts)
    assert "1–4" in _numbers(fig)
    numbered = {int(n) for n in re.findall(r"^(\d+)\. \d{4}-", listed, re.MULTILINE)}
    assert numbered == set(range(1, len(marks) + 1))
    assert "…" not in listed
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_a_synthetic_series_is_titled_synthetic(tmp_path: Path) -> None:
    fig = draw_series(_frame(), title="Russia – Iran", synthetic=True)
    assert SYNTHETIC_NOTE in {t.get_text() for t in fig.texts}
    _assert_readable(fig)
    plain = draw_series(_frame(), title="Russia – Iran")
    assert not [t for t in plain.texts if "ynthetic" in t.get_text()]
    import matplotlib.pyplot as plt

    plt.close(fig)
    plt.close(plain)


@pytest.fixture(scope="module")
def synthetic_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("series")
    synthetic_gdelt(folder / "e.export.CSV.zip", 3000, seed=7)
    out = folder / "ru-ir"
    result = CliRunner().invoke(
        cli, ["ingest", "gdelt", str(folder / "e.export.CSV.zip"), "--between", "Russia",
              "Iran", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_synthetic_events_are_told_from_real_ones(synthetic_folder: Path) -> None:
    store = ruiran.load(synthetic_folder).coded
    assert store is not None
    assert is_synthetic(store)
    table = store.table
    urls = pa.array(
        ["https://www.reuters.com/world/a.html"] + [None] * (table.num_rows - 1), pa.string()
    )
    real = attrs.evolve(store, table=table.set_column(table.schema.get_field_index("SOURCEURL"),
                                                      "SOURCEURL", urls))  # fmt: skip
    assert not is_synthetic(real)
    empty = attrs.evolve(store, table=table.slice(0, 0))
    assert not is_synthetic(empty)


def test_the_cli_titles_a_synthetic_series(
    synthetic_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: dict[str, Any] = {}

    def capture(frame: Any, path: Any, **kwargs: Any) -> Path:
        drawn.update(kwargs)
        return Path(path)

    monkeypatch.setattr(coded_figure, "series_figure", capture)
    out = tmp_path / "series.png"
    result = CliRunner().invoke(
        cli, ["--data", str(synthetic_folder), "series", "Russia", "Iran", "--plot", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert drawn["synthetic"] is True
    assert "synthetic" in drawn["title"]
    assert "coded by GDELT" not in drawn["title"]
