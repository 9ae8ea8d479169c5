"""Offices: who held which office of a state or organization, and the offices a person held.

Both questions answer :class:`~ruiran.model.Office` values: a person's position with its
holder. The offices of a state come from the index (every person's positions filed under the
actor they belong to, in order); a person's are their own positions, in their order. Titles
compare without regard to case; an acting holder is an office like any other (its ``acting``
says so), so ``title="President"`` finds acting presidents too.

The functions work on a Dataset's :class:`~ruiran.dataset.index.Index`;
:meth:`ruiran.Dataset.offices` holds the documented method and hands its body here.

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> [(o.title, o.holder) for o in offices(ds._index, "Iran", on="2012-06-01",
    ...                                       title="President", include_undated=False)]
    [('President', 'mahmoud-ahmadinejad')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ruiran.dataset import coverage as covering
from ruiran.dataset.actors import ActorLike, resolve
from ruiran.dataset.index import Index
from ruiran.errors import QueryError
from ruiran.model import DateLike, Office, Person, Position
from ruiran.query import arguments
from ruiran.query.results import Records
from ruiran.query.timespan import Span, intersect, span_of

if TYPE_CHECKING:
    from ruiran.model.coverage import Coverage

__all__ = ["office", "offices"]


def offices(
    index: Index,
    actor: ActorLike,
    *,
    on: DateLike | None,
    title: str | None,
    include_undated: bool,
    coverage: Coverage | None = None,
) -> Records[Office]:
    """The offices of a state or organization, or those a person held, during ``on`` (its end
    at the as-of date; none after it): see :meth:`ruiran.Dataset.offices`."""
    found = resolve(index, actor)
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise QueryError(f"'title' must be an office's title, e.g. 'President' (got {title!r})")
    asked = arguments.window(on, "on")
    gaps = covering.on_offices(
        index,
        coverage,
        found.id,
        None if title is None else title.strip(),
        asked,
        held_by=isinstance(found, Person),
    )
    if covering.after(asked, coverage):  # the data holds nothing after its as-of date
        return Records(gaps=gaps)
    window = covering.clip(asked, coverage)
    if isinstance(found, Person):
        held: Iterable[tuple[Person, int]] = ((found, at) for at in range(len(found.positions)))
    else:
        held = index.holders.get(found.id, ())
    folded = None if title is None else title.strip().casefold()
    dated: list[Office] = []
    undated: list[Office] = []
    for person, at in held:
        position = person.positions[at]
        if folded is not None and position.title.casefold() != folded:
            continue
        if position.period is None:
            if window is None or include_undated:
                (dated if window is None else undated).append(office(person, position))
        elif window is None or _meets(span_of(position.period), window):
            dated.append(office(person, position))
    return Records((*dated, *undated), gaps=gaps)


def office(person: Person, position: Position) -> Office:
    """``position`` of ``person`` as an :class:`~ruiran.model.Office` (already validated:
    built without validating again)."""
    return Office.model_construct(
        title=position.title,
        of=position.of,
        period=position.period,
        acting=position.acting,
        holder=person.id,
    )


def _meets(a: Span, b: Span) -> bool:
    return intersect(a, b) is not None
