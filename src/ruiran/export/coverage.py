"""What a table export says of its data's coverage, and how to read it back.

The JSON exports write the dataset's coverage with the records; the table exports carry it
too, so a table read elsewhere (DuckDB, Polars, R, a spreadsheet) still says what the data
holds completely and the date it is current to:

- :func:`~ruiran.export.to_parquet` puts it in each file's schema key-value metadata under
  the key :data:`KEY` (``"ruiran"``), JSON-encoded (pyarrow:
  ``pq.read_schema(path).metadata[b"ruiran"]``);
- :func:`~ruiran.export.to_csv` writes it beside each table, ``<table>.csv`` with
  ``<table>.coverage.json`` (CSV has no place for metadata).

:func:`read_coverage` reads either back. The mapping (:func:`coverage_of`) holds:

- ``ruiran``: the package version that wrote it; ``table``: the table's name;
- ``data_version``: the bundled data's version (``ruiran.DATA_VERSION``) when the dataset is
  the bundled data unchanged, else None; ``records``: the SHA-256 of the dataset's records
  (:func:`ruiran.versions.records_digest`), which names any dataset's content;
- ``as_of`` (ISO day) and ``covers`` (the statements of what the data holds completely, as
  ``coverage.yaml`` writes them), both None for a dataset that states no coverage;
- ``question``, ``complete``, ``gaps``: a dataset export answers no question, so ``question``
  is None and completeness is judged per question against ``covers``: ``complete`` is None
  and ``gaps`` empty, except for a dataset that states no coverage, whose ``complete`` is
  False with the gap every answer of it names (``ruiran.dataset.coverage.NO_COVERAGE``).

A query's answer keeps its own ``complete`` and ``gaps`` in its frame's ``attrs``
(:meth:`Records.to_pandas <ruiran.query.results.Records.to_pandas>`), which pandas writes
into a Parquet file and reads back.

Examples:
    >>> import json, tempfile, pathlib, ruiran
    >>> import pyarrow.parquet as pq
    >>> from ruiran import export
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = export.to_parquet(ruiran.load(), folder)
    ...     said = json.loads(pq.read_schema(written["agreements"]).metadata[b"ruiran"])
    ...     again = export.read_coverage(written["agreements"])
    >>> said == again, said["table"], said["as_of"] == ruiran.DATA_AS_OF.isoformat()
    (True, 'agreements', True)
    >>> said["data_version"] == ruiran.DATA_VERSION, said["question"], said["complete"]
    (True, None, None)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from ruiran.dataset import Dataset
from ruiran.dataset.coverage import NO_COVERAGE
from ruiran.errors import RuiranError

__all__ = ["KEY", "SIDECAR", "coverage_of", "coverage_schema", "read_coverage", "sidecar"]

#: The key of the Parquet schema metadata that holds the coverage (JSON).
KEY: Final = "ruiran"
#: The ending of a CSV table's coverage file: ``<table>.csv`` beside ``<table>.coverage.json``.
SIDECAR: Final = ".coverage.json"


def coverage_of(ds: Dataset, table: str | None = None) -> dict[str, Any]:
    """The coverage mapping a table export writes for ``table`` (see the module's keys).

    Args:
        ds: The dataset exported.
        table: The table's name (None: no table named).

    Examples:
        >>> import ruiran
        >>> from ruiran.dataset import Dataset
        >>> said = coverage_of(ruiran.load(), "actors")
        >>> said["data_version"] == ruiran.DATA_VERSION, len(said["covers"]) > 0
        (True, True)
        >>> bare = coverage_of(Dataset(list(ruiran.load())), "actors")
        >>> bare["data_version"], bare["as_of"], bare["complete"], bare["gaps"][0][:30]
        (None, None, False, 'the dataset states no coverage')
    """
    from importlib.metadata import PackageNotFoundError, version

    from ruiran import versions

    try:
        package = version("ruiran")
    except PackageNotFoundError:  # pragma: no cover - a source tree without install
        package = "0.0.0"
    digest = versions.records_digest(ds)
    bundled = versions.read()
    stated = None if ds.coverage is None else ds.coverage.model_dump(mode="json")
    return {
        "ruiran": package,
        "table": table,
        "data_version": bundled.version if digest == bundled.records else None,
        "records": digest,
        "as_of": None if stated is None else stated["as_of"],
        "covers": None if stated is None else stated["covers"],
        "question": None,
        "complete": False if stated is None else None,
        "gaps": [NO_COVERAGE] if stated is None else [],
    }


def sidecar(table_file: Path) -> Path:
    """The coverage file of a CSV table: ``<name>.csv`` -> ``<name>.coverage.json``.

    Examples:
        >>> sidecar(Path("out/agreements.csv")).as_posix()
        'out/agreements.coverage.json'
    """
    return table_file.with_name(table_file.stem + SIDECAR)


def encode(said: dict[str, Any]) -> str:
    """The mapping as the JSON text the exports write (UTF-8, keys in order)."""
    return json.dumps(said, ensure_ascii=False, indent=2) + "\n"


def read_coverage(path: str | Path) -> dict[str, Any]:
    """The coverage a table export wrote: from a Parquet file's metadata, or a CSV's sidecar.

    Args:
        path: A ``.parquet`` file written by :func:`~ruiran.export.to_parquet`, or a
            ``.csv`` written by :func:`~ruiran.export.to_csv` (its ``.coverage.json`` is
            read), or that ``.coverage.json`` itself.

    Raises:
        RuiranError: when the file holds no coverage (written by something else).
        OSError: when the file cannot be read.

    Examples:
        >>> import tempfile, ruiran
        >>> from ruiran import export
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     written = export.to_csv(ruiran.load(), folder)
        ...     read_coverage(written["events"])["table"]
        'events'
    """
    where = Path(path)
    if where.suffix == ".parquet":
        import pyarrow.parquet as pq

        metadata = pq.read_schema(where).metadata or {}
        if KEY.encode() not in metadata:
            raise RuiranError(
                f"{str(where)!r} holds no ruiran coverage: its schema metadata has no key "
                f"{KEY!r} (files written by ruiran.export.to_parquet have it)"
            )
        found: dict[str, Any] = json.loads(metadata[KEY.encode()])
        return found
    file = where if where.name.endswith(SIDECAR) else sidecar(where)
    if not file.is_file():
        raise RuiranError(
            f"{str(where)!r} has no coverage file beside it: expected {str(file)!r} "
            "(ruiran.export.to_csv writes one per table)"
        )
    said: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return said


def coverage_schema() -> dict[str, Any]:
    """JSON Schema ``$defs`` of the coverage the JSON exports write: ``Coverage``
    (``coverage.yaml``, the JSON export's ``"coverage"`` entry), ``CoverageLine`` (a JSON Lines
    export's first line: the same with ``"type": "coverage"``) and the ``Statement`` they hold.

    Examples:
        >>> defs = coverage_schema()["$defs"]
        >>> sorted(defs), defs["CoverageLine"]["required"]
        (['Coverage', 'CoverageLine', 'Statement'], ['type', 'as_of'])
    """
    from pydantic import TypeAdapter

    from ruiran.model.coverage import Coverage

    stated = TypeAdapter(Coverage).json_schema(ref_template="#/$defs/{model}")
    defs: dict[str, Any] = stated.pop("$defs", {})
    defs["Coverage"] = stated
    line = {
        **stated,
        "title": "CoverageLine",
        "description": "The first line of a JSON Lines export: the dataset's coverage.",
        "properties": {
            "type": {"const": "coverage", "type": "string"},
            **stated["properties"],
        },
        "required": ["type", *stated.get("required", [])],
    }
    defs["CoverageLine"] = line
    return {"$defs": defs}
