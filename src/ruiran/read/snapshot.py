"""A pre-validated snapshot of the bundled dataset, so that ``ruiran.load()`` starts fast.

The YAML files in ``ruiran/data`` are the source of truth. Reading them costs tens of
milliseconds in a fresh process, most of it imports and set-up: PyYAML, building pydantic's
validators (which runs its plugin discovery, an entry-point scan), pycountry's database.
``scripts/snapshot.py`` reads them once the slow way, with every check, and pickles the
resulting records and coverage to ``ruiran/bundled.pickle`` together with a digest of the data files and
the names of the folder's entries, and the size and SHA-256 of each source's text.

:func:`read` uses the snapshot only while the data files still have that digest, each text
file still has its size, and the record classes still have the fields the snapshot holds;
otherwise :func:`ruiran.load` reads the YAML. The records are restored as pickled, without
validation, and the cross-record checks are not run again: they passed on exactly these files.
The texts (two hundred files) are read when first asked for, each checked against its SHA-256:
one that changed since the snapshot was made, keeping its size, is refused with an error, never
served unchecked. ``tests/test_startup.py`` regenerates the snapshot and compares it, record by
record, with a fresh read of the YAML.

Pickle runs code named in the file, so this module only ever reads the one file shipped inside
the package, never a user's path.

The snapshot lies beneath the entry points: :func:`ruiran.load` calls :func:`read`, and
:func:`build` reads the YAML with :func:`ruiran.read.reader.read_path`; it never imports
:mod:`ruiran.io`.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel

from ruiran.dataset import Dataset
from ruiran.dataset.bulk import paused_gc
from ruiran.model.dates import PartialDate, Period
from ruiran.read.layout import portable_parts

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["FILE_NAME", "SourceTexts", "TextFile", "build", "digest", "read", "same"]

#: The snapshot's file name, inside the ``ruiran`` package (beside ``data/``, whose every
#: entry the folder reader would otherwise warn about).
FILE_NAME: Final = "bundled.pickle"

#: Bumped when the layout of the pickled mapping changes.
_FORMAT: Final = 5
#: Pinned, so the file does not change with the Python that writes it (3.8 and later read it).
_PROTOCOL: Final = 5


def read(package: Traversable | None = None) -> Dataset | None:
    """The bundled Dataset from the snapshot, or None when it is missing, stale or unreadable.

    Args:
        package: Where the snapshot file and the ``data`` folder lie; the installed ``ruiran``
            package by default.
    """
    if package is None:
        package = _package()
    try:
        blob = (package / FILE_NAME).read_bytes()
    except OSError:
        return None
    # Thousands of objects come to life at once: the collector would scan them again and
    # again while they are made, and none of them can be garbage yet.
    with paused_gc():
        try:
            content = _loads(blob)
            if content["format"] != _FORMAT or not _same_shapes(content["shapes"]):
                return None
            text_files, expected, records = content["texts"], content["digest"], content["records"]
            coverage = content["coverage"]
        except Exception:  # damaged, or written for classes that have changed since: the YAML
            return None
        data = package / "data"
        if digest(data) != expected:
            return None
        texts = _source_texts(data, text_files)
        if texts is None:
            return None
        return Dataset._prechecked(records, texts, coverage)


def _loads(blob: bytes) -> Any:
    """Unpickle with the C unpickler, without importing the ``pickle`` module (1 ms) if it
    can: ``pickle.loads`` is this very function."""
    try:
        from _pickle import loads
    except ImportError:  # pragma: no cover - a Python without the C accelerator
        from pickle import loads
    return loads(blob)


def _package() -> Traversable:
    """The installed ``ruiran`` package's files (this module lies in its ``read`` folder)."""
    here = Path(__file__).parents[1]
    if (here / FILE_NAME).is_file():
        return here  # plain files, as pip installs them: no need to import importlib.resources
    from importlib import resources

    return resources.files("ruiran")  # e.g. inside a zip file


def build(data: Path) -> bytes:
    """Read the dataset folder ``data`` with every check, and return its snapshot.

    Raises:
        DatasetError: when the folder's dataset has a problem.
    """
    from ruiran.read.limits import DEFAULT_LIMITS
    from ruiran.read.reader import read_path  # the slow way, with every check

    dataset = read_path(data, DEFAULT_LIMITS)
    text_files: list[TextFile] = []
    for source in dataset.sources:
        if source.text_file is not None:
            parts = portable_parts(source.text_file)
            assert parts is not None, source.text_file  # it loaded: the path is portable
            raw = _read(os.path.join(data, *parts))
            if raw.decode("utf-8") != dataset.source_texts[source.id]:
                raise RuntimeError(f"the source texts in {data} changed while they were read")
            text_files.append((source.id, parts, len(raw), hashlib.sha256(raw).hexdigest()))
    records = tuple(dataset)
    content = {
        "format": _FORMAT,
        "digest": digest(data),
        "shapes": _shapes((*records, dataset.coverage)),
        "texts": tuple(text_files),
        "records": records,
        "coverage": dataset.coverage,
    }
    return _dumps(content)


