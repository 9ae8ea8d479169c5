"""A figure of an event series, with the agreement milestones of the pair marked.

Used by ``ruiran series ... --plot OUT.png``. Needs matplotlib (the ``plot`` extra).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruiran.errors import MissingExtraError

if TYPE_CHECKING:
    import pandas as pd

    from ruiran.dataset import Dataset

__all__ = ["milestones", "series_figure"]


def milestones(ds: Dataset, a: str, b: str | None) -> list[tuple[dt.date, str]]:
    """The dated agreement milestones in the timeline of ``a`` and ``b`` (or of ``a``), with
    their labels (a party's own step names the party: ``'...: ratified (Russia)'``)."""
    entries = ds.timeline(a, b)
    return [(e.when.earliest, e.label) for e in entries if e.kind == "milestone"]


def series_figure(ds: Dataset, frame: pd.DataFrame, path: str | Path, *, title: str) -> Path:
    """Draw ``frame`` (from :meth:`~ruiran.Dataset.event_series`) to ``path``, one line per
    measure, with the pair's agreement milestones as dotted vertical lines, numbered and
    listed under the plot.

    Raises:
        MissingExtraError: when matplotlib is missing (``pip install 'ruiran[plot]'``).
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise MissingExtraError("matplotlib", "plot") from error
    target = Path(path)
    figure, axes = plt.subplots(figsize=(12, 6.5))
    for measure, part in frame.groupby("measure", sort=False):
        axes.plot(part["period"], part["value"], label=str(measure), linewidth=1.2)
    a = str(frame["a"].iloc[0]) if len(frame) else ""
    b_value: Any = frame["b"].iloc[0] if len(frame) else None
    b = None if b_value is None else str(b_value)
    shown: list[str] = []
    if len(frame) and a:
        lo, hi = frame["period"].min().date(), frame["period"].max().date()
        for day, label in milestones(ds, a, b):
            if lo <= day <= hi:
                shown.append(f"{len(shown) + 1}. {day}: {label}")
                axes.axvline(day, color="0.35", linestyle=":", linewidth=1)  # type: ignore[arg-type]
                axes.annotate(
                    str(len(shown)),
                    (day, 1.0),
                    xycoords=("data", "axes fraction"),
                    ha="center",
                    va="bottom",
                    fontsize=8,
                )
    axes.axhline(0, color="0.6", linewidth=0.6)
    axes.set_title(title, pad=16)
    axes.legend(loc="upper left", fontsize=8)
    axes.set_ylabel(", ".join(dict.fromkeys(str(m) for m in frame["measure"])) or "value")
    if shown:
        half = (len(shown) + 1) // 2
        rows = min(half, 14)
        for column, part in enumerate((shown[:half][:rows], shown[half:][:rows])):
            figure.text(0.01 + 0.5 * column, 0.01, "\n".join(part), fontsize=6.5, va="bottom")
        figure.subplots_adjust(bottom=0.1 + 0.028 * rows, top=0.9)
    figure.savefig(target, dpi=110)
    plt.close(figure)
    return target
