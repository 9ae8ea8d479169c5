"""The CSV tables as a Frictionless Data Package: ``datapackage.json`` beside them.

:func:`~ruiran.export.to_csv` writes, beside its ``<table>.csv`` files, a
`Data Package <https://specs.frictionlessdata.io/data-package/>`_ (v1, profile
``tabular-data-package``) describing them, so the tools that read packages (the
``frictionless`` library and command line, Open Data Editor, CKAN, R's ``frictionless``,
Datasette's plugins) load the tables with their types, keys and links, and check them.
:func:`descriptor` builds it. It holds:

- ``name`` ``"ruiran"``, and ``version``: ``ruiran.DATA_VERSION`` when the dataset is the
  bundled data unchanged (another dataset's package has no version);
- ``licenses``: the licence the project states for its records (MIT, see ``LICENSE``), for the
  bundled data only (another dataset's licence is its authors' to state); the quotes in
  ``citations.csv`` remain the words of their sources, as ``description`` says;
- ``sources``: every Source record the data cites (its title and address);
- one resource per table (``path``, ``format`` ``csv``, ``encoding`` ``utf-8``) with its Table
  Schema: every column's ``type`` as written (``string``; ``integer``; ``boolean`` written
  ``True``/``False``; ``date`` for the ``*_start``/``*_end`` days, while a partial date or
  period is a ``string`` in EDTF: ``2024-10``, ``1909/1918``), its ``description`` (the
  model's field description where there is one), an ``enum`` constraint for each closed
  vocabulary (kinds, roles, stages, ...), the ``primaryKey`` of the tables whose rows have one
  (``id``, or a record's id and the item's ``index``) and the ``foreignKeys`` that always
  hold (a party row's ``agreement`` at ``agreements.id``, a citation's ``source`` at
  ``sources.id``, an alias's ``actor`` at ``actors.id``). A column naming an actor of a
  record (a party, a participant, a bloc's member) has no foreign key: it may name a state
  of ruiran's reference table of states, which ``actors.csv`` does not hold (most of a
  bloc's members), as its description says;
- ``ruiran``: the data's coverage (what the tables hold completely, and so what they do not),
  the mapping :func:`~ruiran.export.coverage_of` gives (``table`` null): it travels with the
  package as the ``<table>.coverage.json`` files travel with each table.

Only the standard library is needed to build it.

Examples:
    >>> import ruiran
    >>> package = descriptor(ruiran.load())
    >>> package["name"], package["version"] == ruiran.DATA_VERSION, package["licenses"][0]["name"]
    ('ruiran', True, 'MIT')
    >>> agreements = next(r for r in package["resources"] if r["name"] == "agreements")
    >>> agreements["path"], agreements["schema"]["primaryKey"]
    ('agreements.csv', ['id'])
    >>> stage = next(f for f in agreements["schema"]["fields"] if f["name"] == "stage")
    >>> stage["type"], stage["constraints"]["enum"][:3]
    ('string', ['proposed', 'announced_intent', 'authorized'])
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from ruiran.export.columns import Column, Table, empty_tables
from ruiran.export.coverage import coverage_of
from ruiran.model import (
    Agreement,
    Bloc,
    Citation,
    Event,
    HistoricalName,
    LegalAct,
    Membership,
    Milestone,
    Organization,
    Person,
    Position,
    Sanction,
    SanctionMilestone,
    Source,
    State,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ruiran.dataset import Dataset

__all__ = ["DESCRIPTOR", "descriptor", "encode"]

#: The file name of the package descriptor, beside the tables.
DESCRIPTOR: Final = "datapackage.json"

_LICENSES: Final = (
    {
        "name": "MIT",
        "path": "https://opensource.org/licenses/MIT",
        "title": "MIT License (the ruiran developers' records and tables; see LICENSE)",
    },
)
_DESCRIPTION: Final = (
    "The Russia-Iran relationship as tidy tables: actors, agreements and their lifecycles, "
    "sanctions regimes and events, each fact cited with the exact words of its source "
    "(citations.csv). The quotes remain the words of their authors and publishers, included so "
    "that every record can be checked: quote them as you would quote the original, citing it "
    "(sources.csv names each page). The property 'ruiran' states the data's coverage: its "
    "as-of date and what it holds completely ('covers'); what it does not name, it may miss."
)

#: The pydantic models whose field descriptions describe a table's columns of the same name.
_MODELS: Final[dict[str, tuple[type[BaseModel], ...]]] = {
    "actors": (State, Organization, Person, Bloc),
    "historical_names": (HistoricalName,),
    "memberships": (Membership,),
    "positions": (Position,),
    "agreements": (Agreement,),
    "milestones": (Milestone,),
    "sanctions": (Sanction,),
    "sanction_milestones": (SanctionMilestone,),
    "sanction_legal_basis": (LegalAct,),
    "events": (Event,),
    "citations": (Citation,),
    "sources": (Source,),
}

_ACTOR = "Id of the actor (actors.id)."
#: A column that may name a state of the reference table, which has no row in actors.csv.
_NAMED = (
    "Id of the {} (actors.id, or a state of ruiran's reference table of states, which "
    "actors.csv does not hold)."
)
_INDEX = "The item's place in its record's list, from 0."
#: Columns no model field describes (the tables' own), by table and column.
_OWN: Final[dict[tuple[str, str], str]] = {
    ("actors", "type"): "The kind of actor: state, person, organization or bloc.",
    ("actors", "formal"): "For a bloc: whether it is a formal organization (a treaty body).",
    ("aliases", "actor"): _ACTOR,
    ("aliases", "alias"): "Another name, spelling or short form of the actor.",
    ("historical_names", "state"): "Id of the state (actors.id).",
    ("memberships", "bloc"): "Id of the bloc (actors.id).",
    ("positions", "person"): "Id of the person who held the office (actors.id).",
    ("agreements", "stage"): "The stage every party has reached (the agreement's own stage).",
    ("agreements", "life_start"): "The first day the agreement was in force, if it was.",
    ("agreements", "life_end"): "The last day the agreement was in force (empty: open).",
    ("actors", "country"): _NAMED.format("state the organization belongs to, if any,"),
    ("actors", "nationality"): _NAMED.format("person's state, if known,"),
    ("positions", "of"): _NAMED.format("state or organization the office belongs to"),
    ("agreement_parties", "party"): _NAMED.format("party"),
    ("milestones", "party"): _NAMED.format("party taking the step alone (empty: joint)"),
    (
        "agreement_parties",
        "stage",
    ): "The stage this party has reached (through a bloc: the bloc's).",
    ("agreement_areas", "area"): "A field of cooperation the agreement covers.",
    ("agreement_obligations", "obligation"): "An obligation the agreement states (ATOP).",
    ("milestones", "stage"): "The stage this step reached.",
    ("milestone_actors", "milestone"): "The milestone's index (milestones.index).",
    ("milestone_actors", "actor"): _NAMED.format("actor who took the step"),
    ("sanctions", "listed"): "Listed persons and entities, as the sources name them ('; ' apart).",
    ("sanction_sides", "role"): "The actor's side: sender or target.",
    ("sanction_measures", "measure"): "A GSDB measure type the sanction applies.",
    ("sanction_objectives", "objective"): "A GSDB objective the sanction states.",
    ("sanction_milestones", "senders"): "Ids of the senders taking the step (',' apart).",
    ("sanction_spells", "sender"): _NAMED.format("sender"),
    ("sanction_spells", "start"): "The first day the sanction was in force for this sender.",
    ("sanction_spells", "end"): "The last day it was in force for this sender (empty: open).",
    ("events", "cameo"): "The CAMEO event code of the kind.",
    ("events", "cameo_root"): "The CAMEO root code (the first two digits) of the kind.",
    ("event_participants", "role"): "The actor's role in the event.",
    ("event_related", "record"): "Id of a record the event concerns (an agreement, a sanction).",
    ("citations", "record"): "Id of the record citing the source.",
    ("citations", "milestone"): "The index of the milestone citing it (empty: not a milestone).",
    ("citations", "legal_act"): "The index of the legal act citing it (sanction_legal_basis).",
    ("citations", "supports"): "The record's fields the quote supports (',' apart; empty: all).",
    ("sources", "has_text"): "Whether the dataset holds the source's text to check quotes.",
}
#: Columns of the same name in several tables.
_SHARED: Final[dict[str, str]] = {
    "agreement": "Id of the agreement (agreements.id).",
    "sanction": "Id of the sanction (sanctions.id).",
    "event": "Id of the event (events.id).",
    "actor": _NAMED.format("actor"),
    "member": _NAMED.format("member state or organization"),
    "index": _INDEX,
    "via": "The bloc through which the actor takes part (empty: the record names it).",
    "start": "The first day the actor takes part (empty: open or unknown).",
    "end": "The last day the actor takes part (empty: open or unknown).",
}
_EDTF: Final = (
    "The date or period in EDTF, to the precision known (2024, 2024-10, 2024-10-22; a period "
    "1909/1918, 2022/..)."
)

#: The tables whose rows have a key: the record's id, or its id and the item's index.
_KEYS: Final[dict[str, list[str]]] = {
    "actors": ["id"],
    "positions": ["person", "index"],
    "agreements": ["id"],
    "milestones": ["agreement", "index"],
    "sanctions": ["id"],
    "sanction_milestones": ["sanction", "index"],
    "sanction_legal_basis": ["sanction", "index"],
    "events": ["id"],
    "sources": ["id"],
}
#: Columns that point at another table: (table, columns) -> (other table, its columns).
_LINKS: Final[dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]] = {
    **{
        (table, (column,)): ("actors", ("id",))
        for table, column in (
            ("aliases", "actor"),
            ("historical_names", "state"),
            ("memberships", "bloc"),
            ("positions", "person"),
        )
    },
    **{
        (table, (column,)): (column + "s", ("id",))
        for table, column in (
            ("agreement_parties", "agreement"),
            ("agreement_areas", "agreement"),
            ("agreement_obligations", "agreement"),
            ("milestones", "agreement"),
            ("sanction_sides", "sanction"),
            ("sanction_measures", "sanction"),
            ("sanction_objectives", "sanction"),
            ("sanction_milestones", "sanction"),
            ("sanction_legal_basis", "sanction"),
            ("sanction_spells", "sanction"),
            ("event_participants", "event"),
            ("event_related", "event"),
            ("citations", "source"),
        )
    },
    ("milestone_actors", ("agreement", "milestone")): ("milestones", ("agreement", "index")),
}


def descriptor(ds: Dataset, *, said: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Data Package descriptor of ``ds``'s CSV tables (see the module's keys).

    The resources' paths are the file names :func:`~ruiran.export.to_csv` writes, relative to
    the descriptor, which it writes beside them as :data:`DESCRIPTOR`.

    Args:
        ds: The dataset exported.
        said: Its coverage as the exports state it (:func:`~ruiran.export.coverage.coverage_of`),
            when the caller has it already (default: computed here).

    Examples:
        >>> import ruiran
        >>> from ruiran.dataset import Dataset
        >>> package = descriptor(ruiran.load())
        >>> parties = next(r for r in package["resources"] if r["name"] == "agreement_parties")
        >>> parties["schema"]["foreignKeys"][0]
        {'fields': ['agreement'], 'reference': {'resource': 'agreements', 'fields': ['id']}}
        >>> package["ruiran"]["as_of"] == ruiran.DATA_AS_OF.isoformat()
        True
        >>> bare = descriptor(Dataset(list(ruiran.load())))
        >>> "version" in bare, "licenses" in bare, bare["ruiran"]["complete"]
        (False, False, False)
    """
    said = coverage_of(ds) if said is None else said
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "ruiran",
        "title": "ruiran: the Russia-Iran relationship, cited records as tidy tables",
        "description": _DESCRIPTION,
    }
    if said["data_version"] is not None:  # the bundled data, unchanged: its version and licence
        package["version"] = said["data_version"]
        package["licenses"] = [dict(licence) for licence in _LICENSES]
    package["sources"] = [
        {"title": source.title} | ({} if source.url is None else {"path": source.url})
        for source in ds.sources
    ]
    package["resources"] = [_resource(table) for table in empty_tables().values()]
    package["ruiran"] = said
    return package


