"""Reading GDELT event exports with DuckDB: typed columns, filters in the scan, refusals told.

:func:`read` takes one file, a list, or glob patterns; plain, ``.gz`` or ``.zip`` (GDELT's own
archives, one member each, or archives of thousands of members: each run of members of one
layout is unpacked into one scratch file, each line's member and number remembered). Each file's layout is found from its lines (57 or 58 fields: GDELT
1.0, 61: 2.0), and DuckDB's ``read_csv`` reads it with explicit columns
(:mod:`ruiran.coded.columns`), no header, tab as delimiter, no quoting (GDELT quotes nothing),
and the filter of :class:`~ruiran.coded.sql.Filter` as the query's ``WHERE``. GDELT's ``.zip``
archives are unpacked to a temporary folder first (DuckDB reads gzip but not zip).

**The screen.** With an actor filter, most lines cannot pass: an event between Russia and Iran
has ``RUS`` and ``IRN`` as whole tab-separated fields. So a filtered read goes in two steps.
DuckDB first reads each file's lines as they are, as one text column, and copies the lines
that hold a code of each side between two tabs to a scratch file (a superset of the lines that
pass: the code may sit in another column); only those lines are then parsed into typed columns
and filtered exactly. Converting 61 fields costs far more than finding two substrings, so this
reads a file in about half the time of parsing every line. The lines set aside are counted
(``ReadSummary.unparsed``, part of ``filtered_out``) but not parsed, so a malformed line among
them (one that could not have been an event of the filter in any case, as it lacks a side's
code) is not reported; ``check_all=True`` parses every line, as a read without a filter does.
Each layout (2.0, 1.0, 1.0 without URLs) is screened by one scan of all its files, and the
lines that pass go to one scratch file, each led by its file's rank. If a line that passed
the screen cannot be read, the files of its layout are read again whole, so that the refusal
carries DuckDB's message and the line's number in its own file.

Every read is bounded by :class:`~ruiran.limits.Limits` (``gdelt_line_bytes``,
``gdelt_unpacked_bytes``, ``gdelt_zip_members``); a file past a bound, a file that is not
GDELT, and a FIFO or device (never opened) are refused whole, counted in
``ReadSummary.files_refused``. GDELT 1.0 files mixing lines of 57 and 58 fields have their
lines split by width and each read by its own layout.

Nothing is dropped in silence. A line DuckDB cannot read (too few or too many fields, a number
that is not one, no GLOBALEVENTID or SQLDATE, a line too long) is *refused*: DuckDB's
``store_rejects`` keeps it, and the :class:`ReadSummary` lists each with its file, line number
and DuckDB's message, next to how many lines were read and kept. So is a line whose SQLDATE or
DATEADDED is not exactly ``YYYYMMDD`` (2.0's DATEADDED: ``YYYYMMDDHHMMSS``), a real calendar
day from year 1 on (``2024011``, ``00000101``, ``20241399``): the dates are read as text and
checked in the same scan, and the few rows with one that is none are found in their files
afterwards, for their lines' numbers (see :func:`_located`).

**Duplicates.** An event in two files (GDELT 2.0's 15-minute files overlap; the same file may
be given twice) is kept once: the copy with the latest ``DATEADDED``, then the one from the
file given last (:mod:`ruiran.coded.duplicates`). The summary counts the copies dropped.

How many lines were read comes from DuckDB's profiler (the rows its CSV scan produced, plus
the refused lines), so the files are read once; if the profiler does not say (another DuckDB
version), the lines are counted with a second, cheaper scan.

Examples:
    >>> import pathlib, tempfile
    >>> from ruiran.testing import synthetic_gdelt
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "events.tsv.zip", 1000)
    >>> table, summary = read([path], "Actor1CountryCode = 'RUS'")
    >>> summary.lines_read, summary.kept == table.num_rows, summary.refused
    (1000, True, 0)
"""

from __future__ import annotations

import bisect
import contextlib
import glob
import gzip
import json
import os
import re
import signal
import stat
import tempfile
import threading
import zipfile
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final, cast

import attrs

from ruiran.coded import extras
from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, GDELT2, Schema, schema_for, version_of
from ruiran.coded.duplicates import drop_duplicates
from ruiran.errors import clip
from ruiran.model.display import count
from ruiran.read.limits import DEFAULT_LIMITS, Limits

__all__ = ["STORE_COLUMNS", "ReadSummary", "Refusal", "empty_table", "expand", "read"]

#: The columns the store keeps, in order: GDELT's own, less MonthYear, Year and FractionDate
#: (all three follow from SQLDATE), plus ``Version`` (1 or 2: which GDELT the row came from).
STORE_COLUMNS: Final[Schema] = (
    *((name, kind) for name, kind in GDELT2 if name not in ("MonthYear", "Year", "FractionDate")),
    ("Version", "TINYINT"),
)
#: Columns that must hold a value: a line without one is refused.
_REQUIRED: Final = ("GLOBALEVENTID", "SQLDATE")
#: How many lines of each file are looked at to find its layout.
_SNIFF_LINES: Final = 20
#: A CAMEO country code, as the screen takes it.
_CODE: Final = re.compile(r"^[A-Z]{3}$")
#: How many refusals a summary lists one by one (all are counted).
MAX_LISTED: Final = 1_000


@attrs.frozen
class Refusal:
    """A line that was not read, and why.

    Attributes:
        file: The file, as given (a zip archive's member as ``archive.zip!member``).
        line: The line number (1 is the first), or None when the whole file was refused.
        message: What was wrong (DuckDB's words for a line).
        text: The line itself, clipped, when known.
    """

    file: str
    line: int | None
    message: str
    text: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


