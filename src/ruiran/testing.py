"""Hypothesis strategies for every record kind, for ruiran's tests and for yours.

Needs hypothesis (``pip install 'ruiran[testing]'``). Strategies that make records which refer
to others take the ids they may refer to, so generated datasets are valid by construction;
:func:`datasets` draws a whole valid record list.

Examples:
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
from functools import cache, lru_cache

from ruiran.dataset.cow import expected_cow_code
from ruiran.errors import MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the environment
    raise MissingExtraError("hypothesis", "testing") from error

from ruiran.coded.synthetic import synthetic_gdelt
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
    PartialDate,
    Participant,
    Period,
    Person,
    Position,
    Role,
    Sanction,
    SanctionAction,
    SanctionMilestone,
    SanctionStatus,
    Source,
    SourceKind,
    Stage,
    State,
)
from ruiran.synthetic import synthetic_dataset, synthetic_records

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
    "synthetic_dataset",
    "synthetic_gdelt",
    "synthetic_records",
    "whens",
]

_ID_CHARS = string.ascii_lowercase + string.digits


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Valid record ids such as ``'x-3f9'``, optionally with a fixed prefix."""
    word = st.text(_ID_CHARS, min_size=1, max_size=8)
    return st.lists(word, min_size=1, max_size=3).map(lambda parts: prefix + "-".join(parts))


@cache
def partial_dates(
    min_year: int = 1, max_year: int = 9999, *, qualified: bool = True
) -> st.SearchStrategy[PartialDate]:
    """Partial dates of every precision, some approximate or uncertain (none with
    ``qualified=False``: plain years, months and days)."""

    @st.composite
    def build(draw: st.DrawFn) -> PartialDate:
        year = draw(st.integers(min_year, max_year))
        month = draw(st.none() | st.integers(1, 12))
        day = None
        if month is not None:
            day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
        if not qualified:
            return PartialDate(year, month, day)
        return PartialDate(
            year, month, day, approximate=draw(st.booleans()), uncertain=draw(st.booleans())
        )

    return build()


@cache
def periods(min_year: int = 1, max_year: int = 9999) -> st.SearchStrategy[Period]:
    """Periods with start <= end; either end may be open."""

    @st.composite
    def build(draw: st.DrawFn) -> Period:
        a = draw(st.none() | partial_dates(min_year, max_year))
        b = draw(
            partial_dates(min_year, max_year)
            if a is None
            else st.none() | partial_dates(min_year, max_year)
        )
        if a is not None and b is not None and a.earliest > b.latest:
            a, b = b, a
        return Period(a, b)

    return build()


@cache
def whens(min_year: int = 1, max_year: int = 9999) -> st.SearchStrategy[PartialDate | Period]:
    """Either a partial date or a period (what an event's ``date`` holds)."""
    return st.one_of(partial_dates(min_year, max_year), periods(min_year, max_year))


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=16
)
# A quote holds at least one letter or digit (spaces or punctuation alone prove nothing).
_QUOTE = st.builds(
    lambda before, core, after: before + core + after,
    _TEXT | st.just(""),
    st.characters(codec="utf-8", categories=("L", "Nd")),
    _TEXT | st.just(""),
)


def citations(
    source_ids: Sequence[str], supports: Sequence[str] = ()
) -> st.SearchStrategy[Citation]:
    """Citations of the given sources, supporting a subset of ``supports``."""
    return st.builds(
        Citation,
        source=st.sampled_from(list(source_ids)),
        quote=_QUOTE,
        supports=st.lists(st.sampled_from(list(supports)), unique=True).map(tuple)
        if supports
        else st.just(()),
        note=st.none() | _TEXT,
    )


def _cites(
    source_ids: Sequence[str], supports: Sequence[str] = ()
) -> st.SearchStrategy[tuple[Citation, ...]]:
    return st.lists(citations(source_ids, supports), min_size=1, max_size=2).map(tuple)


