"""Sanctions, coded after the Global Sanctions Database (GSDB), as dated regimes.

A :class:`Sanction` has one or more senders (a bloc such as "the West" counts as one sender,
as the GSDB counts the EU), a target (a state, or named persons and entities of a state),
measure types, objectives, a status, its legal basis (resolutions, regulations, executive
orders), and either a ``period`` or, for a regime with a history, dated milestones: imposed,
extended, tightened, eased, suspended, lifted, terminated, reimposed. A milestone may concern
only some of the senders.

When is a regime in force? On a given day, for a given sender, it is in force when the last
dated milestone that concerns the sender and took effect by then (a milestone takes effect on
the first day its date covers) is one that puts measures in force: imposed, extended,
tightened, eased or reimposed. Undated milestones are told but cannot be placed. The days
it is in force for its senders together form spells: runs that overlap or touch are one
(:meth:`Sanction.in_force_spans`).

Examples:
    >>> Measure("financial") is Measure.FINANCIAL
    True
    >>> SanctionAction.TERMINATED.in_force, SanctionAction.REIMPOSED.in_force
    (False, True)
"""

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Literal, Self

from pydantic import Field, model_validator

from ruiran.model.base import Modality, RecordId, Value
from ruiran.model.dates import PartialDate, Period
from ruiran.model.provenance import Citation
from ruiran.model.record import Record

__all__ = [
    "CHANGES",
    "LegalAct",
    "LegalActKind",
    "Listing",
    "Measure",
    "Objective",
    "Sanction",
    "SanctionAction",
    "SanctionMilestone",
    "SanctionStatus",
    "TargetScope",
]


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


class SanctionAction(enum.StrEnum):
    """A step in a sanctions regime's life."""

    IMPOSED = "imposed"
    EXTENDED = "extended"
    TIGHTENED = "tightened"
    EASED = "eased"
    SUSPENDED = "suspended"
    LIFTED = "lifted"
    TERMINATED = "terminated"
    REIMPOSED = "reimposed"

    @property
    def in_force(self) -> bool:
        """Whether measures are in force after this step (an eased regime still is)."""
        return self not in _ENDING


_ENDING = frozenset({SanctionAction.SUSPENDED, SanctionAction.LIFTED, SanctionAction.TERMINATED})
#: Steps that change measures already in force: a regime whose first step is one of them began
#: earlier, on a day the data does not hold (:meth:`Sanction.opening_change`).
CHANGES = frozenset({SanctionAction.EXTENDED, SanctionAction.TIGHTENED, SanctionAction.EASED})


class LegalActKind(enum.StrEnum):
    """What kind of act a sanction rests on."""

    RESOLUTION = "resolution"
    REGULATION = "regulation"
    DECISION = "decision"
    EXECUTIVE_ORDER = "executive_order"
    LAW = "law"
    DESIGNATION = "designation"
    OTHER = "other"


class TargetScope(enum.StrEnum):
    """Whom in the target a sanction reaches: the state, named persons and entities, sectors."""

    STATE = "state"
    PERSONS_AND_ENTITIES = "persons_and_entities"
    SECTORS = "sectors"


class LegalAct(Value):
    """A resolution, regulation, decision or executive order a sanction rests on.

    Examples:
        >>> act = LegalAct(kind="resolution", identifier="UNSC resolution 1737",
        ...                citations=[{"source": "s", "quote": "resolution 1737"}])
        >>> act.kind.value, act.identifier
        ('resolution', 'UNSC resolution 1737')
    """

    kind: LegalActKind = Field(description="Resolution, regulation, decision, executive order...")
    identifier: str = Field(
        min_length=1, description="How the act is cited: 'UNSC resolution 1737', 'EO 13846'."
    )
    title: str | None = Field(default=None, description="The act's title, if given.")
    date: PartialDate | None = Field(default=None, description="When it was adopted, if known.")
    citations: tuple[Citation, ...] = Field(
        min_length=1, description="Where the act is named: at least one verbatim quote."
    )


