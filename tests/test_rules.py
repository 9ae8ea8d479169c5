"""Rules without loopholes (issue 9, item 5): each hole a user found, closed and kept closed.

- milestone dates never go backwards, whatever undated (or vaguer) milestones stand between;
- a quote holds at least one letter or digit, and is checked exactly as written;
- dates use the ASCII digits 0-9 only, as the published JSON Schema says;
- checking many quotes against one text finds exactly the quotes a plain search finds.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import ruiran
from ruiran import DatasetError, PartialDate, Period
from ruiran.dataset import integrity as integrity_module
from ruiran.dataset.integrity import _aho_corasick, occurring
from ruiran.io import from_dicts
from ruiran.model import Agreement, Citation
from ruiran.model.dates import When

# -- a small dataset to put one record at a time into -----------------------------------------

TEXT = "Russia and Iran signed the treaty on 17 January 2025. It entered into force in 2025."
SOURCE: dict[str, Any] = {"type": "source", "id": "s", "title": "A note", "kind": "other"}
STATES: list[dict[str, Any]] = [
    {"type": "state", "id": id_, "name": name, "citations": [{"source": "s", "quote": name}]}
    for id_, name in (("russia", "Russia"), ("iran", "Iran"))
]


def _cite(quote: str = "signed the treaty") -> list[dict[str, Any]]:
    return [{"source": "s", "quote": quote}]


def _agreement(*dates: str | None) -> dict[str, Any]:
    """A treaty whose milestones are all 'signed' steps, dated as given (None: undated)."""
    return {
        "type": "agreement",
        "id": "treaty",
        "title": "The treaty",
        "kind": "treaty",
        "parties": ["russia", "iran"],
        "citations": _cite(),
        "milestones": [{"stage": "signed", "date": d, "citations": _cite()} for d in dates],
    }


def _load(*records: dict[str, Any]) -> ruiran.Dataset:
    """The source, the two states and ``records`` (which replace a record of the same id)."""
    by_id = {r["id"]: r for r in (SOURCE, *STATES, *records)}
    return from_dicts(by_id.values(), source_texts={"s": TEXT})


def _problems(*records: dict[str, Any]) -> list[str]:
    """The problems of a dataset made of the given records, as '<record> <field>: <message>'."""
    try:
        _load(*records)
    except DatasetError as error:
        return [f"{p.record} {p.field}: {p.message}" for p in error.problems]
    return []


# -- 1. milestone dates never go backwards ----------------------------------------------------


def test_an_undated_milestone_does_not_hide_dates_going_backwards() -> None:
    assert _problems(_agreement("2025", "2024")) != []  # the rule as it always was
    problems = _problems(_agreement("2025", None, "2024"))
    assert len(problems) == 1
    assert problems[0].startswith("treaty milestones")
    assert (
        "milestones[2] (signed, 2024) is dated before milestones[0] (signed, 2025)" in (problems[0])
    )
    assert _problems(_agreement("2025", None, None, "2024-12-31")) != []


def test_a_vague_date_does_not_hide_dates_going_backwards() -> None:
    # "2024" overlaps both of its neighbours, yet the third step is months before the first.
    problems = _problems(_agreement("2024-10-15", "2024", "2024-01-05"))
    assert len(problems) == 1
    assert "milestones[2]" in problems[0]
    assert "milestones[0]" in problems[0]


def test_overlapping_partial_dates_are_not_backwards() -> None:
    # Intervals that share a day may come in either order: "2024-10" may be the 1st of October.
    assert _problems(_agreement("2024-10", "2024", "2024-10-01", None, "2024-10")) == []
    assert _problems(_agreement(None, "2024", None, "2025", None)) == []


def test_a_sanction_period_cannot_run_backwards() -> None:
    sanction = {
        "type": "sanction",
        "id": "measures",
        "title": "Measures",
        "senders": ["russia"],
        "target": "iran",
        "status": "imposed",
        "period": "2025/2024",
        "citations": _cite(),
    }
    assert any("end before it starts" in p for p in _problems(sanction))


def test_sanction_milestones_never_go_backwards_whatever_stands_between() -> None:
    steps = [
        {"action": "imposed", "date": "2024-10-15", "citations": _cite()},
        {"action": "tightened", "citations": _cite()},  # undated, in between
        {"action": "lifted", "date": "2024-01-05", "citations": _cite()},
    ]
    sanction = {
        "type": "sanction",
        "id": "measures",
        "title": "Measures",
        "senders": ["russia"],
        "target": "iran",
        "status": "imposed",
        "milestones": steps,
        "citations": _cite(),
    }
    assert any("in date order for each sender" in p for p in _problems(sanction))


def _days(d: PartialDate) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date covers, computed here, apart from the model."""
    if d.day is not None:
        assert d.month is not None
        day = dt.date(d.year, d.month, d.day)
        return day, day
    if d.month is not None:
        return dt.date(d.year, d.month, 1), dt.date(
            d.year, d.month, calendar.monthrange(d.year, d.month)[1]
        )
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def _never_backwards(dates: list[PartialDate | None]) -> bool:
    """Brute force: no dated milestone ends before any earlier dated milestone begins."""
    dated = [_days(d) for d in dates if d is not None]
    return all(
        not later_last < earlier_first
        for i, (earlier_first, _) in enumerate(dated)
        for _, later_last in dated[i + 1 :]
    )


