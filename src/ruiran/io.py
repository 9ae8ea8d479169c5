"""Reading datasets: the bundled one, and users' files and folders in the same format.

The format (see ``docs/dataset-format.md``):

- a **folder** holding ``sources.yaml``, ``actors.yaml``, ``agreements.yaml``, ``sanctions.yaml``
  and ``events.yaml`` (any may be missing; ``.json`` works as well as ``.yaml``), each a list of
  records. In the files named after one kind the ``type`` field may be left out; other files
  (and ``actors``) need it on every record. Any other ``*.yaml``, ``*.json`` or ``*.jsonl`` file
  in the folder is read too.
- a single **file**: YAML or JSON holding a list of records, or a mapping from file stems
  (``actors``, ``events``, ...) to lists; or JSON Lines, one record per line.

A Source's ``text_file`` is read relative to the folder (or the file's folder), and quotes from
that source are checked against it.

Everything is read and checked before anything is returned: a bad dataset raises one
:class:`~ruiran.errors.DatasetError` listing every problem, with file, record id and field.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final

import attrs
import yaml
from pydantic import ValidationError

from ruiran.dataset import Dataset
from ruiran.errors import DatasetError, Problem
from ruiran.integrity import check_records
from ruiran.model import RECORD_TYPES, AnyRecord, Source, record_adapter

__all__ = ["KIND_FILES", "bundled_path", "load", "read_records"]

#: The file stems of the bundled format and the record type their records default to.
KIND_FILES: Final[dict[str, str | None]] = {
    "sources": "source",
    "actors": None,
    "agreements": "agreement",
    "sanctions": "sanction",
    "events": "event",
}
_SUFFIXES: Final = (".yaml", ".yml", ".json", ".jsonl")

# libyaml's C loader is many times faster; the pure-Python one is the fallback. Both are safe
# loaders: tags such as !!python/object are refused.
_SafeLoader: type[yaml.CSafeLoader | yaml.SafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)

_bundled: Dataset | None = None
_bundled_lock = threading.Lock()


def bundled_path() -> Traversable:
    """Where the bundled dataset lives inside the installed package."""
    return resources.files("ruiran") / "data"


def load(path: str | Path | None = None) -> Dataset:
    """Load the bundled dataset (``path=None``) or a user's dataset file or folder.

    The bundled dataset is read once per process, under a lock, and the same immutable
    Dataset is returned on every later call. No network is used.

    Raises:
        DatasetError: listing every problem found; nothing is half-loaded.
        FileNotFoundError: when ``path`` does not exist.

    Example:
        >>> import ruiran
        >>> ruiran.load() is ruiran.load()
        True
    """
    global _bundled
    if path is None:
        if _bundled is None:
            with _bundled_lock:
                if _bundled is None:
                    _bundled = _load_folder(bundled_path(), "ruiran/data")
        return _bundled
    target = Path(path)
    if target.is_dir():
        return _load_folder(target, str(target))
    if target.is_file():
        return _load_files([(target, str(target), None)], target.parent)
    raise FileNotFoundError(f"no dataset file or folder at {str(target)!r}")


def _load_folder(folder: Traversable, label: str) -> Dataset:
    data_files = [e for e in folder.iterdir() if e.is_file() and e.name.endswith(_SUFFIXES)]
    # Files named after a kind come first, in the order of KIND_FILES; then the rest by name.
    rank = {stem: i for i, stem in enumerate(KIND_FILES)}
    data_files.sort(key=lambda e: (rank.get(_stem(e), len(rank)), e.name))
    return _load_files(
        [(e, f"{label}/{e.name}", KIND_FILES.get(_stem(e))) for e in data_files], folder
    )


def _stem(entry: Traversable) -> str:
    return entry.name.rsplit(".", 1)[0]


def _load_files(files: Iterable[tuple[Traversable, str, str | None]], base: Traversable) -> Dataset:
    records: list[AnyRecord] = []
    problems: list[Problem] = []
    origin: dict[str, str] = {}
    invalid: set[str] = set()
    for entry, label, default_type in files:
        for raw in _raw_records(entry, label, default_type, problems):
            record = _validate(raw, label, problems)
            if record is None:
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    invalid.add(raw["id"])
                continue
            records.append(record)
            origin.setdefault(record.id, label)

    texts = _source_texts(records, base, origin, problems)
    if problems:
        # Report the cross-record problems too, but not dangling references to records that
        # already failed validation.
        problems.extend(check_records(records, texts, known_invalid=frozenset(invalid)))
        raise DatasetError(_with_files(problems, origin))
    try:
        return Dataset(records, source_texts=texts)
    except DatasetError as error:
        raise DatasetError(_with_files(error.problems, origin)) from None


def _with_files(problems: Iterable[Problem], origin: dict[str, str]) -> list[Problem]:
    """Name the file of each problem that names a record but no file yet."""
    return [
        attrs.evolve(p, file=origin.get(p.record)) if p.file is None and p.record is not None else p
        for p in problems
    ]


def _raw_records(
    entry: Traversable, label: str, default_type: str | None, problems: list[Problem]
) -> Iterator[Any]:
    """The raw mappings in one file, with ``type`` filled in where the file implies it."""
    try:
        text = entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(None, None, f"cannot read file: {error}", label))
        return
    name = entry.name
    if name.endswith(".jsonl"):
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(
                    Problem(None, None, f"line {number}: not valid JSON: {error}", label)
                )
        return
    try:
        document = (
            json.loads(text) if name.endswith(".json") else yaml.load(text, Loader=_SafeLoader)
        )
    except (json.JSONDecodeError, yaml.YAMLError, RecursionError) as error:
        problems.append(
            Problem(
                None,
                None,
                f"not valid {'JSON' if name.endswith('.json') else 'YAML'}: {error}",
                label,
            )
        )
        return
    if document is None:
        return
    if isinstance(document, dict) and default_type is None:
        for key, items in document.items():
            if key not in KIND_FILES or not isinstance(items, list):
                problems.append(
                    Problem(
                        None,
                        None,
                        f"top-level keys must be among {list(KIND_FILES)!r} with a list each (got {key!r})",
                        label,
                    )
                )
                continue
            yield from _with_type(items, KIND_FILES[key])
        return
    if not isinstance(document, list):
        problems.append(
            Problem(
                None,
                None,
                f"a dataset file must hold a list of records (got {type(document).__name__})",
                label,
            )
        )
        return
    yield from _with_type(document, default_type)


def _with_type(items: list[Any], default_type: str | None) -> Iterator[Any]:
    for item in items:
        if default_type is not None and isinstance(item, dict) and "type" not in item:
            item = {"type": default_type, **item}
        yield item


def _validate(raw: Any, label: str, problems: list[Problem]) -> AnyRecord | None:
    record_id = raw.get("id") if isinstance(raw, dict) else None
    record_id = record_id if isinstance(record_id, str) else None
    if not isinstance(raw, dict):
        problems.append(
            Problem(None, None, f"a record must be a mapping (got {type(raw).__name__})", label)
        )
        return None
    if raw.get("type") not in RECORD_TYPES:
        problems.append(
            Problem(
                record_id,
                "type",
                f"'type' must be one of {list(RECORD_TYPES)!r} (got {raw.get('type')!r})",
                label,
            )
        )
        return None
    try:
        return record_adapter().validate_python(raw)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = [str(part) for part in detail["loc"]]
            if loc and loc[0] == raw["type"]:
                loc = loc[1:]  # the discriminator's tag, not a field
            message = str(detail["msg"]).removeprefix("Value error, ")
            if detail["type"] not in ("value_error", "assertion_error") and "input" in detail:
                message += f" (got {_short(detail['input'])})"
            problems.append(Problem(record_id, ".".join(loc) or None, message, label))
        return None


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _source_texts(
    records: list[AnyRecord], base: Traversable, origin: dict[str, str], problems: list[Problem]
) -> dict[str, str]:
    texts: dict[str, str] = {}
    for record in records:
        if not isinstance(record, Source) or record.text_file is None:
            continue
        entry: Traversable = base
        for part in Path(record.text_file).parts:
            entry = entry / part
        try:
            texts[record.id] = entry.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(
                Problem(
                    record.id,
                    "text_file",
                    f"cannot read the source text {record.text_file!r}: {error}",
                    origin.get(record.id),
                )
            )
    return texts


def read_records(path: str | Path) -> list[AnyRecord]:
    """Read and validate the records of one file, without cross-record checks.

    Raises:
        DatasetError: listing every record that does not validate.
    """
    target = Path(path)
    problems: list[Problem] = []
    default = KIND_FILES.get(target.name.rsplit(".", 1)[0])
    records = [
        record
        for raw in _raw_records(target, str(target), default, problems)
        if (record := _validate(raw, str(target), problems)) is not None
    ]
    if problems:
        raise DatasetError(problems)
    return records
