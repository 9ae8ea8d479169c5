"""Blocs in time: the members of a bloc on a date, and the blocs an actor belonged to.

A bloc's members are states (or organizations) with a membership period each; most are not
records of a dataset but states of the reference table (:mod:`ruiran.reference.states`), which
every dataset may name by id. A state is a member on a date exactly when one of its membership
periods contains it (overlaps it, for a month or a year): ``members`` and ``blocs_of`` answer
the same question from its two sides. Both answers say whether the data covers them
(``membership`` statements of the coverage file, :mod:`ruiran.dataset.coverage`).

The functions work on a Dataset's :class:`~ruiran.dataset.index.Index`;
:meth:`ruiran.Dataset.members` and :meth:`ruiran.Dataset.blocs_of` hold the documented methods.

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> [m.id for m in members(ds._index, "EU", on="2020-02-01")][:3]
    ['belgium', 'france', 'italy']
    >>> "united-kingdom" in [m.id for m in members(ds._index, "EU", on="2020-01-31")]
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ruiran.dataset import coverage as covering
from ruiran.dataset.actors import ActorLike, resolve
from ruiran.dataset.index import Index
from ruiran.errors import QueryError
from ruiran.model import AnyActor, AnyRecord, Bloc, DateLike, Organization, Person, State
from ruiran.query import arguments
from ruiran.query.results import Records
from ruiran.query.timespan import Span, intersect, span_of

if TYPE_CHECKING:
    from ruiran.model.coverage import Coverage

__all__ = ["blocs_of", "find", "members"]


def find(index: Index, record_id: str) -> AnyRecord | None:
    """The record with this id: the dataset's own, else the reference table's state, or None.

    What a bloc's membership names: coded data finds a bloc's member states through it.
    """
    own = index.by_id.get(record_id)
    if own is not None:
        return own
    from ruiran.dataset.states import is_reference_id, record_of  # read on first use only

    return record_of(record_id) if is_reference_id(record_id) else None


def members(
    index: Index, bloc: ActorLike, *, on: DateLike | None, coverage: Coverage | None = None
) -> Records[AnyActor]:
    """The members of a bloc during ``on`` (its end at the as-of date; none after it), in the
    bloc's order, once each: see :meth:`ruiran.Dataset.members`."""
    found = resolve(index, bloc)
    if not isinstance(found, Bloc):
        raise QueryError(f"{found.id!r} is a {found.type}, not a bloc")
    asked = arguments.window(on, "on")
    gaps = covering.on_members(index, coverage, found.id, asked)
    if covering.after(asked, coverage):  # the data holds nothing after its as-of date
        return Records(gaps=gaps)
    window = covering.clip(asked, coverage)
    ids = dict.fromkeys(
        m.member
        for m in found.members
        if window is None or m.period is None or _meets(span_of(m.period), window)
    )
    return Records((_actor(index, i) for i in ids), gaps=gaps)


def blocs_of(
    index: Index, actor: ActorLike, *, on: DateLike | None, coverage: Coverage | None = None
) -> Records[Bloc]:
    """The blocs an actor belonged to during ``on``, in dataset order: see
    :meth:`ruiran.Dataset.blocs_of`.

    Complete when the membership of every bloc of the dataset is covered for the window.
    """
    actor_id = resolve(index, actor).id
    asked = arguments.window(on, "on")
    gaps: list[str] = []
    for bloc in index.blocs.values():
        gaps += covering.on_members(index, coverage, bloc.id, asked)
    if covering.after(asked, coverage):
        return Records(gaps=dict.fromkeys(gaps))
    window = covering.clip(asked, coverage)
    return Records(
        (
            bloc
            for bloc in index.blocs.values()
            if any(
                m.member == actor_id
                and (window is None or m.period is None or _meets(span_of(m.period), window))
                for m in bloc.members
            )
        ),
        gaps=dict.fromkeys(gaps),
    )


def _actor(index: Index, member: str) -> AnyActor:
    """A member as an actor record (the integrity checks make it a dataset's or the table's)."""
    found = find(index, member)
    if isinstance(found, State | Person | Organization | Bloc):
        return found
    return resolve(index, member)


def _meets(a: Span, b: Span) -> bool:
    return intersect(a, b) is not None
