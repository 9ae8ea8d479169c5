"""The indexes a Dataset builds once, so that a query costs about what it returns.

- names: every way to name an actor (id, name, aliases, historical names, ISO codes, Wikidata
  ids), case-folded, to the actor ids it names;
- for agreements, events and sanctions: a :class:`~ruiran.dataset.chronology.Chronology` per actor and
  per pair of actors (sanctions: per sender, per target, and per sender-target pair), whose
  records in result order are returned as they are by a query without a window;
- for events, the timeline entries of each actor's and each pair's dated events, in the same
  order, so that a timeline is slices of them with the few agreement and sanction entries
  merged in;
- the records citing each source;
- the offices of each state or organization: the persons whose positions name it, in order;
- the listings of each actor: the sanctions whose ``listed`` names resolve to it (a name that
  names exactly one actor, as :func:`fold` keys it), in result order, each with the quotes
  that name it;
- the states each person served (:data:`Served`): the dated positions whose ``of`` is a state;
- the events naming each record in their ``related`` (the talks on a summit's margin), in order.

Who takes part in a record follows one rule, :func:`involvements`: the actors the record names,
the members of any bloc it names, while they were members during the record's span, and, for
an event, the states its persons served on the event's days (a meeting between Putin and
Pezeshkian is a meeting between Russia and Iran).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import combinations, product
from typing import Final

import attrs

from ruiran.dataset.chronology import Chronology, take, tier_of
from ruiran.dataset.listings import listings_by_actor
from ruiran.dataset.names import fold, name_keys
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Citation,
    Event,
    Listing,
    Person,
    Sanction,
    State,
)
from ruiran.model.actors import Actor
from ruiran.model.agreements import ENDING
from ruiran.query.entries import TimelineEntry
from ruiran.query.results import Records
from ruiran.query.timespan import Span, intersect, span_of

__all__ = [
    "Index",
    "Involvement",
    "Relation",
    "Served",
    "agreement_life",
    "all_citations",
    "fold",
    "involvements",
    "name_keys",
    "pair_key",
    "party_windows",
    "record_span",
    "served_by",
    "sort_key",
]

#: A record that links actors: what the per-actor indexes hold.
Relation = Agreement | Event | Sanction

#: Under a person's id, the states they served: each a state's id and the days of one of the
#: person's positions of that state (see :func:`served_by`).
Served = Mapping[str, tuple[tuple[str, "Span"], ...]]

#: The index families: agreements and events by actor and pair, sanctions by side.
AGREEMENT: Final = "agreement"
EVENT: Final = "event"
SENDER: Final = "sender"
TARGET: Final = "target"
SANCTION: Final = "sanction"


def pair_key(family: str, a: str, b: str) -> tuple[str, str, str]:
    """The index key of a pair of actors: the family, then the two ids in sorted order.

    Examples:
        >>> pair_key(EVENT, "russia", "iran")
        ('event', 'iran', 'russia')
    """
    return (family, a, b) if a < b else (family, b, a)


@attrs.frozen
class Involvement:
    """How an actor takes part in a record: directly, or through a bloc it belonged to.

    Attributes:
        actor: Id of the actor.
        role: The part it plays: ``party`` (agreements), ``sender``/``target`` (sanctions), or
            the participant's role (events).
        via: Id of the bloc through which the actor takes part, or of the person whose office
            of the actor (a state) makes it take part in an event; None for a direct part.
        window: The days during which it takes part (None: the record is undated, or the
            actor is a party that joined an agreement at a date the data does not give).
    """

    actor: str
    role: str
    via: str | None
    window: Span | None


def agreement_life(agreement: Agreement) -> Span | None:
    """The days an agreement exists: from its first dated milestone to its termination.

    Announced plans count as its start (the agreement's story begins with them). It ends when
    every party's part has ended (see :meth:`~ruiran.model.Agreement.terminated_on`): one
    party's withdrawal does not end it for the others. None when no milestone is dated.
    """
    dated = [m.date for m in agreement.milestones if m.date is not None]
    if not dated:
        return None
    end = agreement.terminated_on()
    return (min(d.earliest for d in dated), dt.date.max if end is None else end.latest)


def party_windows(agreement: Agreement, span: Span | None) -> dict[str, Span | None]:
    """The days each party takes part: the agreement's span, from the party's own start to its
    own end.

    A party that joined later by its own step (an accession, see
    :meth:`~ruiran.model.Agreement.joined_later`) takes part from the first day of that step
    (:meth:`~ruiran.model.Agreement.joined_on`), never before; when the data does not date
    the step, the days are unknown (None), so the party takes part in no window. A party
    whose part ended before the others' (a withdrawal: its own ``withdrawn`` or
    ``terminated`` milestone) takes part until that end. The others take part for the whole
    span.

    Examples:
        >>> import ruiran
        >>> instc = ruiran.load()["instc-agreement-2000"]
        >>> windows = party_windows(instc, agreement_life(instc))
        >>> str(windows["india"][0]), str(windows["azerbaijan"][0]), windows["armenia"]
        ('2000-09-12', '2005-09-01', None)
    """
    if span is None or not _parts_apart(agreement):
        return dict.fromkeys(agreement.parties, span)
    windows: dict[str, Span | None] = {}
    for party in agreement.parties:
        start = span[0]
        if agreement.joined_later(party):
            joined = agreement.joined_on(party)
            if joined is None:  # joined at a date the data does not give
                windows[party] = None
                continue
            start = max(start, joined.earliest)
        end = agreement.terminated_on(party)
        windows[party] = (start, span[1] if end is None else min(span[1], end.latest))
    return windows


def _parts_apart(agreement: Agreement) -> bool:
    """Whether some party's part may be shorter than the agreement's: it names a party's end,
    or some party joined later."""
    return any(m.party is not None and m.stage in ENDING for m in agreement.milestones) or any(
        agreement.joined_later(party) for party in agreement.parties
    )


def record_span(record: Relation) -> Span | None:
    """The days a record covers: an agreement's life, an event's date, a sanction's period."""
    if isinstance(record, Agreement):
        return agreement_life(record)
    if isinstance(record, Sanction):
        # From its first dated step (or the start of its period) to the end of its last run
        # in force, or of its last step: a regime lifted before it was ever imposed is dated.
        runs = record.in_force_spans() or []
        days = [d for m in record.milestones if m.date is not None for d in span_of(m.date)]
        ends = [*days, *(day for run in runs for day in run)]
        return (min(ends), max(ends)) if ends else None
    return None if record.date is None else span_of(record.date)


