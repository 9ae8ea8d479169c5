"""Folders of coded events as outputs: what may be replaced, and replacing it whole.

Every writer of a coded-events folder (:func:`ruiran.coded.parquet.write_folder`, the streaming
ingest, :func:`ruiran.ingest.gdelt_spark`) follows the same three rules:

1. **Checked before anything is read.** :func:`check_target` runs before the first input file is
   opened, so a folder that cannot be written is refused at once, not after an hour's ingest.
2. **Only ruiran's own files are replaced.** A folder may be written when it does not exist or is
   empty. With ``overwrite``, it may also be a folder ruiran wrote: one whose manifest
   (``ruiran-coded.json``) is valid and lists the files it holds (the ``files`` key, written since
   manifest format 2). A folder holding any file its manifest does not list (a user's
   ``year=2019/data.csv``, a ``notes.txt``, an empty subfolder), or an entry that is not a regular
   file (a link, a FIFO), is refused even with ``overwrite``, and so is a folder without a valid
   manifest or one that cannot be listed whole: nothing of the user's is deleted. The current
   folder (or one holding it) is never replaced: the running program would be left in a
   deleted folder.
3. **Written beside, swapped in.** :func:`staged` gives a new folder next to the target (same
   parent, so the swap is a rename on one file system); the writer fills it; when the writer
   finishes, the manifest listing every file is written and the new folder takes the target's
   place. A failure or an interruption before then leaves the target as it was and removes the
   new folder. The old folder is checked once more after it is moved aside, so a file added to
   it while the input was read is never deleted (the old folder is put back).

The decision itself (:func:`replaceable`) is a pure function of a folder's listing and manifest
text, so a writer that reaches its folder through another file system (Spark's Hadoop API) applies
the same rule.

Examples:
    >>> import pathlib, tempfile
    >>> parent = pathlib.Path(tempfile.mkdtemp())
    >>> with staged(parent / "out", overwrite=False) as folder:
    ...     (folder.path / "year=2024").mkdir()
    ...     _ = (folder.path / "year=2024" / "part-0.parquet").write_bytes(b"PAR1")
    ...     _ = folder.finish({"format": "ruiran-coded-events", "format_version": 2})
    >>> sorted(p.name for p in (parent / "out").iterdir())
    ['ruiran-coded.json', 'year=2024']
    >>> replaceable(["ruiran-coded.json", "year=2024/part-0.parquet", "notes.txt"],
    ...             (parent / "out" / "ruiran-coded.json").read_text(), "out")
    Traceback (most recent call last):
    ...
    ruiran.export.files.OutputExistsError: the folder 'out' holds files ruiran did not write (notes.txt); move them away or choose another folder; nothing was written (pass overwrite=True to replace existing files)
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

__all__ = [
    "FILES_KEY",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "StagedFolder",
    "check_target",
    "is_coded_folder",
    "listing",
    "new_manifest",
    "replaceable",
    "staged",
    "swap",
]

#: The manifest's file name: a folder holding one is a folder of coded events (re-exported as
#: :data:`ruiran.coded.parquet.MANIFEST`).
MANIFEST: Final = "ruiran-coded.json"
#: The manifest's ``format`` value.
FORMAT: Final = "ruiran-coded-events"
#: The manifest's ``format_version`` written now (2: with the list of its ``files``); 1 is read.
FORMAT_VERSION: Final = 2
#: The manifest key listing every file of the folder (relative, ``/``-separated), itself excepted.
FILES_KEY: Final = "files"
#: How many foreign files a refusal names.
_NAMED: Final = 5
#: The most of the target's name kept in the staged folder's name (255 bytes in all, the
#: usual limit of a file name, with ``.``, ``.ruiran-new-`` and 8 hex digits).
_STEM_BYTES: Final = 255 - 21


def is_coded_folder(path: Path) -> bool:
    """Whether ``path`` is a folder of coded events: a folder holding a manifest.

    Any entry named ``ruiran-coded.json`` counts (a link, a FIFO): the folder is then read as
    coded events, and a manifest that is not a regular file inside the folder is refused
    there, never read as a folder of records instead.
    """
    return path.is_dir() and os.path.lexists(path / MANIFEST)


def new_manifest(
    *,
    dataset: str,
    rows: int,
    columns: Sequence[str],
    summary: dict[str, Any] | None,
    about: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What a coded folder's manifest says, for every writer (:meth:`StagedFolder.finish`
    adds the ``files``): the format, the dataset, how many rows, the partitioning, the columns,
    the read summary (:meth:`~ruiran.coded.gdelt.ReadSummary.to_dict`), and ``about`` (the
    filter that was run, the engine, ...).
    """
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dataset": dataset,
        "rows": rows,
        "partitioned_by": "year (SQLDATE // 10000)",
        "columns": list(columns),
        "summary": summary,
        **(about or {}),
    }


