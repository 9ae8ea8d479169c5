"""Errors that help (issue 10, item 5): every mistake can be fixed from its message alone.

1. a misspelt field name is one problem, with the field it was meant to be;
2. a reference that names nothing, or names an actor by its name or code, suggests the id;
3. a vocabulary value keeps the list of allowed values and adds the closest;
4. a date written day first, month first or with slashes or dots is a date problem with the
   year-first form;
5. a quote not found verbatim comes with the closest passage and what differs;
6. small holes: an event statement of punctuation alone, one problem per invalid citation, the
   Wikidata pattern in ASCII digits, ``citing`` that finds the quotes once;
7. the law behind 1-3: one edit away from a valid name, value or id, the error suggests it.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

import ruiran
from ruiran import DatasetError
from ruiran.cli import cli
from ruiran.dataset import integrity
from ruiran.dataset import integrity as integrity_module
from ruiran.dataset.index import fold, name_keys
from ruiran.dataset.integrity import Hints, positions, reference_kinds
from ruiran.hints import passages
from ruiran.hints.passages import closest_passage, differences, passage_hint
from ruiran.hints.suggest import close_matches, edit_distance
from ruiran.io import from_dicts, load
from ruiran.model import (
    Actor,
    Agreement,
    AgreementKind,
    Area,
    Citation,
    Event,
    EventKind,
    Measure,
    Milestone,
    Modality,
    Objective,
    OrganizationKind,
    Participant,
    Period,
    Role,
    Sanction,
    SanctionStatus,
    SourceKind,
    Stage,
    parse_when,
)
from ruiran.model.actors import WikidataId

# -- a small dataset to put records into ------------------------------------------------------

TEXT = (
    "Russia’s partner Iran signed the treaty on 17 January 2025 – in Moscow.\n"
    "The two “strategic partners” met again\nin June. Their\u00a0ties  deepened."
)
SOURCE: dict[str, Any] = {"type": "source", "id": "s", "title": "A note", "kind": "other"}
STATES: list[dict[str, Any]] = [
    {
        "type": "state",
        "id": "russia",
        "name": "Russia",
        "aliases": ["Russian Federation", "RF"],
        "iso_alpha2": "RU",
        "iso_alpha3": "RUS",
        "citations": [{"source": "s", "quote": "Russia"}],
    },
    {
        "type": "state",
        "id": "iran",
        "name": "Iran",
        "citations": [{"source": "s", "quote": "Iran"}],
    },
]


def _cite(quote: str = "signed the treaty") -> list[dict[str, Any]]:
    return [{"source": "s", "quote": quote}]


EVENT: dict[str, Any] = {
    "type": "event",
    "id": "signing",
    "kind": "sign_agreement",
    "title": "The treaty is signed",
    "date": "2025-01-17",
    "participants": [{"actor": "russia", "role": "participant"}],
    "location": "Moscow",
    "modality": "occurred",
    "statement": "signed the treaty",
    "summary": "Signed.",
    "citations": _cite(),
}
AGREEMENT: dict[str, Any] = {
    "type": "agreement",
    "id": "treaty",
    "title": "The treaty",
    "official_title": "The Treaty",
    "kind": "treaty",
    "parties": ["russia", "iran"],
    "areas": ["defense"],
    "obligations": ["consultation"],
    "milestones": [
        {"stage": "signed", "date": "2025-01-17", "actors": ["russia"], "citations": _cite()}
    ],
    "summary": "A treaty.",
    "citations": _cite(),
}
SANCTION: dict[str, Any] = {
    "type": "sanction",
    "id": "embargo",
    "title": "An embargo",
    "senders": ["russia"],
    "target": "iran",
    "measures": ["trade"],
    "objectives": ["other"],
    "status": "imposed",
    "period": "2025/..",
    "citations": _cite(),
}
ORGANIZATION: dict[str, Any] = {
    "type": "organization",
    "id": "ministry",
    "name": "A ministry",
    "kind": "government_body",
    "country": "russia",
    "citations": _cite(),
}


def _load(*records: dict[str, Any]) -> ruiran.Dataset:
    """The source, the two states and ``records`` (which replace a record of the same id)."""
    by_id = {r.get("id", i): r for i, r in enumerate((SOURCE, *STATES, *records))}
    return from_dicts(by_id.values(), source_texts={"s": TEXT})


def _problems(*records: dict[str, Any]) -> list[str]:
    """The problems of a dataset made of the given records, as '<record> <field>: <message>'."""
    try:
        _load(*records)
    except DatasetError as error:
        return [f"{p.record} {p.field}: {p.message}" for p in error.problems]
    return []


def _with(record: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``record`` with the value at a dotted path (``participants.0.role``)."""
    out = copy.deepcopy(record)
    *parents, last = path.split(".")
    node: Any = out
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return out