@st.composite
def _close_dates(draw: st.DrawFn) -> PartialDate:
    # Three years only, so that generated dates overlap, touch and go backwards often.
    year = draw(st.integers(2023, 2025))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year, month, day, approximate=draw(st.booleans()))


@given(st.lists(st.none() | _close_dates(), max_size=7))
def test_a_dataset_is_accepted_iff_its_dated_milestones_never_go_backwards(
    dates: list[PartialDate | None],
) -> None:
    record = _agreement(*(None if d is None else str(d) for d in dates))
    problems = _problems(record)
    assert (problems == []) == _never_backwards(dates), problems
    assert all("dated before" in p for p in problems)


def test_an_agreement_built_in_python_follows_the_same_rules() -> None:
    # The rule lives in the model: it holds without a Dataset, for records built in code.
    with pytest.raises(ValidationError, match="dated before"):
        Agreement.model_validate({**_agreement("2025", None, "2024"), "type": "agreement"})


# -- 2. a quote holds a letter or a digit, and is checked as written --------------------------


@pytest.mark.parametrize("quote", [" ", ".", "  ,;-", "\u3000", "«»", "\u2014", "\t\n"])
def test_a_quote_without_a_letter_or_digit_is_refused(quote: str) -> None:
    # Each of these occurs "verbatim" in almost any text, so the check would prove nothing.
    with pytest.raises(ValidationError, match="'quote' must contain at least one letter or digit"):
        Citation(source="s", quote=quote)
    state = {**STATES[0], "citations": _cite(quote)}
    problems = [p for p in _problems(state) if p.startswith("russia citations.0.quote:")]
    assert problems == [
        f"russia citations.0.quote: 'quote' must contain at least one letter or digit (got {quote!r})"
    ]


@pytest.mark.parametrize("quote", ["2025", "Иран", "إيران", "٢٠٢٤", "伊朗", "a", ". 7 ."])
def test_a_quote_with_a_letter_or_digit_in_any_script_is_accepted(quote: str) -> None:
    assert Citation(source="s", quote=quote).quote == quote


def test_a_quote_is_kept_and_checked_exactly_as_written() -> None:
    # Nothing strips or normalizes a quote: surrounding spaces stay, and so does a mismatch.
    padded = " signed the treaty "
    ds = _load({**STATES[0], "citations": _cite(padded)})
    russia = ds["russia"]
    assert isinstance(russia, ruiran.State)
    assert russia.citations[0].quote == padded
    for near_miss, differs in (
        ("signed  the treaty", "the source has a space where the quote has two spaces"),
        ("signed the Treaty", "the source has 'treaty' where the quote has 'Treaty'"),
        ("signed\u00a0the treaty", "the source has a space where the quote has a non-breaking"),
    ):
        problems = _problems({**STATES[0], "citations": _cite(near_miss)})
        assert problems == [
            f"russia citations.0.quote: quote not found verbatim in source 's': {near_miss!r}; "
            f"the source has it at line 1 as 'signed the treaty': {differs}"
            + (" space" if near_miss.count("\u00a0") else "")
        ]


# -- 3. dates use the ASCII digits 0-9 only ---------------------------------------------------

#: Digits of other scripts that Python's int() and \d accept, and the JSON Schema refuses.
OTHER_DIGITS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "full-width": "０１２３４５６７８９",
    "devanagari": "०१२३४५६७८९",
}


def _in_digits(text: str, digits: str) -> str:
    return text.translate(str.maketrans("0123456789", digits))


@pytest.mark.parametrize("script", sorted(OTHER_DIGITS))
@pytest.mark.parametrize("text", ["2024", "2024-10", "2024-10-23", "1917~"])
def test_dates_in_other_digits_are_refused_with_the_ascii_form_named(
    script: str, text: str
) -> None:
    foreign = _in_digits(text, OTHER_DIGITS[script])
    with pytest.raises(ValueError, match="ASCII digits 0-9") as info:
        PartialDate.parse(foreign)
    assert f"in ASCII digits: {text!r}" in str(info.value)
    with pytest.raises(ValueError, match="ASCII digits 0-9"):
        Period.parse(f"{foreign}/..")
    with pytest.raises(ValueError, match="ASCII digits 0-9"):
        Period.parse(f"1900/{foreign}")


def test_a_dataset_with_dates_in_other_digits_is_refused() -> None:
    source = {**SOURCE, "id": "t", "date": "٢٠٢٤"}
    problems = _problems(source)
    assert len(problems) == 1
    assert problems[0].startswith("t date:")
    assert "ASCII digits 0-9" in problems[0]
    sanction = {
        "type": "sanction",
        "id": "measures",
        "title": "Measures",
        "senders": ["russia"],
        "target": "iran",
        "status": "imposed",
        "period": "２０２２/..",
        "citations": _cite(),
    }
    assert any(p.startswith("measures period:") for p in _problems(sanction))


