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
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final, Protocol

import attrs
from pydantic import ValidationError

from ruiran.bulk import paused_gc
from ruiran.dataset import Dataset
from ruiran.errors import DatasetError, MissingExtraError, Problem
from ruiran.integrity import check_records
from ruiran.model import RECORD_TYPES, AnyRecord, Source, record_adapter, records_adapter

__all__ = [
    "KIND_FILES",
    "MAX_DOCUMENT_BYTES",
    "bundled_path",
    "from_dicts",
    "load",
    "loads",
    "read_records",
]

#: The file stems of the bundled format and the record type their records default to.
KIND_FILES: Final[dict[str, str | None]] = {
    "sources": "source",
    "actors": None,
    "agreements": "agreement",
    "sanctions": "sanction",
    "events": "event",
}
_SUFFIXES: Final = (".yaml", ".yml", ".json", ".jsonl")

#: YAML and JSON documents are read whole; past this size, use JSON Lines (read in chunks).
MAX_DOCUMENT_BYTES: Final = 256 * 1024 * 1024

#: JSON Lines are validated this many lines at a time (one pydantic call per chunk).
_CHUNK: Final = 20_000


_bundled: Dataset | None = None
_bundled_lock = threading.Lock()


class _Progress(Protocol):
    def update(self, n: int) -> object: ...


def bundled_path() -> Traversable:
    """Where the bundled dataset lives inside the installed package."""
    return resources.files("ruiran") / "data"


def load(path: str | Path | None = None, *, progress: bool = False) -> Dataset:
    """Load the bundled dataset (``path=None``) or a user's dataset file or folder.

    The bundled dataset is read once per process, under a lock, and the same immutable
    Dataset is returned on every later call. No network is used.

    Args:
        path: A dataset folder, or a YAML, JSON or JSON Lines file; None for the bundled data.
        progress: Show a progress bar while reading JSON Lines (needs ``ruiran[progress]``).

    Raises:
        DatasetError: listing every problem found; nothing is half-loaded.
        FileNotFoundError: when ``path`` does not exist.

    Examples:
        >>> import ruiran
        >>> ruiran.load() is ruiran.load()
        True
    """
    global _bundled
    if path is None:
        if _bundled is None:
            with _bundled_lock:
                if _bundled is None:
                    _bundled = _load_folder(bundled_path(), "ruiran/data", progress)
        return _bundled
    target = Path(path)
    if target.is_dir():
        return _load_folder(target, str(target), progress)
    if target.is_file():
        return _load_files([(target, str(target), None)], target.parent, progress)
    raise FileNotFoundError(f"no dataset file or folder at {str(target)!r}")


def from_dicts(
    records: Iterable[Mapping[str, Any]], *, source_texts: Mapping[str, str] | None = None
) -> Dataset:
    """Build a Dataset from plain dicts (each with its ``type``), validating everything.

    Raises:
        DatasetError: listing every problem found.

    Examples:
        >>> ds = from_dicts([
        ...     {"type": "source", "id": "s", "title": "A note", "kind": "other"},
        ...     {"type": "state", "id": "iran", "name": "Iran",
        ...      "citations": [{"source": "s", "quote": "Iran"}]},
        ... ])
        >>> ds.actor("iran").name
        'Iran'
    """
    with paused_gc():
        valid, problems, invalid = _validate_many([("<dicts>", raw) for raw in records])
        return _finish(valid, problems, invalid, {}, dict(source_texts or {}))


def loads(data: str | bytes, *, format: str) -> Dataset:
    """Load a dataset from a string: ``format`` is ``"yaml"``, ``"json"`` or ``"jsonl"``.

    The text is read like a single file of that format (source texts cannot be given).

    Raises:
        DatasetError: listing every problem found.

    Examples:
        >>> loads('[{"type": "source", "id": "s", "title": "T", "kind": "other"}]',
        ...       format="json").sources[0].title
        'T'
    """
    if format not in ("yaml", "json", "jsonl"):
        raise ValueError(f"'format' must be one of ['yaml', 'json', 'jsonl'] (got {format!r})")
    label = f"<{format} string>"
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DatasetError([Problem(None, None, f"not UTF-8 text: {error}", label)]) from None
    with paused_gc():
        if format == "jsonl":
            records, problems, invalid = _json_lines(data.splitlines(), label)
        else:
            problems = []
            raws = [
                (label, raw)
                for raw in _document_records(data, format == "json", label, None, problems)
            ]
            records, trouble, invalid = _validate_many(raws)
            problems.extend(trouble)
        return _finish(records, problems, invalid, {}, {})