def _renamed(record: dict[str, Any], path: str, new_name: str) -> dict[str, Any]:
    """A deep copy of ``record`` with the field at ``path`` renamed, in place."""
    out = copy.deepcopy(record)
    *parents, last = path.split(".")
    node: Any = out
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    items = [(new_name if key == last else key, value) for key, value in node.items()]
    node.clear()
    node.update(items)
    return out


def test_the_records_used_here_are_valid() -> None:
    assert len(_load(EVENT, AGREEMENT, SANCTION, ORGANIZATION)) == 7


# -- 1. misspelt field names ------------------------------------------------------------------


def test_a_misspelt_required_field_is_one_problem_naming_the_field() -> None:
    problems = _problems(_renamed(EVENT, "participants", "partcipants"))
    assert problems == [
        "signing partcipants: unknown field 'partcipants'; did you mean 'participants'?"
    ]


@pytest.mark.parametrize(
    ("record", "path", "typo", "meant"),
    [
        (EVENT, "summary", "sumary", "summary"),
        (EVENT, "citations.0.source", "sourc", "source"),
        (EVENT, "participants.0.actor", "actr", "actor"),
        (EVENT, "participants.0.role", "rloe", "role"),
        (AGREEMENT, "milestones.0.stage", "stge", "stage"),
        (AGREEMENT, "milestones.0.citations.0.quote", "qoute", "quote"),
        (AGREEMENT, "official_title", "oficial_title", "official_title"),
        (SANCTION, "senders", "sender", "senders"),
    ],
)
def test_a_misspelt_field_suggests_the_field_of_its_own_model(
    record: dict[str, Any], path: str, typo: str, meant: str
) -> None:
    problems = _problems(_renamed(record, path, typo))
    field = ".".join([*path.split(".")[:-1], typo])
    assert problems == [f"{record['id']} {field}: unknown field {typo!r}; did you mean {meant!r}?"]


def test_an_unknown_field_with_nothing_close_lists_the_fields() -> None:
    problems = _problems({**EVENT, "xyzzy": 1})
    fields = sorted(Event.model_fields)
    assert problems == [f"signing xyzzy: unknown field 'xyzzy': the fields of Event are {fields!r}"]
    nested = _problems(_with(EVENT, "participants.0", {"actor": "iran", "role": "host", "q": 1}))
    assert nested == [
        "signing participants.0.q: unknown field 'q': the fields of Participant are "
        "['actor', 'role']"
    ]
    assert not any("did you mean" in p for p in problems + nested)


def test_a_missing_field_without_a_misspelling_is_still_reported() -> None:
    record = {k: v for k, v in EVENT.items() if k != "participants"}
    assert _problems(record) == ["signing participants: required field 'participants' is missing"]


# -- 2. references: ids, names, aliases, codes --------------------------------------------------


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("rusia", "'rusia' does not name any record in the dataset; did you mean 'russia'?"),
        ("irna", "'irna' does not name any record in the dataset; did you mean 'iran'?"),
        ("rf", "'rf' does not name any record in the dataset; did you mean 'russia'?"),
        ("rus", "'rus' does not name any record in the dataset; did you mean 'russia'?"),
    ],
)
def test_a_dangling_reference_suggests_the_id_it_may_mean(written: str, hint: str) -> None:
    event = _with(EVENT, "participants.0.actor", written)
    assert _problems(event) == [f"signing participants.0.actor: {hint}"]