@attrs.frozen
class ReadSummary:
    """What a read did: files, lines read, kept (passed the filter), refused, duplicates.

    ``lines_read == kept + filtered_out + refused + duplicates``: every count is of lines. A
    file refused whole (not GDELT, unreadable, too large) has no lines read; it is counted in
    ``files_refused`` and listed in ``refusals`` with no line number.

    Attributes:
        files: The files read, as given (globs expanded).
        lines_read: Every line of the files (kept, filtered out, refused or a duplicate).
        kept: The events kept: lines that were read and passed the filter, one per
            GLOBALEVENTID.
        refused: The lines that could not be read (see ``refusals``): too few or too many
            fields, a number that is not one, no GLOBALEVENTID or SQLDATE, a SQLDATE or
            DATEADDED that is not a real calendar date, a line too long.
        refusals: The first :data:`MAX_LISTED` refused lines (or files), each with where and why.
        versions: The GDELT versions of the files (1, 2 or both).
        where: The filter's SQL condition.
        duplicates: Lines that passed the filter but repeat a GLOBALEVENTID already kept
            (dropped: see :mod:`ruiran.coded.duplicates` for which copy is kept).
        unparsed: Lines the screen set aside without parsing them (no code of a side as a
            whole field: they cannot pass an actor filter); part of ``filtered_out``.
        files_refused: Files (or members of a zip archive) refused whole, none of whose
            lines were read; each is in ``refusals`` with no line number.
    """

    files: tuple[str, ...]
    lines_read: int
    kept: int
    refused: int
    refusals: tuple[Refusal, ...] = ()
    versions: tuple[int, ...] = ()
    where: str = "TRUE"
    duplicates: int = 0
    unparsed: int = 0
    files_refused: int = 0

    @property
    def filtered_out(self) -> int:
        """Lines that were read but did not pass the filter."""
        return self.lines_read - self.kept - self.refused - self.duplicates

    def __str__(self) -> str:
        text = (
            f"read {self.lines_read:,} line{'s' if self.lines_read != 1 else ''} from "
            f"{count(len(self.files), 'file')}: "
            f"kept {self.kept:,}, filtered out {self.filtered_out:,}, refused {self.refused:,}"
        )
        if self.duplicates:
            text += f", dropped {self.duplicates:,} duplicate{'s' if self.duplicates != 1 else ''}"
        if self.files_refused:
            text += f"; refused {count(self.files_refused, 'file')} whole"
        if self.refusals:
            text += "\n" + "\n".join(f"  refused {r}" for r in self.refusals[:20])
            if self.refused + self.files_refused > 20:
                more = self.refused + self.files_refused - 20
                text += f"\n  ... and {more:,} more (see .refusals)"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (JSON)."""
        return {
            "files": list(self.files),
            "lines_read": self.lines_read,
            "kept": self.kept,
            "filtered_out": self.filtered_out,
            "refused": self.refused,
            "files_refused": self.files_refused,
            "duplicates": self.duplicates,
            "unparsed": self.unparsed,
            "refusals": [attrs.asdict(r) for r in self.refusals],
            "versions": list(self.versions),
            "where": self.where,
        }


def expand(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files named: a path, a glob pattern, or a list of either; each pattern's matches sorted.

    A path that exists is taken literally, whatever it holds: ``c[x].export.CSV`` is that file
    (not ``cx.export.CSV``), ``~`` is a folder of that name (the home folder is never
    substituted). Only a path that does not exist is a pattern (``*``, ``?``, ``[...]``, ``**``
    for any depth); its folder part may hold brackets of its own (``GDELT [2024]/*.CSV``): the
    longest leading part that is an existing folder is taken literally, the rest is matched.
    Folders a pattern matches are skipped. The files come back as given (relative paths stay
    relative); :func:`read` hands its engine each file by a name no engine expands again.

    Raises:
        FileNotFoundError: for a path that does not exist or a pattern that matches no file.
        IsADirectoryError: for a folder given by name (give its files, or a pattern).
        OSError: for a path (or a match) that is not a regular file: a FIFO, a device or a
            socket is never opened.

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp()) / "GDELT [2024]"
        >>> folder.mkdir()
        >>> for name in ("c[x].CSV", "cx.CSV"):
        ...     _ = (folder / name).write_text("")
        >>> [p.name for p in expand(folder / "c[x].CSV")]
        ['c[x].CSV']
        >>> [p.name for p in expand(f"{folder}/*.CSV")]
        ['c[x].CSV', 'cx.CSV']
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    found: list[Path] = []
    for item in items:
        text = os.fspath(item)
        if os.path.lexists(text) or not glob.has_magic(text):
            found.append(_named_file(text))
            continue
        matches = [m for m in _matches(text) if not os.path.isdir(m)]
        if not matches:
            raise FileNotFoundError(f"no file matches {text!r}")
        found.extend(_named_file(m) for m in matches)
    return found


def _matches(pattern: str) -> list[str]:
    """The paths a pattern matches, sorted; its longest leading existing folder is literal.

    A file reached twice through a folder link (``**`` follows links, so a link to a folder
    above it repeats its files) is listed once, by its first path.
    """
    parts = Path(pattern).parts
    found = sorted(glob.glob(pattern, recursive=True))
    for cut in range(len(parts) - 1, 0, -1):
        folder = os.path.join(*parts[:cut])
        if os.path.isdir(folder):
            rest = os.path.join(*parts[cut:])
            found = sorted(glob.glob(os.path.join(glob.escape(folder), rest), recursive=True))
            break
    seen: set[str] = set()
    unique = []
    for match in found:
        real = os.path.realpath(match)
        if real not in seen:
            seen.add(real)
            unique.append(match)
    return unique


def _named_file(text: str) -> Path:
    """``text`` as a Path if it names a regular file (a link to one will do); else why not."""
    try:
        mode = os.stat(text).st_mode
    except NotADirectoryError:
        raise NotADirectoryError(
            f"no GDELT file at {text!r}: a part of it is not a folder"
        ) from None
    except FileNotFoundError:
        if os.path.islink(text):
            raise FileNotFoundError(f"{text!r} is a dangling symbolic link") from None
        raise FileNotFoundError(f"no GDELT file at {text!r}") from None
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(f"{text!r} is a folder: give its files, or a pattern")
    if not stat.S_ISREG(mode):
        raise OSError(
            f"{text!r} is not a regular file (a FIFO, device or socket is never read): give "
            "GDELT files"
        )
    return Path(text)


@attrs.frozen
class _Origin:
    """Where the lines of a scratch file come from: runs of lines, each run from one file (its
    label) and numbered on in it, so a refused line is told by its own file's line number.

    ``starts[i]`` is the scratch file's line (1 is the first) where run ``i`` starts,
    ``firsts[i]`` that line's number in the file ``labels[which[i]]``.
    """

    labels: tuple[str, ...]
    starts: array[int]
    firsts: array[int]
    which: array[int]

    def locate(self, line: int) -> tuple[str, int]:
        """The file (its label) and the line number in it of the scratch file's ``line``."""
        at = max(bisect.bisect_right(self.starts, line) - 1, 0)
        return self.labels[self.which[at]], self.firsts[at] + line - self.starts[at]


class _Runs:
    """Builds an :class:`_Origin`, a run at a time (a run that goes on the last is merged)."""

    def __init__(self) -> None:
        self.labels: dict[str, int] = {}
        self.starts: array[int] = array("q")
        self.firsts: array[int] = array("q")
        self.which: array[int] = array("q")
        self.lines = 0  # lines written so far

    def add(self, label: str, first: int, lines: int) -> None:
        """``lines`` more lines, from ``label``'s line ``first`` on."""
        if lines <= 0:
            return
        which = self.labels.setdefault(label, len(self.labels))
        if (
            self.starts
            and self.which[-1] == which
            and self.firsts[-1] + (self.lines + 1 - self.starts[-1]) == first
        ):
            self.lines += lines  # goes on the last run
            return
        self.starts.append(self.lines + 1)
        self.firsts.append(first)
        self.which.append(which)
        self.lines += lines

    def origin(self) -> _Origin:
        return _Origin(tuple(self.labels), self.starts, self.firsts, self.which)


