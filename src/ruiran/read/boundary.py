"""The folder boundary: a file is read only if it is a regular file resolving inside its folder.

Every reader of a folder goes through :func:`open_inside`: the dataset reader
(:mod:`ruiran.read.reader`: data files and source texts) and the reader of a coded-events folder
(:mod:`ruiran.coded.folder`: the manifest and the Parquet files). A link leading out of the
folder, a FIFO, a device or a socket in place of a file, or a dangling link is refused with a
sentence saying why, never read. The file is opened without blocking (a FIFO cannot hang the
loader) and checked on the open descriptor, so what is read is what was checked.

This module imports nothing of ruiran but :mod:`ruiran.errors`, so any wing may use it.

Examples:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp()).resolve()
    >>> _ = (folder / "a.yaml").write_text("[]")
    >>> handle, trouble = open_inside(folder / "a.yaml", folder, "data file 'a.yaml'")
    >>> with handle:
    ...     handle.read(), trouble
    (b'[]', None)
    >>> open_inside(folder / "b.yaml", folder, "data file 'b.yaml'")
    (None, "cannot read the data file 'b.yaml': no such file")
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

from ruiran.errors import clip

__all__ = ["open_inside"]


def open_inside(path: Path, root: Path, what: str) -> tuple[IO[bytes] | None, str | None]:
    """Open ``path`` for reading if it is a regular file resolving inside ``root``.

    ``root`` is the folder, resolved. Returns (an open binary file, None), or (None, why not:
    a link leading out of the folder, a FIFO or a device, a dangling link), the file named
    by ``what`` ("data file 'x.yaml'").
    """
    fd, trouble = _regular_file(path, root, what)
    if trouble is not None:
        return None, trouble
    return os.fdopen(fd, "rb"), None


def _regular_file(path: Path, root: Path, what: str) -> tuple[int, str | None]:
    """Open ``path`` for reading if it is a regular file inside ``root``.

    Returns (file descriptor, None), or (-1, why not). Opened without blocking, so a FIFO in
    place of a file cannot hang the loader, and checked on the open descriptor, so what is
    read is what was checked. ``what`` names the file in messages ("data file 'x.yaml'").
    """
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop
        return -1, f"cannot read the {what}: it cannot be resolved ({error})"
    if not resolved.is_relative_to(root):
        return -1, (
            f"cannot read the {what}: it resolves to {clip(str(resolved))!r}, outside the "
            f"dataset folder {clip(str(root))!r}; only files inside the folder are read"
        )
    try:
        fd = os.open(resolved, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            return -1, f"cannot read the {what}: it is a dangling symbolic link"
        return -1, f"cannot read the {what}: no such file"
    except OSError as error:
        return -1, f"cannot read the {what}: {error.strerror or error}"
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        return -1, f"cannot read the {what}: it is {_file_type(mode)}, not a regular file"
    return fd, None


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"
