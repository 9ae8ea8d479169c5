"""FollowTheMoney export: the dataset as FtM entities, the format of Aleph and OpenSanctions.

Every value goes through followthemoney's own cleaning (``EntityProxy.add``), so what comes
out is what FtM would store: dates as ISO prefixes (an EDTF qualifier such as ``~`` is dropped;
a year FtM does not accept, before 1000 or far in the future, is left out), countries as ISO
alpha-2 lower case (``suhh`` for the Soviet Union), names with their whitespace normalised.

The mapping (see ``docs/exports.md``):

============================  =================================================================
ruiran                        FollowTheMoney
============================  =================================================================
State                         ``PublicBody`` (country and jurisdiction from ISO alpha-2, earlier
                              names as ``previousName``)
Organization                  ``PublicBody`` for a government body, else ``Organization``
Bloc                          ``Organization`` (classification ``bloc``), and one ``Membership``
                              per member (``{bloc}-Membership-{n}``)
Person                        ``Person``; each office a shared ``Position`` (``Position-{hash}``)
                              and an ``Occupancy`` (``{person}-Occupancy-{n}``)
Agreement                     ``Event`` with the parties as ``involved``, every dated
                              milestone's date as ``date``, the stage every party reached as
                              a keyword, and ``endDate`` once every party's part has ended
Event                         ``Event`` (``involved``: every participant; ``organizer``: the
                              initiators and hosts)
Sanction                      ``Sanction`` on the target, the senders' names as ``authority``
Source                        ``Article`` (articles, news reports, encyclopedia entries) or
                              ``Document`` (``fileName``: its text file, else its id)
============================  =================================================================

Every entity that cites sources has them as ``proof`` (references to the Article/Document
entities) and their URLs and publishers as ``sourceUrl`` and ``publisher``. Entity ids are the
record ids; derived ids contain an upper-case word, which record ids never do, so they cannot
collide with a record's.

Examples:
    >>> import ruiran
    >>> from ruiran.export import to_ftm
    >>> iran = next(e for e in to_ftm(ruiran.load()) if e["id"] == "iran")
    >>> iran["schema"], iran["properties"]["country"]
    ('PublicBody', ['ir'])
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, TypedDict

from ruiran.dataset import Dataset
from ruiran.dataset.index import all_citations
from ruiran.errors import MissingExtraError
from ruiran.export.files import Output, write_files
from ruiran.model import (
    Agreement,
    AnyActor,
    AnyRecord,
    Bloc,
    Event,
    Organization,
    OrganizationKind,
    PartialDate,
    Period,
    Person,
    Role,
    Sanction,
    Source,
    SourceKind,
    State,
)
from ruiran.model.actors import Actor

__all__ = ["FtmEntity", "to_ftm", "to_ftm_jsonl"]

_MAX_ID: Final = 200
_ORGANIZER_ROLES: Final = frozenset({Role.INITIATOR, Role.HOST})
_ARTICLE_KINDS: Final = frozenset(
    {SourceKind.ARTICLE, SourceKind.NEWS_REPORT, SourceKind.ENCYCLOPEDIA}
)

Values = str | Iterable[str | None] | None


class FtmEntity(TypedDict):
    """A FollowTheMoney entity as a plain dict: ``model.get_proxy(entity)`` accepts it."""

    id: str
    schema: str
    properties: dict[str, list[str]]


def _ftm_date(value: PartialDate | None) -> str | None:
    """A partial date as FtM writes one: an ISO prefix, without EDTF qualifiers."""
    if value is None:
        return None
    text = f"{value.year:04d}"
    if value.month is not None:
        text += f"-{value.month:02d}"
    if value.day is not None:
        text += f"-{value.day:02d}"
    return text


def _period_ends(when: PartialDate | Period | None) -> tuple[str | None, str | None]:
    if isinstance(when, Period):
        return _ftm_date(when.start), _ftm_date(when.end)
    return None, None


def _derived_id(base: str, word: str, suffix: str) -> str:
    """``{base}-{Word}-{suffix}``; hashed when it would pass FtM's 200-character limit."""
    candidate = f"{base}-{word}-{suffix}"
    if len(candidate) <= _MAX_ID:
        return candidate
    return f"{word}-{hashlib.sha1(candidate.encode('utf-8')).hexdigest()}"


