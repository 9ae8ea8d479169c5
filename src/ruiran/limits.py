"""How large a dataset's parts may be (:class:`Limits`), in a module of its own.

The loader needs the limits on every path, the parsers of :mod:`ruiran.documents` only when it
reads files: the bundled dataset, restored from its snapshot, imports no parser.
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

    Examples:
        >>> Limits().record_bytes // 2**20
        16
    """

    document_bytes: int = 256 * _MIB
    record_bytes: int = 16 * _MIB
    alias_values: int = 100_000
    source_text_bytes: int = 64 * _MIB


DEFAULT_LIMITS: Final = Limits()
