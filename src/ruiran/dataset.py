"""The Dataset: an immutable, checked, indexed collection of records that answers queries.

A Dataset is built once from records. Building checks every cross-record rule and raises one
:class:`~ruiran.errors.DatasetError` listing every problem; then it builds its indexes. After
that nothing changes it: records are frozen pydantic models and results are tuples.

Example:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> ds.actor("IRN").name
    'Iran'
    >>> len(ds.agreements_between("Russia", "Iran")) >= 3
    True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TypeVar

import attrs

from ruiran.errors import DatasetError, QueryError, UnknownActorError
from ruiran.index import Index, Involvement, all_citations, fold
from ruiran.integrity import check_records
from ruiran.model import (
    Actor,
    Agreement,
    AnyRecord,
    Area,
    Bloc,
    DateLike,
    Event,
    Organization,
    Person,
    Sanction,
    Source,
    Stage,
    State,
)
from ruiran.model.dates import PartialDate, to_window
from ruiran.timespan import Span, span_of

__all__ = ["ActorLike", "Dataset"]

#: What query arguments accept as an actor: the record itself, its id, or any name it resolves by.
ActorLike = Actor | str

_E = TypeVar("_E")


def _enum_arg(enum_type: type[_E], value: object, name: str) -> _E:
    try:
        return enum_type(value)  # type: ignore[call-arg]
    except ValueError:
        options = [member.value for member in enum_type]  # type: ignore[attr-defined]
        raise QueryError(f"{name!r} must be one of {options!r} (got {value!r})") from None


def _window_arg(value: DateLike | None, name: str) -> Span | None:
    if value is None:
        return None
    try:
        return span_of(to_window(value))
    except (ValueError, TypeError) as error:
        raise QueryError(
            f"{name!r} must be a date, a partial date such as '2024' or '2024-10', "
            f"or a period such as '2024/2025' (got {value!r}): {error}"
        ) from None


@attrs.frozen(init=False, eq=False, repr=False)
class Dataset:
    """An immutable collection of records with integrity checked and indexes built.

    Args:
        records: The records. Their order is kept for iteration.
        source_texts: Optional full texts of sources, by source id; every quote citing such a
            source must occur in its text verbatim.

    Raises:
        DatasetError: listing every problem (record id, field, what would be valid).

    Example:
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

    def __init__(
        self, records: Iterable[AnyRecord], *, source_texts: Mapping[str, str] | None = None
    ) -> None:
        records = tuple(records)
        texts = dict(source_texts or {})
        problems = check_records(records, texts)
        if problems:
            raise DatasetError(problems)
        self.__attrs_init__(records, MappingProxyType(texts), Index.build(records))

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

    def _of(self, kind: type[_E]) -> tuple[_E, ...]:
        return tuple(r for r in self._records if isinstance(r, kind))

    @property
    def actors(self) -> tuple[State | Person | Organization | Bloc, ...]:
        """Every actor record, in dataset order."""
        return tuple(r for r in self._records if isinstance(r, (State, Person, Organization, Bloc)))

    @property
    def agreements(self) -> tuple[Agreement, ...]:
        """Every agreement, in dataset order."""
        return self._of(Agreement)

    @property
    def sanctions(self) -> tuple[Sanction, ...]:
        """Every sanction, in dataset order."""
        return self._of(Sanction)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, in dataset order."""
        return self._of(Event)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source, in dataset order."""
        return self._of(Source)

    # -- actors -------------------------------------------------------------------------------

    def actor(self, query: ActorLike) -> State | Person | Organization | Bloc:
        """Resolve an actor by record, id, name, alias, ISO 3166 code or Wikidata id.

        Matching ignores case and extra spaces. Names a state bore over time resolve to the
        state ("Soviet Union" is Russia, as in the Correlates of War).

        Raises:
            UnknownActorError: when nothing matches, with the closest known names.

        Example:
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

        Example:
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
            stage: Keep agreements that have reached at least this stage (by ``on`` when it is
                given, counting dated milestones only).

        Returns:
            The agreements ordered by first dated milestone (undated last), then by id.

        Example:
            >>> import ruiran
            >>> [a.id for a in ruiran.agreements_between("Iran", "Russia", area="trade")][:1]
            ['eaeu-iran-free-trade-agreement']
        """
        first, second = self.actor(a).id, self.actor(b).id
        if first == second:
            raise QueryError(f"'a' and 'b' must be two different actors (both are {first!r})")
        window = _window_arg(on, "on")
        wanted_area = _enum_arg(Area, area, "area") if area is not None else None
        wanted_stage = _enum_arg(Stage, stage, "stage") if stage is not None else None
        pair = (first, second) if first < second else (second, first)
        found = []
        for agreement in self._index.agreements_by_pair.get(pair, ()):
            if wanted_area is not None and wanted_area not in agreement.areas:
                continue
            if wanted_stage is not None and not _reached(agreement, wanted_stage, window):
                continue
            if window is not None and not (
                self._index.involvement(agreement.id, first, window)
                and self._index.involvement(agreement.id, second, window)
            ):
                continue
            found.append(agreement)
        return tuple(found)

    def involvement(
        self, record: Agreement | str, actor: ActorLike, *, on: DateLike | None = None
    ) -> Involvement | None:
        """Why an actor counts as a party to an agreement: directly, or through which bloc.

        Returns None when the actor is not a party (during ``on``, when given).

        Example:
            >>> import ruiran
            >>> ruiran.load().involvement("eaeu-iran-free-trade-agreement", "Russia").via
            'eaeu'
        """
        agreement_id = record.id if isinstance(record, Agreement) else record
        if not isinstance(self.get(agreement_id), Agreement):
            raise QueryError(f"{agreement_id!r} is not the id of an agreement in this dataset")
        return self._index.involvement(agreement_id, self.actor(actor).id, _window_arg(on, "on"))


def _occurrences(text: str, words: str) -> list[tuple[int, int]]:
    """Every (start, end) position of ``words`` in ``text``."""
    found = []
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
