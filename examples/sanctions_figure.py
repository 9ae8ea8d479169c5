"""The sanctions regimes on Iran and on Russia over time: one lane per regime.

Each lane is a regime of the bundled data (sender and target). A bar runs while the regime is
in force, as its dated milestones say (``Sanction.in_force_spans``); every dated milestone is
marked on it, its shape telling the action (imposed, tightened, eased, lifted or terminated,
reimposed). Regimes on Iran come first, then regimes on Russia. A bar that is still running
ends in an arrow at the right edge. Sanctions with no dated step (the article's undated claims)
cannot be drawn; the figure says how many were left out.

Run: python examples/sanctions_figure.py [OUT.png]   (needs ruiran[plot])
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # _figures.py, beside this script
import _figures
import matplotlib.pyplot as plt
from _figures import DPI, WIDTH, save
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MultipleLocator

import ruiran
from ruiran import Dataset
from ruiran.model import Sanction, SanctionAction

#: Okabe–Ito colours, told apart with any colour vision: one per target.
TARGET_COLOURS = {"iran": _figures.BLUE, "russia": _figures.VERMILLION}
OTHER_COLOUR = "#999999"
#: A marker per kind of step: what the legend explains.
MARKERS: dict[SanctionAction, tuple[str, str]] = {
    SanctionAction.IMPOSED: ("o", "imposed"),
    SanctionAction.REIMPOSED: ("o", "imposed"),
    SanctionAction.EXTENDED: ("^", "extended or tightened"),
    SanctionAction.TIGHTENED: ("^", "extended or tightened"),
    SanctionAction.EASED: ("v", "eased"),
    SanctionAction.SUSPENDED: ("X", "suspended, lifted or terminated"),
    SanctionAction.LIFTED: ("X", "suspended, lifted or terminated"),
    SanctionAction.TERMINATED: ("X", "suspended, lifted or terminated"),
}
#: The right edge: runs still in force end here, in an arrow.
NOW = dt.date(2026, 6, 30)


def regimes(ds: Dataset) -> list[Sanction]:
    """The regimes with a dated step: on Iran first, then on Russia, each oldest first."""
    dated = [s for s in ds.sanctions if any(m.date is not None for m in s.milestones)]

    def order(s: Sanction) -> tuple[int, dt.date, str]:
        first = min(m.date.earliest for m in s.milestones if m.date is not None)
        return (
            list(TARGET_COLOURS).index(s.target) if s.target in TARGET_COLOURS else 9,
            first,
            s.id,
        )

    return sorted(dated, key=order)


def _label(ds: Dataset, sanction: Sanction) -> str:
    senders = " + ".join(ds.actor(s).name for s in sanction.senders)
    scope = {"persons_and_entities": " (listings)", "sectors": " (sectoral)"}.get(
        sanction.scope.value, ""
    )
    return f"{senders} on {ds.actor(sanction.target).name}{scope}"


def labels(ds: Dataset, lanes: list[Sanction]) -> list[str]:
    """One label per lane; lanes that would read alike also say the year of their first step,
    and its month too where the year does not tell them apart (the EU's two sectoral regimes on
    Russia of 2014: Crimea in June, the economic sanctions in July)."""
    base = [_label(ds, s) for s in lanes]
    dated = [
        f"{text}, from {_first_day(s).year}" if base.count(text) > 1 else text
        for text, s in zip(base, lanes, strict=True)
    ]
    return [
        f"{text}, from {_first_day(s):%b %Y}" if dated.count(with_year) > 1 else with_year
        for text, with_year, s in zip(base, dated, lanes, strict=True)
    ]


def _first_day(sanction: Sanction) -> dt.date:
    return min(m.date.earliest for m in sanction.milestones if m.date is not None)


def _x(day: dt.date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def figure(ds: Dataset) -> Figure:
    """Draw every dated regime of ``ds`` as a lane."""
    lanes = regimes(ds)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.42 * len(lanes) + 1.6), dpi=DPI, layout="constrained")
    start = min(m.date.earliest for s in lanes for m in s.milestones if m.date is not None).year - 1
    for row, sanction in enumerate(lanes):
        y = len(lanes) - 1 - row
        colour = TARGET_COLOURS.get(sanction.target, OTHER_COLOUR)
        for lo, hi in sanction.in_force_spans() or ():
            end = min(hi, NOW)
            ax.plot(
                [_x(lo), _x(end)], [y, y], color=colour, lw=5, alpha=0.35, solid_capstyle="butt"
            )
            if hi > NOW:
                ax.annotate(
                    "",
                    xy=(_x(NOW) + 0.4, y),
                    xytext=(_x(NOW) - 0.2, y),
                    arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.5},
                )
        for step in sanction.milestones:
            if step.date is None:
                continue
            marker, _ = MARKERS[step.action]
            ax.plot(
                _x(step.date.earliest), y, marker=marker, color=colour, ms=6, mec="white", mew=0.6
            )
    ax.set_yticks(range(len(lanes)), list(reversed(labels(ds, lanes))), fontsize=8)
    ax.set_xlim(start, _x(NOW) + 1)
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labelsize=8)
    ax.xaxis.set_major_locator(MultipleLocator(5))
    ax.xaxis.set_minor_locator(MultipleLocator(1))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}"))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    shown = {MARKERS[m.action] for s in lanes for m in s.milestones if m.date is not None}
    kinds = [
        Line2D([], [], marker=marker, ls="", color="#444444", label=label)
        for marker, label in dict.fromkeys(MARKERS.values())
        if (marker, label) in shown
    ]
    targets = [
        Line2D([], [], color=colour, lw=5, alpha=0.35, label=f"in force on {name}")
        for target, colour in TARGET_COLOURS.items()
        if any(s.target == target for s in lanes)
        for name in (ds.actor(target).name,)
    ]
    fig.legend(
        handles=[*targets, *kinds], loc="outside lower center", fontsize=7, frameon=False, ncols=3
    )
    undated = len(ds.sanctions) - len(lanes)
    ax.set_title(
        "Sanctions regimes on Iran and Russia in ruiran's bundled data",
        fontsize=10,
        loc="left",
    )
    if undated:
        ax.set_xlabel(
            f"Not drawn: {undated} sanction{'s' if undated != 1 else ''} with no dated step.\n"
            "A bar starts at a regime's first dated step, which may come after its origin.",
            fontsize=7,
            color="#555555",
            loc="left",
        )
    return fig


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else Path("sanctions.png")
    fig = figure(ruiran.load())
    save(fig, out)
    plt.close(fig)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
