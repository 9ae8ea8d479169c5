"""Agreements between actors and the stages they pass through.

An :class:`Agreement` has parties (states, organizations or blocs), the areas it covers, the
obligations it states (ATOP's categories), and :class:`Milestone` records along the treaty
lifecycle of UN practice: proposed, announced intent, authorized, signed, ratified, in force,
suspended, terminated. Each milestone carries its own date, actor and citations.

Examples:
    >>> Stage.SIGNED > Stage.AUTHORIZED
    True
"""

from __future__ import annotations

import enum
from typing import Literal

from pydantic import Field, field_validator

from ruiran.model.base import Modality, RecordId, Value
from ruiran.model.dates import PartialDate
from ruiran.model.provenance import Citation
from ruiran.model.record import Record

__all__ = ["TAKEN", "Agreement", "AgreementKind", "Area", "Milestone", "Obligation", "Stage"]

#: Modalities of a milestone whose step was really taken (not only planned or imagined).
TAKEN = frozenset({Modality.OCCURRED, Modality.REPORTED_STATEMENT})


class Stage(enum.StrEnum):
    """A stage of an agreement's life, ordered from proposal to termination."""

    PROPOSED = "proposed"
    ANNOUNCED_INTENT = "announced_intent"
    AUTHORIZED = "authorized"
    SIGNED = "signed"
    RATIFIED = "ratified"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"

    @property
    def rank(self) -> int:
        """Position in the lifecycle, 0 for ``proposed``."""
        return _STAGE_RANK[self]

    @property
    def phase(self) -> int:
        """The lifecycle rank that milestone order is checked against.

        The steps before signature (proposal, announced intent, authorization) happen in any
        order in practice (a minister may announce the intent after the president authorized
        the signing), so they share one phase; from signature on, each stage is its own phase.
        """
        return max(self.rank, _STAGE_RANK[Stage.AUTHORIZED])

    # str's alphabetical comparisons would be wrong here: compare lifecycle ranks instead.
    def __lt__(self, other: object) -> bool:
        return self.rank < other.rank if isinstance(other, Stage) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.rank <= other.rank if isinstance(other, Stage) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.rank > other.rank if isinstance(other, Stage) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.rank >= other.rank if isinstance(other, Stage) else NotImplemented


_STAGE_RANK = {stage: rank for rank, stage in enumerate(Stage)}


class AgreementKind(enum.StrEnum):
    """The legal form of an agreement, from binding treaty to informal alignment."""

    TREATY = "treaty"
    TRADE_AGREEMENT = "trade_agreement"
    MEMORANDUM = "memorandum"
    CONTRACT = "contract"
    JOINT_PROJECT = "joint_project"
    FINANCIAL_ARRANGEMENT = "financial_arrangement"
    INFORMAL_ALIGNMENT = "informal_alignment"


class Area(enum.StrEnum):
    """A field of cooperation an agreement covers."""

    POLITICS = "politics"
    SECURITY = "security"
    DEFENSE = "defense"
    TRADE = "trade"
    TRANSPORT = "transport"
    ENERGY = "energy"
    FINANCE = "finance"
    NUCLEAR = "nuclear"
    INTELLIGENCE = "intelligence"
    TECHNOLOGY = "technology"
    CULTURE = "culture"


class Obligation(enum.StrEnum):
    """Alliance obligations as the ATOP project codes them."""

    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NON_AGGRESSION = "non_aggression"
    CONSULTATION = "consultation"
    MILITARY_AID = "military_aid"


class Milestone(Value):
    """One step of an agreement's lifecycle: who took it, when, and the words that say so."""

    stage: Stage = Field(description="The lifecycle stage reached.")
    date: PartialDate | None = Field(default=None, description="When, to the precision known.")
    actors: tuple[RecordId, ...] = Field(
        default=(), description="Ids of the actors who took the step (both signatories, say)."
    )
    modality: Modality = Field(
        default=Modality.OCCURRED, description="Whether the step happened or was only announced."
    )
    note: str | None = Field(default=None, description="What happened at this step, in a line.")
    citations: tuple[Citation, ...] = Field(
        min_length=1, description="Quotes that support this step (its date included)."
    )