@attrs.frozen
class _Part:
    """One readable file: where DuckDB reads it, what to call it, its layout, its position
    among the files read (on a tie between copies of an event, the later file's is kept), and,
    for a scratch file made of other files' lines, where its lines come from."""

    path: Path
    label: str
    schema: Schema
    rank: int = 0
    origin: _Origin | None = None


class _Refused(Exception):
    """A file refused whole: the message says why."""


@attrs.frozen
class _Screened:
    """The lines of a layout's files that passed the screen, each led by its file's rank and
    a tab, written to ``path``; how many lines those files have, and how many passed."""

    path: Path
    lines: int
    candidates: int


def read(
    files: Sequence[Path],
    where: str = "TRUE",
    *,
    screen: Sequence[Sequence[str]] = (),
    check_all: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Any, ReadSummary]:
    """Read GDELT files into one Arrow table of :data:`STORE_COLUMNS`, keeping ``where``.

    Rows come as DuckDB's scans give them (by GDELT layout, then file; the store sorts them),
    one per GLOBALEVENTID: an event in two files (or twice in one) is kept once, by the rule of
    :mod:`ruiran.coded.duplicates` (the latest DATEADDED, then the file given last), and the
    summary says how many copies were dropped.

    Scratch files (zip members unpacked, screened lines) live in a temporary folder
    ``ruiran-gdelt-*`` that is removed when the read ends, is interrupted (Ctrl-C), or is
    ended by SIGTERM: while reading, in the main thread, a SIGTERM handler is installed that
    removes the folder and then hands the signal on to the handler that was there before
    (by default: the process ends by the signal); that handler is put back after the read.

    Args:
        files: The files (see :func:`expand`).
        where: The filter, an SQL condition over GDELT's column names.
        screen: Groups of CAMEO country codes that a line must hold as whole fields, one code
            of each group, to be able to pass ``where`` (for an actor filter: the codes of
            each side). Lines that hold none of a group's codes are counted and set aside
            without being parsed (see the module's docstring); ``()``: parse every line.
        check_all: Parse every line even with a ``screen``, so that a malformed line the
            filter would drop anyway is refused and reported too (slower).
        limits: The bounds of every read: line length, unpacked size of a zip member,
            members of an archive (:class:`~ruiran.limits.Limits`, ``gdelt_*``).

    Returns:
        The table (pyarrow) and the summary. The table is made compact as DuckDB's record
        batches are fetched (:func:`~ruiran.coded.store.compact` with int16 dictionary
        indices, one dictionary per batch): :meth:`~ruiran.coded.store.CodedStore.build`
        unifies and narrows them.

    Raises:
        MissingExtraError: when duckdb or pyarrow is missing (``pip install 'ruiran[events]'``).
    """
    duckdb = extras.duckdb()
    extras.pyarrow()
    with _removed_on_sigterm():
        table, summary, _ = _read(duckdb, files, where, screen, check_all, limits, _fetched)
    if table is None:  # no file could be read: no rows, in the types a fetched table has
        from ruiran.coded.store import compact

        return compact(empty_table(), index=extras.pyarrow().int16()), summary
    table, duplicates = drop_duplicates(table, table.column("_rank").to_numpy())
    table = table.drop_columns(["_rank"])
    return table, attrs.evolve(summary, kept=table.num_rows, duplicates=duplicates)


#: Where the rows that pass go: called with a connection and the query that gives them (with
#: ``_rank`` and ``_bad``); returns what it made of them (for :func:`read`: the table) and how
#: many there were, less the rows whose ``_bad`` is set (a date that is none), which it sets
#: aside and returns as ``(_rank, GLOBALEVENTID, _bad)``. When a read is redone (a screened
#: line could not be read; a GDELT 1.0 file mixes 57 and 58 fields), it is called again, on a
#: new connection: the last call's result is the one that counts.
Sink = Callable[[Any, str], tuple[Any, int, list[tuple[int, int, str]]]]


def _fetched(connection: Any, query: str) -> tuple[Any, int, list[tuple[int, int, str]]]:
    """The sink of :func:`read`: the rows as one compact Arrow table (with ``_rank``)."""
    bad: list[tuple[int, int, str]] = []
    table = _fetch_compact(connection.sql(query), bad)
    return table, int(table.num_rows), bad


def _read(
    duckdb: Any,
    files: Sequence[Path],
    where: str,
    screen: Sequence[Sequence[str]],
    check_all: bool,
    limits: Limits,
    sink: Sink,
    *,
    first_rank: int = 0,
    scratch_in: Path | None = None,
) -> tuple[Any, ReadSummary, int]:
    """The read shared by :func:`read` and the streaming ingest (:mod:`ruiran.coded.stream`):
    find the files' layouts, screen, parse, and hand the rows that pass (with ``_rank``, from
    ``first_rank`` on) to ``sink``. Returns what the sink made (None when no file could be
    read), the summary (``kept``: every row that passed, duplicates not yet dropped), and the
    next free rank. Scratch files go in a temporary folder in ``scratch_in`` (the system's
    temporary folder when None)."""
    condition = None if check_all or not screen else _screen_sql(screen)
    refusals: list[Refusal] = []
    with tempfile.TemporaryDirectory(prefix="ruiran-gdelt-", dir=scratch_in) as scratch:
        parts: list[_Part] = []
        for link, name in _handoff(files, Path(scratch)):
            start = len(refusals)
            for part in _parts(link, Path(scratch), refusals, limits):
                origin = part.origin and attrs.evolve(
                    part.origin,
                    labels=tuple(x.replace(str(link), name) for x in part.origin.labels),
                )
                label = part.label.replace(str(link), name)
                rank = first_rank + len(parts)
                parts.append(attrs.evolve(part, label=label, rank=rank, origin=origin))
            refusals[start:] = [
                attrs.evolve(
                    r,
                    file=r.file.replace(str(link), name),
                    message=r.message.replace(str(link), name),
                )
                for r in refusals[start:]
            ]
        whole_files = len(refusals)
        next_rank = first_rank + len(parts)  # parts split by width below keep their rank
        if not parts:
            summary = ReadSummary(
                tuple(str(f) for f in files), 0, 0, 0, tuple(refusals), (), where,
                files_refused=whole_files,
            )  # fmt: skip
            return None, summary, first_rank
        groups = _groups(parts)
        screened: dict[Schema, _Screened] = {}
        if condition is not None:
            for schema, group in groups.items():
                found = _screen_group(duckdb, schema, group, condition, Path(scratch), limits)
                if found is not None:
                    screened[schema] = found
        while True:
            result, passed, scanned, rejected, refused_lines, mixed = _parse(
                duckdb, groups, screened, where, sink, limits
            )
            redo = {r.file for r in rejected} & {str(s.path) for s in screened.values()}
            if redo:
                # a line that passed the screen could not be read: read its layout's files
                # whole, for DuckDB's own message and the line's number in its file
                screened = {k: s for k, s in screened.items() if str(s.path) not in redo}
                continue
            if not mixed:
                break
            # GDELT 1.0 lines of 57 and 58 fields in one file: each read by its own layout
            parts = [q for part in parts for q in _split(part, mixed, Path(scratch), limits)]
            groups = _groups(parts)
            screened = {k: s for k, s in screened.items() if k not in (GDELT1, GDELT1_NO_URL)}
    refusals.extend(rejected[: MAX_LISTED - len(refusals)])
    versions = tuple(sorted({version_of(p.schema) for p in parts}))
    unparsed = sum(s.lines - s.candidates for s in screened.values())
    summary = ReadSummary(
        files=tuple(str(f) for f in files),
        lines_read=scanned + unparsed + refused_lines,
        kept=passed,
        refused=refused_lines,
        refusals=tuple(refusals),
        versions=versions,
        where=where,
        unparsed=unparsed,
        files_refused=whole_files,
    )
    return result, summary, next_rank


