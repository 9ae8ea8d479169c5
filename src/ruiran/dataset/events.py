"""Events: which events join actors, and the hand-off of the same question to coded events.

Cited events are selected through the index like agreements. Asked ``about`` a pair, the
answer also holds the events in which one actor acts about the other: the other takes no part
in the event but takes part in a record the event concerns (its ``related`` records), as Iran
in Russia's condemnation of the Israeli strikes on Iran (:func:`about_other`). When the Dataset holds coded
events (GDELT), it resolves the actors to the CAMEO country codes that stand for them (a
bloc's members while members) and hands those, with the window and the event code, to
:mod:`ruiran.coded.queries` and :mod:`ruiran.coded.series`: the coded wing works on its store
and on these codes, never on the Dataset. :class:`~ruiran.dataset.Dataset` holds the
documented methods and hands their bodies here.

Examples:
    >>> import ruiran
    >>> [e.id for e in involving(ruiran.load()._index, "Israel", kind="aerial_attack")]
    ['israeli-strikes-on-iran-2025']
    >>> [e.id for e in about_other(ruiran.load()._index, ("russia", "iran"), start="2025-06-13",
    ...                            end="2025-06-13")]
    ['putin-condemns-israeli-strikes']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ruiran.dataset import actors
from ruiran.dataset import coverage as covering
from ruiran.dataset.actors import ActorLike, pair, resolve
from ruiran.dataset.index import EVENT, Index, Relation, pair_key, sort_key
from ruiran.errors import QueryError
from ruiran.model import AnyRecord, Bloc, DateLike, Event, EventKind, Organization, Person
from ruiran.query import arguments
from ruiran.query.results import Records
from ruiran.query.timespan import Span

if TYPE_CHECKING:
    from ruiran.coded.queries import Codes
    from ruiran.coded.store import CodedStore
    from ruiran.model.coverage import Coverage

__all__ = [
    "MEETINGS",
    "about_other",
    "between",
    "country_codes",
    "involving",
    "margins",
    "related_to",
    "series",
    "with_coded",
]

#: The kinds of a meeting: CAMEO 04 (consult), from talks and calls to visits, mediation and
#: negotiation.
MEETINGS: frozenset[EventKind] = frozenset(k for k in EventKind if k.cameo_root == "04")
#: A visit is one cited event with the visitor and the host among its participants; CAMEO codes
#: it twice, as made (042) and as hosted (043), so asking for either code finds it.
VISITS: frozenset[EventKind] = frozenset({EventKind.VISIT, EventKind.HOST_VISIT})

_T = TypeVar("_T")


def between(
    index: Index,
    a: ActorLike,
    b: ActorLike,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    kind: EventKind | str | None = None,
    include_undated: bool = False,
    cameo: str | None = None,
    about: bool = False,
    coded: CodedStore | None = None,
    coverage: Coverage | None = None,
) -> Records[Event]:
    """Events of two actors: see :meth:`ruiran.Dataset.events_between`."""
    first, second = pair(index, a, b)
    found = _select(
        index,
        (first, second),
        pair_key(EVENT, first, second),
        start=start,
        end=end,
        kind=kind,
        include_undated=include_undated,
        cameo=cameo,
        coverage=coverage,
    )
    if about:
        more = about_other(
            index,
            (first, second),
            start=start,
            end=end,
            kind=kind,
            include_undated=include_undated,
            cameo=cameo,
            coverage=coverage,
        )
        if more:
            found = Records(sorted((*found, *more), key=sort_key)).with_gaps(found.gaps)
    if coded is None:
        return found
    both = with_coded(index, coded, found, (first, second), start, end, kind=kind, cameo=cameo)
    return both.with_gaps(found.gaps)


def involving(
    index: Index,
    a: ActorLike,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    kind: EventKind | str | None = None,
    include_undated: bool = False,
    cameo: str | None = None,
    coded: CodedStore | None = None,
    coverage: Coverage | None = None,
) -> Records[Event]:
    """Events of one actor: see :meth:`ruiran.Dataset.events_involving`."""
    actor = resolve(index, a).id
    found = _select(
        index,
        (actor,),
        (EVENT, actor),
        start=start,
        end=end,
        kind=kind,
        include_undated=include_undated,
        cameo=cameo,
        coverage=coverage,
    )
    if coded is None:
        return found
    both = with_coded(index, coded, found, (actor,), start, end, kind=kind, cameo=cameo)
    return both.with_gaps(found.gaps)


def about_other(
    index: Index,
    actors: tuple[str, str],
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    kind: EventKind | str | None = None,
    include_undated: bool = False,
    cameo: str | None = None,
    coverage: Coverage | None = None,
) -> Records[Event]:
    """The events in which one of two actors (ids) acts about the other, in result order
    (the window ends at ``coverage``'s as-of date, as in :func:`between`).

    Such an event is one in which the first takes part during the window (directly or through
    a bloc) and the other takes no part at all, but takes part in a record the event concerns
    (its ``related`` agreements, events and sanctions, at any time: directly or through a bloc
    it then belonged to). Both directions count. The events in which both take part are
    :func:`between`'s; these are the ones it adds with ``about=True``. Filters as there.
    """
    found: dict[str, Event] = {}
    for actor, other in (actors, actors[::-1]):

        def concerns(event: Relation, other: str = other) -> bool:
            return isinstance(event, Event) and _concerns(index, event, other)

        for event in _select(
            index,
            (actor,),
            (EVENT, actor),
            start=start,
            end=end,
            kind=kind,
            include_undated=include_undated,
            cameo=cameo,
            also=concerns,
            coverage=coverage,
        ):
            found.setdefault(event.id, event)
    return Records(sorted(found.values(), key=sort_key))


def related_to(index: Index, record: AnyRecord | str) -> Records[Event]:
    """The events that name ``record`` in their ``related``: see
    :meth:`ruiran.Dataset.related_to`."""
    found = actors.record(index, record)
    return Records(index.related.get(found.id, ()))


def margins(
    index: Index, summit: AnyRecord | str, *, coverage: Coverage | None = None
) -> Records[Event]:
    """The meetings on an event's margin, with the gaps of that question in ``coverage``:
    see :meth:`ruiran.Dataset.margins`."""
    found = actors.record(index, summit)
    if not isinstance(found, Event):
        raise QueryError(
            f"{found.id!r} is a {found.type}, not an event: margins are the meetings held "
            "beside an event (a summit)"
        )
    held = Records(
        e for e in index.related.get(found.id, ()) if e.kind in MEETINGS and _share_a_day(e, found)
    )
    days = None if found.date is None else (found.date.earliest, found.date.latest)
    states = _states_at(index, found, days)
    return held.with_gaps(covering.on_pairs(index, coverage, states, days, kinds=MEETINGS))


def _states_at(index: Index, event: Event, days: Span | None) -> list[str]:
    """The states (ids) taking part in ``event``, in the order of its participants: each state
    among them (a record, or a reference state named by id only), and the states its persons
    served on its days (None: ever); its blocs and organizations (the bloc holding a summit)
    are left out."""
    states: list[str] = []
    for participant in event.participants:
        actor = participant.actor
        if not isinstance(index.by_id.get(actor), Person | Bloc | Organization):
            states.append(actor)
        states += covering.served(index, (actor,), days)
    return list(dict.fromkeys(states))


def _share_a_day(one: Event, other: Event) -> bool:
    """Whether two events' dates share a day (an undated one shares none: it cannot be shown
    to be held beside the other)."""
    return one.date is not None and other.date is not None and one.date.overlaps(other.date)


def _concerns(index: Index, event: Event, other: str) -> bool:
    """Whether ``other`` (an id) takes no part in ``event`` but in one of its related records."""
    if not event.related or index.involvement(event, other, None) is not None:
        return False
    for related in event.related:
        record = index.by_id.get(related)
        if isinstance(record, Relation) and index.involvement(record, other, None) is not None:
            return True
    return False


def _select(
    index: Index,
    actors: tuple[str, ...],
    key: tuple[str, ...],
    *,
    start: DateLike | None,
    end: DateLike | None,
    kind: EventKind | str | None,
    include_undated: bool,
    cameo: str | None,
    also: Callable[[Relation], bool] | None = None,
    coverage: Coverage | None = None,
) -> Records[Event]:
    """The events under ``key`` in which every one of ``actors`` (ids) takes part during the
    window (its end at the as-of date; none after it), of the kinds ``kind`` and ``cameo``
    select and that ``also`` keeps, in result order, with the gaps of the question in
    ``coverage``."""
    asked = arguments.period(start, end)
    window = covering.clip(asked, coverage)
    kinds = arguments.event_kinds(kind)
    code = arguments.cameo(cameo)
    if code is not None:
        under = frozenset(k for k in EventKind if k.cameo.startswith(code))
        if under & VISITS:  # one visit, two codes: made by the guest (042), hosted (043)
            under |= VISITS
        kinds = under if kinds is None else kinds & under
    keep = None if kinds is None else (lambda e: isinstance(e, Event) and e.kind in kinds)
    if also is not None:
        first = keep
        keep = also if first is None else (lambda e: first(e) and also(e))
    gaps = covering.on_parties(index, coverage, "event", actors, asked, kinds=kinds)
    if covering.after(asked, coverage):
        return Records(gaps=gaps)
    found = index.select(key, window, actors=actors, keep=keep, include_undated=include_undated)
    return cast("Records[Event]", found.with_gaps(gaps))  # event keys hold events only


def country_codes(index: Index, actor: str) -> Codes:
    """The CAMEO country codes standing for an actor (id); none for a person or an
    organization, which coded data does not name."""
    from ruiran.coded.cameo import codes_of
    from ruiran.dataset.states import finding_reference_states

    try:
        return codes_of(resolve(index, actor), finding_reference_states(index.by_id.get))
    except QueryError:  # a person or an organization: coded data has no code for it
        return ()


def with_coded(
    index: Index,
    coded: CodedStore,
    found: Records[_T],
    actors: tuple[str, ...],
    start: DateLike | None,
    end: DateLike | None,
    *,
    kind: EventKind | str | None = None,
    cameo: str | None = None,
) -> Records[_T]:
    """The answer with its coded part: an Evidence (see :mod:`ruiran.coded.evidence`)."""
    from ruiran.coded.queries import with_coded as coded_part

    sides = tuple(country_codes(index, actor) for actor in actors)
    return coded_part(coded, found, sides, start, end, kind, cameo)


def series(
    index: Index,
    coded: CodedStore | None,
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
    """A series of the coded events: see :meth:`ruiran.Dataset.event_series`."""
    from ruiran.coded.series import checked, event_series

    checked(freq, measure)  # its errors come first, as they always did
    first = resolve(index, a).id
    second = None if b is None else resolve(index, b).id
    other = None if second is None else (second, country_codes(index, second))
    return event_series(
        coded,
        (first, country_codes(index, first)),
        other,
        freq=freq,
        measure=measure,
        directed=directed,
        start=start,
        end=end,
        cameo=cameo,
    )