@pytest.mark.parametrize("text", [" 2024", "2024 ", "2024\n", "2024/", "/2024", "2024 / 2025"])
def test_dates_are_read_exactly_as_the_schema_writes_them(text: str) -> None:
    # No surrounding spaces, no final newline, and an open end is "..", never an empty side.
    with pytest.raises(ValueError, match="must be"):
        TypeAdapter(When).validate_python(text)


def _schema_patterns(schema: object) -> set[str]:
    """Every "pattern" in a JSON Schema."""
    if isinstance(schema, dict):
        found = {schema["pattern"]} if isinstance(schema.get("pattern"), str) else set()
        return found.union(*(_schema_patterns(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_schema_patterns(v) for v in schema))
    return set()


DATE_SCHEMA_PATTERNS: dict[object, str] = {
    PartialDate: TypeAdapter(PartialDate).json_schema()["pattern"],
    Period: TypeAdapter(Period).json_schema()["pattern"],
    When: TypeAdapter(When).json_schema()["pattern"],
}


def test_the_published_schema_holds_the_date_patterns_with_ascii_digits() -> None:
    assert set(DATE_SCHEMA_PATTERNS.values()) <= _schema_patterns(ruiran.json_schema())
    # ECMAScript reads \d as [0-9], Python and pydantic's Rust regex as any script's digits:
    # [0-9] means one thing to every validator.
    assert [p for p in DATE_SCHEMA_PATTERNS.values() if "\\d" in p] == []


@st.composite
def _date_texts(draw: st.DrawFn) -> str:
    """Date and period texts, some in other digits, with spaces, or with an empty side.

    The dates are real calendar dates and a period's start comes before its end: those are
    rules a pattern cannot state, left out here so that pattern and parser must agree exactly.
    """
    first, second = sorted(
        draw(st.lists(st.integers(1, 9999), min_size=2, max_size=2, unique=True))
    )

    def side(year: int) -> str:
        if draw(st.integers(0, 5)) == 0:
            return draw(st.sampled_from(["..", "", " .."]))
        month = draw(st.none() | st.integers(1, 12))
        text = f"{year:04d}"
        if month is not None:
            text += f"-{month:02d}"
            if draw(st.booleans()):
                text += f"-{draw(st.integers(1, calendar.monthrange(year, month)[1])):02d}"
        text += draw(st.sampled_from(["", "", "~", "?", "%"]))
        if draw(st.integers(0, 4)) == 0:
            text = _in_digits(text, draw(st.sampled_from(sorted(OTHER_DIGITS.values()))))
        return draw(st.sampled_from(["", "", "", " ", "\n", "\t"])) + text

    text = side(first)
    if draw(st.booleans()):
        text += "/" + side(second)
    return text + draw(st.sampled_from(["", "", "", " ", "\n", "\u00a0"]))


@given(_date_texts())
def test_the_parser_accepts_exactly_what_the_schema_pattern_accepts(text: str) -> None:
    # The pattern is read as ECMAScript reads it: [0-9] is ASCII and $ ends the text
    # (fullmatch, since Python's $ also matches before a final "\n").
    pattern = DATE_SCHEMA_PATTERNS[When].removeprefix("^").removesuffix("$")
    try:
        TypeAdapter(When).validate_python(text)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert accepted == (re.fullmatch(pattern, text) is not None)


# -- 4. many quotes against one text ----------------------------------------------------------


@given(
    st.text("abc", max_size=60),
    st.lists(st.text("abc", min_size=1, max_size=6), max_size=40),
)
def test_one_pass_finds_exactly_the_quotes_a_plain_search_finds(
    text: str, quotes: list[str]
) -> None:
    expected = {q for q in quotes if q in text}
    assert _aho_corasick(text, quotes) == expected
    assert occurring(text, quotes) == expected


def test_a_dataset_with_many_quotes_reports_exactly_the_missing_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Force the one-pass search (used for many quotes or a long text) on a small dataset.
    monkeypatch.setattr(integrity_module, "_DIRECT_QUOTES", 0)
    monkeypatch.setattr(integrity_module, "_DIRECT_BUDGET", 0)
    words = TEXT.split()
    quotes = [" ".join(words[i : i + n]) for n in (1, 2, 5) for i in range(len(words) - n + 1)]
    quotes += ["Iran and Russia", "in force in 2024", "treaty on 17 January 2025. It"]
    states = [
        {**STATES[0], "id": f"state-{i}", "citations": _cite(quote)}
        for i, quote in enumerate(quotes)
    ]
    problems = _problems(*states)
    missing = [q for q in quotes if q not in TEXT]
    assert missing == ["Iran and Russia", "in force in 2024"]
    prefixes = [
        f"state-{quotes.index(q)} citations.0.quote: quote not found verbatim in source 's': {q!r}"
        for q in missing
    ]
    assert len(problems) == len(prefixes)
    assert all(p.startswith(prefix) for p, prefix in zip(problems, prefixes, strict=True))