class _Builder:
    """Makes entities through followthemoney's proxies, so every value is cleaned by FtM."""

    def __init__(self, model: Any, ds: Dataset) -> None:
        self._model = model
        self._ds = ds

    def make(self, schema: str, entity_id: str, properties: Mapping[str, Values]) -> FtmEntity:
        proxy = self._model.make_entity(schema)
        proxy.id = entity_id
        for name, values in properties.items():
            if values is None:
                continue
            for value in [values] if isinstance(values, str) else values:
                if value is not None:
                    proxy.add(name, value)
        if "name" in proxy.schema.required and not proxy.has("name"):
            proxy.add("name", entity_id)  # the name cleaned away (blank): the id stands in
        data = proxy.to_dict()
        return FtmEntity(id=entity_id, schema=schema, properties=dict(data["properties"]))

    def provenance(self, record: AnyRecord) -> dict[str, Values]:
        """``proof``, ``sourceUrl`` and ``publisher`` from the sources a record cites."""
        proof: dict[str, None] = {}
        for citation in all_citations(record):
            proof[citation.source] = None
        sources = [s for s in (self._ds.get(i) for i in proof) if isinstance(s, Source)]
        return {
            "proof": [s.id for s in sources],
            "sourceUrl": [s.url for s in sources],
            "publisher": [s.publisher for s in sources],
        }

    def country(self, actor_id: str | None) -> str | None:
        state = None if actor_id is None else self._ds.get(actor_id)
        if isinstance(state, State) and state.iso_alpha2 is not None:
            return state.iso_alpha2.lower()
        return None

    def name(self, actor_id: str) -> str:
        actor = self._ds.get(actor_id)
        return actor.name if isinstance(actor, Actor) else actor_id


def _actor_schema(actor: AnyActor) -> str:
    if isinstance(actor, Person):
        return "Person"
    if isinstance(actor, State):
        return "PublicBody"
    if isinstance(actor, Organization) and actor.kind is OrganizationKind.GOVERNMENT_BODY:
        return "PublicBody"
    return "Organization"


def to_ftm(ds: Dataset) -> Iterator[FtmEntity]:
    """The dataset as FollowTheMoney entities: ``{"id", "schema", "properties"}`` dicts.

    Sources come first (so every ``proof`` points back to an entity already given), then the
    actors with their memberships, positions and occupancies, then agreements, events and
    sanctions. See the module documentation for the mapping. Every entity reference
    (``proof``, ``involved``, ``member``, ``holder``, ``entity``, ...) names an entity of the
    same export. :func:`to_ftm_jsonl` writes them as FtM's JSON lines.

    Raises:
        MissingExtraError: when followthemoney is missing (``pip install 'ruiran[ftm]'``).

    Examples:
        >>> import ruiran
        >>> entities = list(to_ftm(ruiran.load()))
        >>> sorted({e["schema"] for e in entities})[:3]
        ['Article', 'Document', 'Event']
    """
    try:
        from followthemoney import model
    except ImportError as error:
        raise MissingExtraError("followthemoney", "ftm") from error
    return _entities(_Builder(model, ds), ds)


