"""Parquet export: the tidy tables of :func:`~ruiran.export.to_pandas`, one file per table.

The files are plain Parquet (written by pyarrow), so DuckDB, Polars, Spark or R's arrow read
them as they are; pandas reads them back with the same dtypes.

Examples:
    >>> import tempfile, duckdb, ruiran
    >>> from ruiran.export import to_parquet
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = to_parquet(ruiran.load(), folder)
    ...     duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder}/agreements.parquet')").fetchall()
    [(6,)]
"""

from __future__ import annotations

from pathlib import Path

from ruiran.dataset import Dataset
from ruiran.errors import MissingExtraError
from ruiran.export.tables import to_pandas

__all__ = ["to_parquet"]


def to_parquet(ds: Dataset, folder: str | Path) -> dict[str, Path]:
    """Write the dataset's tidy tables as Parquet files, ``<folder>/<table>.parquet``.

    The tables and columns are those of :func:`~ruiran.export.to_pandas`: categories become
    dictionary-encoded strings, ``Int64`` and ``boolean`` columns keep their nulls, and days
    are millisecond timestamps (``NaT`` becomes null).

    Args:
        ds: The dataset.
        folder: Where to write; created if needed. Existing files of the same names are
            replaced.

    Returns:
        The file written for each table, by table name.

    Raises:
        MissingExtraError: when pandas or pyarrow is missing (``pip install 'ruiran[parquet]'``).

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
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, frame in frames.items():
        path = target / f"{name}.parquet"
        frame.to_parquet(path, engine="pyarrow", index=False)
        written[name] = path
    return written
