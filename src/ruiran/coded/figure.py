"""A figure of an event series, with the agreement milestones of the pair marked.

Used by ``ruiran series ... --plot OUT.png``. Needs matplotlib (the ``plot`` extra). It draws
what it is handed (the series, and the milestones to mark: :func:`milestones` picks them from a
timeline the caller asked the Dataset for); it never asks a Dataset itself.

Each milestone inside the series' span is a dotted vertical line, numbered above the plot and
listed under it with its date and label. Numbers that would touch are joined ("12–14"), and the
joined labels that still would are put on rows above one another, so no two overlap; the list
is wrapped to its columns and never cut short. A series of synthetic events (those
:func:`ruiran.testing.synthetic_gdelt` writes: :func:`is_synthetic`) is titled as such.

Examples:
    >>> import ruiran
    >>> marks = milestones(ruiran.timeline("Russia", "Iran"))
    >>> marks[0][0].isoformat(), marks[0][1][:52]
    ('1992-08-17', 'Russia–Iran agreement on cooperation in the peaceful')
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ruiran.errors import MissingExtraError

if TYPE_CHECKING:
    import pandas as pd

    from ruiran.coded.store import CodedStore
    from ruiran.query.entries import TimelineEntry

__all__ = ["SYNTHETIC_NOTE", "draw_series", "is_synthetic", "milestones", "series_figure"]

#: The line under the title of a figure of synthetic events.
SYNTHETIC_NOTE: Final = "Synthetic data (ruiran.testing.synthetic_gdelt): not real events"
#: Where synthetic events' source articles are (a reserved top-level domain: never a real site).
_SYNTHETIC_HOST: Final = r"^https?://[^/]*\.invalid(/|$)"
_WIDTH: Final = 12.0  # inches
_PLOT: Final = 4.2  # inches: the plot's height
_LIST_FONT: Final = 6.5  # points: the list of milestones
_LIST_CHARS: Final = 100  # a listed milestone is wrapped to this many characters a line
_NUMBER_FONT: Final = 8.0  # points: the milestones' numbers above the plot
_NUMBER_ROW: Final = 11.0  # points between two rows of numbers


def milestones(entries: Iterable[TimelineEntry]) -> list[tuple[dt.date, str]]:
    """The agreement milestones among timeline ``entries`` (of the pair drawn, or of the one
    actor), each with its first day and its label (a party's own step names the party:
    ``'...: ratified (Russia)'``)."""
    return [(e.when.earliest, e.label) for e in entries if e.kind == "milestone"]


def is_synthetic(store: CodedStore) -> bool:
    """Whether a store holds synthetic events: it has some, and every source address is under
    the reserved ``.invalid`` domain, as :func:`ruiran.testing.synthetic_gdelt` writes them
    (real GDELT rows never are; rows without a ``SOURCEURL`` column are taken as real).

    Examples:
        >>> import pathlib, tempfile, ruiran
        >>> from ruiran.testing import synthetic_gdelt
        >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "e.tsv", 300, seed=1)
        >>> is_synthetic(ruiran.ingest.gdelt(path, involving="Iran").coded)
        True
    """
    table = store.table
    if table.num_rows == 0 or "SOURCEURL" not in table.schema.names:
        return False
    import pyarrow as pa
    import pyarrow.compute as pc

    seen = False  # some address at all: a store with none is not called synthetic
    for chunk in table.column("SOURCEURL").chunks:
        # A dictionary-encoded column: its distinct addresses are enough (none is real).
        urls = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk.drop_null()
        if len(urls) and not pc.all(pc.match_substring_regex(urls, _SYNTHETIC_HOST)).as_py():
            return False
        seen = seen or len(urls) > 0
    return seen


def _pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend (files, no screen)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise MissingExtraError("matplotlib", "plot") from error
    return plt


def draw_series(
    frame: pd.DataFrame,
    *,
    title: str,
    marks: Sequence[tuple[dt.date, str]] = (),
    synthetic: bool = False,
) -> Any:
    """The figure :func:`series_figure` saves (a matplotlib ``Figure``; the caller closes it).

    Args:
        frame: The series, from :meth:`~ruiran.Dataset.event_series`.
        title: The figure's title.
        marks: The milestones to mark (:func:`milestones`); those outside the series' span
            are left out.
        synthetic: Whether the events are synthetic (:func:`is_synthetic`): the title then
            says so, on a line of its own.

    Raises:
        MissingExtraError: when matplotlib is missing (``pip install 'ruiran[plot]'``).
    """
    plt = _pyplot()
    from matplotlib import dates

    date2num: Any = dates.date2num  # untyped in matplotlib
    figure = plt.figure(figsize=(_WIDTH, 6.0))
    axes = figure.add_axes((0.06, 0.3, 0.92, 0.5))
    for measure, part in frame.groupby("measure", sort=False):
        axes.plot(part["period"], part["value"], label=str(measure), linewidth=1.2)
    shown: list[tuple[dt.date, str]] = []
    if len(frame):
        lo, hi = frame["period"].min().date(), frame["period"].max().date()
        shown = sorted((m for m in marks if lo <= m[0] <= hi), key=lambda m: m[0])
    for day, _ in shown:
        axes.axvline(date2num(day), color="0.35", linestyle=":", linewidth=1)
    axes.axhline(0, color="0.6", linewidth=0.6)
    axes.legend(loc="upper left", fontsize=8)
    axes.set_ylabel(", ".join(dict.fromkeys(str(m) for m in frame["measure"])) or "value")

    listed = [
        textwrap.fill(f"{n}. {day}: {label}", _LIST_CHARS, subsequent_indent="     ")
        for n, (day, label) in enumerate(shown, 1)
    ]
    half = (len(listed) + 1) // 2
    columns = [listed[:half], listed[half:]]
    lines = max((sum(e.count("\n") + 1 for e in c) for c in columns), default=0)
    listing = lines * _LIST_FONT * 1.2 / 72 + (0.1 if lines else 0)
    # Lay the figure out in inches: the title, the rows of numbers, the plot, the axis, the list.
    rows = _number_rows(figure, axes, [date2num(d) for d, _ in shown])
    head = 0.45 + (0.2 if synthetic else 0) + len(rows) * _NUMBER_ROW / 72
    foot = 0.45 + listing
    height = head + _PLOT + foot
    figure.set_size_inches(_WIDTH, height)
    axes.set_position((0.06, foot / height, 0.92, _PLOT / height))
    for row, labels in enumerate(rows):
        for x, text in labels:
            axes.annotate(
                text,
                (x, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 2 + row * _NUMBER_ROW),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=_NUMBER_FONT,
            )
    figure.text(0.5, 1 - 0.12 / height, title, ha="center", va="top", fontsize=12)
    if synthetic:
        figure.text(
            0.5, 1 - 0.36 / height, SYNTHETIC_NOTE, ha="center", va="top", fontsize=9,
            color="#b00000",
        )  # fmt: skip
    for n, part in enumerate(columns):
        if part:
            figure.text(
                0.01 + 0.5 * n, (foot - 0.4) / height, "\n".join(part), fontsize=_LIST_FONT,
                va="top", linespacing=1.2,
            )  # fmt: skip
    return figure


def _number_rows(figure: Any, axes: Any, xs: Sequence[float]) -> list[list[tuple[float, str]]]:
    """The milestones' numbers, in rows above the plot: numbers that would touch are joined
    ("12–14", placed at the middle of their lines), and a joined label that would still touch
    the one before it goes on the first row above where it does not."""
    if not xs:
        return []
    renderer = figure.canvas.get_renderer()
    axes.set_xlim(axes.get_xlim())  # the span as drawn, so data maps to pixels as it will
    probe = figure.text(0, 0, "", fontsize=_NUMBER_FONT)

    def width(text: str) -> float:
        probe.set_text(text)
        return float(probe.get_window_extent(renderer).width)

    pixels = [float(axes.transData.transform((x, 0))[0]) for x in xs]
    groups: list[list[int]] = []
    for i, px in enumerate(pixels):
        # A number joins the label before it when its line lies under the joined label.
        if groups and px - pixels[groups[-1][0]] <= width(f"{groups[-1][0] + 1}–{i + 1}"):
            groups[-1].append(i)
        else:
            groups.append([i])
    rows: list[list[tuple[float, str]]] = []
    ends: list[float] = []  # where the last label of each row ends, in pixels
    for group in groups:
        first, last = group[0], group[-1]
        text = str(first + 1) if first == last else f"{first + 1}–{last + 1}"
        middle = (pixels[first] + pixels[last]) / 2
        half = width(text) / 2 + 1
        row = next((r for r, end in enumerate(ends) if middle - half > end), len(ends))
        if row == len(ends):
            rows.append([])
            ends.append(0.0)
        rows[row].append(((xs[first] + xs[last]) / 2, text))
        ends[row] = middle + half
    probe.remove()
    return rows


def series_figure(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    title: str,
    marks: Sequence[tuple[dt.date, str]] = (),
    synthetic: bool = False,
) -> Path:
    """Draw ``frame`` (from :meth:`~ruiran.Dataset.event_series`) to ``path``, one line per
    measure, with ``marks`` (the pair's agreement milestones: :func:`milestones`) inside the
    series' span as dotted vertical lines, numbered and listed under the plot; a figure of
    ``synthetic`` events (:func:`is_synthetic`) says so under its title (:func:`draw_series`).

    Raises:
        MissingExtraError: when matplotlib is missing (``pip install 'ruiran[plot]'``).
    """
    plt = _pyplot()
    target = Path(path)
    figure = draw_series(frame, title=title, marks=marks, synthetic=synthetic)
    figure.savefig(target, dpi=110)
    plt.close(figure)
    return target
