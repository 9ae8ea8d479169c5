"""The parsers of ruiran.read.documents, example by example: what each gives, and each problem's words.

The loader's tests (``tests/test_io*.py``) read whole folders and look for a word of a
problem; these call the parsers directly and state the records (with the ``file:line`` each
stands at) and the problems (message and place) in full.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from ruiran.errors import Problem, clip
from ruiran.limits import DEFAULT_LIMITS, Limits
from ruiran.read import documents
from ruiran.read.documents import json_line_records, json_records, yaml_records


@pytest.fixture(autouse=True)
def _fresh_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test builds the YAML loader anew (it is cached once built): a test must see the
    loader as the code builds it now, not as an earlier call left it."""
    monkeypatch.setattr(documents, "_yaml_loader", None)


Parse = Callable[[Any, str, list[Problem], Limits], Iterable[tuple[str, Any, Any]]]


def _parse(
    parse: Parse, text: Any, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[tuple[str, Any, Any]], list[Problem]]:
    problems: list[Problem] = []
    found = list(parse(text, "f", problems, limits))
    return found, problems


def _yaml(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Any], list[Problem]]:
    return _parse(yaml_records, text, limits)


def _json(text: str) -> tuple[list[Any], list[Problem]]:
    return _parse(json_records, text)


def _lines(lines: list[str], limits: Limits = DEFAULT_LIMITS) -> tuple[list[Any], list[Problem]]:
    return _parse(json_line_records, lines, limits)


def _problem(message: str, file: str = "f") -> Problem:
    return Problem(None, None, message, file)


# -- YAML -------------------------------------------------------------------------------------


def test_a_yaml_list_gives_each_item_with_its_line() -> None:
    text = "# a comment\n- {a: 1}\n\n- b: 2\n  c: 3\n- x\n"
    assert _yaml(text) == (
        [("f:2", None, {"a": 1}), ("f:4", None, {"b": 2, "c": 3}), ("f:6", None, "x")],
        [],
    )


def test_a_yaml_mapping_by_kind_gives_each_item_with_its_key_and_line() -> None:
    text = "events:\n- a\n\n- b\nsources:\n  - c\n"
    assert _yaml(text) == (
        [("f:2", "events", "a"), ("f:4", "events", "b"), ("f:6", "sources", "c")],
        [],
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "~\n", "null\n"])
def test_an_empty_yaml_document_gives_nothing_and_no_problem(text: str) -> None:
    assert _yaml(text) == ([], [])


def test_yaml_scalars_follow_the_yaml_1_2_core_schema() -> None:
    text = (
        "- [0o17, 0x1f, 010, +5, -3, 1.5, .inf, -.inf, yes, no, on, ~, null, '', "
        "2025-01-02, 1_000, TRUE, false, 0b11, 1:30, .5, 1e3]\n"
    )
    [(_, _, values)], problems = _yaml(text)
    assert problems == []
    assert values == [
        15,
        31,
        10,
        5,
        -3,
        1.5,
        float("inf"),
        float("-inf"),
        "yes",
        "no",
        "on",
        None,
        None,
        "",
        "2025-01-02",
        "1_000",
        True,
        False,
        "0b11",
        "1:30",
        0.5,
        1000.0,
    ]
    assert [type(v) for v in values[:5]] == [int] * 5


def test_yaml_core_schema_edges_each_spelling_of_booleans_nulls_and_special_floats() -> None:
    text = "- [true, FALSE, .nan, .NAN, NAN, -.Inf, +.INF, {e: }, Null, NULL, 0o7, 0x0, nan]\n"
    [(_, _, values)], problems = _yaml(text)
    assert problems == []
    assert values[:2] == [True, False]
    assert [math.isnan(v) for v in values[2:4]] == [True, True]
    assert values[4:] == ["NAN", float("-inf"), float("inf"), {"e": None}, None, None, 7, 0, "nan"]


