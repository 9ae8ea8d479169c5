"""Actors: states, persons, organizations and blocs, with what changes about them over time.

A :class:`State` follows the Correlates of War idea of state identity: one record, one COW code,
several names over time (COW 365 is the Russian Empire, the Soviet Union and the Russian
Federation). A :class:`Person` holds positions over periods; a :class:`Bloc` has members over
periods, and counts as its members at the time for every query.

Examples:
    >>> from ruiran.model.provenance import Citation
    >>> cite = (Citation(source="s", quote="Iran"),)
    >>> iran = State(id="iran", name="Iran", iso_alpha2="IR", iso_alpha3="IRN", cow_code=630,
    ...              citations=cite)
    >>> iran.iso_alpha3
    'IRN'
"""

import enum
import re
from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, field_validator, model_validator

from ruiran.model.base import RecordId, Value
from ruiran.model.dates import PartialDate, Period
from ruiran.model.record import Record

__all__ = [
    "Actor",
    "ActorRecord",
    "Bloc",
    "HistoricalName",
    "Membership",
    "Office",
    "Organization",
    "OrganizationKind",
    "Person",
    "Position",
    "State",
    "WikidataId",
]

#: A Wikidata item identifier such as ``"Q794"``. ``[0-9]``, not ``\d``: JSON Schema validators
#: in other languages read ``\d`` as any script's digits.
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]


class Actor(Record):
    """Fields every actor has: a name, other names it is known by, and a Wikidata id."""

    name: str = Field(min_length=1, description="The name the actor is best known by in English.")
    aliases: tuple[str, ...] = Field(
        default=(), description="Other names, spellings and short forms; all resolve to this actor."
    )
    wikidata: WikidataId | None = Field(default=None, description="Wikidata item id, e.g. 'Q794'.")
    description: str | None = Field(
        default=None, description="One line saying who or what this is."
    )

    def names(self) -> tuple[str, ...]:
        """Every name this actor answers to (name, aliases, and names it held over time)."""
        return (self.name, *self.aliases)


class HistoricalName(Value):
    """A name a state bore over a period (the Soviet Union is Russia, COW 365, 1922-1991)."""

    name: str = Field(min_length=1, description="The name in that period.")
    period: Period = Field(description="When the state bore this name.")
    wikidata: WikidataId | None = Field(
        default=None, description="Wikidata item of the state under that name, e.g. 'Q15180'."
    )
    iso_alpha2: str | None = Field(
        default=None, description="ISO 3166-1 or 3166-3 alpha-2 code of that period, if any."
    )


def _check_iso(alpha2: str | None, alpha3: str | None) -> None:
    # pycountry is imported here, not at module import: `import ruiran` stays light.
    import pycountry

    if alpha2 is not None:
        country = pycountry.countries.get(alpha_2=alpha2) or pycountry.historic_countries.get(
            alpha_2=alpha2
        )
        if country is None:
            raise ValueError(f"'iso_alpha2' must be an ISO 3166 alpha-2 code (got {alpha2!r})")
        if alpha3 is not None and getattr(country, "alpha_3", None) != alpha3:
            raise ValueError(
                f"'iso_alpha3' must match 'iso_alpha2' {alpha2!r}, which is "
                f"{getattr(country, 'alpha_3', None)!r} (got {alpha3!r})"
            )
    elif alpha3 is not None and pycountry.countries.get(alpha_3=alpha3) is None:
        raise ValueError(f"'iso_alpha3' must be an ISO 3166 alpha-3 code (got {alpha3!r})")


class State(Actor):
    """A sovereign state, one record across regimes (Correlates of War state identity)."""

    type: Literal["state"] = Field(default="state", description="Record kind.")
    iso_alpha2: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. 'IR'."
    )
    iso_alpha3: str | None = Field(
        default=None, pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code, e.g. 'IRN'."
    )
    cow_code: int | None = Field(
        default=None, ge=1, le=999, description="Correlates of War state number, e.g. 630 for Iran."
    )
    historical_names: tuple[HistoricalName, ...] = Field(
        default=(),
        description="Earlier names of the same state (e.g. 'Russian Empire', 'Soviet Union').",
    )
    system_membership: tuple[Period, ...] = Field(
        default=(),
        description="Periods of membership in the Correlates of War state system, as its State "
        "System Membership List gives them (v2016 ends every open period on 2016-12-31).",
    )

    @model_validator(mode="after")
    def _iso_codes_exist(self) -> Self:
        _check_iso(self.iso_alpha2, self.iso_alpha3)
        for historical in self.historical_names:
            _check_iso(historical.iso_alpha2, None)
        return self

    def names(self) -> tuple[str, ...]:
        """Every name this state answers to, including its names over time."""
        return (*super().names(), *(h.name for h in self.historical_names))

    def name_on(self, when: PartialDate) -> str:
        """The state's name at a date (its current name when no historical name covers it).

        Examples:
            >>> from ruiran.model.provenance import Citation
            >>> russia = State(id="russia", name="Russia", citations=(Citation(source="s", quote="q"),),
            ...     historical_names=(HistoricalName(name="Soviet Union", period=Period.parse("1922/1991")),))
            >>> russia.name_on(PartialDate(1950))
            'Soviet Union'
        """
        for historical in self.historical_names:
            if historical.period.contains(when):
                return historical.name
        return self.name


