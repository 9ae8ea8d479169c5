"""Agreements between actors and the stages they pass through.

An :class:`Agreement` has parties (states, organizations or blocs), the areas it covers, the
obligations it states (ATOP's categories), and :class:`Milestone` records along the treaty
lifecycle of UN practice: proposed, announced intent, authorized, signed, ratified, in force,
suspended, withdrawn (one party's exit), completed (performed to its end), terminated. Each milestone carries its own date, actor and citations, and may
name the party whose step it is (a ratification, an accession, a withdrawal); a milestone that
names no party is a joint step and applies to every party.

An agreement's stage is per party: a party has reached the furthest stage among its own
milestones and the joint ones; the agreement as a whole has reached the stage that every party
has reached, the least advanced of theirs. So one party's withdrawal leaves the agreement where
the other parties are (the JCPOA stays in force after the United States withdrew), and a
contract that was suspended, resumed and carried out is ``completed``, not ``suspended``.

A party that joined later by its own step (an accession: every step of the agreement names a
party, and this party's own include no signature but a step beyond it, such as its
ratification) is a party only from that step (:meth:`Agreement.joined_on`): before it, it is
not counted, so the states that joined the INSTC in 2005 do not hold back the stage its three
founders had reached in 2002. Once it has joined, it does (the INSTC's overall stage is
``ratified``, Azerbaijan's); a question about some parties (``agreements_between``'s
``stage=``) judges the stage those parties reached, the least advanced of theirs.

Examples:
    >>> Stage.SIGNED > Stage.AUTHORIZED
    True
    >>> Stage.IN_FORCE < Stage.SUSPENDED < Stage.WITHDRAWN < Stage.COMPLETED < Stage.TERMINATED
    True
"""

import enum
from typing import Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ruiran.model.base import Modality, RecordId, Value
from ruiran.model.dates import PartialDate
from ruiran.model.provenance import Citation
from ruiran.model.record import Record

__all__ = [
    "ENDING",
    "TAKEN",
    "Agreement",
    "AgreementKind",
    "Area",
    "Milestone",
    "Obligation",
    "Stage",
]

#: Modalities of a milestone whose step was really taken (not only planned or imagined).
TAKEN = frozenset({Modality.OCCURRED, Modality.REPORTED_STATEMENT})


class Stage(enum.StrEnum):
    """A stage of an agreement's life, ordered from proposal to termination.

    Besides the steps of treaty practice (signature, ratification, entry into force,
    suspension, termination), two stages say how an agreement's life went on other than by its
    termination:

    - ``withdrawn``: one party left while the agreement went on between the others. It is a
      party's own step (``Milestone.party``); the agreement as a whole stays at the stage the
      other parties reached, since the overall stage is the least advanced of the parties'.
    - ``completed``: the agreement was carried out to its end (a supply contract delivered in
      full, a construction finished). The word names the state of the agreement (like "in
      force"), not a judgement of each party's conduct. Completion ranks above ``suspended``
      so that a contract suspended, resumed and carried out reads ``completed``.

    The order: proposed, announced_intent, authorized (the steps before signature, in any
    order), signed, ratified, in_force, suspended, withdrawn, completed, terminated. A
    suspension may be lifted: an ``in_force`` step after a ``suspended`` one is a
    resumption (see :meth:`Agreement.stage_on`).
    """

    PROPOSED = "proposed"
    ANNOUNCED_INTENT = "announced_intent"
    AUTHORIZED = "authorized"
    SIGNED = "signed"
    RATIFIED = "ratified"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"
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

#: Stages that end a party's part: its own withdrawal or termination, or a joint termination.
ENDING = frozenset({Stage.WITHDRAWN, Stage.TERMINATED})


