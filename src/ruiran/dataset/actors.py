"""Actors: an actor found by any of its names, its blocs and partners (offices: :mod:`.offices`).

The functions work on a Dataset's :class:`~ruiran.dataset.index.Index`;
:class:`~ruiran.dataset.Dataset` holds the documented methods and hands their bodies here.

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> resolve(ds._index, "IRN").name
    'Iran'
"""

from __future__ import annotations

from ruiran.dataset.index import AGREEMENT, Index, Involvement, Relation, fold
from ruiran.errors import QueryError, UnknownActorError
from ruiran.model import (
    Actor,
    Agreement,
    AnyActor,
    AnyRecord,
    DateLike,
    Event,
    Sanction,
    State,
)
from ruiran.query import arguments
from ruiran.query.results import Records
from ruiran.query.timespan import Span, intersect

__all__ = [
    "ActorLike",
    "involvement",
    "name",
    "pair",
    "partners",
    "record",
    "resolve",
]

#: What query arguments accept as an actor: the record itself, its id, or any name it resolves by.
ActorLike = Actor | str


def resolve(index: Index, query: ActorLike) -> AnyActor:
    """The actor ``query`` is or names: see :meth:`ruiran.Dataset.actor`."""
    if isinstance(query, Actor):
        query = query.id
    if not isinstance(query, str):
        raise QueryError(f"an actor must be given as a record or a string (got {query!r})")
    exact = index.by_id.get(query)
    if isinstance(exact, Actor):
        return exact  # an id wins over a name that happens to be spelled the same
    ids = index.names.get(fold(query), ())
    if len(ids) == 1:
        found = index.by_id[ids[0]]
        assert isinstance(found, Actor)
        return found
    if len(ids) > 1:
        raise UnknownActorError(query, ids)
    known = _reference(index, query)
    if known is not None:
        return known
    from ruiran.reference.states import table

    region = table().region(query)
    if region is not None:
        raise UnknownActorError(
            query, (), f"it is GDELT's CAMEO code for a region ({region.name}), not an actor"
        )
    gone = _former_country(query)
    if gone is not None:
        raise UnknownActorError(
            query,
            (),
            f"it is GDELT's CAMEO code for the former country {gone} (ISO 3166-3 lists it as "
            "withdrawn; no state continues it), not an actor",
        )
    import difflib  # only for a miss: `import ruiran` stays light

    # difflib's defaults: the three closest at most, each at least 0.6 alike
    # The dataset's own names first; the reference table's states only when none is close.
    key = fold(query)
    close = difflib.get_close_matches(key, list(index.names))
    suggestions = tuple(dict.fromkeys(_spelled(index, k) for k in close))
    if not suggestions:
        close = difflib.get_close_matches(key, list(table().names))
        suggestions = tuple(dict.fromkeys(_reference_spelled(k) for k in close))
    raise UnknownActorError(query, suggestions)


def _former_country(query: str) -> str | None:
    """The name of the dissolved country a CAMEO code of GDELT's stands for (``"ANT"``, the
    Netherlands Antilles), or None: a code that no state owns and that is not a region."""
    from ruiran.coded.cameo import NOT_ISO  # a plain mapping: no coded machinery runs

    found = NOT_ISO.get(query.strip().upper())
    if found is None or found[1] is not None:
        return None
    from ruiran.reference.states import table

    return None if table().region(query) is not None else found[0]


def _reference(index: Index, query: str) -> AnyActor | None:
    """The state of the reference table that ``query`` names, as this dataset holds it.

    The dataset's own record wins: the same id, else a State with the same ISO alpha-3 code
    (a user's record of Ukraine under another id); otherwise the reference table's record.
    """
    from ruiran.dataset.states import reference_state  # the table is read on first use only

    found = reference_state(query)
    if found is None:
        return None
    own = index.by_id.get(found.id)
    if isinstance(own, Actor):
        return own
    if found.iso_alpha3 is not None:
        for actor_id in index.names.get(fold(found.iso_alpha3), ()):
            same = index.by_id[actor_id]
            if isinstance(same, State) and same.iso_alpha3 == found.iso_alpha3:
                return same
    return found


def _reference_spelled(key: str) -> str:
    """The name of the reference table's state indexed under ``key``, as it spells it."""
    from ruiran.reference.states import table

    entry = table().states[table().names[key]]
    return next((n for n in (entry.name, *entry.aliases) if fold(n) == key), entry.name)


def _spelled(index: Index, key: str) -> str:
    """The name of the actor indexed under ``key``, as it spells it."""
    found = index.by_id[index.names[key][0]]
    assert isinstance(found, Actor)
    return next((name for name in found.names() if fold(name) == key), found.name)


def pair(index: Index, a: ActorLike, b: ActorLike) -> tuple[str, str]:
    """The ids of two different actors.

    Raises:
        QueryError: when both name the same actor.
    """
    first, second = resolve(index, a).id, resolve(index, b).id
    if first == second:
        raise QueryError(f"'a' and 'b' must be two different actors (both are {first!r})")
    return first, second


def name(index: Index, actor_id: str) -> str:
    """An actor's name (the integrity checks make every party an actor; a query may name a
    state of the reference table that the dataset does not hold)."""
    found = index.by_id.get(actor_id)
    if found is None:
        from ruiran.dataset.states import record_of  # the table is read on first use only

        return record_of(actor_id).name
    assert isinstance(found, Actor)
    return found.name


def record(index: Index, value: AnyRecord | str) -> AnyRecord:
    """The record of the dataset that ``value`` is or names.

    Raises:
        QueryError: when no record has that id.
    """
    record_id = value if isinstance(value, str) else value.id
    found = index.by_id.get(record_id)
    if found is None:
        raise QueryError(f"no record of this dataset has id {record_id!r}")
    return found


def partners(
    index: Index, actor: ActorLike, *, on: DateLike | None, include_undated: bool
) -> Records[AnyActor]:
    """Actors sharing an agreement with this one: see :meth:`ruiran.Dataset.partners`."""
    actor_id = resolve(index, actor).id
    window = arguments.window(on, "on")
    found: set[str] = set()
    shared = index.select(
        (AGREEMENT, actor_id), window, actors=(actor_id,), include_undated=include_undated
    )
    for agreement in shared:
        undated = index.spans.get(agreement.id) is None
        for inv in index.involvements(agreement):
            if window is None or undated or (inv.window and meets(inv.window, window)):
                found.add(inv.actor)
    found.discard(actor_id)
    return Records(resolve(index, i) for i in sorted(found))


def involvement(
    index: Index, relation: Relation | str, actor: ActorLike, *, on: DateLike | None
) -> Involvement | None:
    """How an actor takes part in a record: see :meth:`ruiran.Dataset.involvement`."""
    found = record(index, relation)
    if not isinstance(found, (Agreement, Event, Sanction)):
        raise QueryError(f"{found.id!r} is a {found.type}, not an agreement, event or sanction")
    return index.involvement(found, resolve(index, actor).id, arguments.window(on, "on"))


def meets(a: Span, b: Span) -> bool:
    """Whether two spans share a day."""
    return intersect(a, b) is not None
