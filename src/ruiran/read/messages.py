"""The wording of validation problems: pydantic's errors turned into ruiran's sentences.

One record that fails validation gives pydantic's error details; :func:`_explained` turns them
into (field path, message) pairs a user can act on: an unknown field with the closest valid
names, a vocabulary value with the allowed values and the closest ones, an id that is not one
with what an id looks like. :func:`_short` bounds every value shown.

Only the reader (:mod:`ruiran.read.reader`) imports this module, when a record fails
validation; it imports the records (:mod:`ruiran.model`), :mod:`ruiran.errors` and the
spelling suggestions (:mod:`ruiran.hints.suggest`), never the reader.

Examples:
    >>> from ruiran.read.messages import _short
    >>> _short(list(range(10)))
    '[0, 1, 2, 3, 4, 5, ...]'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final, TypeAlias, get_args

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ruiran.errors import SHOWN_CHARS, clip
from ruiran.hints.suggest import close_matches, did_you_mean
from ruiran.model import ID_PATTERN, RECORD_TYPES

#: A field's path inside a record, as pydantic gives it: names and list positions.
Loc: TypeAlias = tuple[int | str, ...]

#: The longest message one pydantic error becomes (a list of allowed values fits whole).
_MESSAGE_CHARS: Final = 5 * SHOWN_CHARS - 100
#: Suggestions are looked for among at most this many unknown fields of a record.
_SUGGESTED_FIELDS: Final = 20


def _explained(details: list[ErrorDetails], kind: str) -> Iterator[tuple[Loc, str, str | None]]:
    """Pydantic's errors for one record, as (field path, message, id as written) a user can act on.

    - An unknown field is one problem with the closest valid field names ("unknown field
      'partcipants'; did you mean 'participants'?"), and the "Field required" of the field
      it was meant to be is folded into it.
    - A vocabulary value keeps the list of allowed values, with the closest ones.
    - A list left empty only because its items failed is not reported again.
    - An id that is not one (``Russia``) says what an id looks like; the id as written is
      given along, to be resolved against the dataset's names.
    """
    model = RECORD_TYPES[kind]
    shorn = [((d["loc"][1:] if d["loc"][:1] == (kind,) else d["loc"]), d) for d in details]
    missing = {loc for loc, d in shorn if d["type"] == "missing"}
    failed_items = [loc[:-1] for loc, _ in shorn if len(loc) > 1]
    folded: set[Loc] = set()
    unknown: dict[Loc, str] = {}
    for loc, detail in shorn:
        if detail["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            parent, name = loc[:-1], loc[-1]
            fields = _fields_at(model, parent)
            near = close_matches(name, fields) if len(unknown) < _SUGGESTED_FIELDS else ()
            # A misspelt required field: the suggestion it is missing first, alone.
            meant = [s for s in near if (*parent, s) in missing][:1]
            folded.update((*parent, s) for s in meant)
            if meant or near:
                message = f"unknown field {clip(repr(name), 80)}{did_you_mean(meant or near)}"
            else:
                owner = _model_at(model, parent)
                message = f"unknown field {clip(repr(name), 80)}" + (
                    f": the fields of {owner.__name__} are {sorted(fields)!r}" if owner else ""
                )
            unknown[loc] = clip(message, _MESSAGE_CHARS)
    for loc, detail in shorn:
        kind_of = detail["type"]
        if kind_of == "extra_forbidden" and loc and isinstance(loc[-1], str):
            yield loc, unknown[loc], None
        elif kind_of == "missing":
            if loc not in folded:
                yield (
                    loc,
                    f"required field {clip(repr(loc[-1] if loc else '?'), 80)} is missing",
                    None,
                )
        elif kind_of == "too_short" and isinstance(detail.get("input"), (list, tuple)):
            least = detail.get("ctx", {}).get("min_length", 0)
            if len(detail["input"]) >= least and any(f[: len(loc)] == loc for f in failed_items):
                continue  # "at least 1 item after validation, not 0": the items' errors say why
            name = clip(repr(loc[-1] if loc else "value"), 80)
            yield (
                loc,
                f"{name} must have at least {least} item{'s' if least != 1 else ''} "
                f"(got {len(detail['input'])}: {_short(detail['input'])})",
                None,
            )
        elif kind_of in ("enum", "literal_error") and "ctx" in detail:
            yield loc, _vocabulary_message(loc, detail), None
        elif kind_of == "string_pattern_mismatch" and _is_id_pattern(detail):
            yield loc, _id_message(loc, detail["input"]), detail["input"]
        else:
            message = str(detail["msg"]).removeprefix("Value error, ")
            if kind_of not in ("value_error", "assertion_error") and "input" in detail:
                message += f" (got {_short(detail['input'])})"
            yield loc, clip(message, _MESSAGE_CHARS), None


def _is_id_pattern(detail: ErrorDetails) -> bool:
    return detail.get("ctx", {}).get("pattern") == ID_PATTERN and isinstance(detail["input"], str)


def _id_message(loc: Loc, written: str) -> str:
    """What an id looks like; for the record's own id, the nearest valid one."""
    name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "id")
    what = "an id" if loc == ("id",) else "the id of a record"
    message = (
        f"{clip(repr(name), 80)} must be {what}: lower-case letters, digits, '.' and '-', "
        f"starting and ending with a letter or digit (got {_short(written)})"
    )
    slug = re.sub(r"[^a-z0-9.]+", "-", written.casefold()).strip(".-")
    if loc == ("id",) and re.match(ID_PATTERN, slug):
        message += f"; did you mean {slug!r}?"
    return message


def _vocabulary_message(loc: Loc, detail: ErrorDetails) -> str:
    """A vocabulary error, with the allowed values and the closest ones to what was written."""
    allowed = re.findall(r"'((?:[^'\\]|\\.)*)'", str(detail.get("ctx", {}).get("expected", "")))
    value = detail.get("input")
    name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "value")
    hint = did_you_mean(close_matches(value, allowed)) if isinstance(value, str) else ""
    # The hint goes last but is never cut: the list is clipped instead.
    head = f"{clip(repr(name), 80)} must be one of "
    tail = f" (got {_short(value)}){hint}"
    return head + clip(repr(allowed), max(_MESSAGE_CHARS - len(head) - len(tail), 80)) + tail


def _model_at(model: type[BaseModel], path: Loc) -> type[BaseModel] | None:
    """The model class whose fields sit at ``path`` under ``model`` (None: not a model)."""
    current = model
    for part in path:
        if isinstance(part, int):
            continue  # an item of a tuple of models
        field = current.model_fields.get(part)
        nested = _nested_model(field.annotation) if field is not None else None
        if nested is None:
            return None
        current = nested
    return current


def _fields_at(model: type[BaseModel], path: Loc) -> list[str]:
    owner = _model_at(model, path)
    return list(owner.model_fields) if owner is not None else []


def _nested_model(annotation: object) -> type[BaseModel] | None:
    """The model inside a field's type: ``Citation`` for ``tuple[Citation, ...]``, say."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _short(value: object, limit: int = 80) -> str:
    """A bounded repr: nested or shared values are not expanded past a few levels."""
    import reprlib

    shown = reprlib.Repr()
    shown.maxlevel, shown.maxstring, shown.maxother = 3, limit, limit
    shown.maxlist = shown.maxtuple = shown.maxdict = shown.maxset = 6
    try:
        text = shown.repr(value)
    except RecursionError:
        text = f"<deeply nested {type(value).__name__}>"
    return clip(text, limit)
