"""The question bank: questions a researcher asks, each with the answer its sources settle.

Every YAML file under ``tests/question_bank/`` holds a list of questions (the format is
described in docs/development.md, "The question bank"). This module runs each one against the
bundled dataset (or the command line, through click's CliRunner) and checks the answer; it also
checks the bank itself: enough questions, unique ids, every ``settled_by`` quote verbatim in
the named source's shipped text, every public query helper and every record kind asked about.

A question whose answer the code gets wrong today carries ``xfail_reason`` (the bug, in a
sentence): it is a strict xfail, so the day the bug is fixed the bank says so.
"""

from __future__ import annotations

import builtins
import datetime as dt
import enum
import inspect
import re
import shlex
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import ruiran
from ruiran.cli import cli

BANK = Path(__file__).absolute().parent / "question_bank"
#: The least number of questions the bank holds (issue 22, item 7).
LEAST = 150
#: The keys a question may have, and those it must have.
KEYS = frozenset({"id", "ask", "call", "answer", "settled_by", "xfail_reason", "note"})
REQUIRED = frozenset({"id", "ask", "call", "answer", "settled_by"})
#: The keys of an expected answer (see docs/development.md).
ANSWER_KEYS = frozenset(
    {
        "ids", "id_set", "includes", "excludes", "count", "value", "fields", "items", "first",
        "complete", "gaps", "gaps_include", "gaps_exclude", "raises",
        "exit_code", "stdout_include", "stdout_exclude", "stdout_order", "stderr_include",
    }
)  # fmt: skip
#: The command-line commands the bank must ask something of.
CLI_COMMANDS = frozenset(
    {"actor", "actors", "agreements", "events", "sanctions", "timeline", "cite"}
)


