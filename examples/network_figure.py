"""A network figure: Russia, Iran, the agreements that bind them and the actors around them.

Russia stands on the left and Iran on the right; every agreement binding both of them (as
parties, or as members of a bloc that is one) is a labelled box in a column between them, tied
to its parties, and the line through the middle of
the column is the events they share. Each box says where the agreement stands for each of the
two, and names another party's own exit apart (the JCPOA: in force, the United States withdrawn
in 2018). The other actors frame the picture: those that belong to one side (a bloc it is a
member of) or are tied to one side only stand beside it; the others stand above and below.
Lines between actors are the events they share (those of one side of the pair: a summit's
guests are tied to Russia and Iran, not to each other) and the sanctions one sends the other.

By default the actors are states, blocs and intergovernmental bodies (the United Nations and
its Security Council). ``--actors people`` adds the persons and the other organizations (a
ministry, a company, the armed forces); ``--actors all`` adds the authors of sources and the
media too (an event's reporter, a news agency or medium, a journalist), who tell the story
rather than act in it.

Run: python examples/network_figure.py [OUT.png] [--actors states|people|all]
(needs ruiran[graph,plot])
"""

from __future__ import annotations

import math
import sys
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

sys.path.insert(0, str(Path(__file__).parent))  # _figures.py, beside this script
import _figures
import matplotlib.pyplot as plt
from _figures import AGREEMENT, DPI, FONT, SANCTION, WIDTH, headed_legend, save
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.text import Text

import ruiran
from ruiran import Agreement, Bloc, Event, Organization, Person, Stage
from ruiran.export import to_networkx
from ruiran.model import Role
from ruiran.model.agreements import ENDING

#: Okabe–Ito colours for the kinds of actor, told apart with any colour vision.
NODE_COLOURS = {
    "state": _figures.BLUE,
    "person": _figures.ORANGE,
    "bloc": _figures.GREEN,
    "organization": _figures.SKY_BLUE,
    "media": "#555555",
}
#: The legend's name for each kind of actor.
NODE_LABELS = {
    "state": "state",
    "person": "person",
    "bloc": "bloc",
    "organization": "organization",
    "media": "media, reporter",
}
EVENT = "#9a9a9a"  # events are most of the ties: a quiet grey
BOX_FILL = "#fdf0e6"
#: Organization kinds that report rather than act.
MEDIA_KINDS = frozenset({"media", "news_agency"})
#: Organization kinds drawn by default, beside states and blocs: bodies of states.
STATE_BODIES = frozenset({"intergovernmental"})
#: Which actors a figure shows: states, blocs and intergovernmental bodies; these and the
#: persons and other organizations; everyone, the media and the sources' authors too.
Actors = Literal["states", "people", "all"]
ACTORS: tuple[Actors, ...] = get_args(Actors)

BOX_FONT = 7.0
BOX_CHARS = 34  # an agreement's title is wrapped to this many characters a line
NAME_CHARS = 18  # an actor's name likewise
PAIR_X = 1.9  # inches from the centre to Russia and to Iran
SIDE_X = 3.25  # inches from the centre to the actors standing beside one side
ROW_GAP = 1.45  # inches between actors in a row above or below
HEAD, FOOT = 0.85, 0.55  # inches above the plot (title) and below it (legend)
PAIR_LABEL = (-0.75, -0.12, 0.75, 0.12)  # where the count of the pair's shared events goes


def is_media(ds: ruiran.Dataset, actor_id: str) -> bool:
    """Whether an actor tells the story rather than acts in it: a medium, a news agency, or a
    person whose every position is with one."""
    actor = ds.actor(actor_id)  # a state of the reference table too (a summit's guest)
    if isinstance(actor, Organization):
        return actor.kind.value in MEDIA_KINDS
    if isinstance(actor, Person) and actor.positions:
        return all(p.of is not None and is_media(ds, p.of) for p in actor.positions)
    return False


def is_state_level(ds: ruiran.Dataset, actor_id: str) -> bool:
    """Whether an actor is drawn by default: a state, a bloc or an intergovernmental body."""
    actor = ds.actor(actor_id)
    if isinstance(actor, Organization):
        return actor.kind.value in STATE_BODIES
    return not isinstance(actor, Person)