def sort_key(record: Relation) -> tuple[int, dt.date, dt.date, str]:
    """The result order: the one rule every query's answer (a ``Records`` tuple) follows.

    A record is placed at some days; records are ordered by the first of those days, then,
    of those starting on the same day, by the last (the one that ends first comes first),
    then by id (as strings compare). Undated records (placed at no day) come after every
    dated one, by id. A record is placed at:

    - an event: its date (a day, a month, a year or a period);
    - an agreement: its first dated milestone (of two starting on the same day, the one that
      ends first), not its whole life: two agreements signed on one day are ordered by id,
      whenever either ends;
    - a sanction: its whole span (:func:`record_span`), from the first day of its period or
      first dated step to the end of its last spell in force or of its last step.

    So on one first day a day comes before its month, and the month before its year. The
    timeline's entries follow the same rule, then the milestone's position
    (:meth:`~ruiran.query.entries.TimelineEntry.sort_key`). Docstrings and pages that state
    the order refer here; ``tests/test_rules_order.py`` holds it.

    Examples:
        >>> from ruiran.model import Event
        >>> def visit(id_, date):
        ...     return Event(id=id_, kind="visit", title="A visit", date=date,
        ...                  participants=[{"actor": "russia", "role": "participant"}],
        ...                  citations=[{"source": "s", "quote": "q"}])
        >>> found = [visit("undated", None), visit("a-17th", "2024-01-17"),
        ...          visit("b-january", "2024-01"), visit("c-2024", "2024"),
        ...          visit("d-first", "2024-01-01"), visit("a-first", "2024-01-01")]
        >>> [record.id for record in sorted(found, key=sort_key)]
        ['a-first', 'd-first', 'b-january', 'c-2024', 'a-17th', 'undated']
    """
    span = record_span(record)
    if span is None:
        return (1, dt.date.max, dt.date.max, record.id)
    if isinstance(record, Agreement):
        first = min(m.date for m in record.milestones if m.date is not None)
        return (0, first.earliest, first.latest, record.id)
    return (0, span[0], span[1], record.id)


