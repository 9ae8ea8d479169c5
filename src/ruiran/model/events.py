"""Events: who did what to whom, when, and in whose words.

:class:`EventKind` is a documented vocabulary in which every kind carries its CAMEO code (the
event ontology of GDELT and ICEWS) and so its CAMEO root. Participants take roles (initiator,
target, speaker, ...). A statement keeps the speaker's words verbatim, and those words must
appear in one of the event's citations.

Examples:
    >>> EventKind.CRITICIZE.cameo, EventKind.CRITICIZE.cameo_root
    ('111', '11')
"""

import enum
from typing import Literal, Self

from pydantic import Field, model_validator

from ruiran.model.base import Modality, RecordId, Value
from ruiran.model.dates import When
from ruiran.model.record import Record

__all__ = ["Event", "EventKind", "Participant", "Role"]


class EventKind(enum.StrEnum):
    """Kinds of event, each mapped to its CAMEO code (see :attr:`cameo`).

    CAMEO roots: 01 make public statement, 02 appeal, 03 express intent to cooperate, 04 consult,
    05 diplomatic cooperation, 06 material cooperation, 07 provide aid, 08 yield, 09 investigate,
    10 demand, 11 disapprove, 12 reject, 13 threaten, 14 protest, 15 exhibit force posture,
    16 reduce relations, 17 coerce, 18 assault, 19 fight, 20 unconventional mass violence.
    """

    STATEMENT = "statement"
    PESSIMISTIC_COMMENT = "pessimistic_comment"
    OPTIMISTIC_COMMENT = "optimistic_comment"
    APPEAL = "appeal"
    INTENT_TO_COOPERATE = "intent_to_cooperate"
    INTENT_TO_MEET = "intent_to_meet"
    CONSULT = "consult"
    DISCUSS_BY_TELEPHONE = "discuss_by_telephone"
    VISIT = "visit"
    HOST_VISIT = "host_visit"
    MEET_AT_THIRD_LOCATION = "meet_at_third_location"
    MEDIATE = "mediate"
    NEGOTIATE = "negotiate"
    DIPLOMATIC_COOPERATION = "diplomatic_cooperation"
    SIGN_AGREEMENT = "sign_agreement"
    MATERIAL_COOPERATION = "material_cooperation"
    ECONOMIC_COOPERATION = "economic_cooperation"
    MILITARY_COOPERATION = "military_cooperation"
    PROVIDE_AID = "provide_aid"
    MILITARY_AID = "military_aid"
    YIELD = "yield"
    INVESTIGATE = "investigate"
    DEMAND = "demand"
    DISAPPROVE = "disapprove"
    CRITICIZE = "criticize"
    ACCUSE = "accuse"
    REJECT = "reject"
    THREATEN = "threaten"
    THREATEN_MILITARY_FORCE = "threaten_military_force"
    PROTEST = "protest"
    FORCE_POSTURE = "force_posture"
    REDUCE_RELATIONS = "reduce_relations"
    IMPOSE_SANCTIONS = "impose_sanctions"
    COERCE = "coerce"
    ASSAULT = "assault"
    FIGHT = "fight"
    OCCUPY_TERRITORY = "occupy_territory"
    AERIAL_ATTACK = "aerial_attack"
    MASS_VIOLENCE = "mass_violence"

    @property
    def cameo(self) -> str:
        """The CAMEO event code (e.g. ``'057'`` for signing a formal agreement)."""
        return _CAMEO[self]

    @property
    def cameo_root(self) -> str:
        """The two-digit CAMEO root code (e.g. ``'05'``)."""
        return _CAMEO[self][:2]