class _Terminated(BaseException):
    """SIGTERM arrived while reading (a BaseException, as KeyboardInterrupt is: it unwinds
    the read, removing its scratch folder, and is not caught by ``except Exception``)."""


@contextlib.contextmanager
def _removed_on_sigterm() -> Iterator[None]:
    """While reading, in the main thread: SIGTERM unwinds the read (so its scratch folder is
    removed, as on Ctrl-C), then goes on to the handler that was installed before (by
    default, the process ends by the signal). Elsewhere, or when SIGTERM is ignored, or
    handled outside Python: nothing is changed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN or previous is None:
        yield
        return

    def terminated(signum: int, frame: FrameType | None) -> None:
        raise _Terminated

    signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        signal.raise_signal(signal.SIGTERM)  # the previous handler's turn, scratch removed
        raise InterruptedError("the read of GDELT files was ended by SIGTERM") from None
    finally:
        if signal.getsignal(signal.SIGTERM) is terminated:
            signal.signal(signal.SIGTERM, previous)


def empty_table() -> Any:
    """A table of :data:`STORE_COLUMNS` without rows."""
    pa = extras.pyarrow()
    types = {
        "VARCHAR": pa.string(),
        "BIGINT": pa.int64(),
        "INTEGER": pa.int32(),
        "SMALLINT": pa.int16(),
        "TINYINT": pa.int8(),
        "DOUBLE": pa.float64(),
    }
    return pa.table({name: pa.array([], types[kind]) for name, kind in STORE_COLUMNS})


# -- files and their layouts ----------------------------------------------------------------------


#: A suffix kept on a file's link (``.export``, ``.CSV``, ``.gz``): letters, digits, ``_``, ``-``.
_SUFFIX: Final = re.compile(r"\.[A-Za-z0-9_-]{1,16}$")
#: What DuckDB reads as a pattern in a file name (it has no escape for them).
_EXPANDED: Final = re.compile(r"[][*?]|^~")


def _handoff(files: Sequence[Path], scratch: Path) -> list[tuple[Path, str]]:
    """Each file as the engine is to read it, with its name as given.

    DuckDB expands ``*``, ``?``, ``[...]`` and a leading ``~`` in any file name it is handed,
    with no escape: ``c[x].export.CSV`` would read ``cx.export.CSV``. So each file is handed over
    as a symbolic link in the scratch folder to its absolute path, named ``in-<n>`` plus the
    file's suffixes (``in-3.export.CSV.gz``: the suffix says the compression); a file given
    twice has one link. Where no link can be made, a hard link is tried, then the absolute path
    itself if it holds none of those characters.

    Raises:
        OSError: when a file can only be reached by a name DuckDB would expand.
    """
    links: dict[str, Path] = {}
    handed: list[tuple[Path, str]] = []
    for file in files:
        target = os.path.abspath(file)
        if target not in links:
            suffixes, rest = "", file.name
            while len(suffixes) < 40 and (found := _SUFFIX.search(rest)) and found.start():
                suffixes, rest = found.group() + suffixes, rest[: found.start()]
            link = scratch / f"in-{len(links)}{suffixes}"
            try:
                os.symlink(target, link)
            except (OSError, NotImplementedError):
                try:
                    os.link(target, link)
                except OSError:
                    if _EXPANDED.search(target):
                        raise OSError(
                            f"{str(file)!r} cannot be read: its name holds characters DuckDB "
                            "reads as a pattern and no link to it could be made; rename it"
                        ) from None
                    link = Path(target)
            links[target] = link
        handed.append((links[target], str(file)))
    return handed


def _parts(
    file: Path, scratch: Path, refusals: list[Refusal], limits: Limits = DEFAULT_LIMITS
) -> Iterator[_Part]:
    """The readable parts of a file (a zip archive's members, unpacked), or a refusal.

    A plain or ``.gz`` file is read where it is; a zip archive's members are unpacked to
    ``scratch``, each run of members of one layout into one file (DuckDB then opens one file,
    not thousands), with their lines' origins. Every read is bounded by ``limits``.
    """
    label = str(file)
    try:
        mode = file.stat().st_mode  # never opened unless a regular file (a FIFO would block)
        if not stat.S_ISREG(mode):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a folder" if stat.S_ISDIR(mode) else (
                "a device or socket"
            )  # fmt: skip
            raise _Refused(f"not a regular file ({kind}): give GDELT event files")
        if file.suffix.lower() == ".zip":
            yield from _members(file, label, scratch, refusals, limits)
            return
        with _open(file) as handle:
            schema = _layout(_head(handle, limits), label)
        yield _Part(file, label, schema)
    except _Refused as refused:
        refusals.append(Refusal(label, None, str(refused)))
    except (OSError, EOFError, zlib.error) as error:
        refusals.append(Refusal(label, None, f"cannot be read: {error}"))


def _members(
    file: Path, label: str, scratch: Path, refusals: list[Refusal], limits: Limits
) -> Iterator[_Part]:
    """A zip archive's members, unpacked: each run of members of one layout (one after the
    other in the archive) into one scratch file, whose origin names each member's lines."""
    try:
        archive = zipfile.ZipFile(file)
    except zipfile.BadZipFile as error:
        raise _Refused(f"not a zip archive: {error}") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > limits.gdelt_zip_members:
            raise _Refused(
                f"the archive has {len(members):,} members, more than "
                f"{limits.gdelt_zip_members:,} (Limits.gdelt_zip_members): split it"
            )
        run: _Run | None = None
        for member in members:
            name = f"{label}!{member.filename}"
            try:
                if member.file_size > limits.gdelt_unpacked_bytes:
                    raise _Refused(_too_large(member.file_size, limits))
                with archive.open(member) as source:
                    head = _head(source, limits)
                    schema = _layout(head, name) if head or run is None else run.schema
                    if run is not None and run.schema != schema:
                        yield run.close()
                        run = None
                    if run is None:
                        run = _Run(scratch, schema, name)
                    run.append(name, head, source, limits)
            except _Refused as refused:
                refusals.append(Refusal(name, None, str(refused)))
            except (OSError, EOFError, zlib.error, zipfile.BadZipFile, RuntimeError,
                    NotImplementedError) as error:  # fmt: skip
                if run is not None:
                    run.undo()
                refusals.append(Refusal(name, None, f"cannot be read: {error}"))
        if run is not None:
            yield run.close()


