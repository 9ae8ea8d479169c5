"""The cross-record checks, example by example: each problem's record, field and words.

The laws (``tests/test_laws.py``) say which datasets are refused; these examples say what the
problem then reads, for the checks the laws do not reach: a source text given to an id that is
not a Source, a ``cow_code`` that disagrees with the table, quotes derived from a page's
address, long quotes cut short in messages, where quotes occur, and the bounds of the hints.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ruiran import Dataset, DatasetError
from ruiran.dataset import integrity
from ruiran.dataset.cow import COW_SOURCE
from ruiran.dataset.integrity import Hints, check_records, positions
from ruiran.errors import Problem
from ruiran.model import AnyRecord, Bloc, Citation, Derivation, Membership, Source, State

URL = "https://example.org/2025/01/17/russia-iran-treaty"


def _source(id: str = "src", url: str | None = URL) -> Source:
    return Source(id=id, title="S", kind="article", url=url)  # type: ignore[arg-type]


def _cite(quote: str, source: str = "src", *, address: bool = False) -> tuple[Citation, ...]:
    derived = Derivation.ADDRESS if address else None
    return (Citation(source=source, quote=quote, derived_from=derived),)


def _state(id: str, quote: str = "q", *, address: bool = False, **fields: object) -> State:
    return State(id=id, name=id.title(), citations=_cite(quote, address=address), **fields)  # type: ignore[arg-type]


def _brute_positions(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text``, by trying each one."""
    if not quote:
        return []
    return [i for i in range(len(text)) if text[i : i + len(quote)] == quote]


# -- a source text for an id that is not a Source ---------------------------------------------


def test_a_source_text_for_a_record_that_is_not_a_source_is_named() -> None:
    records: list[AnyRecord] = [_source(), _state("russia")]
    problems = check_records(records, {"src": "q", "russia": "text", "ghost": "text"})
    message = "a source text is given for an id that is not a Source"
    assert problems == [
        Problem("russia", "text_file", message),
        Problem("ghost", "text_file", message),
    ]


def test_a_source_text_for_a_source_is_no_problem() -> None:
    assert check_records([_source(), _state("russia")], {"src": "q"}) == []


# -- cow_code ---------------------------------------------------------------------------------


def test_a_cow_code_that_disagrees_with_the_table_names_record_field_and_the_right_code() -> None:
    wrong = State(id="iran", name="Iran", iso_alpha3="IRN", cow_code=365, citations=_cite("q"))
    assert check_records([_source(), wrong], {}) == [
        Problem(
            "iran",
            "cow_code",
            f"'cow_code' must be 630 for IRN ({COW_SOURCE}) (got 365)",
        )
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"iso_alpha3": "IRN", "cow_code": 630},  # agrees
        {"iso_alpha3": "IRN"},  # no code given
        {"cow_code": 365},  # no ISO code to look it up by
        {"iso_alpha3": "ATA", "cow_code": 1},  # Antarctica: not in the table
    ],
)
def test_a_cow_code_is_a_problem_only_when_it_disagrees_with_the_table(
    fields: dict[str, object],
) -> None:
    state = State(id="iran", name="Iran", citations=_cite("q"), **fields)  # type: ignore[arg-type]
    assert check_records([_source(), state], {}) == []


# -- quotes derived from the page's address ---------------------------------------------------


def test_a_quote_derived_from_the_address_is_checked_against_the_url_not_the_text() -> None:
    records: list[AnyRecord] = [_source(), _state("iran", "2025/01/17", address=True)]
    # The text does not hold it, the address does: accepted.
    assert check_records(records, {"src": "nothing like it"}) == []
    assert check_records(records, {}) == []


def test_a_quote_derived_from_the_address_but_not_in_it_is_named() -> None:
    records: list[AnyRecord] = [_source(), _state("iran", "2024/12/31", address=True)]
    expected = [
        Problem(
            "iran",
            "citations.0.quote",
            f"a quote derived from the address must occur in source 'src''s url {URL!r}: "
            "'2024/12/31'",
        )
    ]
    assert check_records(records, {}) == expected
    # Present in the text changes nothing: the address is what it rests on.
    assert check_records(records, {"src": "2024/12/31"}) == expected


def test_a_quote_derived_from_the_address_of_a_source_without_one_is_named() -> None:
    records: list[AnyRecord] = [_source(url=None), _state("iran", "2025", address=True)]
    assert check_records(records, {"src": "2025"}) == [
        Problem(
            "iran",
            "citations.0.quote",
            "a quote derived from the address must occur in source 'src''s url None: '2025'",
        )
    ]


def test_a_quote_derived_from_the_address_of_a_record_that_is_not_a_source() -> None:
    # Only the reference is wrong (named once, as a wrong kind); there is no url to look in.
    state = State(id="iran", name="Iran", citations=_cite("2025", source="russia", address=True))
    records: list[AnyRecord] = [_source(), _state("russia"), state]
    assert check_records(records, {}) == [
        Problem(
            "iran",
            "citations.0.source",
            "'russia' is a state; it must name a record of type source",
        )
    ]


