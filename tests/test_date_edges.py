"""Partial dates and periods at the edges the other date tests do not reach.

The year-first hint for the first and last years and months and the last day of a month;
the clipping of a long text in a message, at exactly its limit; a period's containment on its
own ends; what pydantic writes; the reprs.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter

from ruiran.model import PartialDate, Period
from ruiran.model.dates import parse_when

YEAR_FIRST = "a date must be written year first, with dashes: YYYY-MM-DD, YYYY-MM or YYYY"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("17/01/0001", "; did you mean 0001-01-17?"),
        ("17/01/9999", "; did you mean 9999-01-17?"),
        ("17/01/0000", ""),  # no year 0
        ("17/12/2025", "; did you mean 2025-12-17?"),
        ("12/2025", "; did you mean 2025-12?"),
        ("13/2025", ""),
        ("31/01/2025", "; did you mean 2025-01-31?"),
        ("29/02/2024", "; did you mean 2024-02-29?"),
        ("29/02/2023", ""),
        ("2025/12/31", "; did you mean 2025-12-31?"),
    ],
)
def test_the_year_first_hint_reaches_the_first_and_last_years_months_and_days(
    written: str, hint: str
) -> None:
    with pytest.raises(ValueError, match="year first") as caught:
        parse_when(written)
    assert str(caught.value) == f"{YEAR_FIRST} (got {written!r}){hint}"


def test_a_period_that_is_not_text_is_refused_with_its_value_named() -> None:
    with pytest.raises(ValueError, match=r"^a period must be 'start/end'.* \(got 5\)$"):
        Period.parse(5)  # type: ignore[arg-type]
    # A text without one "/" and no date in another order: the message ends with the text
    # (it once ended with "None", the hint that was not there).
    for text in ("1700-1799", "2024", "abc", "32/01/2025"):
        with pytest.raises(ValueError, match="a period must be") as caught:
            Period.parse(text)
        assert str(caught.value).endswith(f"(got {text!r})"), str(caught.value)
    with pytest.raises(ValueError, match="a period must be a string") as caught:
        TypeAdapter(Period).validate_python(1700)
    assert "a period must be a string such as '1700/1799' or '2022/..' (got 1700)" in str(
        caught.value
    )


def test_a_text_in_a_message_is_clipped_past_sixty_characters() -> None:
    """Shown whole up to 60 characters of its repr (quotes included), clipped past them."""
    whole = "x" * 58  # repr: 60 characters
    with pytest.raises(ValueError, match="a date must be") as caught:
        PartialDate.parse(whole)
    assert f"(got {whole!r})" in str(caught.value)
    long = "x" * 59  # repr: 61 characters
    with pytest.raises(ValueError, match="a date must be") as caught:
        PartialDate.parse(long)
    assert f"(got {repr(long)[:60]}... (61 characters))" in str(caught.value)


def test_a_period_contains_what_lies_within_its_own_ends() -> None:
    period = Period.parse("2000/2001")
    assert period.contains(PartialDate(2000))
    assert period.contains(PartialDate(2001))
    assert period.contains(Period.parse("2000/2001"))
    assert period.contains(PartialDate(2001, 12, 31))
    assert not period.contains(PartialDate(1999, 12, 31))
    assert not period.contains(PartialDate(2002, 1, 1))
    assert not period.contains(Period.parse("1999/2005"))
    assert not period.contains(Period.parse("2001/2002"))
    assert Period.parse("../2001").contains(PartialDate(1))


def test_pydantic_writes_dates_and_periods_as_strings_in_python_mode_too() -> None:
    assert TypeAdapter(PartialDate).dump_python(PartialDate(2024, 10, approximate=True)) == (
        "2024-10~"
    )
    assert TypeAdapter(Period).dump_python(Period.parse("2022/..")) == "2022/.."
    assert TypeAdapter(PartialDate).dump_json(PartialDate(2024)) == b'"2024"'


def test_the_reprs_name_the_type_and_the_text() -> None:
    assert repr(PartialDate.parse("2024-10?")) == "PartialDate('2024-10?')"
    assert repr(Period.parse("../1991")) == "Period('../1991')"
    assert f"{PartialDate(1917, approximate=True):>7}" == "  1917~"


@pytest.mark.parametrize(
    ("text", "ending"),
    [
        ("2024/abc", "(got '2024/abc')"),
        ("abc/2024", "(got 'abc/2024')"),
        (
            "2024/17.01.2025",
            "(got '2024/17.01.2025'); dates are written year first: for "
            "'17.01.2025', did you mean 2025-01-17?",
        ),
        ("٢٠٢٤/2025", "(got '٢٠٢٤/2025'; in ASCII digits: '2024/2025')"),
        ("٢٠٢٤", "(got '٢٠٢٤'; in ASCII digits: '2024')"),
    ],
)
def test_a_bad_period_s_message_names_the_whole_text_and_only_the_hints_that_apply(
    text: str, ending: str
) -> None:
    with pytest.raises(ValueError, match="a period must be") as caught:
        Period.parse(text)
    assert str(caught.value).endswith(ending), str(caught.value)


def test_values_that_are_not_dates_are_refused_with_what_they_are() -> None:
    adapter = TypeAdapter(PartialDate)
    with pytest.raises(ValueError, match="a date must not carry a time of day"):
        adapter.validate_python(dt.datetime(2024, 1, 1, 12))
    with pytest.raises(ValueError, match=r"a date must be a string such as '2024-10' \(got 1\.5\)"):
        adapter.validate_python(1.5)
    with pytest.raises(ValueError, match=r"a date must be YYYY.* \(got 5\)$"):
        PartialDate.parse(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^a period needs at least one end \(got '\.\./\.\.'\)$"):
        Period(None, None)


def test_a_partial_date_out_of_range_or_without_its_month_is_refused_by_name() -> None:
    for year in (0, 10000):
        with pytest.raises(ValueError, match=rf"^year must be between 1 and 9999 \(got {year}\)$"):
            PartialDate(year)
    with pytest.raises(ValueError, match=r"^a day needs a month$"):
        PartialDate(2024, None, 5)


def test_the_qualifiers_are_booleans() -> None:
    plain = PartialDate(2024)
    assert plain.approximate is False
    assert plain.uncertain is False
    both = PartialDate.parse("2024%")
    assert both.approximate is True
    assert both.uncertain is True
