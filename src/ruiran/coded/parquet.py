"""Coded events as Parquet, partitioned by year: the exchange format beyond one machine.

:func:`write_folder` writes a Dataset's coded events as ``<folder>/year=YYYY/part-0.parquet``
(hive-style partitions: DuckDB, Spark, Polars and BigQuery's external tables read the folder as
it is) plus ``ruiran-coded.json``, a small manifest saying what the files hold (dataset,
version, the filter that was run as SQL, and the read summary). :func:`read_folder` reads such
a folder back into a Dataset, and :func:`ruiran.load` recognises one by its manifest. The
columns are GDELT's own names (the store's, see :data:`~ruiran.coded.gdelt.STORE_COLUMNS`),
text dictionary-encoded; ``year`` comes back from the partition names.

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

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ruiran.coded import extras
from ruiran.coded.cameo import resolver
from ruiran.coded.duplicates import drop_duplicates
from ruiran.coded.store import CodedStore
from ruiran.errors import DatasetError, Problem, QueryError

if TYPE_CHECKING:
    from ruiran.dataset import Dataset

__all__ = ["FORMAT", "MANIFEST", "is_coded_folder", "read_folder", "write_folder"]

#: The manifest's file name: a folder holding it is a folder of coded events.
MANIFEST: Final = "ruiran-coded.json"
#: The manifest's ``format`` value.
FORMAT: Final = "ruiran-coded-events"


def is_coded_folder(path: Path) -> bool:
    """Whether ``path`` is a folder of coded events written by :func:`write_folder`."""
    return path.is_dir() and (path / MANIFEST).is_file()


def write_folder(
    ds: Dataset,
    folder: str | Path,
    *,
    overwrite: bool = False,
    about: dict[str, Any] | None = None,
) -> Path:
    """Write the coded events of ``ds`` as Parquet partitioned by year, with a manifest.

    Args:
        ds: A Dataset holding coded events.
        folder: Where to write; created if needed. It must be empty unless ``overwrite``.
        overwrite: Write into a non-empty folder: the partitions and manifest of an earlier
            write are replaced (other files are left alone).
        about: More to record in the manifest (e.g. the filter that was run).

    Returns:
        The manifest's path.

    Raises:
        QueryError: when ``ds`` holds no coded events.
        OutputExistsError: when the folder is not empty and ``overwrite`` is False.
    """
    from ruiran.export.files import OutputExistsError

    store = ds.coded
    if store is None:
        raise QueryError("this dataset holds no coded events to write")
    pa = extras.pyarrow()
    import pyarrow.dataset as pads

    target = Path(folder)
    if target.exists() and any(target.iterdir()):
        if not overwrite:
            raise OutputExistsError(f"the folder {str(target)!r} is not empty", target)
        for old in target.glob("year=*"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        (target / MANIFEST).unlink(missing_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    table = store.table
    years = pa.compute.divide(table.column("SQLDATE"), 10_000).cast(pa.int16())
    table = table.append_column("year", years)
    pads.write_dataset(
        table,
        target,
        format="parquet",
        partitioning=pads.partitioning(pa.schema([("year", pa.int16())]), flavor="hive"),
        basename_template="part-{i}.parquet",
        existing_data_behavior="overwrite_or_ignore",
    )
    summary = store.summary.to_dict() if store.summary is not None else None
    manifest = {
        "format": FORMAT,
        "format_version": 1,
        "dataset": store.dataset,
        "rows": len(store),
        "partitioned_by": "year (SQLDATE // 10000)",
        "columns": table.schema.names[:-1],
        "summary": summary,
        **(about or {}),
    }
    path = target / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_folder(folder: str | Path, *, base: Dataset | None = None) -> Dataset:
    """Read a folder written by :func:`write_folder` into a Dataset.

    The coded events sit beside ``base``'s records (the bundled dataset when None), their
    country codes resolved to its states; when ``base`` holds coded events too, the result
    holds both. An event held twice (Parquet files of two ingests put in one folder, or an
    event in the folder and in ``base``) is kept once: the copy with the latest DATEADDED,
    then the one from the file that sorts last, or the folder's rather than ``base``'s
    (:mod:`ruiran.coded.duplicates`).

    Raises:
        DatasetError: when the manifest is unreadable or not ruiran's, or a file is not
            Parquet.
    """
    pa = extras.pyarrow()
    import pyarrow.dataset as pads

    target = Path(folder)
    label = str(target / MANIFEST)
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DatasetError(
            [Problem(None, None, f"cannot read the manifest: {error}", label)]
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(
            [
                Problem(
                    None, None, f"not a manifest of coded events (format must be {FORMAT!r})", label
                )
            ]
        )
    try:
        files = sorted(str(p) for p in target.glob("year=*/*.parquet"))
        if not files:  # no event passed the filter: nothing was written
            from ruiran.coded.gdelt import empty_table

            return _beside(empty_table(), manifest, base)
        found = pads.dataset(
            files,
            format="parquet",
            partitioning=pads.partitioning(pa.schema([("year", pa.int16())]), flavor="hive"),
            partition_base_dir=str(target),
        )
        table = found.to_table()
    except (OSError, pa.ArrowInvalid) as error:
        raise DatasetError(
            [Problem(None, None, f"cannot read the Parquet files: {error}", str(target))]
        ) from None
    if "year" in table.schema.names:
        table = table.drop_columns(["year"])
    table, _ = drop_duplicates(table)  # files added to the folder by hand may repeat events
    return _beside(table, manifest, base)


def _beside(table: Any, manifest: dict[str, Any], base: Dataset | None) -> Dataset:
    import ruiran

    chosen = base if base is not None else ruiran.load()
    store = CodedStore.build(table, resolver(chosen), str(manifest.get("dataset", "gdelt")))
    if chosen.coded is not None:  # on top of a base's coded events: both, each event once
        store = chosen.coded.concat(store)
    return chosen.with_coded(store)
