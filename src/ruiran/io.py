"""Reading datasets: the bundled one, and users' files and folders in the same format.

The format (see ``docs/dataset-format.md``):

- a **folder** holding ``sources.yaml``, ``actors.yaml``, ``agreements.yaml``, ``sanctions.yaml``
  and ``events.yaml`` (any may be missing; ``.json`` works as well as ``.yaml``), each a list of
  records. In the files named after one kind the ``type`` field may be left out; other files
  (and ``actors``) need it on every record. Any other ``*.yaml``, ``*.yml``, ``*.json`` or
  ``*.jsonl`` file at the top of the folder is read too (suffixes in any case).
- a single **file**: YAML or JSON holding a list of records, or a mapping from file stems
  (``actors``, ``events``, ...) to lists; or JSON Lines, one record per line.

A Source's ``text_file`` is read relative to the folder (or the file's folder), and quotes from
that source are checked against it.

**The folder is a boundary.** Data files and source texts are read only when they are regular
files that resolve inside the folder given: a symbolic link that leaves it, a device, a FIFO or
a directory in their place is a problem. Entries that are neither data files nor source texts
(a README, a subfolder of notes) are not read, and each is reported as a
:class:`~ruiran.errors.DatasetWarning`; names starting with a dot are ignored, as by a glob.

Everything is read and checked before anything is returned: a bad dataset raises one
:class:`~ruiran.errors.DatasetError` listing every problem, with file, line, record id and
field. Sizes are bounded by :class:`~ruiran.limits.Limits`; the reading itself is done by
:mod:`ruiran.read.reader`, imported on first use, and the bundled dataset is restored from
its pre-validated snapshot (:mod:`ruiran.read.snapshot`) while that matches the YAML. This
module is the entry point above them: they never import it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruiran.dataset import Dataset
from ruiran.dataset.bulk import paused_gc
from ruiran.errors import DatasetError, Problem
from ruiran.model import AnyRecord
from ruiran.read.layout import KIND_FILES, portable_parts

if TYPE_CHECKING:
    # Imported by bundled_path() when needed: importlib.resources takes milliseconds to import.
    from importlib.resources.abc import Traversable

    # Given by __getattr__ on first use: the bundled load() never needs them.
    from ruiran.read.limits import Limits

    MAX_DOCUMENT_BYTES: int


__all__ = [
    "KIND_FILES",
    "MAX_DOCUMENT_BYTES",
    "Limits",
    "bundled_path",
    "from_dicts",
    "load",
    "loads",
    "portable_parts",
    "read_records",
]


def __getattr__(name: str) -> object:
    """``Limits`` and ``MAX_DOCUMENT_BYTES`` (YAML and JSON documents are read whole; past this
    size, use JSON Lines), from :mod:`ruiran.read.limits` on first use: the bundled ``load()``
    needs neither, and an attrs class costs start-up time to create."""
    from ruiran.read import limits

    if name == "Limits":
        return limits.Limits
    if name == "MAX_DOCUMENT_BYTES":
        return limits.DEFAULT_LIMITS.document_bytes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_bundled: Dataset | None = None
_bundled_lock = threading.Lock()


def _default_limits() -> Limits:
    from ruiran.read.limits import DEFAULT_LIMITS

    return DEFAULT_LIMITS


def bundled_path() -> Traversable:
    """Where the bundled dataset lives inside the installed package."""
    from importlib import resources

    return resources.files("ruiran") / "data"


def load(
    path: str | Path | None = None,
    *,
    base: Dataset | None = None,
    progress: bool = False,
    limits: Limits | None = None,
) -> Dataset:
    """Load the bundled dataset (``path=None``) or a user's dataset file or folder.

    The bundled dataset is read once per process, under a lock, and the same immutable
    Dataset is returned on every later call. No network is used.

    With ``base`` (any Dataset, typically the bundled one), the user's records are checked
    together with the base's and the combined Dataset is returned: the user's files may refer
    to the base's actors and sources without copying them. A record that repeats a base
    record exactly is fine; one that differs under the same id is a problem naming the
    fields that differ.

    Args:
        path: A dataset folder, or a YAML, JSON or JSON Lines file; None for the bundled data.
            A folder of coded events written by ``ruiran ingest gdelt --out`` (it holds
            ``ruiran-coded.json``) gives ``base`` (the bundled dataset when None) with
            those coded events (added to ``base``'s own, each event once).
        base: A Dataset to put the records on top of (``ruiran.load()`` for the bundled one).
        progress: Show a progress bar while reading JSON Lines (needs ``ruiran[progress]``).
        limits: Size limits (documents, JSON Lines records, aliases, source texts); the
            defaults are far beyond any real dataset.

    Raises:
        DatasetError: listing every problem found (a path with no records is one); nothing
            is half-loaded.
        FileNotFoundError: when ``path`` does not exist.

    Warns:
        DatasetWarning: for each entry of a folder that was not read.

    Examples:
        >>> import ruiran
        >>> ruiran.load() is ruiran.load()
        True

        Your own events about bundled actors, on top of the bundled data:

        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "events.yaml").write_text(
        ...     "- id: my-call\\n  kind: consult\\n  title: A phone call\\n  date: 2025-07-03\\n"
        ...     "  participants: [{actor: russia, role: initiator}, {actor: iran, role: target}]\\n"
        ...     "  citations: [{source: russia-iran-deepening-alliance, quote: Russia}]\\n")
        >>> ds = ruiran.load(folder, base=ruiran.load())
        >>> [e.id for e in ds.events_between("Russia", "Iran", start="2025-07", end="2025-07", kind="consult")]
        ['my-call']
    """
    global _bundled
    if path is None:
        if base is not None:
            raise ValueError("'base' needs a 'path' to put on top of it (got path=None)")
        if _bundled is None:
            with _bundled_lock:
                if _bundled is None:
                    # The pre-validated snapshot while it matches the YAML; else the YAML.
                    from ruiran.read import snapshot

                    _bundled = snapshot.read()
                    if _bundled is None:
                        from ruiran.read import reader as reading

                        _bundled = reading.Reader(_default_limits(), progress).folder(
                            bundled_path(), "ruiran/data"
                        )
        return _bundled
    if str(path) == "":
        raise DatasetError(
            [Problem(None, None, "the dataset path is empty: give a dataset folder or file")]
        )
    target = Path(path)
    from ruiran.coded.output import is_coded_folder  # light: no pyarrow, no duckdb

    if is_coded_folder(target):
        from ruiran.coded.parquet import read_folder  # coded events, written by ruiran ingest

        return read_folder(target, base=base)
    from ruiran.read.reader import read_path  # the reading machinery, on first use

    return read_path(target, limits or _default_limits(), progress=progress, base=base)


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
    from ruiran.read import reader as reading

    with paused_gc():
        batch = reading.Batch()
        batch.validate([("<dicts>", None, raw) for raw in records], None)
        return batch.finish(dict(source_texts or {}), "<dicts>")


def loads(data: str | bytes, *, format: str, limits: Limits | None = None) -> Dataset:
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
    chosen = limits or _default_limits()
    from ruiran.read import documents
    from ruiran.read import reader as reading  # the parsers and the reading machinery, on first use

    with paused_gc():
        batch = reading.Batch()
        if format == "jsonl":
            batch.validate_lines(
                documents.json_line_records(data.split("\n"), label, batch.problems, chosen),
                None,
                label,
            )
        else:
            if len(data) > chosen.document_bytes:
                batch.file_problem(reading.too_large(label, chosen))
            else:
                parse = documents.json_records if format == "json" else documents.yaml_records
                batch.parsed(parse(data, label, batch.problems, chosen), None)
        return batch.finish({}, label)


def read_records(path: str | Path, *, limits: Limits | None = None) -> list[AnyRecord]:
    """Read and validate the records of one data file, without cross-record checks.

    This is how records meant to go beside another dataset's are read (they may name actors
    and sources that only the other dataset holds).

    Raises:
        DatasetError: listing every record that does not validate.
    """
    from ruiran.read import reader as reading

    target = Path(path)
    reader = reading.Reader(limits or _default_limits(), progress=False)
    with paused_gc():
        batch = reading.Batch()
        reader.read_file(batch, target, str(target), target.parent)
        if batch.problems:
            raise DatasetError(batch.problems)
        return batch.records
