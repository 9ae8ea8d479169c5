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
from ruiran.coded.queries import coded_events, days
from ruiran.errors import QueryError
from ruiran.model import DateLike

if TYPE_CHECKING:
    import pandas as pd

    from ruiran.dataset import ActorLike, Dataset

__all__ = ["FREQUENCIES", "MEASURES", "QUADCLASSES", "event_series"]

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


def event_series(
    ds: Dataset,
    a: ActorLike,
    b: ActorLike | None = None,
    *,
    freq: str = "month",
    measure: str = "count",
    directed: bool = False,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pd.DataFrame:
    """The coded events of a pair (or of one actor) as a series over time.

    Args:
        ds: A Dataset holding coded events.
        a: An actor (anything :meth:`~ruiran.Dataset.actor` resolves; a bloc counts its
            members while members).
        b: The other actor, or None for every event of ``a``.
        freq: ``day``, ``week``, ``month``, ``quarter`` or ``year``.
        measure: ``count``, ``goldstein_sum`` (``goldstein``), ``goldstein_mean``,
            ``tone_mean`` (``tone``) or ``quadclass``.
        directed: Only the events with ``a`` as the first actor (the source), and ``b`` as
            the second; otherwise both directions.
        start: The first day (of the window, and of the periods shown).
        end: The last day.

    Returns:
        A DataFrame with columns ``period`` (the period's first day, a timestamp), ``a`` and
        ``b`` (actor ids; ``b`` is None for one actor), ``measure``, ``value`` (float; NaN for
        a mean over no events) and ``events`` (the events in the period), ordered by period
        (then measure).

    Raises:
        QueryError: for an unknown measure or frequency, or a dataset without coded events.
    """
    pd = extras.pandas()
    np = extras.numpy()
    pa = extras.pyarrow()
    wanted = _ALIASES.get(measure, measure)
    if wanted not in MEASURES:
        options = [*MEASURES, *_ALIASES]
        raise QueryError(f"'measure' must be one of {options!r} (got {measure!r})")
    if freq not in FREQUENCIES:
        raise QueryError(f"'freq' must be one of {list(FREQUENCIES)!r} (got {freq!r})")
    first_id = ds.actor(a).id
    second_id = None if b is None else ds.actor(b).id
    if second_id == first_id:
        raise QueryError(f"'a' and 'b' must be two different actors (both are {first_id!r})")
    actors = (first_id,) if second_id is None else (first_id, second_id)
    found = coded_events(ds, actors, start, end, directed=directed)
    table = found.store.table
    rows = pa.array(found.rows, pa.int64())
    sqldate = table.column("SQLDATE").take(rows).to_numpy()
    periods = _periods(np, sqldate, freq)
    columns: dict[str, Any] = {"period": periods}
    if wanted.startswith("goldstein"):
        # held as float32: back to the one decimal GDELT writes before adding up
        goldstein = table.column("GoldsteinScale").take(rows).cast(pa.float64())
        columns["x"] = pa.compute.round(goldstein, 1)
    elif wanted == "tone_mean":
        columns["x"] = table.column("AvgTone").take(rows)
    elif wanted == "quadclass":
        columns["q"] = table.column("QuadClass").take(rows)
    grouped = pa.table(columns)
    counts = grouped.group_by("period").aggregate([("period", "count")])
    per_period = dict(
        zip(
            counts.column("period").to_numpy().tolist(),
            counts.column("period_count").to_pylist(),
            strict=True,
        )
    )
    first_day, last_day = days(start, end)
    span = _span(np, periods, first_day, last_day, freq)
    records: list[dict[str, Any]] = []
    if wanted == "quadclass":
        by_class = grouped.group_by(["period", "q"]).aggregate([("q", "count")])
        cells = {
            (p, q): n
            for p, q, n in zip(
                by_class.column("period").to_numpy().tolist(),
                by_class.column("q").to_pylist(),
                by_class.column("q_count").to_pylist(),
                strict=True,
            )
        }
        for period in span:
            for code, name in QUADCLASSES.items():
                value = float(cells.get((period, code), 0))
                records.append(_row(period, name, value, per_period.get(period, 0)))
    else:
        values: dict[Any, float] = {}
        if wanted in ("goldstein_sum", "goldstein_mean", "tone_mean"):
            how = "sum" if wanted == "goldstein_sum" else "mean"
            summed = grouped.group_by("period").aggregate([("x", how)])
            values = dict(
                zip(
                    summed.column("period").to_numpy().tolist(),
                    summed.column(f"x_{how}").to_pylist(),
                    strict=True,
                )
            )
        for period in span:
            n = per_period.get(period, 0)
            if wanted == "count":
                value = float(n)
            elif wanted == "goldstein_sum":
                value = float(values.get(period) or 0.0)
            else:
                got = values.get(period)
                value = float("nan") if got is None else float(got)
            records.append(_row(period, wanted, value, n))
    frame = pd.DataFrame.from_records(
        records, columns=["period", "a", "b", "measure", "value", "events"]
    )
    frame["period"] = pd.to_datetime(frame["period"])
    frame["a"] = first_id
    frame["b"] = second_id
    frame["events"] = frame["events"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


def _row(period: Any, measure: str, value: float, events: int) -> dict[str, Any]:
    return {"period": period, "a": None, "b": None, "measure": measure, "value": value,
            "events": events}  # fmt: skip


def _periods(np: Any, sqldate: Any, freq: str) -> Any:
    """The first day of each day's period (numpy datetime64[D])."""
    sqldate = sqldate.astype("int64")
    year, month, day = sqldate // 10_000, sqldate // 100 % 100, sqldate % 100
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    dates = months.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    if freq == "day":
        return dates
    if freq == "week":
        ordinal = dates.astype("int64")
        return (ordinal - (ordinal + 3) % 7).astype("datetime64[D]")  # back to Monday
    if freq == "month":
        return months.astype("datetime64[D]")
    if freq == "quarter":
        number = months.astype("int64")
        return (number - number % 3).astype("datetime64[M]").astype("datetime64[D]")
    return months.astype("datetime64[Y]").astype("datetime64[D]")


def _span(np: Any, periods: Any, first: int | None, last: int | None, freq: str) -> list[Any]:
    """Every period from the first to the last (of the window when given, else of the data)."""
    ends = []
    for number, fallback in ((first, periods.min() if len(periods) else None),
                             (last, periods.max() if len(periods) else None)):  # fmt: skip
        if number is not None:
            ends.append(_periods(np, np.array([number]), freq)[0])
        else:
            ends.append(fallback)
    lo, hi = ends
    if lo is None or hi is None:
        return []
    step = {"day": "D", "week": "W", "month": "M", "quarter": "M", "year": "Y"}[freq]
    if freq == "week":
        found = np.arange(lo, hi + np.timedelta64(1, "D"), np.timedelta64(7, "D"))
    elif freq == "day":
        found = np.arange(lo, hi + np.timedelta64(1, "D"), np.timedelta64(1, "D"))
    else:
        unit = lo.astype(f"datetime64[{step}]")
        top = hi.astype(f"datetime64[{step}]")
        stride = 3 if freq == "quarter" else 1
        found = np.arange(unit, top + 1, stride).astype("datetime64[D]")
    return list(found.astype("datetime64[D]").tolist())
