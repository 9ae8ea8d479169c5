"""How large a dataset's parts may be (:class:`Limits`), in a module of its own; also the
bounds of every read of a GDELT file (:mod:`ruiran.coded.gdelt`).

The loader needs the limits on every path, the parsers of :mod:`ruiran.read.documents` only
when it reads files: the bundled dataset, restored from its snapshot, imports no parser.
:mod:`ruiran.limits` re-exports :class:`Limits` and :data:`DEFAULT_LIMITS` for users.
"""

from __future__ import annotations

from typing import Final

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]

_MIB: Final = 2**20


@attrs.frozen
class Limits:
    """How large a dataset's parts may be. The defaults are far beyond any real dataset.

    Attributes:
        document_bytes: Size of one YAML or JSON file (read whole); larger data belongs in
            JSON Lines, which is read a line at a time.
        record_bytes: Size of one JSON Lines line, i.e. of one record.
        alias_values: How many values YAML aliases may add to a document when expanded.
        source_text_bytes: Size of one source text (the ``text_file`` of a Source).
        gdelt_line_bytes: Length of one line of a GDELT event file (a real one is a few KB):
            the lines read to find a file's layout, and every line DuckDB reads (its
            ``max_line_size``; a longer line is refused). A file whose first lines are longer
            (one huge line, or the NUL bytes of an interrupted download) is refused whole.
        gdelt_unpacked_bytes: Size of one member of a GDELT ``.zip`` archive once unpacked
            (members are unpacked to a scratch folder: this bounds the disk they take). A
            ``.gz`` file is not unpacked: DuckDB streams it, holding a line at a time.
        gdelt_zip_members: How many members one GDELT ``.zip`` archive may have.

    Examples:
        >>> Limits().record_bytes // 2**20
        16
        >>> Limits(gdelt_line_bytes=4096).gdelt_line_bytes
        4096
    """

    document_bytes: int = 256 * _MIB
    record_bytes: int = 16 * _MIB
    alias_values: int = 100_000
    source_text_bytes: int = 64 * _MIB
    gdelt_line_bytes: int = 1 * _MIB
    gdelt_unpacked_bytes: int = 16 * 1024 * _MIB
    gdelt_zip_members: int = 1_000_000


DEFAULT_LIMITS: Final = Limits()
