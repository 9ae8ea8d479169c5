"""A timeline figure of the Russia–Iran relationship, from the 18th century to now.

Agreements (their milestones on one line), sanctions and events each get a lane. A record's
label sits beside its marks, on whichever side has room (a label too long for one line is
wrapped on two or three, never cut short), and records share a line of their lane when they
and their labels do not overlap. A label says each year once: a title ending in its year takes
the record's span there.

High-level meetings are many (about a hundred cited), routine and growing in number, so they
get no lane lines and no labels: below the lanes, one strip draws a short tick per meeting at
its date, on an upper line for visits, meetings and talks and a lower one for telephone calls.
A meeting is an event of a kind ``ruiran.overview.MEETING_KINDS`` names (visit, host_visit,
meet_at_third_location, consult, discuss_by_telephone); every other event keeps its labelled
line in the events lane. The strip's heading points to the pulse figure
(examples/pulse_figure.py) for the meetings counted per year (where a summit and the talks
on its margin count once; here each is a tick). So the figure grows with the labelled
records, not with the meetings.

Entries bunch up in recent years, so the time axis is piecewise linear: history before 1991 is
one band, and the years since are cut where labelled entries (not the meetings' ticks, which
need no room) become much denser. Each band is linear and as wide as its number of labelled
entries calls for; bands of about equal density are merged, so evenly spread data gets a
plain linear axis.

Run: python examples/timeline_figure.py [OUT.png]   (needs ruiran[plot])
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # _figures.py, beside this script
import _figures
import matplotlib.pyplot as plt
from _figures import DPI, FONT, WIDTH, headed_legend, save
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

import ruiran
from ruiran import Agreement, Event, EventKind, PartialDate, Period, Stage, TimelineEntry
from ruiran.overview import MEETING_KINDS

#: Each kind's colour (Okabe–Ito, as in every example figure).
COLOURS = {"milestone": _figures.AGREEMENT, "sanction": _figures.SANCTION, "event": _figures.BLUE}
#: Each kind's lane heading, top to bottom.
LANES = {"milestone": "Agreements", "sanction": "Sanctions", "event": "Events"}
#: Each kind's legend heading.
GROUPS = {"milestone": "Agreement milestones:", "sanction": "Sanctions:", "event": "Events:"}
#: The legend's heading for marks that qualify a date, whatever the entry's kind.
DATES = "Dates:"
#: The meetings' strip: its colour (as in the pulse figure), heading and legend heading.
MEETING_COLOUR = _figures.GREEN
MEETINGS = "High-level meetings: a tick each (counts per year: the pulse figure)"
MEETING_GROUP = "Meetings:"
#: The strip's lines, top to bottom: each one's legend label and whether a meeting is on it.
MEETING_LINES: dict[str, frozenset[EventKind]] = {
    "visit, meeting or talks (upper line)": MEETING_KINDS - {EventKind.DISCUSS_BY_TELEPHONE},
    "telephone call (lower line)": frozenset({EventKind.DISCUSS_BY_TELEPHONE}),
}
#: Milestones by stage: hollow before the agreement binds anyone, filled once it does.
STAGE_MARKERS: dict[Stage, tuple[str, bool]] = {
    Stage.PROPOSED: ("o", False),
    Stage.ANNOUNCED_INTENT: ("D", False),
    Stage.AUTHORIZED: ("s", False),
    Stage.SIGNED: ("D", True),
    Stage.RATIFIED: ("^", True),
    Stage.IN_FORCE: ("s", True),
    Stage.SUSPENDED: ("v", False),
    Stage.WITHDRAWN: ("X", False),  # one party's exit: a hollow cross, the others go on
    Stage.COMPLETED: ("*", True),
    Stage.TERMINATED: ("X", True),
}
#: Where the modern relationship starts (the fall of the Soviet Union): history is one band.
MODERN = dt.date(1991, 1, 1)

ROW = 0.22  # inches per line of the plot
MARGIN = 0.3  # inches left and right: room for half a tick label at either end
TOP = 0.8  # inches above the plot: title, subtitle, band headings
LEGEND_ROW = 0.2  # inches per legend line
MARK = 5.5  # points: marker size
PAD = (MARK / 2 + 2.5) / 72  # inches between a mark's centre and its label
GAP = 0.15  # inches between two records sharing a line
MIN_BAR = 0.06  # inches: a shorter period is drawn as a point
TICK_GAP = 0.45  # inches between two labelled ticks, at least
MINOR_GAP = 0.05  # inches between two minor ticks, at least
MAX_ROWS = 3  # a label too long for its line is wrapped on up to this many lines
LINE_SPACING = 1.1  # of a wrapped label's lines, in font sizes


@dataclass(frozen=True)
class Axis:
    """A piecewise-linear time axis: band edges, and where each edge falls between 0 and 1."""

    edges: tuple[dt.date, ...]
    places: tuple[float, ...]

    def __call__(self, day: dt.date) -> float:
        """Where a day falls (days beyond the axis are put at its ends)."""
        day = min(max(day, self.edges[0]), self.edges[-1])
        i = min(bisect.bisect_right(self.edges, day), len(self.edges) - 1)
        lo, hi = self.edges[i - 1], self.edges[i]
        share = (day - lo).days / max((hi - lo).days, 1)
        return self.places[i - 1] + share * (self.places[i] - self.places[i - 1])

    @property
    def end(self) -> dt.date:
        """The first day after the axis."""
        return self.edges[-1]

    def bands(self) -> list[tuple[dt.date, dt.date, float, float]]:
        """Each band's first day, end (exclusive), left place and right place."""
        return list(zip(self.edges, self.edges[1:], self.places, self.places[1:], strict=False))


