"""Parsing dataset documents (YAML, JSON, JSON Lines) into raw records, with nothing lost.

What a parser would silently drop or change is a :class:`~ruiran.errors.Problem` here:

- a **duplicate key** in a mapping (YAML, JSON and JSON Lines alike) names its line and key,
  instead of keeping only the last value;
- **YAML** is read with the YAML 1.2 core schema: ``6:05`` and ``010`` are not numbers in
  base 60 or 8, ``no`` and ``on`` are strings, an unquoted ``2025-02-30`` is a string that the
  date parser then reports with its record and field. Merge keys (``<<``, a YAML 1.1 feature)
  are refused; **aliases** may add at most :attr:`Limits.alias_values` values to a document,
  so a few hundred bytes cannot expand to gigabytes;
- **JSON Lines** is one record per ``\\n``-terminated line, exactly: U+2028 or U+0085 inside a
  string is kept, a record split over two lines or two records on one line is a problem with
  its line number.

Every value quoted in a message is clipped (see :func:`ruiran.errors.clip`).

Examples:
    >>> problems = []
    >>> yaml_records("- {id: a, id: b}", "x.yaml", problems)
    []
    >>> print(problems[0])
    x.yaml:1, (no id): the key 'id' appears twice in one mapping (line 1, column 11); a second value would silently replace the first
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from ruiran.errors import Problem, clip
from ruiran.read.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "RawRecord",
    "json_line_records",
    "json_records",
    "yaml_records",
]


#: A raw record as parsed: where it stands ("file:line"), the top-level key it was found under
#: (for a document that maps kinds to lists; else None), and the record itself.
RawRecord = tuple[str, Any, Any]


# -- YAML -------------------------------------------------------------------------------------

_yaml_loader: type[Any] | None = None


def _loader() -> type[Any]:
    """The YAML loader class: libyaml's parser when present, YAML 1.2 core resolution."""
    global _yaml_loader
    if _yaml_loader is not None:
        return _yaml_loader
    # PyYAML is imported here, not at module import: `import ruiran` stays light.
    import yaml
    from yaml.constructor import ConstructorError, SafeConstructor
    from yaml.nodes import MappingNode
    from yaml.resolver import BaseResolver

    class PureParser(
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer
    ):
        """PyYAML's own parser, for a PyYAML built without libyaml."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)

    # libyaml's CParser reads, scans, parses and composes in C: many times faster.
    parser: type[Any] = PureParser
    try:
        from yaml import _yaml

        parser = _yaml.CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        pass

    class CoreResolver(BaseResolver):
        """The YAML 1.2 core schema's implicit types (no timestamps, no base 60, no yes/no)."""

    for tag, pattern, first in (
        ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
        ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
        (
            "float",
            r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
            "-+0123456789.",
        ),
        ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ):
        CoreResolver.add_implicit_resolver(
            f"tag:yaml.org,2002:{tag}", re.compile(f"^(?:{pattern})$"), list(first)
        )

    class CoreConstructor(SafeConstructor):
        """Safe construction that reports duplicate keys and reads integers as YAML 1.2 does."""

        duplicates: list[tuple[Any, Any]]

        def construct_yaml_int(self, node: Any) -> int:
            text = str(self.construct_scalar(node))
            if text[:2] in ("0o", "0x"):
                return int(text, 0)
            return int(text, 10)  # "010" is ten, as in YAML 1.2, not eight

        def flatten_mapping(self, node: Any) -> None:
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ConstructorError(
                        None,
                        None,
                        "merge keys ('<<') are a YAML 1.1 feature that ruiran does not read; "
                        "write the fields out",
                        key_node.start_mark,
                    )

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            if isinstance(node, MappingNode):
                self.flatten_mapping(node)
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    key = self.construct_object(key_node, deep=deep)
                    try:
                        if key in seen:
                            self.duplicates.append((key, key_node.start_mark))
                        seen.add(key)
                    except TypeError:
                        pass  # an unhashable key: the base class reports it
            mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
            return mapping

    CoreConstructor.add_constructor(  # type: ignore[type-var]
        "tag:yaml.org,2002:int", CoreConstructor.construct_yaml_int
    )

    class Loader(parser, CoreConstructor, CoreResolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            parser.__init__(self, stream)
            CoreConstructor.__init__(self)
            CoreResolver.__init__(self)
            self.duplicates = []

    _yaml_loader = Loader
    return Loader


def yaml_records(
    text: str, label: str, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> list[RawRecord]:
    """Parse a YAML document; return its top-level items, each labelled ``file:line``.

    The document is a list of records, or a mapping from kind (``"events"``, ...) to lists;
    each item comes as ``(label, key, record)``, the key being None for a list. Problems (syntax with
    line and column, duplicate keys, merge keys, alias bombs) are appended to ``problems``;
    a document with any of them yields no records.
    """
    import yaml

    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return []
        trouble = _alias_trouble(node, limits)
        if trouble is not None:
            problems.append(Problem(None, None, trouble, label))
            return []
        document = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        problems.append(Problem(None, None, _yaml_message(error), _at(label, error)))
        return []
    except yaml.YAMLError as error:
        problems.append(Problem(None, None, f"not valid YAML: {clip(str(error))}", label))
        return []
    except RecursionError:
        problems.append(Problem(None, None, "not valid YAML: nested too deeply", label))
        return []
    finally:
        loader.dispose()
    if loader.duplicates:
        for key, mark in loader.duplicates:
            problems.append(
                Problem(
                    None,
                    None,
                    f"the key {clip(repr(key), 80)} appears twice in one mapping (line "
                    f"{mark.line + 1}, column {mark.column + 1}); a second value would "
                    "silently replace the first",
                    f"{label}:{mark.line + 1}",
                )
            )
        return []
    lines = _item_lines(node)
    return _top_level(document, label, lines, problems)


def _at(label: str, error: Any) -> str:
    mark = error.problem_mark or error.context_mark
    return f"{label}:{mark.line + 1}" if mark is not None else label


def _yaml_message(error: Any) -> str:
    mark = error.problem_mark or error.context_mark
    what = " ".join(str(part) for part in (error.context, error.problem) if part)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return f"not valid YAML: {clip(what)}{where}"


def _alias_trouble(root: Any, limits: Limits) -> str | None:
    """Refuse aliases that expand too far (or into themselves) before anything is built.

    PyYAML shares an aliased node, so the parsed document is small; validating or printing
    it would expand every alias. Count the values it expands to, once per distinct node.
    """
    from yaml.nodes import MappingNode, SequenceNode

    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node, MappingNode, SequenceNode)
            expanded[key] = 1 + sum(expanded[id(child)] for child in children)
            continue
        if key in expanded:
            continue
        if key in on_path:
            return "an alias refers to a node that contains it (a recursive structure)"
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node, MappingNode, SequenceNode))
    extra = expanded[id(root)] - len(expanded)
    if extra > limits.alias_values:
        return (
            f"aliases expand the document by {extra:,} values, more than the limit of "
            f"{limits.alias_values:,} (Limits.alias_values): write the values out"
        )
    return None


