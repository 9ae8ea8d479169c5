"""Hypothesis strategies for every record kind, for ruiran's tests and for yours.

Needs hypothesis (``pip install 'ruiran[testing]'``). Strategies that make records which refer
to others take the ids they may refer to, so generated datasets are valid by construction;
:func:`datasets` draws a whole valid record list.

Example:
    >>> from hypothesis import given
    >>> @given(partial_dates())
    ... def test_round_trip(d):
    ...     assert PartialDate.parse(str(d)) == d
    >>> test_round_trip()
"""

from __future__ import annotations

import calendar
import string
from collections.abc import Sequence
from functools import cache

from ruiran.errors import MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the environment
    raise MissingExtraError("hypothesis", "testing") from error

from ruiran.model import (
    Agreement,
    AgreementKind,
    AnyRecord,
    Area,
    Bloc,
    Citation,
    Event,
    EventKind,
    Measure,
    Membership,
    Milestone,
    Modality,
    Objective,
    Obligation,
    Organization,
    OrganizationKind,
    Participant,
    PartialDate,
    Period,
    Person,
    Position,
    Role,
    Sanction,
    SanctionStatus,
    Source,
    SourceKind,
    Stage,
    State,
)

__all__ = [
    "agreements",
    "blocs",
    "citations",
    "datasets",
    "events",
    "ids",
    "iso_countries",
    "organizations",
    "partial_dates",
    "periods",
    "persons",
    "sanctions",
    "sources",
    "states",
    "whens",
]

_ID_CHARS = string.ascii_lowercase + string.digits


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Valid record ids such as ``'x-3f9'``, optionally with a fixed prefix."""
    word = st.text(_ID_CHARS, min_size=1, max_size=8)
    return st.lists(word, min_size=1, max_size=3).map(lambda parts: prefix + "-".join(parts))


def partial_dates(min_year: int = 1, max_year: int = 9999) -> st.SearchStrategy[PartialDate]:
    """Partial dates of every precision, some approximate or uncertain."""

    @st.composite
    def build(draw: st.DrawFn) -> PartialDate:
        year = draw(st.integers(min_year, max_year))
        month = draw(st.none() | st.integers(1, 12))
        day = None
        if month is not None:
            day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
        return PartialDate(
            year, month, day, approximate=draw(st.booleans()), uncertain=draw(st.booleans())
        )

    return build()


def periods(min_year: int = 1, max_year: int = 9999) -> st.SearchStrategy[Period]:
    """Periods with start <= end; either end may be open."""

    @st.composite
    def build(draw: st.DrawFn) -> Period:
        a = draw(st.none() | partial_dates(min_year, max_year))
        b = draw(partial_dates(min_year, max_year) if a is None else st.none() | partial_dates(min_year, max_year))
        if a is not None and b is not None and a.earliest > b.latest:
            a, b = b, a
        return Period(a, b)

    return build()


def whens(min_year: int = 1, max_year: int = 9999) -> st.SearchStrategy[PartialDate | Period]:
    """Either a partial date or a period (what an event's ``date`` holds)."""
    return st.one_of(partial_dates(min_year, max_year), periods(min_year, max_year))


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
)


def citations(source_ids: Sequence[str], supports: Sequence[str] = ()) -> st.SearchStrategy[Citation]:
    """Citations of the given sources, supporting a subset of ``supports``."""
    return st.builds(
        Citation,
        source=st.sampled_from(list(source_ids)),
        quote=_TEXT,
        supports=st.lists(st.sampled_from(list(supports)), unique=True).map(tuple)
        if supports
        else st.just(()),
        note=st.none() | _TEXT,
    )


def _cites(source_ids: Sequence[str], supports: Sequence[str] = ()) -> st.SearchStrategy[tuple[Citation, ...]]:
    return st.lists(citations(source_ids, supports), min_size=1, max_size=2).map(tuple)