def _resumes(stage: Stage, furthest: Stage) -> bool:
    """Whether a step at ``stage`` after one at ``furthest`` lifts a suspension (a resumption)."""
    return stage is Stage.IN_FORCE and furthest is Stage.SUSPENDED


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
    party: RecordId | None = Field(
        default=None,
        description="Id of the party whose step this is, one of the agreement's parties (a "
        "ratification, an accession, a withdrawal); none for a joint step, which applies to "
        "every party (a signature by all, an entry into force for all).",
    )
    modality: Modality = Field(
        default=Modality.OCCURRED, description="Whether the step happened or was only announced."
    )
    note: str | None = Field(default=None, description="What happened at this step, in a line.")
    citations: tuple[Citation, ...] = Field(
        min_length=1,
        description="Quotes that support this step; each names the fields it supports "
        "(`date`, `party`, ...).",
    )

    @model_validator(mode="after")
    def _citations_support_real_fields(self) -> Self:
        known = type(self).__pydantic_fields__
        for citation in self.citations:
            for name in citation.supports:
                if name not in known:
                    raise ValueError(
                        f"citation supports unknown field {name!r}; "
                        f"fields of Milestone are {sorted(known)!r}"
                    )
        return self

    def applies_to(self, party: str) -> bool:
        """Whether this step counts for ``party``: it is that party's own, or a joint step.

        Examples:
            >>> from ruiran.model import Citation
            >>> cite = (Citation(source="s", quote="ratified"),)
            >>> m = Milestone(stage="ratified", party="russia", citations=cite)
            >>> m.applies_to("russia"), m.applies_to("iran")
            (True, False)
            >>> Milestone(stage="signed", citations=cite).applies_to("iran")
            True
        """
        return self.party is None or self.party == party

    def _where(self, index: int) -> str:
        """``milestones[i] (stage, date[, party 'p'])`` for error messages."""
        whose = "" if self.party is None else f", party {self.party!r}"
        date = "" if self.date is None else f", {self.date}"
        return f"milestones[{index}] ({self.stage.value}{date}{whose})"


def _joins_later(milestones: tuple[Milestone, ...], party: str) -> bool:
    """Whether ``party`` joined by its own later step (an accession), not as a founder.

    It did when no step is joint (a joint step counts for every party from the start) and the
    party's own steps, whatever their modality, include no signature but a step beyond it.
    """
    own = [m for m in milestones if m.party == party]
    return (
        all(m.party is not None for m in milestones)
        and not any(m.stage is Stage.SIGNED for m in own)
        and any(m.stage > Stage.SIGNED for m in own)
    )


#: An earlier milestone to compare with: its index and the milestone.
_Step = tuple[int, Milestone]
#: An earlier dated milestone: its index, the milestone and its date.
_Dated = tuple[int, Milestone, PartialDate]


def _higher(a: _Step | None, b: _Step | None) -> _Step | None:
    """Of two earlier steps, the one furthest along the lifecycle (by phase)."""
    if a is None or b is None:
        return a or b
    return a if a[1].stage.phase >= b[1].stage.phase else b


def _begins_later(a: _Dated | None, b: _Dated | None) -> _Dated | None:
    """Of two earlier dated steps, the one that begins last."""
    if a is None or b is None:
        return a or b
    return a if a[2].earliest >= b[2].earliest else b