class OrganizationKind(enum.StrEnum):
    """What sort of body an organization is."""

    INTERGOVERNMENTAL = "intergovernmental"
    GOVERNMENT_BODY = "government_body"
    MILITARY = "military"
    COMPANY = "company"
    MEDIA = "media"
    NEWS_AGENCY = "news_agency"
    ARMED_GROUP = "armed_group"
    POLITICAL_GROUP = "political_group"
    OTHER = "other"


class Organization(Actor):
    """A body that acts: a ministry, an armed force, a state medium, a company, the UN."""

    type: Literal["organization"] = Field(default="organization", description="Record kind.")
    kind: OrganizationKind = Field(description="What sort of body it is.")
    country: RecordId | None = Field(
        default=None, description="Id of the State it belongs to, if it belongs to one."
    )


class Position(Value):
    """An office held over a period: 'President' of Iran from 2024."""

    title: str = Field(
        min_length=1, description="The office, e.g. 'President' or 'Foreign Minister'."
    )
    of: RecordId | None = Field(
        default=None, description="Id of the state or organization the office belongs to."
    )
    period: Period | None = Field(default=None, description="When the office was held, if known.")
    acting: bool = Field(
        default=False,
        description="True when the holder acted in the office (e.g. an acting president) "
        "rather than held it in full.",
    )


class Office(Position):
    """An office as a query answers it: a :class:`Position` and the person who held it.

    ``ruiran.offices("Iran", on=...)`` answers these: who held which office of the state. It is
    a Position (title, of, period, acting) with its ``holder``; datasets do not store it (a
    person's ``positions`` do), so it is not part of the dataset format.

    Examples:
        >>> office = Office(title="President", of="iran", holder="hassan-rouhani",
        ...                 period=Period.parse("2013-08-03/2021-08-03"))
        >>> office.holder, isinstance(office, Position)
        ('hassan-rouhani', True)
    """

    holder: RecordId = Field(description="Id of the person who held the office.")


class Person(Actor):
    """A person and the offices they held."""

    type: Literal["person"] = Field(default="person", description="Record kind.")
    positions: tuple[Position, ...] = Field(default=(), description="Offices held, oldest first.")
    nationality: RecordId | None = Field(default=None, description="Id of the person's State.")

    def positions_on(self, when: PartialDate | Period) -> tuple[Position, ...]:
        """The positions whose period overlaps ``when`` (undated positions are left out)."""
        return tuple(p for p in self.positions if p.period is not None and p.period.overlaps(when))


class Membership(Value):
    """Membership of a bloc over a period (open ends allowed; no period means always)."""

    member: RecordId = Field(description="Id of the member State or Organization.")
    period: Period | None = Field(
        default=None,
        description="When the actor was a member; omitted means throughout the time the data covers.",
    )

    def active(self, when: PartialDate | Period) -> bool:
        """Whether the membership overlaps ``when``."""
        return self.period is None or self.period.overlaps(when)


class Bloc(Actor):
    """A group of actors: a formal one (the EAEU, BRICS) or an informal one ('the West')."""

    type: Literal["bloc"] = Field(default="bloc", description="Record kind.")
    formal: bool = Field(
        description="True for a treaty-based organization, False for a loose grouping."
    )
    members: tuple[Membership, ...] = Field(
        default=(), description="Members and when they were members."
    )
    cameo_known_group: str | None = Field(
        default=None,
        description="The CAMEO known group code standing for the bloc itself in coded event "
        "data (GDELT's Actor1KnownGroupCode / Actor2KnownGroupCode, from GDELT's "
        "CAMEO.knowngroup.txt): 'EEC' for the European Union, 'NAT' for NATO; three capital "
        "letters. None when CAMEO has no code for it (the SCO, BRICS, the EAEU).",
    )

    @field_validator("cameo_known_group")
    @classmethod
    def _known_group_code(cls, code: str | None) -> str | None:
        if code is not None and not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError(
                "'cameo_known_group' must be a CAMEO known group code, three capital letters "
                f"such as 'EEC' (got {code!r})"
            )
        return code

    @field_validator("members")
    @classmethod
    def _members_unique_per_period(cls, members: tuple[Membership, ...]) -> tuple[Membership, ...]:
        seen: set[tuple[str, str]] = set()
        for m in members:
            key = (m.member, str(m.period))
            if key in seen:
                raise ValueError(f"member {m.member!r} is listed twice for the same period")
            seen.add(key)
        return members

    def members_on(self, when: PartialDate | Period) -> tuple[str, ...]:
        """Ids of the members whose membership overlaps ``when``, in listed order, once each."""
        return tuple(dict.fromkeys(m.member for m in self.members if m.active(when)))


#: Any actor record, told apart by its ``type`` field.
ActorRecord = Annotated[State | Person | Organization | Bloc, Field(discriminator="type")]