def _load_folder(folder: Traversable, label: str, progress: bool) -> Dataset:
    data_files = [e for e in folder.iterdir() if e.is_file() and e.name.endswith(_SUFFIXES)]
    # Files named after a kind come first, in the order of KIND_FILES; then the rest by name.
    rank = {stem: i for i, stem in enumerate(KIND_FILES)}
    data_files.sort(key=lambda e: (rank.get(_stem(e), len(rank)), e.name))
    return _load_files(
        [(e, f"{label}/{e.name}", KIND_FILES.get(_stem(e))) for e in data_files], folder, progress
    )


def _stem(entry: Traversable) -> str:
    return entry.name.rsplit(".", 1)[0]


def _load_files(
    files: Iterable[tuple[Traversable, str, str | None]], base: Traversable, progress: bool
) -> Dataset:
    with paused_gc():
        return _read_and_build(files, base, progress)


def _read_and_build(
    files: Iterable[tuple[Traversable, str, str | None]], base: Traversable, progress: bool
) -> Dataset:
    records: list[AnyRecord] = []
    problems: list[Problem] = []
    invalid: set[str] = set()
    origin: dict[str, str] = {}
    for entry, label, default_type in files:
        if entry.name.endswith(".jsonl"):
            found, trouble, bad = _read_json_lines(entry, label, progress)
        else:
            text = _read_text(entry, label, problems)
            is_json = entry.name.endswith(".json")
            raws = [
                (label, raw)
                for raw in _document_records(text or "", is_json, label, default_type, problems)
            ]
            found, trouble, bad = _validate_many(raws)
        records.extend(found)
        problems.extend(trouble)
        invalid |= bad
        for record in found:
            origin.setdefault(record.id, label)
    texts = _source_texts(records, base, origin, problems)
    return _finish(records, problems, invalid, origin, texts)


def _finish(
    records: list[AnyRecord],
    problems: list[Problem],
    invalid: set[str],
    origin: dict[str, str],
    texts: dict[str, str],
) -> Dataset:
    """Check across records and build the Dataset, or raise every problem at once."""
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


# -- reading documents ----------------------------------------------------------------------


def _read_text(entry: Traversable, label: str, problems: list[Problem]) -> str | None:
    try:
        if isinstance(entry, Path) and entry.stat().st_size > MAX_DOCUMENT_BYTES:
            problems.append(
                Problem(
                    None,
                    None,
                    f"file is larger than {MAX_DOCUMENT_BYTES // 2**20} MiB; "
                    "write large datasets as JSON Lines (.jsonl), which is read in chunks",
                    label,
                )
            )
            return None
        return entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(None, None, f"cannot read file: {error}", label))
        return None


