"""What a read of GDELT files did: its :class:`ReadSummary` and each :class:`Refusal`.

Both are re-exported by :mod:`ruiran.coded.gdelt`, the reader, where they are documented.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from ruiran.model.display import count

__all__ = ["MAX_LISTED", "ReadSummary", "Refusal"]

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
