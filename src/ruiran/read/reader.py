"""The reading machinery behind :mod:`ruiran.io`: files and folders inside a boundary, parsed,
validated in chunks, checked together, with every problem named.

:mod:`ruiran.io` holds the public entry points and imports this module when it reads files: the
bundled dataset, restored from its snapshot, needs none of it. Reading flows one way: the entry
points call :func:`read_path` (as does :func:`ruiran.read.snapshot.build`), this module calls the
parsers of :mod:`ruiran.read.documents`; it never imports :mod:`ruiran.io`. A record that fails
validation has its problems worded by :mod:`ruiran.read.messages` (pydantic's errors as
ruiran's sentences).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Protocol, TypeAlias

import attrs
from pydantic import ValidationError

from ruiran.dataset import Dataset, integrity
from ruiran.dataset.bulk import paused_gc
from ruiran.dataset.integrity import conflict
from ruiran.errors import DatasetError, DatasetWarning, MissingExtraError, Problem, clip
from ruiran.hints.suggest import close_matches, did_you_mean
from ruiran.model import RECORD_TYPES, AnyRecord, Source, record_adapter, records_adapter
from ruiran.read import coverage as covering
from ruiran.read import documents
from ruiran.read.boundary import open_inside
from ruiran.read.layout import KIND_FILES, portable_parts
from ruiran.read.limits import Limits
from ruiran.read.messages import _explained, _short

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from ruiran.model.coverage import Coverage
    from ruiran.read.documents import RawRecord

_SUFFIXES: Final = (".yaml", ".yml", ".json", ".jsonl")

#: JSON Lines are validated this many lines at a time (one pydantic call per chunk).
_CHUNK: Final = 20_000


class _Progress(Protocol):
    def update(self, n: int) -> object: ...


# -- reading files within the limits ----------------------------------------------------------


def _read_bounded(handle: IO[bytes], limit: int) -> bytes | None:
    """At most ``limit`` bytes, or None when there are more."""
    data = handle.read(limit + 1)
    return None if len(data) > limit else data


def _lines(handle: IO[str], limit: int) -> Iterator[str]:
    """Lines split on ``\\n`` only; a line longer than ``limit`` comes cut to ``limit + 1``.

    The rest of an over-long line is skipped in chunks, so no line is ever held whole.
    """
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith("\n"):
            while True:  # skip the rest of the line
                rest = handle.readline(limit)
                if not rest or rest.endswith("\n"):
                    break
        yield line


def too_large(label: str, limits: Limits) -> Problem:
    return Problem(
        None,
        None,
        f"file is larger than {limits.document_bytes // 2**20} MiB (Limits.document_bytes); "
        "write large datasets as JSON Lines (.jsonl), which is read a line at a time",
        label,
    )


def _data_suffix(name: str) -> str | None:
    lowered = name.lower()
    return next((s for s in _SUFFIXES if lowered.endswith(s)), None)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0].lower()


# Internal, never compared or shown: no generated __eq__ or __repr__ (attrs' generated code
# costs start-up time, and the bundled load() imports this module).
@attrs.define(eq=False, repr=False)
class Reader:
    """Reads files and folders into a :class:`Batch`, within the limits and the boundary."""

    limits: Limits
    progress: bool
    base: Dataset | None = None

    def folder(self, folder: Traversable, label: str) -> Dataset:
        """Every data file at the top of ``folder``, then its source texts."""
        with paused_gc():
            batch = Batch()
            root = folder.resolve() if isinstance(folder, Path) else None
            rank = {stem: i for i, stem in enumerate(KIND_FILES)}
            entries = sorted(
                (e for e in folder.iterdir() if not e.name.startswith(".")),
                key=lambda e: (rank.get(_stem(e.name), len(rank)), e.name),
            )
            others, empty = [], []
            coverage = None
            for entry in entries:
                if _data_suffix(entry.name) is None:
                    others.append(entry)
                elif _stem(entry.name) == covering.STEM:
                    coverage = self.coverage(batch, entry, f"{label}/{entry.name}", root)
                elif self.read_file(batch, entry, f"{label}/{entry.name}", root) == 0:
                    empty.append(f"{label}/{entry.name}: the file holds no records")
            texts = self.source_texts(batch, folder, root)
            if not batch.records and not batch.problems:
                batch.file_problem(
                    Problem(
                        None, None, "the folder holds no records (no data file with any)", label
                    )
                )
            found = batch.finish(texts, label, self.base, coverage)
            # Said only of a dataset that loaded: with problems, they would be noise.
            for message in empty:
                warnings.warn(DatasetWarning(message), stacklevel=3)
            _warn_unread(others, batch.text_paths, root, label)
            return found

    def single_file(self, path: Path) -> Dataset:
        """One data file, with its source texts beside it."""
        with paused_gc():
            batch = Batch()
            root = path.parent.resolve()
            if not self.read_file(batch, path, str(path), root):
                batch.problems.append(Problem(None, None, "the file holds no records", str(path)))
            texts = self.source_texts(batch, path.parent, root)
            return batch.finish(texts, str(path), self.base)

    def coverage(
        self, batch: Batch, entry: Traversable, label: str, root: Path | None
    ) -> Coverage | None:
        """The folder's coverage file (:mod:`ruiran.read.coverage`), problems into ``batch``."""
        handle, trouble = _open(entry, root, f"coverage file {entry.name!r}")
        if handle is None:
            batch.file_problem(Problem(None, None, str(trouble), label))
            return None
        with handle:
            data = _read_bounded(handle, self.limits.document_bytes)
        if data is None:
            batch.file_problem(too_large(label, self.limits))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            batch.file_problem(Problem(None, None, f"not UTF-8 text: {error}", label))
            return None
        return covering.read(text, label, batch.problems)

    def read_file(self, batch: Batch, entry: Traversable, label: str, root: Path | None) -> int:
        """Parse and validate one data file into ``batch``.

        Returns how many records and problems it gave (0: the file holds no records).
        """
        default_type = KIND_FILES.get(_stem(entry.name))
        handle, trouble = _open(entry, root, f"data file {entry.name!r}")
        if handle is None:
            batch.file_problem(Problem(None, None, str(trouble), label))
            return 1
        before = (len(batch.records), len(batch.problems), len(batch.invalid))
        with handle:
            if _data_suffix(entry.name) == ".jsonl":
                # newline="\n": split on \n alone and translate nothing, so U+2028, U+0085
                # or a lone \r inside a string stay what they are.
                text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
                with _progress_bar(self.progress, label) as bar:
                    lines = _lines(text, self.limits.record_bytes)
                    raws = documents.json_line_records(lines, label, batch.problems, self.limits)
                    batch.validate_lines(raws, default_type, label, bar)
            else:
                data = _read_bounded(handle, self.limits.document_bytes)
                if data is None:
                    batch.file_problem(too_large(label, self.limits))
                    return 1
                try:
                    text_data = data.decode("utf-8")
                except UnicodeDecodeError as error:
                    batch.file_problem(Problem(None, None, f"not UTF-8 text: {error}", label))
                    return 1
                parse = (
                    documents.json_records
                    if _data_suffix(entry.name) == ".json"
                    else documents.yaml_records
                )
                batch.parsed(parse(text_data, label, batch.problems, self.limits), default_type)
        after = (len(batch.records), len(batch.problems), len(batch.invalid))
        return sum(after) - sum(before)

    def source_texts(self, batch: Batch, base: Traversable, root: Path | None) -> dict[str, str]:
        """Read each Source's ``text_file``, exactly as its bytes say (CRLF stays CRLF)."""
        texts: dict[str, str] = {}
        for record in batch.records:
            if not isinstance(record, Source) or record.text_file is None:
                continue
            where = batch.origin.get(record.id, [None])[0]
            parts = portable_parts(record.text_file)
            if parts is None:
                batch.problems.append(
                    Problem(
                        record.id,
                        "text_file",
                        "must be a relative path inside the dataset folder, with forward "
                        "slashes and no '..', drive letter or backslash "
                        f"(got {clip(repr(record.text_file))})",
                        where,
                    )
                )
                continue
            entry: Traversable = base
            for part in parts:
                entry = entry / part
            text, trouble = self._source_text(entry, root, repr(record.text_file))
            if text is None:
                batch.problems.append(Problem(record.id, "text_file", str(trouble), where))
            else:
                texts[record.id] = text
                batch.text_paths.append((parts, entry))
        return texts

    def _source_text(
        self, entry: Traversable, root: Path | None, name: str
    ) -> tuple[str | None, str | None]:
        handle, trouble = _open(entry, root, f"source text {name}")
        if handle is None:
            return None, trouble
        with handle:
            data = _read_bounded(handle, self.limits.source_text_bytes)
        if data is None:
            limit = self.limits.source_text_bytes // 2**20
            return None, f"the source text {name} is larger than {limit} MiB " + (
                "(Limits.source_text_bytes)"
            )
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError as error:
            return None, f"the source text {name} is not UTF-8: {error}"


