"""Correlates of War state codes for the states ruiran's data knows, checked against ISO codes.

pycountry has no COW codes and country-converter's Gleditsch–Ward column differs from COW for
some states, so ruiran keeps this small table. Source: Correlates of War Project, *State
System Membership List, v2016* (``states2016.csv``: ``ccode``, ``stateabb``), as gathered in
the project's REFERENCE.md. One COW code follows a state across regimes: 365 is the Russian
Empire, the Soviet Union and the Russian Federation.

Examples:
    >>> COW_CODES["IRN"]
    630
    >>> expected_cow_code("RUS"), expected_cow_code("XKX")
    (365, None)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["COW_CODES", "COW_SOURCE", "expected_cow_code"]

#: Where the codes come from.
COW_SOURCE: Final = (
    "Correlates of War Project, State System Membership List, v2016 (states2016.csv)"
)

#: COW state number by ISO 3166-1 alpha-3 code.
COW_CODES: Final[Mapping[str, int]] = MappingProxyType(
    {
        "USA": 2,
        "BRA": 140,
        "GBR": 200,
        "FRA": 220,
        "DEU": 255,
        "RUS": 365,
        "UKR": 369,
        "BLR": 370,
        "ARM": 371,
        "GEO": 372,
        "AZE": 373,
        "ZAF": 560,
        "IRN": 630,
        "TUR": 640,
        "IRQ": 645,
        "SYR": 652,
        "ISR": 666,
        "SAU": 670,
        "TKM": 701,
        "TJK": 702,
        "KGZ": 703,
        "UZB": 704,
        "KAZ": 705,
        "CHN": 710,
        "IND": 750,
    }
)


def expected_cow_code(iso_alpha3: str) -> int | None:
    """The COW code of the state with this ISO alpha-3 code, if COW lists it.

    The states of :data:`COW_CODES` are answered from it; any other from the reference table
    of every state (:mod:`ruiran.reference.states`, read on first use), whose COW numbers
    come from the shipped COW list through Our World in Data's ISO-COW links.

    Examples:
        >>> expected_cow_code("JPN"), expected_cow_code("PRI")
        (740, None)
    """
    known = COW_CODES.get(iso_alpha3)
    if known is not None:
        return known
    from ruiran.reference.states import table  # only for a state beyond the small table

    entry = table().find(iso_alpha3)
    return entry.cow if entry is not None and entry.iso3 == iso_alpha3 else None