class SanctionMilestone(Value):
    """A dated step in a sanctions regime: imposed, tightened, lifted, reimposed...

    Examples:
        >>> step = SanctionMilestone(action="imposed", date="2006-12-23",
        ...                          citations=[{"source": "s", "quote": "imposed sanctions"}])
        >>> step.action.in_force, str(step.date)
        (True, '2006-12-23')
    """

    action: SanctionAction = Field(description="What happened to the regime.")
    date: PartialDate | None = Field(default=None, description="When it took effect, if known.")
    senders: tuple[RecordId, ...] = Field(
        default=(),
        description="The senders this step concerns (empty: every sender of the sanction).",
    )
    legal_basis: str | None = Field(
        default=None, description="The identifier of the sanction's legal act behind this step."
    )
    modality: Modality = Field(default=Modality.OCCURRED, description="How the source states it.")
    note: str | None = Field(default=None, description="Anything a reader should know.")
    citations: tuple[Citation, ...] = Field(
        min_length=1, description="Where the step is stated: at least one verbatim quote."
    )

    def concerns(self, sender: str) -> bool:
        """Whether this step concerns ``sender`` (a step naming no sender concerns all)."""
        return not self.senders or sender in self.senders


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
    scope: TargetScope = Field(
        default=TargetScope.STATE,
        description="Whom in the target it reaches: the state, listed persons and entities, sectors.",
    )
    listed: tuple[str, ...] = Field(
        default=(), description="Listed persons and entities, named as the sources name them."
    )
    status: SanctionStatus = Field(description="Imposed, threatened, relief discussed or lifted.")
    period: Period | None = Field(
        default=None,
        description="When the measures apply, if known and the sanction has no milestones.",
    )
    legal_basis: tuple[LegalAct, ...] = Field(
        default=(), description="The resolutions, regulations or orders it rests on."
    )
    milestones: tuple[SanctionMilestone, ...] = Field(
        default=(), description="The regime's dated steps, in order: imposed ... lifted."
    )
    modality: Modality = Field(default=Modality.OCCURRED, description="How the source states it.")
    summary: str | None = Field(default=None, description="What the sanction does, in a sentence.")

    @model_validator(mode="after")
    def _target_is_not_a_sender(self) -> Self:
        if self.target in self.senders:
            raise ValueError(f"'target' {self.target!r} must not also be one of the 'senders'")
        if len(set(self.senders)) != len(self.senders):
            raise ValueError(f"'senders' must not repeat an actor (got {list(self.senders)!r})")
        if self.milestones and self.period is not None:
            raise ValueError(
                "give 'period' or 'milestones', not both: with milestones, when the sanction "
                "is in force follows from them"
            )
        acts = [act.identifier for act in self.legal_basis]
        for i, step in enumerate(self.milestones):
            strangers = [s for s in step.senders if s not in self.senders]
            if strangers:
                raise ValueError(
                    f"'milestones.{i}.senders' must be among the sanction's senders "
                    f"{list(self.senders)!r} (got {strangers!r})"
                )
            if step.legal_basis is not None and step.legal_basis not in acts:
                raise ValueError(
                    f"'milestones.{i}.legal_basis' must be the identifier of one of the "
                    f"sanction's legal acts {acts!r} (got {step.legal_basis!r})"
                )
        for sender in self.senders:
            _never_backwards([m for m in self.milestones if m.concerns(sender)], sender)
        return self

    def in_force_on(self, day: dt.date, sender: str | None = None) -> bool | None:
        """Whether the regime is in force on ``day`` (for ``sender``, or for any sender).

        Returns None when it cannot be told: no dated milestone and no period.

        Examples:
            >>> s = Sanction(id="x", title="X", senders=["a"], target="b", status="lifted",
            ...     milestones=[
            ...         {"action": "imposed", "date": "2006-12-23", "citations": [c]},
            ...         {"action": "terminated", "date": "2016-01-16", "citations": [c]}],
            ...     citations=[c]) if (c := {"source": "s", "quote": "q"}) else None
            >>> [s.in_force_on(dt.date(y, 6, 1)) for y in (2005, 2010, 2020)]
            [False, True, False]
        """
        spans = self.in_force_spans(sender)
        if spans is None:
            return None
        return any(lo <= day <= hi for lo, hi in spans)

    def opening_change(self) -> tuple[PartialDate, tuple[SanctionAction, ...]] | None:
        """The first dated step, with its actions, when it changes measures already in force
        (:data:`CHANGES`: eased, tightened, extended): the regime began before it, on a day the
        data does not hold. None when the first dated step begins the regime, or none is dated.

        Examples:
            >>> c = {"source": "s", "quote": "q"}
            >>> s = Sanction(id="x", title="X", senders=["us"], target="b", status="imposed",
            ...     citations=[c], milestones=[
            ...         {"action": "eased", "date": "2016-01-16", "citations": [c]}])
            >>> day, actions = s.opening_change()
            >>> str(day), [a.value for a in actions]
            ('2016-01-16', ['eased'])
        """
        dated = [m for m in self.milestones if m.date is not None]
        if not dated:
            return None
        first = min((m.date for m in dated if m.date is not None), key=lambda d: d.earliest)
        actions = sorted({m.action for m in dated if m.date == first}, key=lambda a: a.value)
        if not set(actions) <= CHANGES:
            return None
        return first, tuple(actions)

    def in_force_spans(self, sender: str | None = None) -> list[tuple[dt.date, dt.date]] | None:
        """The spells of the regime in force (for ``sender``, or for any sender).

        From the dated milestones when there are any, else from ``period``; None when neither
        says. Each sender's steps make runs in force (see the module's rule); the runs of the
        senders asked about (and a sender's own runs) that overlap or touch, one ending the
        day before the other starts, are one spell: a spell ends only on a day after which no
        sender's measures are in force. Spells are closed day intervals, oldest first, with
        at least one day between two of them; an open spell ends on ``date.max``.
        ``tests/test_rules_order.py`` holds the rule.

        Examples:
            >>> c = {"source": "s", "quote": "q"}
            >>> s = Sanction(id="x", title="X", senders=["us", "eu"], target="b",
            ...     status="imposed", citations=[c], milestones=[
            ...         {"action": "imposed", "date": "2010-01-01", "senders": ["us"],
            ...          "citations": [c]},
            ...         {"action": "lifted", "date": "2012-01-01", "senders": ["us"],
            ...          "citations": [c]},
            ...         {"action": "imposed", "date": "2012-01-01", "senders": ["eu"],
            ...          "citations": [c]}])
            >>> s.in_force_spans("us")
            [(datetime.date(2010, 1, 1), datetime.date(2011, 12, 31))]
            >>> s.in_force_spans() == [(dt.date(2010, 1, 1), dt.date.max)]  # touching: one
            True
        """
        dated = [m for m in self.milestones if m.date is not None]
        if not dated:
            if self.period is None:
                return None
            return [(self.period.earliest, self.period.latest)]
        senders = self.senders if sender is None else (sender,)
        runs = [run for who in senders for run in _runs([m for m in dated if m.concerns(who)])]
        return _merged(runs)


