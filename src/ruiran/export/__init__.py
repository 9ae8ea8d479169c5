"""Exports to other ecosystems: JSON, YAML folders, pandas, Parquet, networkx and FollowTheMoney.

Each export imports its third-party library only when called, so ``import ruiran.export``
stays light; when the library is missing it raises
:class:`~ruiran.errors.MissingExtraError` naming the extra to install
(``pip install 'ruiran[pandas]'``, ``[parquet]``, ``[graph]``, ``[ftm]``). The JSON exports
need nothing beyond ruiran. See ``docs/exports.md`` for the tables, the graph rule and the
FollowTheMoney mapping.

The exports that write files (:func:`to_json`, :func:`to_jsonl`, :func:`to_folder`,
:func:`to_csv`, :func:`to_parquet`, :func:`to_graphml`, :func:`to_ftm_jsonl`) never replace a
file, nor write into a non-empty folder, unless given ``overwrite=True``; they write under
temporary names and rename the files into place once all are complete, so a failure leaves nothing behind (see :mod:`ruiran.export.files`). Their
errors: :class:`OutputExistsError` (a ``FileExistsError``), :class:`ExportError` (an
``OSError`` naming the path) and :class:`ExportConflictError` (a ``ValueError``).

The table exports carry the dataset's coverage (its as-of date, what it holds completely,
the data version): :func:`to_parquet` in each file's schema metadata (key ``"ruiran"``),
:func:`to_csv` in a ``<table>.coverage.json`` beside each table; :func:`read_coverage` reads
either back (see :mod:`ruiran.export.coverage`). :func:`to_csv` also writes
``datapackage.json``, a Frictionless Data Package of its tables (types, keys, links, licence,
sources, coverage: see :mod:`ruiran.export.datapackage`).

Examples:
    >>> import ruiran
    >>> from ruiran import export
    >>> frames = export.to_pandas(ruiran.load())
    >>> len(frames["agreements"]) == len(ruiran.load().agreements)
    True
"""

from __future__ import annotations

from ruiran.export.columns import TABLES
from ruiran.export.coverage import coverage_of, read_coverage
from ruiran.export.files import ExportConflictError, ExportError, OutputExistsError
from ruiran.export.folder import to_folder
from ruiran.export.ftm import FtmEntity, to_ftm, to_ftm_jsonl
from ruiran.export.graph import dyads, to_graphml, to_networkx
from ruiran.export.jsonfiles import to_json, to_jsonl
from ruiran.export.parquet import to_csv, to_parquet
from ruiran.export.tables import tables, to_pandas

__all__ = [
    "TABLES",
    "ExportConflictError",
    "ExportError",
    "FtmEntity",
    "OutputExistsError",
    "coverage_of",
    "dyads",
    "read_coverage",
    "tables",
    "to_csv",
    "to_folder",
    "to_ftm",
    "to_ftm_jsonl",
    "to_graphml",
    "to_json",
    "to_jsonl",
    "to_networkx",
    "to_pandas",
    "to_parquet",
]