def replaceable(listing: Sequence[str], manifest_text: str | None, label: str) -> None:
    """Check that a folder with these files may be replaced (rule 2 of the module).

    Args:
        listing: Every regular file in the folder, relative to it, ``/``-separated.
        manifest_text: The manifest's text, or None when the folder has none.
        label: The folder as the user named it (for messages).

    Raises:
        OutputExistsError: naming why the folder may not be replaced (no manifest, a manifest
            that is not ruiran's or lists no files, or files it does not list).
    """
    from ruiran.export.files import OutputExistsError

    if not listing:
        return
    if manifest_text is None:
        raise OutputExistsError(
            f"the folder {label!r} is not empty and holds no {MANIFEST}: it is not a folder "
            "ruiran wrote, so nothing in it is replaced; choose an empty or new folder",
            Path(label),
        )
    try:
        manifest = json.loads(manifest_text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than json reads
        manifest = None
    listed = manifest.get(FILES_KEY) if isinstance(manifest, dict) else None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(listed, list)
        or not all(isinstance(name, str) for name in listed)
    ):
        raise OutputExistsError(
            f"the folder {label!r} has a {MANIFEST} that is not a valid manifest of ruiran's "
            f"(format {FORMAT!r} with a list of its {FILES_KEY!r}; folders written before "
            "ruiran 0.2 have none), so nothing in it is replaced; delete the folder yourself "
            "or choose another",
            Path(label),
        )
    foreign = sorted(set(listing) - set(listed) - {MANIFEST})
    if foreign:
        raise OutputExistsError(
            f"the folder {label!r} holds files ruiran did not write ({_named(foreign)}); move "
            "them away or choose another folder",
            Path(label),
        )


