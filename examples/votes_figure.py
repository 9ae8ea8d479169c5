"""How often Russia and Iran voted alike in the UN General Assembly, year by year, beside their
agreements' milestones and the sanctions regimes on either.

Three panels share one time axis, the years of the bundled votes (1946 to 2019):

- the yearly agreement (``ruiran.votes.agreement(..., by="year", half=True)``): the share of
  roll calls in which both cast the same vote, and, dashed, the reading that counts one
  abstaining as half an agreement; a year without a roll call both voted in breaks the line;
- a lane per agreement between the two (their timeline's milestones, marked by stage as in the
  timeline figure), with a faint line through the votes panel at each milestone;
- a lane per sanctions regime on Iran or on Russia in force before the votes end (a bar while in
  force, ``Sanction.in_force_spans``).

Each lane's label sits left of its first mark (wrapped on two or three lines when long), where
the years before its first mark leave room; nothing after 2019 is drawn, and the figure says
how many agreements and regimes that leaves out. It draws docs/img/votes.png.

Run: python examples/votes_figure.py [OUT.png]   (needs ruiran[parquet,plot])
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # _figures.py, beside this script
import _figures
import matplotlib.pyplot as plt
from _figures import DPI, FONT, WIDTH, headed_legend, save
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from sanctions_figure import TARGET_COLOURS, labels, regimes
from timeline_figure import STAGE_MARKERS

import ruiran
from ruiran import Agreement, Sanction, TimelineEntry

ROW = 0.2  # inches per line of a lane
PLOT = 2.2  # inches: the votes panel
LEFT, RIGHT = 0.5, 0.25  # inches beside the panels
PAD = 0.06  # inches between a lane's first mark and its label
MAX_LINES = 3  # a label too long for its room is wrapped on up to this many lines
LABEL_FONT = FONT - 1
LEGEND_ROW = 0.2  # inches per line of the key
LEGEND_WIDTH = 5  # entries on one line of the key; more continue on the next


@dataclass
class Lane:
    """One row of a lane panel: its label, its marks (year, marker, filled) and its bars."""

    label: str
    marks: list[tuple[float, str, bool]]
    bars: list[tuple[float, float]]
    colour: str
    text: str = ""  # the label as drawn (wrapped)
    lines: int = 1

    @property
    def first(self) -> float:
        return min([x for x, _, _ in self.marks] + [lo for lo, _ in self.bars])


def _x(day: dt.date) -> float:
    """A day as a fractional year (the axis' unit)."""
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def agreement_lanes(entries: Sequence[TimelineEntry], last: dt.date) -> list[Lane]:
    """A lane per agreement with a milestone up to ``last``, oldest first."""
    grouped: dict[str, list[TimelineEntry]] = {}
    for entry in entries:
        if entry.kind == "milestone" and entry.when.earliest <= last:
            grouped.setdefault(entry.record.id, []).append(entry)
    lanes = []
    for group in grouped.values():
        record = group[0].record
        assert isinstance(record, Agreement)
        years = sorted({e.when.earliest.year for e in group})
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        label = _dated(record.title, span)
        marks = []
        for e in group:
            assert e.milestone is not None
            marker, filled = STAGE_MARKERS[e.milestone.stage]
            marks.append((_x(e.when.earliest), marker, filled))
        lanes.append(Lane(label, marks, [], _figures.AGREEMENT))
    return lanes


def _dated(title: str, span: str) -> str:
    """``title`` with its years, saying none twice: a title ending in its first year, such as
    '... (2001)', takes the span in that place ('... (2001–2002)')."""
    head, _, tail = title.rpartition(" (")
    if head and tail.rstrip(")").isdigit() and span.startswith(tail.rstrip(")")):
        return f"{head} ({span})"
    return title if span in title else f"{title} ({span})"


def sanction_lanes(ds: ruiran.Dataset, last: dt.date) -> list[Lane]:
    """A lane per regime on Iran or Russia in force before ``last``: Iran's first."""
    lanes = []
    chosen = [s for s in regimes(ds) if s.target in TARGET_COLOURS and _starts(s) <= last]
    for sanction, label in zip(chosen, labels(ds, chosen), strict=True):
        spans = sanction.in_force_spans() or []
        bars = [(_x(lo), _x(min(hi, last))) for lo, hi in spans if lo <= last]
        lanes.append(Lane(label, [], bars, TARGET_COLOURS[sanction.target]))
    return lanes


def _starts(sanction: Sanction) -> dt.date:
    spans = sanction.in_force_spans()
    return min(lo for lo, _ in spans) if spans else dt.date.max


def _wrap(fig: Figure, lane: Lane, room: float) -> None:
    """Wrap ``lane``'s label to ``room`` inches, on up to MAX_LINES lines (else shorten it)."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    probe = fig.text(0, 0, "", fontsize=LABEL_FONT)

    def width(text: str) -> float:
        probe.set_text(text)
        return float(probe.get_window_extent(renderer).width) / fig.dpi

    lines: list[str] = []
    for word in lane.label.split():
        if lines and width(f"{lines[-1]} {word}") <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > MAX_LINES:  # keep the first lines whole, and say the rest is cut
        lines = lines[:MAX_LINES]
        while width(lines[-1] + " …") > room and " " in lines[-1]:
            lines[-1] = lines[-1].rsplit(" ", 1)[0]
        lines[-1] += " …"
    probe.remove()
    lane.text, lane.lines = "\n".join(lines), len(lines)


def _draw_lanes(ax: Axes, lanes: Sequence[Lane], start: float, inches: float, span: float) -> None:
    """Draw ``lanes`` top to bottom, each label right-aligned before its first mark."""
    rows = sum(lane.lines for lane in lanes)
    ax.set_ylim(rows, 0)
    y = 0.0
    for lane in lanes:
        middle = y + lane.lines / 2
        for lo, hi in lane.bars:
            ax.plot(
                [lo, hi],
                [middle, middle],
                color=lane.colour,
                lw=5,
                alpha=0.35,
                solid_capstyle="butt",
            )
        xs = sorted(x for x, _, _ in lane.marks)
        if len(xs) > 1:
            ax.plot([xs[0], xs[-1]], [middle, middle], color=lane.colour, lw=0.8)
        for x, marker, filled in lane.marks:
            ax.plot(
                x,
                middle,
                marker=marker,
                ms=5,
                color=lane.colour,
                ls="",
                mfc=lane.colour if filled else "white",
                mec=lane.colour,
                mew=0.9,
            )
        ax.text(
            lane.first - PAD * span / inches - 0.5 * 5 / 72 * span / inches,
            middle,
            lane.text,
            ha="right",
            va="center",
            fontsize=LABEL_FONT,
            linespacing=1.0,
        )
        y += lane.lines
    ax.set_yticks([])
    ax.set_xlim(start, ax.get_xlim()[1])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def figure(ds: ruiran.Dataset | None = None, a: str = "Russia", b: str = "Iran") -> Figure:
    """The figure: yearly agreement of ``a`` and ``b``, their agreements, the regimes."""
    ds = ruiran.load() if ds is None else ds
    frame = ruiran.votes.agreement(a, b, by="year", half=True)
    first, last = (
        dt.date(int(frame["year"].min()), 1, 1),
        dt.date.fromisoformat(frame.attrs["as_of"]),
    )
    start, end = float(first.year) - 0.5, float(last.year) + 1
    span, inches = end - start, WIDTH - LEFT - RIGHT
    entries = ds.timeline(a, b)
    agreements = agreement_lanes(entries, last)
    sanctions = sanction_lanes(ds, last)
    left_out = (
        len({e.record.id for e in entries if e.kind == "milestone"}) - len(agreements),
        len([s for s in regimes(ds) if s.target in TARGET_COLOURS]) - len(sanctions),
    )

    stages = {
        e.milestone.stage for e in entries if e.milestone is not None and e.when.earliest <= last
    }
    stage_lines = max(1, math.ceil(len(stages & STAGE_MARKERS.keys()) / LEGEND_WIDTH))
    fig = plt.figure(figsize=(WIDTH, 4), dpi=DPI)
    for lane in [*agreements, *sanctions]:
        _wrap(fig, lane, (lane.first - start) / span * inches - PAD - 0.1)
    head, legend, foot = 0.55, (2 + stage_lines) * LEGEND_ROW + 0.05, 0.55
    heights = [PLOT, sum(x.lines for x in agreements) * ROW, sum(x.lines for x in sanctions) * ROW]
    gap = 0.3
    total = head + legend + sum(heights) + 2 * gap + foot
    fig.set_size_inches(WIDTH, total)
    axes = []
    top = total - head - legend
    for height in heights:
        axes.append(
            fig.add_axes((LEFT / WIDTH, (top - height) / total, inches / WIDTH, height / total))
        )
        top -= height + gap
    votes_ax, agree_ax, sanction_ax = axes

    years = list(range(first.year, last.year + 1))
    shown = frame.set_index("year").reindex(years)  # a year with no roll call breaks the line
    votes_ax.plot(years, shown["agreement"], color=_figures.BLUE, lw=1.4, label="agreement")
    votes_ax.plot(
        years,
        shown["agreement_half"],
        color=_figures.BLUE,
        lw=1,
        ls="--",
        label="abstention as half",
    )
    for lane in agreements:
        for x, _, _ in lane.marks:
            votes_ax.axvline(x, color=_figures.AGREEMENT, lw=0.6, ls=":", alpha=0.7)
    votes_ax.set_ylim(0, 1)
    votes_ax.set_xlim(start, end)
    votes_ax.set_ylabel("share of roll calls", fontsize=FONT)
    votes_ax.tick_params(labelsize=FONT, labelbottom=False)
    votes_ax.grid(axis="y", color="#dddddd", lw=0.6)
    for side in ("top", "right"):
        votes_ax.spines[side].set_visible(False)
    for ax, lanes in ((agree_ax, agreements), (sanction_ax, sanctions)):
        ax.set_xlim(start, end)
        _draw_lanes(ax, lanes, start, inches, span)
        ax.tick_params(labelsize=FONT, labelbottom=ax is sanction_ax)
    agree_ax.set_title("Agreements between them (milestones)", fontsize=FONT, loc="left", pad=3)
    sanction_ax.set_title(
        "Sanctions regimes on Iran and on Russia (in force)", fontsize=FONT, loc="left", pad=3
    )

    fig.text(
        LEFT / WIDTH,
        1 - 0.12 / total,
        f"How often {a} and {b} voted alike in the UN General Assembly, by year",
        fontsize=FONT + 2,
        va="top",
    )
    fig.text(
        LEFT / WIDTH,
        1 - 0.36 / total,
        f"Roll calls both voted yes, no or abstain in (Voeten et al., via unvotes, "
        f"{first.year} to {last}); the agreements and regimes to then",
        fontsize=FONT - 0.5,
        va="top",
        color="#555555",
    )
    keys = {
        "Votes:": [
            Line2D([], [], color=_figures.BLUE, lw=1.4, label="same vote"),
            Line2D([], [], color=_figures.BLUE, lw=1, ls="--", label="abstention counted half"),
        ],
        "Agreement milestones:": [
            Line2D(
                [],
                [],
                color=_figures.AGREEMENT,
                marker=marker,
                ls="",
                ms=5,
                mec=_figures.AGREEMENT,
                mfc=_figures.AGREEMENT if filled else "white",
                label=stage.value.replace("_", " "),
            )
            for stage, (marker, filled) in STAGE_MARKERS.items()
            if stage in stages
        ],
        "Sanctions in force:": [
            Line2D([], [], color=colour, lw=5, alpha=0.35, label=f"on {ds.actor(t).name}")
            for t, colour in TARGET_COLOURS.items()
        ],
    }
    rows = [  # a line of more than LEGEND_WIDTH entries continues on the next, under its own
        (heading, handles[i : i + LEGEND_WIDTH], i > 0)
        for heading, handles in keys.items()
        for i in range(0, len(handles), LEGEND_WIDTH)
    ]
    for row, (heading, handles, continued) in enumerate(rows):
        line = headed_legend(
            fig,
            heading,
            handles,
            loc="upper left",
            anchor=(LEFT / WIDTH, 1 - (head + row * LEGEND_ROW) / total),
            handlelength=2.2,
            handletextpad=0.6,
            columnspacing=1.4,
        )
        if continued:  # the heading keeps its room, unseen, so the entries line up
            line.get_texts()[0].set_alpha(0)
    notes = []
    if "russia" in (ds.actor(a).id, ds.actor(b).id):
        notes.append("Russia's seat is the Soviet Union's until 1991, as in the data.")
    if any(left_out):
        notes.append(
            f"Not drawn, from {last.year + 1} on: {left_out[0]} agreement(s) and {left_out[1]} "
            "sanctions regime(s)."
        )
    fig.text(
        LEFT / WIDTH,
        (foot - 0.3) / total,
        " ".join(notes),
        fontsize=FONT - 1.5,
        color="#555555",
        va="top",
    )
    return fig


def draw(out: Path) -> Path:
    """Write the figure to ``out``."""
    fig = figure()
    save(fig, out)
    plt.close(fig)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("votes.png")
    print(f"wrote {draw(target)}")
