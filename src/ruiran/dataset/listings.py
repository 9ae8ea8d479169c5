"""The listings index: which sanctions name which actor, and with which quotes.

A sanction's ``listed`` names (the persons, companies and bodies a regime designates) resolve
to actors through the dataset's name keys (:mod:`ruiran.dataset.names`); a name that names no
actor, or several, is left out rather than guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from ruiran.dataset.names import fold
from ruiran.model import Agreement, AnyRecord, Citation, Event, Listing, Sanction
from ruiran.model.actors import Actor
from ruiran.query.results import Records

__all__ = ["listings_by_actor"]


def listings_by_actor(
    relations: Sequence[Agreement | Event | Sanction],
    names: Mapping[str, Mapping[str, None]],
    by_id: Mapping[str, AnyRecord],
) -> dict[str, Records[Listing]]:
    """Each sanction's listed names resolved to the actors they name, by actor, in the order
    of ``relations``; a name that names no actor, or several, is left out."""
    found: defaultdict[str, list[Listing]] = defaultdict(list)
    for record in relations:
        if not isinstance(record, Sanction) or not record.listed:
            continue
        quotes = [c for c in _step_citations(record) if "listed" in c.supports]
        for name in record.listed:
            ids = tuple(names.get(fold(name), ()))
            if len(ids) != 1:
                continue
            actor = by_id[ids[0]]
            keys = {fold(name)}
            if isinstance(actor, Actor):
                keys.update(fold(n) for n in actor.names())
            naming = tuple(c for c in quotes if any(k in fold(c.quote) for k in keys))
            found[actor.id].append(
                Listing.model_construct(
                    sanction=record.id, actor=actor.id, name=name, citations=naming
                )
            )
    return {actor: Records(listed) for actor, listed in found.items()}


def _step_citations(record: Sanction) -> Iterator[Citation]:
    """A sanction's own citations, then its milestones' (its legal acts' cite the acts)."""
    yield from record.citations
    for milestone in record.milestones:
        yield from milestone.citations
