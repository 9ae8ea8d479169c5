"""A figure of an event series, with the agreement milestones of the pair marked.

Used by ``ruiran series ... --plot OUT.png``. Needs matplotlib (the ``plot`` extra). It draws
what it is handed (the series, and the milestones to mark: :func:`milestones` picks them from a
timeline the caller asked the Dataset for); it never asks a Dataset itself.

Examples:
    >>> import ruiran
    >>> marks = milestones(ruiran.timeline("Russia", "Iran"))
    >>> marks[0][0].isoformat(), marks[0][1][:52]
    ('1992-08-17', 'Russia–Iran agreement on cooperation in the peaceful')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ruiran.errors import MissingExtraError

if TYPE_CHECKING:
    import pandas as pd

    from ruiran.query.entries import TimelineEntry

__all__ = ["milestones", "series_figure"]


def milestones(entries: Iterable[TimelineEntry]) -> list[tuple[dt.date, str]]:
    """The agreement milestones among timeline ``entries`` (of the pair drawn, or of the one
    actor), each with its first day and its label (a party's own step names the party:
    ``'...: ratified (Russia)'``)."""
    return [(e.when.earliest, e.label) for e in entries if e.kind == "milestone"]


def series_figure(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    title: str,
    marks: Sequence[tuple[dt.date, str]] = (),
) -> Path:
    """Draw ``frame`` (from :meth:`~ruiran.Dataset.event_series`) to ``path``, one line per
    measure, with ``marks`` (the pair's agreement milestones: :func:`milestones`) inside the
    series' span as dotted vertical lines, numbered and listed under the plot.

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
    shown: list[str] = []
    if len(frame):
        lo, hi = frame["period"].min().date(), frame["period"].max().date()
        for day, label in marks:
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