def is_meeting(entry: TimelineEntry) -> bool:
    """Whether an entry is a high-level meeting, drawn as a tick in the meetings' strip."""
    return isinstance(entry.record, Event) and entry.record.kind in MEETING_KINDS


def _year(day: dt.date) -> dt.date:
    """The first day of the day's year."""
    return dt.date(day.year, 1, 1)


def _count(days: Sequence[dt.date], lo: dt.date, hi: dt.date) -> int:
    """How many of the days fall from ``lo`` up to (not including) ``hi``."""
    return sum(lo <= d < hi for d in days)


def make_axis(days: Sequence[dt.date], start: dt.date, end: dt.date) -> Axis:
    """Bands as wide as their share of ``days`` (with a floor), from ``start`` to ``end``.

    The years before 1991 form one band. The years since are cut at the year after which
    entries are densest compared with before (if at least twice as dense, with enough
    entries after it to matter). Neighbouring bands of about the same density are merged.
    """
    edges = [start]
    if start < MODERN < end and any(d >= MODERN for d in days):
        edges.append(MODERN)
    base = edges[-1]
    modern = [d for d in days if d >= base]
    best: tuple[float, dt.date] | None = None
    for year in range(base.year + 3, end.year - 1):
        cut = dt.date(year, 1, 1)
        after = _count(modern, cut, end)
        if after < max(5, 0.15 * len(modern)):
            continue
        contrast = (after / (end - cut).days) / (max(len(modern) - after, 1) / (cut - base).days)
        if contrast >= 2 and (best is None or contrast > best[0]):
            best = (contrast, cut)
    if best is not None:
        edges.append(best[1])
    edges.append(end)
    while True:
        pairs = list(itertools.pairwise(edges))
        # The floor keeps a band with few entries wide enough for its ticks and heading.
        weights = [max(_count(days, lo, hi), 0.12 * len(days)) for lo, hi in pairs]
        slopes = [w / (hi - lo).days for w, (lo, hi) in zip(weights, pairs, strict=True)]
        similar = [i for i in range(len(slopes) - 1) if 0.6 < slopes[i] / slopes[i + 1] < 1.6]
        if not similar:
            break
        del edges[similar[0] + 1]
    places = [0.0]
    for weight in weights:
        places.append(places[-1] + weight / sum(weights))
    return Axis(tuple(edges), tuple(places))


