"""The Dataset: an immutable, checked, indexed collection of records that answers queries.

A Dataset is built once from records. Building checks every cross-record rule and raises one
:class:`~ruiran.errors.DatasetError` listing every problem; then it builds its indexes. After
that nothing changes it: records are frozen pydantic models and results are tuples
(:class:`~ruiran.query.results.Records`, which also show themselves as tables in Jupyter).

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> ds.actor("IRN").name
    'Iran'
    >>> len(ds.agreements_between("Russia", "Iran")) >= 3
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ruiran.dataset import actors, agreements, blocs, citing, events, offices, sanctions, timeline
from ruiran.dataset.actors import ActorLike
from ruiran.dataset.bulk import paused_gc
from ruiran.dataset.index import Index, Involvement, Relation
from ruiran.errors import DatasetError, Problem
from ruiran.model import (
    Agreement,
    AnyActor,
    AnyRecord,
    Area,
    Bloc,
    DateLike,
    Event,
    EventKind,
    Listing,
    Measure,
    Office,
    Sanction,
    SanctionStatus,
    Source,
    Stage,
)
from ruiran.model.display import count
from ruiran.query.entries import TimelineEntry
from ruiran.query.results import Records, dataset_html

if TYPE_CHECKING:
    from ruiran.coded.store import CodedStore
    from ruiran.model.coverage import Coverage, CoveredKind

__all__ = ["Dataset"]

_Item = TypeVar("_Item")


@attrs.frozen(init=False, eq=False, repr=False)
class Dataset:
    """An immutable collection of records with integrity checked and indexes built.

    Args:
        records: The records. Their order is kept for iteration.
        source_texts: Optional full texts of sources, by source id; every quote citing such a
            source must occur in its text verbatim.
        coded: Coded events (GDELT) held in columns beside the records, or None; see
            :func:`ruiran.ingest.gdelt`, which builds such a Dataset.
        coverage: What the records cover completely (:mod:`ruiran.dataset.coverage`), or
            None: then no answer is known complete, and each says so.

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
    #: what the records cover completely, and their as-of date (None: nothing stated)
    _coverage: Coverage | None = None

    def __init__(
        self,
        records: Iterable[AnyRecord],
        *,
        source_texts: Mapping[str, str] | None = None,
        coded: CodedStore | None = None,
        coverage: Coverage | None = None,
    ) -> None:
        with paused_gc():
            records = tuple(records)
            texts = dict(source_texts or {})
            from ruiran.dataset.integrity import check_records  # not for a prechecked snapshot
            from ruiran.dataset.states import completed

            # The states of the reference table take its values for the fields they leave
            # empty, cited to its rows, where the records hold the reference texts' Sources.
            records, more = completed(records)
            problems = check_records(records, texts)
            said = {(p.record, p.field) for p in problems}  # e.g. a COW number against ruiran.cow
            problems.extend(p for p in more if (p.record, p.field) not in said)
            if problems:
                raise DatasetError(problems)
            self.__attrs_init__(
                records,
                MappingProxyType(texts),
                Index.build(records),
                *_by_kind(records),
                coded=coded,
                coverage=coverage,
            )

    @classmethod
    def _prechecked(
        cls,
        records: tuple[AnyRecord, ...],
        source_texts: Mapping[str, str],
        coverage: Coverage | None = None,
    ) -> Dataset:
        """A Dataset of records already checked together with exactly these texts.

        Only the indexes are built. For the bundled snapshot (:mod:`ruiran.read.snapshot`), whose
        records passed every check when it was made, from the very files it was made from;
        ``source_texts`` is kept as given (read-only; the snapshot's mapping reads each text on demand).
        """
        self = cls.__new__(cls)
        with paused_gc():
            self.__attrs_init__(
                records, source_texts, Index.build(records), *_by_kind(records), coverage=coverage
            )
        return self

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
            coverage=self._coverage,
        )
        return found

    @property
    def coverage(self) -> Coverage | None:
        """What the data states it holds completely, and its as-of date (None: nothing).

        Examples:
            >>> import ruiran
            >>> ruiran.load().coverage.as_of == ruiran.DATA_AS_OF
            True
        """
        return self._coverage

    def gaps(
        self,
        kind: CoveredKind,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
    ) -> tuple[str, ...]:
        """What a question about every record of ``kind`` (from ``start`` to ``end``) cannot
        know: its gaps, the sentences a query's answer carries in ``Records.gaps``.

        For a listing that names no actor (``ruiran sanctions``); a query naming actors
        (:meth:`sanctions_on`, ...) carries its own gaps. Empty: the data covers the question.

        Args:
            kind: ``"agreement"``, ``"sanction"`` or ``"event"``.
            start: The window's first date (None: from the beginning).
            end: Its last date (None: to the as-of date).

        Examples:
            >>> import ruiran
            >>> ruiran.load().gaps("agreement", start="2020")
            ('agreements are not covered',)
        """
        from ruiran.dataset.coverage import on_kind
        from ruiran.query.arguments import period

        return on_kind(self._index, self._coverage, kind, period(start, end))

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
        The coverage is the union of both statements, as of the later as-of date (see
        :func:`ruiran.dataset.coverage.merge`).

        Raises:
            DatasetError: listing every conflict (and any problem of the combined records).

        Examples:
            >>> import ruiran
            >>> ds = ruiran.load()
            >>> ds.merge(ds) == ds
            True
        """
        from ruiran.dataset.coverage import merge as merge_coverage
        from ruiran.dataset.integrity import conflict

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
            coverage=merge_coverage(self._coverage, other._coverage),
        )

    def __eq__(self, other: object) -> bool:
        # Records, texts, coded events and the coverage (what the data claims to hold: the
        # exports write it, and a dataset read back from them equals the one written).
        if not isinstance(other, Dataset):
            return NotImplemented
        same_coded = (self._coded is None) == (other._coded is None) and (
            self._coded is None or other._coded is None or self._coded.all() == other._coded.all()
        )
        return (
            self._records == other._records
            and dict(self._texts) == dict(other._texts)
            and same_coded
            and self._coverage == other._coverage
        )

    def __hash__(self) -> int:
        return hash(self._records)

    def actor(self, query: ActorLike) -> AnyActor:
        """Resolve an actor by record, id, name, alias, ISO 3166 code or Wikidata id.

        Matching ignores case and extra spaces. Names a state bore over time resolve to the
        state ("Soviet Union" is Russia, as in the Correlates of War). Every state of ISO 3166-1
        and of the COW state system resolves, held by the dataset or not ("Türkiye", "UKR",
        "Q212"): the dataset's own record first, else ruiran's reference table's.

        Raises:
            UnknownActorError: when nothing matches, with the closest known names.

        Examples:
            >>> import ruiran
            >>> ruiran.load().actor("ir").id
            'iran'
        """
        return actors.resolve(self._index, query)

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
        return citing.citing(self._index, self._texts, self._quote_starts, source, passage)

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
            stage: Keep agreements in which both actors have reached at least this stage (by
                the end of ``on`` when it is given, counting dated milestones only): the less
                advanced of their :meth:`stage_of` with ``party=``, so a third party's later
                accession does not hold the pair back (the INSTC is in force between Russia
                and Iran from 2002, though Azerbaijan acceded in 2005 only by ratification).
            include_undated: With ``on``, also keep the agreements that have no dated
                milestone (they cannot be placed in time), after the dated ones.

        Returns:
            The agreements in result order (:func:`~ruiran.dataset.index.sort_key`): by
            first dated milestone (its first day, then its last), then by id; undated last.

        Examples:
            >>> import ruiran
            >>> [a.id for a in ruiran.agreements_between("Iran", "Russia", area="trade")][:2]
            ['instc-agreement-2000', 'eaeu-iran-free-trade-agreement']
        """
        return agreements.between(
            self._index,
            a,
            b,
            on=on,
            area=area,
            stage=stage,
            include_undated=include_undated,
            coverage=self._coverage,
        )

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

        Filters and order as in :meth:`agreements_between`; ``stage`` judges this actor's
        own stage (:meth:`stage_of` with ``party=``).

        Examples:
            >>> import ruiran
            >>> "eaeu-iran-free-trade-agreement" in [
            ...     x.id for x in ruiran.load().agreements_involving("Armenia", area="trade")]
            True
        """
        return agreements.involving(
            self._index,
            a,
            on=on,
            area=area,
            stage=stage,
            include_undated=include_undated,
            coverage=self._coverage,
        )

    def stage_of(
        self,
        agreement: Agreement | str,
        *,
        on: DateLike | None = None,
        party: ActorLike | None = None,
    ) -> Stage | None:
        """The stage an agreement reached (by the end of ``on``, when given), overall or per party.

        A party has reached the furthest stage among its own milestones and the joint ones
        (a milestone naming no party is joint). Overall, the stage every party of the time has
        reached: the least advanced of theirs (None while some party has reached none); a
        party that joined later by its own step (an accession) is a party from that step,
        never before (:meth:`~ruiran.model.Agreement.joined_later`). A withdrawal is
        a party's own ``withdrawn``: the others stay where they are, and so does the agreement
        overall. An ``in_force`` step after a suspension is a resumption; a contract carried
        out is ``completed``. Only milestones that were taken count (occurred or reported);
        with ``on``, only dated ones.

        The stage asked of a day after the data's as-of date (``coverage.as_of``) is the last
        known stage, the one on the as-of date: the data cannot say what happened later, and
        an answer that names the gap (``agreements_between(..., on=...)``, the CLI's note)
        says "the data runs to ...".

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
        return agreements.stage_of(self._index, agreement, on=self._known(on), party=party)

    def _known(self, on: DateLike | None) -> DateLike | None:
        """``on`` with its end at the as-of date: a later stage is the last known one."""
        if on is None or self._coverage is None:
            return on
        from ruiran.model.dates import PartialDate, Period
        from ruiran.query.arguments import window

        asked = window(on, "on")
        as_of = self._coverage.as_of
        if asked is None or asked[1] <= as_of:
            return on
        first = PartialDate.from_date(min(asked[0], as_of))
        return Period(first, PartialDate.from_date(as_of))

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
        about: bool = False,
    ) -> Records[Event]:
        """Events in which both actors take part (in any roles), directly, through a bloc, or
        through a person who held an office of the state on the event's days.

        A meeting of Putin and Pezeshkian is a meeting of Russia and Iran: a person counts for
        a state on the days of their positions (``Person.positions``, ``of`` the state, with
        a ``period``) and on those only; an undated event counts for any state they served.

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
                their kind's code; with ``kind`` too, both must hold. A cited visit is one
                event with its visitor and host, so ``"042"`` (make a visit) and ``"043"``
                (host a visit) both find it, as CAMEO codes a visit from each side.
            include_undated: With ``start`` or ``end``, also keep the undated events (they
                cannot be placed in time), after the dated ones.
            about: Also keep the events in which one actor acts *about* the other: the other
                takes no part in the event but takes part in a record it concerns (its
                ``related`` agreements, events or sanctions), as Iran in Russia's
                condemnation of the Israeli strikes on Iran. Either actor may be the one
                acting; the filters apply to the event and the one acting in it.

        Returns:
            The events in result order (:func:`~ruiran.dataset.index.sort_key`): by date
            (first day, then last day), then by id; undated last.
            On a Dataset holding coded events (GDELT), an
            :class:`~ruiran.coded.evidence.Evidence`: these Records, with the coded events
            answering the same question in its ``coded`` part.

        Examples:
            >>> import ruiran
            >>> [e.id for e in ruiran.events_between("Russia", "Israel", start="2025-06", kind="11")]
            ['putin-condemns-israeli-strikes']
        """
        found = events.between(
            self._index,
            a,
            b,
            start=start,
            end=end,
            kind=kind,
            include_undated=include_undated,
            cameo=cameo,
            about=about,
            coded=self._coded,
            coverage=self._coverage,
        )
        return self._coded_gaps(found, start, end)

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
        """Events in which an actor takes part, directly, through a bloc, or (a state)
        through a person who held one of its offices on the event's days.

        Filters and order as in :meth:`events_between`.

        Examples:
            >>> import ruiran
            >>> [e.id for e in ruiran.events_involving("Israel", kind="aerial_attack")]
            ['israeli-strikes-on-iran-2025']
        """
        found = events.involving(
            self._index,
            a,
            start=start,
            end=end,
            kind=kind,
            include_undated=include_undated,
            cameo=cameo,
            coded=self._coded,
            coverage=self._coverage,
        )
        return self._coded_gaps(found, start, end)

    def _coded_gaps(
        self, found: Records[_Item], start: DateLike | None, end: DateLike | None
    ) -> Records[_Item]:
        """``found`` with the gap of its coded part, if any (:func:`coverage.on_coded`)."""
        if self._coded is None:
            return found
        from ruiran.dataset.coverage import on_coded
        from ruiran.query.arguments import period

        more = on_coded(self._coded, self._coverage, period(start, end))
        return found.with_gaps((*found.gaps, *more)) if more else found

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
            The sanctions in result order (:func:`~ruiran.dataset.index.sort_key`): by
            span (first day, then last day: from the first dated step, or the start of the
            period, to the end of the last spell in force), then by id; undated last.

        Examples:
            >>> import ruiran
            >>> [s.id for s in ruiran.sanctions_on("Iran", by="the West", status="imposed")]
            ['western-sanctions-on-iran']
        """
        return sanctions.on_target(
            self._index,
            target,
            by=by,
            on=on,
            measure=measure,
            status=status,
            include_undated=include_undated,
            coverage=self._coverage,
        )

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
            ['us-sanctions-on-iran', 'us-ukraine-related-sanctions-on-russia']
        """
        return sanctions.by_sender(
            self._index,
            sender,
            on=on,
            measure=measure,
            status=status,
            include_undated=include_undated,
            coverage=self._coverage,
        )

    def sanctions_naming(self, actor: ActorLike) -> Records[Listing]:
        """The sanctions whose listings name an actor, each with the quotes that name it.

        A sanction's ``listed`` holds names as its sources write them, not record ids; each
        name is resolved once, when the Dataset is built, by the names :meth:`actor` knows
        (id, name, aliases, codes; in any case): a name that names exactly one actor links
        the sanction to it. Each answer is a :class:`~ruiran.model.Listing`: the sanction's
        id, the actor's, the name as listed, and the sanction's citations supporting
        ``listed`` that name the actor (by that name or one of its own). A bloc's listings
        are its own: a member is not named by its bloc's listing.

        The answer is never complete: ``listed`` holds the names the sources give, not every
        person and entity a sanction lists (its ``gaps`` say so).

        Returns:
            Listings in the sanctions' result order (oldest first, then by id), then in the
            order of each sanction's ``listed``.

        Examples:
            >>> import ruiran
            >>> [(x.sanction, x.name) for x in ruiran.sanctions_naming("Shahed Aviation Industries")]
            ... # doctest: +NORMALIZE_WHITESPACE
            [('eu-sanctions-on-iran-over-military-support-to-russia', 'Shahed Aviation Industries'),
             ('uk-sanctions-on-iran-over-military-support-to-russia', 'Shahed Aviation Industries')]
            >>> ruiran.sanctions_naming("Rosneft")[0].citations[0].quote[-40:]
            'and Rosneft, the state-owned oil company'
        """
        return sanctions.naming(self._index, actor)

    def timeline(
        self,
        a: ActorLike,
        b: ActorLike | None = None,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
        about: bool = False,
    ) -> Records[TimelineEntry]:
        """Dated entries about an actor, or a pair: events, agreement milestones, sanctions.

        Only dated entries appear. A milestone appears when the actor (both actors) took part
        in the agreement at its date, its label naming the party when it is one party's step
        (``'...: ratified (Russia)'``); a sanction appears when one actor sends and the other
        is targeted (or the actor is on either side): once with its period, or once per dated
        milestone of a regime (imposed, tightened, lifted, ...). With ``about`` (a pair only:
        one actor is a :class:`~ruiran.QueryError`), the events in which one actor acts about
        the other appear too, as :meth:`events_between` gives them with ``about=True``.

        Returns:
            Entries oldest first (by first day, then last day), then by record id, then
            milestone position: the result order (:func:`~ruiran.dataset.index.sort_key`).

        Examples:
            >>> import ruiran
            >>> first = ruiran.timeline("Russia", "Iran")[0]
            >>> first.kind, str(first.when)
            ('event', '1722/1828')
        """
        ids = (self.actor(a).id,) if b is None else actors.pair(self._index, a, b)
        found = timeline.timeline(
            self._index, ids, start=start, end=end, about=about, coverage=self._coverage
        )
        if self._coded is None:
            return found
        coded = events.with_coded(self._index, self._coded, found, ids, start, end)
        return self._coded_gaps(coded.with_gaps(found.gaps), start, end)

    def undated(self, a: ActorLike, b: ActorLike | None = None) -> Records[Relation]:
        """The agreements, events and sanctions about an actor (or a pair) that have no date.

        No timeline and no windowed query can place them in time; this says what they leave
        out. An agreement counts when none of its milestones is dated.

        Examples:
            >>> import ruiran
            >>> [r.id for r in ruiran.load().undated("Russia", "Iran")][:2]
            ['caucasus-axis', 'russia-iran-strategic-alignment']
        """
        ids = (self.actor(a).id,) if b is None else actors.pair(self._index, a, b)
        return timeline.undated(self._index, ids)

    def offices(
        self,
        actor: ActorLike,
        *,
        on: DateLike | None = None,
        title: str | None = None,
        include_undated: bool = False,
    ) -> Records[Office]:
        """Who held the offices of a state or organization, or the offices a person held.

        Each answer is an :class:`~ruiran.model.Office`: a person's position (``title``,
        ``of``, ``period``, ``acting``) with its ``holder``. For a state or organization, its
        offices by first day, last day, title and holder; for a person, their positions in
        their own order. With ``on``, only the offices held during it (its end at the as-of
        date: none after it); positions without a period are left out (they cannot be placed
        in time) unless ``include_undated`` is true, and then follow the dated ones.

        The answer says whether the data holds every holder of the offices asked for
        (``complete``, ``gaps``; see :mod:`ruiran.dataset.coverage`): the bundled data
        covers Russia's and Iran's heads of state and government, foreign and defence
        ministers and Iran's Supreme Leader since 1991.

        Args:
            actor: A state or organization (the offices it has), or a person (their offices).
            on: Keep the offices held during this date or window.
            title: Keep the offices with this title ("President", "Foreign Minister"), in any
                case; acting holders count.
            include_undated: With ``on``, also keep the offices without a period.

        Examples:
            >>> import ruiran
            >>> [(o.title, o.holder) for o in ruiran.load().offices("Iran", on="2012-06-01")]
            ... # doctest: +NORMALIZE_WHITESPACE
            [('Supreme Leader', 'ali-khamenei'), ('President', 'mahmoud-ahmadinejad'),
             ('Defence Minister', 'ahmad-vahidi'), ('Foreign Minister', 'ali-akbar-salehi')]
            >>> [p.title for p in ruiran.load().offices("Masoud Pezeshkian", on="2024-10-23")]
            ['President']
        """
        return offices.offices(
            self._index,
            actor,
            on=on,
            title=title,
            include_undated=include_undated,
            coverage=self._coverage,
        )

    def members(self, bloc: ActorLike, *, on: DateLike | None = None) -> Records[AnyActor]:
        """The members of a bloc, or those who were members during ``on``, once each.

        A state is a member on a date when one of its membership periods contains it (a
        period ending on a day includes that day: the United Kingdom's EU membership ends on
        2020-01-31). Members are records of the dataset or states of the reference table of
        every state. The answer's ``complete``/``gaps`` say whether the data holds the bloc's
        membership in full for ``on`` (a ``membership`` statement of the coverage file);
        open-ended memberships run to the as-of date, and nothing is known after it.

        Examples:
            >>> import ruiran
            >>> [m.id for m in ruiran.load().members("EAEU", on="2024")]
            ['russia', 'belarus', 'kazakhstan', 'armenia', 'kyrgyzstan']
            >>> nato = ruiran.load().members("NATO", on="2020-01-01")
            >>> len(nato), "north-macedonia" in [m.id for m in nato], nato.complete
            (29, False, True)
        """
        return blocs.members(self._index, bloc, on=on, coverage=self._coverage)

    def blocs_of(self, actor: ActorLike, *, on: DateLike | None = None) -> Records[Bloc]:
        """The blocs an actor belonged to (during ``on``, when given), in dataset order.

        The other side of :meth:`members`: a bloc is in the answer exactly when the actor is
        among its members for ``on``. Complete when the membership of every bloc of the
        dataset is covered for ``on``.

        Examples:
            >>> import ruiran
            >>> [b.id for b in ruiran.load().blocs_of("Iran", on="2024-06-01")]
            ['brics', 'sco', 'opec', 'caspian-littoral-states']
            >>> [b.id for b in ruiran.load().blocs_of("Iran", on="2022-06-01")]
            ['opec', 'caspian-littoral-states']
        """
        return blocs.blocs_of(self._index, actor, on=on, coverage=self._coverage)

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
        return actors.partners(self._index, actor, on=on, include_undated=include_undated)

    def involvement(
        self, record: Relation | str, actor: ActorLike, *, on: DateLike | None = None
    ) -> Involvement | None:
        """How an actor takes part in an agreement, event or sanction, and through which bloc.

        Returns None when the actor takes no part (during ``on``, when given). A direct part
        is preferred to a part through a bloc or (a state in an event) a person in office,
        named by ``via``.

        Examples:
            >>> import ruiran
            >>> ruiran.load().involvement("eaeu-iran-free-trade-agreement", "Russia").via
            'eaeu'
        """
        return actors.involvement(self._index, record, actor, on=on)

    def related_to(self, record: AnyRecord | str) -> Records[Event]:
        """The events that name ``record`` (a record or its id) in their ``related``, in
        result order: the statements on a visit, the talks on a summit's margin.

        Raises:
            QueryError: when no record has that id.

        Examples:
            >>> import ruiran
            >>> [e.id for e in ruiran.load().related_to("shoigu-visit-tehran-2023")]
            ['shoigu-new-level-statement']
        """
        return events.related_to(self._index, record)

    def margins(self, summit: Event | str) -> Records[Event]:
        """The meetings on the margin of an event (a summit), in result order.

        A multilateral summit is one event with all its participants; the bilateral talks
        held beside it are events of their own that name it in their ``related``. Its margins
        are those of them that are meetings (of a kind under CAMEO 04: consult, discuss by
        telephone, visit, host a visit, meet at a third location, mediate, negotiate) held on
        a day of it: a later visit that names an earlier one, or an undated meeting, is
        related to it but not on its margin. A state visit's margins are the meetings held
        during it (Putin's meeting with Khamenei beside his visit to Tehran).

        The question is every pair of the states taking part in it (each state among its
        participants, and the states its persons served on its days; not its organizations,
        such as the bloc holding the summit): the meetings of each pair on its days. Its gaps
        are those of each pair's meetings (CAMEO 04) on those days in :attr:`coverage`: Russia
        and Iran's meetings are researched, not complete (the statement's sentence); the pairs
        no statement holds are not covered (one sentence naming their states). An empty answer
        is so only "as far as the data goes": no talks of Putin and Ahmadinejad are held at the
        CICA summit of 2010.

        Raises:
            QueryError: when no record has that id, or it is not an event.

        Examples:
            >>> import ruiran
            >>> ds = ruiran.load()
            >>> [e.id for e in ds.margins("brics-summit-kazan-2024")]
            ['putin-pezeshkian-kazan-meeting']
            >>> istanbul = ds.margins("cica-summit-istanbul-2010")
            >>> len(istanbul), istanbul.complete
            (0, False)
            >>> [gap.split(":")[0][:70] for gap in istanbul.gaps]  # doctest: +NORMALIZE_WHITESPACE
            ['meetings between Russia and Iran (CAMEO 04) from 2000 are researched, ',
             'events between any other two of Turkey, Russia, Iran, Afghanistan, Aze']
        """
        return events.margins(self._index, summit, coverage=self.coverage)

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
        return events.series(
            self._index,
            self._coded,
            a,
            b,
            freq=freq,
            measure=measure,
            directed=directed,
            start=start,
            end=end,
            cameo=cameo,
        )


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
