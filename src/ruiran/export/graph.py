"""networkx export: the actors as nodes, every dyadic relation as a directed edge.

The rule (stable, and what the tests check):

- **Nodes**: one per actor that an agreement, event or sanction names directly (a party, a
  participant, a sender or a target), the dataset's own or a state of the reference table
  (a summit's guest). Blocs are nodes of their own; their members are not added for them. Attributes: ``name``, ``type`` and, when known, ``description``,
  ``wikidata``, ``iso_alpha2``, ``iso_alpha3``, ``cow_code`` (int) and ``kind`` (an
  organization's kind). Missing attributes are left out, never None, so GraphML can store
  the graph.
- **Agreements**: one edge per pair of distinct parties, from the party listed first to the
  party listed later (``relation="party"``).
- **Sanctions**: one edge from each sender to the target (``relation="sender-target"``).
- **Events**: one edge per pair of distinct participants. When one of them is on the acting
  side (role ``initiator`` or ``speaker``) and the other on the receiving side (``target`` or
  ``addressee``), the edge goes from actor to receiver (``relation="initiator-target"``).
  Every other pair (two participants, a host and a visitor, a reporter and a speaker, ...)
  gets one ``relation="participant"`` edge from the actor listed first to the one listed
  later.

So a record with ``n`` distinct actors gives ``n*(n-1)/2`` edges (a sanction: one per sender).
Every edge's key is its record's id, and it carries ``record``, ``kind`` (``agreement``,
``event`` or ``sanction``), ``subkind`` (the agreement kind, event kind or sanction status),
``relation``, ``title`` and, when known, ``date`` (EDTF), ``start`` and ``end`` (ISO days),
``stage`` (agreements), ``cameo`` and ``modality`` (events and sanctions).

Examples:
    >>> import ruiran
    >>> from ruiran.export import to_networkx
    >>> g = to_networkx(ruiran.load())
    >>> g.nodes["iran"]["cow_code"]
    630
    >>> g.edges["russia", "iran", "treaty-comprehensive-strategic-partnership"]["date"]
    '2025-01-17'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ruiran.dataset import Dataset
from ruiran.dataset.index import Relation, record_span
from ruiran.dataset.states import finding_reference_states
from ruiran.errors import MissingExtraError
from ruiran.export.files import Output, write_files
from ruiran.model import Agreement, AnyActor, Event, Organization, Role, State

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ACTING_ROLES", "RECEIVING_ROLES", "dyads", "to_graphml", "to_networkx"]

#: Event roles on the acting side of a directed event edge.
ACTING_ROLES: Final = frozenset({Role.INITIATOR, Role.SPEAKER})
#: Event roles on the receiving side of a directed event edge.
RECEIVING_ROLES: Final = frozenset({Role.TARGET, Role.ADDRESSEE})

Attributes = dict[str, str | int]


def dyads(record: Relation) -> Iterator[tuple[str, str, str]]:
    """The directed edges a record gives, as ``(from, to, relation)`` (see the module's rule).

    Examples:
        >>> import ruiran
        >>> list(dyads(ruiran.load()["western-sanctions-on-iran"]))
        [('the-west', 'iran', 'sender-target')]
    """
    if isinstance(record, Agreement):
        for a, b in combinations(record.parties, 2):
            yield a, b, "party"
        return
    if isinstance(record, Event):
        roles: dict[str, set[Role]] = {}
        for participant in record.participants:
            roles.setdefault(participant.actor, set()).add(participant.role)
        for a, b in combinations(roles, 2):
            if roles[a] & ACTING_ROLES and roles[b] & RECEIVING_ROLES:
                yield a, b, "initiator-target"
            elif roles[b] & ACTING_ROLES and roles[a] & RECEIVING_ROLES:
                yield b, a, "initiator-target"
            else:
                yield a, b, "participant"
        return
    for sender in record.senders:
        yield sender, record.target, "sender-target"


def _iso_day(day: dt.date) -> str | None:
    return None if day in (dt.date.min, dt.date.max) else day.isoformat()


def _edge_attributes(record: Relation) -> Attributes:
    attributes: dict[str, str | int | None] = {
        "record": record.id,
        "kind": record.type,
        "title": record.title,
    }
    span = record_span(record)
    if span is not None:
        attributes["start"], attributes["end"] = _iso_day(span[0]), _iso_day(span[1])
    if isinstance(record, Agreement):
        attributes["subkind"] = record.kind.value
        attributes["stage"] = None if record.stage is None else record.stage.value
        # Its signature (by every party, when they signed apart), else its first dated step.
        dated = [m.date for m in record.milestones if m.date is not None]
        first = record.signed_on or (dated[0] if dated else None)
        attributes["date"] = None if first is None else str(first)
    elif isinstance(record, Event):
        attributes["subkind"] = record.kind.value
        attributes["cameo"] = record.kind.cameo
        attributes["modality"] = record.modality.value
        attributes["date"] = None if record.date is None else str(record.date)
    else:
        attributes["subkind"] = record.status.value
        attributes["modality"] = record.modality.value
        attributes["date"] = None if record.period is None else str(record.period)
    return {k: v for k, v in attributes.items() if v is not None}


def _node_attributes(actor: AnyActor) -> Attributes:
    attributes: dict[str, str | int | None] = {
        "name": actor.name,
        "type": actor.type,
        "description": actor.description,
        "wikidata": actor.wikidata,
    }
    if isinstance(actor, State):
        attributes.update(
            iso_alpha2=actor.iso_alpha2, iso_alpha3=actor.iso_alpha3, cow_code=actor.cow_code
        )
    elif isinstance(actor, Organization):
        attributes["kind"] = actor.kind.value
    return {k: v for k, v in attributes.items() if v is not None}


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """A directed multigraph of the actors and the agreements, events and sanctions among them.

    Nodes are actor ids; each edge is keyed by its record's id. See the module documentation
    for the exact rule (which actors are nodes, which pairs get an edge, in which direction,
    and the attributes). No attribute is ever None, so ``networkx.write_graphml`` works on it.

    Raises:
        MissingExtraError: when networkx is not installed (``pip install 'ruiran[graph]'``).

    Examples:
        >>> import ruiran
        >>> g = to_networkx(ruiran.load())
        >>> "caucasus-axis" in {k for _, _, k in g.out_edges("russia", keys=True)}
        True
    """
    try:
        import networkx as nx
    except ImportError as error:
        raise MissingExtraError("networkx", "graph") from error
    graph = nx.MultiDiGraph(name="ruiran")
    relations: list[Relation] = [*ds.agreements, *ds.events, *ds.sanctions]
    involved: dict[str, None] = {}
    for record in relations:
        if isinstance(record, Agreement):
            involved.update(dict.fromkeys(record.parties))
        elif isinstance(record, Event):
            involved.update(dict.fromkeys(record.actors()))
        else:
            involved.update(dict.fromkeys((*record.senders, record.target)))
    for actor in ds.actors:
        if actor.id in involved:
            graph.add_node(actor.id, **_node_attributes(actor))
    # A state of the reference table a record names (a bloc's member, a summit's guest) is a
    # node as the dataset's own actors are.
    find = finding_reference_states(ds.get)
    for actor_id in involved:
        if actor_id not in graph and isinstance(state := find(actor_id), State):
            graph.add_node(actor_id, **_node_attributes(state))
    for record in relations:
        attributes = _edge_attributes(record)
        for a, b, relation in dyads(record):
            graph.add_edge(a, b, key=record.id, relation=relation, **attributes)
    return graph


def to_graphml(ds: Dataset, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the actor graph of :func:`to_networkx` as a GraphML file (Gephi, yEd, networkx).

    The file appears only once it is complete, so a failed export leaves nothing behind.

    Args:
        ds: The dataset.
        path: The file to write, conventionally ``*.graphml``. Its folder is created if needed.
        overwrite: Replace the file if it exists.

    Returns:
        The path written.

    Raises:
        MissingExtraError: when networkx is not installed (``pip install 'ruiran[graph]'``);
            nothing is written.
        OutputExistsError: (a ``FileExistsError``) when the file exists and ``overwrite`` is
            False.
        ExportError: (an ``OSError``) when the file system refuses; the message names the path.

    Examples:
        >>> import tempfile, pathlib, networkx, ruiran
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = to_graphml(ruiran.load(), pathlib.Path(folder) / "ruiran.graphml")
        ...     graph = networkx.read_graphml(path)
        >>> graph.nodes["iran"]["name"]
        'Iran'
    """
    graph = to_networkx(ds)  # raises now if networkx is missing
    import networkx  # to_networkx has just imported it

    def write(temporary: Path) -> None:
        networkx.write_graphml(graph, temporary)

    target = Path(path)
    write_files([Output(target, write, "the GraphML export")], overwrite=overwrite)
    return target