class Listing(Value):
    """A sanction's listing of an actor: the name it lists, and the quotes that name it.

    A sanction's ``listed`` holds names as its sources write them, not record ids. A Dataset
    resolves each name to an actor once (see :meth:`ruiran.Dataset.sanctions_naming`); a name
    that names exactly one actor makes a Listing. Datasets do not store it, so it is not part
    of the dataset format.

    Examples:
        >>> found = Listing(sanction="eu-sanctions-on-iran-over-military-support-to-russia",
        ...     actor="shahed-aviation-industries", name="Shahed Aviation Industries",
        ...     citations=[{"source": "s", "quote": "sanctions ... Shahed Aviation Industries"}])
        >>> found.actor, found.name
        ('shahed-aviation-industries', 'Shahed Aviation Industries')
    """

    sanction: RecordId = Field(description="Id of the sanction whose listing names the actor.")
    actor: RecordId = Field(description="Id of the actor the listed name resolves to.")
    name: str = Field(min_length=1, description="The name as the sanction's ``listed`` gives it.")
    citations: tuple[Citation, ...] = Field(
        default=(),
        description="The sanction's quotes that support its listing and name the actor (by the "
        "listed name or one of the actor's names); empty when none does.",
    )


def _runs(steps: Sequence[SanctionMilestone]) -> list[tuple[dt.date, dt.date]]:
    """The runs in force that dated steps (of one sender, in order) make.

    Each step takes effect on the first day its date covers; an ending step ends the run the
    day before.
    """
    runs: list[tuple[dt.date, dt.date]] = []
    start: dt.date | None = None
    for step in steps:
        assert step.date is not None
        day = step.date.earliest
        if step.action.in_force:
            if start is None:
                start = day
        elif start is not None:
            if day > start:
                runs.append((start, day - dt.timedelta(days=1)))
            start = None
    if start is not None:
        runs.append((start, dt.date.max))
    return runs


def _merged(runs: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Overlapping or touching runs joined into one, oldest first."""
    merged: list[tuple[dt.date, dt.date]] = []
    for lo, hi in sorted(runs):
        if merged and lo <= _next_day(merged[-1][1]):
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _next_day(day: dt.date) -> dt.date:
    return day if day == dt.date.max else day + dt.timedelta(days=1)


def _never_backwards(steps: Sequence[SanctionMilestone], sender: str) -> None:
    """Dated steps of one sender never go backwards, whatever undated steps stand between."""
    seen: list[PartialDate] = []
    for step in steps:
        if step.date is None:
            continue
        later = [d for d in seen if step.date.latest < d.earliest]
        if later:
            raise ValueError(
                f"'milestones' must be in date order for each sender: {step.action.value} on "
                f"{step.date} comes after a step on {later[0]} (sender {sender!r})"
            )
        seen.append(step.date)