def _roles(record: Relation) -> Iterator[tuple[str, str]]:
    if isinstance(record, Agreement):
        for party in record.parties:
            yield party, "party"
    elif isinstance(record, Event):
        for participant in record.participants:
            yield participant.actor, participant.role.value
    else:
        for sender in record.senders:
            yield sender, SENDER
        yield record.target, TARGET


def involvements(
    record: Relation, blocs: Mapping[str, Bloc], span: Span | None, served: Served | None = None
) -> Iterator[Involvement]:
    """Everyone who takes part in ``record`` (spanning ``span``), directly, through a bloc, or
    (in an event) through a person's office.

    A party to an agreement takes part from its own start (a later accession) until its own
    part ends (see :func:`party_windows`).
    A bloc's member takes part while its membership overlaps the days the bloc takes part;
    for an undated record, any membership counts but the window is unknown (None).
    A state takes part in an event through a person of it (``served``, see :func:`served_by`)
    on the days of the event on which the person held one of its offices, in the person's
    role: an event before or after the person's term does not involve the state. For an
    undated event, any office counts but the window is unknown (None). Only events: a
    sanction on a person is not a sanction on the state the person serves.

    Examples:
        >>> import ruiran
        >>> ds = ruiran.load()
        >>> meeting = ds["putin-pezeshkian-kazan-meeting"]
        >>> [(i.actor, i.via) for i in involvements(meeting, {}, ds._index.spans[meeting.id],
        ...                                         ds._index.served) if i.via]
        [('russia', 'vladimir-putin'), ('iran', 'masoud-pezeshkian')]
    """
    windows = party_windows(record, span) if isinstance(record, Agreement) else None
    offices = served if served and isinstance(record, Event) else None
    for actor, role in _roles(record):
        own = span if windows is None else windows[actor]
        yield Involvement(actor, role, None, own)
        if offices is not None:
            yield from _through_offices(actor, role, own, offices)
        bloc = blocs.get(actor)
        if bloc is None:
            continue
        for membership in bloc.members:
            if own is None:
                window: Span | None = None
            elif membership.period is None:
                window = own
            else:
                window = intersect(own, span_of(membership.period))
                if window is None:
                    continue  # not a member while the record ran
            yield Involvement(membership.member, role, actor, window)


def _through_offices(
    person: str, role: str, own: Span | None, served: Served
) -> Iterator[Involvement]:
    """The states ``person`` takes part for, in ``role``, during ``own`` (see
    :func:`involvements`)."""
    for state, term in served.get(person, ()):
        if own is None:
            yield Involvement(state, role, person, None)
            continue
        window = intersect(own, term)
        if window is not None:
            yield Involvement(state, role, person, window)


