"""Dyadic event series: counts, Goldstein scores, tone and QuadClass counts per period.

:func:`event_series` selects the coded events of an actor or a pair through the store's
indexes, then groups them by period with pyarrow (no step per row in Python) and returns a
tidy pandas DataFrame: one row per period and measure, every period from the first to the last
(or from ``start`` to ``end``) present, empty ones with a count of 0.

Measures:

- ``count``: how many events;
- ``goldstein_sum`` (also ``goldstein``) and ``goldstein_mean``: the Goldstein scale (-10
  conflict .. +10 cooperation), summed or averaged;
- ``tone_mean`` (also ``tone``): the average of the events' average tone;
- ``quadclass``: events per QuadClass, four measures ``verbal_cooperation``,
  ``material_cooperation``, ``verbal_conflict`` and ``material_conflict``.

Frequencies: ``day``, ``week`` (weeks start on Monday), ``month``, ``quarter``, ``year``; each
period is named by its first day.

Examples:
    >>> import pathlib, tempfile, ruiran
    >>> from ruiran.testing import synthetic_gdelt
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "e.tsv", 3000, seed=5)
    >>> ds = ruiran.ingest.gdelt(path, between=("Russia", "Iran"))
    >>> frame = ds.event_series("Russia", "Iran", freq="year", start="2016", end="2017")
    >>> frame.columns.tolist()
    ['period', 'a', 'b', 'measure', 'value', 'events']
    >>> [str(p.date()) for p in frame["period"]], bool(frame["value"].sum() > 0)
    (['2016-01-01', '2017-01-01'], True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ruiran.coded import extras
from ruiran.coded.cameo import days
from ruiran.coded.queries import Codes, coded_events
from ruiran.errors import QueryError
from ruiran.model import DateLike

if TYPE_CHECKING:
    import pandas as pd

    from ruiran.coded.store import CodedStore

__all__ = ["FREQUENCIES", "MEASURES", "QUADCLASSES", "Side", "checked", "event_series"]

#: One side of a series: an actor's id, and the CAMEO country codes standing for it.
Side = tuple[str, Codes]

#: The measures, and the other names they answer to.
MEASURES: Final = ("count", "goldstein_sum", "goldstein_mean", "tone_mean", "quadclass")
_ALIASES: Final = {"goldstein": "goldstein_sum", "tone": "tone_mean", "events": "count"}
#: The QuadClass codes and the names their counts go by.
QUADCLASSES: Final = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}
FREQUENCIES: Final = ("day", "week", "month", "quarter", "year")


def checked(freq: str, measure: str) -> str:
    """The measure ``measure`` names, once pandas and numpy are there and both are known.

    Raises:
        MissingExtraError: when pandas or numpy is missing (``ruiran[events]``).
        QueryError: for an unknown measure or frequency.
    """
    extras.pandas()
    extras.numpy()
    wanted = _ALIASES.get(measure, measure)
    if wanted not in MEASURES:
        options = [*MEASURES, *_ALIASES]
        raise QueryError(f"'measure' must be one of {options!r} (got {measure!r})")
    if freq not in FREQUENCIES:
        raise QueryError(f"'freq' must be one of {list(FREQUENCIES)!r} (got {freq!r})")
    return wanted


def event_series(
    store: CodedStore | None,
    a: Side,
    b: Side | None = None,
    *,
    freq: str = "month",
    measure: str = "count",
    directed: bool = False,
    start: DateLike | None = None,
    end: DateLike | None = None,
    cameo: str | None = None,
) -> pd.DataFrame:
    """The coded events of a pair (or of one actor) as a series over time.

    :meth:`ruiran.Dataset.event_series` resolves the actors and hands them here.

    Args:
        store: The coded events (None: a dataset without them, an error).
        a: An actor's id and the CAMEO country codes standing for it (a bloc's: its
            members' while members; see :func:`~ruiran.coded.cameo.codes_of`).
        b: The other actor, or None for every event of ``a``.
        freq: ``day``, ``week``, ``month``, ``quarter`` or ``year``.
        measure: ``count``, ``goldstein_sum`` (``goldstein``), ``goldstein_mean``,
            ``tone_mean`` (``tone``) or ``quadclass``.
        directed: Only the events with ``a`` as the first actor (the source), and ``b`` as
            the second; otherwise both directions.
        start: The first day (of the window, and of the periods shown).
        end: The last day.
        cameo: Only the events whose CAMEO event code is under this one: a root (``"19"``,
            fight), base (``"112"``) or full code (``"1124"``) of :mod:`ruiran.model.cameo`.

    Returns:
        A DataFrame with columns ``period`` (the period's first day, a timestamp), ``a`` and
        ``b`` (actor ids; ``b`` is None for one actor), ``measure``, ``value`` (float; NaN for
        a mean over no events) and ``events`` (the events in the period), ordered by period
        (then measure).

    Raises:
        QueryError: for an unknown measure or frequency, or a dataset without coded events.
    """
    wanted = checked(freq, measure)
    pd = extras.pandas()
    np = extras.numpy()
    first_id, first_codes = a
    second_id = None if b is None else b[0]
    if second_id == first_id:
        raise QueryError(f"'a' and 'b' must be two different actors (both are {first_id!r})")
    sides = (first_codes,) if b is None else (first_codes, b[1])
    found = coded_events(store, sides, start, end, directed=directed, cameo=cameo)
    columns = ["SQLDATE"]
    if wanted.startswith("goldstein"):
        columns.append("GoldsteinScale")
    elif wanted == "tone_mean":
        columns.append("AvgTone")
    elif wanted == "quadclass":
        columns.append("QuadClass")
    table = found.columns(columns)  # a slice (no copy) for a dyad, else one take
    sqldate = _numbers(np, table.column("SQLDATE"))  # by day: selections are in date order
    first_day, last_day = days(start, end)
    lo_day = first_day if first_day is not None else (int(sqldate[0]) if len(sqldate) else None)
    hi_day = last_day if last_day is not None else (int(sqldate[-1]) if len(sqldate) else None)
    if lo_day is None or hi_day is None:
        lo, size = 0, 0
    else:
        lo = int(_period_index(np, np.array([lo_day]), freq)[0])
        size = max(int(_period_index(np, np.array([hi_day]), freq)[0]) - lo + 1, 0)
    starts = _period_starts(np, np.arange(lo, lo + size + 1), freq)
    # Where each period begins among the rows: a bisection per period, no pass per row.
    cuts = np.searchsorted(sqldate, _day_numbers(np, starts), side="left")
    events = np.diff(cuts)
    periods = starts[:size].astype("datetime64[ns]")

    def per_period(values: Any) -> Any:
        """The sum of ``values`` (one per row) within each period: one ``reduceat`` pass."""
        found = np.zeros(size)
        begins = cuts[:-1]
        inside = int(np.searchsorted(begins, len(values), side="left"))  # periods with rows
        if inside:
            at = begins[:inside]
            if int(cuts[inside]) < len(values):  # rows after the last period: cut them off
                at = np.append(at, cuts[inside])
            found[:inside] = np.add.reduceat(values, at, dtype="float64")[:inside]
        found[events == 0] = 0.0  # reduceat gives an empty period its first row
        return found

    if wanted == "quadclass":
        quad = _numbers(np, table.column("QuadClass"), fill=0)
        names = list(QUADCLASSES.values())
        values = np.zeros((size, len(names)))
        for k, code in enumerate(QUADCLASSES):
            values[:, k] = per_period(quad == code)
        frame = pd.DataFrame(
            {
                "period": np.repeat(periods, len(names)),
                "a": first_id,
                "b": second_id,
                "measure": np.tile(np.array(names, dtype=object), size),
                "value": values.reshape(-1),
                "events": np.repeat(events, len(names)),
            }
        )
    else:
        if wanted == "count":
            value = events.astype("float64")
        else:
            column = table.column(columns[1])
            x = _numbers(np, column)
            if wanted.startswith("goldstein"):
                # held as float32: add up tenths, as whole numbers (GDELT's one decimal);
                # tenths up to 100 are exact in float32, and their sums in float64
                sums = per_period(np.rint(x * np.float32(10))) / 10
            else:
                sums = per_period(x)
            if wanted == "goldstein_sum":
                value = sums
            else:
                held = table.column(columns[1])
                counted = (
                    events
                    if held.null_count == 0
                    else per_period(held.is_valid().to_numpy(zero_copy_only=False))
                )
                with np.errstate(invalid="ignore", divide="ignore"):
                    value = np.where(counted > 0, sums / np.maximum(counted, 1), np.nan)
        frame = pd.DataFrame(
            {
                "period": periods,
                "a": first_id,
                "b": second_id,
                "measure": wanted,
                "value": np.asarray(value, dtype="float64"),
                "events": events.astype("int64"),
            }
        )
    return frame


def _day_numbers(np: Any, dates: Any) -> Any:
    """numpy datetime64[D] days as YYYYMMDD numbers."""
    years = dates.astype("datetime64[Y]")
    months = dates.astype("datetime64[M]")
    year = years.astype("int64") + 1970
    month = (months - years.astype("datetime64[M]")).astype("int64") + 1
    day = (dates - months.astype("datetime64[D]")).astype("int64") + 1
    return year * 10_000 + month * 100 + day


def _numbers(np: Any, column: Any, fill: int = 0) -> Any:
    """A column as numpy (nulls as ``fill``), without a copy when it can."""
    if column.null_count:
        column = column.fill_null(fill)
    if column.num_chunks == 1:
        return column.chunk(0).to_numpy()
    return column.to_numpy()


def _period_index(np: Any, sqldate: Any, freq: str) -> Any:
    """Each day's period as an integer (consecutive periods, consecutive integers)."""
    sqldate = np.asarray(sqldate, dtype="int32")  # YYYYMMDD fits; int32 arithmetic is quicker
    year = sqldate // 10_000
    if freq == "year":
        return year
    month = sqldate // 100 - year * 100
    months = year * 12 + month - (1970 * 12 + 1)
    if freq == "month":
        return months
    if freq == "quarter":
        return months // 3
    day = sqldate - (sqldate // 100) * 100
    days = months.astype("datetime64[M]").astype("datetime64[D]").astype("int64") + day - 1
    if freq == "day":
        return days
    return (days + 3) // 7  # weeks from Monday (1970-01-01 was a Thursday)


def _period_starts(np: Any, index: Any, freq: str) -> Any:
    """The first day of each period (numpy datetime64[D])."""
    index = np.asarray(index, dtype="int64")
    if freq == "month":
        return index.astype("datetime64[M]").astype("datetime64[D]")
    if freq == "quarter":
        return (index * 3).astype("datetime64[M]").astype("datetime64[D]")
    if freq == "year":
        return (index - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    if freq == "day":
        return index.astype("datetime64[D]")
    return (index * 7 - 3).astype("datetime64[D]")