def political_graph(ds: ruiran.Dataset, *, actors: Actors = "states") -> Any:
    """``ruiran.export.to_networkx(ds)`` with the ``actors`` asked for (see :data:`ACTORS`).

    Unless ``actors`` is ``"all"``, an event's tie is dropped when either end only reported
    the event, and media actors are dropped, as are the reference table's states that have no
    record in the dataset (a summit's guests); with ``"states"``, persons and organizations
    other than intergovernmental bodies are dropped too. The actors left with no tie go.
    """
    if actors not in ACTORS:
        raise ValueError(f"actors must be one of {', '.join(ACTORS)} (got {actors!r})")
    graph = to_networkx(ds)
    if actors == "all":
        return graph
    for u, v, key in list(graph.edges(keys=True)):
        record = ds[key]
        if isinstance(record, Event):
            roles = {x: {p.role for p in record.participants if p.actor == x} for x in (u, v)}
            if {Role.REPORTER} in roles.values():  # one end only reported the event
                graph.remove_edge(u, v, key)
    graph.remove_nodes_from([n for n in list(graph) if is_media(ds, n)])
    # The reference table's states a record names without a record of their own (a summit's
    # guests) stay out: they would crowd the figure with one summit's members.
    graph.remove_nodes_from([n for n in list(graph) if ds.get(n) is None])
    if actors == "states":
        graph.remove_nodes_from([n for n in list(graph) if not is_state_level(ds, n)])
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph


def kind_of(ds: ruiran.Dataset, actor_id: str) -> str:
    """The legend's kind of an actor: its record type, or ``'media'``."""
    return "media" if is_media(ds, actor_id) else ds.actor(actor_id).type


Rect = tuple[float, float, float, float]  # left, bottom, right, top, in inches


@dataclass
class Box:
    """An agreement drawn as a labelled box in the middle column."""

    agreement: Agreement
    status: str = ""  # where it stands, for each of the pair: :func:`status`
    y: float = 0.0  # inches from the centre, like the other sizes
    width: float = 0.0
    height: float = 0.0

    @property
    def caption(self) -> str:
        """The title, wrapped, over a line with the kind and the status: "treaty, in force
        2015-10-18; United States withdrawn 2018-05-08"."""
        title = textwrap.fill(self.agreement.title, BOX_CHARS)
        detail = self.agreement.kind.value.replace("_", " ")
        return f"{title}\n{detail}, {self.status}" if self.status else f"{title}\n{detail}"


def status(ds: ruiran.Dataset, agreement: Agreement, pair: tuple[str, str]) -> str:
    """Where ``agreement`` stands today for each of ``pair`` (``ds.stage_of`` with the party),
    with the date of the step that put it there; the other parties' exits follow, named as
    theirs.

    One wording when both stand alike ("in force 2002-05" for the INSTC: the accession of
    Azerbaijan in 2005 is Azerbaijan's step, not the agreement's status), one per party when
    they differ ("Russia ratified 2019-10-01, Iran signed 2018-08-12"). A party's exit is its
    own ("in force 2015-10-18; United States withdrawn 2018-05-08"), never the agreement's end.
    """
    sides = []
    for party in pair:
        stage = ds.stage_of(agreement, party=party)
        if stage is None:
            continue
        # Its steps: the joint ones, its own, and those of a bloc it belongs to (the EAEU's).
        acting = {None, party} | {p for p in agreement.parties if party in _members(ds, p)}
        steps = [m for m in agreement.milestones if m.stage is stage and m.party in acting]
        days = [m.date for m in steps if m.date is not None]
        when = f" {max(days, key=lambda d: d.earliest)}" if days else " (undated)"
        sides.append((ds.actor(party).name, f"{_stage(stage)}{when}"))
    if len({text for _, text in sides}) == 1 and len(sides) == len(pair):
        text = sides[0][1]
    else:
        text = ", ".join(f"{name} {said}" for name, said in sides)
    for m in agreement.milestones:
        if m.party is not None and m.party not in pair and m.stage in ENDING:
            when = f" {m.date}" if m.date is not None else ""
            text += f"; {ds.actor(m.party).name} {_stage(m.stage)}{when}"
    return text