class _Loader(yaml.SafeLoader):
    """YAML with the booleans of YAML 1.2 only (true, false): ``on:`` is the date keyword of
    the query helpers, and ``no``/``yes``/``off`` are plain words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _load_bank() -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = []
    for path in sorted(BANK.glob("*.yaml")):
        found = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []
        assert isinstance(found, list), f"{path.name}: must hold a list of questions"
        for question in found:
            question["_file"] = path.name
            questions.append(question)
    return questions


QUESTIONS = _load_bank()


def _param(question: dict[str, Any]) -> Any:
    reason = question.get("xfail_reason")
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(question, id=str(question.get("id")), marks=marks)


# -- asking -----------------------------------------------------------------------------------


def _dataset() -> ruiran.Dataset:
    return ruiran.load()


def ask(call: Mapping[str, Any]) -> Any:
    """The answer to a question's ``call``: a helper of ``ruiran``, a Dataset method, or a
    Dataset attribute (``attribute`` also applies to what a helper returns; ``then`` calls a
    method of the answer with no arguments, ``to_pandas``; ``row`` picks one row of a
    DataFrame answer)."""
    args = list(call.get("args", []))
    kwargs = dict(call.get("kwargs", {}))
    if "helper" in call:
        found = getattr(ruiran, call["helper"])(*args, **kwargs)
    elif "method" in call:
        found = getattr(_dataset(), call["method"])(*args, **kwargs)
    else:
        found = _dataset()
    if "attribute" in call:
        found = getattr(found, call["attribute"])
    if "then" in call:
        found = getattr(found, call["then"])()
    if "row" in call:  # a DataFrame's one row whose columns hold these values, as a mapping
        chosen = found
        for column, value in call["row"].items():
            chosen = chosen[chosen[column] == value]
        assert len(chosen) == 1, f"{len(chosen)} rows hold {call['row']}"
        found = {k: _cell(v) for k, v in chosen.iloc[0].items()}
    return found


def _cell(value: Any) -> Any:
    """A DataFrame cell as a plain value: None for a missing one (``NaT``, ``<NA>``), a day
    for a timestamp, a Python scalar for a NumPy one; a list as it is."""
    import pandas as pd

    if isinstance(value, list):
        return value
    if pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def plain(value: Any) -> Any:
    """A value as the bank writes it: a record as its id, an enum as its value, a date in ISO."""
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(getattr(value, "id", None), str):
        return value.id
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return str(value)


def _id(item: Any) -> str:
    """An item's id: a record's own, a timeline entry's record's."""
    record = getattr(item, "record", item)
    return str(record.id)


def _fields(item: Any, expected: Mapping[str, Any]) -> dict[str, Any]:
    """The item's values of the expected (dotted) attributes, in the bank's plain form."""
    got: dict[str, Any] = {}
    for path in expected:
        value = item
        for part in path.split("."):
            value = value[part] if isinstance(value, Mapping) else getattr(value, part)
        got[path] = plain(value)
    return got


def _gaps(expected: list[str]) -> list[str]:
    return [gap.format(as_of=ruiran.DATA_AS_OF.isoformat()) for gap in expected]


def check(found: Any, answer: Mapping[str, Any]) -> None:
    """Assert that an answer is the expected one."""
    if "ids" in answer:
        assert [_id(x) for x in found] == answer["ids"]
    if "id_set" in answer:
        assert sorted(_id(x) for x in found) == sorted(answer["id_set"])
    if "includes" in answer:
        missing = set(answer["includes"]) - {_id(x) for x in found}
        assert not missing, f"missing from the answer: {sorted(missing)}"
    if "excludes" in answer:
        wrong = set(answer["excludes"]) & {_id(x) for x in found}
        assert not wrong, f"in the answer but should not be: {sorted(wrong)}"
    if "count" in answer:
        assert len(found) == answer["count"]
    if "value" in answer:
        assert plain(found) == answer["value"]
    if "fields" in answer:
        assert found is not None
        assert _fields(found, answer["fields"]) == dict(answer["fields"])
    if "items" in answer:
        assert len(found) == len(answer["items"])
        for item, expected in zip(found, answer["items"], strict=True):
            assert _fields(item, expected) == dict(expected)
    if "first" in answer:
        assert len(found) >= len(answer["first"])
        for item, expected in zip(found, answer["first"], strict=False):
            assert _fields(item, expected) == dict(expected)
    if "complete" in answer:
        assert found.complete is answer["complete"], f"gaps: {found.gaps}"
    if "gaps" in answer:
        assert list(found.gaps) == _gaps(answer["gaps"])
    for phrase in _gaps(answer.get("gaps_include", [])):
        assert any(phrase in gap for gap in found.gaps), f"{phrase!r} not in {found.gaps}"
    for phrase in _gaps(answer.get("gaps_exclude", [])):
        assert not any(phrase in gap for gap in found.gaps), f"{phrase!r} in {found.gaps}"


def _error(name: str) -> type[BaseException]:
    """An error class by name: ruiran's (``UnknownActorError``) or a built-in (``KeyError``)."""
    error = getattr(ruiran, name, None) or getattr(builtins, name)
    assert isinstance(error, type)
    assert issubclass(error, BaseException)
    return error


