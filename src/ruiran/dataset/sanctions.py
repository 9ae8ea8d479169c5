"""Sanctions: which sanctions target an actor or are sent by one, and when they are in force.

Roles matter for sanctions: an actor must be a sender, or a target, directly or as a member of
a bloc at the time; for a regime with milestones, during the very run it was in force. The
functions work on a Dataset's :class:`~ruiran.dataset.index.Index`;
:class:`~ruiran.dataset.Dataset` holds the documented methods and hands their bodies here.

A sanction names whom it lists as its sources write them (``listed``: text, not ids); the
index resolves each name to an actor once, and :func:`naming` answers the listings of one.

Examples:
    >>> import ruiran
    >>> [s.id for s in by_sender(ruiran.load()._index, "United States", on="2015")]
    ['us-sanctions-on-iran', 'us-nuclear-related-sanctions-on-iran', 'us-ukraine-related-sanctions-on-russia']
    >>> [(x.sanction, x.name) for x in naming(ruiran.load()._index, "Rosneft")]
    [('us-ukraine-related-sanctions-on-russia', 'Rosneft')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ruiran.dataset import coverage as covering
from ruiran.dataset.actors import ActorLike, resolve
from ruiran.dataset.index import SANCTION, SENDER, TARGET, Index, Relation, pair_key
from ruiran.errors import QueryError
from ruiran.model import DateLike, Listing, Measure, Sanction, SanctionStatus
from ruiran.query import arguments
from ruiran.query.results import Records
from ruiran.query.timespan import Span, intersect

if TYPE_CHECKING:
    from ruiran.model.coverage import Coverage

__all__ = ["LISTED_IN_PART", "Part", "about", "by_sender", "naming", "on_target"]

#: An actor (id) and the roles it must play in a sanction, e.g. ``("iran", ("target",))``.
Part = tuple[str, tuple[str, ...]]

#: The gap every listing answer has: a sanction's ``listed`` holds the names its sources give,
#: not every person and entity it lists, so no answer can say it has them all.
LISTED_IN_PART = (
    "the sanctions records list only the persons and entities their sources name, "
    "not every one a sanction lists"
)


def naming(index: Index, actor: ActorLike) -> Records[Listing]:
    """The listings that name an actor: see :meth:`ruiran.Dataset.sanctions_naming`."""
    found = resolve(index, actor).id
    return index.listings.get(found, Records()).with_gaps((LISTED_IN_PART,))


def on_target(
    index: Index,
    target: ActorLike,
    *,
    by: ActorLike | None = None,
    on: DateLike | None = None,
    measure: Measure | str | None = None,
    status: SanctionStatus | str | None = None,
    include_undated: bool = False,
    coverage: Coverage | None = None,
) -> Records[Sanction]:
    """Sanctions on an actor: see :meth:`ruiran.Dataset.sanctions_on`."""
    actor = resolve(index, target).id
    if by is None:
        parts: tuple[Part, ...] = ((actor, (TARGET,)),)
        key: tuple[str, ...] = (TARGET, actor)
    else:
        sender = resolve(index, by).id
        if sender == actor:
            raise QueryError(f"'by' must differ from the target (both are {actor!r})")
        key = pair_key(SANCTION, actor, sender)
        parts = ((actor, (TARGET,)), (sender, (SENDER,)))
    found = _select(
        index,
        key,
        parts,
        on=on,
        measure=measure,
        status=status,
        include_undated=include_undated,
        coverage=coverage,
    )
    window = arguments.window(on, "on")
    senders = [None if by is None else resolve(index, by).id]
    gaps = covering.on_sanctions(index, coverage, window, senders=senders, targets=[actor])
    return found.with_gaps(gaps)


def by_sender(
    index: Index,
    sender: ActorLike,
    *,
    on: DateLike | None = None,
    measure: Measure | str | None = None,
    status: SanctionStatus | str | None = None,
    include_undated: bool = False,
    coverage: Coverage | None = None,
) -> Records[Sanction]:
    """Sanctions sent by an actor: see :meth:`ruiran.Dataset.sanctions_by`."""
    actor = resolve(index, sender).id
    parts: tuple[Part, ...] = ((actor, (SENDER,)),)
    found = _select(
        index,
        (SENDER, actor),
        parts,
        on=on,
        measure=measure,
        status=status,
        include_undated=include_undated,
        coverage=coverage,
    )
    window = arguments.window(on, "on")
    gaps = covering.on_sanctions(index, coverage, window, senders=[actor], targets=[None])
    return found.with_gaps(gaps)


def _select(
    index: Index,
    key: tuple[str, ...],
    parts: tuple[Part, ...],
    *,
    on: DateLike | None,
    measure: Measure | str | None,
    status: SanctionStatus | str | None,
    include_undated: bool,
    coverage: Coverage | None,
) -> Records[Sanction]:
    """The sanctions under ``key`` with the measure and status asked for, in which each actor
    plays its part during ``on`` (its end at the as-of date; none after it)."""
    window = arguments.window(on, "on")
    if covering.after(window, coverage):
        return Records()
    window = covering.clip(window, coverage)
    wanted_measure = None if measure is None else arguments.choice(Measure, measure, "measure")
    wanted_status = None if status is None else arguments.choice(SanctionStatus, status, "status")

    def keep(sanction: Relation) -> bool:
        assert isinstance(sanction, Sanction)
        if wanted_measure is not None and wanted_measure not in sanction.measures:
            return False
        return wanted_status is None or sanction.status is wanted_status

    # Roles matter for sanctions (the pair index holds both directions): check them here.
    found = index.select(key, window, keep=keep, include_undated=include_undated)
    return Records(s for s in found if isinstance(s, Sanction) and _holds(index, s, window, parts))


def _holds(index: Index, sanction: Sanction, window: Span | None, parts: tuple[Part, ...]) -> bool:
    """Whether, during ``window``, the sanction is in force and each actor plays its part.

    For a regime with milestones, some sender's run in force must meet the window, and
    both the target and the asked-for sender must take part during that very run.
    """
    if window is None or index.spans.get(sanction.id) is None:
        # no window, or an undated sanction (kept only when asked for): no time to meet
        return all(index.involvement(sanction, a, None, r) for a, r in parts)
    if not sanction.milestones:
        return all(index.involvement(sanction, a, window, r) for a, r in parts)
    for sender in sanction.senders:
        for run in sanction.in_force_spans(sender) or ():
            during = intersect(run, window)
            if during is not None and all(
                _plays(index, sanction, part, during=during, sender=sender) for part in parts
            ):
                return True
    return False


def _plays(index: Index, sanction: Sanction, part: Part, *, during: Span, sender: str) -> bool:
    """Whether the actor plays its part in ``sanction`` during ``during``; as a sender, it
    must be ``sender`` itself or a member of that sending bloc."""
    actor, roles = part
    found = index.involvement(sanction, actor, during, roles)
    if found is None:
        return False
    if SENDER not in roles:
        return True
    return actor == sender or any(
        inv.actor == actor and inv.via == sender and inv.role == SENDER
        for inv in index.involvements(sanction)
        if inv.window is not None and intersect(inv.window, during) is not None
    )


def about(index: Index, actors: tuple[str, ...], window: Span | None) -> list[Sanction]:
    """The sanctions about one actor (sent or received) or a pair (one sends, the other is
    targeted), overlapping ``window``: what a timeline shows."""
    if len(actors) == 1:
        (actor,) = actors
        found = {
            s.id: s
            for family in (SENDER, TARGET)
            for s in index.select((family, actor), window, actors=(actor,))
        }
        return [s for s in found.values() if isinstance(s, Sanction)]
    a, b = actors
    both_ways = index.select(pair_key(SANCTION, a, b), window)
    return [
        s
        for s in both_ways
        if isinstance(s, Sanction)
        and any(
            index.involvement(s, x, window, (SENDER,))
            and index.involvement(s, y, window, (TARGET,))
            for x, y in ((a, b), (b, a))
        )
    ]