def read_path(
    target: Path, limits: Limits, *, progress: bool = False, base: Dataset | None = None
) -> Dataset:
    """The dataset in the folder or file ``target``, read with every check.

    The core of :func:`ruiran.load` for a user's path (after it has set coded-events folders
    aside), and of :func:`ruiran.read.snapshot.build` for the bundled folder.

    Raises:
        DatasetError: listing every problem found; nothing is half-loaded.
        FileNotFoundError: when ``target`` does not exist.
    """
    reader = Reader(limits, progress, base)
    if target.is_dir():
        return reader.folder(target, str(target))
    if target.exists() or target.is_symlink():
        return reader.single_file(target)
    raise FileNotFoundError(f"no dataset file or folder at {str(target)!r}")


def _open(entry: Traversable, root: Path | None, what: str) -> tuple[IO[bytes] | None, str | None]:
    """Open a data file or source text for reading, or say why not."""
    if root is None or not isinstance(entry, Path):
        try:  # the bundled data inside an installed package: trusted, maybe zipped
            return entry.open("rb"), None
        except OSError as error:
            return None, f"cannot read the {what}: {error}"
    return open_inside(entry, root, what)


def _warn_unread(
    entries: list[Traversable],
    text_paths: list[tuple[tuple[str, ...], Traversable]],
    root: Path | None,
    label: str,
) -> None:
    """Warn about each entry of the folder that is neither a data file nor holds a text."""
    used = {parts[0] for parts, _ in text_paths}
    for _, entry in text_paths:  # a text may be a link to a file elsewhere in the folder
        if root is not None and isinstance(entry, Path):
            inside = entry.resolve().relative_to(root).parts
            used.update(inside[:1])
    for entry in entries:
        if entry.name in used:
            continue
        what = "subfolder" if entry.is_dir() else "file"
        warnings.warn(
            DatasetWarning(
                f"{label}/{entry.name}: {what} not read (data files end in "
                f"{', '.join(_SUFFIXES)} and lie at the top of the folder; other files are "
                "read only as a source's text_file)"
            ),
            stacklevel=4,
        )