def _check_order(milestones: tuple[Milestone, ...]) -> None:
    """Raise unless every party's milestones follow the lifecycle and their dates never go back.

    The rule holds per party: the milestones that count for a party (its own and the joint
    ones, in list order) follow the lifecycle (the steps before signature in any order) and no
    dated one ends before an earlier dated one begins, whatever stands between. So a joint
    milestone is checked against every milestone before it; a party's own milestone against
    the joint ones and that party's own, never against another party's (Iran may ratify
    after Russia's entry into force for Russia). With no party named, this is one rule over
    the whole list.

    A date is "before" another when it ends before the other begins (partial dates are
    intervals: "2024" and "2024-10" overlap, so either may come first). Every earlier dated
    milestone counts, not only the nearest: an undated milestone, or a vague one such as
    "2024", between two dates must not hide "2024-10-15" followed by "2024-01-05". The one to
    beat is the earlier milestone that begins last: if a date does not end before that one
    begins, it ends before none of them begins. Likewise the stage to beat is the furthest.
    Each milestone costs the same whatever the number of parties.
    """
    # Furthest phase and latest-beginning date so far: among joint steps, per party, over all.
    joint_phase: _Step | None = None
    joint_date: _Dated | None = None
    own_phase: dict[str, _Step] = {}
    own_date: dict[str, _Dated] = {}
    any_phase: _Step | None = None
    any_date: _Dated | None = None
    for index, milestone in enumerate(milestones):
        party = milestone.party
        if party is None:  # a joint step counts for every party: beat every step before it
            phase_rival, date_rival = any_phase, any_date
        else:
            phase_rival = _higher(joint_phase, own_phase.get(party))
            date_rival = _begins_later(joint_date, own_date.get(party))
        if (
            phase_rival is not None
            and milestone.stage.phase < phase_rival[1].stage.phase
            and not _resumes(milestone.stage, phase_rival[1].stage)
        ):
            at, before = phase_rival
            raise ValueError(
                f"{milestone._where(index)} comes after {before._where(at)}: the milestones "
                f"of each party (its own and the joint ones) must follow the lifecycle "
                f"{[s.value for s in Stage]!r} (the steps before 'signed' in any order; "
                "'in_force' after 'suspended' is a resumption)"
            )
        date = milestone.date
        if date is not None and date_rival is not None and date.latest < date_rival[2].earliest:
            at, before, _ = date_rival
            raise ValueError(
                f"{milestone._where(index)} is dated before {before._where(at)}: no dated "
                "milestone may end before an earlier dated one of the same party (or a joint "
                "one) begins, whatever milestones stand between"
            )
        step = (index, milestone)
        any_phase = _higher(any_phase, step)
        if party is None:
            joint_phase = _higher(joint_phase, step)
        else:
            own_phase[party] = _higher(own_phase.get(party), step) or step
        if date is not None:
            dated = (index, milestone, date)
            any_date = _begins_later(any_date, dated)
            if party is None:
                joint_date = _begins_later(joint_date, dated)
            else:
                own_date[party] = _begins_later(own_date.get(party), dated) or dated