def served_by(
    persons: Iterable[Person], states: Iterable[str]
) -> dict[str, tuple[tuple[str, Span], ...]]:
    """The states each person served: for each dated position whose ``of`` is one of
    ``states`` (ids), the state and the position's days, in the person's order.

    A position with no period is left out (the days it was held are unknown, so no event can
    be placed in it), as is an office of an organization (a journalist of a news agency does
    not act for a state).

    Examples:
        >>> import ruiran
        >>> putin = ruiran.load()["vladimir-putin"]
        >>> [(state, str(days[0])) for state, days in served_by([putin], ["russia"])["vladimir-putin"]]
        [('russia', '1999-08-01'), ('russia', '1999-12-31'), ('russia', '2000-05-07'), ('russia', '2008-05-08'), ('russia', '2012-05-07')]
    """
    wanted = set(states)
    found: dict[str, tuple[tuple[str, Span], ...]] = {}
    for person in persons:
        terms = tuple(
            (position.of, span_of(position.period))
            for position in person.positions
            if position.of in wanted and position.period is not None
        )
        if terms:
            found[person.id] = terms
    return found


def all_citations(record: AnyRecord) -> Iterator[Citation]:
    """Every citation of a record, its milestones' and legal acts' included."""
    yield from record.citations
    if isinstance(record, Agreement | Sanction):
        for milestone in record.milestones:
            yield from milestone.citations
    if isinstance(record, Sanction):
        for act in record.legal_basis:
            yield from act.citations


def _office_key(held: tuple[Person, int]) -> tuple[bool, dt.date, dt.date, str, str]:
    """The order of a state's offices: first day, last day, title, holder; undated last."""
    person, at = held
    position = person.positions[at]
    if position.period is None:
        return (True, dt.date.max, dt.date.max, position.title, person.id)
    return (False, position.period.earliest, position.period.latest, position.title, person.id)


#: What a record is filed with under each key: its first and last day (ordinals, None when
#: undated), its span class, the record, and for an event its timeline entry (None if undated).
_Item = tuple[int | None, int | None, int, Relation, TimelineEntry | None]
_Entries = defaultdict[tuple[str, ...], list[_Item]]