def to_ftm_jsonl(ds: Dataset, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the entities of :func:`to_ftm` as FtM's JSON lines: one entity a line.

    The file appears only once it is complete, so a failed export leaves nothing behind.

    Args:
        ds: The dataset.
        path: The file to write (``*.ftm.jsonl``, say). Its folder is created if needed.
        overwrite: Replace the file if it exists.

    Returns:
        The path written.

    Raises:
        MissingExtraError: when followthemoney is missing (``pip install 'ruiran[ftm]'``);
            nothing is written.
        OutputExistsError: (a ``FileExistsError``) when the file exists and ``overwrite`` is
            False.
        ExportError: (an ``OSError``) when the file system refuses; the message names the path.

    Examples:
        >>> import tempfile, pathlib, json, ruiran
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = to_ftm_jsonl(ruiran.load(), pathlib.Path(folder) / "ruiran.ftm.jsonl")
        ...     first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        >>> sorted(first)
        ['id', 'properties', 'schema']
    """
    entities = to_ftm(ds)  # raises now if followthemoney is missing

    def write(temporary: Path) -> None:
        with temporary.open("x", encoding="utf-8", newline="\n") as handle:
            for entity in entities:
                handle.write(json.dumps(entity, ensure_ascii=False) + "\n")

    target = Path(path)
    write_files([Output(target, write, "the FollowTheMoney export")], overwrite=overwrite)
    return target


def _entities(build: _Builder, ds: Dataset) -> Iterator[FtmEntity]:
    for source in ds.sources:
        date = _ftm_date(source.date)
        article = source.kind in _ARTICLE_KINDS
        yield build.make(
            "Article" if article else "Document",
            source.id,
            {
                # A Document needs a file name: its text file's, else the source's id.
                "fileName": None if article else (source.text_file or source.id),
                "title": source.title,
                "author": source.author,
                "publisher": source.publisher,
                "sourceUrl": source.url,
                "publishedAt": date,
                "date": date,
                "notes": source.note,
            },
        )
    # The reference table's states that records name but the dataset does not hold (a bloc's
    # members): entities of their own, so every reference names an entity of the export.
    actors = [*ds.actors, *_table_states(ds)]
    schemata = {actor.id: _actor_schema(actor) for actor in actors}
    positions: dict[tuple[str, str | None], str] = {}
    for actor in actors:
        yield from _actor_entities(build, actor, schemata, positions)
    for agreement in ds.agreements:
        yield _agreement(build, agreement)
    for event in ds.events:
        yield _event(build, event)
    for sanction in ds.sanctions:
        yield _sanction(build, sanction)


def _table_states(ds: Dataset) -> list[State]:
    """The states of the reference table that the dataset's records name but do not hold."""
    from ruiran.dataset.states import is_reference_id, record_of

    named: dict[str, None] = {}
    for actor in ds.actors:
        if isinstance(actor, Bloc):
            named.update(dict.fromkeys(m.member for m in actor.members))
        elif isinstance(actor, Organization) and actor.country is not None:
            named[actor.country] = None
        elif isinstance(actor, Person) and actor.nationality is not None:
            named[actor.nationality] = None
    for agreement in ds.agreements:
        named.update(dict.fromkeys(agreement.parties))
    for event in ds.events:
        named.update(dict.fromkeys(p.actor for p in event.participants))
    for sanction in ds.sanctions:
        named.update(dict.fromkeys((*sanction.senders, sanction.target)))
    return [record_of(i) for i in named if ds.get(i) is None and is_reference_id(i)]


def _actor_entities(
    build: _Builder,
    actor: AnyActor,
    schemata: Mapping[str, str],
    positions: dict[tuple[str, str | None], str],
) -> Iterator[FtmEntity]:
    properties: dict[str, Values] = {
        "name": actor.name,
        "alias": actor.aliases,
        "wikidataId": actor.wikidata,
        "description": actor.description,
        **build.provenance(actor),
    }
    if isinstance(actor, State):
        codes = [actor.iso_alpha2, *(h.iso_alpha2 for h in actor.historical_names)]
        properties["country"] = [c.lower() for c in codes if c]
        properties["jurisdiction"] = actor.iso_alpha2.lower() if actor.iso_alpha2 else None
        properties["previousName"] = [h.name for h in actor.historical_names]
        properties["classification"] = "state"
    elif isinstance(actor, Organization):
        properties["country"] = build.country(actor.country)
        properties["classification"] = actor.kind.value
    elif isinstance(actor, Bloc):
        properties["classification"] = "bloc" if actor.formal else "informal bloc"
    elif isinstance(actor, Person):
        properties["nationality"] = build.country(actor.nationality)
        properties["position"] = [p.title for p in actor.positions]
    yield build.make(schemata[actor.id], actor.id, properties)

    if isinstance(actor, Bloc):
        for n, membership in enumerate(actor.members, start=1):
            start, end = _period_ends(membership.period)
            yield build.make(
                "Membership",
                _derived_id(actor.id, "Membership", str(n)),
                {
                    "member": membership.member,
                    "organization": actor.id,
                    "startDate": start,
                    "endDate": end,
                    **build.provenance(actor),
                },
            )
    elif isinstance(actor, Person):
        for n, position in enumerate(actor.positions, start=1):
            key = (position.title, position.of)
            post = positions.get(key)
            if post is None:
                digest = hashlib.sha1(f"{position.of or ''}\n{position.title}".encode()).hexdigest()
                post = positions[key] = f"Position-{digest[:20]}"
                of = position.of
                yield build.make(
                    "Position",
                    post,
                    {
                        "name": position.title
                        if of is None
                        else f"{position.title}, {build.name(of)}",
                        "organization": of
                        if of is not None and schemata.get(of) in ("Organization", "PublicBody")
                        else None,
                        "country": build.country(of),
                        **build.provenance(actor),
                    },
                )
            start, end = _period_ends(position.period)
            yield build.make(
                "Occupancy",
                _derived_id(actor.id, "Occupancy", str(n)),
                {
                    "holder": actor.id,
                    "post": post,
                    "startDate": start,
                    "endDate": end,
                    **build.provenance(actor),
                },
            )


def _agreement(build: _Builder, agreement: Agreement) -> FtmEntity:
    dated = [m.date for m in agreement.milestones if m.date is not None]
    ended = agreement.terminated_on()  # every party's part ended: one withdrawal is not the end
    keywords = [agreement.kind.value, *(a.value for a in agreement.areas)]
    if agreement.stage is not None:
        keywords.append(f"stage:{agreement.stage.value}")
    return build.make(
        "Event",
        agreement.id,
        {
            "name": agreement.title,
            "alias": agreement.official_title,
            "summary": agreement.summary,
            "involved": agreement.parties,
            "date": [_ftm_date(d) for d in dated],
            "startDate": _ftm_date(min(dated)) if dated else None,
            "endDate": _ftm_date(ended) if ended is not None else None,
            "keywords": keywords,
            **build.provenance(agreement),
        },
    )


def _event(build: _Builder, event: Event) -> FtmEntity:
    start, end = _period_ends(event.date)
    return build.make(
        "Event",
        event.id,
        {
            "name": event.title,
            "summary": event.summary,
            "description": event.statement,
            "date": _ftm_date(event.date) if isinstance(event.date, PartialDate) else None,
            "startDate": start,
            "endDate": end,
            "involved": event.actors(),
            "organizer": [p.actor for p in event.participants if p.role in _ORGANIZER_ROLES],
            "location": event.location,
            "keywords": [event.kind.value, f"cameo:{event.kind.cameo}", event.modality.value],
            **build.provenance(event),
        },
    )


def _sanction(build: _Builder, sanction: Sanction) -> FtmEntity:
    start, end = _period_ends(sanction.period)
    spells = sanction.in_force_spans() if sanction.milestones else None
    if spells:  # a regime: from its first spell in force to the end of its last, if it ended
        start = spells[0][0].isoformat()
        end = None if spells[-1][1] == dt.date.max else spells[-1][1].isoformat()
    return build.make(
        "Sanction",
        sanction.id,
        {
            "entity": sanction.target,
            "authority": ", ".join(build.name(s) for s in sanction.senders),
            "country": [build.country(s) for s in sanction.senders],
            "program": sanction.program
            or ", ".join(act.identifier for act in sanction.legal_basis)
            or None,
            "status": sanction.status.value,
            "provisions": [m.value for m in sanction.measures],
            "reason": [o.value for o in sanction.objectives],
            "summary": [sanction.title, sanction.summary],
            "startDate": start,
            "endDate": end,
            **build.provenance(sanction),
        },
    )
