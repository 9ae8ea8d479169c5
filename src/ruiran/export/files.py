"""Writing an export's files safely: nothing replaced unless asked, nothing half-written.

Every export that writes files goes through :func:`write_files`:

- **Nothing replaced unless asked.** A file that already exists, or a non-empty folder given
  to a folder export, is refused with :class:`OutputExistsError` unless ``overwrite=True``. A
  folder is never replaced by a file, even then.
- **All or nothing.** Each file is written under a temporary name in its own folder
  (``.ruiran-<random>.part<suffix>``, so the rename never crosses file systems), flushed to
  disk, and renamed into place only once every file of the export is complete. When anything
  fails (an OS error, a bug in a writer, Ctrl-C), the temporary files, the files already
  renamed that did not exist before, and the folders the export created are removed. (With
  ``overwrite=True``, a file already replaced when a later rename fails keeps its new, complete
  content: the old one is not kept aside.)
- **No collisions.** Two outputs of one export may not be the same file, nor may one need the
  other's path as a folder, counting names that differ only in case or Unicode normalization
  (on Windows and macOS they are one file). An output may be bound to a folder (a source text
  beside its export may not leave it through a symbolic link).
- **Errors that name the path.** An OS error becomes an :class:`ExportError`, which is an
  ``OSError`` whose one-line message names the path; problems found before writing are an
  :class:`ExportConflictError` (a ``ValueError``) listing each one.

Examples:
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "note.txt"
    ...     write_files([Output(path, text_writer("one\\r\\n"), "the note")], overwrite=False)
    ...     try:
    ...         write_files([Output(path, text_writer("two"), "the note")], overwrite=False)
    ...     except OutputExistsError as error:
    ...         print(error.reason.replace(folder, "..."))
    ...     path.read_bytes()
    '.../note.txt' (the note) already exists
    b'one\\r\\n'
"""

from __future__ import annotations

import contextlib
import errno as errnos
import os
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import attrs

from ruiran.errors import RuiranError

__all__ = [
    "ExportConflictError",
    "ExportError",
    "Output",
    "OutputExistsError",
    "conflicts",
    "shown",
    "text_writer",
    "write_files",
]

#: Writes a complete file at the path it is given (a temporary name beside the destination).
Writer = Callable[[Path], object]

_SHOWN_CHARS = 200


class ExportError(RuiranError, OSError):
    """An export could not write its files: the message names the path and the reason.

    ``filename`` holds the path at fault and ``errno`` the OS error number, when there is one.
    Nothing of the export is left behind when this is raised.
    """

    def __init__(self, message: str, path: str | os.PathLike[str], code: int | None = None):
        super().__init__(message)
        self.filename = os.fspath(path)
        self.errno = code

    def __str__(self) -> str:
        # OSError would format "[Errno n] strerror: filename"; the message says it all.
        return str(self.args[0])


class OutputExistsError(ExportError, FileExistsError):
    """An export would replace an existing file or write into a non-empty folder.

    ``reason`` says what exists; the message adds how to go ahead (``overwrite=True``, or
    ``--force`` on the command line). Nothing is written.
    """

    reason: str

    def __init__(self, reason: str, path: str | os.PathLike[str]) -> None:
        super().__init__(
            f"{reason}; nothing was written (pass overwrite=True to replace existing files)",
            path,
            errnos.EEXIST,
        )
        self.reason = reason


class ExportConflictError(RuiranError, ValueError):
    """An export cannot be written as asked; found before anything is written.

    A Source's text is missing or its ``text_file`` is not a relative path inside the output
    folder, or two outputs would be the same file. ``problems`` lists every one.
    """

    problems: tuple[str, ...]

    def __init__(self, problems: Iterable[str], *, limit: int = 10) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        if count == 1:
            super().__init__(f"cannot export: {self.problems[0]}")
            return
        lines = [f"  - {p}" for p in self.problems[:limit]]
        if count > limit:
            lines.append(f"  ... and {count - limit} more (see .problems)")
        super().__init__(f"cannot export: {count} problems\n" + "\n".join(lines))


@attrs.frozen
class Output:
    """One file an export writes.

    Attributes:
        path: Where the file goes.
        write: Writes the complete file at the path it is given: a temporary name in the same
            folder, with the same suffix (so writers that pick a compression from the suffix
            still do).
        what: What the file is, for messages ("the JSON Lines export").
        inside: A folder the file must stay inside once symbolic links are resolved, or None.

    Examples:
        >>> Output(Path("out.txt"), text_writer("hi"), "a greeting").what
        'a greeting'
    """

    path: Path
    write: Writer
    what: str
    inside: Path | None = None

    @property
    def named(self) -> str:
        """The path and what it is, for messages: ``'out/x.jsonl' (the JSON Lines export)``."""
        return f"{shown(self.path)} ({self.what})"