def _children(node: Any, mapping: type[Any], sequence: type[Any]) -> list[Any]:
    if isinstance(node, mapping):
        return [part for pair in node.value for part in pair]
    if isinstance(node, sequence):
        return list(node.value)
    return []


def _item_lines(node: Any) -> list[int] | dict[Any, list[int]]:
    """The line of each top-level item (of each kind's list, for a mapping by kind)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, SequenceNode):
        return [item.start_mark.line + 1 for item in node.value]
    if isinstance(node, MappingNode):
        return {
            key.value: [item.start_mark.line + 1 for item in value.value]
            for key, value in node.value
            if isinstance(key, ScalarNode) and isinstance(value, SequenceNode)
        }
    return []


# -- JSON -------------------------------------------------------------------------------------


class _DuplicateKeys(Exception):
    """Raised by the object hook: a JSON object names a key twice."""


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _DuplicateKeys
    return found


def json_records(
    text: str, label: str, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> list[RawRecord]:
    """Parse a JSON document like :func:`yaml_records` (a list, or a mapping of kinds)."""
    import json  # here, not at the top: `import ruiran` stays light

    if not text.strip():
        return []
    try:
        document = json.loads(text, object_pairs_hook=_unique_object)
    except _DuplicateKeys:
        for key, line in _json_duplicates(text):
            problems.append(
                Problem(
                    None,
                    None,
                    f"the key {clip(repr(key), 80)} appears twice in one object (line {line}); "
                    "a second value would silently replace the first",
                    f"{label}:{line}",
                )
            )
        return []
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                None,
                None,
                f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                f"{label}:{error.lineno}",
            )
        )
        return []
    except (ValueError, RecursionError) as error:
        problems.append(Problem(None, None, f"not valid JSON: {clip(str(error))}", label))
        return []
    return _top_level(document, label, None, problems)


_JSON_TOKEN: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]', re.DOTALL)
_KEY_FOLLOWS: Final = re.compile(r"\s*:")


def _json_duplicates(text: str) -> Iterator[tuple[str, int]]:
    """The repeated keys of a valid JSON text and the line of each repetition.

    Only run on the rare path (the fast parser found a duplicate): a scan that tracks which
    object each key belongs to, so nested objects keep their own keys.
    """
    import json

    seen: list[set[str] | None] = []  # per open container: its keys (None for an array)
    for token in _JSON_TOKEN.finditer(text):
        value = token.group()
        if value in "{[":
            seen.append(set() if value == "{" else None)
        elif value in "}]":
            seen.pop()
        elif seen and seen[-1] is not None and _KEY_FOLLOWS.match(text, token.end()):
            key = json.loads(value)
            if key in seen[-1]:
                yield key, text.count("\n", 0, token.start()) + 1
            seen[-1].add(key)


def json_line_records(
    lines: Iterable[str], label: str, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawRecord]:
    """Parse JSON Lines: each ``\\n``-terminated line is exactly one JSON object.

    ``lines`` must be split on ``\\n`` only (``str.splitlines`` would also split on U+2028,
    U+0085 and others, which JSON allows inside strings). Blank lines are skipped.
    """
    import json

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{label}:{number}"
        if len(line) > limits.record_bytes:
            problems.append(
                Problem(
                    None,
                    None,
                    f"line {number} is longer than {limits.record_bytes:,} characters "
                    "(Limits.record_bytes): one line holds one record",
                    where,
                )
            )
            continue
        try:
            raw = json.loads(line, object_pairs_hook=_unique_object)
        except _DuplicateKeys:
            keys = ", ".join(repr(k) for k, _ in _json_duplicates(line))
            problems.append(
                Problem(
                    None,
                    None,
                    f"line {number}: the key {clip(keys, 80)} appears twice in one object; "
                    "a second value would silently replace the first",
                    where,
                )
            )
            continue
        except json.JSONDecodeError as error:
            hint = (
                " (two records on one line? each line holds exactly one)"
                if error.msg == "Extra data"
                else " (a record split over lines? each line holds exactly one whole record)"
                if error.pos >= len(line.rstrip())
                else ""
            )
            problems.append(
                Problem(None, None, f"line {number}: not valid JSON: {error.msg}{hint}", where)
            )
            continue
        except (ValueError, RecursionError) as error:
            problems.append(
                Problem(None, None, f"line {number}: not valid JSON: {clip(str(error))}", where)
            )
            continue
        if not isinstance(raw, dict):
            problems.append(
                Problem(
                    None,
                    None,
                    f"line {number}: a line must hold one record, a JSON object "
                    f"(got {type(raw).__name__})",
                    where,
                )
            )
            continue
        yield where, None, raw


# -- the shape of a document ------------------------------------------------------------------


def _top_level(
    document: Any,
    label: str,
    lines: list[int] | dict[Any, list[int]] | None,
    problems: list[Problem],
) -> list[RawRecord]:
    """The items of a document that is a list, or a mapping from kind to list.

    For a mapping each item comes with its key, so the caller can fill in its type.
    """
    if document is None:
        return []
    if isinstance(document, list):
        at = lines if isinstance(lines, list) else None
        return [(_line_label(label, at, i), None, item) for i, item in enumerate(document)]
    if isinstance(document, dict):
        found: list[RawRecord] = []
        for key, items in document.items():
            if not isinstance(items, list):
                problems.append(
                    Problem(
                        None,
                        None,
                        f"each top-level key must hold a list of records "
                        f"(got {type(items).__name__} under {clip(repr(key), 80)})",
                        label,
                    )
                )
                continue
            at = lines.get(key) if isinstance(lines, dict) else None
            found.extend((_line_label(label, at, i), key, item) for i, item in enumerate(items))
        return found
    problems.append(
        Problem(
            None,
            None,
            f"a dataset file must hold a list of records (got {type(document).__name__})",
            label,
        )
    )
    return []


def _line_label(label: str, lines: list[int] | None, index: int) -> str:
    if lines is not None and index < len(lines):
        return f"{label}:{lines[index]}"
    return label
