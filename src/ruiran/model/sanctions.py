"""Sanctions, coded after the Global Sanctions Database (GSDB).

A :class:`Sanction` has one or more senders (a bloc such as "the West" counts as one sender,
as the GSDB counts the EU), a target, measure types, objectives, a status, and a period.

Examples:
    >>> Measure("financial") is Measure.FINANCIAL
    True
"""

from __future__ import annotations

import enum
from typing import Literal

from pydantic import Field, model_validator

from ruiran.model.base import Modality, RecordId
from ruiran.model.dates import Period
from ruiran.model.record import Record

__all__ = ["Measure", "Objective", "Sanction", "SanctionStatus"]


class Measure(enum.StrEnum):
    """GSDB sanction types."""

    TRADE = "trade"
    FINANCIAL = "financial"
    ARMS = "arms"
    MILITARY_ASSISTANCE = "military_assistance"
    TRAVEL = "travel"
    OTHER = "other"


class Objective(enum.StrEnum):
    """GSDB sanction objectives."""

    DEMOCRACY = "democracy"
    DESTABILIZE_REGIME = "destabilize_regime"
    END_WAR = "end_war"
    HUMAN_RIGHTS = "human_rights"
    POLICY_CHANGE = "policy_change"
    PREVENT_WAR = "prevent_war"
    TERRITORIAL_CONFLICT = "territorial_conflict"
    TERRORISM = "terrorism"
    OTHER = "other"


class SanctionStatus(enum.StrEnum):
    """Where a sanction stands (TIES codes threats as well as impositions)."""

    IMPOSED = "imposed"
    THREATENED = "threatened"
    RELIEF_DISCUSSED = "relief_discussed"
    LIFTED = "lifted"


class Sanction(Record):
    """Measures one or more senders impose on (or threaten against) a target."""

    type: Literal["sanction"] = Field(default="sanction", description="Record kind.")
    title: str = Field(min_length=1, description="A short descriptive title.")
    senders: tuple[RecordId, ...] = Field(
        min_length=1, description="Ids of the sending actors (a bloc counts as one sender)."
    )
    target: RecordId = Field(description="Id of the sanctioned actor.")
    measures: tuple[Measure, ...] = Field(
        default=(), description="GSDB measure types, where stated."
    )
    objectives: tuple[Objective, ...] = Field(
        default=(), description="GSDB objectives, where stated."
    )
    program: str | None = Field(
        default=None, description="The sanctions programme's name, if known."
    )
    status: SanctionStatus = Field(description="Imposed, threatened, relief discussed or lifted.")
    period: Period | None = Field(default=None, description="When the measures apply, if known.")
    modality: Modality = Field(default=Modality.OCCURRED, description="How the source states it.")
    summary: str | None = Field(default=None, description="What the sanction does, in a sentence.")

    @model_validator(mode="after")
    def _target_is_not_a_sender(self) -> Sanction:
        if self.target in self.senders:
            raise ValueError(f"'target' {self.target!r} must not also be one of the 'senders'")
        if len(set(self.senders)) != len(self.senders):
            raise ValueError(f"'senders' must not repeat an actor (got {list(self.senders)!r})")
        return self