def check_cli(command: str, answer: Mapping[str, Any]) -> None:
    """Run ``ruiran <command>`` and check its exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, shlex.split(command))
    assert result.exit_code == answer.get("exit_code", 0), result.output
    for text in answer.get("stdout_include", []):
        assert text in result.stdout, f"{text!r} not in stdout:\n{result.stdout}"
    for text in answer.get("stdout_exclude", []):
        assert text not in result.stdout, f"{text!r} in stdout:\n{result.stdout}"
    at = 0
    for text in answer.get("stdout_order", []):
        found = result.stdout.find(text, at)
        assert found >= 0, f"{text!r} not after position {at} of stdout:\n{result.stdout}"
        at = found + len(text)
    for text in _gaps(answer.get("stderr_include", [])):
        assert text in result.stderr, f"{text!r} not in stderr:\n{result.stderr}"


@pytest.mark.parametrize("question", [_param(q) for q in QUESTIONS])
def test_the_answer_is_the_one_its_sources_settle(question: dict[str, Any]) -> None:
    call, answer = question["call"], question["answer"]
    if "cli" in call:
        check_cli(call["cli"], answer)
        return
    raises = answer.get("raises")
    if raises is not None:
        with pytest.raises(_error(raises["error"])) as caught:
            ask(call)
        assert raises.get("message", "") in str(caught.value)
        return
    check(ask(call), answer)


# -- the bank itself --------------------------------------------------------------------------


def test_the_bank_holds_enough_questions() -> None:
    assert len(QUESTIONS) >= LEAST


def test_every_question_is_well_formed() -> None:
    problems = []
    for q in QUESTIONS:
        where = f"{q['_file']}: {q.get('id')!r}"
        keys = set(q) - {"_file"}
        if not keys >= REQUIRED or not keys <= KEYS:
            problems.append(f"{where}: keys {sorted(keys)} (need {sorted(REQUIRED)})")
        if not set(q.get("answer", {})) <= ANSWER_KEYS or not q.get("answer"):
            problems.append(f"{where}: answer keys {sorted(q.get('answer', {}))}")
        if not q.get("settled_by"):
            problems.append(f"{where}: settled by nothing")
        if "xfail_reason" in q and not str(q["xfail_reason"]).strip():
            problems.append(f"{where}: an empty xfail_reason")
    assert not problems, "\n".join(problems)


def test_question_ids_are_unique() -> None:
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def _settled_by() -> Iterator[tuple[str, dict[str, Any]]]:
    for q in QUESTIONS:
        for entry in q["settled_by"]:
            yield q["id"], entry


def test_every_quote_is_verbatim_in_its_source() -> None:
    ds = _dataset()
    texts = ds.source_texts
    problems = []
    quoted = 0
    for qid, entry in _settled_by():
        if "reference" in entry:
            if not str(entry.get("note", "")).strip():
                problems.append(f"{qid}: reference {entry['reference']!r} without a note")
            continue
        source = ds.get(entry["source"])
        if not isinstance(source, ruiran.Source):
            problems.append(f"{qid}: {entry['source']!r} is not a source of the dataset")
        elif entry.get("address"):
            if entry["quote"] not in (source.url or ""):
                problems.append(f"{qid}: not in {source.id}'s address: {entry['quote']!r}")
        elif entry["quote"] not in texts.get(source.id, ""):
            problems.append(f"{qid}: not in {source.id}'s text: {entry['quote']!r}")
        else:
            quoted += 1
    assert not problems, "\n".join(problems)
    assert quoted >= LEAST  # most answers rest on a source's own words


def _public_helpers() -> set[str]:
    return {
        name
        for name in ruiran.__all__
        if name[0].islower() and inspect.isfunction(getattr(ruiran, name))
    }


def test_every_public_helper_is_asked_about() -> None:
    asked = {q["call"].get("helper") for q in QUESTIONS}
    assert sorted(_public_helpers() - asked) == []


def test_every_record_kind_is_asked_about() -> None:
    ds = _dataset()
    named: set[str] = set()
    for q in QUESTIONS:
        answer = q["answer"]
        for key in ("ids", "id_set", "includes"):
            named.update(answer.get(key, []))
        if isinstance(answer.get("value"), str):
            named.add(answer["value"])
        named.update(v for v in answer.get("fields", {}).values() if isinstance(v, str))
    kinds = {record.type for i in named if (record := ds.get(i)) is not None}
    schema = ruiran.json_schema()["discriminator"]
    assert isinstance(schema, dict)
    assert sorted(set(schema["mapping"]) - kinds) == []


def test_the_command_line_is_asked_about() -> None:
    asked = {shlex.split(q["call"]["cli"])[0] for q in QUESTIONS if "cli" in q["call"]}
    assert sorted(CLI_COMMANDS - asked) == []
