"""Table files: the tidy tables of :func:`~ruiran.export.to_pandas`, one file per table.

:func:`to_parquet` writes plain Parquet (by pyarrow), so DuckDB, Polars, Spark or R's arrow
read the files as they are and pandas reads them back with the same dtypes; :func:`to_csv`
writes the same tables as CSV. Both write through :func:`~ruiran.export.files.write_files`: a
non-empty folder is refused unless ``overwrite=True``, and the tables appear only once all of
them are complete.

Examples:
    >>> import tempfile, duckdb, ruiran
    >>> from ruiran.export import to_parquet
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = to_parquet(ruiran.load(), folder)
    ...     duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder}/agreements.parquet')").fetchall()
    [(15,)]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ruiran.dataset import Dataset
from ruiran.errors import MissingExtraError
from ruiran.export import datapackage
from ruiran.export.coverage import KEY, coverage_of, encode, sidecar
from ruiran.export.files import Output, text_writer, write_files
from ruiran.export.tables import to_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["to_csv", "to_parquet"]


def to_parquet(ds: Dataset, folder: str | Path, *, overwrite: bool = False) -> dict[str, Path]:
    """Write the dataset's tidy tables as Parquet files, ``<folder>/<table>.parquet``.

    The tables and columns are those of :func:`~ruiran.export.to_pandas`: categories become
    dictionary-encoded strings, ``Int64`` and ``boolean`` columns keep their nulls, and days
    are millisecond timestamps (``NaT`` becomes null). Nothing is written when one of the
    errors below is raised.

    Args:
        ds: The dataset.
        folder: Where to write; created if needed. It must be empty unless ``overwrite``.
        overwrite: Write into a non-empty folder, replacing tables of the same names (other
            files in it are left alone).

    Returns:
        The file written for each table, by table name.

    Raises:
        MissingExtraError: when pandas or pyarrow is missing (``pip install 'ruiran[parquet]'``).
        OutputExistsError: (a ``FileExistsError``) when the folder is not empty and
            ``overwrite`` is False.
        ExportError: (an ``OSError``) when the file system refuses; the message names the path.

    Examples:
        >>> import tempfile, ruiran
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     sorted(to_parquet(ruiran.load(), folder))[:3]
        ['actors', 'agreement_areas', 'agreement_obligations']
    """
    try:
        import pyarrow  # noqa: F401  (to_parquet needs it; fail early with the right extra)
    except ImportError as error:
        raise MissingExtraError("pyarrow", "parquet") from error
    try:
        frames = to_pandas(ds)
    except MissingExtraError as error:
        raise MissingExtraError("pandas", "parquet") from error

    import pyarrow as pa
    import pyarrow.parquet as pq

    stated = coverage_of(ds)

    def writer(name: str, frame: pd.DataFrame) -> Callable[[Path], object]:
        def write(path: Path) -> None:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            said = encode({**stated, "table": name}).encode("utf-8")
            metadata = {**(table.schema.metadata or {}), KEY.encode(): said}
            pq.write_table(table.replace_schema_metadata(metadata), path)

        return write

    return _write_tables(Path(folder), frames, "parquet", writer, overwrite)


def to_csv(ds: Dataset, folder: str | Path, *, overwrite: bool = False) -> dict[str, Path]:
    """Write the dataset's tidy tables as CSV files, ``<folder>/<table>.csv`` (UTF-8).

    The tables and columns are those of :func:`~ruiran.export.to_pandas`; missing values are
    empty cells and days are written as ``YYYY-MM-DD``. Beside each table, its coverage
    (``<table>.coverage.json``, see :mod:`ruiran.export.coverage`); beside them all,
    ``datapackage.json``: a Frictionless Data Package describing the tables (their types,
    keys, links, licence and coverage; see :mod:`ruiran.export.datapackage`), which the
    ``frictionless`` tools load and validate. Nothing is written when one of the errors below
    is raised.

    Args:
        ds: The dataset.
        folder: Where to write; created if needed. It must be empty unless ``overwrite``.
        overwrite: Write into a non-empty folder, replacing tables of the same names (other
            files in it are left alone).

    Returns:
        The file written for each table, by table name.

    Raises:
        MissingExtraError: when pandas is missing (``pip install 'ruiran[pandas]'``).
        OutputExistsError: (a ``FileExistsError``) when the folder is not empty and
            ``overwrite`` is False.
        ExportError: (an ``OSError``) when the file system refuses; the message names the path.

    Examples:
        >>> import tempfile, pathlib, ruiran
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     written = to_csv(ruiran.load(), folder)
        ...     written["agreements"].read_text(encoding="utf-8").splitlines()[0][:30]
        'id,title,official_title,kind,s'

        The Data Package beside the tables lists them, with each column's type:

        >>> import json
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     _ = to_csv(ruiran.load(), folder)
        ...     package = json.loads((pathlib.Path(folder) / "datapackage.json").read_text("utf-8"))
        >>> [r["path"] for r in package["resources"]][:2]
        ['actors.csv', 'aliases.csv']
    """
    frames = to_pandas(ds)
    stated = coverage_of(ds)

    def writer(name: str, frame: pd.DataFrame) -> Callable[[Path], object]:
        return lambda path: frame.to_csv(path, index=False, encoding="utf-8")

    def beside(name: str, path: Path) -> Output:
        said = encode({**stated, "table": name})
        return Output(sidecar(path), text_writer(said), f"the coverage of the csv table {name!r}")

    package = Output(
        Path(folder) / datapackage.DESCRIPTOR,
        text_writer(datapackage.encode(datapackage.descriptor(ds, said=stated))),
        "the data package of the csv tables",
    )
    return _write_tables(Path(folder), frames, "csv", writer, overwrite, beside, [package])


def _write_tables(
    folder: Path,
    frames: dict[str, pd.DataFrame],
    suffix: str,
    writer: Callable[[str, pd.DataFrame], Callable[[Path], object]],
    overwrite: bool,
    beside: Callable[[str, Path], Output] | None = None,
    more: list[Output] | None = None,
) -> dict[str, Path]:
    written = {name: folder / f"{name}.{suffix}" for name in frames}
    outputs = [
        Output(written[name], writer(name, frame), f"the {suffix} table {name!r}")
        for name, frame in frames.items()
    ]
    if beside is not None:
        outputs.extend(beside(name, path) for name, path in written.items())
    outputs.extend(more or ())
    write_files(outputs, overwrite=overwrite, folder=folder)
    return written
