"""Partial dates and periods: parsing, writing, ordering and overlap."""

from __future__ import annotations

import calendar
import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from ruiran.model import PartialDate, Period, Precision, When
from ruiran.model.dates import to_window
from ruiran.testing import partial_dates, periods, whens


@given(partial_dates())
def test_partial_date_round_trips_through_its_string(d: PartialDate) -> None:
    assert PartialDate.parse(str(d)) == d
    assert pickle.loads(pickle.dumps(d)) == d


@given(periods())
def test_period_round_trips_through_its_string(p: Period) -> None:
    assert Period.parse(str(p)) == p


@given(partial_dates())
def test_interval_matches_precision(d: PartialDate) -> None:
    assert d.earliest <= d.latest
    if d.precision is Precision.DAY:
        assert d.earliest == d.latest
    elif d.precision is Precision.MONTH:
        assert (d.earliest.year, d.earliest.month) == (d.latest.year, d.latest.month)
        assert d.latest.day == calendar.monthrange(d.year, d.latest.month)[1]
    else:
        assert (d.earliest, d.latest) == (dt.date(d.year, 1, 1), dt.date(d.year, 12, 31))


@given(partial_dates(), partial_dates())
def test_order_follows_the_intervals(a: PartialDate, b: PartialDate) -> None:
    if a.latest < b.earliest:
        assert a < b
        assert not b < a
    if (a.earliest, a.latest) < (b.earliest, b.latest):
        assert a < b
    # a total order consistent with equality
    assert (a < b) + (b < a) + (a == b) == 1


@given(st.lists(partial_dates(), max_size=20))
def test_sorting_orders_by_first_then_last_day(dates: list[PartialDate]) -> None:
    keys = [(d.earliest, d.latest) for d in sorted(dates)]
    assert keys == sorted(keys)


@given(whens(), whens())
def test_overlap_is_symmetric_and_matches_the_days(
    a: PartialDate | Period, b: PartialDate | Period
) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    assert a.overlaps(b) == (max(a.earliest, b.earliest) <= min(a.latest, b.latest))


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2013", dt.date(2013, 1, 1), dt.date(2013, 12, 31), Precision.YEAR),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), Precision.MONTH),
        ("2025-01-17", dt.date(2025, 1, 17), dt.date(2025, 1, 17), Precision.DAY),
        ("1917~", dt.date(1917, 1, 1), dt.date(1917, 12, 31), Precision.YEAR),
    ],
)
def test_parse_examples(
    text: str, earliest: dt.date, latest: dt.date, precision: Precision
) -> None:
    d = PartialDate.parse(text)
    assert (d.earliest, d.latest, d.precision, str(d)) == (earliest, latest, precision, text)


@pytest.mark.parametrize("text", ["", "13", "2024-13", "2023-02-29", "2024/10", "Friday", "2024-1"])
def test_bad_dates_are_rejected_with_the_text_named(text: str) -> None:
    with pytest.raises(ValueError, match=r"2024|date|month|day|period") as info:
        PartialDate.parse(text)
    assert repr(text) in str(info.value) or "between" in str(info.value)


def test_period_examples() -> None:
    assert Period.parse("1700/1799").contains(PartialDate(1722))
    assert Period.parse("2022/..").latest == dt.date.max
    assert Period.parse("../1991").earliest == dt.date.min
    with pytest.raises(ValueError, match="end before it starts"):
        Period.parse("2000/1999")
    with pytest.raises(ValueError, match="at least one end"):
        Period.parse("../..")


def test_dates_are_immutable() -> None:
    d = PartialDate(2013)
    with pytest.raises(AttributeError):
        d.year = 2014


class _Dated(BaseModel):
    when: When
    on: PartialDate


def test_pydantic_fields_accept_strings_dates_and_years() -> None:
    m = _Dated(when="1909/1917", on=dt.date(2025, 1, 17))  # type: ignore[arg-type]
    assert m.when == Period.parse("1909/1917")
    assert m.model_dump(mode="json") == {"when": "1909/1917", "on": "2025-01-17"}
    assert _Dated.model_validate({"when": 2013, "on": "2013"}).when == PartialDate(2013)
    with pytest.raises(ValidationError, match="YYYY"):
        _Dated.model_validate({"when": "last Friday", "on": "2013"})


def test_to_window_accepts_dates_and_strings() -> None:
    assert to_window(dt.date(2024, 10, 23)) == PartialDate(2024, 10, 23)
    assert to_window(dt.datetime(2024, 10, 23, 12, 0)) == PartialDate(2024, 10, 23)
    assert to_window("2024/2025") == Period.parse("2024/2025")