def test_an_unhashable_yaml_key_is_a_problem_not_a_crash() -> None:
    assert _yaml("- {[a]: 1, b: 2}\n") == (
        [],
        [
            _problem(
                "not valid YAML: while constructing a mapping found unhashable key (line 1, "
                "column 4)",
                "f:1",
            )
        ],
    )


VALID_YAML = [
    "- {a: 1, b: [x, 'y', \"z\"]}\n- &s {c: ~}\n- *s\n",
    "events:\n- {id: e, n: 010}\nsources: []\n",
    "- [0o17, 0x1f, +5, 1.5, .inf, yes, TRUE, null, '', 2025-01-02]\n",
    "# nothing\n",
]


@pytest.mark.parametrize("text", VALID_YAML)
def test_the_loader_is_built_once_and_kept(text: str) -> None:
    expected = _yaml(text)
    built = documents._loader()
    assert documents._loader() is built
    assert _yaml(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        *VALID_YAML,
        "- {b: 1, b: 2}\n",
        "- &b {a: 1}\n- {!!merge <<: *b}\n",
        "- &a [1, *a]\n",
        "just words\n",
    ],
)
def test_pyyaml_without_libyaml_reads_as_with_it(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    import yaml

    with_libyaml = _yaml(text)
    assert not issubclass(documents._loader(), yaml.parser.Parser)
    _without_libyaml(monkeypatch)
    assert issubclass(documents._loader(), yaml.parser.Parser)
    assert _yaml(text) == with_libyaml


def test_yaml_hex_and_exponents_in_either_case() -> None:
    [(_, _, values)], problems = _yaml("- [0x1F, 0xab, 0XAB, 1E3, 1e-2, 2.5E+1]\n")
    assert problems == []
    assert values == [31, 171, "0XAB", 1000.0, 0.01, 25.0]


def test_a_control_character_in_yaml_is_a_problem_naming_it() -> None:
    assert _yaml("- a\x01b\n") == (
        [],
        [
            _problem(
                "not valid YAML: unacceptable character #x0001: control characters are not "
                'allowed\n  in "<unicode string>", position 3'
            )
        ],
    )


def _without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the loader PyYAML's own parser, as when PyYAML is built without libyaml."""
    import yaml

    monkeypatch.setattr(documents, "_yaml_loader", None)
    monkeypatch.delattr(yaml, "_yaml", raising=False)
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)


def test_yaml_nested_past_the_recursion_limit_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    # libyaml stops at 1,000 levels with a syntax error; PyYAML's own parser recurses.
    _without_libyaml(monkeypatch)
    assert _yaml("[" * 3000 + "]" * 3000) == (
        [],
        [_problem("not valid YAML: nested too deeply")],
    )


def test_yaml_nested_hundreds_of_levels_deep_is_read() -> None:
    # Built level by level (PyYAML's lazy construction), not by recursion.
    depth = 300
    [(_, _, value)], problems = _yaml("- " + "{a: " * depth + "1" + "}" * depth + "\n")
    assert problems == []
    for _ in range(depth):
        value = value["a"]
    assert value == 1


def test_a_long_top_level_key_without_a_list_is_clipped() -> None:
    key = "k" * 100
    assert _yaml(f"{key}: 3\n") == (
        [],
        [
            _problem(
                f"each top-level key must hold a list of records (got int under "
                f"{clip(repr(key), 80)})"
            )
        ],
    )


def test_a_yaml_syntax_error_names_line_and_column() -> None:
    assert _yaml("- a\n- [1, 2\n") == (
        [],
        [
            _problem(
                "not valid YAML: while parsing a flow sequence did not find expected ',' or "
                "']' (line 3, column 1)",
                "f:3",
            )
        ],
    )


def test_a_yaml_tag_of_python_is_not_constructed() -> None:
    assert _yaml("- a\n- !!python/object:os.system x\n") == (
        [],
        [
            _problem(
                "not valid YAML: could not determine a constructor for the tag "
                "'tag:yaml.org,2002:python/object:os.system' (line 2, column 3)",
                "f:2",
            )
        ],
    )