def _dates_never_go_backwards(milestones: tuple[Milestone, ...]) -> None:
    """Raise unless no dated milestone is dated before an earlier one, whatever stands between.

    A date is "before" another when it ends before the other begins (partial dates are
    intervals: "2024" and "2024-10" overlap, so either may come first). Every earlier dated
    milestone counts, not only the nearest: an undated milestone, or a vague one such as "2024",
    between two dates must not hide "2024-10-15" followed by "2024-01-05". The one to beat is the
    earlier milestone that begins last: if a date does not end before that one begins, it ends
    before none of them begins.
    """
    # When milestones name the party that took the step, keep one `latest` per party (key a
    # dict by party) and compare each milestone only with its own party's earlier steps.
    latest: tuple[int, Milestone, PartialDate] | None = None
    for index, milestone in enumerate(milestones):
        date = milestone.date
        if date is None:
            continue
        if latest is not None and date.latest < latest[2].earliest:
            at, before, its_date = latest
            raise ValueError(
                f"milestones[{index}] ({milestone.stage.value}, {date}) is dated before "
                f"milestones[{at}] ({before.stage.value}, {its_date}): no dated milestone may "
                "end before an earlier dated one begins, whatever milestones stand between"
            )
        if latest is None or date.earliest > latest[2].earliest:
            latest = (index, milestone, date)


class Agreement(Record):
    """An agreement between actors, from an informal alignment to a ratified treaty."""

    type: Literal["agreement"] = Field(default="agreement", description="Record kind.")
    title: str = Field(min_length=1, description="A short descriptive title.")
    official_title: str | None = Field(
        default=None, description="The title in the official text, when known (cite it)."
    )
    kind: AgreementKind = Field(description="The legal form of the agreement.")
    parties: tuple[RecordId, ...] = Field(
        min_length=2, description="Ids of the parties: states, organizations or blocs."
    )
    areas: tuple[Area, ...] = Field(default=(), description="Fields of cooperation covered.")
    obligations: tuple[Obligation, ...] = Field(
        default=(), description="Obligations stated (ATOP categories); only what a source says."
    )
    milestones: tuple[Milestone, ...] = Field(
        default=(),
        description="Lifecycle steps in date order (no dated step ends before an earlier dated "
        "step begins; undated steps may stand anywhere): proposed, announced intent and "
        "authorized (in any order), then signed, ratified, in force, suspended, terminated.",
    )
    summary: str | None = Field(default=None, description="What the agreement does, in a sentence.")

    @field_validator("parties")
    @classmethod
    def _parties_are_distinct(cls, parties: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(parties)) != len(parties):
            raise ValueError(f"'parties' must not repeat an actor (got {list(parties)!r})")
        return parties

    # A field validator, not a model one: a problem then names the field, 'milestones'.
    @field_validator("milestones")
    @classmethod
    def _milestones_in_lifecycle_order(
        cls, milestones: tuple[Milestone, ...]
    ) -> tuple[Milestone, ...]:
        previous: Milestone | None = None
        for index, milestone in enumerate(milestones):
            if previous is not None and milestone.stage.phase < previous.stage.phase:
                raise ValueError(
                    f"milestones[{index}] is {milestone.stage.value!r} after "
                    f"{previous.stage.value!r}: milestones must follow the lifecycle "
                    f"{[s.value for s in Stage]!r} (the steps before 'signed' in any order)"
                )
            previous = milestone
        _dates_never_go_backwards(milestones)
        return milestones

    def stage_on(self, when: PartialDate) -> Stage | None:
        """The furthest stage reached by ``when`` (dated milestones only; None before the first).

        A milestone counts once its date could have passed: its first day is not after the
        last day of ``when``.
        """
        reached = [
            m.stage
            for m in self.milestones
            if m.date is not None and m.date.earliest <= when.latest and m.modality in TAKEN
        ]
        return max(reached) if reached else None

    @property
    def stage(self) -> Stage | None:
        """The furthest stage that has occurred, dated or not (None if only announced)."""
        reached = [m.stage for m in self.milestones if m.modality in TAKEN]
        return max(reached) if reached else None