def check_target(folder: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """Check, before any input is read, that ``folder`` may be written (rules 1 and 2).

    Args:
        folder: The output folder, as the user named it.
        overwrite: Whether an earlier ingest's folder may be replaced.

    Returns:
        The folder as an absolute path (``~`` is not expanded: it is a name like any other).

    Raises:
        OutputExistsError: when the folder is not empty and may not be replaced, or when the
            path exists and is not a folder.
        ExportError: when the folder's parent does not exist or is not a folder.

    Examples:
        >>> import pathlib, tempfile
        >>> parent = pathlib.Path(tempfile.mkdtemp())
        >>> check_target(parent / "new", overwrite=False) == parent / "new"
        True
        >>> _ = (parent / "mine").mkdir(); _ = (parent / "mine" / "notes.txt").write_text("x")
        >>> check_target(parent / "mine", overwrite=True)
        Traceback (most recent call last):
        ...
        ruiran.export.files.OutputExistsError: the folder '.../mine' is not empty and holds no ruiran-coded.json: it is not a folder ruiran wrote, so nothing in it is replaced; choose an empty or new folder; nothing was written (pass overwrite=True to replace existing files)
    """
    from ruiran.export.files import ExportError, OutputExistsError

    label = os.fspath(folder)
    target = Path(os.path.abspath(label))
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputExistsError(f"{label!r} exists and is not a folder", target)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {label!r}: its parent folder does not exist", target)
    if not target.exists():
        return target
    if _holds_cwd(target):
        raise OutputExistsError(
            f"the folder {label!r} is the current folder or holds it: it would be replaced "
            "under the running program; run from another folder, or choose another output",
            target,
        )
    _check_existing(target, label, overwrite=overwrite)
    return target


def _check_existing(target: Path, label: str, *, overwrite: bool) -> None:
    """Rule 2 for a folder that exists: empty, or (with ``overwrite``) ruiran's own."""
    from ruiran.export.files import OutputExistsError

    try:
        found = listing(target) + _hollow(target)
    except OSError as error:
        raise OutputExistsError(
            f"cannot list {error.filename or label!r} ({error.strerror or error}): what the "
            f"folder {label!r} holds is not known, so nothing in it is replaced",
            target,
        ) from None
    if not found:
        return
    if not overwrite:
        raise OutputExistsError(f"the folder {label!r} is not empty", target)
    irregular = [
        name for name in found if not name.endswith("/") and not _is_regular(target / name)
    ]
    if irregular:
        raise OutputExistsError(
            f"the folder {label!r} holds entries that are not regular files, such as links, "
            f"FIFOs or devices ({_named(irregular)}): ruiran writes none, so nothing in it is "
            "replaced; move them away or choose another folder",
            target,
        )
    replaceable(found, _manifest_text(target / MANIFEST), label)


def _holds_cwd(target: Path) -> bool:
    """Whether the current folder is ``target`` or lies inside it."""
    try:
        here = Path(os.getcwd())
    except OSError:  # the current folder was deleted: nothing to protect
        return False
    return here.is_relative_to(target.resolve())


def _hollow(folder: Path) -> list[str]:
    """Every empty folder under ``folder`` (links not followed), relative, ending in ``/``.

    ruiran writes no empty folder, so one found in a target is the user's.
    """
    found: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=_unlistable):
        here = Path(root)
        if here != folder and not dirs and not files:
            found.append(here.relative_to(folder).as_posix() + "/")
    return sorted(found)


def _manifest_text(path: Path) -> str | None:
    """The manifest's text, or None when ``path`` is no regular file (a link, a FIFO or a
    device is never opened: checked on the open descriptor).

    A manifest larger than :attr:`ruiran.limits.Limits.document_bytes` or not UTF-8 gives
    text :func:`replaceable` refuses, never a read of unbounded size.
    """
    from ruiran.read.limits import DEFAULT_LIMITS

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        data = handle.read(DEFAULT_LIMITS.document_bytes + 1)
    if len(data) > DEFAULT_LIMITS.document_bytes:
        return ""  # no manifest of ruiran's is that large
    return data.decode("utf-8", errors="replace")


def _named(names: Sequence[str]) -> str:
    """The first few of ``names``, and how many more."""
    return ", ".join(names[:_NAMED]) + (
        f" and {len(names) - _NAMED} more" if len(names) > _NAMED else ""
    )


def _unlistable(error: OSError) -> None:
    """A folder that cannot be listed may hold anything: an error, never skipped."""
    raise error