def test_a_duplicate_yaml_key_is_named_with_line_and_column() -> None:
    text = "- a\n- {b: 1, c: {b: 2}, b: 2}\n- {d: 1,\n   d: 2}\n"
    assert _yaml(text) == (
        [],
        [
            _problem(
                "the key 'b' appears twice in one mapping (line 2, column 21); a second value "
                "would silently replace the first",
                "f:2",
            ),
            _problem(
                "the key 'd' appears twice in one mapping (line 4, column 4); a second value "
                "would silently replace the first",
                "f:4",
            ),
        ],
    )


def test_a_long_duplicate_yaml_key_is_clipped() -> None:
    key = "k" * 100
    assert _yaml(f"- {{{key}: 1, {key}: 2}}\n") == (
        [],
        [
            _problem(
                f"the key {clip(repr(key), 80)} appears twice in one mapping (line 1, column "
                "109); a second value would silently replace the first",
                "f:1",
            )
        ],
    )
    assert len(clip(repr(key), 80)) == 80


def test_a_yaml_merge_key_is_refused_with_where_it_is() -> None:
    assert _yaml("- &b {a: 1}\n- {!!merge <<: *b}\n") == (
        [],
        [
            _problem(
                "not valid YAML: merge keys ('<<') are a YAML 1.1 feature that ruiran does not "
                "read; write the fields out (line 2, column 4)",
                "f:2",
            )
        ],
    )


def test_aliases_are_counted_once_per_node_against_the_limit() -> None:
    # The aliased list expands to 3 values (itself and two items); used three times, the
    # document holds 10 values for 4 distinct nodes: 6 more.
    text = "- &a [1, 2]\n- *a\n- *a\n"
    found, problems = _yaml(text, Limits(alias_values=6))
    assert problems == []
    assert [item for _, _, item in found] == [[1, 2], [1, 2], [1, 2]]
    assert _yaml(text, Limits(alias_values=5)) == (
        [],
        [
            _problem(
                "aliases expand the document by 6 values, more than the limit of 5 "
                "(Limits.alias_values): write the values out"
            )
        ],
    )


def test_alias_counts_are_written_with_thousands_separators() -> None:
    items = ", ".join(["1"] * 999)
    text = f"- &a [{items}]\n- *a\n- *a\n"  # the list: 1,000 values; 2,000 more
    assert _yaml(text, Limits(alias_values=2000))[1] == []
    assert _yaml(text, Limits(alias_values=1999)) == (
        [],
        [
            _problem(
                "aliases expand the document by 2,000 values, more than the limit of 1,999 "
                "(Limits.alias_values): write the values out"
            )
        ],
    )


def test_aliases_in_mappings_count_keys_and_values() -> None:
    text = "- &m {a: 1, b: 2}\n- *m\n"  # the mapping: 5 values; once more: 5 more
    assert _yaml(text, Limits(alias_values=5))[1] == []
    assert _yaml(text, Limits(alias_values=4))[1] == [
        _problem(
            "aliases expand the document by 5 values, more than the limit of 4 "
            "(Limits.alias_values): write the values out"
        )
    ]


def test_a_recursive_yaml_alias_is_refused() -> None:
    assert _yaml("- &a [1, *a]\n") == (
        [],
        [_problem("an alias refers to a node that contains it (a recursive structure)")],
    )


def test_a_node_aliased_twice_side_by_side_is_not_recursive() -> None:
    found, problems = _yaml("- &a [1]\n- [*a, *a]\n")
    assert problems == []
    assert [item for _, _, item in found] == [[1], [[1], [1]]]


def test_a_yaml_document_that_is_not_a_list_or_mapping_is_a_problem() -> None:
    assert _yaml("just words\n") == (
        [],
        [_problem("a dataset file must hold a list of records (got str)")],
    )


def test_a_yaml_kind_not_holding_a_list_is_a_problem_and_the_others_are_read() -> None:
    assert _yaml("events:\n- a\nactors: 3\nsources: {x: 1}\n") == (
        [("f:2", "events", "a")],
        [
            _problem("each top-level key must hold a list of records (got int under 'actors')"),
            _problem("each top-level key must hold a list of records (got dict under 'sources')"),
        ],
    )


