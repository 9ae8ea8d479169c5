"""Coverage of answers: whether the data covers a question, and the gaps, in sentences.

One rule, for every question shape: a question is complete when every part of it lies inside
the dataset's coverage (:class:`~ruiran.model.coverage.Coverage`): its kind; each actor in its
role (a sender or target asked for must be listed by a statement, an actor left open needs a
statement that lists none; a statement's parties must all be among the question's actors); and
its window, clipped at ``as_of``, inside the periods of the statements that hold its actors
(an open end runs to ``as_of``). A window without a start reaches back to the beginning of time;
a window without an end stops at ``as_of``. A window reaching past ``as_of`` is a gap of its own:
"the data runs to ...". Each part that is not covered is a gap: one sentence.

A statement of ``extent`` ``"researched"`` (the records were searched for, not all found)
never makes an answer complete. For a question inside it (its kind, its parties, the event
kinds under its ``cameo`` prefix, a window inside its period) it stands in for the gap
"... are not covered" with a sentence of its own, what was researched and how far (its
``note``); a question that reaches it only partly (every event kind, or a window starting
before it) names both; one outside it (another kind, a window before it) the generic gap only.
A person asked for stands for the states they served during the window: a question about
Putin's meetings with Iran in 2015 meets the statement on Russia's and Iran's meetings, and
names it beside its own generic gap (no statement lists a person, so none holds it).

Narrowing a question (a shorter window, a named sender for "any", a second actor) never turns
a complete answer into an incomplete one: each part only moves inside what covered it.

A dataset without a coverage file covers nothing: every answer says so, in one sentence.

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> ds.sanctions_on("Iran", by="United Nations Security Council", on="2007").complete
    True
    >>> ds.sanctions_on("Iran", by="China").gaps[0]
    'sanctions sent by China on Iran are not covered'
    >>> met = ds.events_between("Russia", "Iran", kind="04", start="2010", end="2012")
    >>> met.complete, met.gaps[0].split(":")[0]
    (False, 'meetings between Russia and Iran (CAMEO 04) from 2000 are researched, not complete')
    >>> ds.events_between("Russia", "Iran", kind="17").gaps
    ('events between Russia and Iran are not covered',)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import combinations
from typing import TYPE_CHECKING, Any, Final

from ruiran.dataset.actors import name
from ruiran.dataset.index import Index
from ruiran.query.timespan import Span, intersect

if TYPE_CHECKING:
    from ruiran.coded.store import CodedStore
    from ruiran.model import EventKind
    from ruiran.model.coverage import Coverage, CoveredKind, Statement

__all__ = [
    "NO_COVERAGE",
    "after",
    "clip",
    "merge",
    "on_coded",
    "on_kind",
    "on_members",
    "on_offices",
    "on_pair",
    "on_pairs",
    "on_parties",
    "on_sanctions",
    "reaches",
    "researched",
    "served",
]

#: The gap of every answer from a dataset that states no coverage.
NO_COVERAGE: Final = (
    "the dataset states no coverage (no coverage file): no answer is known complete"
)

_PLURAL: Final[dict[str, str]] = {
    "sanction": "sanctions",
    "agreement": "agreements",
    "event": "events",
}


def clip(window: Span | None, coverage: Coverage | None) -> Span | None:
    """The query window with its end at ``as_of`` (open ends are "still so at ``as_of``").

    Returns the window unchanged without coverage, and None for no window.
    """
    if window is None or coverage is None:
        return window
    return (window[0], min(window[1], coverage.as_of))


def after(window: Span | None, coverage: Coverage | None) -> bool:
    """Whether the whole window lies after ``as_of``: the data can hold nothing there."""
    return window is not None and coverage is not None and window[0] > coverage.as_of


def on_sanctions(
    index: Index,
    coverage: Coverage | None,
    window: Span | None,
    *,
    senders: Iterable[str | None],
    targets: Iterable[str | None],
) -> tuple[str, ...]:
    """The gaps of a sanctions question: sent by one of ``senders`` (None: any sender) on one
    of ``targets`` (None: any target), during ``window``.

    A researched statement whose senders and targets meet the question, in a period that meets
    its window, holds its days as a complete one does and adds its own sentence
    (:func:`researched`): the answer is never complete.
    """
    if coverage is None:
        return (NO_COVERAGE,)
    statements = [s for s in coverage.covers if s.kind == "sanction"]
    gaps: list[str] = []
    for sender in senders:
        for target in targets:
            # A researched statement that meets the question holds its days like a complete
            # one, and adds its sentence: the answer is never complete.
            met = [
                s
                for s in statements
                if s.extent == "researched"
                and (sender is None or not s.senders or sender in s.senders)
                and (target is None or not s.targets or target in s.targets)
                and reaches(s, coverage, window)
            ]
            held = [s for s in statements if s.extent == "complete" or s in met]
            gaps += _sanction_gaps(index, coverage, held, window, sender, target)
            gaps += [researched(index, s) for s in met]
    return _unique([*gaps, *_as_of_gap(coverage, window)])


def on_parties(
    index: Index,
    coverage: Coverage | None,
    kind: CoveredKind,
    actors: tuple[str, ...],
    window: Span | None,
    *,
    kinds: frozenset[EventKind] | None = None,
) -> tuple[str, ...]:
    """The gaps of a question about agreements or events in which all ``actors`` take part
    (no actor: every agreement or event), of the event ``kinds`` asked (None: every kind).

    A statement with a ``cameo`` prefix holds only questions whose kinds all lie under it; a
    researched statement that meets the question adds its sentence (:func:`researched`) and,
    for the question's kinds inside it, stands in for "... are not covered" in its period.
    """
    if coverage is None:
        return (NO_COVERAGE,)
    what = _PLURAL[kind] + _among(index, actors)
    stated = [s for s in coverage.covers if s.kind == kind and set(s.parties) <= set(actors)]
    standing = {*actors, *served(index, actors, clip(window, coverage))}
    met = [
        s
        for s in coverage.covers
        if s.kind == kind
        and set(s.parties) <= standing
        and s.extent == "researched"
        and _meets(s, kinds)
        and reaches(s, coverage, window)
    ]
    holding = [s for s in stated if _holds(s, kinds) and (s.extent == "complete" or s in met)]
    gaps = (
        [f"{what} are not covered"]
        if not holding
        else _period_gaps(what, coverage, holding, window)
    )
    gaps += [researched(index, s) for s in met]
    return _unique([*gaps, *_as_of_gap(coverage, window)])


def served(index: Index, actors: Iterable[str], window: Span | None) -> tuple[str, ...]:
    """The states the persons among ``actors`` served during ``window`` (None: ever), each
    once, in the order of the actors and their terms.

    A person's meetings are their state's while in office (:func:`~ruiran.dataset.index.served_by`),
    so a researched statement about the state meets a question about the person; it never
    holds one (no statement lists a person): the generic gap stays beside its sentence.
    """
    return tuple(
        dict.fromkeys(
            state
            for actor in actors
            for state, term in index.served.get(actor, ())
            if window is None or intersect(window, term) is not None
        )
    )


def researched(index: Index, statement: Statement) -> str:
    """The gap a researched statement puts in an answer it meets: what was researched, how far.

    Examples:
        >>> import ruiran
        >>> from ruiran.model.coverage import Statement
        >>> said = Statement(kind="event", parties=("russia", "iran"), cameo="04",
        ...                  extent="researched", period="2000/..", note="swept by source")
        >>> researched(ruiran.load()._index, said)
        'meetings between Russia and Iran (CAMEO 04) from 2000 are researched, not complete: swept by source'
    """
    what = "meetings" if statement.cameo == "04" else _PLURAL.get(statement.kind, statement.kind)
    what += _among(index, statement.parties)
    for role, actors in (("sent by", statement.senders), ("on", statement.targets)):
        if actors:
            what += f" {role} " + " or ".join(name(index, a) for a in actors)
    if statement.cameo is not None:
        what += f" (CAMEO {statement.cameo})"
    start, end = statement.period.start, statement.period.end
    span = (
        f"from {start}"
        if end is None
        else f"until {end}"
        if start is None
        else f"from {start} to {end}"
    )
    note = f": {' '.join(statement.note.split())}" if statement.note else ""
    return f"{what} {span} are researched, not complete{note}"


def _among(index: Index, actors: tuple[str, ...]) -> str:
    """The actors of a gap sentence: "", " involving Iran", " between Russia and Iran"."""
    named = [name(index, a) for a in actors]
    if not named:
        return ""
    return f" involving {named[0]}" if len(named) == 1 else " between " + " and ".join(named)


def _holds(statement: Statement, kinds: frozenset[EventKind] | None) -> bool:
    """Whether every event kind asked (None: every kind) lies under the statement's prefix."""
    prefix = statement.cameo
    return prefix is None or (kinds is not None and all(k.cameo.startswith(prefix) for k in kinds))


