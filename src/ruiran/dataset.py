"""The Dataset: an immutable, checked, indexed collection of records that answers queries.

A Dataset is built once from records. Building checks every cross-record rule and raises one
:class:`~ruiran.errors.DatasetError` listing every problem; then it builds its indexes. After
that nothing changes it: records are frozen pydantic models and results are tuples.

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> ds.actor("IRN").name
    'Iran'
    >>> len(ds.agreements_between("Russia", "Iran")) >= 3
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType

import attrs

from ruiran import arguments
from ruiran.bulk import paused_gc
from ruiran.errors import DatasetError, Problem, QueryError, UnknownActorError, clip
from ruiran.index import (
    AGREEMENT,
    EVENT,
    SANCTION,
    SENDER,
    TARGET,
    Index,
    Involvement,
    Relation,
    all_citations,
    fold,
)
from ruiran.integrity import check_records
from ruiran.model import (
    Actor,
    Agreement,
    AnyActor,
    AnyRecord,
    Area,
    Bloc,
    DateLike,
    Event,
    EventKind,
    Measure,
    Organization,
    Person,
    Position,
    Sanction,
    SanctionStatus,
    Source,
    Stage,
    State,
)
from ruiran.model.dates import PartialDate, Period
from ruiran.timeline import TimelineEntry
from ruiran.timespan import Span, intersect, span_of

__all__ = ["ActorLike", "Dataset"]


#: What query arguments accept as an actor: the record itself, its id, or any name it resolves by.
ActorLike = Actor | str


@attrs.frozen(init=False, eq=False, repr=False)
class Dataset:
    """An immutable collection of records with integrity checked and indexes built.

    Args:
        records: The records. Their order is kept for iteration.
        source_texts: Optional full texts of sources, by source id; every quote citing such a
            source must occur in its text verbatim.

    Raises:
        DatasetError: listing every problem (record id, field, what would be valid).

    Examples:
        >>> from ruiran.model import Citation, Source, State
        >>> src = Source(id="s", title="A note", kind="other")
        >>> cite = (Citation(source="s", quote="Iran"),)
        >>> ds = Dataset([src, State(id="iran", name="Iran", citations=cite)])
        >>> len(ds), ds["iran"].name
        (2, 'Iran')
    """

    _records: tuple[AnyRecord, ...]
    _texts: Mapping[str, str]
    _index: Index
    _actor_records: tuple[AnyActor, ...]
    _agreement_records: tuple[Agreement, ...]
    _sanction_records: tuple[Sanction, ...]
    _event_records: tuple[Event, ...]
    _source_records: tuple[Source, ...]

    def __init__(
        self, records: Iterable[AnyRecord], *, source_texts: Mapping[str, str] | None = None
    ) -> None:
        with paused_gc():
            records = tuple(records)
            texts = dict(source_texts or {})
            problems = check_records(records, texts)
            if problems:
                raise DatasetError(problems)
            self.__attrs_init__(
                records,
                MappingProxyType(texts),
                Index.build(records),
                *_by_kind(records),
            )

    @classmethod
    def _prechecked(cls, records: tuple[AnyRecord, ...], source_texts: dict[str, str]) -> Dataset:
        """A Dataset of records already checked together with exactly these texts.

        Only the indexes are built. For the bundled snapshot (:mod:`ruiran.snapshot`), whose
        records passed every check when it was made, from the very files it was made from.
        """
        self = cls.__new__(cls)
        with paused_gc():
            self.__attrs_init__(
                records, MappingProxyType(source_texts), Index.build(records), *_by_kind(records)
            )
        return self

    # -- the collection -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[AnyRecord]:
        return iter(self._records)

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and record_id in self._index.by_id

    def __getitem__(self, record_id: str) -> AnyRecord:
        try:
            return self._index.by_id[record_id]
        except KeyError:
            raise KeyError(f"no record has id {record_id!r}") from None

    def get(self, record_id: str) -> AnyRecord | None:
        """The record with this id, or None."""
        return self._index.by_id.get(record_id)

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{len(records)} {name}"
            for name, records in (
                ("actors", self.actors),
                ("agreements", self.agreements),
                ("sanctions", self.sanctions),
                ("events", self.events),
                ("sources", self.sources),
            )
        )
        return f"<Dataset of {len(self)} records: {counts}>"

    @property
    def source_texts(self) -> Mapping[str, str]:
        """Full texts of the sources that have one, by source id (read-only)."""
        return self._texts

    @property
    def actors(self) -> tuple[AnyActor, ...]:
        """Every actor record, in dataset order."""
        return self._actor_records

    @property
    def agreements(self) -> tuple[Agreement, ...]:
        """Every agreement, in dataset order."""
        return self._agreement_records

    @property
    def sanctions(self) -> tuple[Sanction, ...]:
        """Every sanction, in dataset order."""
        return self._sanction_records

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, in dataset order."""
        return self._event_records

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source, in dataset order."""
        return self._source_records

    def merge(self, other: Dataset) -> Dataset:
        """A new Dataset holding the records of both (this one's order first).

        A record present in both under one id is kept once if the two are equal; two
        different records under one id, or two different texts for one source, are a conflict.

        Raises:
            DatasetError: listing every conflict (and any problem of the combined records).

        Examples:
            >>> import ruiran
            >>> ds = ruiran.load()
            >>> ds.merge(ds) == ds
            True
        """
        problems = [
            Problem(r.id, None, conflict(self[r.id], r))
            for r in other
            if r.id in self and self[r.id] != r
        ]
        problems += [
            Problem(source, "text_file", "the two datasets give different texts for this source")
            for source, text in other.source_texts.items()
            if self._texts.get(source, text) != text
        ]
        if problems:
            raise DatasetError(problems)
        return Dataset(
            [*self._records, *(r for r in other if r.id not in self)],
            source_texts={**self._texts, **other.source_texts},
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self._records == other._records and dict(self._texts) == dict(other._texts)

    def __hash__(self) -> int:
        return hash(self._records)

    # -- actors -------------------------------------------------------------------------------

    def actor(self, query: ActorLike) -> State | Person | Organization | Bloc:
        """Resolve an actor by record, id, name, alias, ISO 3166 code or Wikidata id.

        Matching ignores case and extra spaces. Names a state bore over time resolve to the
        state ("Soviet Union" is Russia, as in the Correlates of War).

        Raises:
            UnknownActorError: when nothing matches, with the closest known names.

        Examples:
            >>> import ruiran
            >>> ruiran.load().actor("ir").id
            'iran'
        """
        if isinstance(query, Actor):
            query = query.id
        if not isinstance(query, str):
            raise QueryError(f"an actor must be given as a record or a string (got {query!r})")
        exact = self._index.by_id.get(query)
        if isinstance(exact, (State, Person, Organization, Bloc)):
            return exact  # an id wins over a name that happens to be spelled the same
        ids = self._index.names.get(fold(query), ())
        if len(ids) == 1:
            record = self._index.by_id[ids[0]]
            assert isinstance(record, (State, Person, Organization, Bloc))
            return record
        if len(ids) > 1:
            raise UnknownActorError(query, ids)
        import difflib  # only for a miss: `import ruiran` stays light

        close = difflib.get_close_matches(fold(query), list(self._index.names), n=3, cutoff=0.6)
        suggestions = tuple(dict.fromkeys(self._display_name(key) for key in close))
        raise UnknownActorError(query, suggestions)

    def _display_name(self, key: str) -> str:
        record = self._index.by_id[self._index.names[key][0]]
        assert isinstance(record, Actor)
        return next((name for name in record.names() if fold(name) == key), record.name)

    # -- provenance ---------------------------------------------------------------------------

    def citing(self, source: Source | str, passage: str | None = None) -> tuple[AnyRecord, ...]:
        """Records that cite a source, or a passage of it, in dataset order.

        Args:
            source: The Source record or its id.
            passage: Words of the source's text. When given, keep the records with a quote
                that shares at least one character position with the passage (wherever either
                occurs in the text). Needs the source's text.

        Raises:
            QueryError: for an unknown source, a source without text, or a passage that does
                not occur in the text.

        Examples:
            >>> import ruiran
            >>> ds = ruiran.load()
            >>> [r.id for r in ds.citing("russia-iran-deepening-alliance",
            ...                           "became operational in 2013")]
            ['bushehr-nuclear-cooperation']
        """
        source_id = source.id if isinstance(source, Source) else source
        if not isinstance(self.get(source_id), Source):
            raise QueryError(f"{source_id!r} is not the id of a source in this dataset")
        records = self._index.citing.get(source_id, ())
        if passage is None:
            return records
        text = self._texts.get(source_id)
        if text is None:
            raise QueryError(f"source {source_id!r} has no text to find a passage in")
        wanted = _occurrences(text, passage)
        if not wanted:
            raise QueryError(f"the passage does not occur in source {source_id!r}: {passage!r}")
        return tuple(
            record
            for record in records
            if any(
                c.source == source_id and _overlap(_occurrences(text, c.quote), wanted)
                for c in all_citations(record)
            )
        )

    # -- agreements ---------------------------------------------------------------------------

    def agreements_between(
        self,
        a: ActorLike,
        b: ActorLike,
        *,
        on: DateLike | None = None,
        area: Area | str | None = None,
        stage: Stage | str | None = None,
    ) -> tuple[Agreement, ...]:
        """Agreements to which both actors are parties, directly or through a bloc.

        A member of a bloc counts as a party to the bloc's agreements while it is a member and
        the agreement exists (from its first dated milestone to its termination).

        Args:
            a: One actor (record, id or any name :meth:`actor` resolves).
            b: The other actor.
            on: A date or window: keep agreements in which both are parties during it.
                Agreements with no dated milestone are left out when ``on`` is given.
            area: Keep agreements covering this area (see :class:`~ruiran.model.Area`).
            stage: Keep agreements that have reached at least this stage (by the end of ``on``
                when it is given, counting dated milestones only).

        Returns:
            The agreements ordered by first dated milestone (undated last), then by id.

        Examples:
            >>> import ruiran
            >>> [a.id for a in ruiran.agreements_between("Iran", "Russia", area="trade")][:1]
            ['eaeu-iran-free-trade-agreement']
        """
        first, second = self._pair(a, b)
        return self._agreements(
            (first, second), (AGREEMENT, *sorted((first, second))), on, area, stage
        )

    def agreements_involving(
        self,
        a: ActorLike,
        *,
        on: DateLike | None = None,
        area: Area | str | None = None,
        stage: Stage | str | None = None,
    ) -> tuple[Agreement, ...]:
        """Agreements to which an actor is a party, directly or through a bloc.

        Filters and order as in :meth:`agreements_between`.

        Examples:
            >>> import ruiran
            >>> "eaeu-iran-free-trade-agreement" in [
            ...     x.id for x in ruiran.load().agreements_involving("Armenia", area="trade")]
            True
        """
        actor = self.actor(a).id
        return self._agreements((actor,), (AGREEMENT, actor), on, area, stage)

    def _agreements(
        self,
        actors: tuple[str, ...],
        key: tuple[str, ...],
        on: DateLike | None,
        area: Area | str | None,
        stage: Stage | str | None,
    ) -> tuple[Agreement, ...]:
        window = arguments.window(on, "on")
        wanted_area = None if area is None else arguments.choice(Area, area, "area")
        wanted_stage = None if stage is None else arguments.choice(Stage, stage, "stage")

        def keep(agreement: Relation) -> bool:
            assert isinstance(agreement, Agreement)
            if wanted_area is not None and wanted_area not in agreement.areas:
                return False
            return wanted_stage is None or _reached(agreement, wanted_stage, window)

        found = self._select(key, window, actors, None, keep)
        return tuple(a for a in found if isinstance(a, Agreement))

    def stage_of(self, agreement: Agreement | str, *, on: DateLike | None = None) -> Stage | None:
        """The furthest stage an agreement reached (by the end of ``on``, when given).

        Examples:
            >>> import ruiran
            >>> ds = ruiran.load()
            >>> t = "treaty-comprehensive-strategic-partnership"
            >>> ds.stage_of(t, on="2024-12"), ds.stage_of(t, on="2025-02")
            (<Stage.AUTHORIZED: 'authorized'>, <Stage.SIGNED: 'signed'>)
        """
        record = self._record(agreement)
        if not isinstance(record, Agreement):
            raise QueryError(f"{record.id!r} is a {record.type}, not an agreement")
        window = arguments.window(on, "on")
        if window is None:
            return record.stage
        return record.stage_on(PartialDate.from_date(window[1]))

    # -- events -------------------------------------------------------------------------------

    def events_between(
        self,
        a: ActorLike,
        b: ActorLike,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
        kind: EventKind | str | None = None,
    ) -> tuple[Event, ...]:
        """Events in which both actors take part (in any roles), directly or through a bloc.

        Args:
            a: One actor.
            b: The other actor.
            start: Keep events that end on or after this date's first day.
            end: Keep events that start on or before this date's last day. Undated events
                are left out when ``start`` or ``end`` is given.
            kind: An :class:`~ruiran.model.EventKind`, or a CAMEO code such as ``"19"``
                (every kind under it).

        Returns:
            The events ordered by date (first day, then last day), undated last, then by id.

        Examples:
            >>> import ruiran
            >>> [e.id for e in ruiran.events_between("Russia", "Israel", start="2025-06", kind="11")]
            ['putin-condemns-israeli-strikes']
        """
        first, second = self._pair(a, b)
        return self._events((first, second), (EVENT, *sorted((first, second))), start, end, kind)

    def events_involving(
        self,
        a: ActorLike,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
        kind: EventKind | str | None = None,
    ) -> tuple[Event, ...]:
        """Events in which an actor takes part, directly or through a bloc.

        Filters and order as in :meth:`events_between`.

        Examples:
            >>> import ruiran
            >>> [e.id for e in ruiran.events_involving("Israel", kind="aerial_attack")]
            ['israeli-strikes-on-iran-2025']
        """
        actor = self.actor(a).id
        return self._events((actor,), (EVENT, actor), start, end, kind)

    def _events(
        self,
        actors: tuple[str, ...],
        key: tuple[str, ...],
        start: DateLike | None,
        end: DateLike | None,
        kind: EventKind | str | None,
    ) -> tuple[Event, ...]:
        window = arguments.period(start, end)
        kinds = arguments.event_kinds(kind)
        keep = None if kinds is None else (lambda e: isinstance(e, Event) and e.kind in kinds)
        found = self._select(key, window, actors, None, keep)
        return tuple(e for e in found if isinstance(e, Event))

    # -- sanctions ----------------------------------------------------------------------------

    def sanctions_on(
        self,
        target: ActorLike,
        *,
        by: ActorLike | None = None,
        on: DateLike | None = None,
        measure: Measure | str | None = None,
        status: SanctionStatus | str | None = None,
    ) -> tuple[Sanction, ...]:
        """Sanctions whose target is the actor (or a bloc it belonged to at the time).

        Args:
            target: The sanctioned actor.
            by: Keep sanctions one of whose senders is this actor, directly or as a member of
                a sending bloc ("the United States" finds sanctions by "the West").
            on: Keep sanctions in force during this date or window; sanctions without a period
                are left out when it is given.
            measure: Keep sanctions with this GSDB measure type.
            status: Keep sanctions with this status (imposed, threatened, ...).

        Returns:
            The sanctions ordered by period (undated last), then by id.

        Examples:
            >>> import ruiran
            >>> [s.id for s in ruiran.sanctions_on("Iran", by="the West", status="imposed")]
            ['western-sanctions-on-iran']
        """
        actor = self.actor(target).id
        if by is None:
            return self._sanctions((TARGET, actor), on, measure, status, ((actor, (TARGET,)),))
        sender = self.actor(by).id
        if sender == actor:
            raise QueryError(f"'by' must differ from the target (both are {actor!r})")
        key = (SANCTION, *sorted((actor, sender)))
        checks = ((actor, (TARGET,)), (sender, (SENDER,)))
        return self._sanctions(key, on, measure, status, checks)

    def sanctions_by(
        self,
        sender: ActorLike,
        *,
        on: DateLike | None = None,
        measure: Measure | str | None = None,
        status: SanctionStatus | str | None = None,
    ) -> tuple[Sanction, ...]:
        """Sanctions one of whose senders is the actor, directly or through a bloc.

        Filters and order as in :meth:`sanctions_on`.

        Examples:
            >>> import ruiran
            >>> [s.id for s in ruiran.sanctions_by("United States", status="imposed")]
            ['western-sanctions-on-iran', 'western-sanctions-on-russia']
        """
        actor = self.actor(sender).id
        return self._sanctions((SENDER, actor), on, measure, status, ((actor, (SENDER,)),))

    def _sanctions(
        self,
        key: tuple[str, ...],
        on: DateLike | None,
        measure: Measure | str | None,
        status: SanctionStatus | str | None,
        checks: tuple[tuple[str, tuple[str, ...]], ...],
    ) -> tuple[Sanction, ...]:
        window = arguments.window(on, "on")
        wanted_measure = None if measure is None else arguments.choice(Measure, measure, "measure")
        wanted_status = (
            None if status is None else arguments.choice(SanctionStatus, status, "status")
        )

        def keep(sanction: Relation) -> bool:
            assert isinstance(sanction, Sanction)
            if wanted_measure is not None and wanted_measure not in sanction.measures:
                return False
            return wanted_status is None or sanction.status is wanted_status

        # Roles matter for sanctions (the pair index holds both directions): check them here.
        found = self._select(key, window, (), None, keep)
        return tuple(
            s
            for s in found
            if isinstance(s, Sanction)
            and all(self._index.involvement(s, a, window, roles) for a, roles in checks)
        )

    # -- the story over time ------------------------------------------------------------------

    def timeline(
        self,
        a: ActorLike,
        b: ActorLike | None = None,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> tuple[TimelineEntry, ...]:
        """Dated entries about an actor, or a pair: events, agreement milestones, sanctions.

        Only dated entries appear. A milestone appears when the actor (both actors) took part
        in the agreement at its date; a sanction appears once, with its period, when one actor
        sends and the other is targeted (or the actor is on either side).

        Returns:
            Entries oldest first (by first day, then last day), then by record id.

        Examples:
            >>> import ruiran
            >>> first = ruiran.timeline("Russia", "Iran")[0]
            >>> first.kind, str(first.when)
            ('event', '1722/1828')
        """
        actors = (self.actor(a).id,) if b is None else self._pair(a, b)
        window = arguments.period(start, end)
        entries: list[TimelineEntry] = []
        events = self._events(actors, (EVENT, *sorted(actors)), start, end, None)
        entries.extend(TimelineEntry(e.date, e) for e in events if e.date is not None)
        for agreement in self._agreements(actors, (AGREEMENT, *sorted(actors)), None, None, None):
            for index, milestone in enumerate(agreement.milestones):
                if milestone.date is None:
                    continue
                when = span_of(milestone.date)
                if window is not None and intersect(when, window) is None:
                    continue
                if all(self._index.involvement(agreement, x, when) for x in actors):
                    entries.append(TimelineEntry(milestone.date, agreement, index))
        entries.extend(
            TimelineEntry(s.period, s)
            for s in self._timeline_sanctions(actors, window)
            if s.period is not None
        )
        return tuple(sorted(entries, key=TimelineEntry.sort_key))

    def _timeline_sanctions(self, actors: tuple[str, ...], window: Span | None) -> list[Sanction]:
        if len(actors) == 1:
            (actor,) = actors
            found = {
                s.id: s
                for family in (SENDER, TARGET)
                for s in self._select((family, actor), window, (actor,), None, None)
            }
            return [s for s in found.values() if isinstance(s, Sanction)]
        a, b = actors
        both_ways = self._select((SANCTION, *sorted(actors)), window, (), None, None)
        return [
            s
            for s in both_ways
            if isinstance(s, Sanction)
            and any(
                self._index.involvement(s, x, window, (SENDER,))
                and self._index.involvement(s, y, window, (TARGET,))
                for x, y in ((a, b), (b, a))
            )
        ]

    # -- who is who, when ---------------------------------------------------------------------

    def offices(self, person: ActorLike, *, on: DateLike | None = None) -> tuple[Position, ...]:
        """A person's positions, or those held during ``on`` (undated ones then left out).

        Examples:
            >>> import ruiran
            >>> [p.title for p in ruiran.load().offices("Masoud Pezeshkian", on="2024-10-23")]
            ['President']
        """
        record = self.actor(person)
        if not isinstance(record, Person):
            raise QueryError(f"{record.id!r} is a {record.type}, not a person")
        window = arguments.window(on, "on")
        if window is None:
            return record.positions
        return tuple(
            p
            for p in record.positions
            if p.period is not None and _meets(span_of(p.period), window)
        )

    def members(self, bloc: ActorLike, *, on: DateLike | None = None) -> tuple[AnyActor, ...]:
        """The members of a bloc, or those who were members during ``on``, once each.

        Examples:
            >>> import ruiran
            >>> [m.id for m in ruiran.load().members("EAEU", on="2024")]
            ['russia', 'belarus', 'kazakhstan', 'armenia', 'kyrgyzstan']
        """
        record = self.actor(bloc)
        if not isinstance(record, Bloc):
            raise QueryError(f"{record.id!r} is a {record.type}, not a bloc")
        window = arguments.window(on, "on")
        ids = (
            dict.fromkeys(m.member for m in record.members)
            if window is None
            else record.members_on(
                Period(PartialDate.from_date(window[0]), PartialDate.from_date(window[1]))
            )
        )
        return tuple(self.actor(i) for i in ids)

    def blocs_of(self, actor: ActorLike, *, on: DateLike | None = None) -> tuple[Bloc, ...]:
        """The blocs an actor belonged to (during ``on``, when given), in dataset order.

        Examples:
            >>> import ruiran
            >>> [b.id for b in ruiran.load().blocs_of("Iran")]
            ['brics']
        """
        actor_id = self.actor(actor).id
        window = arguments.window(on, "on")
        return tuple(
            bloc
            for bloc in self._index.blocs.values()
            if any(
                m.member == actor_id
                and (window is None or m.period is None or _meets(span_of(m.period), window))
                for m in bloc.members
            )
        )

    def partners(self, actor: ActorLike, *, on: DateLike | None = None) -> tuple[AnyActor, ...]:
        """Actors that share an agreement with this one (during ``on``, when given), by id.

        Blocs count as their members at the time, so a bloc's members are partners of its
        agreements' other parties.

        Examples:
            >>> import ruiran
            >>> "armenia" in [p.id for p in ruiran.load().partners("Iran")]
            True
        """
        actor_id = self.actor(actor).id
        window = arguments.window(on, "on")
        found: set[str] = set()
        for agreement in self._agreements((actor_id,), (AGREEMENT, actor_id), on, None, None):
            for inv in self._index.involvements(agreement):
                if window is None or (inv.window is not None and _meets(inv.window, window)):
                    found.add(inv.actor)
        found.discard(actor_id)
        return tuple(self.actor(i) for i in sorted(found))

    def involvement(
        self, record: Relation | str, actor: ActorLike, *, on: DateLike | None = None
    ) -> Involvement | None:
        """How an actor takes part in an agreement, event or sanction, and through which bloc.

        Returns None when the actor takes no part (during ``on``, when given). A direct part
        is preferred to a part through a bloc.

        Examples:
            >>> import ruiran
            >>> ruiran.load().involvement("eaeu-iran-free-trade-agreement", "Russia").via
            'eaeu'
        """
        found = self._record(record)
        if not isinstance(found, (Agreement, Event, Sanction)):
            raise QueryError(f"{found.id!r} is a {found.type}, not an agreement, event or sanction")
        return self._index.involvement(found, self.actor(actor).id, arguments.window(on, "on"))

    # -- shared machinery ---------------------------------------------------------------------

    def _pair(self, a: ActorLike, b: ActorLike) -> tuple[str, str]:
        first, second = self.actor(a).id, self.actor(b).id
        if first == second:
            raise QueryError(f"'a' and 'b' must be two different actors (both are {first!r})")
        return first, second

    def _record(self, value: AnyRecord | str) -> AnyRecord:
        """The record of this dataset that ``value`` is or names."""
        record_id = value if isinstance(value, str) else value.id
        record = self.get(record_id)
        if record is None:
            raise QueryError(f"no record of this dataset has id {record_id!r}")
        return record

    def _select(
        self,
        key: tuple[str, ...],
        window: Span | None,
        actors: tuple[str, ...],
        roles: tuple[str, ...] | None,
        keep: Callable[[Relation], bool] | None,
    ) -> tuple[Relation, ...]:
        """Records under an index key, overlapping ``window``, in which every actor takes part
        during the window, and that ``keep`` keeps."""
        chronology = self._index.chronology(*key)
        if chronology is None:
            return ()
        if window is None:
            candidates: Iterable[Relation] = chronology.ordered
        else:
            # A record that names no bloc involves its actors for its whole span, which the
            # chronology already matched to the window: only bloc records need the exact check.
            through_blocs = self._index.through_blocs
            candidates = [
                record
                for record in chronology.overlapping(window)
                if record.id not in through_blocs
                or all(self._index.involvement(record, a, window, roles) for a in actors)
            ]
        if keep is None:
            return tuple(candidates)
        return tuple(record for record in candidates if keep(record))


def conflict(first: AnyRecord, second: AnyRecord) -> str:
    """Say how two records under one id differ: the fields, with both values, clipped.

    Examples:
        >>> import ruiran
        >>> iran = ruiran.load()["iran"]
        >>> print(conflict(iran, iran.model_copy(update={"name": "Persia"})))
        conflicting records under one id: they differ in 'name' ('Iran' and 'Persia')
    """
    if type(first) is not type(second):
        return f"conflicting records under one id: a {first.type} and a {second.type}"
    fields = [
        name for name in type(first).model_fields if getattr(first, name) != getattr(second, name)
    ]
    shown = [
        f"{name!r} ({clip(repr(_plain(getattr(first, name))), 60)} and "
        f"{clip(repr(_plain(getattr(second, name))), 60)})"
        for name in fields[:3]
    ]
    more = f" and {len(fields) - 3} more fields" if len(fields) > 3 else ""
    return f"conflicting records under one id: they differ in {', '.join(shown)}{more}"


def _plain(value: object) -> object:
    """A field's value as plain data (enums, dates and nested records as their JSON form)."""
    from pydantic_core import PydanticSerializationError, to_jsonable_python

    try:
        return to_jsonable_python(value)
    except PydanticSerializationError:  # only for display: fall back to the value itself
        return value


def _by_kind(
    records: tuple[AnyRecord, ...],
) -> tuple[
    tuple[AnyActor, ...],
    tuple[Agreement, ...],
    tuple[Sanction, ...],
    tuple[Event, ...],
    tuple[Source, ...],
]:
    """The records split by kind, in dataset order (once, at build time)."""
    actors: list[AnyActor] = []
    agreements: list[Agreement] = []
    sanctions: list[Sanction] = []
    events: list[Event] = []
    sources: list[Source] = []
    for record in records:
        if isinstance(record, Event):
            events.append(record)
        elif isinstance(record, Agreement):
            agreements.append(record)
        elif isinstance(record, Sanction):
            sanctions.append(record)
        elif isinstance(record, Source):
            sources.append(record)
        else:
            actors.append(record)
    return tuple(actors), tuple(agreements), tuple(sanctions), tuple(events), tuple(sources)


def _meets(a: Span, b: Span) -> bool:
    return intersect(a, b) is not None


def _occurrences(text: str, words: str) -> list[tuple[int, int]]:
    """Every (start, end) position of ``words`` in ``text``."""
    found: list[tuple[int, int]] = []
    start = text.find(words)
    while start != -1:
        found.append((start, start + len(words)))
        start = text.find(words, start + 1)
    return found


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _reached(agreement: Agreement, stage: Stage, window: Span | None) -> bool:
    if window is None:
        current = agreement.stage
    else:
        current = agreement.stage_on(PartialDate.from_date(window[1]))
    return current is not None and current >= stage