# -- JSON -------------------------------------------------------------------------------------


def test_a_json_list_gives_each_item_labelled_with_the_file() -> None:
    assert _json('[{"a": 1},\n {"b": 2}]') == ([("f", None, {"a": 1}), ("f", None, {"b": 2})], [])


def test_a_json_mapping_by_kind_gives_each_item_with_its_key() -> None:
    assert _json('{"events": [1, 2], "x": 5, "sources": [3]}') == (
        [("f", "events", 1), ("f", "events", 2), ("f", "sources", 3)],
        [_problem("each top-level key must hold a list of records (got int under 'x')")],
    )


@pytest.mark.parametrize("text", ["", "  \n ", "null"])
def test_an_empty_json_document_gives_nothing(text: str) -> None:
    assert _json(text) == ([], [])


def test_a_json_syntax_error_names_line_and_column() -> None:
    assert _json("[1,\n 2,]") == (
        [],
        [_problem("not valid JSON: Expecting value (line 2, column 4)", "f:2")],
    )


def test_json_nested_too_deeply_is_a_problem() -> None:
    assert _json("[" * 100_000) == (
        [],
        [
            _problem(
                "not valid JSON: maximum recursion depth exceeded while decoding a JSON array "
                "from a unicode string"
            )
        ],
    )


def test_a_json_number_too_long_is_a_problem() -> None:
    [], [problem] = _json("[" + "9" * 5000 + "]")
    assert problem.file == "f"
    assert problem.message.startswith("not valid JSON: Exceeds the limit (4300 digits)")


def test_duplicate_json_keys_are_each_named_with_their_line() -> None:
    text = '[{"a": 1,\n "a": 2, "b": {"a": 1, "c": ["a", "b"]}},\n\n {"b": 1, "b": 1}]'
    message = (
        "the key {} appears twice in one object (line {}); a second value would silently "
        "replace the first"
    )
    assert _json(text) == (
        [],
        [
            _problem(message.format("'a'", 2), "f:2"),
            _problem(message.format("'b'", 4), "f:4"),
        ],
    )


def test_json_keys_of_nested_and_sibling_objects_are_their_own() -> None:
    text = '[{"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}, {"a": "\\"a\\""}]'
    assert _json(text)[1] == []
    # A repeated key after a nested object closes is still the outer object's.
    text = '[{"a": {"b": 1}, "b": 2, "a": 3}]'
    assert _json(text)[1] == [
        _problem(
            "the key 'a' appears twice in one object (line 1); a second value would silently "
            "replace the first",
            "f:1",
        )
    ]


def test_a_duplicate_json_key_is_counted_from_the_first_line() -> None:
    assert _json('\n[{"a": 1, "a": 2}]') == (
        [],
        [
            _problem(
                "the key 'a' appears twice in one object (line 2); a second value would "
                "silently replace the first",
                "f:2",
            )
        ],
    )


def test_strings_after_a_duplicate_that_are_not_keys_are_not_counted() -> None:
    # The parser stops at the first duplicate, so the rest may be broken: a string in a list
    # followed by a colon is no key.
    assert _json('[{"a": 1, "a": 2}, "x": 1, "x": 2, ["y": 1, "y"]]')[1] == [
        _problem(
            "the key 'a' appears twice in one object (line 1); a second value would silently "
            "replace the first",
            "f:1",
        )
    ]


def test_a_long_duplicate_json_key_is_clipped() -> None:
    key = "k" * 100
    shown = clip(repr(key), 80)
    assert len(shown) == 80
    assert _json(f'[{{"{key}": 1, "{key}": 2}}]') == (
        [],
        [
            _problem(
                f"the key {shown} appears twice in one object (line 1); a second value would "
                "silently replace the first",
                "f:1",
            )
        ],
    )