_CAMEO: dict[EventKind, str] = {
    EventKind.STATEMENT: "010",
    EventKind.PESSIMISTIC_COMMENT: "012",
    EventKind.OPTIMISTIC_COMMENT: "013",
    EventKind.APPEAL: "020",
    EventKind.INTENT_TO_COOPERATE: "030",
    EventKind.INTENT_TO_MEET: "036",
    EventKind.CONSULT: "040",
    EventKind.DISCUSS_BY_TELEPHONE: "041",
    EventKind.VISIT: "042",
    EventKind.HOST_VISIT: "043",
    EventKind.MEET_AT_THIRD_LOCATION: "044",
    EventKind.MEDIATE: "045",
    EventKind.NEGOTIATE: "046",
    EventKind.DIPLOMATIC_COOPERATION: "050",
    EventKind.SIGN_AGREEMENT: "057",
    EventKind.MATERIAL_COOPERATION: "060",
    EventKind.ECONOMIC_COOPERATION: "061",
    EventKind.MILITARY_COOPERATION: "062",
    EventKind.PROVIDE_AID: "070",
    EventKind.MILITARY_AID: "072",
    EventKind.YIELD: "080",
    EventKind.INVESTIGATE: "090",
    EventKind.DEMAND: "100",
    EventKind.DISAPPROVE: "110",
    EventKind.CRITICIZE: "111",
    EventKind.ACCUSE: "112",
    EventKind.REJECT: "120",
    EventKind.THREATEN: "130",
    EventKind.THREATEN_MILITARY_FORCE: "138",
    EventKind.PROTEST: "140",
    EventKind.FORCE_POSTURE: "150",
    EventKind.REDUCE_RELATIONS: "160",
    EventKind.IMPOSE_SANCTIONS: "163",
    EventKind.COERCE: "170",
    EventKind.ASSAULT: "180",
    EventKind.FIGHT: "190",
    EventKind.OCCUPY_TERRITORY: "192",
    EventKind.AERIAL_ATTACK: "195",
    EventKind.MASS_VIOLENCE: "200",
}


class Role(enum.StrEnum):
    """The part an actor plays in an event."""

    INITIATOR = "initiator"
    TARGET = "target"
    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    ADDRESSEE = "addressee"
    HOST = "host"
    REPORTER = "reporter"


class Participant(Value):
    """An actor taking part in an event, in a role."""

    actor: RecordId = Field(description="Id of the actor.")
    role: Role = Field(description="The part the actor plays.")


class Event(Record):
    """Something that happened or was said, coded like CAMEO/PLOVER event data."""

    type: Literal["event"] = Field(default="event", description="Record kind.")
    kind: EventKind = Field(description="What kind of event, from the CAMEO-mapped vocabulary.")
    title: str = Field(min_length=1, description="A short descriptive title.")
    date: When | None = Field(
        default=None, description="When: a partial date or a period, to the precision known."
    )
    participants: tuple[Participant, ...] = Field(
        min_length=1, description="The actors involved and their roles."
    )
    location: str | None = Field(default=None, description="Where it took place, if stated.")
    modality: Modality = Field(default=Modality.OCCURRED, description="How the source states it.")
    statement: str | None = Field(
        default=None,
        description="For statements: the speaker's words, verbatim as quoted in a citation "
        "(at least one letter or digit among them).",
    )
    summary: str | None = Field(default=None, description="What happened, in a sentence.")
    related: tuple[RecordId, ...] = Field(
        default=(),
        description="Ids of other records this event concerns (an agreement, a sanction).",
    )

    @model_validator(mode="after")
    def _statement_is_quoted(self) -> Self:
        # As for a citation's quote: a space or a dash alone occurs in almost any quote.
        if self.statement is not None and not any(char.isalnum() for char in self.statement):
            raise ValueError(
                "'statement' must contain at least one letter or digit "
                f"(got {_shown(self.statement)})"
            )
        if self.statement is not None and not any(
            self.statement in citation.quote for citation in self.citations
        ):
            raise ValueError(
                "'statement' must be the speaker's words as they appear in one of the "
                f"citations' quotes (got {_shown(self.statement)})"
            )
        return self

    def actors(self) -> tuple[str, ...]:
        """Ids of the participants, in listed order, once each."""
        return tuple(dict.fromkeys(p.actor for p in self.participants))


def _shown(text: str, limit: int = 60) -> str:
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text)} chars)"