# Compared and shown by identity: generated methods would cost start-up time (compiled at
# import) for nothing a caller uses.
@attrs.frozen(eq=False, repr=False)
class Index:
    """Lookup tables over a fixed set of records. Built by :meth:`build`; never changed after."""

    by_id: Mapping[str, AnyRecord]
    names: Mapping[str, tuple[str, ...]]
    blocs: Mapping[str, Bloc]
    spans: Mapping[str, Span | None]
    #: Under each key, its records in result order. A record in which an actor of the key takes
    #: part for less than the record's whole span (through a bloc, a party that joined later,
    #: or a party whose own part ended early) is *loose* there: a windowed query checks it exactly.
    chronologies: Mapping[tuple[str, ...], Chronology[Relation]]
    #: Under each event key, the timeline entries of its dated events, in the same order.
    entries: Mapping[tuple[str, ...], Records[TimelineEntry]]
    citing: Mapping[str, tuple[AnyRecord, ...]]
    #: Under the id of a state or organization, its offices: each a person and the position's
    #: place in ``person.positions``, by the position's first day, last day, title and the
    #: person's id (undated last).
    holders: Mapping[str, tuple[tuple[Person, int], ...]] = attrs.field(factory=dict)
    #: Under the id of an actor, the sanctions whose listings name it, in result order.
    listings: Mapping[str, Records[Listing]] = attrs.field(factory=dict)
    #: Under a person's id, the states they served and when (see :func:`served_by`): how an
    #: event of persons is an event of their states.
    served: Served = attrs.field(factory=dict)
    #: Under a record's id, the events that name it in their ``related``, in result order.
    related: Mapping[str, tuple[Event, ...]] = attrs.field(factory=dict)

    @classmethod
    def build(cls, records: Sequence[AnyRecord]) -> Index:
        """Index ``records`` (which must already have passed the integrity checks)."""
        by_id: dict[str, AnyRecord] = {}
        names: defaultdict[str, dict[str, None]] = defaultdict(dict)
        blocs: dict[str, Bloc] = {}
        citing: defaultdict[str, dict[str, AnyRecord]] = defaultdict(dict)
        relations: list[Relation] = []
        holders: defaultdict[str, list[tuple[Person, int]]] = defaultdict(list)
        persons: list[Person] = []
        for record in records:
            by_id[record.id] = record
            for citation in all_citations(record):
                citing[citation.source][record.id] = record
            if isinstance(record, (Event, Agreement, Sanction)):
                relations.append(record)
            elif isinstance(record, Actor):
                for key in name_keys(record):
                    names[fold(key)][record.id] = None
                if isinstance(record, Bloc):
                    blocs[record.id] = record
                elif isinstance(record, Person):
                    persons.append(record)
                    for at, position in enumerate(record.positions):
                        if position.of is not None:
                            holders[position.of].append((record, at))

        states = [id_ for id_, record in by_id.items() if isinstance(record, State)]
        served = served_by(persons, states)
        # Filed in result order, every chronology receives its records already sorted.
        keys = {record.id: sort_key(record) for record in relations}
        relations.sort(key=lambda record: keys[record.id])
        spans: dict[str, Span | None] = {}
        entries: _Entries = defaultdict(list)
        loose: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        related: defaultdict[str, list[Event]] = defaultdict(list)
        for record in relations:
            span = spans[record.id] = record_span(record)
            if isinstance(record, Event):
                for named in dict.fromkeys(record.related):
                    related[named].append(record)
            _add_entries(record, span, blocs, served, entries, loose)

        chronologies: dict[tuple[str, ...], Chronology[Relation]] = {}
        timelines: dict[tuple[str, ...], Records[TimelineEntry]] = {}
        for filed_under, filed in entries.items():
            firsts, lasts, tiers, filed_records, moments = zip(*filed, strict=True)
            chronology = Chronology.from_columns(
                filed_records, firsts, lasts, tiers, loose.get(filed_under, ())
            )
            chronologies[filed_under] = chronology
            if filed_under[0] == EVENT:
                timelines[filed_under] = Records(moments[: chronology.dated])
        return cls(
            by_id=by_id,
            names={name: tuple(ids) for name, ids in names.items()},
            blocs=blocs,
            spans=spans,
            chronologies=chronologies,
            entries=timelines,
            citing={k: tuple(v.values()) for k, v in citing.items()},
            holders={k: tuple(sorted(v, key=_office_key)) for k, v in holders.items()},
            listings=listings_by_actor(relations, names, by_id),
            served=served,
            related={k: tuple(v) for k, v in related.items()},
        )

    def chronology(self, *key: str) -> Chronology[Relation] | None:
        """The chronology under ``key``, e.g. ``("event", "iran")`` or ``("agreement", a, b)``."""
        return self.chronologies.get(key)

    def involvements(self, record: Relation) -> Iterator[Involvement]:
        """Everyone who takes part in ``record``; see :func:`involvements`."""
        return involvements(record, self.blocs, self.spans.get(record.id), self.served)

    def involvement(
        self, record: Relation, actor: str, window: Span | None, roles: Iterable[str] | None = None
    ) -> Involvement | None:
        """How ``actor`` takes part in ``record`` during ``window`` (any time if None).

        A direct part is preferred over a part through a bloc or a person. ``roles`` restricts the roles
        that count (e.g. only ``target`` for a sanction).
        """
        wanted = None if roles is None else set(roles)
        best: Involvement | None = None
        for inv in self.involvements(record):
            if inv.actor != actor or (wanted is not None and inv.role not in wanted):
                continue
            if window is not None and (inv.window is None or intersect(inv.window, window) is None):
                continue
            if inv.via is None:
                return inv
            best = best or inv
        return best

    def select(
        self,
        key: tuple[str, ...],
        window: Span | None,
        *,
        actors: tuple[str, ...] = (),
        keep: Callable[[Relation], bool] | None = None,
        include_undated: bool = False,
    ) -> Records[Relation]:
        """Records under ``key``, overlapping ``window``, in which every one of ``actors`` takes
        part during the window, and that ``keep`` keeps; the undated ones after them if asked.

        Without ``keep``, the answer is the key's own Records (no window) or slices of it.
        """
        chronology = self.chronology(*key)
        if chronology is None:
            return Records()
        if window is None:
            found = chronology.ordered
        else:
            # A record in which the actors take part for its whole span is kept as soon as its
            # span meets the window; only the key's loose records need the exact check.
            ranges = chronology.select(window, self.taking_part(actors, window))
            if include_undated and chronology.dated < len(chronology):
                ranges.append((chronology.dated, len(chronology)))
            found = take(chronology.ordered, ranges)
        if keep is None:
            return found
        return Records(record for record in found if keep(record))

    def taking_part(
        self, actors: tuple[str, ...], window: Span
    ) -> Callable[[Relation], bool] | None:
        """The exact check of a loose record: every actor takes part in it during ``window``."""
        if not actors:
            return None
        return lambda record: all(self.involvement(record, a, window) for a in actors)