class _Run:
    """A scratch file of the lines of members of one layout, one after the other."""

    def __init__(self, scratch: Path, schema: Schema, label: str) -> None:
        handle, name = tempfile.mkstemp(suffix=".tsv", dir=scratch)
        self.path = Path(name)
        self.sink = os.fdopen(handle, "wb")
        self.schema = schema
        self.label = label
        self.runs = _Runs()
        self.mark = (0, 0, 0)  # where the member being written started: bytes, lines, runs

    def append(self, name: str, head: list[bytes], source: IO[bytes], limits: Limits) -> None:
        """Copy a member (its first lines already read: ``head``), counting its bytes (at
        most ``Limits.gdelt_unpacked_bytes``) and its lines; it ends with a newline."""
        self.mark = (self.sink.tell(), self.runs.lines, len(self.runs.starts))
        size = sum(len(line) for line in head)
        lines = sum(line.count(b"\n") for line in head)
        last = head[-1][-1:] if head else b"\n"
        for line in head:
            self.sink.write(line)
        while chunk := source.read(1 << 22):
            size += len(chunk)
            if size > limits.gdelt_unpacked_bytes:
                self.undo()
                raise _Refused(_too_large(size, limits, at_least=True))
            self.sink.write(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:]
        if last != b"\n":
            self.sink.write(b"\n")
            lines += 1
        self.runs.add(name, 1, lines)

    def undo(self) -> None:
        """Take back the member being written (it was refused)."""
        at, lines, runs = self.mark
        self.sink.seek(at)
        self.sink.truncate()
        self.runs.lines = lines
        for column in (self.runs.starts, self.runs.firsts, self.runs.which):
            del column[runs:]

    def close(self) -> _Part:
        self.sink.close()
        return _Part(self.path, self.label, self.schema, origin=self.runs.origin())


def _too_large(size: int, limits: Limits, *, at_least: bool = False) -> str:
    return (
        f"unpacks to {'more than ' if at_least else ''}{size:,} bytes, more than "
        f"{limits.gdelt_unpacked_bytes:,} (Limits.gdelt_unpacked_bytes)"
    )