@pytest.mark.parametrize("written", ["Russia", "RU", "RUS", "Russian Federation", "RUSSIA"])
def test_a_reference_written_as_a_name_or_code_suggests_the_id(written: str) -> None:
    problems = _problems(_with(EVENT, "participants.0.actor", written))
    assert problems == [
        "signing participants.0.actor: 'actor' must be the id of a record: lower-case letters, "
        "digits, '.' and '-', starting and ending with a letter or digit "
        f"(got {written!r}); did you mean 'russia'?"
    ]


def test_a_reference_suggests_only_records_of_the_kinds_it_may_name() -> None:
    # 's' is a source: one edit from 'ss', but a participant must be an actor.
    problems = _problems(_with(EVENT, "participants.0.actor", "ss"))
    assert problems == [
        "signing participants.0.actor: 'ss' does not name any record in the dataset"
    ]
    # A citation's source may only name a source.
    problems = _problems(_with(EVENT, "citations.0.source", "ss"))
    assert problems == [
        "signing citations.0.source: 'ss' does not name any record in the dataset; "
        "did you mean 's'?"
    ]


def test_a_reference_with_nothing_close_gets_no_suggestion() -> None:
    for written in ("atlantis", "Atlantis"):
        problems = _problems(_with(AGREEMENT, "parties.1", written))
        assert len(problems) == 1
        assert "did you mean" not in problems[0]
        assert repr(written) in problems[0]