def same(first: bytes, second: bytes) -> bool:
    """Whether two snapshots hold the same thing: records of the same classes with the same
    values and set fields, in the same order, and the same digest.

    Their bytes may differ (another pydantic may share equal strings differently).
    """
    try:
        return bool(_canonical(_loads(first)) == _canonical(_loads(second)))
    except Exception:  # one of them is damaged or of an older format: not the same
        return False


def digest(data: Traversable) -> str:
    """A digest of the data files the folder reader reads from ``data``, and of the names of
    every entry (the ones it skips included).

    The source texts have a digest each (see :class:`SourceTexts`): they are read on demand.

    Args:
        data: The dataset folder.
    """
    h = hashlib.sha256()
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue  # the folder reader ignores these too
        h.update(b"entry\0" + entry.name.encode("utf-8", "surrogateescape") + b"\0")
        if entry.is_file():
            _chunk(h, entry.read_bytes())
    return h.hexdigest()


def _chunk(h: Any, data: bytes) -> None:
    h.update(len(data).to_bytes(8, "little"))
    h.update(data)


#: A source's text file as the snapshot knows it: source id, path parts under ``data``, size in
#: bytes, SHA-256 of its bytes (hex).
TextFile = tuple[str, tuple[str, ...], int, str]


def _source_texts(data: Traversable, text_files: Iterable[TextFile]) -> Mapping[str, str] | None:
    """The texts, or None when one of them is missing or has another size than it had.

    Plain files are only looked at (their sizes) and read on first use; the files of a
    package that is not a folder (a zip file) are read and checked at once.
    """
    if isinstance(data, Path):
        folder = str(data) + os.sep  # joined by hand: os.path.join costs more than the stat
        files: dict[str, tuple[str, str]] = {}
        for source, parts, size, sha256 in text_files:
            path = folder + os.sep.join(parts)
            try:
                if os.stat(path).st_size != size:
                    return None
            except OSError:
                return None
            files[source] = (path, sha256)
        return SourceTexts(files)
    texts: dict[str, str] = {}
    for source, parts, _, sha256 in text_files:
        entry = data
        for part in parts:
            entry = entry / part
        try:
            raw = entry.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(raw).hexdigest() != sha256:
            return None
        texts[source] = raw.decode("utf-8")
    return MappingProxyType(texts)


class SourceTexts(Mapping[str, str]):
    """The bundled sources' texts, by source id, each read from its file when first asked for.

    A text is checked against the SHA-256 it had when the snapshot was made: the text every
    quote citing it was checked against. One that has changed since, keeping its size (a
    change of size sends :func:`ruiran.load` back to the YAML), is refused with an error that
    names its file: it is never served unchecked.

    Examples:
        >>> import ruiran
        >>> texts = ruiran.load().source_texts
        >>> "russia-iran-deepening-alliance" in texts  # answered without reading a file
        True
        >>> texts["russia-iran-deepening-alliance"].startswith("Russia")
        True
    """

    __slots__ = ("_files", "_texts")

    def __init__(self, files: Mapping[str, tuple[str, str]]) -> None:
        """
        Args:
            files: Source id to the text's path and the SHA-256 of its bytes (hex).
        """
        self._files = dict(files)
        self._texts: dict[str, str] = {}

    def __getitem__(self, source: str) -> str:
        text = self._texts.get(source)
        if text is None:
            path, sha256 = self._files[source]  # KeyError: no text for this source
            text = self._texts[source] = _checked(source, path, sha256)
        return text

    def __contains__(self, source: object) -> bool:
        return source in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __repr__(self) -> str:
        return f"<SourceTexts of {len(self._files)} sources, {len(self._texts)} read so far>"


def _checked(source: str, path: str, sha256: str) -> str:
    """The text in ``path`` if its bytes still have the SHA-256 ``sha256``.

    Raises:
        DatasetError: naming the source and its file, when the file cannot be read or differs.
    """
    from ruiran.errors import DatasetError, Problem

    try:
        raw = _read(path)
    except OSError as error:
        problem = f"the source text cannot be read ({error.strerror or error})"
    else:
        if hashlib.sha256(raw).hexdigest() == sha256:
            return raw.decode("utf-8")
        problem = (
            "the source text changed after the bundled snapshot was made, keeping its size; "
            "its quotes were checked against the earlier text"
        )
    fix = "regenerate ruiran/bundled.pickle with `python scripts/snapshot.py`, or reinstall ruiran"
    raise DatasetError([Problem(source, "text_file", f"{problem}: {fix}", file=path)])


