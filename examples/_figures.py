"""What the example figures share: colours, sizes, the legend lines, and saving a small PNG.

``timeline_figure.py``, ``network_figure.py`` and ``sanctions_figure.py`` import it (each puts
its own folder on ``sys.path`` first, so it is found however the script is run or loaded). It
also selects matplotlib's Agg backend: the examples write files and need no screen.

Needs ruiran[plot] (matplotlib, which brings Pillow).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Literal

import matplotlib

matplotlib.use("Agg")  # write files; no screen needed
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from PIL import Image

__all__ = [
    "AGREEMENT",
    "BLUE",
    "DPI",
    "FONT",
    "GREEN",
    "ORANGE",
    "PURPLE",
    "SANCTION",
    "SKY_BLUE",
    "VERMILLION",
    "WIDTH",
    "headed_legend",
    "save",
]

# Okabe–Ito colours, told apart with any colour vision.
ORANGE: Final = "#E69F00"
SKY_BLUE: Final = "#56B4E9"
GREEN: Final = "#009E73"
BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
PURPLE: Final = "#CC79A7"
#: Every figure draws agreements and sanctions in the same colour.
AGREEMENT: Final = VERMILLION
SANCTION: Final = PURPLE

WIDTH: Final = 8.0  # inches: the docs' content width is about 800 px
DPI: Final = 150  # sharp on high-density screens, yet a small file
FONT: Final = 8.0  # points; about 11 px once the figure is shown 800 px wide


def headed_legend(
    fig: Figure,
    heading: str,
    handles: Sequence[Artist],
    *,
    loc: Literal["upper left", "center left"],
    anchor: tuple[float, float],
    handlelength: float,
    handletextpad: float,
    columnspacing: float,
) -> Legend:
    """One legend line: ``heading`` in bold, then ``handles`` side by side, with no frame.

    Args:
        fig: The figure the line goes on.
        heading: The line's first word, such as ``"Actors:"``.
        handles: What the line explains, each with its label.
        loc: Which point of the line is placed at ``anchor``.
        anchor: Where that point goes, in figure fractions.
        handlelength: The length of a handle, in font sizes.
        handletextpad: The space between a handle and its label, in font sizes.
        columnspacing: The space between two entries, in font sizes.
    """
    legend = fig.legend(
        handles=[Line2D([], [], linestyle="", label=heading), *handles],
        loc=loc,
        bbox_to_anchor=anchor,
        ncol=len(handles) + 1,
        frameon=False,
        fontsize=FONT - 0.5,
        handlelength=handlelength,
        handletextpad=handletextpad,
        columnspacing=columnspacing,
        borderaxespad=0,
        borderpad=0,
    )
    legend.get_texts()[0].set_fontweight("bold")
    return legend


def save(fig: Figure, out: Path, dpi: float = DPI) -> Path:
    """Write ``fig`` to ``out``; a PNG gets at most 256 colours, a third of the bytes for
    the same look (flat colours and anti-aliased text need no more)."""
    if out.suffix.lower() != ".png":
        fig.savefig(out, dpi=dpi)
        return out
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    buffer.seek(0)
    with Image.open(buffer) as image:
        image.convert("RGB").quantize(256).save(out, optimize=True)
    return out