def test_names_resolve_against_the_base_dataset(tmp_path: Path) -> None:
    bundled = ruiran.load()
    (tmp_path / "events.yaml").write_text(
        "- id: my-call\n  kind: consult\n  title: A call\n  date: 2025-07-03\n"
        "  participants: [{actor: Russia, role: initiator}, {actor: irn, role: target}]\n"
        "  citations: [{source: russia-iran-deepening-alliance, quote: Russia}]\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        load(tmp_path, base=bundled)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 1
    assert messages[0].endswith("(got 'Russia'); did you mean 'russia'?")
    (tmp_path / "events.yaml").write_text(
        (tmp_path / "events.yaml").read_text().replace("actor: Russia", "actor: russia"),
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        load(tmp_path, base=bundled)
    assert [p.message for p in caught.value.problems] == [
        "'irn' does not name any record in the dataset; did you mean 'iran'?"
    ]


def test_the_reference_fields_are_those_the_integrity_checks_follow(
    bundled: ruiran.Dataset,
) -> None:
    seen = 0
    for record in bundled:
        for field, _, allowed in integrity._references(record):
            assert reference_kinds(record.type, field) == allowed, (record.id, field)
            seen += 1
    assert seen > 100
    assert reference_kinds("event", "title") is None
    assert reference_kinds("state", "name") is None


def test_hints_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = passage_hint

    def counted(text: str, quote: str) -> str:
        calls.append(quote)
        return real(text, quote)

    monkeypatch.setattr(passages, "passage_hint", counted)
    states = [
        {**STATES[0], "id": f"state-{i}", "citations": _cite(f"absent quote {i}")}
        for i in range(200)
    ]
    with pytest.raises(DatasetError) as caught:
        _load(*states)
    assert len(caught.value.problems) == 200
    assert len(calls) == integrity._HINTED
    hinted = [p for p in caught.value.problems if "; " in p.message]
    assert len(hinted) == integrity._HINTED


# -- 3. vocabulary values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "path", "written", "meant", "vocabulary"),
    [
        (EVENT, "kind", "Consult", "consult", EventKind),
        (EVENT, "kind", "sign-agreement", "sign_agreement", EventKind),
        (EVENT, "participants.0.role", "initiatr", "initiator", Role),
        (EVENT, "modality", "ocurred", "occurred", Modality),
        (AGREEMENT, "milestones.0.stage", "ratifed", "ratified", Stage),
        (AGREEMENT, "milestones.0.stage", "in force", "in_force", Stage),
        (AGREEMENT, "areas.0", "defence", "defense", Area),
        (AGREEMENT, "kind", "Treaty", "treaty", AgreementKind),
        (SANCTION, "measures.0", "finacial", "financial", Measure),
        (SANCTION, "status", "imposd", "imposed", SanctionStatus),
        (ORGANIZATION, "kind", "goverment_body", "government_body", OrganizationKind),
    ],
)
def test_a_vocabulary_value_lists_the_values_and_suggests_the_closest(
    record: dict[str, Any], path: str, written: str, meant: str, vocabulary: Any
) -> None:
    problems = _problems(_with(record, path, written))
    name = [p for p in path.split(".") if not p.isdigit()][-1]
    allowed = [v.value for v in vocabulary]
    assert problems == [
        f"{record['id']} {path}: {name!r} must be one of {allowed!r} (got {written!r}); "
        f"did you mean {meant!r}?"
    ]


def test_a_vocabulary_value_with_nothing_close_lists_the_values_only() -> None:
    problems = _problems(_with(AGREEMENT, "milestones.0.stage", "banana"))
    allowed = [s.value for s in Stage]
    assert problems == [
        f"treaty milestones.0.stage: 'stage' must be one of {allowed!r} (got 'banana')"
    ]


def test_a_record_type_suggests_the_closest_type() -> None:
    problems = _problems({**EVENT, "type": "evnt"})
    assert len(problems) == 1
    assert problems[0].endswith("(got 'evnt'); did you mean 'event'?")
    assert "did you mean" not in _problems({**EVENT, "type": "banana"})[0]


def test_query_vocabulary_errors_suggest_too(bundled: ruiran.Dataset) -> None:
    with pytest.raises(ruiran.QueryError, match=r"\(got 'ratifed'\); did you mean 'ratified'\?$"):
        bundled.agreements_between("Russia", "Iran", stage="ratifed")
    with pytest.raises(ruiran.QueryError) as caught:
        bundled.agreements_between("Russia", "Iran", stage="banana")
    assert "did you mean" not in str(caught.value)


# -- 4. dates ---------------------------------------------------------------------------------

YEAR_FIRST = "a date must be written year first, with dashes: YYYY-MM-DD, YYYY-MM or YYYY"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("17/01/2025", "did you mean 2025-01-17?"),
        ("17.01.2025", "did you mean 2025-01-17?"),
        ("17-01-2025", "did you mean 2025-01-17?"),
        ("01/17/2025", "did you mean 2025-01-17?"),
        ("2025/01/17", "did you mean 2025-01-17?"),
        ("2025.1.7", "did you mean 2025-01-07?"),
        ("2025-1-7", "did you mean 2025-01-07?"),
        ("01/2025", "did you mean 2025-01?"),
        ("17/01/2025~", "did you mean 2025-01-17~?"),
        ("01/02/2025", "did you mean 2025-02-01 (day first) or 2025-01-02 (month first)?"),
    ],
)
def test_a_date_in_another_order_is_a_date_problem_with_the_year_first_form(
    written: str, hint: str
) -> None:
    with pytest.raises(ValueError, match="year first") as caught:
        parse_when(written)
    assert str(caught.value) == f"{YEAR_FIRST} (got {written!r}); {hint}"
    # The same through the loader, for a date field and for a 'when' field.
    problems = _problems(_with(EVENT, "date", written)) + _problems(
        _with(AGREEMENT, "milestones.0.date", written)
    )
    assert problems == [
        f"signing date: {YEAR_FIRST} (got {written!r}); {hint}",
        f"treaty milestones.0.date: {YEAR_FIRST} (got {written!r}); {hint}",
    ]
    assert not any("period" in p for p in problems)


@pytest.mark.parametrize("written", ["32/01/2025", "17/13/2025", "2025/13/01"])
def test_a_date_in_another_order_naming_no_day_gets_no_suggestion(written: str) -> None:
    with pytest.raises(ValueError, match="year first") as caught:
        parse_when(written)
    assert str(caught.value) == f"{YEAR_FIRST} (got {written!r})"