# -- validation -------------------------------------------------------------------------------


@attrs.define(eq=False, repr=False)
class Batch:
    """The records and problems gathered while reading, and where each record came from."""

    records: list[AnyRecord] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)
    invalid: set[str] = attrs.Factory(set)
    #: problems that are references not written as ids ("Russia"): index, value, kinds allowed
    names: list[_Name] = attrs.Factory(list)
    #: record id -> every place ("file:line") that defines it
    origin: dict[str, list[str]] = attrs.Factory(dict)
    #: files that could not be read or parsed: cross-record checks would only mislead
    unreadable: int = 0
    #: the source texts read: their parts as written, and where they were found
    text_paths: list[tuple[tuple[str, ...], Traversable]] = attrs.Factory(list)
    #: how many problems validation had seen: any beyond come from parsing
    _seen: int = 0
    #: the coverage a data file carries (a JSON Lines line or a top-level key), if any
    coverage: Coverage | None = None
    #: where that coverage was read (a second one is a problem)
    coverage_at: str | None = None

    def file_problem(self, problem: Problem) -> None:
        self.unreadable += 1
        self.problems.append(problem)

    def parsed(self, raws: list[RawRecord], default_type: str | None) -> None:
        """Validate a parsed document's records: call right after parsing it.

        A document that did not parse (a problem was added while parsing) counts as unreadable.
        """
        if len(self.problems) > self._seen:
            self.unreadable += 1
        self.validate(raws, default_type)

    def validate_lines(
        self,
        raws: Iterable[RawRecord],
        default_type: str | None,
        label: str,
        bar: _Progress | None = None,
    ) -> None:
        """Validate JSON Lines in chunks (one pydantic call per chunk: the fast path).

        A line that does not parse counts its file as unreadable: the record it held may be
        one that others refer to.
        """
        chunk: list[RawRecord] = []
        before = self.unreadable
        try:
            for raw in raws:
                chunk.append(raw)
                if len(chunk) >= _CHUNK:
                    self._parse_failed(before)
                    self.validate(chunk, default_type)
                    if bar is not None:
                        bar.update(len(chunk))
                    chunk = []
        except UnicodeDecodeError as error:
            self.problems.append(Problem(None, None, f"not UTF-8 text: {error}", label))
        self._parse_failed(before)
        self.validate(chunk, default_type)
        if bar is not None:
            bar.update(len(chunk))

    def _parse_failed(self, before: int) -> None:
        if len(self.problems) > self._seen and self.unreadable == before:
            self.unreadable += 1

    def validate(self, raws: list[RawRecord], default_type: str | None) -> None:
        """Validate raw records; keep the valid ones, the problems, and the ids that failed."""
        items: list[tuple[str, Any]] = []
        bad_keys: set[Any] = set()
        for label, key, raw in raws:
            kind = default_type
            if key == covering.STEM or (
                key is None and isinstance(raw, dict) and raw.get("type") == covering.STEM
            ):
                self.take_coverage(raw, label)
                continue
            if key is not None:
                if key not in KIND_FILES:
                    if key not in bad_keys:
                        bad_keys.add(key)
                        self.problems.append(
                            Problem(
                                None,
                                None,
                                f"top-level keys must be among {list(KIND_FILES)!r} "
                                f"(got {clip(repr(key), 80)})",
                                label.rsplit(":", 1)[0],
                            )
                        )
                    continue
                kind = KIND_FILES[key]
            if kind is not None and isinstance(raw, dict) and "type" not in raw:
                raw = {"type": kind, **raw}
            items.append((label, raw))
        if not items:
            self._seen = len(self.problems)
            return
        try:
            # The fast path: one pydantic call for the whole list.
            found = records_adapter().validate_python([raw for _, raw in items])
        except (ValidationError, RecursionError):
            for label, raw in items:
                record = _validate(raw, label, self.problems, self.names)
                if record is not None:
                    self._keep(record, label)
                elif isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    self.invalid.add(raw["id"])
            self._seen = len(self.problems)
            return
        for record, (label, _) in zip(found, items, strict=True):
            self._keep(record, label)
        self._seen = len(self.problems)

    def _keep(self, record: AnyRecord, label: str) -> None:
        self.records.append(record)
        places = self.origin.get(record.id)
        if places is None:
            self.origin[record.id] = [label]
        else:
            places.append(label)

    def take_coverage(self, raw: object, label: str) -> None:
        """Keep the coverage a data file carries (:func:`ruiran.read.coverage.validate`)."""
        if self.coverage_at is not None:
            self.problems.append(
                Problem(
                    None,
                    None,
                    f"a dataset states its coverage once (already stated at {self.coverage_at})",
                    label,
                )
            )
            return
        self.coverage_at = label
        self.coverage = covering.validate(raw, label, self.problems)

    def finish(
        self,
        texts: dict[str, str],
        label: str,
        base: Dataset | None = None,
        coverage: Coverage | None = None,
    ) -> Dataset:
        """Check across records and build the Dataset, or raise every problem at once.

        With a ``base``, the records are checked together with the base's and come after
        them; a record that repeats a base record exactly is kept once; the coverage is the
        two merged (:func:`ruiran.dataset.coverage.merge`).
        """
        records = self.records
        if coverage is not None and self.coverage_at is not None:
            self.problems.append(
                Problem(None, None, "a dataset states its coverage once", self.coverage_at)
            )
        coverage = self.coverage if coverage is None else coverage
        if base is not None:
            records, texts = self._on_top_of(base, texts)
            from ruiran.dataset.coverage import merge

            coverage = merge(base.coverage, coverage)
        problems = self.problems
        if self.unreadable:
            if not records:
                raise DatasetError(problems)
            problems.append(
                Problem(
                    None,
                    None,
                    "cross-record checks (references, duplicate ids, quotes) were skipped: "
                    f"{self.unreadable} file{'s' if self.unreadable != 1 else ''} could not "
                    "be read; fix that first",
                    label,
                )
            )
            raise DatasetError(problems)
        if problems:
            # Report the cross-record problems too, but not dangling references to records
            # that already failed validation.
            problems.extend(
                integrity.check_records(records, texts, known_invalid=frozenset(self.invalid))
            )
            _suggest_ids(problems, self.names, records)
            raise DatasetError(self._with_files(problems))
        try:
            return Dataset(records, source_texts=texts, coverage=coverage)
        except DatasetError as error:
            raise DatasetError(self._with_files(error.problems)) from None

    def _on_top_of(
        self, base: Dataset, texts: dict[str, str]
    ) -> tuple[list[AnyRecord], dict[str, str]]:
        """The base's records, then ours that it does not hold; a conflict is a problem."""
        ours: list[AnyRecord] = []
        for record in self.records:
            theirs = base.get(record.id)
            if theirs is None:
                ours.append(record)
            elif theirs != record:
                message = conflict(theirs, record).replace(
                    "under one id:", "under one id (the base dataset's and this one):"
                )
                self.problems.append(Problem(record.id, None, message))
        for source, text in texts.items():
            if base.source_texts.get(source, text) != text:
                self.problems.append(
                    Problem(source, "text_file", "the base dataset holds another text for it")
                )
        return [*base, *ours], {**base.source_texts, **texts}

    def _with_files(self, problems: Iterable[Problem]) -> list[Problem]:
        """Name the file of each problem that names a record (every file, for a duplicate)."""
        out: list[Problem] = []
        reported: set[str] = set()
        for p in problems:
            if p.file is None and p.record is not None:
                places = self.origin.get(p.record, [])
                if p.field == "id" and len(places) > 1:
                    if p.record in reported:
                        continue  # one problem per duplicated id, naming every place
                    reported.add(p.record)
                    p = attrs.evolve(p, file=" and ".join(places))
                elif places:
                    p = attrs.evolve(p, file=places[0])
            out.append(p)
        return out


