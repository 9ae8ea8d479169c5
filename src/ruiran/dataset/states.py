"""Every state as a record: the reference table's rows made :class:`~ruiran.model.State` records.

A Dataset holds the states its records need (the bundled one: sixteen, with their citations);
every other state of ISO 3166-1 and of the Correlates of War state system comes from the
reference table (:mod:`ruiran.reference.states`), read on the first name the dataset's own index
does not know. Its records cite the reference texts the bundled data ships (ISO 3166-1, the COW
list, Our World in Data's country table), and are built once per state.

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

from ruiran.model.actors import State
from ruiran.model.dates import Period
from ruiran.model.provenance import Citation
from ruiran.reference.states import Entry, table

__all__ = [
    "COW_SOURCE_ID",
    "ISO_SOURCE_ID",
    "OWID_SOURCE_ID",
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