def _ticks(axis: Axis, inches: float) -> tuple[list[dt.date], list[dt.date]]:
    """Labelled years (band edges first, then round years as dense as each band allows) and
    minor ticks (years, or quarters where a band is wide enough)."""
    major = list(axis.edges[:-1])
    minor: list[dt.date] = []
    for lo, hi, left, right in axis.bands():
        per_year = (right - left) * inches * 365.25 / (hi - lo).days
        step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if s * per_year >= TICK_GAP), 200)
        major += [dt.date(y, 1, 1) for y in range(lo.year, hi.year) if y % step == 0]
        sub = next((s for s in (0.25, 1, 5, 10, 50) if s * per_year >= MINOR_GAP), None)
        if sub == 0.25:
            minor += [dt.date(y, m, 1) for y in range(lo.year, hi.year) for m in (1, 4, 7, 10)]
        elif sub is not None:
            minor += [dt.date(y, 1, 1) for y in range(lo.year, hi.year) if y % sub == 0]
    kept: list[dt.date] = []
    for day in major:  # edges come first, so they win over round years nearby
        if all(abs(axis(day) - axis(k)) * inches >= TICK_GAP for k in kept):
            kept.append(day)
    return sorted(kept), [d for d in minor if d not in kept]


def _when(when: PartialDate | Period) -> str:
    """A date as a reader writes it: '2023-09-19–20', '1722–1828', 'since 1991-12'."""
    if isinstance(when, PartialDate):
        return str(when)
    start, end = str(when.start), str(when.end)
    if when.end is None:
        return f"since {start}"
    if when.start is None:
        return f"until {end}"
    if len(start) == len(end) == 10 and start[:8] == end[:8]:
        return f"{start}–{end[8:]}"
    return f"{start}–{end}"


@dataclass
class Item:
    """One record on the plot: its entries, where its marks span, and where its label goes."""

    entries: tuple[TimelineEntry, ...]
    lo: float  # first mark, axis units
    hi: float  # last mark, axis units
    room: tuple[float, float]  # the widest stretch of its bar or line clear of marks
    caption: str = ""
    x: float = 0.0  # where the label is anchored
    right: bool = True  # whether the label is on the right of its anchor
    over: bool = False  # whether the label lies over the record's own bar or line
    line: int = 0  # line of the plot, counted from the top of the lane
    rows: int = 1  # lines of the plot it takes: its label may be wrapped on two or three

    @property
    def kind(self) -> str:
        """``'event'``, ``'milestone'`` or ``'sanction'``."""
        return self.entries[0].kind

    def captions(self) -> list[str]:
        """The label with its dates, then without them (for an item short of room)."""
        record = self.entries[0].record
        if isinstance(record, Agreement):
            # One party's exit (a withdrawal) is not the agreement's end: it is named apart.
            exits = [e for e in self.entries if _party_exit(e)]
            lived = [e for e in self.entries if not _party_exit(e)] or self.entries
            years = sorted({e.when.earliest.year for e in lived})
            # Steps of several years name their first and last stage: "2001–2002" alone would
            # read as the agreement's lifespan, though it is still in force.
            span = str(years[0]) if len(years) == 1 else f"{_step(lived[0])} – {_step(lived[-1])}"
            for e in exits:
                assert e.milestone is not None
                who = e.party_name or e.milestone.party
                span += f"; {who} {e.milestone.stage.value} {e.when.earliest.year}"
        else:
            span = _when(self.entries[0].when)
        return [_dated(record.title, span), record.title]


def _step(entry: TimelineEntry) -> str:
    """A milestone as a label names it: its stage and year ('in force 2002')."""
    assert entry.milestone is not None
    return f"{entry.milestone.stage.value.replace('_', ' ')} {entry.when.earliest.year}"


def _dated(title: str, span: str) -> str:
    """``title`` with its dates, never saying a year twice: a title that ends in its first
    year, such as '... (1992)', takes the span in that place ('... (signed 2001 – in force
    2002)'), and a title
    that holds the span already is left as it is."""
    named = re.fullmatch(r"(.*) \((\d{4})\)", title)
    if named is not None and named[2] in span:
        return f"{named[1]} ({span})"
    return title if span in title else f"{title} ({span})"


