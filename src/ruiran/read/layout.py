"""The dataset format's layout on disk: the file stems of the record kinds and portable paths.

What the entry points (:mod:`ruiran.io`), the reader (:mod:`ruiran.read.reader`) and the
snapshot (:mod:`ruiran.read.snapshot`) all need about the format, in a module that imports
nothing: the snapshot reads it on the bundled ``load()`` without importing the reader.
:mod:`ruiran.io` re-exports both names, where users find them.
"""

from __future__ import annotations

from typing import Final

__all__ = ["KIND_FILES", "portable_parts"]

#: The file stems of the bundled format and the record type their records default to.
KIND_FILES: Final[dict[str, str | None]] = {
    "sources": "source",
    "actors": None,
    "agreements": "agreement",
    "sanctions": "sanction",
    "events": "event",
}


def portable_parts(text_file: str) -> tuple[str, ...] | None:
    """The parts of a ``text_file`` path, or None when it does not follow the portable rule.

    The rule, the same on load and on export: a relative path with forward slashes, no drive
    letter, no backslash, no ``..``, no empty part.

    Examples:
        >>> portable_parts("sources/page.txt")
        ('sources', 'page.txt')
        >>> portable_parts("sources\\\\page.txt") is None, portable_parts("../x.txt") is None
        (True, True)
        >>> portable_parts("C:/x.txt") is None, portable_parts("/etc/passwd") is None
        (True, True)
    """
    if "\\" in text_file or "\0" in text_file:
        return None
    parts = tuple(p for p in text_file.split("/") if p != ".")
    if not parts or ".." in parts or ":" in parts[0] or any(not p.strip() for p in parts):
        return None
    return parts