def listing(folder: Path) -> list[str]:
    """Every entry under ``folder`` that is not a folder, relative and ``/``-separated.

    A symbolic link or anything other than a regular file (a FIFO, a device) is listed too:
    it is not ruiran's, so it makes the folder irreplaceable.

    Raises:
        OSError: when a folder under ``folder`` cannot be listed (it may hold anything).
    """
    found: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=_unlistable, followlinks=False):
        here = Path(root)
        # a link to a folder shows among dirs: list it as an entry, do not descend
        links = [d for d in dirs if (here / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in links]
        for name in (*files, *links):
            found.append((here / name).relative_to(folder).as_posix())
    return sorted(found)


@attrs.define
class StagedFolder:
    """The new folder being written beside the target, and :meth:`finish` to complete it.

    Attributes:
        path: The new folder (in the target's parent, named ``.<target>.ruiran-new-*``).
    """

    path: Path
    _manifest: dict[str, Any] | None = None

    def finish(self, manifest: dict[str, Any]) -> Path:
        """Write the manifest, listing every file written so far; the swap follows on exit.

        Args:
            manifest: What the manifest says (``format`` and the rest); ``files`` is added.

        Returns:
            The manifest's path in the new folder.

        Raises:
            ValueError: when the new folder holds anything but regular files and folders.
        """
        files = [name for name in listing(self.path) if name != MANIFEST]
        irregular = [name for name in files if not _is_regular(self.path / name)]
        if irregular:
            raise ValueError(f"the new folder holds a non-regular file: {irregular[0]}")
        body = {**manifest, FILES_KEY: files}
        path = self.path / MANIFEST
        path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self._manifest = body
        return path


@contextlib.contextmanager
def staged(folder: str | os.PathLike[str], *, overwrite: bool) -> Iterator[StagedFolder]:
    """A new folder beside ``folder`` to write into; swapped in when the block finishes.

    The target is checked first (:func:`check_target`). The block must call
    :meth:`StagedFolder.finish` once everything is written; the new folder then replaces the
    target (the old folder is renamed aside, the new one renamed in, the old one deleted). If
    the block raises (or is interrupted), or never calls ``finish``, the new folder is deleted
    and the target is left as it was.

    Raises:
        OutputExistsError: as :func:`check_target` (checked again before the swap: the target
            may have changed while the input was read).
        RuntimeError: when the block ends without calling ``finish``.
    """
    target = check_target(folder, overwrite=overwrite)
    work = StagedFolder(_fresh(target, "new"))
    try:
        work.path.mkdir()  # inside the try: an interrupt just after it leaves no folder behind
        yield work
        if work._manifest is None:
            raise RuntimeError("the new folder was not finished: no manifest was written")
        check_target(folder, overwrite=overwrite)
        swap(work.path, target, os.fspath(folder), overwrite=overwrite)
    finally:
        shutil.rmtree(work.path, ignore_errors=True)


def _fresh(target: Path, kind: str) -> Path:
    """A name beside ``target`` that nothing has (hidden: it starts with a dot)."""
    name = target.name
    while len(os.fsencode(name)) > _STEM_BYTES:  # the name must fit the file system's limit
        name = name[:-1]
    while True:
        candidate = target.parent / f".{name}.ruiran-{kind}-{secrets.token_hex(4)}"
        if not os.path.lexists(candidate):
            return candidate


def swap(new: Path, target: Path, label: str, *, overwrite: bool) -> None:
    """Put ``new`` in ``target``'s place (renames on one file system); delete the old one.

    The old folder is checked again once it is moved aside (under a name only this call
    knows), so a file added to the target after the last check is never deleted: the old
    folder is put back and the swap refused. :func:`staged` calls it; a writer that fills
    ``new`` another way (Spark, on a local disk) calls it too.

    Args:
        new: The finished folder, beside ``target`` (same parent).
        target: The folder to replace (or to create).
        label: ``target`` as the user named it (for messages).
        overwrite: As given to :func:`check_target`.

    Raises:
        OutputExistsError: when the old folder, moved aside, may no longer be replaced.
        OSError: when a rename fails (the old folder is then put back).
    """
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    old = _fresh(target, "old")
    os.rename(target, old)
    try:
        if os.path.islink(old) or not old.is_dir():
            from ruiran.export.files import OutputExistsError

            raise OutputExistsError(f"{label!r} exists and is not a folder", target)
        _check_existing(old, label, overwrite=overwrite)
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)  # put the old folder back whole
        raise
    shutil.rmtree(old, ignore_errors=True)


def _is_regular(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link, FIFO, device or folder)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