def _validate(
    raw: Any, label: str, problems: list[Problem], names: list[_Name] | None = None
) -> AnyRecord | None:
    """Validate one record; on failure add its problems (one per mistake) and return None.

    A reference written as a name rather than an id (``Russia``) is added to ``names`` too,
    for :func:`_suggest_ids` to resolve once every record is known.
    """
    if not isinstance(raw, dict):
        problems.append(
            Problem(None, None, f"a record must be a mapping (got {type(raw).__name__})", label)
        )
        return None
    record_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in RECORD_TYPES:
        hint = did_you_mean(close_matches(kind, RECORD_TYPES)) if isinstance(kind, str) else ""
        problems.append(
            Problem(
                record_id,
                "type",
                f"'type' must be one of {list(RECORD_TYPES)!r} (got {_short(kind)}){hint}",
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
        details = error.errors(include_url=False)
        for loc, message, written in _explained(details, kind):
            field = ".".join(str(part) for part in loc) or None
            allowed = integrity.reference_kinds(kind, field or "")
            if names is not None and written is not None and allowed is not None:
                names.append((len(problems), written, allowed))
            problems.append(Problem(record_id, field, message, label))
        return None


def _suggest_ids(problems: list[Problem], names: list[_Name], records: list[AnyRecord]) -> None:
    """Complete the problems of references written as names with the ids they may mean."""
    hints = integrity.Hints(records)
    for index, written, allowed in names:
        hint = hints.reference(written, allowed)
        if hint:
            problem = problems[index]
            problems[index] = attrs.evolve(problem, message=problem.message + hint)


#: A reference written as something else than an id: problem index, as written, kinds allowed.
_Name: TypeAlias = tuple[int, str, tuple[str, ...]]


def _progress_bar(enabled: bool, label: str) -> AbstractContextManager[_Progress | None]:
    if not enabled:
        return nullcontext(None)
    try:
        from tqdm import tqdm
    except ImportError:
        raise MissingExtraError("tqdm", "progress") from None
    bar: AbstractContextManager[_Progress] = tqdm(desc=f"reading {label}", unit=" records")
    return bar
