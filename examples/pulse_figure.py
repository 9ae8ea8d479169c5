"""The relationship's pulse in one picture: ``ruiran.pulse("Russia", "Iran")`` drawn per year.

Five panels share the years: the cited high-level meetings; GDELT's cooperation and conflict
counts with the mean Goldstein score (when coded events are given with ``--gdelt FILE``; the
panel says so otherwise); the UN General Assembly voting agreement (the bundled votes end in
2019); the agreements' milestones; the sanctions regimes in force on each of the two. Each
panel names what it shows and where a measure stops, so the picture reads at a glance; the
numbers are those of the table (``ruiran pulse Russia Iran --json``).

A year runs on the x axis from its first day (x = the year) to the next: its bars and points
stand in its middle, over its label, and the sanctions lines step at the first day of the year
whose count changes (a regime in force from 2014 is drawn from x = 2014, not half a year early).
A year the data cannot give (``<NA>`` in the table: a cited count no coverage statement
reaches, such as the meetings before 2000, the agreements' milestones, which are held as
found, and the sanctions on Russia before 2014; every cited count after the data's as-of date)
is a gap shaded grey, never a bar or a line at 0; a panel with no count at all says why. A
sanctions line counted only from a later year says so in its legend ("counted from 2014").

Where a count is missing for want of a coverage statement but the data holds records (the
table's ``milestone_names`` and ``sanctions_held_on_a``/``_b``), the figure draws what is held,
in a light style of its own and never as a count: each held milestone a hollow dot in its year,
the held regimes in force a dashed light line labelled "as held (not counted)". It is a
selection, as found: an empty year says nothing. Years after the data's as-of date stay grey.

Run: python examples/pulse_figure.py [OUT.png] [--from YEAR] [--gdelt FILE ...]
     (needs ruiran[plot,parquet]; ruiran[events] for --gdelt)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))  # _figures.py, beside this script
import _figures
import matplotlib.pyplot as plt
import numpy as np
from _figures import DPI, FONT, WIDTH, save
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, MultipleLocator

import ruiran

#: The colours: the two states as in the sanctions figure, agreements as everywhere.
COLOURS = {
    "meetings": _figures.GREEN,
    "cooperation": _figures.SKY_BLUE,
    "conflict": _figures.ORANGE,
    "goldstein": "#444444",
    "votes": _figures.BLUE,
    "milestones": _figures.AGREEMENT,
    "a": _figures.VERMILLION,
    "b": _figures.BLUE,
}
GREY = "#777777"
#: What is held where nothing is counted: lighter, dashed or hollow, never a count's style.
HELD_ALPHA = 0.55


def _panel(ax: Axes, title: str) -> None:
    ax.set_title(title, loc="left", fontsize=FONT, fontweight="bold", pad=3)
    ax.tick_params(labelsize=FONT - 1)
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _legend(ax: Axes) -> None:
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=FONT - 1,
        frameon=False,
        borderaxespad=0,
        handlelength=1.2,
    )


def _note(ax: Axes, text: str) -> None:
    """A grey sentence in the middle of a panel that has no data to show."""
    ax.text(
        0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
        fontsize=FONT - 0.5, color=GREY,
    )  # fmt: skip
    ax.set_yticks([])


def _numbers(column: Any) -> Any:
    """A column's values as floats, a missing one (the data cannot give it) as NaN."""
    return column.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _unknown(ax: Axes, years: Any, values: Any) -> None:
    """Shade the years whose value is missing: a gap in the data, not a zero."""
    for year, value in zip(years, values, strict=True):
        if np.isnan(value):
            ax.axvspan(year, year + 1, color="#ececec", lw=0, zorder=0)


def _top(values: Any) -> float:
    """The largest value shown (1 when there is none)."""
    known = values[~np.isnan(values)]
    return max(1.0, float(known.max())) if len(known) else 1.0


def _through_as_of(frame: Any) -> Any:
    """Which years reach no further than the data's as-of date (all, without one)."""
    years = frame["year"].to_numpy()
    as_of = frame.attrs.get("as_of")
    return years <= int(as_of[:4]) if as_of else np.ones(len(years), dtype=bool)


def _held(frame: Any, lists: str, counts: Any) -> Any:
    """How many records a list column holds in each year whose count is missing, up to the
    as-of date; NaN where the year is counted, after the as-of date or where nothing is held
    (an empty year of a selection says nothing)."""
    held = frame[lists].map(len).to_numpy(dtype=float)
    keep = np.isnan(counts) & _through_as_of(frame) & (held > 0)
    return np.where(keep, held, np.nan)


