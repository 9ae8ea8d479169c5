"""Coded events as Parquet, partitioned by year: the exchange format beyond one machine.

:func:`write_folder` writes a Dataset's coded events as ``<folder>/year=YYYY/part-0.parquet``
(hive-style partitions: DuckDB, Spark, Polars and BigQuery's external tables read the folder as
it is) plus ``ruiran-coded.json``, a small manifest saying what the files hold (dataset,
version, the filter that was run as SQL, the read summary, and, since format 2, the list of
every file). The folder is written whole or not at all, and replaces only a folder ruiran
wrote (:mod:`ruiran.coded.output`). :func:`read_folder` reads such a folder back into a
Dataset, and :func:`ruiran.load` recognises one by its manifest; it reads only regular files
inside the folder, the ones the manifest lists, each checked for the store's columns and
types. The columns are GDELT's own names (the store's, see
:data:`~ruiran.coded.gdelt.STORE_COLUMNS`), text written plain for Parquet to encode; ``year``
is the partition (SQLDATE // 10000), not a column of the files.

This module is an entry point: its functions take and give a Dataset (the bundled one when no
``base`` is given), as :mod:`ruiran.io` and :mod:`ruiran.ingest` do. The folder's machinery
(the manifest, the boundary, the checks of every file) is :mod:`ruiran.coded.folder`, which
works on the store alone.

Examples:
    >>> import pathlib, tempfile, duckdb, ruiran
    >>> from ruiran.testing import synthetic_gdelt
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = synthetic_gdelt(folder / "e.tsv", 2000, seed=6)
    >>> ds = ruiran.ingest.gdelt(path, between=("Russia", "Iran"))
    >>> _ = write_folder(ds, folder / "out")
    >>> ruiran.load(folder / "out").coded.all() == ds.coded.all()
    True
    >>> n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder}/out/*/*.parquet', "
    ...                "hive_partitioning=true)").fetchall()[0][0]
    >>> n == len(ds.coded)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruiran.coded import folder as coded_folder
from ruiran.coded.cameo import resolver
from ruiran.coded.output import FORMAT, MANIFEST, is_coded_folder
from ruiran.coded.store import CodedStore
from ruiran.errors import QueryError

if TYPE_CHECKING:
    from ruiran.dataset import Dataset

__all__ = ["FORMAT", "MANIFEST", "is_coded_folder", "read_files", "read_folder", "write_folder"]


def write_folder(
    ds: Dataset,
    folder: str | Path,
    *,
    overwrite: bool = False,
    about: dict[str, Any] | None = None,
) -> Path:
    """Write the coded events of ``ds`` as Parquet partitioned by year, with a manifest.

    The folder is written whole or not at all (:func:`ruiran.coded.output.staged`): the files
    go to a new folder beside it, which takes its place once the manifest (format 2, listing
    every file) is written; a failure or an interruption leaves the old folder as it was.

    Args:
        ds: A Dataset holding coded events.
        folder: Where to write; created if needed. It must be new or empty unless
            ``overwrite``.
        overwrite: Replace a folder an earlier ``write_folder`` (or ``ruiran ingest gdelt
            --out``) wrote: allowed only when its manifest lists every file it holds. A folder
            holding anything else (a user's file, a link, a folder without a manifest or with
            one written before manifest format 2) is refused and nothing in it is deleted.
        about: More to record in the manifest (e.g. the filter that was run).

    Returns:
        The manifest's path.

    Raises:
        QueryError: when ``ds`` holds no coded events.
        OutputExistsError: when the folder is not empty and ``overwrite`` is False, or holds
            files ruiran did not write.
        ExportError: when the folder's parent does not exist.
    """
    store = ds.coded
    if store is None:
        raise QueryError("this dataset holds no coded events to write")
    return coded_folder.write_store(store, folder, overwrite=overwrite, about=about)


def read_folder(folder: str | Path, *, base: Dataset | None = None) -> Dataset:
    """Read a folder written by :func:`write_folder` into a Dataset.

    The coded events sit beside ``base``'s records (the bundled dataset when None), their
    country codes resolved to its states; when ``base`` holds coded events too, the result
    holds both. An event held twice (in two files of the folder, or in the folder and in
    ``base``) is kept once: the copy with the latest DATEADDED, then the one from the file that
    sorts last, or the folder's rather than ``base``'s (:mod:`ruiran.coded.duplicates`).

    The folder is read as the dataset reader reads a folder of records: only regular files
    that resolve inside it (a link leading out of the folder, a FIFO or a device is refused).
    Its files are those the manifest lists (format 2), or every ``year=*/*.parquet`` (format
    1, written before ruiran 0.2). Each must hold every column of
    :data:`~ruiran.coded.gdelt.STORE_COLUMNS` in its type (text may be dictionary-encoded;
    the store's own narrower types, and float32 for a DOUBLE, are read too) and a value in
    every ``GLOBALEVENTID`` and ``SQLDATE``.

    Raises:
        DatasetError: listing every problem: a manifest that is unreadable or not ruiran's; a
            file it lists that is missing, or a Parquet file it does not list; a file outside
            the folder's boundary, not Parquet, lacking a column, holding one in another type,
            or holding a null where every event has a value; a YAML or JSON file beside the
            manifest (records are loaded on their own and the coded events put on top of
            them: ``ruiran.load(coded_folder, base=ruiran.load(records_folder))``).
    """
    table, dataset = coded_folder.read_table(folder)
    return _beside(table, dataset, base)


def read_files(
    paths: str | Path | Sequence[str | Path],
    *,
    base: Dataset | None = None,
    dataset: str = "gdelt",
) -> Dataset:
    """Read Parquet files of coded events written by another engine into a Dataset.

    For the result of :func:`ruiran.ingest.gdelt_sql` run elsewhere, e.g. BigQuery's
    ``EXPORT DATA ... format='PARQUET'`` downloaded from Cloud Storage: files that hold the
    store's columns (:data:`~ruiran.coded.gdelt.STORE_COLUMNS`; a ``year`` column is dropped,
    other columns are ignored), not partitioned. Each column is cast to the store's type
    (BigQuery's INT64 to TINYINT, ...); a value that does not fit is an error, never cut. An
    event held twice is kept once, as :func:`read_folder` keeps it.
    :func:`write_folder` then writes the folder :func:`ruiran.load` reads.

    Args:
        paths: Parquet files, glob patterns, or a list of them.
        base: The Dataset the events sit beside (the bundled one when None).
        dataset: The coded dataset's name.

    Raises:
        DatasetError: when a file is not Parquet, lacks a column, or holds a value that does
            not fit the column's type; FileNotFoundError for a path that matches nothing.

    Examples:
        >>> import pathlib, tempfile, pyarrow.parquet as pq, ruiran
        >>> from ruiran.testing import synthetic_gdelt
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> ds = ruiran.ingest.gdelt(synthetic_gdelt(folder / "e.tsv", 500), involving="Iran")
        >>> pq.write_table(ds.coded.table, folder / "000000000000.parquet")
        >>> read_files(folder / "*.parquet").coded.all() == ds.coded.all()
        True
    """
    return _beside(coded_folder.read_files_table(paths), dataset, base)


def _beside(table: Any, dataset: str, base: Dataset | None) -> Dataset:
    """``base`` (the bundled dataset when None) with the coded events of ``table`` beside its
    records, their country codes resolved to its states; on top of its own coded events, if it
    holds some (each event once)."""
    import ruiran

    chosen = base if base is not None else ruiran.load()
    store = CodedStore.build(table, resolver(chosen), dataset)
    if chosen.coded is not None:  # on top of a base's coded events: both, each event once
        store = chosen.coded.concat(store)
    return chosen.with_coded(store)