def text_writer(text: str) -> Writer:
    """A writer of ``text`` as UTF-8, byte for byte (line endings are kept as they are).

    Examples:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder) / "t.txt"
        ...     _ = text_writer("a\\r\\nb")(path)
        ...     path.read_bytes()
        b'a\\r\\nb'
    """

    def write(path: Path) -> None:
        # newline="": no "\n" -> os.linesep translation, so CRLF and LF texts keep their bytes.
        with path.open("x", encoding="utf-8", newline="") as out:
            out.write(text)

    return write


def shown(path: str | os.PathLike[str]) -> str:
    """A path as messages show it: quoted, on one line, at most a couple of hundred characters.

    Examples:
        >>> shown(Path("out") / "a\\nb.txt")
        "'out/a\\\\nb.txt'"
    """
    text = repr(os.fspath(path))
    if len(text) <= _SHOWN_CHARS:
        return text
    return f"{text[: _SHOWN_CHARS - 20]}…({len(text)} chars)"


def conflicts(outputs: Sequence[Output]) -> list[str]:
    """What keeps ``outputs`` from being written together, one message per problem.

    Two outputs collide when they are the same file, or when one needs the other's path as a
    folder; names are compared ignoring case and Unicode normalization.

    Examples:
        >>> noop = text_writer("")
        >>> conflicts([Output(Path("a/x.json"), noop, "the export"),
        ...            Output(Path("a/X.json"), noop, "a text")])
        ["a text and the export would both be written to 'a/X.json' (names that differ only in case are one file on Windows and macOS)"]
    """
    problems: list[str] = []
    files: dict[tuple[str, ...], Output] = {}
    folders: dict[tuple[str, ...], Output] = {}
    for output in outputs:
        key = _key(output.path)
        if key in files:
            other = files[key]
            case = (
                ""
                if os.path.abspath(other.path) == os.path.abspath(output.path)
                else " (names that differ only in case are one file on Windows and macOS)"
            )
            problems.append(
                f"{output.what} and {other.what} would both be written to "
                f"{shown(output.path)}{case}"
            )
            continue
        if key in folders:
            problems.append(_inside(folders[key], output))
            continue
        parent = next((key[:n] for n in range(1, len(key)) if key[:n] in files), None)
        if parent is not None:
            problems.append(_inside(output, files[parent]))
            continue
        files[key] = output
        for n in range(1, len(key)):
            folders.setdefault(key[:n], output)
    return problems


def write_files(
    outputs: Sequence[Output],
    *,
    overwrite: bool,
    folder: Path | None = None,
    problems: Iterable[str] = (),
) -> None:
    """Write every output, all together or not at all (see the module's docstring).

    Args:
        outputs: The files, renamed into place in this order once all are written.
        overwrite: Replace existing files of the same names (never a folder).
        folder: For an export that is a folder of files: it must not exist, or be empty
            unless ``overwrite`` is given.
        problems: What the caller found wrong with the export, raised together with the
            collisions as one :class:`ExportConflictError` (nothing is written).

    Raises:
        ExportConflictError: when two outputs collide, or one would leave its folder.
        OutputExistsError: when a file exists (or ``folder`` is not empty) and ``overwrite``
            is False.
        ExportError: when the file system refuses (a parent that is a file, a missing
            permission, a full disk): the message names the path.
    """
    try:
        for output in outputs:  # first: given a folder for a file, nothing else matters
            if output.path.is_dir() and not output.path.is_symlink():
                raise ExportError(
                    f"cannot write {output.named}: it is a folder (give a file path)",
                    output.path,
                    errnos.EISDIR,
                )
        found = [*problems, *conflicts(outputs)]
        found.extend(p for o in outputs if (p := _escape(o)) is not None)
        if found:
            raise ExportConflictError(found)
        if folder is not None:
            _check_folder(folder, overwrite)
        _check_targets(outputs, overwrite)
    except ExportError:
        raise
    except OSError as error:  # e.g. a folder on the way that may not be looked into
        where = os.fsdecode(error.filename) if error.filename is not None else "."
        raise _os_error(error, f"cannot look at {shown(where)}", where) from None
    _Transaction(overwrite).run(outputs)


# -- checks before writing ----------------------------------------------------------------------


def _key(path: Path) -> tuple[str, ...]:
    absolute = Path(os.path.abspath(path))
    return tuple(unicodedata.normalize("NFC", part).casefold() for part in absolute.parts)


def _inside(folder_user: Output, file: Output) -> str:
    return f"{folder_user.named} would be written inside {file.named}, which is a file"


def _escape(output: Output) -> str | None:
    """Why ``output`` would leave its ``inside`` folder (through a symbolic link), or None."""
    if output.inside is None:
        return None
    try:
        root = output.inside.resolve()
        where = output.path.parent.resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop
        return f"{output.named}: its folder cannot be resolved ({error})"
    if where.is_relative_to(root):
        return None
    return (
        f"{output.named} would leave {shown(output.inside)}: its folder resolves to "
        f"{shown(where)} (through a symbolic link); only files inside it are written"
    )


