"""A brute-force reading of every query: scan every record, as plainly as possible.

Written independently of the indexes; `test_queries.py` checks the indexed Dataset against it
on generated datasets, and the benchmarks time it as the brute-force baseline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Event,
    Modality,
    PartialDate,
    Period,
    Person,
    Sanction,
    Stage,
    State,
)

__all__ = ["MAX", "MIN", "Reference", "Relation", "Span", "meet"]

Span = tuple[dt.date, dt.date]
Relation = Agreement | Event | Sanction
MAX = dt.date.max
MIN = dt.date.min


def _span(value: PartialDate | Period | None) -> Span | None:
    return None if value is None else (value.earliest, value.latest)


def status_on(record: Sanction, sender: str, day: dt.date) -> bool | None:
    """Brute force: is the regime in force for ``sender`` on ``day``? (None: nothing dated)

    The last dated milestone concerning the sender that has taken effect by ``day`` (on the
    first day its date covers) decides: in force unless it suspended, lifted or terminated.
    """
    steps = [
        m
        for m in record.milestones
        if m.date is not None and (not m.senders or sender in m.senders)
    ]
    if not steps:
        return None
    taken = [m for m in steps if m.date is not None and m.date.earliest <= day]
    if not taken:
        return False
    return taken[-1].action.value not in ("suspended", "lifted", "terminated")


def runs(record: Sanction, sender: str) -> list[Span] | None:
    """Brute force: the runs of days in force for ``sender``, from the status at each change."""
    if not any(m.date is not None for m in record.milestones):
        whole = _span(record.period)
        return None if whole is None else [whole]
    changes = sorted({m.date.earliest for m in record.milestones if m.date is not None})
    found: list[Span] = []
    for i, day in enumerate(changes):
        if not status_on(record, sender, day):
            continue
        end = changes[i + 1] - dt.timedelta(days=1) if i + 1 < len(changes) else MAX
        if found and found[-1][1] + dt.timedelta(days=1) == day:
            found[-1] = (found[-1][0], end)
        else:
            found.append((day, end))
    return found


def meet(a: Span, b: Span) -> Span | None:
    """The days two spans share, or None."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