def _open(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _head(handle: IO[bytes], limits: Limits) -> list[bytes]:
    """The first lines of a file, each read with a bound (``Limits.gdelt_line_bytes``): a
    longer line, or NUL bytes (an interrupted download), refuse the file."""
    lines: list[bytes] = []
    for number in range(1, _SNIFF_LINES + 1):
        line = handle.readline(limits.gdelt_line_bytes + 1)
        if not line:
            break
        if b"\0" in line:
            raise _Refused(
                f"line {number} holds NUL bytes where text should be (an interrupted "
                "download?): not a GDELT event file"
            )
        if len(line) > limits.gdelt_line_bytes:
            raise _Refused(
                f"line {number} is longer than {limits.gdelt_line_bytes:,} bytes "
                "(Limits.gdelt_line_bytes): not a GDELT event file"
            )
        lines.append(line)
    return lines


def _layout(head: Sequence[bytes], label: str) -> Schema:
    """The layout of a file from its first lines (the most common width), or _Refused."""
    widths = Counter(line.rstrip(b"\r\n").count(b"\t") + 1 for line in head if line.strip(b"\r\n"))
    if not widths:
        return GDELT2  # an empty file: nothing to read, any layout will do
    width = widths.most_common(1)[0][0]
    schema = schema_for(width)
    if schema is None:
        raise _Refused(
            f"not a GDELT event file: its lines have {width} tab-separated fields; GDELT "
            "1.0 has 57 or 58, GDELT 2.0 has 61"
        )
    return schema


def _split(part: _Part, mixed: set[str], scratch: Path, limits: Limits) -> Iterator[_Part]:
    """A GDELT 1.0 part whose lines have 57 and 58 fields (published samples, concatenated
    downloads): its lines by width into two scratch files, 57 fields (no SOURCEURL) and the
    rest (58, and malformed lines, which DuckDB then refuses), each line keeping its origin.
    A part not in ``mixed`` is given back as it is."""
    if str(part.path) not in mixed or part.schema not in (GDELT1, GDELT1_NO_URL):
        yield part
        return
    where = part.origin or _Origin((part.label,), array("q", [1]), array("q", [1]), array("q", [0]))
    outputs = {}
    for schema in (GDELT1_NO_URL, GDELT1):
        handle, name = tempfile.mkstemp(suffix=".tsv", dir=scratch)
        outputs[schema] = (Path(name), os.fdopen(handle, "wb"), _Runs())
    try:
        with _open(part.path) as source:
            number = 0
            while line := source.readline(limits.gdelt_line_bytes + 1):
                number += 1
                label, first = where.locate(number)
                if len(line) > limits.gdelt_line_bytes and not line.endswith(b"\n"):
                    # too long: passed on in pieces, never held, for DuckDB to refuse
                    _, sink, runs = outputs[GDELT1]
                    sink.write(line)
                    while more := source.readline(limits.gdelt_line_bytes + 1):
                        sink.write(more)
                        if more.endswith(b"\n"):
                            break
                    else:
                        sink.write(b"\n")
                    runs.add(label, first, 1)
                    continue
                if not line.strip(b"\r\n"):
                    continue
                if not line.endswith(b"\n"):
                    line += b"\n"
                width = line.rstrip(b"\r\n").count(b"\t") + 1
                _, sink, runs = outputs[GDELT1_NO_URL if width == 57 else GDELT1]
                sink.write(line)
                runs.add(label, first, 1)
    finally:
        for _, sink, _ in outputs.values():
            sink.close()
    for schema, (path, _, runs) in outputs.items():
        if runs.lines:
            yield _Part(path, part.label, schema, part.rank, runs.origin())


# -- the query ------------------------------------------------------------------------------------


def _scan(
    paths: Sequence[Path],
    schema: Schema,
    *,
    filename: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> str:
    """A scan of files of one layout: a subquery with the layout's columns and types, and
    ``_bad``: NULL, or the date that is none (see :func:`_bad_date`).

    DuckDB reads SQLDATE and DATEADDED as the text the file holds (its date reading takes
    ``2024011`` as 2024-01-01 and a year ``0000`` as 1 BC), and the subquery gives back each
    date that is exactly ``YYYYMMDD`` (2.0's DATEADDED: ``YYYYMMDDHHMMSS``), a real calendar
    day from year 1 on, as GDELT's number; a row with any other date has its dates NULL and
    ``_bad`` set, for the sink to set it aside (:data:`Sink`). A line longer than
    ``Limits.gdelt_line_bytes`` is refused by DuckDB.
    """
    read_as = _date_types(schema)
    columns = "{" + ", ".join(
        f"'{n}': '{'VARCHAR' if n in read_as else k}'" for n, k in schema
    ) + "}"  # fmt: skip
    files = "[" + ", ".join(_string(str(p)) for p in paths) + "]"
    required = "[" + ", ".join(f"'{c}'" for c in _REQUIRED) + "]"
    scan = (
        f"read_csv({files}, delim='\\t', header=false, quote='', escape='', "
        f"columns={columns}, auto_detect=false, strict_mode=true, null_padding=false, "
        f"force_not_null={required}, store_rejects=true, compression='auto'"
        f"{', filename=true' if filename else ''}, "
        f"max_line_size={int(limits.gdelt_line_bytes)})"
    )
    given = dict(schema)  # each date back to its layout's type (INTEGER, BIGINT)
    checks = ", ".join(
        f"({name} IS NULL OR {_date_check(name, kind)}) AS _{name}_ok"
        for name, kind in read_as.items()
    )  # SQLDATE is never NULL (force_not_null): an empty one is no date
    numbers = ", ".join(
        f"CAST(CASE WHEN _{name}_ok THEN {name} END AS {given[name]}) AS {name}" for name in read_as
    )
    bad = " ".join(f"WHEN NOT _{name}_ok THEN '{name}' || chr(9) || {name}" for name in read_as)
    flags = ", ".join(f"_{name}_ok" for name in read_as)
    return (
        f"(SELECT * EXCLUDE ({flags}) REPLACE ({numbers}), CASE {bad} END AS {_BAD} "
        f"FROM (SELECT *, {checks} FROM {scan}))"
    )


#: The column of a scan that names a row's date that is none: ``COLUMN<tab>its text``.
_BAD: Final = "_bad"

#: Each kind of GDELT date: its layout, and the format DuckDB checks it against.
_DATE_LAYOUT: Final = {
    "DATE": ("YYYYMMDD", "%Y%m%d"),
    "TIMESTAMP": ("YYYYMMDDHHMMSS", "%Y%m%d%H%M%S"),
}


def _date_check(name: str, kind: str) -> str:
    """SQL true when the text of the date column ``name`` is exactly its layout's digits
    (``kind``: DATE or TIMESTAMP), a real day (and time) from year 1 on."""
    layout, form = _DATE_LAYOUT[kind]
    return (
        f"(regexp_full_match({name}, '[0-9]{{{len(layout)}}}') "
        f"AND NOT starts_with({name}, '0000') AND try_strptime({name}, '{form}') IS NOT NULL)"
    )


def _date_types(schema: Schema) -> dict[str, str]:
    """The kinds of a layout's dates (2.0, the one with ADM2 codes, has DATEADDED to the
    second)."""
    names = {name for name, _ in schema}
    return {
        "SQLDATE": "DATE",
        "DATEADDED": "TIMESTAMP" if "ActionGeo_ADM2Code" in names else "DATE",
    }


def _lines(paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS) -> str:
    """A scan of files' lines as they are, one text column ``line`` (no field is parsed), with
    the ``filename`` each line comes from."""
    files = "[" + ", ".join(_string(str(p)) for p in paths) + "]"
    return (
        f"read_csv({files}, delim='\x01', header=false, quote='', escape='', "
        "columns={'line': 'VARCHAR'}, auto_detect=false, strict_mode=true, "
        "null_padding=false, store_rejects=true, compression='auto', filename=true, "
        f"max_line_size={int(limits.gdelt_line_bytes)})"
    )


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _groups(parts: Sequence[_Part]) -> dict[Schema, list[_Part]]:
    """The parts by layout (each layout is read by one scan of all its files)."""
    groups: dict[Schema, list[_Part]] = {}
    for schema in (GDELT2, GDELT1, GDELT1_NO_URL):
        found = [p for p in parts if p.schema == schema]
        if found:
            groups[schema] = found
    return groups


def _with_ranks(connection: Any, parts: Sequence[_Part]) -> None:
    """A table ``_ranks(path, rank)`` in the connection: each file read and its rank (a file
    given twice has the later rank)."""
    ranks = {str(p.path): p.rank for p in parts}
    connection.execute(
        "CREATE TEMP TABLE _ranks AS SELECT unnest(?) AS path, unnest(?) AS rank",
        [list(ranks), list(ranks.values())],
    )


def _screen_sql(groups: Sequence[Sequence[str]]) -> str:
    """The screen as a condition on ``line``: for each group, one of its codes as a whole
    field (between two tabs: an actor's country code is never a line's first or last field)."""
    terms = []
    for group in groups:
        for code in group:
            if not _CODE.match(code):  # never interpolate anything else into SQL
                raise ValueError(f"a CAMEO country code must be three capital letters ({code!r})")
        terms.append(
            "(" + " OR ".join(f"contains(line, '\t{c}\t')" for c in sorted(set(group))) + ")"
        )
    return " AND ".join(terms) if terms else "TRUE"


def _screen_group(
    duckdb: Any,
    schema: Schema,
    parts: Sequence[_Part],
    condition: str,
    scratch: Path,
    limits: Limits = DEFAULT_LIMITS,
) -> _Screened | None:
    """Copy the lines of a layout's files that pass the screen to one file, each led by its
    file's rank and a tab (DuckDB reads and writes the lines as they are), counting every
    line; None when a line could not be taken whole (the files are then read whole)."""
    target = scratch / f"screened-{len(schema)}.tsv"
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_profiling='no_output'")
        _with_ranks(connection, parts)
        written = connection.execute(
            "COPY (SELECT CAST(r.rank AS VARCHAR) || chr(9) || t.line "
            f"FROM {_lines([p.path for p in parts], limits)} t "
            "JOIN _ranks r ON t.filename = r.path "
            f"WHERE {condition}) TO {_string(str(target))} "
            "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x01')"
        ).fetchall()
        lines = _rows_scanned(connection)
        if connection.sql("SELECT count(*) FROM reject_errors").fetchall()[0][0]:
            return None
        if lines is None:
            scan = _lines([p.path for p in parts], limits)
            lines = int(connection.sql(f"SELECT count(*) FROM {scan}").fetchall()[0][0])
    except Exception:  # anything odd (an older DuckDB, a line DuckDB cannot take): read whole
        return None
    finally:
        connection.close()
    return _Screened(target, lines, int(written[0][0]))


def _select(schema: Schema, source: str, rank: str, where: str) -> str:
    """The store's columns from one scan of a layout, with the rows' ranks and ``_bad``,
    filtered (a row whose date is none is kept whatever the filter, to be refused)."""
    present = {name for name, _ in schema}
    items = [
        name if name in present else f"CAST(NULL AS {kind}) AS {name}"
        for name, kind in STORE_COLUMNS
        if name != "Version"
    ]
    items.append(f"CAST({version_of(schema)} AS TINYINT) AS Version")
    items.append(f"CAST({rank} AS INTEGER) AS _rank")
    items.append(_BAD)
    return f"SELECT {', '.join(items)} FROM {source} WHERE {_BAD} IS NOT NULL OR ({where})"


def _query(
    groups: dict[Schema, list[_Part]],
    screened: dict[Schema, _Screened],
    where: str,
    limits: Limits = DEFAULT_LIMITS,
) -> str:
    """One scan per layout (of its files, or of the lines that passed its screen), unioned to
    the store's columns with each row's rank, filtered."""
    selects = []
    for schema, parts in groups.items():
        if schema in screened:
            scan = _scan([screened[schema].path], (("_rank", "INTEGER"), *schema), limits=limits)
            selects.append(_select(schema, scan, "_rank", where))
        else:
            source = (
                f"{_scan([p.path for p in parts], schema, filename=True, limits=limits)} "
                "JOIN _ranks ON filename = _ranks.path"
            )
            selects.append(_select(schema, source, "_ranks.rank", where))
    return "\nUNION ALL\n".join(selects)


def _parse(
    duckdb: Any,
    groups: dict[Schema, list[_Part]],
    screened: dict[Schema, _Screened],
    where: str,
    sink: Sink,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Any, int, int, list[Refusal], int, set[str]]:
    """Parse each layout's files (a screened layout: only its lines that passed the screen),
    keeping ``where``, the rows handed to ``sink`` (with ``_rank``): what the sink made of
    them, how many passed, rows DuckDB's scans produced (less the rows refused for a date
    that is none), refusals, how many lines were refused, and the GDELT 1.0 files that mix
    lines of 57 and 58 fields."""
    parts = [p for group in groups.values() for p in group]
    labels: dict[str, str | _Origin] = {str(p.path): p.origin or p.label for p in parts}
    labels.update({str(s.path): str(s.path) for s in screened.values()})
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_profiling='no_output'")
        _with_ranks(connection, parts)
        result, passed, bad = sink(connection, _query(groups, screened, where, limits))
        scanned = _rows_scanned(connection)
        rejected, refused_lines = _rejects(connection, labels)
        mixed = _mixed(connection, [p for p in parts if p.schema in (GDELT1, GDELT1_NO_URL)])
        if scanned is None:  # the profiler did not say: count the lines
            scanned = _count_lines(connection, groups, screened, limits)
    finally:
        connection.close()
    if bad and not mixed:  # (a mixed file's read is redone: its dates are found then)
        rejected = _in_order([*rejected, *_located(bad, parts, limits)], labels)
        scanned -= len(bad)  # DuckDB's scans produced them
        refused_lines += len(bad)
    return result, passed, scanned, rejected, refused_lines, mixed


#: DuckDB's words for a line with another number of fields than its scan's.
_WIDTHS: Final = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def _mixed(connection: Any, parts: Sequence[_Part]) -> set[str]:
    """The GDELT 1.0 files (paths) that have a line refused for holding 57 fields where the
    file's layout has 58, or 58 where it has 57: files whose lines are to be split by width."""
    paths = {str(p.path) for p in parts}
    if not paths:
        return set()
    try:
        rows = connection.sql(
            "SELECT s.file_path, e.line, e.error_message FROM reject_errors e "
            "JOIN reject_scans s ON e.scan_id = s.scan_id AND e.file_id = s.file_id "
            "WHERE e.error_message LIKE '%Expected Number of Columns%'"
        ).fetchall()
    except Exception:  # no table: nothing was refused
        return set()
    # DuckDB says a line's width once per missing (or extra) field: 3, 4, ... 57 for a line
    # of 3 fields in a scan of 58; the line's own is the one farthest from the layout's
    said: dict[tuple[str, int], tuple[int, int]] = {}
    for path, line, message in rows:
        widths = _WIDTHS.search(str(message))
        if str(path) in paths and widths:
            expected, found = int(widths[1]), int(widths[2])
            key = (str(path), int(line))
            if key not in said or abs(found - expected) > abs(said[key][1] - expected):
                said[key] = (expected, found)
    return {path for (path, _), widths in said.items() if set(widths) == {57, 58}}


#: Rows fetched from DuckDB at a time by a read into memory (each batch is made compact as it
#: comes, so the plain rows of the whole result are never held at once); under 2**15, so that
#: a batch's dictionaries fit int16 indices.
_FETCH_ROWS: Final = 32_000


def _fetch_compact(relation: Any, bad: list[tuple[int, int, str]]) -> Any:
    """A query's result as one Arrow table, fetched in record batches, each made compact as
    it comes (text dictionary-encoded, with int16 indices, room for a batch's
    :data:`_FETCH_ROWS` values, so that the batches share a schema:
    :meth:`~ruiran.coded.store.CodedStore.build` unifies the dictionaries and narrows them).
    The rows whose ``_bad`` is set are left out, added to ``bad`` (see :data:`Sink`).
    """
    from ruiran.coded.store import compact

    pa = extras.pyarrow()
    fetch = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
    reader = fetch(_FETCH_ROWS)
    batches = []
    for batch in reader:
        table = _set_aside(pa.Table.from_batches([batch]), bad)
        compacted = compact(table, index=pa.int16())
        # a column left as it came would keep DuckDB's whole batch (every text) alive: copy
        columns = [
            column if pa.types.is_dictionary(column.type) else pa.concat_arrays(column.chunks)
            for column in compacted.columns
        ]
        batches.append(pa.table(columns, names=compacted.schema.names))
    if not batches:
        empty = reader.schema.empty_table().drop_columns([_BAD])
        return compact(empty, index=pa.int16())
    return pa.concat_tables(batches)


def _set_aside(table: Any, bad: list[tuple[int, int, str]]) -> Any:
    """An Arrow table of the query's rows less ``_bad``, its rows with ``_bad`` set left out
    and added to ``bad`` as ``(_rank, GLOBALEVENTID, _bad)``."""
    pc = extras.pyarrow().compute
    flags = table.column(_BAD)
    if flags.null_count < len(flags):
        found = table.filter(pc.is_valid(flags))
        bad.extend(
            zip(
                found.column("_rank").to_pylist(),
                found.column("GLOBALEVENTID").to_pylist(),
                found.column(_BAD).to_pylist(),
                strict=True,
            )
        )
        table = table.filter(pc.is_null(flags))
    return table.drop_columns([_BAD])


def _rows_scanned(connection: Any) -> int | None:
    """The rows DuckDB's CSV scans produced in the last query, from its profiler."""
    try:
        info = json.loads(connection.get_profiling_information(format="json"))
    except Exception:  # an older DuckDB, or another format: count instead
        return None
    found: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            name = str(node.get("name") or node.get("operator_name") or node.get("operator_type"))
            if "READ_CSV" in name or "READ_CSV" in json.dumps(node.get("extra_info", "")):
                for key in ("rows_scanned", "operator_rows_scanned", "cumulative_rows_scanned"):
                    if isinstance(node.get(key), int):
                        found.append(node[key])
                        return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(info)
    return sum(found) if found else None


def _count_lines(
    connection: Any,
    groups: dict[Schema, list[_Part]],
    screened: dict[Schema, _Screened],
    limits: Limits = DEFAULT_LIMITS,
) -> int:
    """Lines DuckDB reads without refusal, counted (the fallback when the profiler is silent)."""
    total = 0
    for schema, parts in groups.items():
        if schema in screened:
            total += screened[schema].candidates
            continue
        query = f"SELECT count(*) FROM {_scan([p.path for p in parts], schema, limits=limits)}"
        total += int(connection.sql(query).fetchall()[0][0])
    return total


def _rejects(connection: Any, labels: Mapping[str, str | _Origin]) -> tuple[list[Refusal], int]:
    """Every refused line, in file order, with DuckDB's message (a file read twice lists its
    lines once), and how many lines were refused (a file read twice counts twice).

    ``labels`` names each file DuckDB read: its label, or, for a scratch file made of other
    files' lines (zip members, a mixed file's lines by width), where each line comes from, so
    that a refusal names the line's own file and its number in it."""
    try:
        rows = connection.sql(
            "SELECT e.scan_id, e.file_id, s.file_path, e.line, e.error_message, e.csv_line "
            "FROM reject_errors e JOIN reject_scans s "
            "ON e.scan_id = s.scan_id AND e.file_id = s.file_id "
            "ORDER BY s.file_path, e.line, "  # a line's number of fields is said first
            "e.error_message NOT LIKE '%Expected Number of Columns%', e.column_idx"
        ).fetchall()
    except Exception:  # no table: nothing was refused
        return [], 0
    found: list[Refusal] = []
    seen: set[tuple[str, int]] = set()
    refused = len({(int(scan), int(file), int(line)) for scan, file, _, line, _, _ in rows})
    for _, _, path, line, message, text in rows:
        named = labels.get(str(path), str(path))
        label, number = (named, int(line)) if isinstance(named, str) else named.locate(int(line))
        key = (label, number)
        if key in seen:
            continue  # one refusal per line, with its first error
        seen.add(key)
        said = " ".join(str(message).split()) if message else "could not be read"
        found.append(Refusal(label, number, clip(said), None if text is None else clip(text)))
    return _in_order(found, labels), refused


def _in_order(found: list[Refusal], labels: Mapping[str, str | _Origin]) -> list[Refusal]:
    """Refusals in the order of the files read (``labels``, see :func:`_rejects`), then of
    their lines."""
    order = [v for named in labels.values() for v in ([named] if isinstance(named, str) else
             named.labels)]  # fmt: skip
    rank = {label: i for i, label in reversed(list(enumerate(order)))}
    return sorted(found, key=lambda r: (rank.get(r.file, len(rank)), r.line or 0))


def _located(
    bad: Sequence[tuple[int, int, str]], parts: Sequence[_Part], limits: Limits = DEFAULT_LIMITS
) -> list[Refusal]:
    """A refusal for each row whose date is none, ``(_rank, GLOBALEVENTID, _bad)`` (see
    :data:`Sink`), with its file and line: the files of its rank are read in Python, line by
    line, for a line with its GLOBALEVENTID and its date's text (the lines of a scratch file
    are named through its :class:`_Origin`). Only done when a date is none."""
    wanted: dict[int, dict[bytes, Counter[tuple[str, str]]]] = {}
    for rank, event, said in bad:
        column, _, text = said.partition("\t")
        wanted.setdefault(rank, {}).setdefault(str(event).encode(), Counter())[(column, text)] += 1
    found: list[Refusal] = []
    for part in parts:
        by_event = wanted.get(part.rank)
        if not by_event:
            continue
        names = [name for name, _ in part.schema]
        kinds = _date_types(part.schema)
        with _open(part.path) as source:
            number = 0
            while (line := source.readline(limits.gdelt_line_bytes + 1)) and by_event:
                number += 1
                if len(line) > limits.gdelt_line_bytes and not line.endswith(b"\n"):
                    while (more := source.readline(limits.gdelt_line_bytes + 1)) and not (
                        more.endswith(b"\n")
                    ):
                        pass  # a line too long, DuckDB refused it: on to its end
                    continue
                counts = by_event.get(line[: line.find(b"\t")])
                if counts is None:
                    continue
                fields = line.rstrip(b"\r\n").split(b"\t")
                for column, text in counts:
                    at = names.index(column)
                    if at < len(fields) and fields[at].decode("utf-8", "replace") == text:
                        break
                else:
                    continue
                counts[(column, text)] -= 1
                if not counts[(column, text)]:
                    del counts[(column, text)]
                    if not counts:
                        del by_event[line[: line.find(b"\t")]]
                label, at_line = part.origin.locate(number) if part.origin else (part.label, number)
                found.append(
                    Refusal(
                        label,
                        at_line,
                        _no_date(column, kinds[column], text),
                        clip(line.rstrip(b"\r\n").decode("utf-8", "replace")),
                    )
                )
    for rank, by_event in wanted.items():  # never expected: told, without a line
        label = next((p.label for p in parts if p.rank == rank), "?")
        for key, counts in by_event.items():
            for (column, text), times in counts.items():
                message = f"event {key.decode()}: " + _no_date(column, "DATE", text)
                found.extend([Refusal(label, None, message)] * times)
    return found


def _no_date(column: str, kind: str, text: str) -> str:
    """Why a date is refused, and what would be valid."""
    layout = _DATE_LAYOUT[kind][0]
    return clip(
        f'{column} "{text}" is no date: {column} must be a real calendar date, {layout} '
        f"({len(layout)} digits, year 0001 to 9999)"
    )
