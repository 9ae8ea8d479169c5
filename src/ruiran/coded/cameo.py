"""CAMEO country codes and ruiran's actors: which codes stand for an actor, and when.

GDELT codes an actor's country with a CAMEO country code. Most are ISO 3166-1 alpha-3
(``RUS``, ``IRN``), so a ruiran :class:`~ruiran.model.State` maps to the code equal to its
``iso_alpha3``. The others are in :data:`NOT_ISO`, from GDELT's lookup table
``CAMEO.country.txt`` (https://www.gdeltproject.org/data/lookups/CAMEO.country.txt): old or
non-standard codes of states (``ROM`` for Romania, ISO ``ROU``), places inside a state
(``BAG`` Baghdad), and regions (``EUR`` Europe, ``MEA`` Middle East), which stand for no state
and resolve to no actor.

A bloc stands for its members while they were members: ``codes_of(eaeu, ds.get)`` gives each
member's code with the days of its membership, so events before a state joined do not count.
A bloc that CAMEO codes as a known group (its ``cameo_known_group``: ``EEC`` for the European
Union, ``NAT`` for NATO) also stands for itself: a row whose ``Actor1KnownGroupCode`` or
``Actor2KnownGroupCode`` is that code is the bloc's too, at every date (a
:class:`CountryCode` with ``group=True``). Every filter (DuckDB, Spark, BigQuery SQL, the
store's selections) takes the codes from here.
The functions take records (and a way to find a bloc's members by id), never a Dataset: the
Dataset resolves names to records and hands them here.
Persons and organizations have no CAMEO country code: asking for them is a
:class:`~ruiran.errors.QueryError`.

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> [c.code for c in codes_of(ds.actor("Iran"), ds.get)]
    ['IRN']
    >>> codes_of(ds.actor("EU"), ds.get)[-1]
    CountryCode(code='EEC', actor='european-union', first=0, last=99991231, group=True)
    >>> NOT_ISO["ROM"]
    ('Romania', 'ROU')
    >>> resolver(ds)["RUS"], resolver(ds)["UKR"], resolver(ds).get("EUR")
    ('russia', 'ukraine', None)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Final

import attrs

from ruiran.errors import QueryError
from ruiran.model import AnyActor, Bloc, DateLike, State
from ruiran.query import arguments

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "NOT_ISO",
    "CountryCode",
    "codes_of",
    "day_number",
    "resolver",
]

#: CAMEO country codes that are not ISO 3166-1 alpha-3: what each stands for, and the ISO
#: alpha-3 code of the state it belongs to (None for a region, or a state that no longer
#: exists). From GDELT's CAMEO.country.txt.
NOT_ISO: Final[Mapping[str, tuple[str, str | None]]] = {
    # states under another code
    "ROM": ("Romania", "ROU"),
    "TMP": ("East Timor", "TLS"),
    "MTN": ("Montenegro", "MNE"),
    "IMY": ("Isle of Man", "IMN"),
    "ANT": ("Netherlands Antilles", None),
    # places inside a state
    "BAG": ("Baghdad", "IRQ"),
    "WSB": ("West Bank", "PSE"),
    "GZS": ("Gaza Strip", "PSE"),
    # regions
    "AFR": ("Africa", None),
    "ASA": ("Asia", None),
    "BLK": ("Balkans", None),
    "CRB": ("Caribbean", None),
    "CAU": ("Caucasus", None),
    "CFR": ("Central Africa", None),
    "CAS": ("Central Asia", None),
    "CEU": ("Central Europe", None),
    "EIN": ("East Indies", None),
    "EAF": ("Eastern Africa", None),
    "EEU": ("Eastern Europe", None),
    "EUR": ("Europe", None),
    "LAM": ("Latin America", None),
    "MEA": ("Middle East", None),
    "MDT": ("Mediterranean", None),
    "NAF": ("North Africa", None),
    "NMR": ("North America", None),
    "PGS": ("Persian Gulf", None),
    "SCN": ("Scandinavia", None),
    "SAM": ("South America", None),
    "SAS": ("South Asia", None),
    "SEA": ("Southeast Asia", None),
    "SAF": ("Southern Africa", None),
    "WAF": ("West Africa", None),
    "WST": ("The West", None),
}

#: The first and last day numbers (YYYYMMDD, as GDELT's SQLDATE) of an open window.
FIRST_DAY: Final = 0
LAST_DAY: Final = 99_991_231


@attrs.frozen
class CountryCode:
    """A CAMEO country code standing for an actor from day ``first`` to day ``last``.

    With ``group``, the code is a CAMEO known group code (``"EEC"``), matched against the
    actors' ``KnownGroupCode`` columns, not their ``CountryCode``.

    Attributes:
        code: The CAMEO country code (``"RUS"``), or known group code (``"EEC"``).
        actor: The ruiran actor it stands for (a state's id, or a bloc's for a group code).
        first: First day, as the number YYYYMMDD (0: no start).
        last: Last day, as YYYYMMDD (99991231: no end).
        group: Whether ``code`` is a known group code (GDELT's ``Actor1KnownGroupCode``,
            ``Actor2KnownGroupCode``) rather than a country code.
    """

    code: str
    actor: str
    first: int = FIRST_DAY
    last: int = LAST_DAY
    group: bool = attrs.field(default=False, kw_only=True)

    @property
    def always(self) -> bool:
        """Whether the code stands for the actor at every date."""
        return self.first == FIRST_DAY and self.last == LAST_DAY


def day_number(day: dt.date) -> int:
    """A day as GDELT's SQLDATE number, YYYYMMDD (``date.min``/``max`` give the open ends).

    Examples:
        >>> day_number(dt.date(2025, 1, 17))
        20250117
    """
    if day == dt.date.min:
        return FIRST_DAY
    if day == dt.date.max:
        return LAST_DAY
    return day.year * 10_000 + day.month * 100 + day.day


def days(start: DateLike | None, end: DateLike | None) -> tuple[int | None, int | None]:
    """The first and last day numbers (YYYYMMDD) of a ``start``/``end`` window; None for an
    open end.

    Examples:
        >>> days("2024-10", None)
        (20241001, None)
    """
    window = arguments.period(start, end)
    if window is None:
        return None, None
    first, last = day_number(window[0]), day_number(window[1])
    return (None if first == FIRST_DAY else first), (None if last == LAST_DAY else last)


def _state_codes(state: State) -> list[str]:
    if state.iso_alpha3 is None:
        return []
    iso = state.iso_alpha3.upper()
    others = [code for code, (_, owner) in NOT_ISO.items() if owner == iso and code in _ALIASES]
    return [iso, *others]


#: The NOT_ISO codes that are another code of the same state (not a place inside it).
_ALIASES: Final = frozenset({"ROM", "TMP", "MTN", "IMY"})


def codes_of(record: AnyActor, find: Callable[[str], object]) -> tuple[CountryCode, ...]:
    """The CAMEO country codes that stand for an actor, with the days they do.

    A state: its ISO alpha-3 code (and its old CAMEO code, if any), at every date. A bloc:
    each member's codes during its membership (the first to the last day of its period: a
    row dated before a state joined, or after it left, is not the bloc's), and its own CAMEO
    known group code if it has one (``cameo_known_group``, at every date, last). ``find`` must
    find the states of the reference table too, which every dataset may name by id
    (:func:`ruiran.dataset.states.finding_reference_states`).

    Args:
        record: The actor.
        find: Finds a record by id (e.g. :meth:`ruiran.Dataset.get`): a bloc's members.

    Raises:
        QueryError: for a person or an organization, or a state without an ISO code (GDELT
            codes actors by country).
    """
    if isinstance(record, State):
        codes = _state_codes(record)
        if not codes:
            raise QueryError(
                f"{record.id!r} has no ISO 3166 alpha-3 code, so no CAMEO country code stands "
                "for it in coded event data"
            )
        return tuple(CountryCode(code, record.id) for code in codes)
    if isinstance(record, Bloc):
        found: list[CountryCode] = []
        for membership in record.members:
            member = find(membership.member)
            if not isinstance(member, State):
                continue
            first, last = FIRST_DAY, LAST_DAY
            if membership.period is not None:
                first = day_number(membership.period.earliest)
                last = day_number(membership.period.latest)
            found.extend(CountryCode(c, member.id, first, last) for c in _state_codes(member))
        if record.cameo_known_group is not None:
            found.append(CountryCode(record.cameo_known_group, record.id, group=True))
        if not found:
            raise QueryError(f"bloc {record.id!r} has no member state with an ISO 3166 code")
        return tuple(found)
    raise QueryError(
        f"{record.id!r} is a {record.type}: coded event data (GDELT) names actors by country, "
        "so give a state or a bloc"
    )


def resolver(records: Iterable[object]) -> dict[str, str]:
    """CAMEO country code -> the id of the state among ``records`` it stands for (codes of
    states only; a Dataset, or its actors, will do).

    Places inside a state (``BAG``, ``WSB``) resolve to that state; regions to nothing. A code
    of a state that ``records`` do not hold resolves to the state of ruiran's reference table
    (:mod:`ruiran.reference.states`), as :meth:`ruiran.Dataset.actor` does: every state of
    ISO 3166-1 answers, in any dataset.
    """
    from ruiran.reference.states import table  # read on first use

    by_iso: dict[str, str] = {}
    for entry in table().states.values():
        if entry.iso3 is not None:
            by_iso[entry.iso3] = entry.id
    for record in records:
        if isinstance(record, State) and record.iso_alpha3 is not None:
            by_iso[record.iso_alpha3.upper()] = record.id
    found = dict(by_iso)
    for code, (_, owner) in NOT_ISO.items():
        if owner is not None and owner in by_iso:
            found[code] = by_iso[owner]
    return found
