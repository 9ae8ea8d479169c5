"""Every state as a record: the reference table's rows made :class:`~ruiran.model.State` records.

A Dataset holds the states its records need (the bundled one: seventeen, with their citations);
every other state of ISO 3166-1 and of the Correlates of War state system comes from the
reference table (:mod:`ruiran.reference.states`), read on the first name the dataset's own index
does not know. Its records cite the reference texts the bundled data ships (ISO 3166-1, the COW
list, Our World in Data's country table), and are built once per state.

In a dataset that holds the Sources of the reference texts (the bundled one, and any loaded on
top of it), a State that is the same state as a row of the table (the same ISO code or COW
number) takes the row's values for the fields it leaves empty (:data:`FILLED`), each with the
row's citation, when the Dataset is built (:func:`completed`); its own values win, except that
its ISO codes and COW number must be the row's: codes of two states, or a code the row does
not have, are a problem of the dataset. The bundled snapshot holds its states completed, so
``ruiran.load()`` does not read the table.

Examples:
    >>> ukraine = reference_state("Ukraine")
    >>> ukraine.id, ukraine.iso_alpha3, ukraine.cow_code, ukraine.wikidata
    ('ukraine', 'UKR', 369, 'Q212')
    >>> str(ukraine.system_membership[0])
    '1991-12-26/2016-12-31'
    >>> reference_state("EUR") is None
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

from ruiran.errors import Problem
from ruiran.model import AnyRecord, Source
from ruiran.model.actors import State
from ruiran.model.dates import Period
from ruiran.model.provenance import Citation
from ruiran.reference.states import Entry, table

__all__ = [
    "COW_SOURCE_ID",
    "FILLED",
    "ISO_SOURCE_ID",
    "OWID_SOURCE_ID",
    "completed",
    "finding_reference_states",
    "is_reference_id",
    "record_of",
    "reference_state",
]

#: Ids of the Sources (in the bundled ``sources.yaml``) that the reference records cite.
ISO_SOURCE_ID: Final = "iso-3166-1-pycountry"
COW_SOURCE_ID: Final = "cow-state-system-membership-v2016"
OWID_SOURCE_ID: Final = "owid-countries-regions"

_DESCRIPTION: Final = "From ruiran's reference table of every state (ISO 3166-1, COW, Wikidata)."

#: The fields a dataset's State takes from its row of the reference table when it leaves them empty.
FILLED: Final = ("iso_alpha2", "iso_alpha3", "cow_code", "wikidata", "system_membership")

#: The Sources the filled fields cite: a dataset is completed only when it holds them all.
_SOURCES: Final = frozenset({ISO_SOURCE_ID, COW_SOURCE_ID, OWID_SOURCE_ID})

#: The fields that say which state a record is, the first given deciding: the others must agree.
_KEYS: Final = ("iso_alpha3", "iso_alpha2", "cow_code")

_NOTE: Final = (
    "Filled from ruiran's reference table of every state (the same state by ISO or COW code)."
)


def reference_state(query: str) -> State | None:
    """The state of the reference table that ``query`` names (name, code or QID), or None."""
    entry = table().find(query)
    return None if entry is None else record_of(entry.id)


def is_reference_id(state_id: str) -> bool:
    """Whether the reference table holds a state with this id (the table is read on first use).

    Every dataset may name these states by id, held or not: a bloc's member ``"austria"`` is
    the reference table's Austria (see docs/dataset-format.md, "States of the reference table").

    Examples:
        >>> is_reference_id("austria"), is_reference_id("Austria"), is_reference_id("EUR")
        (True, False, False)
    """
    return state_id in table().states


def finding_reference_states(find: Callable[[str], object]) -> Callable[[str], object]:
    """``find`` (a dataset's ``get``), falling back on the reference table's states: what a
    bloc's membership may name.

    Examples:
        >>> finder = finding_reference_states({}.get)
        >>> finder("austria").name, finder("atlantis")
        ('Austria', None)
    """

    def found(record_id: str) -> object:
        own = find(record_id)
        if own is not None or not is_reference_id(record_id):
            return own
        return record_of(record_id)

    return found


@functools.cache
def record_of(state_id: str) -> State:
    """The record of the reference table's state with this id (built once).

    Raises:
        KeyError: when the table has no state with this id.
    """
    return _record(table().states[state_id])


def _record(entry: Entry) -> State:
    citations: list[Citation] = []
    if entry.iso_quote:
        citations.append(
            Citation(
                source=ISO_SOURCE_ID, quote=entry.iso_quote, supports=("iso_alpha2", "iso_alpha3")
            )
        )
    if entry.owid_quote:
        supports = ("name", "aliases", "cow_code", "wikidata")
        citations.append(Citation(source=OWID_SOURCE_ID, quote=entry.owid_quote, supports=supports))
    for quote in entry.cow_quotes:
        citations.append(
            Citation(
                source=COW_SOURCE_ID,
                quote=quote,
                supports=("cow_code", "system_membership", "aliases"),
            )
        )
    return State(
        id=entry.id,
        name=entry.name,
        aliases=entry.aliases,
        wikidata=entry.wikidata,
        description=_DESCRIPTION,
        iso_alpha2=entry.iso2,
        iso_alpha3=entry.iso3,
        cow_code=entry.cow,
        system_membership=tuple(Period.parse(p) for p in entry.periods),
        citations=tuple(citations),
    )


def completed(records: tuple[AnyRecord, ...]) -> tuple[tuple[AnyRecord, ...], list[Problem]]:
    """The records, each State that is a state of the reference table completed from its row.

    Only for records that hold the Sources of the reference texts (:data:`ISO_SOURCE_ID`,
    :data:`COW_SOURCE_ID`, :data:`OWID_SOURCE_ID`), as the bundled dataset does, and any
    dataset loaded on top of it: the filled fields cite them. Other records are returned as
    they are, unchecked (a dataset's own States stand as they are written).

    A State with an ISO code or a COW number is the row with that code. The fields of
    :data:`FILLED` it leaves empty take the row's values, and the row's citations (ISO 3166-1,
    Our World in Data, the COW list) support them: a citation the record already has gains
    those fields, another is added with a note. Its own values win; but its ISO codes and COW
    number must all be the row's (a code of another state, or a code where the row has a
    different one, is a problem). A State without any code is left as it is, and the table
    is not read unless some State has one.

    Returns:
        The records (the same tuple when none changed), and the problems found.

    Examples:
        >>> sources = tuple(Source(id=i, title=i, kind="dataset")
        ...     for i in (ISO_SOURCE_ID, COW_SOURCE_ID, OWID_SOURCE_ID))
        >>> turkey = State(id="turkey", name="Turkey", iso_alpha3="TUR",
        ...     citations=(Citation(source="s", quote="Turkey"),))
        >>> (*_, done), problems = completed((*sources, turkey))
        >>> done.wikidata, done.cow_code, str(done.system_membership[0]), problems
        ('Q43', 640, '1816-01-01/2016-12-31', [])
        >>> wrong = turkey.model_copy(update={"cow_code": 365})
        >>> completed((wrong,)) == ((wrong,), [])  # without the reference texts' Sources
        True
        >>> print(completed((*sources, wrong))[1][0])
        record 'turkey', field 'cow_code': 365 is the COW number of Russia in ruiran's reference table of every state, but iso_alpha3 'TUR' is Turkey's; give the codes of one state (or none)
    """
    held = {r.id for r in records if isinstance(r, Source) and r.id in _SOURCES}
    if held != _SOURCES or not any(isinstance(r, State) and _has_key(r) for r in records):
        return records, []
    problems: list[Problem] = []
    out: list[AnyRecord] = []
    changed = False
    for record in records:
        if isinstance(record, State) and _has_key(record):
            done = _complete(record, problems)
            changed = changed or done is not record
            out.append(done)
        else:
            out.append(record)
    return (tuple(out) if changed else records), problems


def _has_key(state: State) -> bool:
    return any(getattr(state, key) is not None for key in _KEYS)


@functools.cache
def _by_key() -> dict[tuple[str, object], Entry]:
    """(field, value) -> the table's state with that ISO code or COW number."""
    found: dict[tuple[str, object], Entry] = {}
    for entry in table().states.values():
        for key, value in zip(_KEYS, (entry.iso3, entry.iso2, entry.cow), strict=True):
            if value is not None:
                found[(key, value)] = entry
    return found


def _complete(state: State, problems: list[Problem]) -> State:
    rows = {key: _by_key().get((key, getattr(state, key))) for key in _KEYS}
    named = {key: row for key, row in rows.items() if getattr(state, key) is not None}
    if not any(named.values()):
        return state  # codes the table does not know: a state of the dataset's own
    first = next(k for k, row in named.items() if row is not None)
    entry = named[first]
    assert entry is not None
    wrong = [key for key, row in named.items() if row is None or row.id != entry.id]
    for key in wrong:
        value, row = getattr(state, key), named[key]
        what = "an ISO 3166-1 code" if key.startswith("iso") else "the COW number"
        said = (
            f"{value!r} is {what} of {row.name}"
            if row
            else f"{value!r} is not {what} of {entry.name}"
        )
        problems.append(
            Problem(
                state.id,
                key,
                f"{said} in ruiran's reference table of every state, but {first} "
                f"{getattr(state, first)!r} is {entry.name}'s; give the codes of one state (or none)",
            )
        )
    if wrong:
        return state
    values = {
        "iso_alpha2": entry.iso2,
        "iso_alpha3": entry.iso3,
        "cow_code": entry.cow,
        "wikidata": entry.wikidata,
        "system_membership": tuple(Period.parse(p) for p in entry.periods),
    }
    update = {f: v for f, v in values.items() if v not in (None, ()) and not getattr(state, f)}
    if not update:
        return state
    return state.model_copy(
        update={**update, "citations": _cited(state.citations, record_of(entry.id), set(update))}
    )


def _cited(own: tuple[Citation, ...], reference: State, filled: set[str]) -> tuple[Citation, ...]:
    """``own`` citations, with the reference record's citations of the ``filled`` fields."""
    citations = list(own)
    for theirs in reference.citations:
        supports = tuple(f for f in theirs.supports if f in filled)
        if not supports:
            continue
        same = next(
            (
                i
                for i, c in enumerate(citations)
                if (c.source, c.quote) == (theirs.source, theirs.quote)
            ),
            None,
        )
        if same is None:
            citations.append(
                Citation(source=theirs.source, quote=theirs.quote, supports=supports, note=_NOTE)
            )
        else:
            mine = citations[same]
            if not mine.supports:
                continue  # it supports the record as a whole already
            more = tuple(dict.fromkeys((*mine.supports, *supports)))
            citations[same] = mine.model_copy(update={"supports": more})
    return tuple(citations)
