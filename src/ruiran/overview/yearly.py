"""The relationship's pulse: one tidy row per year, from every kind of evidence ruiran holds.

:func:`pulse` puts side by side, per calendar year, for two actors:

- ``meetings``: the cited high-level meetings between them (events of the kinds
  :data:`MEETING_KINDS`: visits, hosted visits, meetings at a third place, consultations and
  telephone calls), persons counting for the states whose offices they held on the day (see
  :meth:`ruiran.Dataset.events_between`); an occasion counts once: a meeting and those held
  on its margin (:meth:`ruiran.Dataset.margins`) are one, named by its main meeting of the two
  alone (:func:`occasions`: a state visit, not the meeting with the Supreme Leader during it;
  a summit's bilateral talks, not the summit). ``meeting_ids`` names them.
- ``coded_events``, ``cooperation`` (GDELT QuadClass 1 and 2), ``conflict`` (3 and 4) and
  ``goldstein_mean``: the dataset's coded events between them (both directions), when it holds
  some (:func:`ruiran.ingest.gdelt`); missing otherwise (``<NA>``/NaN, with a gap).
- ``un_votes`` and ``un_agreement``: the UN General Assembly roll calls in which both voted,
  and the share in which they voted alike (:func:`ruiran.votes.agreement`; needs
  ``ruiran[parquet]``); missing where the votes data does not reach (it ends in 2019).
- ``milestones`` and ``milestone_names``: the steps of their agreements dated in the year
  (signed, ratified, in force, ...), as the timeline gives them.
- ``sanctions_on_a`` and ``sanctions_on_b``: the sanctions regimes in force on each of the
  two on some day of the year (:meth:`ruiran.Dataset.sanctions_on`);
  ``sanctions_held_on_a`` and ``sanctions_held_on_b`` name them (their ids).

The lists (``meeting_ids``, ``milestone_names``, ``sanctions_held_on_a``,
``sanctions_held_on_b``) say what the data holds in the year, whether or not the year has a
count: where the count is missing (below), a list is a selection as held, not a census, and its
length is no count.

A row is a whole year, and every column of it counts the whole year: ``start`` and ``end``
only choose which years are shown (``start="2019-12-01", end="2020-01-31"`` gives the rows 2019
and 2020, each counted from 1 January to 31 December). Something counts in the year of its first
day: an event over days, or a milestone dated to a month, falls in the year of its first day.

One rule for every cited column (``meetings``, ``milestones``, ``sanctions_on_a``,
``sanctions_on_b``): a year is missing (``<NA>``), never 0, when no coverage statement,
complete or researched, reaches that column's question in that year (a statement on the two's
meetings, on their agreements, on sanctions that may fall on the actor): nobody looked, so none
found says nothing. Otherwise the year has a count, and the answer's gaps say what is researched
or not covered (sanctions on Iran are covered only when sent by the United States or the
Security Council: the others are counted as found). In the bundled data the meetings are
researched from 2000, and the US's and the EU's sanctions on Russia from 2014 (swept by legal
basis), so ``sanctions_on_a`` counts from 2014 and is missing before; no statement reaches the
two's agreements (they are held as found, and how they were searched for is not documented), so
``milestones`` is missing in every year, while ``milestone_names`` still names the steps held
(a selection, as found). The
days after the data's as-of date are not known: a year the as-of date cuts (2025, to
15 December) counts what the data holds to that day, and is listed in
``frame.attrs["partial"]``; a year wholly after it is missing in every cited column. A window
that starts after the as-of date inside its year (``start="2025-12-16"``) shows that year,
partial, with its counts. The GDELT columns are missing in a year the coded events do not
reach, the UN columns in a year the votes do not. A dataset that states no coverage has no
as-of date and no statement to judge by: its counts stand, and its one gap says no answer is
known complete.

``frame.attrs`` holds ``complete`` (every part answered completely), ``gaps`` (sentences: what
the table cannot know), ``a`` and ``b`` (ids), ``by``, ``as_of`` (the data's as-of date) and
``partial`` (the years counted only to ``as_of``).

Examples:
    >>> import ruiran
    >>> frame = ruiran.pulse("Russia", "Iran", start="2024", end="2024")
    >>> row = frame.iloc[0]
    >>> int(row["year"]), "putin-pezeshkian-kazan-meeting" in row["meeting_ids"]
    (2024, True)
    >>> "brics-summit-kazan-2024" in row["meeting_ids"]  # counted through its margin talks
    False
    >>> frame.attrs["complete"], frame.attrs["as_of"]
    (False, '2025-12-15')
    >>> [gap for gap in frame.attrs["gaps"] if "GDELT" in gap]  # doctest: +ELLIPSIS
    ['the dataset holds no coded events (GDELT): load some with ruiran.ingest.gdelt(...) ...']
    >>> edges = ruiran.pulse("Russia", "Iran", start="1999", end="2026")
    >>> edges[["year", "meetings", "milestones", "sanctions_on_b"]].iloc[[0, 1, -2, -1]].values.tolist()
    [[1999, <NA>, <NA>, 1], [2000, 1, <NA>, 1], [2025, 14, <NA>, 9], [2026, <NA>, <NA>, <NA>]]
    >>> edges.attrs["partial"]
    (2025,)
    >>> by_year = edges.set_index("year")
    >>> by_year.loc[2013:2015, "sanctions_on_a"].tolist()  # researched from 2014-03-06
    [<NA>, 4, 4]
    >>> held = by_year.loc[2018]  # not counted, but held: a selection
    >>> held["milestones"], held["milestone_names"][0]
    (<NA>, 'Joint Comprehensive Plan of Action (Iran nuclear deal): United States withdrawn')
    >>> edges.set_index("year").loc[2026, "sanctions_held_on_b"]  # after the as-of date
    ()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from ruiran.dataset import coverage as covering
from ruiran.dataset.index import served_by
from ruiran.errors import MissingExtraError, QueryError, UnknownActorError
from ruiran.model import Agreement, DateLike, Event, EventKind, Person
from ruiran.query import arguments

if TYPE_CHECKING:
    import pandas as pd

    from ruiran.dataset import ActorLike, Dataset
    from ruiran.model.coverage import Coverage, Statement
    from ruiran.query.entries import TimelineEntry

__all__ = ["BY", "COLUMNS", "MEETING_KINDS", "pulse"]

#: The periods a pulse can be cut in.
BY: Final = ("year",)

#: The kinds of a high-level meeting (CAMEO 040-044).
MEETING_KINDS: Final = frozenset(
    {
        EventKind.VISIT,
        EventKind.HOST_VISIT,
        EventKind.MEET_AT_THIRD_LOCATION,
        EventKind.CONSULT,
        EventKind.DISCUSS_BY_TELEPHONE,
    }
)

#: The columns of a pulse, in order.
COLUMNS: Final = (
    "year",
    "meetings",
    "meeting_ids",
    "coded_events",
    "cooperation",
    "conflict",
    "goldstein_mean",
    "un_votes",
    "un_agreement",
    "milestones",
    "milestone_names",
    "sanctions_on_a",
    "sanctions_held_on_a",
    "sanctions_on_b",
    "sanctions_held_on_b",
)

_CODED: Final = ("coded_events", "cooperation", "conflict", "goldstein_mean")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as error:
        raise MissingExtraError("pandas", "pandas") from error
    return pandas


def pulse(
    a: ActorLike,
    b: ActorLike,
    *,
    by: str = "year",
    start: DateLike | None = None,
    end: DateLike | None = None,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """The relationship of two actors per year: meetings, coded events, UN votes, agreements'
    milestones and sanctions regimes, one row per year (see the module's description).

    Args:
        a: One actor (a record, id or any name ``actor()`` resolves).
        b: The other actor.
        by: ``"year"`` (the only period so far).
        start: The first year shown (a date or partial date: its year, counted whole).
            Default: the year of the first dated meeting or agreement milestone between the two.
        end: The last year shown (its year, counted whole). Default: the year of the data's
            as-of date (or of the last meeting or milestone, for a dataset that states none).
        dataset: The Dataset asked (default: the bundled one, ``ruiran.load()``); its coded
            events, when it holds some, fill the GDELT columns.

    Returns:
        A pandas DataFrame with the columns :data:`COLUMNS`, one row per whole year from the
        first to the last, every year present (a year with nothing found where the data looked
        has zeros; a value the data cannot give is missing: see the module's description);
        ``frame.attrs``:
        ``complete``, ``gaps``, ``a``, ``b``, ``by``, ``as_of``, ``partial``.

    Raises:
        QueryError: a ``by`` other than ``"year"``, the same actor twice, dates that are not
            valid or a start after the end.
        UnknownActorError: a name no actor answers to.
        MissingExtraError: pandas is not installed (``pip install 'ruiran[pandas]'``).

    Examples:
        >>> import ruiran
        >>> frame = ruiran.pulse("Russia", "Iran", start="2001", end="2003")
        >>> frame[["year", "milestones", "sanctions_on_b"]].values.tolist()  # agreements: not covered
        [[2001, <NA>, 1], [2002, <NA>, 1], [2003, <NA>, 1]]
        >>> [name.split(": ")[1] for name in frame["milestone_names"][1]]
        ['in force', 'Russia in force', 'Iran in force', 'India in force']
        >>> window = ruiran.pulse("Russia", "Iran", start="2025-06", end="2025-07")
        >>> window["meetings"].tolist() == ruiran.pulse("Russia", "Iran", start="2025")["meetings"].tolist()
        True
    """
    if by not in BY:
        raise QueryError(f"'by' must be one of {list(BY)!r} (got {by!r})")
    pd = _pandas()
    if dataset is None:
        import ruiran

        dataset = ruiran.load()
    ds = dataset
    first, second = ds.actor(a), ds.actor(b)
    if first.id == second.id:
        raise QueryError(f"'a' and 'b' must be two different actors (both are {first.id!r})")
    window = arguments.period(start, end)  # checks both, and that start is not after end
    # start and end choose the years; every column counts each of them whole
    lo = None if start is None or window is None else str(window[0].year)
    hi = None if end is None or window is None else str(window[1].year)
    gaps: list[str] = []
    meetings = _meetings(ds, first.id, second.id, lo, hi, gaps)
    steps = _milestones(ds, first.id, second.id, lo, hi, gaps)
    as_of = None if ds.coverage is None else ds.coverage.as_of
    years = _years(start, end, as_of, [day for day, _ in meetings], [day for day, _ in steps])
    table: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    if years is None:
        gaps.append(
            f"no dated meeting or agreement milestone between {first.name} and {second.name} "
            "to start the table from: give start"
        )
        return _framed(pd, table, gaps, first.id, second.id, by, as_of, ())
    y0, y1 = years
    pair = _standing(ds, (first.id, second.id))
    for year in range(y0, y1 + 1):
        found = [m for day, m in meetings if day.year == year]
        names = [n for day, n in steps if day.year == year]
        there = _there(pair, year)
        table["year"].append(year)
        table["meetings"].append(
            len(found) if _reached(ds.coverage, year, _on_meetings(there)) else None
        )
        table["meeting_ids"].append(tuple(found))
        table["milestones"].append(
            len(names) if _reached(ds.coverage, year, _on_agreements(there)) else None
        )
        table["milestone_names"].append(tuple(dict.fromkeys(names)))
        for side, actor in (("a", first.id), ("b", second.id)):
            regimes = ds.sanctions_on(actor, on=str(year))
            _add_gaps(gaps, regimes.gaps)
            table[f"sanctions_on_{side}"].append(
                len(regimes) if _reached(ds.coverage, year, _on_sanctions(actor)) else None
            )
            table[f"sanctions_held_on_{side}"].append(tuple(r.id for r in regimes))
    table.update(_coded(ds, first.id, second.id, y0, y1, gaps))
    table.update(_votes(first.id, second.id, y0, y1, gaps))
    cut = as_of is not None and y0 <= as_of.year <= y1 and as_of < dt.date(as_of.year, 12, 31)
    partial = (as_of.year,) if cut and as_of is not None else ()
    return _framed(pd, table, gaps, first.id, second.id, by, as_of, partial)


def _standing(ds: Dataset, actors: tuple[str, str]) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """The actors, each with the days it stands for itself (always) or for a state a person of
    them served: under each id (the actor's, or the state's), the spans of days."""
    spans: dict[str, list[tuple[dt.date, dt.date]]] = {
        a: [(dt.date.min, dt.date.max)] for a in actors
    }
    persons = [p for p in (ds.actor(a) for a in actors) if isinstance(p, Person)]
    states = {p.of for person in persons for p in person.positions if p.of is not None}
    for terms in served_by(persons, states).values():
        for state, term in terms:
            spans.setdefault(state, []).append(term)
    return spans


def _there(standing: dict[str, list[tuple[dt.date, dt.date]]], year: int) -> set[str]:
    """The pair's ids, and the states a person of it served some day of ``year``."""
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {a for a, terms in standing.items() if any(s <= hi and e >= lo for s, e in terms)}


def _on_meetings(there: set[str]) -> Callable[[Statement], bool]:
    """A statement on meetings (events, its ``cameo`` prefix, if any, a meeting's) among
    ``there``."""
    return lambda s: (
        s.kind == "event"
        and set(s.parties) <= there
        and (s.cameo is None or s.cameo.startswith("04") or "04".startswith(s.cameo))
    )


def _on_agreements(there: set[str]) -> Callable[[Statement], bool]:
    """A statement on agreements whose parties are all among ``there``."""
    return lambda s: s.kind == "agreement" and set(s.parties) <= there


def _on_sanctions(target: str) -> Callable[[Statement], bool]:
    """A statement on sanctions that may fall on ``target`` (it lists it, or no target)."""
    return lambda s: s.kind == "sanction" and (not s.targets or target in s.targets)


def _reached(coverage: Coverage | None, year: int, about: Callable[[Statement], bool]) -> bool:
    """Whether a coverage statement (complete or researched) on a column's question (``about``)
    reaches some day of ``year`` to the as-of date: a count there says something; else the
    year is missing (nobody looked, so none found says nothing; after as-of nothing is
    known). Without coverage: True (no statement to judge by; the answer's gap says so)."""
    if coverage is None:
        return True
    days = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    return any(about(s) and covering.reaches(s, coverage, days) for s in coverage.covers)


def _meetings(
    ds: Dataset,
    a: str,
    b: str,
    start: DateLike | None,
    end: DateLike | None,
    gaps: list[str],
) -> list[tuple[dt.date, str]]:
    """The first day and id of each dated meeting between ``a`` and ``b`` in the window, one per
    occasion (:func:`occasions`)."""
    found = ds.events_between(a, b, start=start, end=end, kind="04")
    _add_gaps(gaps, found.gaps)
    meetings = [e for e in found if e.kind in MEETING_KINDS]
    undated = [e.id for e in meetings if e.date is None]
    if undated:
        gaps.append(
            f"{len(undated)} meeting(s) with no date cannot be placed in a year: "
            + ", ".join(undated)
        )
    dated = [e for e in meetings if e.date is not None]
    return [(e.date.earliest, e.id) for e in occasions(ds, dated, {a, b}) if e.date is not None]


def occasions(ds: Dataset, meetings: list[Event], pair: set[str]) -> list[Event]:
    """One meeting per occasion, in the order given: a meeting and those held on its margin
    (:meth:`ruiran.Dataset.margins`: they name it in ``related`` and share a day with it) are
    one occasion, named by its main meeting of the ``pair`` alone: a visit, else the one the
    others name (a state visit rather than the meeting with the Supreme Leader held during it
    or the treaty signed in it; the leaders' talks rather than their ministers' beside them),
    and never a summit of more states when the two held talks of their own beside it.

    Examples:
        >>> import ruiran
        >>> ds = ruiran.load()
        >>> found = ds.events_between(
        ...     "Russia", "Iran", start="2018-09-07", end="2018-09-07", kind="04"
        ... )
        >>> sorted(e.id for e in found)  # the summit, the visit, Khamenei's meeting with Putin
        ['astana-summit-tehran-2018', 'putin-khamenei-tehran-2018', 'putin-visit-tehran-2018']
        >>> [e.id for e in occasions(ds, list(found), {"russia", "iran"})]
        ['putin-visit-tehran-2018']
    """
    ids = {e.id for e in meetings}
    group = {e.id: e.id for e in meetings}  # union-find over the margin ties

    def root(x: str) -> str:
        while group[x] != x:
            group[x] = group[group[x]]
            x = group[x]
        return x

    named: dict[str, int] = dict.fromkeys(ids, 0)
    for e in meetings:
        for m in ds.margins(e):
            if m.id in ids:
                named[e.id] += 1
                group[root(m.id)] = root(e.id)

    # the pair's side: the pair, and the states a person of the pair acts for
    side = set(pair)
    for actor_id in pair:
        actor = ds.actor(actor_id)
        if isinstance(actor, Person):
            side |= {p.of for p in actor.positions if p.of is not None}

    def others(e: Event) -> int:
        """How many actors beside the pair's side take part (many: a summit): states, blocs
        and bodies of states (the United Nations hosting its World Summit), not persons."""
        return sum(
            p.actor not in side
            and ds.actor(p.actor).type in ("state", "bloc", "organization")
            and getattr(ds.actor(p.actor), "country", None) not in side
            for p in e.participants
        )

    def rank(e: Event) -> tuple[int, bool, int]:
        """The fewest others first (the two alone; talks joined by the host rather than the
        summit), then a visit (not its signing ceremony), then the most named."""
        visit = e.kind in (EventKind.VISIT, EventKind.HOST_VISIT)
        return (others(e), not visit, -named[e.id])

    best: dict[str, Event] = {}
    for e in meetings:  # the best ranked; among equals, the first given
        key = root(e.id)
        if key not in best or rank(best[key]) > rank(e):
            best[key] = e
    chosen = {e.id for e in best.values()}
    return [e for e in meetings if e.id in chosen]


def _milestones(
    ds: Dataset,
    a: str,
    b: str,
    start: DateLike | None,
    end: DateLike | None,
    gaps: list[str],
) -> list[tuple[dt.date, str]]:
    """The first day and name ("title: stage") of each step of an agreement of both."""
    entries = ds.timeline(a, b, start=start, end=end)
    # The timeline's gaps speak of sanctions too; the agreements' are those of this question.
    window = arguments.period(start, end)
    on = None if window is None else f"{window[0].isoformat()}/{window[1].isoformat()}"
    _add_gaps(gaps, ds.agreements_between(a, b, on=on).gaps)
    return [
        (entry.when.earliest, _step_name(ds, entry))
        for entry in entries
        if entry.milestone is not None and isinstance(entry.record, Agreement)
    ]


def _step_name(ds: Dataset, entry: TimelineEntry) -> str:
    milestone = entry.milestone
    assert milestone is not None
    assert isinstance(entry.record, Agreement)
    stage = milestone.stage.value.replace("_", " ")
    party = "" if milestone.party is None else f"{ds.actor(milestone.party).name} "
    return f"{entry.record.title}: {party}{stage}"


def _years(
    start: DateLike | None,
    end: DateLike | None,
    as_of: dt.date | None,
    *found: Iterable[dt.date],
) -> tuple[int, int] | None:
    """The first and last year of the table, or None when nothing says where it starts."""
    days = sorted(day for group in found for day in group)
    window = arguments.period(start, end)
    if start is not None and window is not None:
        first = window[0].year
    elif days:
        first = days[0].year
    else:
        return None
    if end is not None and window is not None:
        last = window[1].year
    elif as_of is not None:
        last = as_of.year
    else:
        last = days[-1].year if days else first
    return first, max(first, last)


def _coded(
    ds: Dataset, a: str, b: str, first: int, last: int, gaps: list[str]
) -> dict[str, list[Any]]:
    """The GDELT columns: counts by QuadClass and the mean Goldstein score per year."""
    n = last - first + 1
    if ds.coded is None:
        gaps.append(
            "the dataset holds no coded events (GDELT): load some with ruiran.ingest.gdelt(...) "
            "to fill coded_events, cooperation, conflict and goldstein_mean"
        )
        return {
            "coded_events": [None] * n,
            "cooperation": [None] * n,
            "conflict": [None] * n,
            "goldstein_mean": [float("nan")] * n,
        }
    quads, means = (
        ds.event_series(a, b, freq="year", measure=measure, start=str(first), end=str(last))
        for measure in ("quadclass", "goldstein_mean")
    )
    out: dict[str, list[Any]] = {name: [0] * n for name in _CODED}
    out["goldstein_mean"] = [float("nan")] * n
    for row in quads.itertuples(index=False):
        at = row.period.year - first
        if 0 <= at < n:
            if row.measure in ("verbal_cooperation", "material_cooperation"):
                out["cooperation"][at] += int(row.value)
            else:
                out["conflict"][at] += int(row.value)
            out["coded_events"][at] += int(row.value)
    for row in means.itertuples(index=False):
        at = row.period.year - first
        if 0 <= at < n:
            out["goldstein_mean"][at] = float(row.value)
    days = ds.coded.indexes().sqldate  # a year the coded files do not reach is not a zero
    reached = range(int(days.min()) // 10000, int(days.max()) // 10000 + 1) if len(days) else ()
    for at in range(n):
        if first + at not in reached:
            for name in _CODED:
                out[name][at] = float("nan") if name == "goldstein_mean" else None
    return out


def _votes(a: str, b: str, first: int, last: int, gaps: list[str]) -> dict[str, list[Any]]:
    """The UN voting columns: roll calls both voted in, and the share voted alike."""
    n = last - first + 1
    out: dict[str, list[Any]] = {"un_votes": [None] * n, "un_agreement": [float("nan")] * n}
    try:
        from ruiran import votes

        frame = votes.agreement(a, b, by="year", start=str(first), end=str(last))
    except MissingExtraError as error:
        gaps.append(f"UN voting agreement is left out: {error}")
        return out
    except (UnknownActorError, QueryError) as error:
        gaps.append(f"UN voting agreement is left out: {error}")
        return out
    _add_gaps(gaps, frame.attrs.get("gaps", ()))
    for year, count, share in zip(frame["year"], frame["n"], frame["agreement"], strict=True):
        at = int(year) - first
        if 0 <= at < n:
            out["un_votes"][at] = int(count)
            out["un_agreement"][at] = float(share)
    return out


def _add_gaps(gaps: list[str], more: Iterable[str]) -> None:
    for gap in more:
        if gap not in gaps:
            gaps.append(gap)


def _framed(
    pd: Any,
    table: dict[str, list[Any]],
    gaps: list[str],
    a: str,
    b: str,
    by: str,
    as_of: dt.date | None,
    partial: tuple[int, ...],
) -> pd.DataFrame:
    """The table as a DataFrame of fixed dtypes, with its attrs."""
    types = {
        "year": "int64",
        "meetings": "Int64",
        "meeting_ids": "object",
        "coded_events": "Int64",
        "cooperation": "Int64",
        "conflict": "Int64",
        "goldstein_mean": "float64",
        "un_votes": "Int64",
        "un_agreement": "float64",
        "milestones": "Int64",
        "milestone_names": "object",
        "sanctions_on_a": "Int64",
        "sanctions_held_on_a": "object",
        "sanctions_on_b": "Int64",
        "sanctions_held_on_b": "object",
    }
    frame = pd.DataFrame({name: pd.Series(table[name], dtype=types[name]) for name in COLUMNS})
    frame.attrs.update(
        complete=not gaps,
        gaps=tuple(gaps),
        a=a,
        b=b,
        by=by,
        as_of=None if as_of is None else as_of.isoformat(),
        partial=partial,
    )
    return frame