def test_text_and_address_quotes_of_one_source_are_each_checked_their_own_way() -> None:
    records: list[AnyRecord] = [
        _source(),
        _state("iran", "russia-iran", address=True),
        _state("russia", "signed in Moscow"),
        _state("armenia", "signed in Yerevan"),
    ]
    problems = check_records(records, {"src": "the treaty was signed in Moscow"})
    assert [(p.record, p.field) for p in problems] == [("armenia", "citations.0.quote")]
    assert problems[0].message.startswith(
        "quote not found verbatim in source 'src': 'signed in Yerevan'"
    )


# -- long quotes are cut short in messages ----------------------------------------------------


@pytest.mark.parametrize("length", [199, 200])
def test_a_quote_up_to_200_characters_is_shown_whole(length: int) -> None:
    quote = "x" * length
    records: list[AnyRecord] = [_source(), _state("iran", quote, address=True)]
    [problem] = check_records(records, {})
    assert problem.message.endswith(f"'s url {URL!r}: {quote!r}")


@pytest.mark.parametrize("length", [201, 5000])
def test_a_longer_quote_is_cut_at_200_characters_with_its_length(length: int) -> None:
    quote = "y" * length
    records: list[AnyRecord] = [_source(), _state("iran", quote, address=True)]
    [problem] = check_records(records, {})
    assert problem.message.endswith(f"'s url {URL!r}: {'y' * 200!r}... ({length} characters)")


# -- where quotes occur -----------------------------------------------------------------------

TEXTS = ["aaaaa", "abcabcab", "Iran and Russia; Russia and Iran", "xabcdabcdex"]
QUOTES = ["a", "aa", "aaa", "abc", "bc", "c", "cab", "Russia", "Iran", "and", "d", "zz", ""]


@pytest.mark.parametrize("text", TEXTS)
def test_positions_with_str_find_are_every_occurrence_overlapping_ones_included(
    text: str,
) -> None:
    assert positions(text, QUOTES) == {q: _brute_positions(text, q) for q in QUOTES}


