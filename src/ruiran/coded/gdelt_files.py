"""The files a GDELT read takes: named, handed to DuckDB, unpacked, their layouts and origins.

Part of the reader, :mod:`ruiran.coded.gdelt`: :func:`expand` finds the files named, ``_handoff``
hands each to DuckDB by a name it does not expand, ``_parts`` finds a file's layout from its
first lines (or refuses it whole) and unpacks a zip archive's members into runs of one layout,
each line's origin (``_Origin``) remembered, and ``_split`` splits a GDELT 1.0 file that mixes
lines of 57 and 58 fields by width.
"""

from __future__ import annotations

import bisect
import glob
import gzip
import os
import re
import stat
import tempfile
import zipfile
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Final, cast

import attrs

from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, GDELT2, Schema, schema_for
from ruiran.coded.gdelt_summary import Refusal
from ruiran.read.limits import DEFAULT_LIMITS, Limits

__all__ = ["expand"]

#: How many lines of each file are looked at to find its layout.
_SNIFF_LINES: Final = 20

#: A suffix kept on a file's link (``.export``, ``.CSV``, ``.gz``): letters, digits, ``_``, ``-``.
_SUFFIX: Final = re.compile(r"\.[A-Za-z0-9_-]{1,16}$")
#: What DuckDB reads as a pattern in a file name (it has no escape for them).
_EXPANDED: Final = re.compile(r"[][*?]|^~")


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