class Agreement(Record):
    """An agreement between actors, from an informal alignment to a ratified treaty.

    Examples:
        >>> from ruiran.model import Citation, PartialDate
        >>> cite = (Citation(source="s", quote="q"),)
        >>> treaty = Agreement(
        ...     id="t", title="T", kind="treaty", parties=("russia", "iran"), citations=cite,
        ...     milestones=(
        ...         Milestone(stage="signed", date="2025-01-17", citations=cite),
        ...         Milestone(stage="ratified", date="2025-04-21", party="russia", citations=cite),
        ...         Milestone(stage="ratified", date="2025-05-21", party="iran", citations=cite),
        ...     ),
        ... )
        >>> day = PartialDate.parse("2025-04-30")
        >>> treaty.stage_on(day), treaty.stage_on(day, party="russia")
        (<Stage.SIGNED: 'signed'>, <Stage.RATIFIED: 'ratified'>)
    """

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
        description="Lifecycle steps in date order, each joint or of one party (`party`). The "
        "steps that count for a party (its own and the joint ones) follow the lifecycle: "
        "proposed, announced intent and authorized (in any order), then signed, ratified, in "
        "force, suspended, withdrawn, completed, terminated (in force after suspended is a "
        "resumption); and no dated one ends before an earlier dated one "
        "begins (undated steps may stand anywhere).",
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
        cls, milestones: tuple[Milestone, ...], info: ValidationInfo
    ) -> tuple[Milestone, ...]:
        parties = info.data.get("parties")  # absent when the parties themselves were invalid
        if parties is not None:
            for index, milestone in enumerate(milestones):
                if milestone.party is not None and milestone.party not in parties:
                    raise ValueError(
                        f"milestones[{index}]: 'party' must be one of the agreement's parties "
                        f"{list(parties)!r} (got {milestone.party!r})"
                    )
        _check_order(milestones)
        return milestones

    def _check_party(self, party: str) -> None:
        if party not in self.parties:
            raise ValueError(
                f"'party' must be one of the parties of agreement {self.id!r}, "
                f"{list(self.parties)!r} (got {party!r})"
            )

    def _party_stage(self, party: str | None, when: PartialDate | None) -> Stage | None:
        """The furthest stage among the steps that count for ``party`` (None: every step).

        Steps are taken in list (date) order; an ``in_force`` step after a suspension lifts it.
        """
        stage: Stage | None = None
        for m in self.milestones:
            if not (
                m.modality in TAKEN
                and (party is None or m.applies_to(party))
                and (when is None or (m.date is not None and m.date.earliest <= when.latest))
            ):
                continue
            if stage is None or m.stage > stage or _resumes(m.stage, stage):
                stage = m.stage
        return stage

    def stage_on(self, when: PartialDate | None, party: str | None = None) -> Stage | None:
        """The stage reached by ``when``, by one party or by every party.

        A party has reached the furthest stage among the milestones that count for it (its own
        and the joint ones) that were taken (occurred or reported, not only planned). Without
        ``party``, the stage every party of the time has reached: the least advanced of the
        stages of the parties that were parties by ``when``, None while any of them has
        reached none. A founder is a party from the start; a party that joined later by its
        own step (:meth:`joined_later`) only once it has taken a step by ``when`` (with
        ``when`` given, a dated one), so a state that acceded in 2005 does not hold back the
        stage the founders had reached in 2002. So a treaty one party has ratified and
        the other has only signed is ``signed``; one party's withdrawal (its own ``withdrawn``,
        or its own ``terminated``) leaves the others' ``in_force`` and the agreement with them,
        and the agreement is ``terminated`` once a joint termination ends all. A suspension
        lasts until a later ``in_force`` step (a resumption) or a further stage such as
        ``completed``.

        Args:
            when: Count the dated milestones whose first day is not after the last day of
                ``when``; None counts every milestone, dated or not.
            party: Id of one of the agreement's parties, or None for every party.

        Raises:
            ValueError: when ``party`` is not one of the agreement's parties.

        Examples:
            >>> from ruiran.model import Citation, PartialDate
            >>> cite = (Citation(source="s", quote="q"),)
            >>> deal = Agreement(
            ...     id="d", title="D", kind="treaty", parties=("a", "b"), citations=cite,
            ...     milestones=(
            ...         Milestone(stage="in_force", date="2015", citations=cite),
            ...         Milestone(stage="withdrawn", date="2018", party="a", citations=cite),
            ...     ),
            ... )
            >>> day = PartialDate.parse("2019")
            >>> deal.stage_on(day).value, deal.stage_on(day, party="a").value
            ('in_force', 'withdrawn')

            A party that acceded in 2005 is not counted before it joined:

            >>> corridor = Agreement(
            ...     id="c", title="C", kind="treaty", parties=("a", "b", "c"), citations=cite,
            ...     milestones=tuple(
            ...         Milestone(stage=stage, date=year, party=party, citations=cite)
            ...         for stage, year, party in [
            ...             ("signed", "2000", "a"), ("signed", "2000", "b"),
            ...             ("in_force", "2002", "a"), ("in_force", "2002", "b"),
            ...             ("ratified", "2005", "c"),
            ...         ]
            ...     ),
            ... )
            >>> [str(corridor.stage_on(PartialDate.parse(y))) for y in ("2001", "2003", "2006")]
            ['signed', 'in_force', 'ratified']
        """
        if party is not None:
            self._check_party(party)
            return self._party_stage(party, when)
        if all(m.party is None for m in self.milestones):
            return self._party_stage(None, when)  # every party has the same steps
        stages: list[Stage | None] = []
        for p in self.parties:
            stage = self._party_stage(p, when)
            if stage is None and _joins_later(self.milestones, p):
                continue  # joined later, and not yet by `when`: not a party then
            stages.append(stage)
        if not stages or any(stage is None for stage in stages):
            return None
        return min(stage for stage in stages if stage is not None)

    def joined_later(self, party: str) -> bool:
        """Whether ``party`` joined by its own later step (an accession) rather than as a founder.

        It did when every milestone names a party (a joint step counts for every party, from
        the start) and its own steps include no signature but a step beyond it (a
        ratification, an entry into force). Such a party is a party only from its first taken
        step (see :meth:`joined_on`); a founder is one for the agreement's whole life.

        Raises:
            ValueError: when ``party`` is not one of the agreement's parties.

        Examples:
            >>> import ruiran
            >>> instc = ruiran.load()["instc-agreement-2000"]
            >>> instc.joined_later("azerbaijan"), instc.joined_later("india")
            (True, False)
        """
        self._check_party(party)
        return _joins_later(self.milestones, party)

    def joined_on(self, party: str) -> PartialDate | None:
        """When a party that joined later (:meth:`joined_later`) became a party.

        The date of its first dated, taken own step. None for a founder (a party from the
        start), and for a party that joined at a date the data does not give (it is then
        counted as a party on no date; :meth:`stage_on` with ``when=None`` counts it).

        Raises:
            ValueError: when ``party`` is not one of the agreement's parties.

        Examples:
            >>> import ruiran
            >>> instc = ruiran.load()["instc-agreement-2000"]
            >>> str(instc.joined_on("azerbaijan")), instc.joined_on("india")
            ('2005-09', None)
        """
        if not self.joined_later(party):
            return None
        dates = [
            m.date
            for m in self.milestones
            if m.party == party and m.modality in TAKEN and m.date is not None
        ]
        return min(dates, key=lambda d: (d.earliest, d.latest)) if dates else None

    @property
    def stage(self) -> Stage | None:
        """The stage every party has reached, dated or not (None if only announced).

        See :meth:`stage_on` with ``when=None``.
        """
        return self.stage_on(None)

    def terminated_on(self, party: str | None = None) -> PartialDate | None:
        """When a party's part in the agreement ended, or the agreement itself.

        A party's part ends with the last dated, taken ``withdrawn`` or ``terminated``
        milestone that counts for it (its own, such as a withdrawal, or a joint termination). The agreement ends when every
        party's part has ended: the latest of those dates. None while open (or when the
        termination is undated).

        Raises:
            ValueError: when ``party`` is not one of the agreement's parties.
        """
        if party is not None:
            self._check_party(party)
            return self._party_end(party)
        ends = [self._party_end(p) for p in self.parties]
        if any(end is None for end in ends):
            return None
        return max((end for end in ends if end is not None), key=lambda d: d.latest)

    def _party_end(self, party: str) -> PartialDate | None:
        ends = [
            m.date
            for m in self.milestones
            if m.stage in ENDING
            and m.date is not None
            and m.modality in TAKEN
            and m.applies_to(party)
        ]
        return max(ends, key=lambda d: d.latest) if ends else None

    @property
    def signed_on(self) -> PartialDate | None:
        """When the agreement was signed: by every signatory, when they sign apart.

        The date of each signatory's first dated, taken ``signed`` milestone (its own or a
        joint one); the latest of these. A party that joined later without signing (an
        accession: its own ``ratified`` or a further step, and no signature) is no signatory
        and does not count: the INSTC was signed on 2000-09-12 by its founders, whatever the
        date Azerbaijan joined. None when some signatory's signature is not dated in the data,
        or while a party has neither signed nor acceded.

        Examples:
            >>> import ruiran
            >>> ds = ruiran.load()
            >>> str(ds["treaty-comprehensive-strategic-partnership"].signed_on)
            '2025-01-17'
            >>> str(ds["instc-agreement-2000"].signed_on)
            '2000-09-12'
        """
        dates: list[PartialDate] = []
        for party in self.parties:
            steps = [m for m in self.milestones if m.modality in TAKEN and m.applies_to(party)]
            signatures = [m for m in steps if m.stage is Stage.SIGNED]
            if not signatures and any(m.stage > Stage.SIGNED for m in steps):
                continue  # acceded without signing: not a signatory
            own = [m.date for m in signatures if m.date is not None]
            if not own:
                return None
            dates.append(min(own, key=lambda d: (d.earliest, d.latest)))
        return max(dates, key=lambda d: (d.latest, d.earliest)) if dates else None