def _members(ds: ruiran.Dataset, actor_id: str) -> set[str]:
    """A bloc's members (ever); nobody for any other actor."""
    actor = ds.actor(actor_id)
    return {m.member for m in actor.members} if isinstance(actor, Bloc) else set()


def _stage(stage: Stage) -> str:
    """A stage as a reader writes it: 'in force'."""
    return stage.value.replace("_", " ")


def _homes(ds: ruiran.Dataset, actor_id: str) -> set[str]:
    """The actors a person or an organization acts for: its positions' and its country."""
    actor = ds.actor(actor_id)
    if isinstance(actor, Person):
        return {p.of for p in actor.positions if p.of is not None}
    if isinstance(actor, Organization) and actor.country is not None:
        return {actor.country}
    return set()


def _bound(ds: ruiran.Dataset, agreement: Agreement) -> set[str]:
    """The actors an agreement binds: its parties, and the members of a bloc among them."""
    bound = set(agreement.parties)
    for party in agreement.parties:
        actor = ds.actor(party)
        if isinstance(actor, Bloc):
            bound.update(m.member for m in actor.members)
    return bound


def _ties(
    ds: ruiran.Dataset, graph: Any, boxed: set[str], pair: tuple[str, str]
) -> Counter[tuple[str, str, str]]:
    """Ties between actors by kind: events and agreements (those not drawn as boxes) either
    way, sanctions from sender to target.

    In an event where a person's (or an organization's) own state takes part too, it acts
    for that state: it is tied to its state and to the other persons, while the state carries
    the ties to the other states. (Putin meeting Pezeshkian ties Putin to Russia and to
    Pezeshkian, and Russia to Iran; not Putin to Iran.) An event ties only actors of which one
    is of the ``pair``'s side (one of the pair, or acting for it): a summit ties its guests to
    Russia and Iran, not to each other, which the figure is not about.
    """
    ties: Counter[tuple[str, str, str]] = Counter()
    sides = set(pair)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if data["kind"] == "sanction":
            ties[(u, v, "sanction")] += 1
            continue
        if data["kind"] == "agreement":
            if key not in boxed:
                ties[(min(u, v), max(u, v), "agreement")] += 1
            continue
        if not ({u, v} & sides or (_homes(ds, u) | _homes(ds, v)) & sides):
            continue  # two third parties met: not this figure's story
        record = ds[key]
        present = set(record.actors()) if isinstance(record, Event) else set()
        home_u, home_v = _homes(ds, u) & present, _homes(ds, v) & present
        if (home_u and not home_v and v not in home_u) or (
            home_v and not home_u and u not in home_v
        ):
            continue
        ties[(min(u, v), max(u, v), "event")] += 1
    return ties


def _lean(ds: ruiran.Dataset, node: str, a: str, b: str, ties: Counter[Any]) -> float:
    """-1 for an actor of ``a``'s side, 1 for ``b``'s, in between for one tied to both."""
    actor = ds.actor(node)
    sides: list[str] = []
    if isinstance(actor, Person):
        sides = [p.of for p in actor.positions if p.of is not None]
    elif isinstance(actor, Organization) and actor.country is not None:
        sides = [actor.country]
    elif isinstance(actor, Bloc):
        sides = [m.member for m in actor.members]
    side = (b in sides) - (a in sides)
    if side:
        return float(side)
    to_a = sum(n for (u, v, _), n in ties.items() if {u, v} == {node, a})
    to_b = sum(n for (u, v, _), n in ties.items() if {u, v} == {node, b})
    return (to_b - to_a) / (to_a + to_b) if to_a + to_b else 0.0


def _spread(count: int, gap: float) -> list[float]:
    """``count`` places ``gap`` apart, centred on 0."""
    return [(i - (count - 1) / 2) * gap for i in range(count)]


def _meets(p: tuple[float, float], q: tuple[float, float], rect: Rect) -> bool:
    """Whether the segment from ``p`` to ``q`` meets the rectangle (Liang–Barsky clipping)."""
    left, bottom, right, top = rect
    if max(p[0], q[0]) < left or min(p[0], q[0]) > right:
        return False  # the quick answer, for most pairs
    if max(p[1], q[1]) < bottom or min(p[1], q[1]) > top:
        return False
    lo, hi = 0.0, 1.0
    for start, delta, low, high in (
        (p[0], q[0] - p[0], left, right),
        (p[1], q[1] - p[1], bottom, top),
    ):
        if delta == 0:
            continue  # inside the band already, by the quick test
        t0, t1 = (low - start) / delta, (high - start) / delta
        lo, hi = max(lo, min(t0, t1)), min(hi, max(t0, t1))
    return lo <= hi


