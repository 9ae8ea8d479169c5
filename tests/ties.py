"""Generated datasets whose dates tie, touch and meet at month ends, and windows drawn from
the records' own endpoints.

:func:`ruiran.testing.datasets` spreads its dates over centuries: two milestones rarely share
a day, and a generated window almost never starts on the day a record ends. Here every date
comes from a small pool around the leap day of 2000: days, months and years that start or
end on the same day, contain one another, or follow one another without a gap. Windows are
made of the days the records start and end, and the days just before and after.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from hypothesis import strategies as st
from pydantic import BaseModel

from reference import MAX, MIN, Reference, Span
from ruiran.model import (
    Agreement,
    AgreementKind,
    AnyRecord,
    Bloc,
    Citation,
    Event,
    EventKind,
    Membership,
    Milestone,
    Modality,
    PartialDate,
    Participant,
    Period,
    Person,
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

__all__ = [
    "POOL",
    "actor_ids",
    "bloc_datasets",
    "endpoints",
    "tied_datasets",
    "window_text",
    "windows",
]

#: The dates every generated date is moved onto, in order: a day that ends a year, the year
#: after it, a leap February, its last two days, the day after, a December, the first day of
#: the next year and that whole year (which start on the same day).
POOL = tuple(
    PartialDate.parse(text)
    for text in (
        "1999-12-31",
        "2000",
        "2000-02",
        "2000-02-28",
        "2000-02-29",
        "2000-03-01",
        "2000-12",
        "2001-01-01",
        "2001",
    )
)


_CITE = (Citation(source="src-0", quote="q"),)


def _period(draw: st.DrawFn, pool: tuple[PartialDate, ...]) -> Period | None:
    """A period between two pool dates (either end may be open), or None."""
    shape = draw(st.sampled_from(["none", "closed", "from", "until"]))
    if shape == "none":
        return None
    a, b = sorted(draw(st.lists(st.sampled_from(range(len(pool))), min_size=2, max_size=2)))
    if shape == "from":
        return Period(pool[a], None)
    if shape == "until":
        return Period(None, pool[b])
    return Period(pool[a], pool[b])


def _pool_dates(draw: st.DrawFn, n: int, pool: tuple[PartialDate, ...]) -> list[PartialDate | None]:
    """``n`` dates, some missing, the dated ones in order (never backwards), drawn from one
    to three pool dates: steps of one record often fall on the same day."""
    few = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
    dates = [draw(st.none() | st.sampled_from(few)) for _ in range(n)]
    ordered = iter(sorted((d for d in dates if d is not None), key=POOL.index))
    return [None if d is None else next(ordered) for d in dates]


def _bloc(
    draw: st.DrawFn, bloc: str, states: list[str], pool: tuple[PartialDate, ...], at_least: int = 0
) -> Bloc:
    """A formal bloc of up to three of ``states`` (``at_least`` of them), each a member for a
    period between two of ``pool``'s dates (or open at one end, or always)."""
    members = draw(st.lists(st.sampled_from(states), min_size=at_least, max_size=3, unique=True))
    return Bloc(
        id=bloc,
        name=bloc,
        formal=True,
        members=tuple(Membership(member=m, period=_period(draw, pool)) for m in members),
        citations=_CITE,
    )


@st.composite
def tied_datasets(draw: st.DrawFn) -> list[AnyRecord]:
    """A small valid dataset whose dates all come from :data:`POOL` (so they tie, touch and
    contain one another), its records in any order.

    Lean by design (fixed texts, one source): a draw costs a few milliseconds, so a failure
    shrinks in seconds. States ``state-0``..., a bloc or none, agreements (joint and one
    party's own milestones), sanctions (a period, or dated steps), events.
    """
    # The dates of this dataset: a few of the pool's, so that records tie with one another.
    picked = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=4, unique=True))
    pool = tuple(sorted(picked, key=POOL.index))
    records: list[AnyRecord] = [Source(id="src-0", title="S", kind=SourceKind.OTHER)]
    states = [f"state-{i}" for i in range(draw(st.integers(2, 4)))]
    records += [State(id=s, name=s, citations=_CITE) for s in states]
    blocs = [f"bloc-{i}" for i in range(draw(st.integers(0, 1)))]
    records += [_bloc(draw, bloc, states, pool) for bloc in blocs]
    actors = states + blocs
    for i in range(draw(st.integers(0, 4))):
        parties = tuple(
            draw(st.lists(st.sampled_from(actors), min_size=2, max_size=3, unique=True))
        )
        n = draw(st.integers(0, 4))
        stages = sorted(
            (draw(st.sampled_from(Stage)) for _ in range(n)), key=lambda stage: stage.phase
        )
        milestones = tuple(
            Milestone(
                stage=stage,
                date=date,
                party=draw(st.none() | st.sampled_from(parties)),
                actors=tuple(draw(st.lists(st.sampled_from(actors), unique=True, max_size=1))),
                modality=draw(st.sampled_from([Modality.OCCURRED, Modality.STATED_INTENT])),
                citations=_CITE,
            )
            for stage, date in zip(stages, _pool_dates(draw, n, pool), strict=True)
        )
        records.append(
            Agreement(
                id=f"agr-{i}",
                title="A",
                kind=AgreementKind.TREATY,
                parties=parties,
                milestones=milestones,
                citations=_CITE,
            )
        )
    for i in range(draw(st.integers(0, 2))):
        chosen = draw(st.lists(st.sampled_from(actors), min_size=2, max_size=3, unique=True))
        senders = tuple(chosen[1:])
        steps: tuple[SanctionMilestone, ...] = ()
        period = None
        if draw(st.booleans()):
            period = _period(draw, pool)
        else:
            n = draw(st.integers(0, 3))
            steps = tuple(
                SanctionMilestone(
                    action=draw(st.sampled_from(SanctionAction)),
                    date=date,
                    senders=tuple(draw(st.lists(st.sampled_from(senders), max_size=1))),
                    citations=_CITE,
                )
                for date in _pool_dates(draw, n, pool)
            )
        records.append(
            Sanction(
                id=f"sanction-{i}",
                title="S",
                senders=senders,
                target=chosen[0],
                status=SanctionStatus.IMPOSED,
                period=period,
                milestones=steps,
                citations=_CITE,
            )
        )
    for i in range(draw(st.integers(0, 4))):
        who = draw(st.lists(st.sampled_from(actors), min_size=1, max_size=3, unique=True))
        when = draw(st.sampled_from(["date", "date", "period", "none"]))
        date: PartialDate | Period | None = (
            draw(st.sampled_from(pool)) if when == "date" else _period(draw, pool)
        )
        records.append(
            Event(
                id=f"event-{i}",
                kind=draw(st.sampled_from([EventKind.VISIT, EventKind.STATEMENT])),
                title="E",
                date=date,
                participants=tuple(Participant(actor=a, role=Role.PARTICIPANT) for a in who),
                citations=_CITE,
            )
        )
    return draw(st.permutations(records))