def _document_records(
    text: str, is_json: bool, label: str, default_type: str | None, problems: list[Problem]
) -> Iterator[Any]:
    """The raw records of a YAML or JSON text, with ``type`` filled in where the file implies it."""
    # PyYAML is imported here, not at module import: `import ruiran` stays light. libyaml's C
    # loader is many times faster; both loaders are safe: tags like !!python/object are refused.
    import yaml

    loader: type[yaml.CSafeLoader | yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = json.loads(text) if is_json else yaml.load(text, Loader=loader)
    except (ValueError, yaml.YAMLError, RecursionError) as error:
        message = str(error).replace("\n", " ")
        problems.append(
            Problem(None, None, f"not valid {'JSON' if is_json else 'YAML'}: {message}", label)
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
                        f"top-level keys must be among {list(KIND_FILES)!r}, "
                        f"each with a list of records (got {key!r})",
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


def _read_json_lines(
    entry: Traversable, label: str, progress: bool
) -> tuple[list[AnyRecord], list[Problem], set[str]]:
    """Read a JSON Lines file as a stream of lines."""
    try:
        handle = entry.open("r", encoding="utf-8")
    except OSError as error:
        return [], [Problem(None, None, f"cannot read file: {error}", label)], set()
    with handle, _progress_bar(progress, label) as bar:
        return _json_lines(handle, label, bar)


def _json_lines(
    lines: Iterable[str], label: str, bar: _Progress | None = None
) -> tuple[list[AnyRecord], list[Problem], set[str]]:
    """Validate JSON Lines in chunks, each by one pydantic call (the fast path)."""
    records: list[AnyRecord] = []
    problems: list[Problem] = []
    invalid: set[str] = set()
    chunk: list[tuple[int, str]] = []
    try:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                chunk.append((number, line))
            if len(chunk) >= _CHUNK:
                _validate_lines(chunk, label, records, problems, invalid)
                if bar is not None:
                    bar.update(len(chunk))
                chunk = []
    except UnicodeDecodeError as error:
        problems.append(Problem(None, None, f"not UTF-8 text: {error}", label))
    _validate_lines(chunk, label, records, problems, invalid)
    if bar is not None:
        bar.update(len(chunk))
    return records, problems, invalid


def _validate_lines(
    chunk: list[tuple[int, str]],
    label: str,
    records: list[AnyRecord],
    problems: list[Problem],
    invalid: set[str],
) -> None:
    if not chunk:
        return
    try:
        # One JSON array, one call: pydantic parses and validates in Rust.
        array = "[" + ",".join(line for _, line in chunk) + "]"
        records.extend(records_adapter().validate_json(array))
        return
    except ValidationError:
        pass
    raws: list[tuple[str, Any]] = []
    for number, line in chunk:
        try:
            raws.append((f"{label}:{number}", json.loads(line)))
        except (ValueError, RecursionError) as error:
            problems.append(Problem(None, None, f"line {number}: not valid JSON: {error}", label))
    found, trouble, bad = _validate_many(raws)
    records.extend(found)
    problems.extend(trouble)
    invalid |= bad


def _progress_bar(enabled: bool, label: str) -> AbstractContextManager[_Progress | None]:
    if not enabled:
        return nullcontext(None)
    try:
        from tqdm import tqdm
    except ImportError:
        raise MissingExtraError("tqdm", "progress") from None
    bar: AbstractContextManager[_Progress] = tqdm(desc=f"reading {label}", unit=" records")
    return bar


# -- validation -----------------------------------------------------------------------------


def _validate_many(
    raws: list[tuple[str, Any]],
) -> tuple[list[AnyRecord], list[Problem], set[str]]:
    """Validate raw records; return the valid ones, the problems, and the ids that failed."""
    try:
        # The fast path: one pydantic call for the whole list.
        return records_adapter().validate_python([raw for _, raw in raws]), [], set()
    except (ValidationError, RecursionError):
        pass
    records: list[AnyRecord] = []
    problems: list[Problem] = []
    invalid: set[str] = set()
    for label, raw in raws:
        record = _validate(raw, label, problems)
        if record is not None:
            records.append(record)
        elif isinstance(raw, dict) and isinstance(raw.get("id"), str):
            invalid.add(raw["id"])
    return records, problems, invalid


def _validate(raw: Any, label: str, problems: list[Problem]) -> AnyRecord | None:
    if not isinstance(raw, dict):
        problems.append(
            Problem(None, None, f"a record must be a mapping (got {type(raw).__name__})", label)
        )
        return None
    record_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in RECORD_TYPES:
        problems.append(
            Problem(
                record_id,
                "type",
                f"'type' must be one of {list(RECORD_TYPES)!r} (got {_short(kind)})",
                label,
            )
        )
        return None
    try:
        return record_adapter().validate_python(raw)
    except RecursionError:
        problems.append(Problem(record_id, None, "the record is nested too deeply", label))
        return None
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = [str(part) for part in detail["loc"]]
            if loc and loc[0] == kind:
                loc = loc[1:]  # the discriminator's tag, not a field
            message = str(detail["msg"]).removeprefix("Value error, ")
            if detail["type"] not in ("value_error", "assertion_error") and "input" in detail:
                message += f" (got {_short(detail['input'])})"
            problems.append(Problem(record_id, ".".join(loc) or None, message, label))
        return None


def _short(value: object, limit: int = 80) -> str:
    try:
        text = repr(value)
    except RecursionError:
        text = f"<deeply nested {type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _source_texts(
    records: list[AnyRecord], base: Traversable, origin: dict[str, str], problems: list[Problem]
) -> dict[str, str]:
    texts: dict[str, str] = {}
    for record in records:
        if not isinstance(record, Source) or record.text_file is None:
            continue
        relative = Path(record.text_file)
        if relative.is_absolute() or ".." in relative.parts:
            problems.append(
                Problem(
                    record.id,
                    "text_file",
                    f"must be a path inside the dataset folder (got {record.text_file!r})",
                    origin.get(record.id),
                )
            )
            continue
        entry: Traversable = base
        for part in relative.parts:
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
    """Read and validate the records of one YAML or JSON file, without cross-record checks.

    Raises:
        DatasetError: listing every record that does not validate.
    """
    target = Path(path)
    problems: list[Problem] = []
    default = KIND_FILES.get(_stem(target))
    text = _read_text(target, str(target), problems) or ""
    is_json = target.suffix == ".json"
    raws = [
        (str(target), raw)
        for raw in _document_records(text, is_json, str(target), default, problems)
    ]
    records, trouble, _ = _validate_many(raws)
    problems.extend(trouble)
    if problems:
        raise DatasetError(problems)
    return records