def _item(record: Relation, span: Span | None) -> _Item:
    """What ``record`` is filed with (see :data:`_Item`)."""
    if span is None:
        return (None, None, 0, record, None)
    first, last = span[0].toordinal(), span[1].toordinal()
    entry = None
    if isinstance(record, Event) and record.date is not None:
        entry = TimelineEntry(record.date, record)
    return (first, last, tier_of(first, last), record, entry)


def _add_entries(
    record: Relation,
    span: Span | None,
    blocs: Mapping[str, Bloc],
    served: Served,
    entries: _Entries,
    loose: defaultdict[tuple[str, ...], list[int]],
) -> None:
    """File ``record`` under each actor and each pair of actors it involves.

    Where an actor of the key takes part for less than the record's span (the record names a
    bloc, it is an event of a person whose office covers part of its days, or it is an
    agreement in which some party's part begins or ends apart), the record's position under
    that key is noted in ``loose``.
    """
    item = _item(record, span)
    direct = [actor for actor, _ in _roles(record)]
    expands = any(actor in blocs for actor in direct) or (
        isinstance(record, Event) and any(actor in served for actor in direct)
    )
    narrowed: set[str] = set()  # the actors taking part for less than the record's span
    if span is not None and (expands or (isinstance(record, Agreement) and _parts_apart(record))):
        parts = list(involvements(record, blocs, span, served))
        narrowed = {i.actor for i in parts} - {i.actor for i in parts if i.window == span}

    def file(key: tuple[str, ...]) -> None:
        filed = entries[key]
        if narrowed and not narrowed.isdisjoint(key[1:]):
            loose[key].append(len(filed))
        filed.append(item)

    if isinstance(record, Sanction):
        senders = {i.actor for i in involvements(record, blocs, span) if i.role == SENDER}
        targets = {i.actor for i in involvements(record, blocs, span) if i.role == TARGET}
        for actor in senders:
            file((SENDER, actor))
        for actor in targets:
            file((TARGET, actor))
        for key in {pair_key(SANCTION, a, b) for a, b in product(senders, targets) if a != b}:
            file(key)
        return
    family = AGREEMENT if isinstance(record, Agreement) else EVENT
    if expands:
        actors = sorted({i.actor for i in involvements(record, blocs, span, served)})
    else:  # the common case, kept cheap: no bloc or person to expand
        actors = sorted(set(direct))
    if narrowed:
        for actor in actors:
            file((family, actor))
        for a, b in combinations(actors, 2):
            file((family, a, b))
        return
    for actor in actors:
        entries[(family, actor)].append(item)
    for a, b in combinations(actors, 2):
        entries[(family, a, b)].append(item)