def test_a_long_duplicate_key_of_a_json_line_is_clipped() -> None:
    key = "k" * 100
    shown = clip(repr(key), 80)
    assert len(shown) == 80
    assert _lines([f'{{"{key}": 1, "{key}": 2}}']) == (
        [],
        [
            _problem(
                f"line 1: the key {shown} appears twice in one object; a second value would "
                "silently replace the first",
                "f:1",
            )
        ],
    )


def test_a_yaml_error_without_a_place_names_the_file_alone() -> None:
    from yaml import MarkedYAMLError

    error = MarkedYAMLError("while reading", None, "something broke", None)
    assert documents._yaml_message(error) == "not valid YAML: while reading something broke"
    assert documents._at("f", error) == "f"


def test_a_json_document_that_is_not_a_list_or_mapping_is_a_problem() -> None:
    assert _json("3") == ([], [_problem("a dataset file must hold a list of records (got int)")])


# -- JSON Lines -------------------------------------------------------------------------------


def test_json_lines_give_each_object_with_its_line_blank_lines_counted() -> None:
    assert _lines(['{"a": 1}', "", "  ", '{"b": 2}', ""]) == (
        [("f:1", None, {"a": 1}), ("f:4", None, {"b": 2})],
        [],
    )


def test_each_broken_json_line_is_its_own_problem() -> None:
    lines = [
        '{"a": 1}',
        "[1]",
        '{"a": 1} {"b": 2}',
        '{"a":',
        '{"a": x}',
        '{"a": 1, "a": 2, "b": 1, "b": 2}',
        '"text"',
        '{"c": 3}',
    ]
    assert _lines(lines) == (
        [("f:1", None, {"a": 1}), ("f:8", None, {"c": 3})],
        [
            _problem("line 2: a line must hold one record, a JSON object (got list)", "f:2"),
            _problem(
                "line 3: not valid JSON: Extra data (two records on one line? each line holds "
                "exactly one)",
                "f:3",
            ),
            _problem(
                "line 4: not valid JSON: Expecting value (a record split over lines? each line "
                "holds exactly one whole record)",
                "f:4",
            ),
            _problem("line 5: not valid JSON: Expecting value", "f:5"),
            _problem(
                "line 6: the key 'a', 'b' appears twice in one object; a second value would "
                "silently replace the first",
                "f:6",
            ),
            _problem("line 7: a line must hold one record, a JSON object (got str)", "f:7"),
        ],
    )


def test_a_json_line_cut_short_says_it_may_be_split() -> None:
    # The parser stops at the end of the line, trailing spaces and newline aside.
    assert _lines(['{"a": 1,  \n'])[1] == [
        _problem(
            "line 1: not valid JSON: Expecting property name enclosed in double quotes (a "
            "record split over lines? each line holds exactly one whole record)",
            "f:1",
        )
    ]


def test_a_json_line_past_the_limit_is_a_problem_and_one_at_it_is_read() -> None:
    limits = Limits(record_bytes=10)
    assert _lines(['{"a": 123}', '{"a": 1234}', '{"b": 1}'], limits) == (
        [("f:1", None, {"a": 123}), ("f:3", None, {"b": 1})],
        [
            _problem(
                "line 2 is longer than 10 characters (Limits.record_bytes): one line holds "
                "one record",
                "f:2",
            )
        ],
    )
    [], [problem] = _lines(["[" + " " * 1500 + "]"], Limits(record_bytes=1500))
    assert problem.message == (
        "line 1 is longer than 1,500 characters (Limits.record_bytes): one line holds one record"
    )


def test_a_json_line_nested_too_deeply_or_with_a_huge_number_is_a_problem() -> None:
    limits = Limits(record_bytes=200_000)
    assert _lines(["[" * 100_000, '{"a": 1}'], limits) == (
        [("f:2", None, {"a": 1})],
        [
            _problem(
                "line 1: not valid JSON: maximum recursion depth exceeded while decoding a JSON "
                "array from a unicode string",
                "f:1",
            )
        ],
    )
    [], [problem] = _lines(["9" * 5000], limits)
    assert problem.file == "f:1"
    assert problem.message.startswith("line 1: not valid JSON: Exceeds the limit (4300 digits)")