@pytest.mark.parametrize("written", ["1700/1799", "2022/..", "../1991", "2024-10/2025"])
def test_periods_are_still_periods(written: str) -> None:
    assert isinstance(parse_when(written), Period)


def test_a_period_with_a_side_in_another_order_says_which_side() -> None:
    with pytest.raises(ValueError, match="a period must be") as caught:
        Period.parse("2024-10-23/17.01.2025")
    assert str(caught.value).endswith(
        "(got '2024-10-23/17.01.2025'); dates are written year first: for '17.01.2025', "
        "did you mean 2025-01-17?"
    )
    with pytest.raises(ValueError, match="a period must be") as caught:
        Period.parse("17/01/2025")
    assert str(caught.value).endswith(
        "(got '17/01/2025'); '17/01/2025' is one date, not a period "
        "(written year first, did you mean 2025-01-17?)"
    )
    with pytest.raises(ValueError, match="a period must be") as caught:
        Period.parse("1700-1799")
    assert "did you mean" not in str(caught.value)


def test_the_cli_names_the_date_once_with_the_suggestion() -> None:
    result = CliRunner().invoke(cli, ["events", "--from", "17/01/2025"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --from must be a date such as 2024, 2024-10 or 2024-10-23, or a period such as "
        f"2024/2025 (got '17/01/2025'): {YEAR_FIRST}; did you mean 2025-01-17?"
    )
    result = CliRunner().invoke(cli, ["events", "--from", "someday"])
    assert result.exit_code == 2
    assert result.stderr.count("'someday'") == 1
    assert "did you mean" not in result.stderr


# -- 5. quotes not found verbatim -------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "passage", "differs"),
    [
        (
            "Russia's partner",
            "Russia’s partner",
            "the source has ’ (a curly apostrophe) where the quote has ' (a straight apostrophe)",
        ),
        (
            'two "strategic partners"',
            "two “strategic partners”",
            'the source has “ (a left curly quotation mark) where the quote has " '
            "(a straight quotation mark); the source has ” (a right curly quotation mark) where "
            'the quote has " (a straight quotation mark)',
        ),
        (
            "17 January 2025 - in Moscow",
            "17 January 2025 – in Moscow",
            "the source has – (an en dash) where the quote has - (a hyphen)",
        ),
        (
            "17 January 2025—in Moscow",
            "17 January 2025 – in Moscow",
            "the source has – (an en dash) with space around it where the quote has — (an em dash)",
        ),
        (
            "met again in June",
            "met again\nin June",
            "the source has a line break where the quote has a space",
        ),
        (
            "Their ties deepened",
            "Their\u00a0ties  deepened",
            "the source has a non-breaking space where the quote has a space; "
            "the source has two spaces where the quote has a space",
        ),
        (
            "signed the Treaty",
            "signed the treaty",
            "the source has 'treaty' where the quote has 'Treaty'",
        ),
    ],
)
def test_a_quote_differing_in_typography_gets_the_passage_and_what_differs(
    quote: str, passage: str, differs: str
) -> None:
    problems = _problems({**STATES[1], "citations": _cite(quote)})
    line = 1 + TEXT[: TEXT.index(passage)].count("\n")
    assert problems == [
        f"iran citations.0.quote: quote not found verbatim in source 's': {quote!r}; "
        f"the source has it at line {line} as {passage!r}: {differs}"
    ]


def test_a_quote_with_a_wrong_word_gets_the_closest_passage() -> None:
    problems = _problems({**STATES[1], "citations": _cite("Iran signed the treaty on 18 January")})
    assert problems == [
        "iran citations.0.quote: quote not found verbatim in source 's': "
        "'Iran signed the treaty on 18 January'; the source comes closest at line 1 as "
        "'Iran signed the treaty on 17 January': the source has '17' where the quote has '18'"
    ]