def sources(id_strategy: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """Source records."""
    return st.builds(
        Source,
        id=ids("src-") if id_strategy is None else id_strategy,
        title=_TEXT,
        kind=st.sampled_from(SourceKind),
        publisher=st.none() | _TEXT,
        author=st.none() | _TEXT,
        # example.org is reserved for examples (RFC 2606): it never names a real page.
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


def states(
    source_ids: Sequence[str], id_strategy: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[State]:
    """State records with real ISO codes."""
    # Every strategy is built here, once, not inside `build`: building strategies per draw
    # would cost more than drawing from them.
    id_st = ids("state-") if id_strategy is None else id_strategy
    aliases = st.lists(_TEXT, max_size=2).map(tuple)
    wikidata = st.none() | st.integers(1, 10**7).map(lambda n: f"Q{n}")
    any_cow = st.none() | st.integers(1, 999)
    cites = _cites(source_ids, ("name", "iso_alpha2"))

    @st.composite
    def build(draw: st.DrawFn) -> State:
        alpha2, alpha3 = draw(iso_countries())
        return State(
            id=draw(id_st),
            name=draw(_TEXT),
            aliases=draw(aliases),
            wikidata=draw(wikidata),
            iso_alpha2=alpha2,
            iso_alpha3=alpha3,
            # Where COW lists the state, only its code (or none) is valid.
            cow_code=draw(
                any_cow
                if (known := expected_cow_code(alpha3)) is None
                else st.sampled_from([None, known])
            ),
            citations=draw(cites),
        )

    return build()


def organizations(
    source_ids: Sequence[str],
    state_ids: Sequence[str],
    id_strategy: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Organization]:
    """Organization records, belonging to one of ``state_ids`` or to none."""
    return st.builds(
        Organization,
        id=ids("org-") if id_strategy is None else id_strategy,
        name=_TEXT,
        kind=st.sampled_from(OrganizationKind),
        country=st.none() | st.sampled_from(list(state_ids)) if state_ids else st.none(),
        citations=_cites(source_ids),
    )


def persons(
    source_ids: Sequence[str],
    office_ids: Sequence[str],
    id_strategy: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Person]:
    """Person records holding offices of ``office_ids``."""
    position = st.builds(
        Position,
        title=_TEXT,
        of=st.none() | st.sampled_from(list(office_ids)) if office_ids else st.none(),
        period=st.none() | periods(1900, 2100),
        acting=st.booleans(),
    )
    return st.builds(
        Person,
        id=ids("person-") if id_strategy is None else id_strategy,
        name=_TEXT,
        positions=st.lists(position, max_size=3).map(tuple),
        citations=_cites(source_ids, ("positions",)),
    )


def blocs(
    source_ids: Sequence[str],
    member_ids: Sequence[str],
    id_strategy: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Bloc]:
    """Bloc records whose members come from ``member_ids``, each listed once."""
    membership = st.builds(
        Membership, member=st.sampled_from(list(member_ids)), period=st.none() | periods(1900, 2100)
    )
    members = (
        st.lists(membership, unique_by=lambda m: m.member, max_size=6).map(tuple)
        if member_ids
        else st.just(())
    )
    return st.builds(
        Bloc,
        id=ids("bloc-") if id_strategy is None else id_strategy,
        name=_TEXT,
        formal=st.booleans(),
        members=members,
        citations=_cites(source_ids, ("members",)),
    )


@lru_cache(maxsize=512)
def _milestones(
    source_ids: tuple[str, ...], actor_ids: tuple[str, ...], parties: tuple[str, ...] = ()
) -> st.SearchStrategy[tuple[Milestone, ...]]:
    """Milestones in lifecycle and date order, each joint or (when ``parties`` are given) one
    party's own. Cached: an agreement strategy asks for one per drawn list of parties."""
    milestone = st.builds(
        Milestone,
        stage=st.sampled_from(Stage),
        date=st.none() | partial_dates(1950, 2050),
        actors=st.lists(st.sampled_from(list(actor_ids)), unique=True, max_size=2).map(tuple),
        party=st.none() | st.sampled_from(list(parties)) if parties else st.none(),
        modality=st.sampled_from(Modality),
        citations=_cites(source_ids),
    )

    def in_lifecycle_order(drawn: list[Milestone]) -> tuple[Milestone, ...]:
        # Sort stages and dates independently, then pair them: sorted by (earliest, latest),
        # a later date never ends before an earlier one starts. The whole list in order, every
        # party's steps (its own and the joint ones) are in order too.
        stages = sorted((m.stage for m in drawn), key=lambda stage: stage.phase)
        dates = sorted(
            (m.date for m in drawn if m.date is not None), key=lambda d: (d.earliest, d.latest)
        )
        dates_iter = iter(dates)
        return tuple(
            m.model_copy(update={"stage": stage, "date": next(dates_iter) if m.date else None})
            for m, stage in zip(drawn, stages, strict=True)
        )

    return st.lists(milestone, max_size=4).map(in_lifecycle_order)


def agreements(
    source_ids: Sequence[str],
    party_ids: Sequence[str],
    id_strategy: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Agreement]:
    """Agreement records between two or more of ``party_ids`` (which must hold at least two),
    whose milestones are joint or one party's own."""
    id_st = ids("agr-") if id_strategy is None else id_strategy
    party_lists = st.lists(
        st.sampled_from(list(party_ids)), min_size=2, max_size=3, unique=True
    ).map(tuple)
    areas = st.lists(st.sampled_from(Area), unique=True, max_size=3).map(tuple)
    obligations = st.lists(st.sampled_from(Obligation), unique=True, max_size=2).map(tuple)
    cites = _cites(source_ids, ("parties", "areas"))
    kinds = st.sampled_from(AgreementKind)

    @st.composite
    def build(draw: st.DrawFn) -> Agreement:
        parties = draw(party_lists)
        return Agreement(
            id=draw(id_st),
            title=draw(_TEXT),
            kind=draw(kinds),
            parties=parties,
            areas=draw(areas),
            obligations=draw(obligations),
            milestones=draw(_milestones(tuple(source_ids), tuple(party_ids), parties)),
            citations=draw(cites),
        )

    return build()


def sanctions(
    source_ids: Sequence[str],
    actor_ids: Sequence[str],
    id_strategy: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Sanction]:
    """Sanction records among ``actor_ids`` (at least two): some with a period, some with
    dated milestones (regimes imposed, lifted, reimposed...; some concerning one sender)."""
    chosen = st.lists(st.sampled_from(list(actor_ids)), min_size=2, max_size=3, unique=True)

    @st.composite
    def build(draw: st.DrawFn) -> Sanction:
        actors = draw(chosen)
        senders = tuple(actors[1:])
        steps: tuple[SanctionMilestone, ...] = ()
        period = None
        if draw(st.booleans()):
            period = draw(st.none() | periods(1950, 2050))
        else:
            steps = draw(_sanction_steps(source_ids, senders))
        return Sanction(
            id=draw(ids("sanction-") if id_strategy is None else id_strategy),
            title=draw(_TEXT),
            senders=senders,
            target=actors[0],
            measures=tuple(draw(st.lists(st.sampled_from(Measure), unique=True, max_size=3))),
            objectives=tuple(draw(st.lists(st.sampled_from(Objective), unique=True, max_size=2))),
            status=draw(st.sampled_from(SanctionStatus)),
            period=period,
            milestones=steps,
            modality=draw(st.sampled_from(Modality)),
            citations=draw(_cites(source_ids, ("period", "milestones"))),
        )

    return build()


def _sanction_steps(
    source_ids: Sequence[str], senders: tuple[str, ...]
) -> st.SearchStrategy[tuple[SanctionMilestone, ...]]:
    """A regime's steps: dates drawn often on the same days (ties), in date order, a few
    undated ones among them, some concerning only one sender."""
    days = st.sampled_from(["2000", "2000-06", "2000-06-15", "2005-01-01", "2005", "2010-12-31"])
    dates = st.none() | days.map(PartialDate.parse) | partial_dates(1990, 2030)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[SanctionMilestone, ...]:
        drawn = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(SanctionAction),
                    dates,
                    st.just(()) | st.sampled_from(senders).map(lambda x: (x,)),
                ),
                max_size=5,
            )
        )
        dated = sorted((d for d in drawn if d[1] is not None), key=lambda d: d[1].earliest)  # type: ignore[union-attr]
        undated = [d for d in drawn if d[1] is None]
        ordered = dated[:1] + undated + dated[1:]  # an undated step among the dated ones
        return tuple(
            SanctionMilestone(
                action=action,
                date=date,
                senders=who,
                citations=draw(_cites(source_ids, ("action", "date"))),
            )
            for action, date, who in ordered
        )

    return build()