def _meets(statement: Statement, kinds: frozenset[EventKind] | None) -> bool:
    """Whether some event kind asked (None: every kind) lies under the statement's prefix."""
    prefix = statement.cameo
    return prefix is None or kinds is None or any(k.cameo.startswith(prefix) for k in kinds)


def reaches(statement: Statement, coverage: Coverage, window: Span | None) -> bool:
    """Whether the window (clipped at ``as_of``; None: all time) shares a day with the
    statement's period: a window wholly after ``as_of`` is reached by none."""
    lo, hi = (dt.date.min, coverage.as_of) if window is None else window
    hi = min(hi, coverage.as_of)
    return statement.period.earliest <= hi and min(statement.period.latest, coverage.as_of) >= lo


def on_kind(
    index: Index, coverage: Coverage | None, kind: CoveredKind, window: Span | None
) -> tuple[str, ...]:
    """The gaps of a question about every record of ``kind`` during ``window``, naming no actor
    (a listing of every sanction): only a statement that lists no actor in any role holds it.

    Examples:
        >>> import ruiran
        >>> ds = ruiran.load()
        >>> on_kind(ds._index, ds.coverage, "sanction", None)[0]
        'sanctions are covered only when sent by United States (from 1979-11-14) or United Nations Security Council (from 2006-12-23); researched, not complete, when sent by European Union (from 2014-03-06) or United States (from 2014-03-06)'
    """
    if kind == "sanction":
        return on_sanctions(index, coverage, window, senders=[None], targets=[None])
    return on_parties(index, coverage, kind, (), window)


