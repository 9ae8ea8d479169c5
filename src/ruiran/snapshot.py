"""A pre-validated snapshot of the bundled dataset, so that ``ruiran.load()`` starts fast.

The YAML files in ``ruiran/data`` are the source of truth. Reading them costs tens of
milliseconds in a fresh process, most of it imports and set-up: PyYAML, building pydantic's
validators (which runs its plugin discovery, an entry-point scan), pycountry's database. ``scripts/snapshot.py`` reads them once the slow way, with every check, and
pickles the resulting records to ``ruiran/bundled.pickle`` together with a digest of every file
it read: the data files, the names of the folder's other entries, and the sources' texts.

:func:`read` uses the snapshot only while those files still have that digest and the record
classes still have the fields the snapshot holds; otherwise :func:`ruiran.load` reads the YAML.
The records are restored as pickled, without validation, and the cross-record checks are not
run again: they passed on exactly these files. ``tests/test_startup.py`` regenerates the
snapshot and compares it, record by record, with a fresh read of the YAML.

Pickle runs code named in the file, so this module only ever reads the one file shipped inside
the package, never a user's path.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel

from ruiran.bulk import paused_gc
from ruiran.dataset import Dataset
from ruiran.model import AnyRecord

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["FILE_NAME", "build", "digest", "read", "same"]

#: The snapshot's file name, inside the ``ruiran`` package (beside ``data/``, whose every
#: entry the folder reader would otherwise warn about).
FILE_NAME: Final = "bundled.pickle"

#: Bumped when the layout of the pickled mapping changes.
_FORMAT: Final = 2
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
        except Exception:  # damaged, or written for classes that have changed since: the YAML
            return None
        texts = _texts(package / "data", text_files)
        if texts is None or digest(package / "data", texts) != expected:
            return None
        return Dataset._prechecked(records, {source: text for source, _, text in texts})


def _loads(blob: bytes) -> Any:
    """Unpickle with the C unpickler, without importing the ``pickle`` module (1 ms) if it
    can: ``pickle.loads`` is this very function."""
    try:
        from _pickle import loads
    except ImportError:  # pragma: no cover - a Python without the C accelerator
        from pickle import loads
    return loads(blob)


def _package() -> Traversable:
    """The installed ``ruiran`` package's files."""
    here = Path(__file__).parent
    if (here / FILE_NAME).is_file():
        return here  # plain files, as pip installs them: no need to import importlib.resources
    from importlib import resources

    return resources.files("ruiran")  # e.g. inside a zip file


def build(data: Path) -> bytes:
    """Read the dataset folder ``data`` with every check, and return its snapshot.

    Raises:
        DatasetError: when the folder's dataset has a problem.
    """
    from ruiran.io import load, portable_parts

    dataset = load(data)
    text_files: list[tuple[str, tuple[str, ...]]] = []
    for source in dataset.sources:
        if source.text_file is not None:
            parts = portable_parts(source.text_file)
            assert parts is not None, source.text_file  # it loaded: the path is portable
            text_files.append((source.id, parts))
    texts = _texts(data, text_files)
    if texts is None or {s: t for s, _, t in texts} != dict(dataset.source_texts):
        raise RuntimeError(f"the source texts in {data} changed while they were read")
    records = tuple(dataset)
    content = {
        "format": _FORMAT,
        "digest": digest(data, texts),
        "shapes": _shapes(records),
        "texts": tuple(text_files),
        "records": records,
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


def digest(data: Traversable, texts: Iterable[tuple[str, tuple[str, ...], str]]) -> str:
    """A digest of what the folder reader reads from ``data``, plus the names it skips.

    Args:
        data: The dataset folder.
        texts: The source texts, as (source id, path parts, text).
    """
    h = hashlib.sha256()
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue  # the folder reader ignores these too
        h.update(b"entry\0" + entry.name.encode("utf-8", "surrogateescape") + b"\0")
        if entry.is_file():
            _chunk(h, entry.read_bytes())
    for source, parts, text in texts:
        h.update(b"text\0" + source.encode() + b"\0" + "/".join(parts).encode() + b"\0")
        _chunk(h, text.encode("utf-8"))
    return h.hexdigest()


def _chunk(h: Any, data: bytes) -> None:
    h.update(len(data).to_bytes(8, "little"))
    h.update(data)


def _texts(
    data: Traversable, text_files: Iterable[tuple[str, tuple[str, ...]]]
) -> list[tuple[str, tuple[str, ...], str]] | None:
    """Each source's text, read as the folder reader reads it (UTF-8, bytes as they are)."""
    out: list[tuple[str, tuple[str, ...], str]] = []
    # Plain files are read with os calls: pathlib would double the time of hundreds of texts.
    folder = str(data) if isinstance(data, Path) else None
    for source, parts in text_files:
        try:
            if folder is not None:
                raw = _read(os.path.join(folder, *parts))
            else:
                entry = data
                for part in parts:
                    entry = entry / part
                raw = entry.read_bytes()
            out.append((source, parts, raw.decode("utf-8")))
        except (OSError, UnicodeDecodeError):
            return None
    return out


def _read(path: str) -> bytes:
    # O_BINARY: on Windows os.open would otherwise translate line ends, as a text file.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunk = os.read(fd, _CHUNK)
        if len(chunk) < _CHUNK:
            # A regular file reads short only at its end: one call for a text, not two. Were
            # it ever cut short, the digest would differ and load() would read the YAML.
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


def _shapes(records: tuple[AnyRecord, ...]) -> dict[str, tuple[str, ...]]:
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
            return NotImplemented

    out = io.BytesIO()
    Pickler(out, protocol=_PROTOCOL).dump(content)
    return out.getvalue()


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
