"""JSON and JSON Lines exports that :func:`ruiran.load` reads back as an equal dataset.

Both write the records as their pydantic JSON dumps, and each Source's text beside the output
file at the Source's ``text_file`` path, so quotes are checked again when the file is loaded.
Only the standard library is used: no extra is needed.

Examples:
    >>> import tempfile, pathlib, ruiran
    >>> from ruiran import export
    >>> ds = ruiran.load()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = export.to_jsonl(ds, pathlib.Path(folder) / "ruiran.jsonl")
    ...     back = ruiran.load(path)
    >>> list(back) == list(ds), back.source_texts == ds.source_texts
    (True, True)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ruiran.dataset import Dataset
from ruiran.model import Bloc, Organization, Person, Source, State

__all__ = ["KIND_STEMS", "to_json", "to_jsonl"]

#: The top-level keys of :func:`to_json`'s mapping, in the order they are written (the file
#: stems of the folder format).
KIND_STEMS: tuple[str, ...] = ("sources", "actors", "agreements", "sanctions", "events")

_ACTORS = (State, Person, Organization, Bloc)


def _stem(record: object) -> str:
    if isinstance(record, Source):
        return "sources"
    if isinstance(record, _ACTORS):
        return "actors"
    return f"{getattr(record, 'type', 'record')}s"


def to_json(ds: Dataset, path: str | Path) -> Path:
    """Write a dataset as one JSON file: a mapping from kind to a list of records.

    The keys are ``"sources"``, ``"actors"``, ``"agreements"``, ``"sanctions"`` and
    ``"events"`` (the file stems of the folder format), each record as
    ``record.model_dump(mode="json")`` with its ``type``. Source texts are written beside the
    file (see :func:`to_jsonl`); ``ruiran.load(path)`` reads back an equal dataset.

    Args:
        ds: The dataset.
        path: The file to write (its folder is created if needed).

    Returns:
        The path written.

    Raises:
        ValueError: when a Source names a ``text_file`` whose text the dataset does not hold,
            or a ``text_file`` path that would leave the output folder (nothing is written).

    Examples:
        >>> import tempfile, pathlib, json, ruiran
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = to_json(ruiran.load(), pathlib.Path(folder) / "ruiran.json")
        ...     sorted(json.loads(path.read_text(encoding="utf-8")))
        ['actors', 'agreements', 'events', 'sanctions', 'sources']
    """
    target = Path(path)
    texts = _texts_to_write(ds)
    document: dict[str, list[dict[str, Any]]] = {stem: [] for stem in KIND_STEMS}
    for record in ds:
        document.setdefault(_stem(record), []).append(record.model_dump(mode="json"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _write_texts(target.parent, texts)
    return target


def to_jsonl(ds: Dataset, path: str | Path) -> Path:
    """Write a dataset as JSON Lines: one record per line, each with its ``type``.

    Records keep the dataset's order. Each Source's text (``ds.source_texts``) is written
    beside the file at the Source's ``text_file`` relative path, so ``ruiran.load(path)``
    reads back an equal dataset (same records in the same order, same source texts).

    Args:
        ds: The dataset.
        path: The file to write, conventionally ``*.jsonl`` (the loader recognises JSON Lines
            by that suffix). Its folder is created if needed.

    Returns:
        The path written.

    Raises:
        ValueError: when a Source names a ``text_file`` whose text the dataset does not hold,
            or a ``text_file`` path that would leave the output folder (nothing is written).

    Examples:
        >>> import tempfile, pathlib, json, ruiran
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = to_jsonl(ruiran.load(), pathlib.Path(folder) / "ruiran.jsonl")
        ...     lines = path.read_text(encoding="utf-8").splitlines()
        >>> len(lines) == len(ruiran.load()), "type" in json.loads(lines[0])
        (True, True)
    """
    target = Path(path)
    texts = _texts_to_write(ds)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as out:
        for record in ds:
            out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
    _write_texts(target.parent, texts)
    return target


def _texts_to_write(ds: Dataset) -> list[tuple[Sequence[str], str]]:
    """The (relative path parts, text) of every source text, checked before anything is written."""
    found: list[tuple[Sequence[str], str]] = []
    problems: list[str] = []
    for source in ds.sources:
        if source.text_file is None:
            continue
        text = ds.source_texts.get(source.id)
        parts = _safe_parts(source.text_file)
        if text is None:
            problems.append(
                f"source {source.id!r} names text_file {source.text_file!r} but the dataset "
                "holds no text for it (build the Dataset with source_texts=...)"
            )
        elif parts is None:
            problems.append(
                f"source {source.id!r}: text_file {source.text_file!r} must be a relative "
                "path inside the dataset folder (no '..', no drive or root)"
            )
        else:
            found.append((parts, text))
    if problems:
        raise ValueError(
            "cannot export the source texts:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return found


def _safe_parts(text_file: str) -> tuple[str, ...] | None:
    for flavour in (PurePosixPath, PureWindowsPath):
        candidate = flavour(text_file)
        if candidate.is_absolute() or candidate.drive or candidate.root:
            return None
    parts = tuple(p for p in PurePosixPath(text_file.replace("\\", "/")).parts if p != ".")
    if not parts or ".." in parts:
        return None
    return parts


def _write_texts(base: Path, texts: list[tuple[Sequence[str], str]]) -> None:
    for parts, text in texts:
        destination = base.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        # newline="" keeps the text byte for byte (no \n -> \r\n translation on Windows).
        with destination.open("w", encoding="utf-8", newline="") as out:
            out.write(text)