@st.composite
def bloc_datasets(draw: st.DrawFn) -> list[AnyRecord]:
    """Two blocs whose members join and leave while the records naming them run.

    In :func:`tied_datasets` a member's part is rarely shorter than the record (its few
    dates often make every span the same); here the records span two pool dates or more, and
    each membership is drawn from the whole pool, so a member often takes part in only some
    of a record: events of a bloc and another actor, sanctions sent by a bloc or on it (a
    state in both blocs may send through one and be targeted through the other).
    """
    states = [f"state-{i}" for i in range(3)]
    blocs = ["bloc-0", "bloc-1"]
    records: list[AnyRecord] = [Source(id="src-0", title="S", kind=SourceKind.OTHER)]
    records += [State(id=s, name=s, citations=_CITE) for s in states]
    records += [_bloc(draw, bloc, states, POOL, at_least=1) for bloc in blocs]

    def long_period() -> Period:
        a, b = draw(st.lists(st.integers(0, len(POOL) - 1), min_size=2, max_size=2, unique=True))
        return Period(POOL[min(a, b)], POOL[max(a, b)])

    for i in range(draw(st.integers(1, 4))):
        bloc = draw(st.sampled_from(blocs))
        other = draw(st.sampled_from([*states, *(b for b in blocs if b != bloc)]))
        if draw(st.booleans()):
            records.append(
                Event(
                    id=f"event-{i}",
                    kind=EventKind.VISIT,
                    title="E",
                    date=long_period(),
                    participants=tuple(
                        Participant(actor=a, role=Role.PARTICIPANT) for a in (bloc, other)
                    ),
                    citations=_CITE,
                )
            )
        else:
            senders, target = ((bloc,), other) if draw(st.booleans()) else ((other,), bloc)
            records.append(
                Sanction(
                    id=f"sanction-{i}",
                    title="S",
                    senders=senders,
                    target=target,
                    status=SanctionStatus.IMPOSED,
                    period=long_period(),
                    citations=_CITE,
                )
            )
    return draw(st.permutations(records))


def _dated(value: object) -> Iterator[Span]:
    """The spans of every date and period found in a record's fields, at any depth."""
    if isinstance(value, PartialDate | Period):
        yield (value.earliest, value.latest)
    elif isinstance(value, tuple):
        for item in value:
            yield from _dated(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _dated(getattr(value, name))


def endpoints(records: list[AnyRecord]) -> list[dt.date]:
    """Every day a record, a milestone or a membership starts or ends on, and the days just
    before and after each."""
    days: set[dt.date] = set()
    for record in records:
        spans = list(_dated(record))
        if isinstance(record, Agreement | Event | Sanction):
            whole = Reference.span(record)
            if whole is not None:
                spans.append(whole)
        for lo, hi in spans:
            days.update((lo, hi))
    near = set(days)
    for day in days:
        for step in (-1, 1):
            with contextlib.suppress(OverflowError):
                near.add(day + dt.timedelta(days=step))
    return sorted(near)


@st.composite
def windows(draw: st.DrawFn, records: list[AnyRecord]) -> Span:
    """A window from the records' endpoints: one day, two endpoints, or open on one side."""
    days = endpoints(records) or [dt.date(2000, 2, 29)]
    a, b = draw(st.sampled_from(days)), draw(st.sampled_from(days))
    shape = draw(st.sampled_from(["day", "between", "from", "until"]))
    if shape == "day":
        return (a, a)
    if shape == "from":
        return (a, MAX)
    if shape == "until":
        return (MIN, a)
    return (min(a, b), max(a, b))


def window_text(window: Span) -> str:
    """A window as a period string, as a user would pass it."""
    return f"{window[0].isoformat()}/{window[1].isoformat()}"


def actor_ids(records: list[AnyRecord]) -> list[str]:
    """The ids of the states, blocs and persons (the actors records name)."""
    return [r.id for r in records if isinstance(r, State | Bloc | Person)]