def _party_exit(entry: TimelineEntry) -> bool:
    """Whether a milestone entry is one party's own exit (withdrawal or termination)."""
    m = entry.milestone
    return m is not None and m.party is not None and m.stage in (Stage.WITHDRAWN, Stage.TERMINATED)


def _items(entries: Sequence[TimelineEntry], axis: Axis, inches: float) -> list[Item]:
    """One item per record, with the stretch of its bar or line where a label could go."""
    grouped: dict[str, list[TimelineEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.record.id, []).append(entry)
    radius = MARK / 2 / 72 / inches  # a mark's half width, in axis units
    items = []
    for group in grouped.values():
        lo = min(axis(e.when.earliest) for e in group)
        hi = max(axis(min(e.when.latest, axis.end)) for e in group)
        taken = []  # stretches that a label must leave visible: marks and date whiskers
        for e in group:
            start, end = axis(e.when.earliest), axis(min(e.when.latest, axis.end))
            if isinstance(e.when, Period) and (end - start) * inches >= MIN_BAR:
                if e.when.end is None:  # the arrow head of a period still going on
                    taken.append((end - radius, end + radius))
                continue
            middle = (start + end) / 2
            taken.append((min(start, middle - radius), max(end, middle + radius)))
        free, cursor = [], lo
        for start, end in sorted(taken):
            if start > cursor:
                free.append((cursor, start))
            cursor = max(cursor, end)
        if hi > cursor:
            free.append((cursor, hi))
        room = max(free, key=lambda f: f[1] - f[0], default=(lo, lo))
        items.append(Item(tuple(group), lo, hi, room))
    return sorted(items, key=lambda i: (i.lo, i.entries[0].sort_key()))


def _place_labels(items: Sequence[Item], ax: Axes, inches: float) -> None:
    """Put each label right of its marks, else left of them, else over its long bar or line;
    else wrap it on two or three lines beside its marks; else drop the dates and try again.
    Only a title too long for three lines on the wider side is shortened."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    probe = ax.text(0, 0, "", fontsize=FONT, linespacing=LINE_SPACING)
    pad = PAD / inches
    gap = 2.5 / 72 / inches  # between a label and the end of the stretch it lies over

    def width(caption: str) -> float:
        probe.set_text(caption)
        return float(probe.get_window_extent(renderer).width) / (inches * ax.figure.dpi)

    def wrapped(caption: str, room: float, most: int) -> str | None:
        """``caption`` on as few lines as fit ``room`` (at most ``most``), or None."""
        lines: list[str] = []
        for word in caption.split(" "):
            if lines and width(f"{lines[-1]} {word}") <= room:
                lines[-1] += f" {word}"
            elif width(word) <= room:
                lines.append(word)
            else:
                return None
        return "\n".join(lines) if len(lines) <= most else None

    def place(item: Item, caption: str) -> bool:
        w = width(caption)
        if item.hi + pad + w <= 1:
            item.caption, item.x, item.right = caption, item.hi + pad, True
            return True
        if item.lo - pad - w >= 0:
            item.caption, item.x, item.right = caption, item.lo - pad, False
            return True
        if w + 2 * gap <= item.room[1] - item.room[0]:  # over its pale bar or its line
            item.caption, item.x, item.over = caption, item.room[0] + gap, True
            return True
        for right in sorted((True, False), key=lambda r: item.hi if r else 1 - item.lo):
            room = (1 - item.hi if right else item.lo) - pad
            lines = wrapped(caption, room, MAX_ROWS)
            if lines is not None:
                item.caption, item.right = lines, right
                item.x = item.hi + pad if right else item.lo - pad
                item.rows = lines.count("\n") + 1
                return True
        return False

    for item in items:
        if not any(place(item, caption) for caption in item.captions()):
            # The wider side gets the title, shortened to fit (a title of a hundred words).
            item.right = item.hi < 1 - item.lo
            room = (1 - item.hi if item.right else item.lo) - 2 * pad
            title = item.captions()[1]
            while len(title) > 1 and width(title + "…") > room:
                title = title[:-1].rstrip()
            item.caption = title + "…"
            item.x = item.hi + pad if item.right else item.lo - pad
    widths = {id(item): width(item.caption) for item in items}
    probe.remove()

    def extent(item: Item) -> tuple[float, float]:
        w = widths[id(item)]
        left = item.x if item.right or item.over else item.x - w
        return min(item.lo - pad, left), max(item.hi + pad, left + w)

    # First fit, oldest first: each record goes on the first line of its lane where it and
    # its label overlap nothing, so the lines keep a rough chronological order downwards.
    gap = GAP / inches
    for kind in LANES:
        taken: list[list[tuple[float, float]]] = []
        for item in (i for i in items if i.kind == kind):
            left, right = extent(item)
            item.line = _first_free(taken, (left - gap, right + gap), item.rows)
            while len(taken) < item.line + item.rows:
                taken.append([])
            for k in range(item.rows):
                taken[item.line + k].append((left, right))


def _first_free(
    taken: Sequence[Sequence[tuple[float, float]]], span: tuple[float, float], rows: int
) -> int:
    """The first line from which ``rows`` lines are clear of ``span`` (lines past ``taken``
    are clear)."""

    def clear(n: int) -> bool:
        return n >= len(taken) or all(span[1] <= a or b <= span[0] for a, b in taken[n])

    return next(n for n in itertools.count() if all(clear(n + k) for k in range(rows)))


def figure(entries: Sequence[TimelineEntry], title: str, credit: str = "") -> Figure:
    """Draw ``entries`` (as ``Dataset.timeline`` gives them); as tall as its lines need.

    Args:
        entries: The timeline entries, at least one.
        title: The figure's title.
        credit: A line in the bottom right corner (where the data comes from).
    """
    # The bands are cut by where labels crowd: a meeting's tick needs no room of its own.
    days = [e.when.earliest for e in entries if not is_meeting(e)] or [
        e.when.earliest for e in entries
    ]
    finite = [d for e in entries for d in (e.when.earliest, e.when.latest) if d != dt.date.max]
    axis = make_axis(days, _year(min(finite)), dt.date(max(finite).year + 1, 1, 1))
    inner = WIDTH - 2 * MARGIN
    fig = plt.figure(figsize=(WIDTH, 6), dpi=DPI)
    ax = fig.add_axes((MARGIN / WIDTH, 0.1, inner / WIDTH, 0.8))
    ax.set_xlim(0, 1)
    meetings = [e for e in entries if is_meeting(e)]
    items = _items([e for e in entries if not is_meeting(e)], axis, inner)
    _place_labels(items, ax, inner)

    drawn: dict[str, dict[str, Artist]] = {}
    y = 0.0  # lines are counted from the top of the plot
    for kind, lane in LANES.items():
        chosen = [i for i in items if i.kind == kind]
        if not chosen:
            continue
        ax.text(0, y, lane, fontsize=FONT, fontweight="bold", color=COLOURS[kind], va="center")
        y += 1
        for item in chosen:  # a wrapped label's record stands in the middle of its lines
            _draw_item(ax, y + item.line + (item.rows - 1) / 2, item, axis, inner, drawn)
        y += max(i.line + i.rows - 1 for i in chosen) + 1.4
    if meetings:
        y = _draw_meetings(ax, y, meetings, axis, drawn)
    lines = [g for g in (*GROUPS.values(), MEETING_GROUP, DATES) if drawn.get(g)]

    plot = ROW * (y - 0.4)
    bottom = 0.5 + LEGEND_ROW * len(lines) + 0.25  # ticks, legend, credit
    height = TOP + plot + bottom
    fig.set_size_inches(WIDTH, height)
    ax.set_position((MARGIN / WIDTH, bottom / height, inner / WIDTH, plot / height))
    ax.set_ylim(y - 0.9, -0.5)  # line 0 at the top
    _decorate(fig, ax, axis, inner, title, credit)
    _legend(fig, drawn, lines, bottom - 0.5)
    return fig


def _draw_item(
    ax: Axes, y: float, item: Item, axis: Axis, inches: float, drawn: dict[str, dict[str, Artist]]
) -> None:
    """Draw a record's marks and label on line ``y``; note each kind of mark in ``drawn``."""
    colour = COLOURS[item.kind]
    group = drawn.setdefault(GROUPS[item.kind], {})
    if item.kind == "milestone" and len(item.entries) > 1:
        # The agreement's life, from its first dated step to its last.
        ax.plot([item.lo, item.hi], [y, y], color=colour, linewidth=1, alpha=0.6)
    for entry in item.entries:
        when = entry.when
        lo, hi = axis(when.earliest), axis(min(when.latest, axis.end))
        if isinstance(when, Period) and (hi - lo) * inches >= MIN_BAR:
            name = "in force" if item.kind == "sanction" else "over a period"
            group[name] = ax.barh(y, hi - lo, left=lo, height=0.6, color=colour, alpha=0.4)[0]
            if when.end is None:
                drawn.setdefault(DATES, {})["still going on"] = ax.plot(
                    [hi], [y], marker=">", color=colour, markersize=MARK, linestyle=""
                )[0]
            continue
        if isinstance(when, PartialDate) and (hi - lo) * inches >= 1.5 * MARK / 72:
            # Known only to the month or year: a bar over the days it may be, wider than the mark.
            drawn.setdefault(DATES, {})["known to the month or year"] = ax.plot(
                [lo, hi], [y, y], color="#777777", linewidth=2.5, solid_capstyle="butt"
            )[0]
        milestone = entry.milestone
        if milestone is None:
            name, marker, filled = "on a day" if item.kind == "event" else "dated", "o", True
        else:
            name = milestone.stage.value.replace("_", " ")
            marker, filled = STAGE_MARKERS[milestone.stage]
        group[name] = ax.plot(
            [(lo + hi) / 2],
            [y],
            marker=marker,
            markersize=MARK,
            color=colour,
            markerfacecolor=colour if filled else "white",
            markeredgewidth=1.2,
            linestyle="",
            zorder=3,
        )[0]
    text = ax.text(
        item.x,
        y,
        item.caption,
        fontsize=FONT,
        va="center_baseline" if item.rows == 1 else "center",
        linespacing=LINE_SPACING,
        ha="left" if item.right or item.over else "right",
        zorder=2.5,  # under the marks, over the bars
    )
    if item.over and item.kind == "milestone":  # keep the thin line from striking it through
        text.set_bbox({"facecolor": "white", "alpha": 0.8, "linewidth": 0, "pad": 0.3})


def _draw_meetings(
    ax: Axes,
    y: float,
    meetings: Sequence[TimelineEntry],
    axis: Axis,
    drawn: dict[str, dict[str, Artist]],
) -> float:
    """Draw the meetings' strip from line ``y`` down: its heading, then a tick per meeting at
    its date (the middle of its days) on the line of its kind; return the line below it."""
    ax.text(0, y, MEETINGS, fontsize=FONT, fontweight="bold", color=MEETING_COLOUR, va="center")
    group = drawn.setdefault(MEETING_GROUP, {})
    for name, kinds in MEETING_LINES.items():
        on_line = [e for e in meetings if isinstance(e.record, Event) and e.record.kind in kinds]
        if not on_line:
            continue
        y += 1
        xs = [(axis(e.when.earliest) + axis(min(e.when.latest, axis.end))) / 2 for e in on_line]
        group[name] = ax.plot(
            xs,
            [y] * len(xs),
            marker="|",
            markersize=MARK * 1.6,
            markeredgewidth=1.0,
            color=MEETING_COLOUR,
            linestyle="",
            zorder=3,
            label=name,
        )[0]
    return y + 1.4


def _decorate(fig: Figure, ax: Axes, axis: Axis, inches: float, title: str, credit: str) -> None:
    """Band shading and headings, ticks, title, subtitle and credit."""
    height = fig.get_figheight()
    banded = len(axis.edges) > 2
    for i, (lo, hi, left, right) in enumerate(axis.bands()):
        if banded and i % 2 == 0:
            ax.axvspan(left, right, color="#f2f2f2", zorder=0, linewidth=0)
        last = (hi - dt.timedelta(days=1)).year
        ax.annotate(
            f"{lo.year}–{last}" if last != lo.year else str(lo.year),
            ((left + right) / 2, 1),
            xycoords="axes fraction",
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=FONT,
            color="#444444",
        )
    major, minor = _ticks(axis, inches)
    ax.set_xticks([axis(t) for t in major], [str(t.year) for t in major], fontsize=FONT)
    ax.set_xticks([axis(t) for t in minor], minor=True)
    ax.tick_params(axis="x", which="minor", length=2, color="#999999")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    left = MARGIN / WIDTH
    fig.text(left, 1 - 0.1 / height, title, ha="left", va="top", fontsize=10.5)
    if banded:
        fig.text(
            left,
            1 - 0.36 / height,
            "Each band of years (shaded or not) has its own linear scale, wider where entries "
            "are dense (the meetings' ticks aside).",
            ha="left",
            va="top",
            fontsize=FONT - 0.5,
            color="#555555",
        )
    if credit:
        fig.text(
            1 - left,
            0.08 / height,
            credit,
            ha="right",
            va="bottom",
            fontsize=FONT - 1.5,
            color="#666666",
        )


def _legend(fig: Figure, drawn: dict[str, dict[str, Artist]], lines: list[str], top: float) -> None:
    """One legend line per kind drawn, listing exactly the marks drawn, and one for dates."""
    order = ["on a day", "dated", "over a period", "in force"]
    stages = [s.value.replace("_", " ") for s in Stage]
    for i, heading in enumerate(lines):
        marks = drawn[heading]
        rank = stages if heading == GROUPS["milestone"] else order
        names = sorted(marks, key=lambda n: rank.index(n) if n in rank else len(rank))
        headed_legend(
            fig,
            heading,
            [_handle(marks[n], n) for n in names],
            loc="upper left",
            anchor=(MARGIN / WIDTH, (top - i * LEGEND_ROW) / fig.get_figheight()),
            handlelength=1.0,
            handletextpad=0.4,
            columnspacing=0.7,  # room for every stage on one line
        )


def _handle(artist: Artist, name: str) -> Artist:
    """A legend handle that looks like the mark drawn."""
    if isinstance(artist, Line2D):
        plain = artist.get_linestyle() == "None"
        return Line2D(
            [],
            [],
            marker=artist.get_marker(),
            markersize=artist.get_markersize(),
            markeredgewidth=artist.get_markeredgewidth(),
            color=artist.get_color(),
            markerfacecolor=artist.get_markerfacecolor(),
            linestyle="" if plain else "-",
            linewidth=0 if plain else artist.get_linewidth(),
            label=name,
        )
    assert isinstance(artist, Patch)
    return Patch(facecolor=artist.get_facecolor(), label=name)


def draw(out: Path, ds: ruiran.Dataset | None = None, a: str = "Russia", b: str = "Iran") -> Path:
    """Write the timeline of the pair ``a``, ``b`` in ``ds`` (default: the bundled data)."""
    bundled = ds is None
    ds = ruiran.load() if ds is None else ds
    entries = ds.timeline(a, b)
    days = sorted(d for e in entries for d in (e.when.earliest, e.when.latest) if d != dt.date.max)
    title = (
        f"{ds.actor(a).name} and {ds.actor(b).name}, {days[0].year}–{days[-1].year}: "
        "events, agreement milestones and sanctions"
    )
    fig = figure(entries, title, "Data: ruiran bundled dataset" if bundled else "")
    save(fig, out)
    plt.close(fig)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("timeline.png")
    print(f"wrote {draw(target)}")