def _overlap(r: Rect, s: Rect) -> bool:
    """Whether two rectangles overlap."""
    return r[0] < s[2] and s[0] < r[2] and r[1] < s[3] and s[1] < r[3]


def _layout(
    ds: ruiran.Dataset,
    graph: Any,
    pair: tuple[str, str],
    ties: Counter[tuple[str, str, str]],
    boxes: Sequence[Box],
    sizes: dict[str, tuple[float, float]],
) -> dict[str, tuple[float, float]]:
    """Where each actor stands, in inches from the centre of the plot.

    Actors of one side (or tied to one side only) stand in a column beside it, the others in
    a row above or below the boxes. Within these, actors swap places as long as that makes
    their ties cross fewer boxes and names, and shorter.
    """
    a, b = pair
    fixed = {a: (-PAIR_X, 0.0), b: (PAIR_X, 0.0)}
    others = sorted((n for n in graph if n not in fixed), key=lambda n: ds.actor(n).name)
    lean = {n: _lean(ds, n, a, b, ties) for n in others}
    groups = [
        [n for n in others if lean[n] <= -0.5],
        [n for n in others if lean[n] >= 0.5],
        [n for n in others if -0.5 < lean[n] < 0.5],
    ]
    column = max((abs(box.y) + box.height / 2 for box in boxes), default=0.3)
    band = column + 0.55  # the rows stand clear of the column of boxes
    middle = len(groups[2])
    # Rows keep clear of the side columns.
    per_row = min(math.ceil(middle / 2) + 1, int(2 * (SIDE_X - 1.0) / ROW_GAP) + 1)
    rows: list[tuple[float, float]] = []
    for k in range(max(1, math.ceil(middle / (2 * per_row)))):
        # Rows alternate above and below, further out each time; the bottom one lower, as
        # names hang under their dots.
        rows += [(x, band + 0.7 * k) for x in _spread(per_row, ROW_GAP)]
        rows += [(x, -band - 0.35 - 0.7 * k) for x in _spread(per_row, ROW_GAP)]
    # The sides reach above and below the column, so a tie between them can pass it by;
    # a spare place or two on each side lets an actor of neither side stand there.
    tall = max(len(groups[0]), len(groups[1])) + 2
    side = [y * 2 * (column + 0.3) / (tall - 1) for y in _spread(tall, 1.0)]
    left, right = [(-SIDE_X, y) for y in side], [(SIDE_X, y) for y in side]
    allowed = dict.fromkeys(groups[0], left) | dict.fromkeys(groups[1], right)
    allowed |= dict.fromkeys(groups[2], rows + left + right)
    seat: dict[str, tuple[float, float]] = {}
    for node, places in allowed.items():  # a first seat: the first free place allowed
        seat[node] = next(p for p in places if p not in seat.values())
    lines = [(u, v) for u, v, _ in ties]
    lines += [(f"box:{box.agreement.id}", p) for box in boxes for p in box.agreement.parties]
    anchors = {f"box:{box.agreement.id}": (0.0, box.y) for box in boxes}
    box_rects = {
        f"box:{box.agreement.id}": (
            -box.width / 2,
            box.y - box.height / 2,
            box.width / 2,
            box.y + box.height / 2,
        )
        for box in boxes
    }
    box_rects["pair"] = PAIR_LABEL

    crossings = _Crossings(lines, fixed, anchors, box_rects, sizes)
    crossings.seat(seat)
    improved = True
    while improved:  # move an actor to a free place, or swap two, while the cost falls
        improved = False
        for node, places in allowed.items():
            for place in places:
                other = next((n for n, p in seat.items() if p == place), None)
                if other == node or (other is not None and seat[node] not in allowed[other]):
                    continue
                moves = {node: place}
                if other is not None:
                    moves[other] = seat[node]
                if crossings.cost(moves) < crossings.total - 1e-9:
                    seat = {**seat, **moves}
                    crossings.seat(seat)
                    improved = True
    return {**fixed, **seat}