def sources(id_strategy: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """Source records."""
    return st.builds(
        Source,
        id=id_strategy or ids("src-"),
        title=_TEXT,
        kind=st.sampled_from(SourceKind),
        publisher=st.none() | _TEXT,
        author=st.none() | _TEXT,
        url=st.none() | st.just("https://example.org/a"),
        date=st.none() | partial_dates(1900, 2100),
        text_file=st.none(),
        note=st.none() | _TEXT,
        citations=st.just(()),
    )


@cache
def _iso_pairs() -> tuple[tuple[str, str], ...]:
    import pycountry

    return tuple(sorted((c.alpha_2, c.alpha_3) for c in pycountry.countries))


def iso_countries() -> st.SearchStrategy[tuple[str, str]]:
    """Real ISO 3166-1 (alpha-2, alpha-3) pairs."""
    return st.sampled_from(_iso_pairs())


def states(source_ids: Sequence[str], id_strategy: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[State]:
    """State records with real ISO codes (one record may carry historical names)."""

    @st.composite
    def build(draw: st.DrawFn) -> State:
        alpha2, alpha3 = draw(iso_countries())
        return State(
            id=draw(id_strategy or ids("state-")),
            name=draw(_TEXT),
            aliases=tuple(draw(st.lists(_TEXT, max_size=2))),
            wikidata=draw(st.none() | st.integers(1, 10**7).map(lambda n: f"Q{n}")),
            iso_alpha2=alpha2,
            iso_alpha3=alpha3,
            cow_code=draw(st.none() | st.integers(1, 999)),
            citations=draw(_cites(source_ids, ("name", "iso_alpha2"))),
        )

    return build()


def organizations(
    source_ids: Sequence[str], state_ids: Sequence[str], id_strategy: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Organization]:
    """Organization records, belonging to one of ``state_ids`` or to none."""
    return st.builds(
        Organization,
        id=id_strategy or ids("org-"),
        name=_TEXT,
        kind=st.sampled_from(OrganizationKind),
        country=st.none() | st.sampled_from(list(state_ids)) if state_ids else st.none(),
        citations=_cites(source_ids),
    )


def persons(
    source_ids: Sequence[str], office_ids: Sequence[str], id_strategy: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Person]:
    """Person records holding offices of ``office_ids``."""
    position = st.builds(
        Position,
        title=_TEXT,
        of=st.none() | st.sampled_from(list(office_ids)) if office_ids else st.none(),
        period=st.none() | periods(1900, 2100),
    )
    return st.builds(
        Person,
        id=id_strategy or ids("person-"),
        name=_TEXT,
        positions=st.lists(position, max_size=3).map(tuple),
        citations=_cites(source_ids, ("positions",)),
    )


def blocs(
    source_ids: Sequence[str], member_ids: Sequence[str], id_strategy: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Bloc]:
    """Bloc records whose members come from ``member_ids``, each listed once."""
    membership_lists = (
        st.lists(st.sampled_from(list(member_ids)), unique=True, max_size=6)
        if member_ids
        else st.just([])
    )

    @st.composite
    def build(draw: st.DrawFn) -> Bloc:
        members = tuple(
            Membership(member=m, period=draw(st.none() | periods(1900, 2100)))
            for m in draw(membership_lists)
        )
        return Bloc(
            id=draw(id_strategy or ids("bloc-")),
            name=draw(_TEXT),
            formal=draw(st.booleans()),
            members=members,
            citations=draw(_cites(source_ids, ("members",))),
        )

    return build()


def _milestones(source_ids: Sequence[str], actor_ids: Sequence[str]) -> st.SearchStrategy[tuple[Milestone, ...]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[Milestone, ...]:
        stages = sorted(draw(st.lists(st.sampled_from(Stage), max_size=4)))
        dates = sorted(draw(st.lists(partial_dates(1950, 2050), min_size=len(stages), max_size=len(stages))))
        result = []
        for stage, date in zip(stages, dates, strict=True):
            result.append(
                Milestone(
                    stage=stage,
                    # Sorted by (earliest, latest): a later one never ends before an earlier starts.
                    date=date if draw(st.booleans()) else None,
                    actor=draw(st.none() | st.sampled_from(list(actor_ids))),
                    modality=draw(st.sampled_from(Modality)),
                    citations=draw(_cites(source_ids)),
                )
            )
        return tuple(result)

    return build()


def agreements(
    source_ids: Sequence[str], party_ids: Sequence[str], id_strategy: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Agreement]:
    """Agreement records between two or more of ``party_ids`` (which must hold at least two)."""
    return st.builds(
        Agreement,
        id=id_strategy or ids("agr-"),
        title=_TEXT,
        kind=st.sampled_from(AgreementKind),
        parties=st.lists(st.sampled_from(list(party_ids)), min_size=2, max_size=3, unique=True).map(tuple),
        areas=st.lists(st.sampled_from(Area), unique=True, max_size=3).map(tuple),
        obligations=st.lists(st.sampled_from(Obligation), unique=True, max_size=2).map(tuple),
        milestones=_milestones(source_ids, party_ids),
        citations=_cites(source_ids, ("parties", "areas")),
    )


def sanctions(
    source_ids: Sequence[str], actor_ids: Sequence[str], id_strategy: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Sanction]:
    """Sanction records among ``actor_ids`` (at least two)."""

    @st.composite
    def build(draw: st.DrawFn) -> Sanction:
        chosen = draw(st.lists(st.sampled_from(list(actor_ids)), min_size=2, max_size=3, unique=True))
        return Sanction(
            id=draw(id_strategy or ids("sanction-")),
            title=draw(_TEXT),
            senders=tuple(chosen[1:]),
            target=chosen[0],
            measures=tuple(draw(st.lists(st.sampled_from(Measure), unique=True, max_size=3))),
            objectives=tuple(draw(st.lists(st.sampled_from(Objective), unique=True, max_size=2))),
            status=draw(st.sampled_from(SanctionStatus)),
            period=draw(st.none() | periods(1950, 2050)),
            modality=draw(st.sampled_from(Modality)),
            citations=draw(_cites(source_ids, ("period",))),
        )

    return build()


def events(
    source_ids: Sequence[str], actor_ids: Sequence[str], id_strategy: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Event]:
    """Event records among ``actor_ids``; statements are quoted in a citation by construction."""

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        roles = st.sampled_from(Role)
        participants = draw(
            st.lists(st.sampled_from(list(actor_ids)), min_size=1, max_size=3, unique=True)
        )
        cites = draw(_cites(source_ids, ("date", "participants")))
        statement = None
        if draw(st.booleans()):
            quote = cites[0].quote
            statement = quote[: draw(st.integers(1, len(quote)))]
        return Event(
            id=draw(id_strategy or ids("event-")),
            kind=draw(st.sampled_from(EventKind)),
            title=draw(_TEXT),
            date=draw(st.none() | whens(1700, 2100)),
            participants=tuple(Participant(actor=a, role=draw(roles)) for a in participants),
            modality=draw(st.sampled_from(Modality)),
            statement=statement,
            citations=cites,
        )

    return build()


@st.composite
def datasets(draw: st.DrawFn, max_actors: int = 6, max_items: int = 8) -> list[AnyRecord]:
    """A valid list of records: sources, states, blocs, persons, agreements, sanctions, events.

    Ids are unique and every reference resolves, so ``Dataset(records)`` succeeds.
    """
    n_states = draw(st.integers(2, max_actors))
    unique_ids = iter(f"r{n}" for n in range(10**6))
    source_ids = [f"src-{i}" for i in range(draw(st.integers(1, 2)))]
    records: list[AnyRecord] = [draw(sources(st.just(s))) for s in source_ids]
    state_ids = [f"state-{i}" for i in range(n_states)]
    for sid in state_ids:
        records.append(draw(states(source_ids, st.just(sid))))
    bloc_ids = [f"bloc-{i}" for i in range(draw(st.integers(0, 2)))]
    for bid in bloc_ids:
        records.append(draw(blocs(source_ids, state_ids, st.just(bid))))
    person_ids = [f"person-{i}" for i in range(draw(st.integers(0, 2)))]
    for pid in person_ids:
        records.append(draw(persons(source_ids, state_ids, st.just(pid))))
    parties = state_ids + bloc_ids
    actor_ids = parties + person_ids
    for _ in range(draw(st.integers(0, max_items))):
        records.append(draw(agreements(source_ids, parties, st.just(f"agr-{next(unique_ids)}"))))
    for _ in range(draw(st.integers(0, max_items // 2))):
        records.append(draw(sanctions(source_ids, actor_ids, st.just(f"sanction-{next(unique_ids)}"))))
    for _ in range(draw(st.integers(0, max_items))):
        records.append(draw(events(source_ids, actor_ids, st.just(f"event-{next(unique_ids)}"))))
    return records
