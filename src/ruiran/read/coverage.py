"""Reading a dataset's coverage file (``coverage.yaml``, ``.yml`` or ``.json``).

The file holds one mapping, a :class:`~ruiran.model.coverage.Coverage`: ``as_of`` and
``covers`` (see docs/dataset-format.md). It is checked like the records: each problem names
the file, the field and what would be valid, and a dataset with any is not loaded. A folder
without one covers nothing (every answer says so).

Examples:
    >>> problems = []
    >>> read("as_of: 2025-12-15\\ncovers: []\\n", "coverage.yaml", problems).as_of
    datetime.date(2025, 12, 15)
    >>> read("as_of: soon\\n", "coverage.yaml", problems) is None, problems[0].field
    (True, 'as_of')
    >>> validate({"type": "coverage", "as_of": "2025-12-15"}, "x.jsonl:1", problems).covers
    ()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ruiran.errors import Problem

if TYPE_CHECKING:
    from ruiran.model.coverage import Coverage

__all__ = ["STEM", "read", "validate"]

#: The coverage file's name without its suffix, at the top of a dataset folder.
STEM: Final = "coverage"


def read(text: str, label: str, problems: list[Problem]) -> Coverage | None:
    """The coverage that ``text`` (YAML or JSON) states, or None with ``problems`` added."""
    document = _parse(text, label, problems)
    if document is None:
        return None
    return validate(document, label, problems)


def validate(document: object, label: str, problems: list[Problem]) -> Coverage | None:
    """The coverage a parsed mapping states, or None with ``problems`` added.

    Also for the coverage a single data file carries in its records' stead: a JSON Lines line
    ``{"type": "coverage", "as_of": ..., "covers": [...]}`` or a JSON or YAML document's
    top-level ``coverage`` key holding a list of one such mapping (the exports write both).
    """
    import pydantic

    from ruiran.model.coverage import Coverage

    if isinstance(document, dict):
        document = {key: value for key, value in document.items() if key != "type"}
    if not isinstance(document, dict):
        problems.append(Problem(None, None, "must be a mapping with 'as_of' and 'covers'", label))
        return None
    try:
        return Coverage.model_validate(document)
    except pydantic.ValidationError as error:
        for found in error.errors(include_url=False):
            where = ".".join(str(part) for part in found["loc"]) or None
            got = found.get("input")
            message = found["msg"][0].lower() + found["msg"][1:]
            problems.append(Problem(None, where, f"{message} (got {str(got)[:80]!r})", label))
        return None


def _parse(text: str, label: str, problems: list[Problem]) -> Any:
    if label.endswith(".json"):
        import json

        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            problems.append(Problem(None, None, f"not valid JSON: {error}", label))
            return None
    import yaml

    from ruiran.read.documents import _loader

    loader = _loader()(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        problems.append(Problem(None, None, f"not valid YAML: {str(error)[:200]}", label))
        return None
    finally:
        loader.dispose()