@dataclass
class _Crossings:
    """The layout's cost: ten for each box or name a tie runs through, thirty for each two
    names that overlap, plus the ties' lengths.

    The cost of the current seats is kept line by line, so that the cost of moving one or two
    actors is worked out from the lines and names they touch (a few hundred tests rather
    than tens of thousands for every trial move).
    """

    lines: list[tuple[str, str]]
    fixed: dict[str, tuple[float, float]]  # the pair's two actors, who never move
    anchors: dict[str, tuple[float, float]]  # where the boxes' ties start
    box_rects: dict[str, Rect]
    sizes: dict[str, tuple[float, float]]
    at: dict[str, tuple[float, float]] = field(default_factory=dict)  # where everything stands
    rects: dict[str, Rect] = field(default_factory=dict)  # the boxes and the names
    length: float = 0.0  # the ties' lengths, summed
    met: int = 0  # boxes and names run through, summed over the ties
    overlaps: int = 0  # pairs of names that overlap

    @property
    def total(self) -> float:
        return self.length + 10 * self.met + 30 * self.overlaps

    def seat(self, where: dict[str, tuple[float, float]]) -> None:
        """Work the cost out afresh, for the actors standing ``where``."""
        self.at = {**self.fixed, **self.anchors, **where}
        names = [*self.fixed, *where]
        self.rects = {**self.box_rects, **{n: _name_rect(self.at[n], self.sizes[n]) for n in names}}
        self.length, self.met = 0.0, 0
        for u, v in self.lines:
            if u in self.at and v in self.at:
                length, met = self._line(self.at[u], self.at[v], u, v, self.rects)
                self.length += length
                self.met += met
        crowded = [self.rects[n] for n in names]
        self.overlaps = sum(_overlap(r, t) for i, r in enumerate(crowded) for t in crowded[i + 1 :])

    def cost(self, moves: dict[str, tuple[float, float]]) -> float:
        """The cost if the actors in ``moves`` stood at their new places."""
        at = {**self.at, **moves}
        old = {n: self.rects[n] for n in moves}
        new = {n: _name_rect(at[n], self.sizes[n]) for n in moves}
        rects = {**self.rects, **new}
        length, met = self.length, self.met
        for u, v in self.lines:
            if u not in at or v not in at:
                continue
            if u in moves or v in moves:  # the tie itself moves: all of it again
                was = self._line(self.at[u], self.at[v], u, v, self.rects)
                now = self._line(at[u], at[v], u, v, rects)
                length += now[0] - was[0]
                met += now[1] - was[1]
            else:  # only the moved names can start or stop being in its way
                p, q = at[u], at[v]
                met += sum(_meets(p, q, new[n]) - _meets(p, q, old[n]) for n in moves)
        overlaps = self.overlaps
        names = [n for n in self.rects if n not in self.box_rects and n not in moves]
        for n in moves:
            overlaps += sum(_overlap(new[n], self.rects[m]) for m in names)
            overlaps -= sum(_overlap(old[n], self.rects[m]) for m in names)
        if len(moves) == 2:
            first, second = moves
            overlaps += _overlap(new[first], new[second]) - _overlap(old[first], old[second])
        return length + 10 * met + 30 * overlaps

    @staticmethod
    def _line(
        p: tuple[float, float], q: tuple[float, float], u: str, v: str, rects: dict[str, Rect]
    ) -> tuple[float, int]:
        """A tie's length, and how many boxes and names (not its own ends') it runs through."""
        return math.dist(p, q), sum(_meets(p, q, r) for n, r in rects.items() if n not in (u, v))


def _name_rect(at: tuple[float, float], size: tuple[float, float]) -> Rect:
    """Where an actor's dot and name (``size``: width, height in inches) lie."""
    x, y = at
    half = max(size[0] / 2, 0.1)
    return (x - half, y - 0.1 - size[1], x + half, y + 0.1)