def figure(frame: Any, a: str, b: str) -> Figure:
    """Draw a pulse table (``ruiran.pulse(...)``) of the states named ``a`` and ``b``."""
    years = frame["year"].to_numpy()
    # A year runs from its first day (x = year) to the next: bars and points stand in its
    # middle, and a sanctions step starts at the year it counts from.
    middle = years + 0.5
    no_coded = bool(frame["coded_events"].isna().all())
    fig, axes = plt.subplots(
        5, 1, sharex=True, figsize=(WIDTH, 7.2 if no_coded else 7.8), dpi=DPI,
        layout="constrained", height_ratios=[1, 0.45 if no_coded else 1.2, 1, 1, 1.2],
    )  # fmt: skip
    meet, coded, votes, steps, sanctions = axes

    _panel(meet, "High-level meetings (cited)")
    met = _numbers(frame["meetings"])
    shown = ~np.isnan(met)
    meet.bar(middle[shown], met[shown], color=COLOURS["meetings"], width=0.7, label="meetings")
    _unknown(meet, years, met)
    meet.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    meet.set_ylim(0, _top(met) * 1.15)

    _panel(coded, "GDELT coded events")
    if no_coded:
        _note(coded, "No coded events loaded: run with --gdelt FILE to draw GDELT's counts")
    else:
        coop = frame["cooperation"].fillna(0).to_numpy(dtype=float)
        conf = frame["conflict"].fillna(0).to_numpy(dtype=float)
        coded.bar(middle, coop, color=COLOURS["cooperation"], width=0.7, label="cooperation")
        coded.bar(middle, conf, bottom=coop, color=COLOURS["conflict"], width=0.7, label="conflict")
        _unknown(coded, years, _numbers(frame["coded_events"]))
        coded.yaxis.set_major_locator(MaxNLocator(nbins=3))
        score = coded.twinx()
        score.plot(
            middle, frame["goldstein_mean"], color=COLOURS["goldstein"], lw=1.2, marker="o",
            ms=2.5, label="Goldstein mean (right)",
        )  # fmt: skip
        score.tick_params(labelsize=FONT - 1)
        score.yaxis.set_major_locator(MaxNLocator(nbins=3))
        score.spines["top"].set_visible(False)
        handles = [*coded.get_legend_handles_labels()[0], *score.get_legend_handles_labels()[0]]
        coded.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.06, 1.0), fontsize=FONT - 1,
            frameon=False, borderaxespad=0, handlelength=1.2,
        )  # fmt: skip

    _panel(votes, "UN General Assembly: share of votes alike")
    shares = frame["un_agreement"]
    if shares.isna().all():
        _note(votes, "No UN votes for these years (the bundled votes run to 2019)")
    else:
        votes.plot(middle, shares, color=COLOURS["votes"], lw=1.4, marker="o", ms=2.5)
        last = int(frame.loc[shares.notna(), "year"].max())
        low = float(shares.min())
        votes.set_ylim(max(0.0, low - 0.1), 1.0)
        votes.yaxis.set_major_locator(MultipleLocator(0.2))
        if last < years.max():
            votes.axvspan(last + 1, years.max() + 1, color="#f2f2f2", lw=0)
            votes.text(
                (last + 1 + years.max() + 1) / 2, 0.5, f"votes data\nends {last}",
                transform=votes.get_xaxis_transform(), ha="center", va="center",
                fontsize=FONT - 1.5, color=GREY,
            )  # fmt: skip

    stages = _numbers(frame["milestones"])
    shown = ~np.isnan(stages)
    held_steps = _held(frame, "milestone_names", stages)
    _panel(
        steps,
        "Agreements' milestones (signed, ratified, in force, ...)"
        if shown.any() or np.isnan(held_steps).all()
        else "Agreements' milestones as held: a selection, not counted (a hollow dot per step)",
    )
    steps.bar(middle[shown], stages[shown], color=COLOURS["milestones"], width=0.7)
    # a panel of what is held alone (no year counted) is white to the as-of date, its title
    # saying it is no count; beside counts, a missing year is grey (no bar is not a zero)
    held_only = not shown.any() and not np.isnan(held_steps).all()
    _unknown(steps, years, np.where(held_only & _through_as_of(frame), 0, stages))
    for x, n in zip(middle, held_steps, strict=True):  # one hollow dot per held step, stacked
        if not np.isnan(n):
            steps.plot(
                [x] * int(n), np.arange(1, int(n) + 1), linestyle="", marker="o", ms=3.5,
                markerfacecolor="white", markeredgecolor=COLOURS["milestones"], mew=1.0,
                alpha=HELD_ALPHA + 0.2, zorder=3,
            )  # fmt: skip
    if not shown.any() and np.isnan(held_steps).all():
        _note(steps, "Not counted: no coverage statement on their agreements (held as found)")
    elif not shown.any():
        steps.set_yticks([])  # dots of what is held: no count's axis
        steps.set_ylim(0, _top(held_steps) + 1)
    else:
        steps.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
        steps.set_ylim(0, max(_top(stages), _top(held_steps)) * 1.15)

    _panel(sanctions, "Sanctions regimes in force")
    held_regimes = []
    for key, name in (("a", a), ("b", b)):
        counts = _numbers(frame[f"sanctions_on_{key}"])
        held = _held(frame, f"sanctions_held_on_{key}", counts)
        held_regimes.append(held)
        if (~np.isnan(counts)).any() or np.isnan(held).all():
            # a missing year is no point: the line breaks there (a grey gap), never drops to 0
            label = f"on {name}" if (~np.isnan(counts)).any() else f"on {name}: not counted"
            first = years[~np.isnan(counts)].min() if (~np.isnan(counts)).any() else years.min()
            if first > years.min():  # counted only from a later year: the legend says so
                label += f",\ncounted from {int(first)}"
            # the first line is drawn thin over a wide second one, so where the two counts are
            # equal both still show (a thin line inside a wide band)
            sanctions.step(
                [*years, years.max() + 1], [*counts, counts[-1]], where="post",
                color=COLOURS[key], lw=1.6 if key == "a" else 3.4,
                zorder=3 if key == "a" else 2, label=label,
            )  # fmt: skip
        if not np.isnan(held).all():  # what is held where nothing is counted: dashed, light
            sanctions.step(
                [*years, years.max() + 1], [*held, held[-1]], where="post",
                color=COLOURS[key], lw=1.4, ls=(0, (4, 2)), alpha=HELD_ALPHA,
                label=f"on {name}, as held\n(not counted)",
            )  # fmt: skip
    sanctions.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    counted = [_numbers(frame[c]) for c in ("sanctions_on_a", "sanctions_on_b")]
    # grey: a year no counted line can give (a column missing in every year has its legend)
    known = [c for c in counted if (~np.isnan(c)).any()] or counted
    _unknown(sanctions, years, np.where(np.all([np.isnan(c) for c in known], axis=0), np.nan, 0))
    both = np.concatenate(
        [_numbers(frame["sanctions_on_a"]), _numbers(frame["sanctions_on_b"]), *held_regimes]
    )
    sanctions.set_ylim(0, _top(both) + 1)
    _legend(sanctions)

    # every fifth year labelled under its middle; a small tick where each year begins
    labelled = [int(y) for y in years if y % 5 == 0] or [int(years.min())]
    sanctions.set_xticks([y + 0.5 for y in labelled], [str(y) for y in labelled])
    sanctions.set_xticks([float(y) for y in [*years, years.max() + 1]], minor=True)
    sanctions.set_xlim(years.min() - 0.1, years.max() + 1.1)
    sanctions.tick_params(axis="x", which="major", length=0, labelsize=FONT - 0.5)
    fig.suptitle(
        f"{a} and {b}, year by year", x=0.01, ha="left", fontsize=FONT + 2, fontweight="bold"
    )
    complete = "complete" if frame.attrs.get("complete") else "partial: see the table's gaps"
    cited = ["meetings", "milestones", "sanctions_on_a", "sanctions_on_b"]
    unknown = (
        "\nGrey: a year the data cannot give (no coverage statement reaches it, or after the "
        "as-of date): missing, not a zero."
        if frame[cited].isna().any().any()
        else ""
    )
    if unknown and any(not np.isnan(h).all() for h in (held_steps, *held_regimes)):
        unknown += (
            "\nHollow dots, dashed light lines: what the data holds where it cannot count, a "
            "selection as found, not a count."
        )
    sanctions.set_xlabel(
        f"ruiran data as of {frame.attrs.get('as_of')} ({complete}); a person counts for the "
        "state whose office they held that day;\nan occasion counts once (a visit with its meetings, "
        "a summit with its talks). "
        "UN votes: Voeten, Strezhnev and Bailey (unvotes), to 2019." + unknown,
        fontsize=FONT - 1.5, color=GREY, loc="left",
    )  # fmt: skip
    return fig


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="pulse.png", type=Path)
    parser.add_argument("--from", dest="start", default="2000", help="the first year")
    parser.add_argument("--gdelt", nargs="+", type=Path, help="GDELT event files to count")
    args = parser.parse_args(argv[1:])
    ds = ruiran.load()
    if args.gdelt:
        ds = ruiran.ingest.gdelt(args.gdelt, between=("Russia", "Iran"))
    frame = ruiran.pulse("Russia", "Iran", start=args.start, dataset=ds)
    fig = figure(frame, "Russia", "Iran")
    save(fig, args.out)
    plt.close(fig)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main(sys.argv)