def events(
    source_ids: Sequence[str],
    actor_ids: Sequence[str],
    id_strategy: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Event]:
    """Event records among ``actor_ids``; statements are quoted in a citation by construction."""
    id_st = ids("event-") if id_strategy is None else id_strategy
    participants = st.lists(
        st.builds(Participant, actor=st.sampled_from(list(actor_ids)), role=st.sampled_from(Role)),
        min_size=1,
        max_size=3,
        unique_by=lambda p: p.actor,
    ).map(tuple)
    cites = _cites(source_ids, ("date", "participants"))
    kinds = st.sampled_from(EventKind)
    modalities = st.sampled_from(Modality)
    dates = st.none() | whens(1700, 2100)

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        drawn = draw(cites)
        statement = None
        if draw(st.booleans()):
            quote = drawn[0].quote
            # A statement holds a letter or digit, as the quote does: reach its first one.
            first = next(i for i, char in enumerate(quote) if char.isalnum())
            statement = quote[: draw(st.integers(first + 1, len(quote)))]
        return Event(
            id=draw(id_st),
            kind=draw(kinds),
            title=draw(_TEXT),
            date=draw(dates),
            participants=draw(participants),
            modality=draw(modalities),
            statement=statement,
            citations=drawn,
        )

    return build()


@cache
def _dataset_parts(
    n_sources: int, n_states: int, n_blocs: int, n_persons: int
) -> dict[str, st.SearchStrategy[AnyRecord]]:
    # Strategies are built once per shape of dataset, not once per record: building a
    # composite strategy is costly and would dominate the test suite's time.
    source_ids = tuple(f"src-{i}" for i in range(n_sources))
    state_ids = tuple(f"state-{i}" for i in range(n_states))
    parties = state_ids + tuple(f"bloc-{i}" for i in range(n_blocs))
    actor_ids = parties + tuple(f"person-{i}" for i in range(n_persons))
    return {
        "source": sources(),
        "state": states(source_ids),
        "bloc": blocs(source_ids, state_ids),
        "person": persons(source_ids, state_ids),
        "agreement": agreements(source_ids, parties),
        "sanction": sanctions(source_ids, actor_ids),
        "event": events(source_ids, actor_ids),
    }


@st.composite
def datasets(draw: st.DrawFn, max_actors: int = 6, max_items: int = 8) -> list[AnyRecord]:
    """A valid list of records: sources, states, blocs, persons, agreements, sanctions, events.

    Ids are unique (``state-0``, ``bloc-1``, ``agr-3``, ...) and every reference resolves, so
    ``Dataset(records)`` succeeds.
    """
    counts = {
        "source": draw(st.integers(1, 2)),
        "state": draw(st.integers(2, max_actors)),
        "bloc": draw(st.integers(0, 2)),
        "person": draw(st.integers(0, 2)),
    }
    parts = _dataset_parts(counts["source"], counts["state"], counts["bloc"], counts["person"])
    counts["agreement"] = draw(st.integers(0, max_items))
    counts["sanction"] = draw(st.integers(0, max_items // 2))
    counts["event"] = draw(st.integers(0, max_items))
    prefix = {"source": "src", "agreement": "agr"}
    records: list[AnyRecord] = []
    for kind, count in counts.items():
        for i in range(count):
            record = draw(parts[kind])
            records.append(record.model_copy(update={"id": f"{prefix.get(kind, kind)}-{i}"}))
    return records
