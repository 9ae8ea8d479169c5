"""Partial dates and periods at the edges the other date tests do not reach."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from ruiran.model import Period


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