def test_a_quote_with_nothing_close_says_so() -> None:
    problems = _problems({**STATES[1], "citations": _cite("Completely unrelated words here")})
    assert problems == [
        "iran citations.0.quote: quote not found verbatim in source 's': "
        "'Completely unrelated words here'; no passage of the source comes close to it "
        "(is it the right source?)"
    ]


def test_the_closest_passage_is_found_far_into_a_long_text() -> None:
    filler = " ".join(f"word{i % 977} filler{i % 13}" for i in range(200_000))  # about 3 MB
    text = f"{filler} Russia’s partner Iran signed the treaty in Moscow. {filler}"
    passage = closest_passage(text, "Russia's partner Iran signed")
    assert passage is not None
    assert passage.typographic
    assert passage.text == "Russia’s partner Iran signed"
    # A typo too: found from the runs of words that do occur verbatim.
    passage = closest_passage(text, "Russia’s partner Iran singed the treaty in Moscow")
    assert passage is not None
    assert not passage.typographic
    assert passage.text == "Russia’s partner Iran signed the treaty in Moscow"
    assert differences("Iran singed", "Iran signed") == [
        "the source has 'signed' where the quote has 'singed'"
    ]


def test_a_passage_hint_is_clipped() -> None:
    text = "x" * 50 + " " + "word " * 400
    hint = passage_hint(text, "WORD " * 400)
    assert "... (2000 characters)" in hint
    assert len(hint) < 800


def test_citing_an_absent_passage_gets_the_closest(bundled: ruiran.Dataset) -> None:
    with pytest.raises(ruiran.QueryError) as caught:
        bundled.citing("russia-iran-deepening-alliance", "Russia built Iran's first")
    assert str(caught.value) == (
        "the passage does not occur in source 'russia-iran-deepening-alliance': "
        "\"Russia built Iran's first\"; the source has it at line 10 as 'Russia built Iran’s "
        "first': the source has ’ (a curly apostrophe) where the passage has ' (a straight "
        "apostrophe)"
    )


# -- 6. small holes ---------------------------------------------------------------------------


@pytest.mark.parametrize("statement", [" ", "-", "—", " . ", "\n"])
def test_an_event_statement_needs_a_letter_or_digit(statement: str) -> None:
    problems = _problems({**EVENT, "statement": statement})
    assert problems == [
        f"signing None: 'statement' must contain at least one letter or digit (got {statement!r})"
    ]
    assert Event.model_validate({**EVENT, "statement": "the treaty"}).statement == "the treaty"


def test_one_invalid_citation_is_one_problem() -> None:
    problems = _problems({**STATES[1], "citations": [{"source": "s", "quote": " "}]})
    assert problems == [
        "iran citations.0.quote: 'quote' must contain at least one letter or digit (got ' ')"
    ]
    problems = _problems(_with(EVENT, "participants.0.role", "nobody"))
    assert len(problems) == 1
    # A list too short in itself is still said, plainly.
    problems = _problems({**AGREEMENT, "parties": ["russia"]})
    assert problems == ["treaty parties: 'parties' must have at least 2 items (got 1: ['russia'])"]


def test_the_wikidata_pattern_takes_ascii_digits_only() -> None:
    patterns = set(re.findall(r'"pattern": "(\^Q[^"]*)"', json.dumps(ruiran.json_schema())))
    assert patterns == {"^Q[1-9][0-9]*$"}
    adapter: TypeAdapter[str] = TypeAdapter(WikidataId)
    assert adapter.validate_python("Q794") == "Q794"
    for bad in ("Q٧٩٤", "Q７９４", "Q0", "Q"):
        with pytest.raises(ValidationError):
            adapter.validate_python(bad)


