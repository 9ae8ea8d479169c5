"""A timeline figure of the Russia–Iran relationship, from the 18th century to now.

Run: python examples/timeline_figure.py [OUT.png]   (needs ruiran[plot])
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write files; no screen needed
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

import ruiran

COLOURS = {"event": "#1f77b4", "milestone": "#d62728", "sanction": "#7f7f7f"}
SPLIT = dt.date(2000, 1, 1)  # history above, the recent decades below
NOW = dt.date(2026, 1, 1)


def _clip(day: dt.date, lo: dt.date, hi: dt.date) -> dt.date:
    return min(max(day, lo), hi)


def _short(label: str, limit: int = 64) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def draw(out: Path) -> Path:
    entries = ruiran.timeline("Russia", "Iran")
    panels = [
        ("1700–1999", dt.date(1700, 1, 1), SPLIT, [e for e in entries if e.when.earliest < SPLIT]),
        ("2000–now", SPLIT, NOW, [e for e in entries if e.when.earliest >= SPLIT]),
    ]
    heights = [max(len(p[3]), 1) for p in panels]
    fig, axes = plt.subplots(
        2, 1, figsize=(12, 0.3 * sum(heights) + 2.2), gridspec_kw={"height_ratios": heights}
    )
    for ax, (name, lo, hi, chosen) in zip(axes, panels, strict=True):
        for row, entry in enumerate(reversed(chosen)):
            start = _clip(entry.when.earliest, lo, hi)
            end = _clip(entry.when.latest, lo, hi)
            colour = COLOURS[entry.kind]
            if (end - start).days > 60:
                ax.plot([start, end], [row, row], color=colour, linewidth=5, alpha=0.6)
            else:
                ax.plot(
                    [start], [row], marker="D" if entry.kind == "milestone" else "o", color=colour
                )
        ax.set_xlim(lo, hi)
        ax.set_ylim(-1, len(chosen))
        # Each entry gets its own row, labelled on the left with its date as the data has it.
        ax.set_yticks(range(len(chosen)))
        ax.set_yticklabels(
            [f"{_short(e.label)}  ({e.when})" for e in reversed(chosen)], fontsize=7.5
        )
        ax.grid(axis="x", alpha=0.3)
        ax.set_title(name, loc="left", fontsize=10)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))  # type: ignore[no-untyped-call]
        for side in ("right", "top"):
            ax.spines[side].set_visible(False)
    handles = [
        Line2D([], [], color=c, marker="o", linestyle="", label=k) for k, c in COLOURS.items()
    ]
    axes[1].legend(handles=handles, loc="lower left", frameon=False, fontsize=8)
    fig.suptitle("Russia–Iran: events, agreement milestones and sanctions (ruiran bundled data)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("timeline.png")
    print(f"wrote {draw(target)}")