@pytest.mark.parametrize("text", TEXTS)
def test_positions_in_one_pass_are_every_occurrence_overlapping_ones_included(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # Quotes ending inside one another ("abc", "bc", "c") come from the output chain.
    monkeypatch.setattr(integrity, "_DIRECT_QUOTES", 0)
    monkeypatch.setattr(integrity, "_DIRECT_BUDGET", 0)
    quotes = [q for q in QUOTES if q]
    assert positions(text, quotes) == {q: _brute_positions(text, q) for q in quotes}


@pytest.mark.parametrize("text", TEXTS)
def test_occurring_in_one_pass_finds_quotes_ending_inside_others(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(integrity, "_DIRECT_QUOTES", 0)
    monkeypatch.setattr(integrity, "_DIRECT_BUDGET", 0)
    assert integrity.occurring(text, QUOTES) == {q for q in QUOTES if q in text}


# -- the bounds of the hints ------------------------------------------------------------------


def _states(count: int) -> list[AnyRecord]:
    """States ``state-000``, ... named ``Land000``, ...: a reference ``land007`` means one."""
    return [
        _source(),
        *(
            State(id=f"state-{i:03d}", name=f"Land{i:03d}", citations=_cite("q"))
            for i in range(count)
        ),
    ]


def test_references_are_hinted_up_to_fifty_distinct_ones_then_not() -> None:
    records = _states(60)
    hints = Hints(records)
    hinted = [hints.reference(f"land{i:03d}", ("state",)) for i in range(51)]
    assert hinted[:50] == [f"; did you mean 'state-{i:03d}'?" for i in range(50)]
    assert hinted[50] == ""
    # One already worked out is still given.
    assert hints.reference("land007", ("state",)) == "; did you mean 'state-007'?"


def test_the_fifty_first_dangling_reference_of_a_dataset_gets_no_hint() -> None:
    records = _states(51)
    blocs = [
        Bloc(
            id=f"bloc-{i:03d}",
            name=f"Bloc {i}",
            formal=True,
            members=(Membership(member=f"land{i:03d}"),),
            citations=_cite("q"),
        )
        for i in range(51)
    ]
    problems = check_records([*records, *blocs], {})
    assert [p.message for p in problems] == [
        f"'land{i:03d}' does not name any record in the dataset"
        + (f"; did you mean 'state-{i:03d}'?" if i < 50 else "")
        for i in range(51)
    ]


@pytest.mark.parametrize(("length", "hinted"), [(199, True), (200, True), (201, False)])
def test_a_reference_is_matched_to_names_only_up_to_200_characters(
    length: int, hinted: bool
) -> None:
    name = "N" * length
    state = State(id="long", name=name, citations=_cite("q"))
    hint = Hints([_source(), state]).reference(name.lower(), ("state",))
    assert hint == ("; did you mean 'long'?" if hinted else "")


@pytest.mark.parametrize(("count", "hinted"), [(20_000, True), (20_001, False)])
def test_close_ids_are_looked_for_among_at_most_20000(count: int, hinted: bool) -> None:
    kinds = {f"s{i}": "state" for i in range(count - 1)} | {"target-id": "state"}
    hint = Hints([], kinds).reference("target-idd", ("state",))
    assert hint == ("; did you mean 'target-id'?" if hinted else "")


@pytest.mark.parametrize(("count", "hinted"), [(20_000, True), (20_001, False)])
def test_close_names_are_looked_for_among_at_most_20000(count: int, hinted: bool) -> None:
    # The ids are not close to the reference; a name is. Each state "n1" named "n1" has one
    # name key; the state "p" named "Persepolis" two.
    states: list[AnyRecord] = [
        State.model_construct(
            id=f"n{i}", name=f"n{i}", aliases=(), historical_names=(), citations=()
        )
        for i in range(count - 2)
    ]
    states.append(
        State.model_construct(
            id="p", name="Persepolis", aliases=(), historical_names=(), citations=()
        )
    )
    kinds = {s.id: "state" for s in states}
    hints = Hints(states, kinds)
    assert len(hints._name_index()) == count
    hint = hints.reference("persepolys", ("state",))
    assert hint == ("; did you mean 'p'?" if hinted else "")


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now


@pytest.mark.parametrize(("elapsed", "hinted"), [(0.0, True), (2.0, True), (2.5, False)])
def test_passages_are_searched_for_two_seconds_in_all(
    monkeypatch: pytest.MonkeyPatch, elapsed: float, hinted: bool
) -> None:
    clock = _Clock()
    monkeypatch.setattr(integrity, "time", SimpleNamespace(monotonic=clock.monotonic))
    hints = Hints([])
    text = "Iran signed the treaty on 17 January"
    first = hints.passage("s", text, "Iran signed the treaty on 18 January")
    assert first.startswith("; the source comes closest at line 1 as ")
    clock.now += elapsed
    later = hints.passage("s", text, "Iran signed the treaty on 19 January")
    assert bool(later) is hinted
    # One already worked out is still given.
    assert hints.passage("s", text, "Iran signed the treaty on 18 January") == first


def test_passages_are_hinted_up_to_fifty_distinct_quotes() -> None:
    hints = Hints([])
    text = "Iran signed the treaty"
    given = [hints.passage("s", text, f"Iran signed the treaty {i}") for i in range(51)]
    assert all(given[:50])
    assert given[50] == ""


def test_the_passage_hint_is_of_the_source_the_quote_cites() -> None:
    records: list[AnyRecord] = [
        _source("one"),
        _source("two"),
        State(id="iran", name="Iran", citations=_cite("signed in Tehran", source="one")),
        State(id="russia", name="Russia", citations=_cite("signed in Tehran", source="two")),
    ]
    with pytest.raises(DatasetError) as caught:
        Dataset(
            records,
            source_texts={"one": "it was signed in Teheran", "two": "it was signed in Tehrân"},
        )
    assert [p.message for p in caught.value.problems] == [
        "quote not found verbatim in source 'one': 'signed in Tehran'; the source comes "
        "closest at line 1 as 'signed in Teheran': the source has 'Teheran' where the quote "
        "has 'Tehran'",
        "quote not found verbatim in source 'two': 'signed in Tehran'; the source comes "
        "closest at line 1 as 'signed in Tehrân': the source has 'Tehrân' where the quote "
        "has 'Tehran'",
    ]


def test_a_name_shared_by_many_suggests_the_first_three() -> None:
    states: list[AnyRecord] = [
        State(id=f"p{i}", name="Persia", citations=_cite("q")) for i in range(1, 5)
    ]
    hints = Hints([_source(), *states])
    three = "; did you mean 'p1', 'p2' or 'p3'?"
    assert hints.reference("persia", ("state",)) == three  # the name itself
    assert hints.reference("persiia", ("state",)) == three  # the name misspelt


def test_every_quote_of_a_record_is_checked_after_one_from_the_address() -> None:
    citations = (
        Citation(source="src", quote="2024", derived_from=Derivation.ADDRESS),
        Citation(source="src", quote="signed in Yerevan"),
        Citation(source="src", quote="2025", derived_from=Derivation.ADDRESS),
        Citation(source="src", quote="signed in Baku"),
    )
    state = State(id="iran", name="Iran", citations=citations)
    problems = check_records([_source(), state], {"src": "signed in Moscow"})
    assert [p.field for p in problems] == [
        "citations.0.quote",
        "citations.1.quote",
        "citations.3.quote",
    ]