def test_citing_finds_a_sources_quotes_once(
    bundled: ruiran.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def counted(text: str, quotes: Any) -> dict[str, list[int]]:
        calls.append(len(quotes))
        return positions(text, quotes)

    monkeypatch.setattr(integrity_module, "positions", counted)  # read at call time
    ds = ruiran.Dataset(list(bundled), source_texts=bundled.source_texts)  # a fresh cache
    source = "russia-iran-deepening-alliance"
    first = ds.citing(source, "became operational in 2013")
    assert [r.id for r in first] == ["bushehr-nuclear-cooperation"]
    for passage in ("Russia", "Iran", "the", "became operational in 2013"):
        ds.citing(source, passage)
    assert len(calls) == 1
    # The same answer as looking for every quote on every query.
    text = ds.source_texts[source]
    for passage in ("Russia", "Iran", "nuclear", "became operational in 2013", "treaty"):
        wanted = [(i, i + len(passage)) for i in range(len(text)) if text.startswith(passage, i)]
        expected = [
            r.id
            for r in ds.citing(source)
            if any(
                c.source == source
                and any(
                    s < hi and lo < s + len(c.quote)
                    for s in range(len(text))
                    if text.startswith(c.quote, s)
                    for lo, hi in wanted
                )
                for c in integrity_citations(r)
            )
        ]
        assert [r.id for r in ds.citing(source, passage)] == expected, passage


def integrity_citations(record: Any) -> list[Citation]:
    cites = list(record.citations)
    if isinstance(record, Agreement):
        cites += [c for m in record.milestones for c in m.citations]
    return cites


@given(
    st.text("ab ", max_size=300),
    st.lists(st.text("ab ", min_size=1, max_size=6), max_size=30),
)
def test_positions_are_every_occurrence(text: str, quotes: list[str]) -> None:
    expected = {q: [i for i in range(len(text)) if text.startswith(q, i)] for q in quotes}
    assert positions(text, quotes) == expected
    with mock.patch.multiple(integrity, _DIRECT_QUOTES=0, _DIRECT_BUDGET=0):  # one pass
        assert positions(text, quotes) == expected


# -- 7. one edit away, the error suggests the original ----------------------------------------


@st.composite
def one_edit(draw: st.DrawFn, word: str, alphabet: str) -> str:
    """``word`` with one character inserted, deleted, substituted, or two neighbours swapped."""
    how = draw(st.sampled_from(["insert", "delete", "substitute", "transpose"]))
    char = draw(st.sampled_from(alphabet))
    if how == "insert":
        at = draw(st.integers(0, len(word)))
        return word[:at] + char + word[at:]
    at = draw(st.integers(0, len(word) - 1))
    if how == "delete":
        return word[:at] + word[at + 1 :]
    if how == "substitute":
        return word[:at] + char + word[at + 1 :]
    at = min(at, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def test_one_edit_makes_distance_one() -> None:
    for typo in ("partcipants", "participantss", "participnats", "partixipants"):
        assert edit_distance(typo, "participants", 2) == 1
    assert close_matches("nothing-like-it", ["participants", "citations"]) == ()


#: Fields to misspell: (record, path of the field); the model is found from the record.
FIELDS: list[tuple[dict[str, Any], str]] = [
    *((EVENT, name) for name in EVENT if name != "type"),
    *((AGREEMENT, name) for name in AGREEMENT if name != "type"),
    *((SANCTION, name) for name in SANCTION if name != "type"),
    *((ORGANIZATION, name) for name in ORGANIZATION if name != "type"),
    (EVENT, "participants.0.actor"),
    (EVENT, "participants.0.role"),
    (EVENT, "citations.0.source"),
    (EVENT, "citations.0.quote"),
    (AGREEMENT, "milestones.0.stage"),
    (AGREEMENT, "milestones.0.date"),
    (AGREEMENT, "milestones.0.actors"),
    (AGREEMENT, "milestones.0.citations"),
]
_MODELS: dict[str, type[BaseModel]] = {
    "event": Event,
    "agreement": Agreement,
    "sanction": Sanction,
    "organization": ruiran.Organization,
    "participants": Participant,
    "citations": Citation,
    "milestones": Milestone,
}


def _model_of(record: dict[str, Any], path: str) -> type[BaseModel]:
    parents = [p for p in path.split(".")[:-1] if not p.isdigit()]
    return _MODELS[parents[-1] if parents else record["type"]]


@given(st.data())
def test_a_field_one_edit_away_is_suggested(data: st.DataObject) -> None:
    record, path = data.draw(st.sampled_from(FIELDS))
    name = path.split(".")[-1]
    typo = data.draw(one_edit(name, "abcdefghijklmnopqrstuvwxyz_"))
    assume(typo not in _model_of(record, path).model_fields)
    problems = _problems(_renamed(record, path, typo))
    field = ".".join([*path.split(".")[:-1], typo])
    mine = [p for p in problems if p.split(": ", 1)[0].endswith(f" {field}")]
    assert len(mine) == 1, problems
    assert f"unknown field {typo!r}; did you mean " in mine[0]
    assert repr(name) in mine[0].split("did you mean", 1)[1], mine[0]


#: Vocabulary fields: (record, path, vocabulary).
VOCABULARIES: list[tuple[dict[str, Any], str, Any]] = [
    (EVENT, "kind", EventKind),
    (EVENT, "modality", Modality),
    (EVENT, "participants.0.role", Role),
    (AGREEMENT, "kind", AgreementKind),
    (AGREEMENT, "areas.0", Area),
    (AGREEMENT, "milestones.0.stage", Stage),
    (SANCTION, "measures.0", Measure),
    (SANCTION, "objectives.0", Objective),
    (SANCTION, "status", SanctionStatus),
    (ORGANIZATION, "kind", OrganizationKind),
    ({**SOURCE, "id": "t"}, "kind", SourceKind),
]


@given(st.data())
def test_a_vocabulary_value_one_edit_away_is_suggested(data: st.DataObject) -> None:
    record, path, vocabulary = data.draw(st.sampled_from(VOCABULARIES))
    value = data.draw(st.sampled_from([v.value for v in vocabulary]))
    typo = data.draw(one_edit(value, "abcdefghijklmnopqrstuvwxyz_"))
    assume(typo not in {v.value for v in vocabulary})
    problems = _problems(_with(record, path, typo))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{record['id']} {path}: ")
    assert repr(value) in problems[0].split("did you mean", 1)[1], problems[0]


@pytest.fixture(scope="module")
def bundled_names() -> dict[str, set[str]]:
    """Folded names of the bundled actors, to the actor ids they name."""
    names: dict[str, set[str]] = {}
    for actor in ruiran.load().actors:
        assert isinstance(actor, Actor)
        for key in name_keys(actor):
            names.setdefault(fold(key), set()).add(actor.id)
    return names


@given(st.data())
def test_an_actor_id_one_edit_away_is_suggested(
    bundled_names: dict[str, set[str]], data: st.DataObject
) -> None:
    bundled = ruiran.load()
    actor = data.draw(st.sampled_from([a.id for a in bundled.actors]))
    typo = data.draw(one_edit(actor, "abcdefghijklmnopqrstuvwxyz0123456789-"))
    assume(typo != actor and bundled.get(typo) is None)
    assume(bundled_names.get(fold(typo), {actor}) == {actor})  # not another actor's name
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "events.yaml").write_text(
            "- id: my-call\n  kind: consult\n  title: A call\n"
            f"  participants: [{{actor: '{typo}', role: initiator}}]\n"
            "  citations: [{source: russia-iran-deepening-alliance, quote: Russia}]\n",
            encoding="utf-8",
        )
        with pytest.raises(DatasetError) as caught:
            load(folder, base=bundled)
    problems = caught.value.problems
    assert [p.field for p in problems] == ["participants.0.actor"]
    assert repr(actor) in problems[0].message.split("did you mean", 1)[1], problems[0]


def test_hints_resolve_names_without_a_dataset(bundled: ruiran.Dataset) -> None:
    hints = Hints(list(bundled))
    assert hints.reference("RU", ("state",)) == "; did you mean 'russia'?"
    assert hints.reference("Soviet Union", ("state",)) == "; did you mean 'russia'?"
    assert hints.reference("Q794", ("state", "bloc")) == "; did you mean 'iran'?"
    assert hints.reference("russia", ("person",)) == ""  # a state, where a person is wanted
