"""The questions asked of the votes: roll calls, a state's votes, two states' agreement.

Actors resolve as everywhere in ruiran (:func:`ruiran.actor`: an id, a name, an alias, an ISO
code; ``"Russia"`` covers the Soviet Union's seat, as the data does) and are matched to the
data's seats by ISO 3166 alpha-2 code (the bundled data), Correlates of War code (a Dataverse
file read with :func:`ruiran.votes.read_votes`; the three bundled seats the data gives no ISO
code, :data:`~ruiran.votes.store.UNCODED_SEATS`; and the four it files under a withdrawn ISO
code, :data:`~ruiran.votes.store.WITHDRAWN_SEATS`: ``"Serbia"`` reaches Yugoslavia's seat
``YU``) or, for a seat with no code at all, by its name. A name ruiran does not know is an error saying so, and so is an actor that is not a
state (a bloc, a person).

A state with no seat in the data (Kosovo), a window the data does not cover or holds no roll
call in (1964), or a state with no vote in the window gives an empty answer that says why; so
does China before 1971-11-03, whose seat the Republic of China (``"Taiwan"``, seat ``TW``) held
(:data:`~ruiran.votes.store.SHARED_SEATS`). Every answer carries its coverage the same way: each DataFrame in
``frame.attrs`` (``complete``: True when the data covers the whole question; ``gaps``:
sentences, what it does not cover; ``as_of``: the day of the data's last roll call;
``source``: where the votes come from), and the roll calls (a :class:`~ruiran.Records`) in
``.complete`` and ``.gaps``, as every ruiran answer does.

Examples:
    >>> from ruiran import votes
    >>> frame = votes.agreement("Russia", "Iran", by="year", start="1991", end="1992")
    >>> frame.columns.tolist(), frame["year"].tolist()
    (['year', 'n', 'agreement'], [1991, 1992])
    >>> bool(frame["agreement"].between(0, 1).all()), frame.attrs["complete"]
    (True, True)
    >>> votes.agreement("Russia", "Iran", start="2021").attrs["gaps"]
    ('the UN votes data runs from 1946-01-01 to 2019-12-27: nothing from 2021-01-01 on is in it',)
    >>> kosovo = votes.agreement("Russia", "Kosovo")
    >>> len(kosovo), kosovo.attrs["complete"], kosovo.attrs["gaps"][0][:30]
    (0, False, 'Kosovo has no seat in the bund')
    >>> votes.agreement("Russia", "Iran", start="1964", end="1964").attrs["gaps"][0][:47]
    'the UN votes data holds no roll call between 19'
    >>> votes.votes_of("China", end="1960").attrs["gaps"][0].split("; ")[1][:52]
    "China's seat was held by the Republic of China then,"
    >>> len(votes.votes_of("West Germany"))  # the Federal Republic's seat, COW 260
    2151
    >>> len(votes.votes_of("Czechoslovakia"))  # the seat CS, a withdrawn ISO code; COW 315
    3752
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ruiran.errors import QueryError, UnknownActorError
from ruiran.model import DateLike, State
from ruiran.query.arguments import period
from ruiran.query.results import Records
from ruiran.votes import measures
from ruiran.votes.codes import ISSUES, NOT_MEMBER, VOTE_NAMES, issue_code
from ruiran.votes.record import RollCall
from ruiran.votes.store import EXTRA, SHARED_SEATS, VoteStore, bundled, numpy

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from ruiran import ActorLike
    from ruiran.query.entries import TimelineEntry

__all__ = ["agreement", "beside", "roll_calls", "votes_of"]

_EPOCH = dt.date(1970, 1, 1)


def _store(data: VoteStore | None) -> VoteStore:
    return bundled() if data is None else data


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as error:
        from ruiran.errors import MissingExtraError

        raise MissingExtraError("pandas", EXTRA) from error
    return pandas


def seats(store: VoteStore, who: ActorLike) -> tuple[State, tuple[int, ...], list[str]]:
    """The state ``who`` names, its seats (matrix rows) in ``store``, and the gaps: none, or a
    sentence saying the state has no seat in the data (its answers are then empty).

    A state's seats are those under its ISO alpha-2 codes (its own and its former names'), under
    its COW code, and, among the seats the data gives no code, those whose name
    :func:`ruiran.actor` resolves to it.

    Raises:
        UnknownActorError: ruiran knows no actor by that name (saying when the data has a seat
            by that name or code, which ruiran does not know yet).
        QueryError: the actor is not a state.
    """
    import ruiran

    try:
        record = ruiran.actor(who)
    except UnknownActorError as error:
        row = store.seat_named(who) if isinstance(who, str) else None
        if row is not None:
            code = store.alpha2[row] or store.cow[row]
            error.args = (
                f"{error}; the UN votes data has a seat {store.countries[row]!r} ({code}), "
                "but ruiran does not know that state yet",
            )
        raise
    if not isinstance(record, State):
        raise QueryError(
            f"{record.name!r} is a {record.type}: the General Assembly's votes are cast by "
            "states (name a state)"
        )
    codes = [record.iso_alpha2, *(h.iso_alpha2 for h in record.historical_names)]
    alpha2 = tuple(c for c in codes if c)
    cow = () if record.cow_code is None else (record.cow_code,)
    rows = store.seats_of(alpha2=alpha2, cow=cow) + _named(store, record)
    if rows:
        return record, tuple(sorted(rows)), []
    known = ", ".join([*(f"ISO {c}" for c in alpha2), *(f"COW {c}" for c in cow)])
    return (
        record,
        (),
        [f"{record.name} has no seat in {store.label}: no votes under {known or 'any code'}"],
    )


def _named(store: VoteStore, record: State) -> tuple[int, ...]:
    """The seats without a code whose name resolves to ``record``."""
    import ruiran

    found = []
    for row in store.uncoded():
        try:
            if ruiran.actor(store.countries[row]).id == record.id:
                found.append(row)
        except UnknownActorError:
            continue
    return tuple(found)


def _window(
    store: VoteStore, start: DateLike | None, end: DateLike | None
) -> tuple[Any, list[str]]:
    """The roll calls in the window, and the gaps: the parts of it the data does not cover."""
    span = period(start, end)  # checks both, and that start is not after end
    # An open side is not a gap: it ends where the data does ("from 2019 on" is complete).
    first = None if span is None or start is None else span[0]
    last = None if span is None or end is None else span[1]
    gaps = []
    runs = f"the UN votes data runs from {store.first} to {store.last}"
    if first is not None and first > store.last:
        gaps.append(f"{runs}: nothing from {first} on is in it")
    elif last is not None and last < store.first:
        gaps.append(f"{runs}: nothing up to {last} is in it")
    else:
        if last is not None and last > store.last:
            gaps.append(f"{runs}: the window's end ({last}) is after it")
        if first is not None and first < store.first:
            gaps.append(f"{runs}: the window's start ({first}) is before it")
    mask = store.window(first, last)
    if not gaps and not mask.any():
        # Inside the data's span, and no roll call in it (1964: the 19th session's one roll call is of 1965-02-06).
        lo, hi = first or store.first, last or store.last
        after = int(numpy().searchsorted(store.day, (lo - _EPOCH).days))
        gaps.append(
            f"the UN votes data holds no roll call between {lo} and {hi}: the one before is "
            f"on {_day(store, after - 1)}, the next on {_day(store, after)}"
        )
    return mask, gaps


def _day(store: VoteStore, index: int) -> dt.date:
    """The day of the roll call in column ``index``."""
    return _EPOCH + dt.timedelta(days=int(store.day[index]))


def _unseated(
    store: VoteStore,
    record: State,
    column: Any,
    mask: Any,
    window: tuple[DateLike | None, DateLike | None],
) -> list[str]:
    """The gaps of a state that has a seat in the data but held none for (part of) the window.

    One when it has no vote in any of the window's roll calls (its answers are then empty),
    saying when its votes run; and, for a seat two of ruiran's states held in turn
    (:data:`~ruiran.votes.store.SHARED_SEATS`: China's), one for the part of the window the
    other held it, naming the holder and where its votes are. A state without a seat, or a
    window without a roll call, is said elsewhere.
    """
    np = numpy()
    held = (column != 0) & (column != NOT_MEMBER)
    if not mask.any() or not held.any():
        return []
    own = np.flatnonzero(held)
    runs = f"its votes run from {_day(store, own[0])} to {_day(store, own[-1])}"
    gaps = []
    if not (held & mask).any():
        span = period(*window)
        lo = store.first if span is None or window[0] is None else max(span[0], store.first)
        hi = store.last if span is None or window[1] is None else min(span[1], store.last)
        gaps.append(
            f"{record.name} has no votes in the UN votes data between {lo} and {hi} ({runs})"
        )
    for seat, holders in SHARED_SEATS.items():
        if record.id not in (holder for holder, _ in holders):
            continue
        for other, what in holders:
            if other == record.id:
                continue
            holder, rows, _ = seats(store, other)
            other_column = store.column_of(rows)
            theirs = np.flatnonzero((other_column != 0) & (other_column != NOT_MEMBER))
            theirs = theirs[mask[theirs] & ~held[theirs]]
            if not len(theirs):
                continue
            first, last = _day(store, theirs[0]), _day(store, theirs[-1])
            code = store.alpha2[rows[0]] or f"COW {store.cow[rows[0]]}"
            said = (
                f"{seat}'s seat was held by {what} then, whose votes ({first} to {last}) "
                f"ruiran gives as {holder.name}'s (seat {code})"
            )
            if gaps:
                gaps[0] = f"{gaps[0]}; {said}"
            else:
                gaps.append(
                    f"{record.name} has no votes in the UN votes data between {first} and "
                    f"{last} ({runs}); {said}"
                )
    return gaps


def _framed(frame: pd.DataFrame, store: VoteStore, gaps: list[str], **more: Any) -> pd.DataFrame:
    frame.attrs.update(
        complete=not gaps,
        gaps=tuple(gaps),
        first=store.first.isoformat(),
        as_of=store.last.isoformat(),
        source=store.label,
        **more,
    )
    return frame


def agreement(
    a: ActorLike,
    b: ActorLike,
    *,
    by: str | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    half: bool = False,
    data: VoteStore | None = None,
) -> pd.DataFrame:
    """How often two states voted alike in the UN General Assembly.

    Args:
        a: A state (an actor record, id or name ``ruiran.actor`` resolves).
        b: Another state (or the same: its agreement with itself is 1).
        by: None (one row), ``"year"`` (a row per calendar year) or ``"issue"`` (a row per
            issue code; a roll call counts under each code it carries).
        start: The first day of the window (a date or a partial date such as ``"2001"``).
        end: The last day of the window.
        half: Also give ``agreement_half``, which counts one state abstaining while the other
            votes yes or no as half an agreement.
        data: Votes read with :func:`ruiran.votes.read_votes` (default: the bundled votes).

    Returns:
        A DataFrame with ``year`` or ``issue`` (by ``by``), ``n`` (roll calls in which both
        voted yes, no or abstain), ``agreement`` (the share of those with the same vote) and,
        with ``half``, ``agreement_half``; rows with ``n == 0`` are left out. ``frame.attrs``
        holds ``complete``, ``gaps``, ``as_of``, ``source``, ``a``, ``b`` and ``by``. A state
        with no seat in the data or no vote in the window, or a window outside the data or
        without a roll call, gives no rows and a gap saying so (China's seat before 1971:
        also who held it).

    Raises:
        UnknownActorError: a name no actor answers to.
        QueryError: an actor that is not a state, a ``by`` or date that is not valid.

    Examples:
        >>> from ruiran import votes
        >>> frame = votes.agreement("Russia", "Iran", by="issue", half=True)
        >>> frame["issue"].tolist()
        ['me', 'nu', 'di', 'hr', 'co', 'ec']
        >>> bool((frame["agreement_half"] >= frame["agreement"]).all())
        True
    """
    if by not in measures.BY:
        raise QueryError(f"'by' must be one of {list(measures.BY)!r} (got {by!r})")
    store = _store(data)
    first, rows_a, gaps_a = seats(store, a)
    second, rows_b, gaps_b = seats(store, b)
    mask, gaps = _window(store, start, end)
    column_a, column_b = store.column_of(rows_a), store.column_of(rows_b)
    unseated = [
        *_unseated(store, first, column_a, mask, (start, end)),
        *_unseated(store, second, column_b, mask, (start, end)),
    ]
    gaps = [*gaps_a, *(g for g in gaps_b if g not in gaps_a), *gaps]
    gaps += [g for i, g in enumerate(unseated) if g not in unseated[:i]]
    columns = measures.table(store, column_a, column_b, mask, by=by, half=half)
    frame = _pandas().DataFrame(columns)
    return _framed(frame, store, gaps, a=first.id, b=second.id, by=by)


def votes_of(
    actor: ActorLike,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    data: VoteStore | None = None,
) -> pd.DataFrame:
    """A state's recorded votes, oldest first: one row per roll call it has a row in.

    Returns:
        A DataFrame with ``rcid``, ``date``, ``session``, ``vote`` (Voeten's code: 1 yes,
        2 abstain, 3 no, 8 absent, 9 not a member) and ``vote_name``; ``frame.attrs`` as for
        :func:`agreement` (and ``actor``). A state with no seat in the data or no vote
        in the window, or a window outside the data or without a roll call, gives no rows and
        a gap saying so.

    Examples:
        >>> from ruiran import votes
        >>> frame = votes.votes_of("Iran", start="2019-12")
        >>> frame.columns.tolist()
        ['rcid', 'date', 'session', 'vote', 'vote_name']
        >>> sorted(set(frame["vote_name"])) <= ['abstain', 'no', 'yes']
        True
    """
    np, pandas = numpy(), _pandas()
    store = _store(data)
    record, rows, missing = seats(store, actor)
    mask, gaps = _window(store, start, end)
    column = store.column_of(rows)
    gaps = [*missing, *gaps, *_unseated(store, record, column, mask, (start, end))]
    keep = np.flatnonzero(mask & (column != 0))
    codes = column[keep]
    names = pandas.Categorical.from_codes(
        np.searchsorted(sorted(VOTE_NAMES), codes),
        categories=[VOTE_NAMES[c] for c in sorted(VOTE_NAMES)],
    )
    frame = pandas.DataFrame(
        {
            "rcid": store.rcid[keep],
            "date": store.day[keep].astype("datetime64[D]").astype("datetime64[s]"),
            "session": store.session[keep],
            "vote": codes,
            "vote_name": names,
        }
    )
    return _framed(frame, store, gaps, actor=record.id)


def roll_calls(
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    issue: str | None = None,
    data: VoteStore | None = None,
) -> Records[RollCall]:
    """The roll calls in a window (and on an issue), oldest first, as typed records.

    The answer is a :class:`~ruiran.Records` (a tuple): a window the data does not cover gives
    the roll calls it has, and ``.gaps`` says what it lacks (``.complete`` is False). The first
    call reads the roll calls' texts (it needs pyarrow) and makes every record once; later
    calls pick from them.

    Args:
        start: The first day of the window.
        end: The last day.
        issue: An issue code (``me``, ``nu``, ``di``, ``hr``, ``co``, ``ec``) or its name.
        data: Votes read with :func:`ruiran.votes.read_votes` (default: the bundled votes).

    Examples:
        >>> from ruiran import votes
        >>> calls = votes.roll_calls(start="2019-12-27")
        >>> len(calls) > 0, calls[0].date.isoformat(), calls[0].id.startswith("unga-rc-")
        (True, '2019-12-27', True)
        >>> all("nu" in c.issues for c in votes.roll_calls(start="2019", issue="nu"))
        True
        >>> votes.roll_calls(start="2019-12-27", end="2020").gaps
        ("the UN votes data runs from 1946-01-01 to 2019-12-27: the window's end (2020-12-31) is after it",)
    """
    np = numpy()
    store = _store(data)
    mask, gaps = _window(store, start, end)
    if issue is not None:
        mask = mask & store.issues[list(ISSUES).index(issue_code(issue))]
    every = store.cached("roll_calls", lambda: _records(store))
    return Records([every[i] for i in np.flatnonzero(mask).tolist()], gaps=gaps)


def _records(store: VoteStore) -> tuple[RollCall, ...]:
    """Every roll call of ``store`` as a record, in its column order (oldest first).

    Built once per store, on the first :func:`roll_calls`: the texts' columns are read whole
    (no row-by-row take, which also made pyarrow import pandas), and the records are frozen,
    so every answer shares them.
    """
    table = store.texts()
    rows = store.text_row.tolist()
    found = set(table.column_names)

    def column(name: str) -> list[Any]:
        if name not in found:
            return [None] * len(rows)
        values = table.column(name).to_pylist()
        return [values[r] for r in rows]

    rcid, session = store.rcid.tolist(), store.session.tolist()
    days = store.day.astype("datetime64[D]").tolist()  # datetime.date objects
    combos: dict[tuple[bool, ...], tuple[str, ...]] = {}  # at most 64: one tuple each
    flags = [
        combos.setdefault(key, tuple(code for code, on in zip(ISSUES, key, strict=True) if on))
        for key in map(tuple, store.issues.T.tolist())
    ]
    unres, short, descr = column("unres"), column("short"), column("descr")
    important, amend, para = column("importantvote"), column("amend"), column("para")
    source = store.label
    return tuple(
        RollCall.model_construct(
            rcid=rcid[i],
            session=session[i],
            date=days[i],
            resolution=unres[i],
            short_title=short[i],
            description=descr[i] or "",
            issues=flags[i],
            important=important[i],
            amendment=amend[i],
            paragraph=para[i],
            source=source,
        )
        for i in range(len(rows))
    )


def beside(frame: pd.DataFrame, entries: Iterable[TimelineEntry]) -> pd.DataFrame:
    """Timeline entries, each with the two states' agreement in its year beside it.

    The join of the votes to the relationship: ``frame`` is an answer of
    :func:`agreement` by year, ``entries`` the dated entries of :func:`ruiran.timeline` (the
    agreements' milestones, events, sanctions' steps). An entry falls in the year of its first
    day; one in a year with no roll call both voted in gets ``n`` 0 and no agreement (NaN).

    Returns:
        A DataFrame, one row per entry whose first day falls inside the votes data (its
        first to its last roll call's day), in the entries' order:
        ``when`` (as the record gives it), ``year``, ``kind``, ``record`` (its id), ``label``,
        ``n``, ``agreement`` (and ``agreement_half`` when ``frame`` has it). ``attrs`` are
        ``frame``'s, with a gap saying how many entries fall outside the data's years.

    Raises:
        QueryError: ``frame`` is not an answer of :func:`agreement` by year.

    Examples:
        >>> import ruiran
        >>> yearly = ruiran.votes.agreement("Russia", "Iran", by="year")
        >>> entries = ruiran.timeline("Russia", "Iran", start="2001", end="2002-04-05")
        >>> joined = ruiran.votes.beside(yearly, entries)
        >>> print(joined[["when", "kind", "n", "agreement"]].round(3).to_string(index=False))
                         when      kind  n  agreement
                   1991-12/..     event 66      0.561
                   2001-03-12     event 75      0.733
                   2001-03-12 milestone 75      0.733
        2001-03-12/2001-03-15     event 75      0.733
                   2001-10-02     event 75      0.733
        2002-04-04/2002-04-05     event 91      0.604
                   2002-04-05 milestone 91      0.604
        >>> everything = ruiran.votes.beside(yearly, ruiran.timeline("Russia", "Iran"))
        >>> everything.attrs["complete"], everything.attrs["gaps"][0].split(" outside")[1]
        (False, ' the UN votes data (1946-01-01 to 2019-12-27): left out')
    """
    if frame.attrs.get("by") != "year" or "year" not in frame.columns:
        raise QueryError(
            "'frame' must be an answer of ruiran.votes.agreement(a, b, by='year') "
            f"(got one by {frame.attrs.get('by')!r})"
        )
    np, pandas = numpy(), _pandas()
    first = dt.date.fromisoformat(frame.attrs["first"])
    last = dt.date.fromisoformat(frame.attrs["as_of"])
    given = list(entries)
    kept = [e for e in given if first <= e.when.earliest <= last]
    measured = [c for c in ("agreement", "agreement_half") if c in frame.columns]
    yearly = frame.set_index("year")
    years = np.array([e.when.earliest.year for e in kept], dtype=np.int64)
    found = yearly.reindex(years)
    joined = pandas.DataFrame(
        {
            "when": [str(e.when) for e in kept],
            "year": years,
            "kind": [e.kind for e in kept],
            "record": [e.record.id for e in kept],
            "label": [e.label for e in kept],
            "n": found["n"].fillna(0).astype(np.int64).to_numpy(),
            **{c: found[c].to_numpy() for c in measured},
        }
    )
    gaps = list(frame.attrs["gaps"])
    outside = len(given) - len(kept)
    if outside:
        many = f"{outside} timeline entries fall" if outside > 1 else "1 timeline entry falls"
        gaps.append(f"{many} outside the UN votes data ({first} to {last}): left out")
    joined.attrs.update(frame.attrs, complete=not gaps, gaps=tuple(gaps))
    return joined