def figure(
    ds: ruiran.Dataset, a: str = "Russia", b: str = "Iran", *, actors: Actors = "states"
) -> Figure:
    """Draw the actors of ``ds`` around the pair ``a`` (left), ``b`` (right) and their
    agreements.

    Args:
        ds: The dataset.
        a: The actor on the left.
        b: The actor on the right.
        actors: Which actors to show (:data:`ACTORS`): states, blocs and intergovernmental
            bodies; with the persons and other organizations too; or everyone, the media and
            the reporters of events too.
    """
    a, b = ds.actor(a).id, ds.actor(b).id
    graph = political_graph(ds, actors=actors)
    never = ruiran.PartialDate(9999).earliest
    agreements = sorted(
        (x for x in ds.agreements if {a, b} <= _bound(ds, x)),
        key=lambda x: min((m.date.earliest for m in x.milestones if m.date), default=never),
    )
    ties = _ties(ds, graph, {x.id for x in agreements}, (a, b))
    # An actor whose only ties were to third parties goes; the agreements' parties stay.
    tied = {n for u, v, _ in ties for n in (u, v)} | {a, b}
    bound = set().union(*(_bound(ds, x) for x in agreements))
    graph.remove_nodes_from([n for n in list(graph) if n not in tied | bound])
    # Size the texts first (in inches, whatever the figure's height), then lay out, then draw.
    fig = plt.figure(figsize=(WIDTH, 8), dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    boxes = [Box(x, status(ds, x, (a, b))) for x in agreements]
    pad = 2 * 0.4 * BOX_FONT / 72  # the box's padding, both sides
    for box in boxes:
        w, h = _size(ax, box.caption, BOX_FONT, 1.25)
        box.width, box.height = w + pad, h + pad
    sizes = {n: _size(ax, _name(ds, n), FONT, 1.1) for n in graph}
    gap, middle = 0.1, 0.45  # between boxes; around the line of the pair's shared events
    upper, lower = boxes[: (len(boxes) + 1) // 2], boxes[(len(boxes) + 1) // 2 :]
    for stack, sign in ((upper, 1), (lower, -1)):
        y = middle / 2
        for box in stack[::-sign]:  # the oldest agreement at the top
            box.y = sign * (y + box.height / 2)
            y += box.height + gap
    pos = _layout(ds, graph, (a, b), ties, boxes, sizes)

    top = max(y for _, y in pos.values()) + 0.3
    bottom = min(y - sizes[n][1] for n, (_, y) in pos.items()) - 0.35
    height = HEAD + (top - bottom) + FOOT
    fig.set_size_inches(WIDTH, height)
    ax.set_position((0, FOOT / height, 1, (top - bottom) / height))
    ax.set_xlim(-WIDTH / 2, WIDTH / 2)
    ax.set_ylim(bottom, top)  # one unit is one inch either way: circles stay round
    ax.set_axis_off()

    obstacles = _draw_boxes(ax, boxes, pos)
    obstacles["pair"] = PAIR_LABEL
    weight: Counter[str] = Counter(p for box in boxes for p in box.agreement.parties)
    for (u, v, _), count in ties.items():
        weight.update({u: count, v: count})
    kinds, names = _draw_actors(ax, ds, pos, weight, (a, b))
    _draw_ties(ax, ties, pos, (a, b), {**obstacles, **names})
    _legend(fig, kinds, {kind for *_, kind in ties}, bool(boxes))
    margin = 0.25 / WIDTH
    around = "the states and blocs" if actors == "states" else "the political actors"
    fig.text(
        margin,
        1 - 0.12 / height,
        f"{ds.actor(a).name} and {ds.actor(b).name}: their agreements and {around} around them",
        fontsize=10.5,
        va="top",
    )
    note = {
        "states": "States, blocs and intergovernmental bodies; people, other organizations "
        "and media left out.",
        "people": "People are tied to the state they act for and to other people, not to "
        "other states. Sources' authors and media left out.",
        "all": "People are tied to the state they act for and to other people, not to other "
        "states. Media and reporters included.",
    }[actors]
    fig.text(
        margin,
        1 - 0.38 / height,
        "Boxes: agreements binding both, with where each one stands. Lines: events with "
        f"either side (wider: more), sanctions (arrow to the target).\n{note}",
        fontsize=FONT - 0.5,
        color="#555555",
        va="top",
        linespacing=1.4,
    )
    return fig


def _name(ds: ruiran.Dataset, node: str) -> str:
    """An actor's name, wrapped."""
    return textwrap.fill(ds.actor(node).name, NAME_CHARS)


def _size(ax: Axes, text: str, size: float, spacing: float) -> tuple[float, float]:
    """A text's width and height in inches."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    probe = ax.text(0, 0, text, fontsize=size, linespacing=spacing)
    extent = probe.get_window_extent(renderer)
    probe.remove()
    return float(extent.width / ax.figure.dpi), float(extent.height / ax.figure.dpi)  # not numpy


def _bend(p: tuple[float, float], q: tuple[float, float], obstacles: Sequence[Rect]) -> float:
    """The least bend (matplotlib's arc3 ``rad``) that takes a tie clear of the obstacles."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    best, fewest = 0.0, math.inf
    for rad in (0.0, 0.15, -0.15, 0.3, -0.3, 0.45, -0.45, 0.6, -0.6):
        # arc3 puts the control point off the chord's middle by `rad` times its length.
        cx, cy = (p[0] + q[0]) / 2 + rad * dy, (p[1] + q[1]) / 2 - rad * dx
        hits = 0
        for i in range(2, 39):
            t = i / 40
            x = (1 - t) ** 2 * p[0] + 2 * (1 - t) * t * cx + t**2 * q[0]
            y = (1 - t) ** 2 * p[1] + 2 * (1 - t) * t * cy + t**2 * q[1]
            hits += any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in obstacles)
        if hits < fewest:
            best, fewest = rad, hits
        if not hits:
            break
    return best


def _draw_ties(
    ax: Axes,
    ties: Counter[tuple[str, str, str]],
    pos: dict[str, tuple[float, float]],
    pair: tuple[str, str],
    obstacles: dict[str, Rect],
) -> None:
    """Ties as lines, bent round the boxes and the other actors when they would cross them."""
    for (u, v, kind), count in ties.items():
        line = "-"
        if kind == "sanction":
            colour, width, style = SANCTION, 1.5, "-|>"
        elif kind == "agreement":  # one not in the column: neither side of the pair is bound
            colour, width, style, line = AGREEMENT, 1.2, "-", "--"
        else:
            colour, width, style = EVENT, 0.8 + 0.8 * math.sqrt(count - 1), "-"
        # The pair's own tie runs straight through the gap left for it in the column.
        others = [] if {u, v} == set(pair) else [r for n, r in obstacles.items() if n not in (u, v)]
        ax.add_patch(
            FancyArrowPatch(
                pos[u],
                pos[v],
                arrowstyle=style,
                mutation_scale=10,
                connectionstyle=f"arc3,rad={_bend(pos[u], pos[v], others)}",
                color=colour,
                linewidth=width,
                linestyle=line,
                alpha=0.8,
                shrinkA=7,
                shrinkB=10 if kind == "sanction" else 7,
                zorder=1,
            )
        )
        if {u, v} == set(pair) and kind == "event":
            ax.text(
                0,
                0,
                f"{count} shared event{'s' if count != 1 else ''}",
                fontsize=FONT - 0.5,
                color="#444444",
                ha="center",
                va="center",
                bbox={"facecolor": "white", "linewidth": 0, "pad": 1.0},
                zorder=2,
            )


def _extent(ax: Axes, text: Text, pad: float) -> Rect:
    """Where a text (and ``pad`` inches round it) lies, in inches."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    box = ax.transData.inverted().transform_bbox(text.get_window_extent(renderer))
    return (box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)


def _draw_boxes(
    ax: Axes, boxes: Sequence[Box], pos: dict[str, tuple[float, float]]
) -> dict[str, Rect]:
    """Each agreement as a box tied to its parties; returns where the boxes lie."""
    rects = {}
    for box in boxes:
        for party in box.agreement.parties:
            if party in pos:
                ax.plot(
                    [0, pos[party][0]],
                    [box.y, pos[party][1]],
                    color=AGREEMENT,
                    linewidth=1.0,
                    alpha=0.55,
                    zorder=1.5,
                )
        text = ax.text(
            0,
            box.y,
            box.caption,
            fontsize=BOX_FONT,
            ha="center",
            va="center",
            linespacing=1.25,
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.4",
                "facecolor": BOX_FILL,
                "edgecolor": AGREEMENT,
                "linewidth": 0.9,
            },
        )
        rects[f"box:{box.agreement.id}"] = _extent(ax, text, 0.4 * BOX_FONT / 72 + 0.03)
    return rects


def _draw_actors(
    ax: Axes,
    ds: ruiran.Dataset,
    pos: dict[str, tuple[float, float]],
    weight: Counter[str],
    pair: tuple[str, str],
) -> tuple[set[str], dict[str, Rect]]:
    """Actors as dots, larger with more ties, named underneath; returns the kinds drawn and
    where each actor and its name lie."""
    kinds = set()
    rects = {}
    for node, (x, y) in pos.items():
        kind = kind_of(ds, node)
        kinds.add(kind)
        big = node in pair
        ax.scatter(
            [x],
            [y],
            s=480 if big else 40 + 25 * math.sqrt(weight[node]),
            color=NODE_COLOURS[kind],
            edgecolor="white",
            linewidth=1.2,
            zorder=4,
        )
        name = ax.annotate(
            ds.actor(node).name if big else _name(ds, node),
            (x, y),
            xytext=(0, -15 if big else -7),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=FONT + 2 if big else FONT,
            fontweight="bold" if big else "normal",
            linespacing=1.1,
            zorder=5,
            bbox={"facecolor": "white", "alpha": 0.75, "linewidth": 0, "pad": 0.4},
        )
        x0, y0, x1, _ = _extent(ax, name, 0.02)
        dot = 0.17 if big else 0.08
        rects[node] = (min(x0, x - dot), y0, max(x1, x + dot), y + dot)
    return kinds, rects


def _legend(fig: Figure, kinds: set[str], ties_drawn: set[str], boxes: bool) -> None:
    """Two legend lines: the kinds of actor drawn, then the kinds of tie drawn."""
    actors: list[Any] = [
        Line2D([], [], marker="o", linestyle="", markersize=7, color=NODE_COLOURS[k], label=label)
        for k, label in NODE_LABELS.items()
        if k in kinds
    ]
    ties: list[Any] = []
    if boxes:
        ties += [
            Patch(facecolor=BOX_FILL, edgecolor=AGREEMENT, label="agreement"),
            Line2D([], [], color=AGREEMENT, linewidth=1.0, label="its parties"),
        ]
    if "agreement" in ties_drawn:
        ties.append(
            Line2D([], [], color=AGREEMENT, linewidth=1.2, linestyle="--", label="other agreement")
        )
    if "event" in ties_drawn:
        ties.append(Line2D([], [], color=EVENT, linewidth=2.0, label="shared events"))
    if "sanction" in ties_drawn:
        ties.append(
            Line2D([], [], color=SANCTION, linewidth=1.5, marker=">", label="sanction, to target")
        )
    height = fig.get_figheight()
    for y, heading, handles in ((0.36, "Actors:", actors), (0.14, "Ties:", ties)):
        headed_legend(
            fig,
            heading,
            handles,
            loc="center left",
            anchor=(0.25 / WIDTH, y / height),
            handlelength=1.5,
            handletextpad=0.5,
            columnspacing=1.2,
        )


def draw(out: Path, *, actors: Actors = "states") -> Path:
    """Write the network of the bundled data to ``out``, with the ``actors`` asked for."""
    fig = figure(ruiran.load(), actors=actors)
    save(fig, out)
    plt.close(fig)
    return out


def main(argv: Sequence[str]) -> str:
    """Run as a script: ``[OUT.png] [--actors states|people|all]``; returns what it says."""
    args = list(argv)
    actors: Actors = "states"
    if "--actors" in args:
        at = args.index("--actors")
        asked = args[at + 1] if at + 1 < len(args) else ""
        chosen = next((level for level in ACTORS if level == asked), None)
        if chosen is None:
            raise SystemExit(f"--actors must be one of {', '.join(ACTORS)} (got {asked!r})")
        actors = chosen
        del args[at : at + 2]
    target = Path(args[0]) if args else Path("network.png")
    return f"wrote {draw(target, actors=actors)}"


if __name__ == "__main__":
    print(main(sys.argv[1:]))
