"""Folders of coded events as outputs: what may be replaced, and replacing it whole.

Every writer of a coded-events folder (:func:`ruiran.coded.parquet.write_folder`, the streaming
ingest, :func:`ruiran.ingest.gdelt_spark`) follows the same three rules:

1. **Checked before anything is read.** :func:`check_target` runs before the first input file is
   opened, so a folder that cannot be written is refused at once, not after an hour's ingest.
2. **Only ruiran's own files are replaced.** A folder may be written when it does not exist or is
   empty. With ``overwrite``, it may also be a folder ruiran wrote: one whose manifest
   (``ruiran-coded.json``) is valid and lists the files it holds (the ``files`` key, written since
   manifest format 2). A folder holding any file its manifest does not list (a user's
   ``year=2019/data.csv``, a ``notes.txt``) is refused even with ``overwrite``, and so is a folder
   without a valid manifest: nothing of the user's is deleted.
3. **Written beside, swapped in.** :func:`staged` gives a new folder next to the target (same
   parent, so the swap is a rename on one file system); the writer fills it; when the writer
   finishes, the manifest listing every file is written and the new folder takes the target's
   place. A failure or an interruption before then leaves the target as it was and removes the
   new folder.

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
    "MANIFEST",
    "StagedFolder",
    "check_target",
    "is_coded_folder",
    "listing",
    "replaceable",
    "staged",
]

#: The manifest's file name: a folder holding one is a folder of coded events (re-exported as
#: :data:`ruiran.coded.parquet.MANIFEST`).
MANIFEST: Final = "ruiran-coded.json"
#: The manifest's ``format`` value.
FORMAT: Final = "ruiran-coded-events"
#: The manifest key listing every file of the folder (relative, ``/``-separated), itself excepted.
FILES_KEY: Final = "files"
#: How many foreign files a refusal names.
_NAMED: Final = 5


def is_coded_folder(path: Path) -> bool:
    """Whether ``path`` is a folder of coded events: a folder holding a manifest.

    Any entry named ``ruiran-coded.json`` counts (a link, a FIFO): the folder is then read as
    coded events, and a manifest that is not a regular file inside the folder is refused
    there, never read as a folder of records instead.
    """
    return path.is_dir() and os.path.lexists(path / MANIFEST)


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
    except ValueError:
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
        named = ", ".join(foreign[:_NAMED]) + (
            f" and {len(foreign) - _NAMED} more" if len(foreign) > _NAMED else ""
        )
        raise OutputExistsError(
            f"the folder {label!r} holds files ruiran did not write ({named}); move them away "
            "or choose another folder",
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
    found = listing(target)
    if not found:
        return target
    if not overwrite:
        raise OutputExistsError(f"the folder {label!r} is not empty", target)
    manifest = target / MANIFEST
    # a manifest that is a link, a FIFO or a device is no manifest (and is never opened)
    text = manifest.read_text(encoding="utf-8") if _is_regular(manifest) else None
    replaceable(found, text, label)
    return target


def listing(folder: Path) -> list[str]:
    """Every entry under ``folder`` that is not a folder, relative and ``/``-separated.

    A symbolic link or anything other than a regular file (a FIFO, a device) is listed too:
    it is not ruiran's, so it makes the folder irreplaceable.
    """
    found: list[str] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
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
    work.path.mkdir()
    try:
        yield work
        if work._manifest is None:
            raise RuntimeError("the new folder was not finished: no manifest was written")
        check_target(folder, overwrite=overwrite)
        _swap(work.path, target)
    finally:
        shutil.rmtree(work.path, ignore_errors=True)


def _fresh(target: Path, kind: str) -> Path:
    """A name beside ``target`` that nothing has (hidden: it starts with a dot)."""
    while True:
        candidate = target.parent / f".{target.name}.ruiran-{kind}-{secrets.token_hex(4)}"
        if not os.path.lexists(candidate):
            return candidate


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in ``target``'s place (renames on one file system); delete the old one."""
    if not target.exists():
        os.rename(new, target)
        return
    old = _fresh(target, "old")
    os.rename(target, old)
    try:
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