def _check_folder(folder: Path, overwrite: bool) -> None:
    if not os.path.lexists(folder):
        _check_parents(folder, f"the folder {shown(folder)}")
        return
    if not folder.is_dir():
        raise ExportError(
            f"cannot write into {shown(folder)}: it is a file, not a folder", folder, errnos.ENOTDIR
        )
    if overwrite:
        return
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                names.append(entry.name)
                if len(names) > 3:
                    break
    except OSError as error:
        raise _os_error(error, f"cannot look into the folder {shown(folder)}", folder) from None
    if names:
        held = ", ".join(shown(n) for n in sorted(names[:3])) + (", ..." if len(names) > 3 else "")
        raise OutputExistsError(
            f"the folder {shown(folder)} is not empty (it holds {held})", folder
        )


def _check_parents(path: Path, what: str) -> None:
    """The nearest existing ancestor of ``path`` must be a folder."""
    ancestor = path.parent
    while not os.path.lexists(ancestor) and ancestor.parent != ancestor:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ExportError(
            f"cannot write {what}: {shown(ancestor)} is not a folder", ancestor, errnos.ENOTDIR
        )


def _check_targets(outputs: Sequence[Output], overwrite: bool) -> None:
    existing: list[Output] = []
    for output in outputs:
        _check_parents(output.path, output.named)
        if os.path.lexists(output.path) and not overwrite:
            existing.append(output)
    if existing:
        first = existing[0]
        more = f" (and {len(existing) - 1} more of the export's files)" if len(existing) > 1 else ""
        raise OutputExistsError(f"{first.named} already exists{more}", first.path)


def _os_error(error: OSError, doing: str, path: str | os.PathLike[str]) -> ExportError:
    return ExportError(f"{doing}: {error.strerror or error}", path, error.errno)


# -- writing -------------------------------------------------------------------------------------


@attrs.define
class _Transaction:
    """One export's writing: what it created so far, to undo it when something fails."""

    overwrite: bool
    folders: list[Path] = attrs.Factory(list)
    temporaries: list[Path] = attrs.Factory(list)
    published: list[Path] = attrs.Factory(list)

    def run(self, outputs: Sequence[Output]) -> None:
        try:
            staged = [(output, self._stage(output)) for output in outputs]
            for output, temporary in staged:
                self._publish(output, temporary)
        except BaseException:
            self._undo()
            raise
        finally:  # a renamed temporary is gone; a hard-linked one is still there
            for temporary in self.temporaries:
                _discard(temporary)

    def _stage(self, output: Output) -> Path:
        """Write ``output`` completely under a temporary name beside it."""
        self._make_folders(output.path.parent)
        suffix = output.path.suffix if len(output.path.suffix) <= 16 else ""
        temporary = output.path.parent / f".ruiran-{secrets.token_hex(6)}.part{suffix}"
        self.temporaries.append(temporary)
        try:
            output.write(temporary)
            _sync(temporary)
        except OSError as error:
            raise _os_error(error, f"cannot write {output.named}", output.path) from None
        return temporary

    def _make_folders(self, folder: Path) -> None:
        missing: list[Path] = []
        while not os.path.lexists(folder) and folder.parent != folder:
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                if path.is_dir():  # made by someone else meanwhile: not ours to remove
                    continue
                raise ExportError(
                    f"cannot create the folder {shown(path)}: a file is in the way",
                    path,
                    errnos.EEXIST,
                ) from None
            except OSError as error:
                raise _os_error(error, f"cannot create the folder {shown(path)}", path) from None
            self.folders.append(path)

    def _publish(self, output: Output, temporary: Path) -> None:
        """Rename ``temporary`` to ``output.path``; without overwrite, never replace a file."""
        target = output.path
        exists = f"{output.named} already exists"
        try:
            if self.overwrite:
                new = not os.path.lexists(target)
                os.replace(temporary, target)
                if new:
                    self.published.append(target)
                return
            try:
                # A hard link fails if the target exists, even one made since the checks.
                os.link(temporary, target)
            except FileExistsError:
                raise OutputExistsError(exists, target) from None
            except OSError:  # no hard links on this file system (FAT, some shares)
                if os.path.lexists(target):
                    raise OutputExistsError(exists, target) from None
                os.replace(temporary, target)
            self.published.append(target)
        except ExportError:
            raise
        except OSError as error:
            raise _os_error(error, f"cannot write {output.named}", target) from None

    def _undo(self) -> None:
        for path in (*self.temporaries, *reversed(self.published)):
            _discard(path)
        for folder in reversed(self.folders):
            # Not empty: something else was put there meanwhile, and is not ours to remove.
            with contextlib.suppress(OSError):
                folder.rmdir()


def _sync(path: Path) -> None:
    """Flush ``path`` to disk, so a crash after the rename cannot leave it empty."""
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _discard(path: Path) -> None:
    # Gone already (renamed into place), or unremovable: nothing better to do here.
    with contextlib.suppress(OSError):
        path.unlink()
