"""JSON and JSON Lines exports that :func:`ruiran.load` reads back as an equal dataset.

Both write the records as their pydantic JSON dumps, and each Source's text beside the output
file at the Source's ``text_file`` path, byte for byte, so quotes are checked again when the file
is loaded. Only the standard library is used: no extra is needed.

They write through :func:`~ruiran.export.files.write_files`: an existing file is never replaced
unless ``overwrite=True``, the files appear only once all are complete, and a source text may
never land on the export itself (nor on another source's text).

Examples:
    >>> import tempfile, pathlib, ruiran
    >>> from ruiran import export
    >>> ds = ruiran.load()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = export.to_jsonl(ds, pathlib.Path(folder) / "ruiran.jsonl")
    ...     back = ruiran.load(path)
    >>> list(back) == list(ds), back.source_texts == ds.source_texts, back.coverage == ds.coverage
    (True, True, True)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ruiran.dataset import Dataset
from ruiran.export.files import Output, Writer, shown, text_writer, write_files
from ruiran.model import Source
from ruiran.model.actors import Actor
from ruiran.read.layout import portable_parts

__all__ = ["KIND_STEMS", "to_json", "to_jsonl"]

#: The top-level keys of :func:`to_json`'s mapping, in the order they are written (the file
#: stems of the folder format).
KIND_STEMS: tuple[str, ...] = ("sources", "actors", "agreements", "sanctions", "events")


def _stem(record: object) -> str:
    if isinstance(record, Source):
        return "sources"
    if isinstance(record, Actor):
        return "actors"
    return f"{getattr(record, 'type', 'record')}s"


def to_json(ds: Dataset, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write a dataset as one JSON file: a mapping from kind to a list of records.

    The keys are ``"sources"``, ``"actors"``, ``"agreements"``, ``"sanctions"`` and
    ``"events"`` (the file stems of the folder format), each record as
    ``record.model_dump(mode="json")`` with its ``type``, and ``"coverage"`` (a list of one
    mapping ``{"as_of", "covers"}``) for a dataset that states its coverage. Source texts are
    written beside the file (see :func:`to_jsonl`); ``ruiran.load(path)`` reads back an equal
    dataset, coverage included.

    Args:
        ds: The dataset.
        path: The file to write (its folder is created if needed).
        overwrite: Replace the file, and source texts of the same names beside it, if they
            exist. A source text never replaces the export itself.

    Returns:
        The path written.

    Raises:
        ExportConflictError: (a ``ValueError``) when a Source names a ``text_file`` whose text
            the dataset does not hold, a ``text_file`` that is not a relative path inside the
            output folder, or one that would be the export itself or another source's text.
        OutputExistsError: (a ``FileExistsError``) when a file to write exists and
            ``overwrite`` is False.
        ExportError: (an ``OSError``) when the file system refuses; the message names the path.

    Examples:
        >>> import tempfile, pathlib, json, ruiran
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = to_json(ruiran.load(), pathlib.Path(folder) / "ruiran.json")
        ...     sorted(json.loads(path.read_text(encoding="utf-8")))
        ['actors', 'agreements', 'coverage', 'events', 'sanctions', 'sources']
    """
    target = Path(path)
    document: dict[str, list[dict[str, Any]]] = {stem: [] for stem in KIND_STEMS}
    for record in ds:
        document.setdefault(_stem(record), []).append(record.model_dump(mode="json"))
    if ds.coverage is not None:
        document["coverage"] = [ds.coverage.model_dump(mode="json")]

    def write(temporary: Path) -> None:
        with temporary.open("x", encoding="utf-8", newline="\n") as out:
            out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")

    _write_with_texts(ds, target, write, "the JSON export", overwrite)
    return target


def to_jsonl(ds: Dataset, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write a dataset as JSON Lines: one record per line, each with its ``type``.

    Records keep the dataset's order. A dataset that states its coverage
    (:attr:`~ruiran.Dataset.coverage`) has it on the first line,
    ``{"type": "coverage", "as_of": ..., "covers": [...]}``. Each Source's text (``ds.source_texts``) is written
    beside the file at the Source's ``text_file`` relative path, byte for byte (``\\r\\n``
    stays ``\\r\\n``), so ``ruiran.load(path)`` reads back an equal dataset (same records in
    the same order, same source texts). Nothing is written when one of the errors below is
    raised.

    Args:
        ds: The dataset.
        path: The file to write, conventionally ``*.jsonl`` (the loader recognises JSON Lines
            by that suffix). Its folder is created if needed.
        overwrite: Replace the file, and source texts of the same names beside it, if they
            exist. A source text never replaces the export itself.

    Returns:
        The path written.

    Raises:
        ExportConflictError: (a ``ValueError``) when a Source names a ``text_file`` whose text
            the dataset does not hold, a ``text_file`` that is not a relative path inside the
            output folder, or one that would be the export itself or another source's text.
        OutputExistsError: (a ``FileExistsError``) when a file to write exists and
            ``overwrite`` is False.
        ExportError: (an ``OSError``) when the file system refuses; the message names the path.

    Examples:
        >>> import tempfile, pathlib, json, ruiran
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = to_jsonl(ruiran.load(), pathlib.Path(folder) / "ruiran.jsonl")
        ...     lines = path.read_text(encoding="utf-8").splitlines()
        ...     again = to_jsonl(ruiran.load(), path, overwrite=True)
        >>> len(lines) == len(ruiran.load()) + 1, json.loads(lines[0])["type"]
        (True, 'coverage')
    """
    target = Path(path)

    def write(temporary: Path) -> None:
        with temporary.open("x", encoding="utf-8", newline="\n") as out:
            if ds.coverage is not None:
                line = {"type": "coverage", **ds.coverage.model_dump(mode="json")}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            for record in ds:
                out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")

    _write_with_texts(ds, target, write, "the JSON Lines export", overwrite)
    return target


def _write_with_texts(ds: Dataset, target: Path, write: Writer, what: str, overwrite: bool) -> None:
    """Write the export and every source text beside it, all together, or raise."""
    texts, problems = _text_outputs(ds, target.parent)
    write_files([Output(target, write, what), *texts], overwrite=overwrite, problems=problems)


def _text_outputs(ds: Dataset, base: Path) -> tuple[list[Output], list[str]]:
    """An output for every source text, and the problems that keep one from being written."""
    found: dict[tuple[str, ...], tuple[str, str]] = {}  # path parts -> (source id, text)
    outputs: list[Output] = []
    problems: list[str] = []
    for source in ds.sources:
        if source.text_file is None:
            continue
        text = ds.source_texts.get(source.id)
        parts = portable_parts(source.text_file)
        named = f"source {source.id!r} names text_file {shown(source.text_file)}"
        if text is None:
            problems.append(
                f"{named} but the dataset holds no text for it (build the Dataset with "
                "source_texts=...)"
            )
        elif parts is None:  # the loader's rule: what is written here, it reads back
            problems.append(
                f"{named}, which is not a relative path inside the output folder: it must be "
                "relative, with forward slashes, and have no '..', drive letter, backslash or "
                "empty part (such as 'sources/page.txt')"
            )
        elif not _encodable(text):
            problems.append(f"{named} but its text is not valid Unicode (a lone surrogate)")
        elif parts in found:
            # Sources may share one text file; it is written once, and must be one text.
            other, other_text = found[parts]
            if other_text != text:
                problems.append(f"{named}, which source {other!r} names too, with a different text")
        else:
            found[parts] = (source.id, text)
            what = f"the text of source {source.id!r}"
            outputs.append(Output(base.joinpath(*parts), text_writer(text), what, inside=base))
    return outputs, problems


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
