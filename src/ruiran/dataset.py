"""The Dataset: an immutable, checked, indexed collection of records that answers queries.

A Dataset is built once from records. Building checks every cross-record rule and raises one
:class:`~ruiran.errors.DatasetError` listing every problem; then it builds its indexes. After
that nothing changes it: records are frozen pydantic models and results are tuples
(:class:`~ruiran.results.Records`, which also show themselves as tables in Jupyter).

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> ds.actor("IRN").name
    'Iran'
    >>> len(ds.agreements_between("Russia", "Iran")) >= 3
    True
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from ruiran import arguments
from ruiran.bulk import paused_gc
from ruiran.chronology import take
from ruiran.entries import TimelineEntry
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
from ruiran.model.display import count
from ruiran.results import Records, dataset_html
from ruiran.timespan import Span, intersect, span_of

if TYPE_CHECKING:
    from ruiran.coded.store import CodedStore

__all__ = ["ActorLike", "Dataset"]


#: What query arguments accept as an actor: the record itself, its id, or any name it resolves by.
ActorLike = Actor | str

_T = TypeVar("_T")


@attrs.frozen(init=False, eq=False, repr=False)
class Dataset:
    """An immutable collection of records with integrity checked and indexes built.

    Args:
        records: The records. Their order is kept for iteration.
        source_texts: Optional full texts of sources, by source id; every quote citing such a
            source must occur in its text verbatim.
        coded: Coded events (GDELT) held in columns beside the records, or None; see
            :func:`ruiran.ingest.gdelt`, which builds such a Dataset.

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
    _actor_records: Records[AnyActor]
    _agreement_records: Records[Agreement]
    _sanction_records: Records[Sanction]
    _event_records: Records[Event]
    _source_records: Records[Source]
    #: source id -> where each of its quotes occurs in its text; filled on first use by citing()
    _quote_starts: dict[str, Mapping[str, list[int]]] = attrs.field(factory=dict)
    #: coded events held in columns (ruiran.coded.store), or None
    _coded: CodedStore | None = None

    def __init__(
        self,
        records: Iterable[AnyRecord],
        *,
        source_texts: Mapping[str, str] | None = None,
        coded: CodedStore | None = None,
    ) -> None:
        with paused_gc():
            records = tuple(records)
            texts = dict(source_texts or {})
            from ruiran.integrity import check_records  # not needed for a prechecked snapshot

            problems = check_records(records, texts)
            if problems:
                raise DatasetError(problems)
            self.__attrs_init__(
                records,
                MappingProxyType(texts),
                Index.build(records),
                *_by_kind(records),
                coded=coded,
            )

    @classmethod
    def _prechecked(
        cls, records: tuple[AnyRecord, ...], source_texts: Mapping[str, str]
    ) -> Dataset:
        """A Dataset of records already checked together with exactly these texts.

        Only the indexes are built. For the bundled snapshot (:mod:`ruiran.snapshot`), whose
        records passed every check when it was made, from the very files it was made from;
        ``source_texts`` is kept as given (read-only; the snapshot's mapping reads each text on demand).
        """
        self = cls.__new__(cls)
        with paused_gc():
            self.__attrs_init__(records, source_texts, Index.build(records), *_by_kind(records))
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
        counts = ", ".join(count(len(records), name) for name, records in self._kinds())
        coded = "" if self._coded is None else f"; {count(len(self._coded), 'coded event')}"
        return f"<Dataset of {count(len(self), 'record')}: {counts}{coded}>"

    def _repr_html_(self) -> str:
        """The dataset in HTML (Jupyter): counts by kind, and the first records of each."""
        return dataset_html(len(self), self._kinds())

    def _kinds(self) -> tuple[tuple[str, Records[AnyRecord]], ...]:
        return (
            ("actor", self.actors),
            ("agreement", self.agreements),
            ("sanction", self.sanctions),
            ("event", self.events),
            ("source", self.sources),
        )

    @property
    def coded(self) -> CodedStore | None:
        """The coded events (GDELT) held in columns beside the records, or None."""
        return self._coded

    def with_coded(self, coded: CodedStore | None) -> Dataset:
        """This dataset's records with other coded events (no check or index is redone)."""
        found: Dataset = object.__new__(Dataset)
        found.__attrs_init__(
            self._records,
            self._texts,
            self._index,
            self._actor_records,
            self._agreement_records,
            self._sanction_records,
            self._event_records,
            self._source_records,
            coded=coded,
        )
        return found

    @property
    def source_texts(self) -> Mapping[str, str]:
        """Full texts of the sources that have one, by source id (read-only)."""
        return self._texts

    @property
    def actors(self) -> Records[AnyActor]:
        """Every actor record, in dataset order."""
        return self._actor_records

    @property
    def agreements(self) -> Records[Agreement]:
        """Every agreement, in dataset order."""
        return self._agreement_records

    @property
    def sanctions(self) -> Records[Sanction]:
        """Every sanction, in dataset order."""
        return self._sanction_records

    @property
    def events(self) -> Records[Event]:
        """Every event, in dataset order."""
        return self._event_records

    @property
    def sources(self) -> Records[Source]:
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
        coded = self._coded if other.coded is None else other.coded
        if self._coded is not None and other.coded is not None:
            coded = self._coded.concat(other.coded)
        return Dataset(
            [*self._records, *(r for r in other if r.id not in self)],
            source_texts={**self._texts, **other.source_texts},
            coded=coded,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        same_coded = (self._coded is None) == (other._coded is None) and (
            self._coded is None or other._coded is None or self._coded.all() == other._coded.all()
        )
        return (
            self._records == other._records
            and dict(self._texts) == dict(other._texts)
            and same_coded
        )

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

        # difflib's defaults: the three closest at most, each at least 0.6 alike
        close = difflib.get_close_matches(fold(query), list(self._index.names))
        suggestions = tuple(dict.fromkeys(self._display_name(key) for key in close))
        raise UnknownActorError(query, suggestions)

    def _display_name(self, key: str) -> str:
        record = self._index.by_id[self._index.names[key][0]]
        assert isinstance(record, Actor)
        return next((name for name in record.names() if fold(name) == key), record.name)

    # -- provenance ---------------------------------------------------------------------------

    def citing(self, source: Source | str, passage: str | None = None) -> Records[AnyRecord]:
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
            return Records(records)
        text = self._texts.get(source_id)
        if text is None:
            raise QueryError(f"source {source_id!r} has no text to find a passage in")
        wanted = _occurrences(text, passage)
        if not wanted:
            from ruiran.hints.passages import passage_hint  # only for a passage that is missing

            raise QueryError(
                f"the passage does not occur in source {source_id!r}: {clip(repr(passage))}"
                + passage_hint(text, passage, noun="passage")
            )
        starts = self._quote_starts.get(source_id)
        if starts is None:  # once per source: every quote's places, in one pass over the text
            quotes = {c.quote for r in records for c in all_citations(r) if c.source == source_id}
            from ruiran.integrity import positions

            starts = self._quote_starts[source_id] = positions(text, quotes)
        return Records(
            record
            for record in records
            if any(
                c.source == source_id and _overlaps(starts[c.quote], len(c.quote), wanted)
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
        include_undated: bool = False,
    ) -> Records[Agreement]:
        """Agreements to which both actors are parties, directly or through a bloc.

        A member of a bloc counts as a party to the bloc's agreements while it is a member and
        the agreement exists (from its first dated milestone to its termination).

        Args:
            a: One actor (record, id or any name :meth:`actor` resolves).
            b: The other actor.
            on: A date or window: keep agreements in which both are parties during it.
                Agreements with no dated milestone are left out when ``on`` is given.
            area: Keep agreements covering this area (see :class:`~ruiran.model.Area`).
            stage: Keep agreements in which every party has reached at least this stage (by
                the end of ``on`` when it is given, counting dated milestones only): the
                overall stage of :meth:`stage_of`.
            include_undated: With ``on``, also keep the agreements that have no dated
                milestone (they cannot be placed in time), after the dated ones.

        Returns:
            The agreements ordered by first dated milestone (undated last), then by id.

        Examples:
            >>> import ruiran
            >>> [a.id for a in ruiran.agreements_between("Iran", "Russia", area="trade")][:2]
            ['instc-agreement-2000', 'eaeu-iran-free-trade-agreement']
        """
        first, second = self._pair(a, b)
        key = (AGREEMENT, *sorted((first, second)))
        return self._agreements((first, second), key, on, area, stage, include_undated)

    def agreements_involving(
        self,
        a: ActorLike,
        *,
        on: DateLike | None = None,
        area: Area | str | None = None,
        stage: Stage | str | None = None,
        include_undated: bool = False,
    ) -> Records[Agreement]:
        """Agreements to which an actor is a party, directly or through a bloc.

        Filters and order as in :meth:`agreements_between`.

        Examples:
            >>> import ruiran
            >>> "eaeu-iran-free-trade-agreement" in [
            ...     x.id for x in ruiran.load().agreements_involving("Armenia", area="trade")]
            True
        """
        actor = self.actor(a).id
        return self._agreements((actor,), (AGREEMENT, actor), on, area, stage, include_undated)

    def _agreements(
        self,
        actors: tuple[str, ...],
        key: tuple[str, ...],
        on: DateLike | None,
        area: Area | str | None,
        stage: Stage | str | None,
        include_undated: bool,
    ) -> Records[Agreement]:
        window = arguments.window(on, "on")
        wanted_area = None if area is None else arguments.choice(Area, area, "area")
        wanted_stage = None if stage is None else arguments.choice(Stage, stage, "stage")

        def keep(agreement: Relation) -> bool:
            assert isinstance(agreement, Agreement)
            if wanted_area is not None and wanted_area not in agreement.areas:
                return False
            return wanted_stage is None or _reached(agreement, wanted_stage, window)

        found = self._select(key, window, actors, keep, include_undated)
        return cast("Records[Agreement]", found)  # agreement keys hold agreements only

    def stage_of(
        self,
        agreement: Agreement | str,
        *,
        on: DateLike | None = None,
        party: ActorLike | None = None,
    ) -> Stage | None:
        """The stage an agreement reached (by the end of ``on``, when given), overall or per party.

        A party has reached the furthest stage among its own milestones and the joint ones
        (a milestone naming no party is joint). Overall, the stage every party has reached:
        the least advanced of theirs (None while some party has reached none). A withdrawal is
        a party's own ``terminated``: the others stay where they are, and the agreement is
        ``terminated`` overall once every party's part has ended. Only milestones that were
        taken count (occurred or reported); with ``on``, only dated ones.

        Args:
            agreement: The agreement, or its id.
            on: A date or window: the stage reached by its last day.
            party: One party (record, id or any name :meth:`actor` resolves). An actor that is
                party through a bloc gets the bloc's stage, and None for a time it was not a
                member (during ``on``).

        Raises:
            QueryError: for an unknown agreement, a bad date, or an actor that is no party.

        Examples:
            >>> import ruiran
            >>> ds = ruiran.load()
            >>> t = "treaty-comprehensive-strategic-partnership"
            >>> ds.stage_of(t, on="2025-04-30"), ds.stage_of(t, on="2025-04-30", party="Russia")
            (<Stage.SIGNED: 'signed'>, <Stage.RATIFIED: 'ratified'>)
            >>> ds.stage_of("eaeu-iran-free-trade-agreement", on="2025-06", party="Russia")
            <Stage.IN_FORCE: 'in_force'>
        """
        record = self._record(agreement)
        if not isinstance(record, Agreement):
            raise QueryError(f"{record.id!r} is a {record.type}, not an agreement")
        window = arguments.window(on, "on")
        when = None if window is None else PartialDate.from_date(window[1])
        if party is None:
            return record.stage_on(when)
        actor = self.actor(party).id
        if actor in record.parties:
            return record.stage_on(when, actor)
        if self._index.involvement(record, actor, None) is None:
            names = [self._display(p) for p in record.parties]
            raise QueryError(
                f"'party' must be a party of agreement {record.id!r}, directly or as a member "
                f"of a bloc party, {names!r} (got {party!r})"
            )
        through = self._index.involvement(record, actor, window)
        if through is None or through.via is None:
            return None  # not a member of the bloc party during `on`
        return record.stage_on(when, through.via)

    def _display(self, actor_id: str) -> str:
        """An actor's name (the integrity checks make every party an actor)."""
        record = self[actor_id]
        assert isinstance(record, Actor)
        return record.name

    # -- events -------------------------------------------------------------------------------

    def events_between(
        self,
        a: ActorLike,
        b: ActorLike,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
        kind: EventKind | str | None = None,
        include_undated: bool = False,
        cameo: str | None = None,
    ) -> Records[Event]:
        """Events in which both actors take part (in any roles), directly or through a bloc.

        Args:
            a: One actor.
            b: The other actor.
            start: Keep events that end on or after this date's first day.
            end: Keep events that start on or before this date's last day. Undated events
                are left out when ``start`` or ``end`` is given.
            kind: An :class:`~ruiran.model.EventKind`, or a CAMEO code such as ``"19"``
                (every kind under it).
            cameo: Any CAMEO event code of the codebook (:mod:`ruiran.model.cameo`): a root
                (``"11"``), base (``"112"``) or full code (``"1124"``), standing for every
                code under it. Coded events are kept by their ``EventCode``, cited events by
                their kind's code; with ``kind`` too, both must hold.
            include_undated: With ``start`` or ``end``, also keep the undated events (they
                cannot be placed in time), after the dated ones.

        Returns:
            The events ordered by date (first day, then last day), undated last, then by id.
            On a Dataset holding coded events (GDELT), an
            :class:`~ruiran.coded.evidence.Evidence`: these Records, with the coded events
            answering the same question in its ``coded`` part.

        Examples:
            >>> import ruiran
            >>> [e.id for e in ruiran.events_between("Russia", "Israel", start="2025-06", kind="11")]
            ['putin-condemns-israeli-strikes']
        """
        first, second = self._pair(a, b)
        key = (EVENT, *sorted((first, second)))
        found = self._events((first, second), key, start, end, kind, include_undated, cameo)
        return (
            found
            if self._coded is None
            else self._with_coded(found, (first, second), start, end, kind, cameo)
        )

    def events_involving(
        self,
        a: ActorLike,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
        kind: EventKind | str | None = None,
        include_undated: bool = False,
        cameo: str | None = None,
    ) -> Records[Event]:
        """Events in which an actor takes part, directly or through a bloc.

        Filters and order as in :meth:`events_between`.

        Examples:
            >>> import ruiran
            >>> [e.id for e in ruiran.events_involving("Israel", kind="aerial_attack")]
            ['israeli-strikes-on-iran-2025']
        """
        actor = self.actor(a).id
        found = self._events((actor,), (EVENT, actor), start, end, kind, include_undated, cameo)
        if self._coded is None:
            return found
        return self._with_coded(found, (actor,), start, end, kind, cameo)

    def _events(
        self,
        actors: tuple[str, ...],
        key: tuple[str, ...],
        start: DateLike | None,
        end: DateLike | None,
        kind: EventKind | str | None,
        include_undated: bool,
        cameo: str | None,
    ) -> Records[Event]:
        window = arguments.period(start, end)
        kinds = arguments.event_kinds(kind)
        code = arguments.cameo(cameo)
        if code is not None:
            under = frozenset(k for k in EventKind if k.cameo.startswith(code))
            kinds = under if kinds is None else kinds & under
        keep = None if kinds is None else (lambda e: isinstance(e, Event) and e.kind in kinds)
        found = self._select(key, window, actors, keep, include_undated)
        return cast("Records[Event]", found)  # event keys hold events only

    # -- sanctions ----------------------------------------------------------------------------

    def sanctions_on(
        self,
        target: ActorLike,
        *,
        by: ActorLike | None = None,
        on: DateLike | None = None,
        measure: Measure | str | None = None,
        status: SanctionStatus | str | None = None,
        include_undated: bool = False,
    ) -> Records[Sanction]:
        """Sanctions whose target is the actor (or a bloc it belonged to at the time).

        Args:
            target: The sanctioned actor.
            by: Keep sanctions one of whose senders is this actor, directly or as a member of
                a sending bloc ("the United States" finds sanctions by "the West").
            on: Keep sanctions in force during this date or window; sanctions without a period
                are left out when it is given.
            measure: Keep sanctions with this GSDB measure type.
            status: Keep sanctions with this status (imposed, threatened, ...).
            include_undated: With ``on``, also keep the sanctions without a period (they
                cannot be placed in time), after the dated ones.

        Returns:
            The sanctions ordered by period (undated last), then by id.

        Examples:
            >>> import ruiran
            >>> [s.id for s in ruiran.sanctions_on("Iran", by="the West", status="imposed")]
            ['western-sanctions-on-iran']
        """
        actor = self.actor(target).id
        if by is None:
            checks: tuple[tuple[str, tuple[str, ...]], ...] = ((actor, (TARGET,)),)
            return self._sanctions((TARGET, actor), on, measure, status, checks, include_undated)
        sender = self.actor(by).id
        if sender == actor:
            raise QueryError(f"'by' must differ from the target (both are {actor!r})")
        key = (SANCTION, *sorted((actor, sender)))
        checks = ((actor, (TARGET,)), (sender, (SENDER,)))
        return self._sanctions(key, on, measure, status, checks, include_undated)

    def sanctions_by(
        self,
        sender: ActorLike,
        *,
        on: DateLike | None = None,
        measure: Measure | str | None = None,
        status: SanctionStatus | str | None = None,
        include_undated: bool = False,
    ) -> Records[Sanction]:
        """Sanctions one of whose senders is the actor, directly or through a bloc.

        Filters and order as in :meth:`sanctions_on`.

        Examples:
            >>> import ruiran
            >>> [s.id for s in ruiran.sanctions_by("United States", on="2015")]
            ['us-ukraine-related-sanctions-on-russia']
        """
        actor = self.actor(sender).id
        checks = ((actor, (SENDER,)),)
        return self._sanctions((SENDER, actor), on, measure, status, checks, include_undated)

    def _sanctions(
        self,
        key: tuple[str, ...],
        on: DateLike | None,
        measure: Measure | str | None,
        status: SanctionStatus | str | None,
        checks: tuple[tuple[str, tuple[str, ...]], ...],
        include_undated: bool,
    ) -> Records[Sanction]:
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
        found = self._select(key, window, (), keep, include_undated)
        return Records(
            s for s in found if isinstance(s, Sanction) and self._holds(s, window, checks)
        )

    def _holds(
        self,
        sanction: Sanction,
        window: Span | None,
        checks: tuple[tuple[str, tuple[str, ...]], ...],
    ) -> bool:
        """Whether, during ``window``, the sanction is in force and each actor plays its role.

        For a regime with milestones, some sender's run in force must meet the window, and
        both the target and the asked-for sender must take part during that very run.
        """
        if window is None or self._index.spans.get(sanction.id) is None:
            # no window, or an undated sanction (kept only when asked for): no time to meet
            return all(self._index.involvement(sanction, a, None, r) for a, r in checks)
        if not sanction.milestones:
            return all(self._index.involvement(sanction, a, window, r) for a, r in checks)
        for sender in sanction.senders:
            for run in sanction.in_force_spans(sender) or ():
                during = intersect(run, window)
                if during is not None and all(
                    self._plays(sanction, a, roles, during, sender) for a, roles in checks
                ):
                    return True
        return False

    def _plays(
        self, sanction: Sanction, actor: str, roles: tuple[str, ...], during: Span, sender: str
    ) -> bool:
        """Whether ``actor`` plays ``roles`` in ``sanction`` during ``during``; as a sender,
        it must be ``sender`` itself or a member of that sending bloc."""
        found = self._index.involvement(sanction, actor, during, roles)
        if found is None:
            return False
        if SENDER not in roles:
            return True
        return actor == sender or any(
            inv.actor == actor and inv.via == sender and inv.role == SENDER
            for inv in self._index.involvements(sanction)
            if inv.window is not None and intersect(inv.window, during) is not None
        )

    # -- the story over time ------------------------------------------------------------------

    def timeline(
        self,
        a: ActorLike,
        b: ActorLike | None = None,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> Records[TimelineEntry]:
        """Dated entries about an actor, or a pair: events, agreement milestones, sanctions.

        Only dated entries appear. A milestone appears when the actor (both actors) took part
        in the agreement at its date, its label naming the party when it is one party's step
        (``'...: ratified (Russia)'``); a sanction appears when one actor sends and the other
        is targeted (or the actor is on either side): once with its period, or once per dated
        milestone of a regime (imposed, tightened, lifted, ...).

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
        key = tuple(sorted(actors))
        # The events' entries are built with the index, in order: slices of them, with the
        # few entries of agreements and sanctions merged in.
        events: Records[TimelineEntry] = Records()
        chronology = self._index.chronology(EVENT, *key)
        if chronology is not None:
            dated = self._index.entries[(EVENT, *key)]
            ranges = (
                [(0, len(dated))]
                if window is None
                else chronology.select(window, self._taking_part(actors, window))
            )
            events = take(dated, ranges)
        entries: list[TimelineEntry] = []
        for agreement in self._agreements(actors, (AGREEMENT, *key), None, None, None, False):
            for index, milestone in enumerate(agreement.milestones):
                if milestone.date is None:
                    continue
                when = span_of(milestone.date)
                if window is not None and intersect(when, window) is None:
                    continue
                if all(self._index.involvement(agreement, x, when) for x in actors):
                    party = None if milestone.party is None else self._display(milestone.party)
                    entries.append(
                        TimelineEntry(milestone.date, agreement, index, party_name=party)
                    )
        for sanction in self._timeline_sanctions(actors, window):
            if sanction.period is not None:
                entries.append(TimelineEntry(sanction.period, sanction))
            for index, step in enumerate(sanction.milestones):
                if step.date is None:
                    continue
                if window is None or intersect(span_of(step.date), window) is not None:
                    entries.append(TimelineEntry(step.date, sanction, index))
        found = _merged(events, entries)
        return found if self._coded is None else self._with_coded(found, actors, start, end)

    def _timeline_sanctions(self, actors: tuple[str, ...], window: Span | None) -> list[Sanction]:
        if len(actors) == 1:
            (actor,) = actors
            found = {
                s.id: s
                for family in (SENDER, TARGET)
                for s in self._select((family, actor), window, (actor,), None, False)
            }
            return [s for s in found.values() if isinstance(s, Sanction)]
        a, b = actors
        both_ways = self._select((SANCTION, *sorted(actors)), window, (), None, False)
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

    def undated(self, a: ActorLike, b: ActorLike | None = None) -> Records[Relation]:
        """The agreements, events and sanctions about an actor (or a pair) that have no date.

        No timeline and no windowed query can place them in time; this says what they leave
        out. An agreement counts when none of its milestones is dated.

        Examples:
            >>> import ruiran
            >>> [r.id for r in ruiran.load().undated("Russia", "Iran")][:2]
            ['caucasus-axis', 'russia-iran-strategic-alignment']
        """
        actors = (self.actor(a).id,) if b is None else self._pair(a, b)
        found: list[Relation] = []
        for family in (AGREEMENT, EVENT):
            chronology = self._index.chronology(family, *sorted(actors))
            if chronology is not None:
                found.extend(chronology.undated)
        spans = self._index.spans
        found.extend(s for s in self._timeline_sanctions(actors, None) if spans.get(s.id) is None)
        return Records(found)

    # -- who is who, when ---------------------------------------------------------------------

    def offices(
        self, person: ActorLike, *, on: DateLike | None = None, include_undated: bool = False
    ) -> Records[Position]:
        """A person's positions, or those held during ``on``.

        With ``on``, positions without a period are left out (they cannot be placed in time)
        unless ``include_undated`` is true: then they follow the dated ones.

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
            return Records(record.positions)
        dated = [
            p
            for p in record.positions
            if p.period is not None and _meets(span_of(p.period), window)
        ]
        undated = [p for p in record.positions if p.period is None] if include_undated else []
        return Records((*dated, *undated))

    def members(self, bloc: ActorLike, *, on: DateLike | None = None) -> Records[AnyActor]:
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
        return Records(self.actor(i) for i in ids)

    def blocs_of(self, actor: ActorLike, *, on: DateLike | None = None) -> Records[Bloc]:
        """The blocs an actor belonged to (during ``on``, when given), in dataset order.

        Examples:
            >>> import ruiran
            >>> [b.id for b in ruiran.load().blocs_of("Iran")]
            ['brics']
        """
        actor_id = self.actor(actor).id
        window = arguments.window(on, "on")
        return Records(
            bloc
            for bloc in self._index.blocs.values()
            if any(
                m.member == actor_id
                and (window is None or m.period is None or _meets(span_of(m.period), window))
                for m in bloc.members
            )
        )

    def partners(
        self, actor: ActorLike, *, on: DateLike | None = None, include_undated: bool = False
    ) -> Records[AnyActor]:
        """Actors that share an agreement with this one (during ``on``, when given), by id.

        Blocs count as their members at the time, so a bloc's members are partners of its
        agreements' other parties. With ``on``, agreements that have no dated milestone are
        left out unless ``include_undated`` is true (their parties then count, and a bloc's
        members at any time).

        Examples:
            >>> import ruiran
            >>> "armenia" in [p.id for p in ruiran.load().partners("Iran")]
            True
        """
        actor_id = self.actor(actor).id
        window = arguments.window(on, "on")
        found: set[str] = set()
        key = (AGREEMENT, actor_id)
        for agreement in self._agreements((actor_id,), key, on, None, None, include_undated):
            undated = self._index.spans.get(agreement.id) is None
            for inv in self._index.involvements(agreement):
                if window is None or undated or (inv.window and _meets(inv.window, window)):
                    found.add(inv.actor)
        found.discard(actor_id)
        return Records(self.actor(i) for i in sorted(found))

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

    # -- coded events (the queries live in ruiran.coded) ---------------------------------------

    def _with_coded(
        self,
        found: Records[_T],
        actors: tuple[str, ...],
        start: DateLike | None,
        end: DateLike | None,
        kind: EventKind | str | None = None,
        cameo: str | None = None,
    ) -> Records[_T]:
        """The answer with its coded part: an Evidence (see :mod:`ruiran.coded.evidence`)."""
        from ruiran.coded.queries import with_coded

        return with_coded(self, found, actors, start, end, kind, cameo)

    def event_series(
        self,
        a: ActorLike,
        b: ActorLike | None = None,
        *,
        freq: str = "month",
        measure: str = "count",
        directed: bool = False,
        start: DateLike | None = None,
        end: DateLike | None = None,
        cameo: str | None = None,
    ) -> Any:
        """A dyadic (or one actor's) series of the coded events, as a tidy pandas DataFrame.

        See :func:`ruiran.coded.series.event_series` for the measures, the frequencies,
        ``cameo`` (the events under a CAMEO event code) and the columns.

        Raises:
            QueryError: when the dataset holds no coded events, or for bad arguments.
            MissingExtraError: when pandas or pyarrow is missing (``ruiran[events]``).
        """
        from ruiran.coded.series import event_series

        return event_series(
            self,
            a,
            b,
            freq=freq,
            measure=measure,
            directed=directed,
            start=start,
            end=end,
            cameo=cameo,
        )

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
        keep: Callable[[Relation], bool] | None,
        include_undated: bool,
    ) -> Records[Relation]:
        """Records under an index key, overlapping ``window``, in which every actor takes part
        during the window, and that ``keep`` keeps; the undated ones after them if asked.

        Without ``keep``, the answer is the key's own Records (no window) or slices of it.
        """
        chronology = self._index.chronology(*key)
        if chronology is None:
            return Records()
        if window is None:
            found = chronology.ordered
        else:
            # A record in which the actors take part for its whole span is kept as soon as its
            # span meets the window; only the key's loose records need the exact check.
            ranges = chronology.select(window, self._taking_part(actors, window))
            if include_undated and chronology.dated < len(chronology):
                ranges.append((chronology.dated, len(chronology)))
            found = take(chronology.ordered, ranges)
        if keep is None:
            return found
        return Records(record for record in found if keep(record))

    def _taking_part(
        self, actors: tuple[str, ...], window: Span
    ) -> Callable[[Relation], bool] | None:
        """The exact check of a loose record: every actor takes part in it during ``window``."""
        if not actors:
            return None
        index = self._index
        return lambda record: all(index.involvement(record, a, window) for a in actors)


def _merged(ordered: Records[TimelineEntry], more: list[TimelineEntry]) -> Records[TimelineEntry]:
    """``ordered`` (sorted) with ``more`` merged in, sorted as :meth:`TimelineEntry.sort_key`.

    The few entries of ``more`` are placed by bisection; the runs of ``ordered`` between them
    are copied as slices.
    """
    if not more:
        return ordered
    more.sort(key=TimelineEntry.sort_key)
    found: list[TimelineEntry] = []
    done = 0
    for entry in more:
        at = bisect.bisect_right(ordered, entry.sort_key(), done, key=TimelineEntry.sort_key)
        found += ordered[done:at]
        found.append(entry)
        done = at
    found += ordered[done:]
    return Records(found)


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
    more = f" and {count(len(fields) - 3, 'more field', 'more fields')}" if len(fields) > 3 else ""
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
    Records[AnyActor],
    Records[Agreement],
    Records[Sanction],
    Records[Event],
    Records[Source],
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
    return (
        Records(actors),
        Records(agreements),
        Records(sanctions),
        Records(events),
        Records(sources),
    )


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


def _overlaps(starts: list[int], length: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a quote of ``length`` found at sorted ``starts`` shares a character with a span."""
    for lo, hi in spans:
        # The first occurrence that ends after ``lo``: does it start before ``hi``?
        i = bisect.bisect_right(starts, lo - length)
        if i < len(starts) and starts[i] < hi:
            return True
    return False


def _reached(agreement: Agreement, stage: Stage, window: Span | None) -> bool:
    """Whether every party has reached ``stage`` (by the end of ``window``): as :meth:`stage_of`."""
    when = None if window is None else PartialDate.from_date(window[1])
    current = agreement.stage_on(when)
    return current is not None and current >= stage
