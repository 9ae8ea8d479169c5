"""The indexes a Dataset builds once, so that queries cost what they return.

- names: every way to name an actor (id, name, aliases, historical names, ISO codes, Wikidata
  ids), case-folded, to the actor ids it names;
- agreements: for each agreement, who is a party and when (directly, or as a member of a bloc
  party during the agreement's life), and the agreements of each actor and each pair of actors.

Involvement windows are spans of days; a window of None means the dates are unknown, and such an
involvement matches a query only when the query has no date window.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations

import attrs

from ruiran.model import Agreement, AnyRecord, Bloc, Citation, State
from ruiran.model.actors import Actor
from ruiran.model.agreements import TAKEN
from ruiran.timespan import Span, intersect, span_of

__all__ = [
    "Index",
    "Involvement",
    "agreement_life",
    "agreement_sort_key",
    "all_citations",
    "fold",
]


def fold(name: str) -> str:
    """The case- and space-insensitive key under which a name is indexed."""
    return " ".join(name.casefold().split())


@attrs.frozen
class Involvement:
    """How an actor takes part in a record: directly, or through a bloc it belonged to.

    Attributes:
        actor: Id of the actor.
        via: Id of the bloc through which the actor takes part, or None for a direct party.
        window: The days during which the actor takes part (None: dates unknown).
    """

    actor: str
    via: str | None
    window: Span | None


def agreement_life(agreement: Agreement) -> Span | None:
    """The days an agreement exists: from its first dated milestone to its termination.

    Announced plans and hypothetical steps count as well (the agreement's story begins with
    them). None when no milestone is dated.
    """
    dated = [m for m in agreement.milestones if m.date is not None]
    if not dated:
        return None
    start = min(m.date.earliest for m in dated if m.date is not None)
    ends = [
        m.date.latest
        for m in dated
        if m.date is not None and m.stage.value == "terminated" and m.modality in TAKEN
    ]
    return (start, max(ends) if ends else dt.date.max)


def agreement_sort_key(agreement: Agreement) -> tuple[int, dt.date, dt.date, str]:
    """Order of agreement results: by first dated milestone, undated last, then by id."""
    life = agreement_life(agreement)
    if life is None:
        return (1, dt.date.max, dt.date.max, agreement.id)
    first = min(m.date for m in agreement.milestones if m.date is not None)
    return (0, first.earliest, first.latest, agreement.id)


def all_citations(record: AnyRecord) -> Iterator[Citation]:
    """Every citation of a record, its milestones' included."""
    yield from record.citations
    if isinstance(record, Agreement):
        for milestone in record.milestones:
            yield from milestone.citations


def _name_keys(actor: Actor) -> Iterable[str]:
    yield actor.id
    yield from actor.names()
    if actor.wikidata:
        yield actor.wikidata
    if isinstance(actor, State):
        for code in (actor.iso_alpha2, actor.iso_alpha3):
            if code:
                yield code
        for historical in actor.historical_names:
            if historical.wikidata:
                yield historical.wikidata


def _parties(agreement: Agreement, blocs: Mapping[str, Bloc]) -> tuple[Involvement, ...]:
    life = agreement_life(agreement)
    found: list[Involvement] = []
    for party in agreement.parties:
        found.append(Involvement(party, None, life))
        bloc = blocs.get(party)
        if bloc is None:
            continue
        for membership in bloc.members:
            if life is None:
                window: Span | None = None  # undated agreement: it cannot be placed in time
            elif membership.period is None:
                window = life
            else:
                window = intersect(life, span_of(membership.period))
                if window is None:
                    continue  # not a member while the agreement existed
            found.append(Involvement(membership.member, party, window))
    return tuple(found)


@attrs.frozen
class Index:
    """Lookup tables over a fixed set of records. Built by :meth:`build`; never changed after."""

    by_id: Mapping[str, AnyRecord]
    names: Mapping[str, tuple[str, ...]]
    agreement_parties: Mapping[str, tuple[Involvement, ...]]
    agreements_by_actor: Mapping[str, tuple[Agreement, ...]]
    agreements_by_pair: Mapping[tuple[str, str], tuple[Agreement, ...]]
    citing: Mapping[str, tuple[AnyRecord, ...]]

    @classmethod
    def build(cls, records: Sequence[AnyRecord]) -> Index:
        """Index ``records`` (which must already have passed the integrity checks)."""
        by_id = {r.id: r for r in records}
        names: defaultdict[str, dict[str, None]] = defaultdict(dict)
        blocs: dict[str, Bloc] = {}
        agreements: list[Agreement] = []
        citing: defaultdict[str, dict[str, AnyRecord]] = defaultdict(dict)
        for record in records:
            for citation in all_citations(record):
                citing[citation.source][record.id] = record
            if isinstance(record, Actor):
                for key in _name_keys(record):
                    names[fold(key)][record.id] = None
                if isinstance(record, Bloc):
                    blocs[record.id] = record
            elif isinstance(record, Agreement):
                agreements.append(record)

        agreements.sort(key=agreement_sort_key)
        parties: dict[str, tuple[Involvement, ...]] = {}
        by_actor: defaultdict[str, dict[str, Agreement]] = defaultdict(dict)
        by_pair: defaultdict[tuple[str, str], dict[str, Agreement]] = defaultdict(dict)
        for agreement in agreements:
            involved = _parties(agreement, blocs)
            parties[agreement.id] = involved
            actors = sorted({inv.actor for inv in involved})
            for actor in actors:
                by_actor[actor][agreement.id] = agreement
            for a, b in combinations(actors, 2):
                by_pair[(a, b)][agreement.id] = agreement

        return cls(
            by_id=by_id,
            names={key: tuple(ids) for key, ids in names.items()},
            agreement_parties=parties,
            agreements_by_actor={k: tuple(v.values()) for k, v in by_actor.items()},
            agreements_by_pair={k: tuple(v.values()) for k, v in by_pair.items()},
            citing={k: tuple(v.values()) for k, v in citing.items()},
        )

    def involvement(self, agreement_id: str, actor: str, window: Span | None) -> Involvement | None:
        """How ``actor`` is a party to the agreement during ``window`` (any time if None).

        A direct party is preferred over a party through a bloc.
        """
        best: Involvement | None = None
        for inv in self.agreement_parties.get(agreement_id, ()):
            if inv.actor != actor:
                continue
            if window is not None and (inv.window is None or intersect(inv.window, window) is None):
                continue
            if inv.via is None:
                return inv
            best = best or inv
        return best