def _read(path: str) -> bytes:
    # O_BINARY: on Windows os.open would otherwise translate line ends, as a text file.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunk = os.read(fd, _CHUNK)
        if len(chunk) < _CHUNK:
            # A regular file reads short only at its end: one call for a text, not two. Were
            # it ever cut short, its SHA-256 would differ and the text would be refused.
            return chunk
        chunks = [chunk]
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


_CHUNK: Final = 1 << 20


# -- the record classes' shapes ----------------------------------------------------------------


def _models(value: object) -> Iterator[BaseModel]:
    """Every pydantic model inside ``value`` (records, citations, milestones, ...)."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).__pydantic_fields__:
            yield from _models(getattr(value, name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _models(item)


def _shapes(records: tuple[object, ...]) -> dict[str, tuple[str, ...]]:
    """The fields of every model class the snapshot holds, by ``module:qualname``."""
    shapes: dict[str, tuple[str, ...]] = {}
    for model in _models(records):
        cls = type(model)
        shapes.setdefault(f"{cls.__module__}:{cls.__qualname__}", tuple(cls.__pydantic_fields__))
    return dict(sorted(shapes.items()))


def _same_shapes(shapes: dict[str, tuple[str, ...]]) -> bool:
    """Whether every pickled model class still has the fields it had (a renamed or added field
    would leave restored records without it)."""
    for key, fields in shapes.items():
        module, qualname = key.split(":")
        found: object = sys.modules.get(module)
        for name in qualname.split("."):
            found = getattr(found, name, None)
        if not (isinstance(found, type) and issubclass(found, BaseModel)):
            return False
        if tuple(found.__pydantic_fields__) != fields:
            return False
    return True


def _canonical(value: object) -> object:
    """``value`` as nested tuples that name every type, so that ``==`` tells a str from a
    StrEnum and a tuple from a list."""
    if isinstance(value, BaseModel):
        state = value.__getstate__()
        return (
            type(value).__module__,
            type(value).__qualname__,
            tuple(sorted(state["__pydantic_fields_set__"])),
            _canonical(state["__dict__"]),
            _canonical(state["__pydantic_extra__"]),
            _canonical(state["__pydantic_private__"]),
        )
    if isinstance(value, dict):
        return ("dict", tuple((_canonical(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_canonical(item) for item in value))
    return (type(value).__module__, type(value).__qualname__, value)


def _dumps(content: object) -> bytes:
    """Pickle ``content``, models as their values and set fields (in sorted order, so the
    bytes are reproducible), to be restored by :func:`_restore`."""
    import pickle  # only to write a snapshot: reading needs the C unpickler alone

    class Pickler(pickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            if isinstance(obj, BaseModel):
                state = obj.__getstate__()
                if state["__pydantic_extra__"] is not None or state["__pydantic_private__"]:
                    raise ValueError(f"{type(obj).__qualname__} has extra or private values")
                fields_set = tuple(sorted(state["__pydantic_fields_set__"]))
                return _restore, (type(obj), state["__dict__"], fields_set)
            # Dates as their parts, not as the text their own pickling parses again.
            if type(obj) is PartialDate:
                if obj.approximate or obj.uncertain:
                    return _date, (obj.year, obj.month, obj.day, obj.approximate, obj.uncertain)
                return PartialDate, (obj.year, obj.month, obj.day)
            if type(obj) is Period:
                return Period, (obj.start, obj.end)
            return NotImplemented

    out = io.BytesIO()
    Pickler(out, protocol=_PROTOCOL).dump(content)
    return out.getvalue()


def _date(
    year: int, month: int | None, day: int | None, approximate: bool, uncertain: bool
) -> PartialDate:
    """A partial date with its qualifiers (keyword-only arguments, which pickle cannot pass)."""
    return PartialDate(year, month, day, approximate=approximate, uncertain=uncertain)


_new = object.__new__
_set = object.__setattr__


def _restore(
    cls: type[BaseModel], values: dict[str, Any], fields_set: tuple[str, ...]
) -> BaseModel:
    """A model as it was validated: what pydantic's own ``__setstate__`` sets, set directly
    (one call per model instead of three; thousands of models are restored at start-up)."""
    model = _new(cls)
    _set(model, "__dict__", values)  # this model's own dict, fresh from the unpickler
    _set(model, "__pydantic_fields_set__", set(fields_set))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