def encode(package: dict[str, Any]) -> str:
    """The descriptor as the JSON text :func:`~ruiran.export.to_csv` writes (UTF-8).

    Examples:
        >>> encode({"name": "ruiran"})
        '{\\n  "name": "ruiran"\\n}\\n'
    """
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(table.name, column) for column in table.columns.values()],
        "missingValues": [""],
    }
    if table.name in _KEYS:
        schema["primaryKey"] = _KEYS[table.name]
    links = [
        {"fields": list(columns), "reference": {"resource": other, "fields": list(keys)}}
        for (name, columns), (other, keys) in _LINKS.items()
        if name == table.name
    ]
    if links:
        schema["foreignKeys"] = links
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _field(table: str, column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "description": _described(table, column.name)}
    if column.kind == "int":
        field["type"] = "integer"
    elif column.kind == "bool":  # pandas writes True and False
        field.update(type="boolean", trueValues=["True"], falseValues=["False"])
    elif column.kind == "datetime":  # a day, written YYYY-MM-DD
        field["type"] = "date"
    else:
        field["type"] = "string"
    if column.kind == "category":
        field["constraints"] = {"enum": list(column.categories)}
    if column.name in _KEYS.get(table, ()):
        field.setdefault("constraints", {})["required"] = True
    return field


def _described(table: str, column: str) -> str:
    """A column's description: the table's own, the model's field's, or the shared one."""
    if (table, column) in _OWN:
        return _OWN[(table, column)]
    for model in _MODELS.get(table, ()):
        found = model.model_fields.get(column)
        if found is not None and found.description:
            return found.description
    if column in _SHARED:
        return _SHARED[column]
    for ending, said in (
        ("_start", "The first day {} covers (empty: open or unknown)."),
        ("_end", "The last day {} covers (empty: open or unknown)."),
        ("_precision", "The precision of {} (a period's is its coarser end's)."),
    ):
        if column.endswith(ending):
            return said.format(column.removesuffix(ending))
    if column in ("date", "period"):
        return _EDTF
    raise KeyError(f"table {table!r}: column {column!r} has no description (add it to _OWN)")