class Reference:
    """Every query answered by scanning every record."""

    def __init__(self, records: list[AnyRecord]) -> None:
        self.records = records
        self.blocs = {r.id: r for r in records if isinstance(r, Bloc)}
        states = {r.id for r in records if isinstance(r, State)}
        #: A person's dated offices of a state: (state, first day, last day).
        self.offices = {
            r.id: [
                (p.of, p.period.earliest, p.period.latest)
                for p in r.positions
                if p.of in states and p.period is not None
            ]
            for r in records
            if isinstance(r, Person)
        }

    @staticmethod
    def party_end(record: Agreement, party: str) -> dt.date | None:
        """The last day of a party's part: its own or a joint termination that was taken."""
        ends = [
            m.date.latest
            for m in record.milestones
            if m.stage in (Stage.WITHDRAWN, Stage.TERMINATED)
            and m.date is not None
            and m.modality in (Modality.OCCURRED, Modality.REPORTED_STATEMENT)
            and m.party in (None, party)
        ]
        return max(ends) if ends else None

    @staticmethod
    def span(record: Relation) -> Span | None:
        """An event's date, a sanction's period, an agreement's life (first milestone to the
        end of the last party's part, when every party's part has ended)."""
        if isinstance(record, Event):
            return _span(record.date)
        if isinstance(record, Sanction):
            if record.period is not None:
                return _span(record.period)
            days = [
                day
                for m in record.milestones
                if m.date is not None
                for day in (m.date.earliest, m.date.latest)
            ]
            days += [day for x in record.senders for run in runs(record, x) or () for day in run]
            return (min(days), max(days)) if days else None
        dates = [m.date for m in record.milestones if m.date is not None]
        if not dates:
            return None
        ends = [Reference.party_end(record, p) for p in record.parties]
        end = MAX if None in ends else max(e for e in ends if e is not None)
        return (min(d.earliest for d in dates), end)

    @staticmethod
    def party_stage(record: Agreement, party: str, on: Span | None) -> Stage | None:
        """The furthest stage among a party's own and the joint milestones that were taken."""
        ranks = [
            m.stage.rank
            for m in record.milestones
            if m.modality in (Modality.OCCURRED, Modality.REPORTED_STATEMENT)
            and m.party in (None, party)
            and (on is None or (m.date is not None and m.date.earliest <= on[1]))
        ]
        return list(Stage)[max(ranks)] if ranks else None

    @staticmethod
    def joiner(record: Agreement, party: str) -> bool:
        """Whether a party joined later by its own step: no step is joint, and its own steps
        include no signature but a step beyond it."""
        own = [m.stage.rank for m in record.milestones if m.party == party]
        signed = Stage.SIGNED.rank
        no_joint = all(m.party is not None for m in record.milestones)
        return no_joint and signed not in own and any(rank > signed for rank in own)

    @staticmethod
    def joined(record: Agreement, party: str) -> dt.date | None:
        """The first day of a joiner's first dated own step that was taken (None: undated)."""
        days = [
            m.date.earliest
            for m in record.milestones
            if m.party == party
            and m.date is not None
            and m.modality in (Modality.OCCURRED, Modality.REPORTED_STATEMENT)
        ]
        return min(days) if days else None

    @staticmethod
    def stage(record: Agreement, on: Span | None) -> Stage | None:
        """The stage every party of the time reached: the least advanced, None if one reached
        none; a joiner is a party of the time once it has a step by then."""
        stages = [Reference.party_stage(record, p, on) for p in record.parties]
        stages = [
            s
            for p, s in zip(record.parties, stages, strict=True)
            if s is not None or not Reference.joiner(record, p)
        ]
        if not stages or any(s is None for s in stages):
            return None
        return list(Stage)[min(s.rank for s in stages if s is not None)]

    @staticmethod
    def sides(record: Relation) -> list[tuple[str, str]]:
        """The actors a record names, with their roles."""
        if isinstance(record, Agreement):
            return [(p, "party") for p in record.parties]
        if isinstance(record, Event):
            return [(p.actor, p.role.value) for p in record.participants]
        return [(s, "sender") for s in record.senders] + [(record.target, "target")]

    @staticmethod
    def own_days(record: Relation, named: str) -> Span | None:
        """The days an actor the record names takes part itself (None: undated)."""
        whole = Reference.span(record)
        if whole is None or not isinstance(record, Agreement):
            return whole
        end = Reference.party_end(record, named)  # a party's part ends at its own end
        days = whole if end is None else (whole[0], min(whole[1], end))
        if Reference.joiner(record, named):  # and a joiner's begins with its step
            start = Reference.joined(record, named)
            return None if start is None else (max(days[0], start), days[1])
        return days

    @staticmethod
    def parts(
        record: Relation,
        blocs: dict[str, Bloc],
        offices: dict[str, list[tuple[str, dt.date, dt.date]]] | None = None,
    ) -> Iterator[tuple[str, str, Span | None]]:
        """Everyone taking part: (actor, role, the days it takes part; None: undated).

        In an event, a person takes part for each state they held a dated office of on the
        event's days, on those days (an undated event: any such office, days unknown).

        A bloc's member takes part while its membership overlaps the days the bloc takes part;
        a party to an agreement takes part until its own part ends, and one that joined later
        from its first dated step (None when no step of it is dated).
        """
        for named, role in Reference.sides(record):
            days = Reference.own_days(record, named)
            yield named, role, days
            if isinstance(record, Event):  # a person acts for the states they serve that day
                for state, first, last in offices.get(named, ()) if offices else ():
                    if days is None:
                        yield state, role, None
                    elif meet(days, (first, last)) is not None:
                        yield state, role, meet(days, (first, last))
            bloc = blocs.get(named)
            for m in bloc.members if bloc else ():
                if days is None:
                    yield m.member, role, None
                    continue
                own = (MIN, MAX) if m.period is None else (m.period.earliest, m.period.latest)
                shared = meet(days, own)
                if shared is not None:
                    yield m.member, role, shared

    def takes_part(
        self,
        record: Relation,
        actor: str,
        window: Span | None,
        roles: Iterable[str] | None = None,
    ) -> bool:
        for who, role, days in self.parts(record, self.blocs, self.offices):
            if who != actor or (roles is not None and role not in roles):
                continue
            if window is None or (days is not None and meet(days, window) is not None):
                return True
        return False

    @staticmethod
    def ordered(found: list[Any]) -> tuple[Any, ...]:
        def key(r: Relation) -> tuple[int, dt.date, dt.date, str]:
            if isinstance(r, Agreement):
                dates = [m.date for m in r.milestones if m.date is not None]
                d: PartialDate | Period | None = min(dates) if dates else None
            elif isinstance(r, Sanction):  # its span: from the first run in force to the last
                whole = Reference.span(r)
                return (1, MAX, MAX, r.id) if whole is None else (0, whole[0], whole[1], r.id)
            else:
                d = r.date
            return (1, MAX, MAX, r.id) if d is None else (0, d.earliest, d.latest, r.id)

        return tuple(sorted(found, key=key))

    def agreements(
        self, actors: tuple[str, ...], on: Span | None, area: str | None, stage: str | None
    ) -> tuple[Agreement, ...]:
        found = []
        for r in self.records:
            if not isinstance(r, Agreement) or not all(self.takes_part(r, a, on) for a in actors):
                continue
            if area is not None and area not in r.areas:
                continue
            if stage is not None:  # the stage the asked actors reached, the least of theirs
                reached = [self._stage_within(r, a, on) for a in actors]
                if any(s is None or s.rank < Stage(stage).rank for s in reached):
                    continue
            found.append(r)
        return self.ordered(found)

    def _stage_within(self, record: Agreement, actor: str, on: Span | None) -> Stage | None:
        """An asked actor's stage by the end of ``on``: its own as a party, its bloc's while a
        member during ``on`` (None otherwise)."""
        if actor in record.parties:
            return self.party_stage(record, actor, on)
        for bloc in record.parties:
            if bloc in self.blocs and self.takes_part_via(record, actor, bloc, on):
                return self.party_stage(record, bloc, on)
        return None

    def stage_of(self, record: Agreement, on: Span | None, party: str | None) -> Stage | None:
        """The stage overall, or of a party: directly, or as a member of a bloc party (the
        first, in the order of the parties, of which it was a member during ``on``).

        Raises:
            LookupError: when ``party`` is no party, directly or through a bloc, at any time.
        """
        if party is None:
            return self.stage(record, on)
        if party in record.parties:
            return self.party_stage(record, party, on)
        if not self.takes_part(record, party, None):
            raise LookupError(party)
        for bloc in record.parties:
            if bloc in self.blocs and self.takes_part_via(record, party, bloc, on):
                return self.party_stage(record, bloc, on)
        return None

    def takes_part_via(self, record: Agreement, actor: str, bloc: str, on: Span | None) -> bool:
        """Whether ``actor`` takes part in ``record`` as a member of ``bloc`` (during ``on``)."""
        members = [(m.member, m.period) for m in self.blocs[bloc].members if m.member == actor]
        days = next(d for who, _, d in self.parts(record, {}) if who == bloc)
        for _, period in members:
            if on is None:
                if days is None:
                    return True
                own = (MIN, MAX) if period is None else (period.earliest, period.latest)
                if meet(days, own) is not None:
                    return True
            elif days is not None:
                own = (MIN, MAX) if period is None else (period.earliest, period.latest)
                shared = meet(days, own)
                if shared is not None and meet(shared, on) is not None:
                    return True
        return False

    def events(
        self, actors: tuple[str, ...], window: Span | None, kind: str | None
    ) -> tuple[Event, ...]:
        found = [
            r
            for r in self.records
            if isinstance(r, Event)
            and (kind is None or r.kind.value == kind or r.kind.cameo.startswith(kind))
            and all(self.takes_part(r, a, window) for a in actors)
        ]
        return self.ordered(found)

    def sanctions(
        self, target: str | None, sender: str | None, on: Span | None
    ) -> tuple[Sanction, ...]:
        found = [
            r
            for r in self.records
            if isinstance(r, Sanction) and self._sanction_holds(r, target, sender, on)
        ]
        return self.ordered(found)

    def _sanction_holds(
        self, record: Sanction, target: str | None, sender: str | None, on: Span | None
    ) -> bool:
        """Some sender's run in force meets ``on``, and during it the target is targeted and
        ``sender`` sends (directly, or as a member of that very sending bloc)."""
        if on is None or self.span(record) is None:
            return (target is None or self.takes_part(record, target, on, ["target"])) and (
                sender is None or self.takes_part(record, sender, on, ["sender"])
            )
        for x in record.senders:
            for run in runs(record, x) or ():
                during = meet(run, on)
                if during is None:
                    continue
                if target is not None and not self._in(record.target, target, during):
                    continue
                if sender is not None and not self._in(x, sender, during):
                    continue
                return True
        return False

    def _in(self, named: str, actor: str, during: Span) -> bool:
        """Whether ``actor`` is ``named``, or a member of bloc ``named`` at some day of ``during``."""
        if named == actor:
            return True
        bloc = self.blocs.get(named)
        return bloc is not None and any(
            m.member == actor
            and (m.period is None or meet((m.period.earliest, m.period.latest), during))
            for m in bloc.members
        )

    def timeline(self, actors: tuple[str, ...], window: Span | None) -> list[tuple[Any, ...]]:
        """The dated entries about one actor or a pair, as (first day, last day, record id,
        milestone position or None), oldest first.

        Events in which every actor takes part during ``window``; milestones (in ``window``) of
        agreements in which every actor takes part at the milestone's date; sanctions in which
        the actor takes part (for a pair: one sends while the other is targeted) during
        ``window``: their period, and their dated steps in ``window``.
        """
        events: list[tuple[Any, ...]] = []
        agreements: list[tuple[Any, ...]] = []
        sanctions: list[tuple[Any, ...]] = []
        for r in self.records_of(Event, Agreement, Sanction):
            if isinstance(r, Event):
                if r.date is not None and all(self.takes_part(r, x, window) for x in actors):
                    events.append((r.date.earliest, r.date.latest, r.id, None))
            elif isinstance(r, Agreement):
                if not all(self.takes_part(r, x, None) for x in actors):
                    continue
                for i, m in enumerate(r.milestones):
                    when = _span(m.date)
                    if when is None or (window is not None and meet(when, window) is None):
                        continue
                    if all(self.takes_part(r, x, when) for x in actors):
                        agreements.append((when[0], when[1], r.id, i))
            else:
                if len(actors) == 1:
                    found = self.takes_part(r, actors[0], window)
                else:
                    a, b = actors
                    found = any(
                        self.takes_part(r, x, window, ["sender"])
                        and self.takes_part(r, y, window, ["target"])
                        for x, y in ((a, b), (b, a))
                    )
                if not found:
                    continue
                if r.period is not None:
                    sanctions.append((r.period.earliest, r.period.latest, r.id, None))
                for i, step in enumerate(r.milestones):
                    when = _span(step.date)
                    if when is not None and (window is None or meet(when, window) is not None):
                        sanctions.append((when[0], when[1], r.id, i))
        return sorted(events + agreements + sanctions, key=lambda e: (*e[:3], e[3] or 0))

    def records_of(self, *kinds: type[Relation]) -> list[Relation]:
        """The records of these kinds, in dataset order."""
        return [r for r in self.records if isinstance(r, kinds)]
