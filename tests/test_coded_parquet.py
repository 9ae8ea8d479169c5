"""Coded events as Parquet partitioned by year: written, read back by ruiran and by DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import duckdb

import ruiran
from ruiran.coded.evidence import evidence_of
from ruiran.coded.parquet import MANIFEST, read_folder, write_folder
from ruiran.errors import DatasetError, QueryError
from ruiran.export import OutputExistsError
from ruiran.testing import synthetic_gdelt


def query(sql: str) -> list[tuple[object, ...]]:
    relation = duckdb.sql(sql)
    assert relation is not None
    return relation.fetchall()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> ruiran.Dataset:
    folder = tmp_path_factory.mktemp("gdelt")
    path = synthetic_gdelt(folder / "events.tsv", 5000, seed=31)
    return ruiran.ingest.gdelt(path, involving="Iran")


def test_the_round_trip_keeps_every_row_and_answer(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_folder(ingested, out)
    assert (out / MANIFEST).is_file()
    years = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert years[0].startswith("year=20")
    back = ruiran.load(out)
    assert back.coded is not None
    assert ingested.coded is not None
    # Same rows, values and types (dictionaries may list their values in another order).
    assert back.coded.table.schema == ingested.coded.table.schema
    assert back.coded.table.to_pylist() == ingested.coded.table.to_pylist()
    assert back == ingested
    assert (
        evidence_of(back.events_between("Russia", "Iran", start="2018", end="2021-06")).coded.ids
        == evidence_of(
            ingested.events_between("Russia", "Iran", start="2018", end="2021-06")
        ).coded.ids
    )
    assert len(back.agreements) == len(ruiran.load().agreements)  # beside the bundled records


def test_duckdb_reads_the_folder_as_it_is(ingested: ruiran.Dataset, tmp_path: Path) -> None:
    write_folder(ingested, tmp_path / "out")
    rows = query(
        f"SELECT year, count(*) FROM read_parquet('{tmp_path}/out/*/*.parquet', "
        "hive_partitioning=true) GROUP BY year ORDER BY year"
    )
    assert ingested.coded is not None
    assert sum(int(str(n)) for _, n in rows) == len(ingested.coded)
    where = ruiran.ingest.gdelt_where(between=("Russia", "Iran"), start="2019", end="2019")
    n = query(
        f"SELECT count(*) FROM read_parquet('{tmp_path}/out/*/*.parquet', "
        f"hive_partitioning=true) WHERE {where}"
    )[0][0]
    found = evidence_of(ingested.events_between("Russia", "Iran", start="2019", end="2019"))
    assert n == len(found.coded)


def test_the_folder_is_smaller_than_the_text(tmp_path: Path) -> None:
    """Text is written plain, for Parquet to encode: the store's dictionaries, written as they
    are, repeat in every row group (at 10^6 rows the folder outgrew the GDELT file)."""
    path = synthetic_gdelt(tmp_path / "e.tsv", 30_000, seed=3)
    write_folder(ruiran.ingest.gdelt(path), tmp_path / "out")
    written = sum(p.stat().st_size for p in (tmp_path / "out").rglob("*.parquet"))
    assert written < 0.35 * path.stat().st_size


def test_existing_files_are_not_replaced_without_overwrite(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(OutputExistsError):
        write_folder(ingested, out)
    with pytest.raises(OutputExistsError, match=r"holds no ruiran-coded\.json"):
        write_folder(ingested, out, overwrite=True)  # not ruiran's folder: nothing replaced
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    (out / "notes.txt").unlink()
    write_folder(ingested, out, overwrite=True)
    write_folder(ingested, out, overwrite=True)  # twice: the old partitions are replaced
    back = read_folder(out)
    assert back.coded is not None
    assert ingested.coded is not None
    assert len(back.coded) == len(ingested.coded)


def test_bad_folders(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text('{"format": "something else"}')
    with pytest.raises(DatasetError, match="not a manifest of coded events"):
        ruiran.load(tmp_path)
    with pytest.raises(QueryError, match="no coded events"):
        write_folder(ruiran.load(), tmp_path / "x")


def test_an_ingest_that_kept_nothing_round_trips(tmp_path: Path) -> None:
    path = synthetic_gdelt(tmp_path / "e.tsv", 200, seed=1)
    ds = ruiran.ingest.gdelt(path, between=("Russia", "Iran"), start="2031")
    assert ds.coded is not None
    assert len(ds.coded) == 0
    write_folder(ds, tmp_path / "out")
    back = ruiran.load(tmp_path / "out")
    assert back.coded is not None
    assert len(back.coded) == 0
    assert len(evidence_of(back.events_involving("Iran")).coded) == 0


def test_the_folder_machinery_reads_a_table_without_a_dataset(
    ingested: ruiran.Dataset, tmp_path: Path
) -> None:
    """Issue 21: the coded wing reads a folder into the store's table; building the Dataset
    beside the bundled records is the entry point's (ruiran.coded.parquet.read_folder)."""
    from ruiran.coded.folder import read_table

    write_folder(ingested, tmp_path / "out")
    table, dataset = read_table(tmp_path / "out")
    assert ingested.coded is not None
    assert dataset == "gdelt"
    assert table.num_rows == len(ingested.coded)
    assert read_folder(tmp_path / "out") == ingested