def on_coded(
    coded: CodedStore | None, coverage: Coverage | None, window: Span | None
) -> tuple[str, ...]:
    """The gap of an answer's coded part (GDELT): a window reaching past its last coded day.

    The coded events are not clipped at ``as_of`` (they are their own evidence, read from the
    files a user ingested, and may run later than the cited records); the answer says instead
    how far they run when the question asks for later days: its end, or for an open end the
    later of ``as_of`` and the last coded day ("to date"). No coded events: no gap.
    """
    if coded is None or not len(coded):
        return ()
    days = coded.indexes().sqldate
    last_code = int(days.max())
    last = dt.date(last_code // 10000, last_code // 100 % 100, last_code % 100)
    end = dt.date.max if window is None else window[1]
    if end == dt.date.max:
        end = last if coverage is None else max(coverage.as_of, last)
    if end <= last:
        return ()
    return (f"the coded events ({coded.dataset.upper()}) run to {last.isoformat()}",)


def on_offices(
    index: Index,
    coverage: Coverage | None,
    actor: str,
    title: str | None,
    window: Span | None,
    *,
    held_by: bool = False,
) -> tuple[str, ...]:
    """The gaps of a question about the offices of ``actor`` (the holders of the offices of
    a state or organization, or with ``held_by`` the offices a person held), of one ``title``
    or of every title (None), during ``window``.

    Titles compare without regard to case. Asked for every title, a statement that lists some
    titles leaves the others uncovered: that is a gap of its own.
    """
    if coverage is None:
        return (NO_COVERAGE,)
    named = name(index, actor)
    what = f"offices held by {named}" if held_by else f"offices of {named}"
    if title is not None:
        what += f" titled {title!r}"
    statements = [
        s for s in coverage.covers if s.kind == "office" and (not s.parties or actor in s.parties)
    ]
    if not statements:
        return _unique([f"{what} are not covered", *_as_of_gap(coverage, window)])
    gaps: list[str] = []
    if title is None:
        holding = [s for s in statements if not s.titles]
        if not holding:
            titles = sorted({t for s in statements for t in s.titles})
            gaps.append(f"{what} are covered only for the titles {', '.join(titles)}")
            holding = statements
    else:
        folded = title.casefold()
        holding = [
            s for s in statements if not s.titles or folded in {t.casefold() for t in s.titles}
        ]
        if not holding:
            gaps.append(f"{what} are not covered")
    if holding:
        if title is None and gaps:
            # The titles covered: each for its own periods; a title whose periods leave part
            # of the window open says so.
            for covered in sorted({t for s in holding for t in s.titles}):
                held = [s for s in holding if covered in s.titles]
                gaps += _period_gaps(f"{what} titled {covered!r}", coverage, held, window)
        else:
            gaps += _period_gaps(what, coverage, holding, window)
    return _unique([*gaps, *_as_of_gap(coverage, window)])


def on_members(
    index: Index, coverage: Coverage | None, bloc: str, window: Span | None
) -> tuple[str, ...]:
    """The gaps of a question about the members of ``bloc`` during ``window``: covered where a
    ``membership`` statement names the bloc (or names no bloc) for the whole window.

    A membership statement's period starts when the bloc was founded: the bloc had no members
    before it, so the days before the earliest statement are no gap.
    """
    if coverage is None:
        return (NO_COVERAGE,)
    what = f"the members of {name(index, bloc)}"
    statements = [
        s
        for s in coverage.covers
        if s.kind == "membership" and (not s.parties or bloc in s.parties)
    ]
    if not statements:
        return _unique([f"{what} are not covered", *_as_of_gap(coverage, window)])
    founded = min(s.period.earliest for s in statements)
    lo, hi = (dt.date.min, dt.date.max) if window is None else window
    gaps = [] if hi < founded else _period_gaps(what, coverage, statements, (max(lo, founded), hi))
    return _unique([*gaps, *_as_of_gap(coverage, window)])


def on_pairs(
    index: Index,
    coverage: Coverage | None,
    states: list[str],
    window: Span | None,
    *,
    kinds: frozenset[EventKind],
) -> tuple[str, ...]:
    """The gaps of a question about the events between any two of ``states`` (of ``kinds``,
    during ``window``): each pair's gaps (:func:`on_parties`), but the pairs no statement
    meets at all in one sentence naming the states, not a sentence per pair (a summit of 15
    states has 105 pairs).

    Examples:
        >>> import ruiran
        >>> from ruiran.model import EventKind
        >>> ds = ruiran.load()
        >>> meetings = frozenset(k for k in EventKind if k.cameo.startswith("04"))
        >>> days = (dt.date(2010, 6, 8), dt.date(2010, 6, 8))
        >>> gaps = on_pairs(ds._index, ds.coverage, ["turkey", "russia", "iran"], days,
        ...                 kinds=meetings)
        >>> [gap.split(":")[0] for gap in gaps]  # doctest: +NORMALIZE_WHITESPACE
        ['meetings between Russia and Iran (CAMEO 04) from 2000 are researched, not complete',
         'events between any other two of Turkey, Russia and Iran are not covered']
    """
    gaps: list[str] = []
    uncovered: list[str] = []
    for a, b in combinations(states, 2):
        said = on_parties(index, coverage, "event", (a, b), window, kinds=kinds)
        if said == (f"events{_among(index, (a, b))} are not covered",):
            uncovered += [a, b]
        else:
            gaps += said
    if uncovered:
        named = [name(index, s) for s in dict.fromkeys(s for s in states if s in uncovered)]
        other = " other" if gaps else ""
        gaps.append(
            f"events between any{other} two of {', '.join(named[:-1])} and {named[-1]} "
            "are not covered"
        )
    return _unique(gaps)


def on_pair(
    index: Index, coverage: Coverage | None, actors: tuple[str, ...], window: Span | None
) -> tuple[str, ...]:
    """The gaps of a timeline about one actor or a pair: its agreements, events and sanctions
    (sent by one on the other; for one actor, sent or received)."""
    if coverage is None:
        return (NO_COVERAGE,)
    sides: list[str | None] = list(actors) if len(actors) == 2 else [actors[0], None]
    sanctions = (
        on_sanctions(index, coverage, window, senders=[actors[0]], targets=[None])
        + on_sanctions(index, coverage, window, senders=[None], targets=[actors[0]])
        if len(actors) == 1
        else on_sanctions(index, coverage, window, senders=sides[:1], targets=sides[1:])
        + on_sanctions(index, coverage, window, senders=sides[1:], targets=sides[:1])
    )
    return _unique(
        [
            *on_parties(index, coverage, "agreement", actors, window),
            *on_parties(index, coverage, "event", actors, window),
            *sanctions,
        ]
    )


def merge(first: Coverage | None, second: Coverage | None) -> Coverage | None:
    """The coverage of two datasets merged: the union of their statements.

    The later ``as_of`` is the merged one; a statement of the dataset with the earlier
    ``as_of`` keeps its own end (its open end is closed at its dataset's ``as_of``), so no
    statement claims days its data did not reach. Without a coverage file on one side, the
    other's stands alone.

    Examples:
        >>> from ruiran.model.coverage import Coverage, Statement
        >>> from ruiran.model import Period
        >>> a = Coverage(as_of=dt.date(2024, 1, 1), covers=(
        ...     Statement(kind="agreement", period=Period.parse("2000/..")),))
        >>> b = Coverage(as_of=dt.date(2025, 1, 1))
        >>> m = merge(a, b)
        >>> m.as_of.isoformat(), str(m.covers[0].period)
        ('2025-01-01', '2000/2024-01-01')
    """
    from ruiran.model.coverage import Coverage
    from ruiran.model.dates import PartialDate, Period

    if first is None or second is None:
        return second if first is None else first
    as_of = max(first.as_of, second.as_of)
    covers: list[Statement] = []
    for part in (first, second):
        for statement in part.covers:
            if part.as_of < as_of and statement.period.end is None:
                end = PartialDate.from_date(part.as_of)
                statement = statement.model_copy(
                    update={"period": Period(statement.period.start, end)}
                )
            if statement not in covers:
                covers.append(statement)
    return Coverage(as_of=as_of, covers=tuple(covers))


def _sanction_gaps(
    index: Index,
    coverage: Coverage,
    statements: list[Statement],
    window: Span | None,
    sender: str | None,
    target: str | None,
) -> list[str]:
    if not statements:
        return ["sanctions are not covered"]
    what = (
        "sanctions"
        + (f" sent by {name(index, sender)}" if sender else "")
        + (f" on {name(index, target)}" if target else "")
    )
    gaps: list[str] = []
    for actor, only, field, other, other_field in (
        (sender, "sent by", "senders", target, "targets"),
        (target, "aimed at", "targets", sender, "senders"),
    ):
        # An open role is limited only by the statements that hold the other role's actor:
        # the senders of sanctions on Iran say nothing of sanctions on Russia.
        relevant = [
            s
            for s in statements
            if other is None or not getattr(s, other_field) or other in getattr(s, other_field)
        ]
        lists: list[tuple[str, ...]] = [getattr(s, field) for s in relevant]
        if actor is None:
            if lists and all(lists):
                gaps.append(f"{what} are {_limited(index, relevant, only, field)}")
        elif relevant and not any(not listed or actor in listed for listed in lists):
            gaps.append(f"{what} are not covered")  # one wording: what was asked
    if gaps:
        return gaps
    holding = [
        s
        for s in statements
        if (not s.senders if sender is None else not s.senders or sender in s.senders)
        and (not s.targets if target is None else not s.targets or target in s.targets)
    ]
    if not holding:
        return [f"{what} are not covered"]
    return _period_gaps(what, coverage, holding, window)


def _limited(index: Index, statements: list[Statement], only: str, field: str) -> str:
    """How far an open role is covered: by the complete statements, then the researched ones
    (searched for, some may be missing): ``'covered only when sent by United States (from
    1979-11-14); researched, not complete, when sent by European Union (from 2014-03-06)'``."""
    complete = [s for s in statements if s.extent == "complete"]
    researched = [s for s in statements if s.extent == "researched"]
    parts = [f"covered only when {only} {_listed(index, complete, field)}"] if complete else []
    if researched:
        when = "when" if complete else "only when"
        parts.append(f"researched, not complete, {when} {only} {_listed(index, researched, field)}")
    return "; ".join(parts)


def _listed(index: Index, statements: list[Statement], field: str) -> str:
    """The actors the statements list in ``field``, each with the periods covered (those of
    its statements, merged where they meet), oldest first: ``'United States (from
    1979-11-14) or United Nations Security Council (from 2006-12-23)'``."""
    spans: dict[str, list[tuple[dt.date, dt.date, str, str]]] = {}
    for statement in statements:
        period = statement.period
        start = "" if period.start is None else str(period.start)
        end = "" if period.end is None else str(period.end)
        for actor in getattr(statement, field):
            spans.setdefault(name(index, actor), []).append(
                (period.earliest, period.latest, start, end)
            )
    shown: list[tuple[dt.date, str]] = []
    for who, held in spans.items():
        merged: list[list[Any]] = []
        for first, last, start, end in sorted(held):
            if merged and (
                merged[-1][1] == dt.date.max or first <= merged[-1][1] + dt.timedelta(days=1)
            ):
                if last > merged[-1][1]:
                    merged[-1][1], merged[-1][3] = last, end
                continue
            merged.append([first, last, start, end])
        periods = ", ".join(
            f"from {start}" if not end else f"until {end}" if not start else f"{start} to {end}"
            for _, _, start, end in merged
        )
        shown.append((merged[0][0], f"{who} ({periods})"))
    each = [text for _, text in sorted(shown)]
    return each[0] if len(each) == 1 else f"{', '.join(each[:-1])} or {each[-1]}"


def _period_gaps(
    what: str, coverage: Coverage, holding: list[Statement], window: Span | None
) -> list[str]:
    """The parts of the window (clipped at ``as_of``) outside every holding statement."""
    lo, hi = (dt.date.min, coverage.as_of) if window is None else window
    hi = min(hi, coverage.as_of)
    if lo > hi:
        return []
    spans = sorted((s.period.earliest, min(s.period.latest, coverage.as_of)) for s in holding)
    gaps: list[str] = []
    at = lo
    for start, end in spans:
        if end < at:
            continue
        if start > at:
            gaps.append(_missing(what, at, min(hi, start - dt.timedelta(days=1))))
        at = max(at, end + dt.timedelta(days=1)) if end < dt.date.max else dt.date.max
        if at > hi:
            break
    if at <= hi:
        gaps.append(_missing(what, at, hi))
    return gaps


def _missing(what: str, start: dt.date, end: dt.date) -> str:
    if start == dt.date.min:
        return f"{what} before {(end + dt.timedelta(days=1)).isoformat()} are not covered"
    if start == end:
        return f"{what} on {start.isoformat()} are not covered"
    return f"{what} from {start.isoformat()} to {end.isoformat()} are not covered"


def _as_of_gap(coverage: Coverage, window: Span | None) -> list[str]:
    """A window that reaches past ``as_of`` (an open end does not: it means "to date")."""
    as_of = coverage.as_of
    if window is not None and (window[0] > as_of or as_of < window[1] < dt.date.max):
        return [f"the data runs to {as_of.isoformat()}"]
    return []


def _unique(gaps: list[str]) -> tuple[str, ...]:
    """Each gap once, in order, the as-of gap last."""
    found = dict.fromkeys(gaps)
    return tuple(sorted(found, key=lambda gap: gap.startswith("the data runs to")))
