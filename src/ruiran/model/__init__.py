"""The records of a ruiran dataset: pure pydantic models and value types, no I/O, no indexes.

Examples:
    >>> from ruiran.model import PartialDate, Stage
    >>> str(PartialDate.parse("2025-01-17")), Stage("signed").rank
    ('2025-01-17', 3)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TypeAlias

from pydantic import Field

from ruiran.model.actors import (
    Actor,
    ActorRecord,
    Bloc,
    HistoricalName,
    Membership,
    Office,
    Organization,
    OrganizationKind,
    Person,
    Position,
    State,
    WikidataId,
)
from ruiran.model.agreements import Agreement, AgreementKind, Area, Milestone, Obligation, Stage
from ruiran.model.base import ID_PATTERN, Modality, RecordId, Value
from ruiran.model.dates import DateLike, PartialDate, Period, Precision, When, parse_when
from ruiran.model.events import Event, EventKind, Participant, Role
from ruiran.model.provenance import Citation, Derivation, Source, SourceKind
from ruiran.model.record import Record
from ruiran.model.sanctions import (
    LegalAct,
    LegalActKind,
    Listing,
    Measure,
    Objective,
    Sanction,
    SanctionAction,
    SanctionMilestone,
    SanctionStatus,
    TargetScope,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter

__all__ = [
    "ID_PATTERN",
    "RECORD_TYPES",
    "Actor",
    "ActorRecord",
    "Agreement",
    "AgreementKind",
    "AnyActor",
    "AnyRecord",
    "Area",
    "Bloc",
    "Citation",
    "DateLike",
    "Derivation",
    "Event",
    "EventKind",
    "HistoricalName",
    "LegalAct",
    "LegalActKind",
    "Listing",
    "Measure",
    "Membership",
    "Milestone",
    "Modality",
    "Objective",
    "Obligation",
    "Office",
    "Organization",
    "OrganizationKind",
    "PartialDate",
    "Participant",
    "Period",
    "Person",
    "Position",
    "Precision",
    "Record",
    "RecordId",
    "Role",
    "Sanction",
    "SanctionAction",
    "SanctionMilestone",
    "SanctionStatus",
    "Source",
    "SourceKind",
    "Stage",
    "State",
    "TargetScope",
    "Value",
    "When",
    "WikidataId",
    "parse_when",
    "record_adapter",
    "records_adapter",
]

#: Any actor record.
AnyActor: TypeAlias = State | Person | Organization | Bloc

#: Any record of a dataset. Sources are records too (they have an id and are listed in a dataset).
AnyRecord: TypeAlias = State | Person | Organization | Bloc | Agreement | Sanction | Event | Source

#: Record classes by the value of their ``type`` field.
RECORD_TYPES: dict[str, type[AnyRecord]] = {
    "state": State,
    "person": Person,
    "organization": Organization,
    "bloc": Bloc,
    "agreement": Agreement,
    "sanction": Sanction,
    "event": Event,
    "source": Source,
}

_TaggedRecord = Annotated[AnyRecord, Field(discriminator="type")]
_ADAPTER: TypeAdapter[AnyRecord] | None = None
_LIST_ADAPTER: TypeAdapter[list[AnyRecord]] | None = None


def record_adapter() -> TypeAdapter[AnyRecord]:
    """A pydantic ``TypeAdapter`` for any record, told apart by its ``type`` field (built once)."""
    global _ADAPTER
    if _ADAPTER is None:
        from pydantic import TypeAdapter  # its module is imported on first use

        _ADAPTER = TypeAdapter(_TaggedRecord)
    return _ADAPTER


def records_adapter() -> TypeAdapter[list[AnyRecord]]:
    """A pydantic ``TypeAdapter`` for a list of records of any kind (built once)."""
    global _LIST_ADAPTER
    if _LIST_ADAPTER is None:
        from pydantic import TypeAdapter  # its module is imported on first use

        _LIST_ADAPTER = TypeAdapter(list[_TaggedRecord])
    return _LIST_ADAPTER
