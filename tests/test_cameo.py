"""The CAMEO event codebook and the ``cameo`` argument: codes, their tree, and refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruiran.errors import QueryError
from ruiran.model import EventKind
from ruiran.model.cameo import CAMEO_CODES, ROOTS, cameo_code, under
from ruiran.query.arguments import cameo


def test_the_codebook_is_a_tree_of_roots_base_and_full_codes() -> None:
    assert tuple(f"{n:02d}" for n in range(1, 21)) == ROOTS
    assert len(CAMEO_CODES) == 311
    for code, text in CAMEO_CODES.items():
        assert code.isdigit()
        assert 2 <= len(code) <= 4
        assert text
        assert text == text.strip()
        if len(code) > 2:
            assert code[:-1] in CAMEO_CODES or code[:2] in CAMEO_CODES  # its parent
            assert code[:2] in ROOTS
    # the lookup's slips, mended
    assert CAMEO_CODES["106"] == "Demand withdrawal"
    assert CAMEO_CODES["1056"] == "Demand de-escalation of military engagement"
    assert all("Ò" not in text and "matyerial" not in text for text in CAMEO_CODES.values())


def test_every_event_kind_has_a_code_of_the_codebook() -> None:
    for kind in EventKind:
        assert kind.cameo in CAMEO_CODES, kind
        assert kind.cameo_root in ROOTS


@given(st.sampled_from(sorted(CAMEO_CODES)))
def test_a_code_stands_for_itself_and_the_codes_under_it(code: str) -> None:
    found = under(code)
    assert found[0] == code
    assert set(found) == {c for c in CAMEO_CODES if c.startswith(code)}
    assert cameo_code(code) == code


@given(st.one_of(st.text(max_size=5), st.integers(), st.none(), st.floats()))
def test_the_argument_takes_exactly_the_codebook(value: object) -> None:
    if value is None:
        assert cameo(value) is None
    elif isinstance(value, str) and value in CAMEO_CODES:
        assert cameo(value) == value
    else:
        with pytest.raises(QueryError, match="'cameo'"):
            cameo(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1129", "under '112' (Accuse, not specified below) are '1121', '1122'"),
        ("0999", "under '09' (Investigate) are no codes of that length"),
        ("21", "the roots are '01', '02'"),
        ("1a", "a root of two digits ('01' to '20')"),
        ("", "such as '11', '112' or '1124'"),
        (42, "given as text, such as '042'"),
        (["11"], "given as text, such as '11'"),
    ],
)
def test_refusals_name_what_would_be_valid(value: object, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        cameo(value)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)  # QueryError is also a ValueError
