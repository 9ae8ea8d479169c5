"""The GDELT plan rendered for DuckDB, Spark SQL and BigQuery: run where it can be, read where not.

The DuckDB text runs here over tables of GDELT's own columns and must keep exactly the rows
(with the values) that ``ruiran.ingest.gdelt`` keeps. The BigQuery text cannot run here (no
network): it is parsed by sqlglot as BigQuery SQL and checked for the table, every output
column and its type, and the filter; then, translated by sqlglot to DuckDB, it is run over a
table named like GDELT's public one and must again keep the ingest's rows. The Spark text runs
in tests/test_spark.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

import ruiran
from gdelt_rows import FIXTURES
from ruiran.coded.columns import GDELT1, GDELT2, Schema
from ruiran.coded.parquet import read_files, write_folder
from ruiran.coded.plan import DIALECTS, OUTPUT, PUBLIC_TABLES, Plan, type_in
from ruiran.coded.spark import VIEW
from ruiran.coded.sql import Filter
from ruiran.coded.store import CodedStore
from ruiran.errors import DatasetError, QueryError
from ruiran.testing import synthetic_gdelt

GDELT1_FILE = FIXTURES / "gdelt1-events-sample.tsv"
GDELT2_FILE = FIXTURES / "gdelt2-events-sample.tsv"

#: Filters over the synthetic files' busy actors, and over the real rows' (2016/2017).
FILTERS: list[dict[str, Any]] = [
    {},
    {"between": ("Russia", "Iran")},
    {"between": ("Russia", "Iran"), "start": "2018", "end": "2021-06"},
    {"involving": "Iran", "start": "2020-03-15"},
    {"involving": "EAEU"},  # members with their membership days
    {"involving": "United States", "end": "2016-03-12"},
]


def rows_of(table: Any) -> list[dict[str, object]]:
    """A table's rows as the store holds them (compacted, in the store's order)."""
    if "year" in table.schema.names:
        table = table.drop_columns(["year"])
    return list(CodedStore.build(table, {}).table.to_pylist())


def ingested(path: Path, **filters: Any) -> list[dict[str, object]]:
    ds = ruiran.ingest.gdelt(path, **filters)
    assert ds.coded is not None
    return list(ds.coded.table.to_pylist())


def load_table(
    connection: duckdb.DuckDBPyConnection, name: str, path: Path, schema: Schema
) -> None:
    """A DuckDB table ``name`` of a GDELT file's rows in their own columns and types."""
    columns = "{" + ", ".join(f"'{n}': '{k}'" for n, k in schema) + "}"
    connection.execute(
        f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', delim='\\t', header=false, "
        f"quote='', escape='', columns={columns}, auto_detect=false)"
    )


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("plan")
    return {
        2: synthetic_gdelt(folder / "v2.tsv", 6000, seed=13, version=2),
        1: synthetic_gdelt(folder / "v1.tsv", 4000, seed=14, version=1),
    }


@pytest.mark.parametrize("filters", FILTERS, ids=str)
@pytest.mark.parametrize("version", [1, 2])
def test_the_duckdb_text_keeps_what_the_ingest_keeps(
    synthetic: dict[int, Path], version: int, filters: dict[str, Any]
) -> None:
    path = synthetic[version]
    connection = duckdb.connect()
    load_table(connection, "events", path, GDELT1 if version == 1 else GDELT2)
    text = ruiran.ingest.gdelt_sql("duckdb", "events", version=version, **filters)  # type: ignore[arg-type]
    got = rows_of(connection.sql(text).to_arrow_table())
    want = ingested(path, **filters)
    assert got == want
    if filters.get("between"):
        assert 0 < len(want) < 6000  # the filter kept some rows and left others


#: Actors the synthetic files hold events of (states, and a bloc with membership days).
ACTORS = ("Russia", "Iran", "United States", "China", "Armenia", "EAEU", "Israel")


@settings(max_examples=25)
@given(
    actors=st.lists(st.sampled_from(ACTORS), min_size=0, max_size=2, unique=True),
    first=st.none() | st.dates(dt.date(2014, 1, 1), dt.date(2024, 12, 31)),
    days=st.none() | st.integers(0, 3000),
)
def test_the_duckdb_text_agrees_with_the_ingest_for_any_filter(
    synthetic: dict[int, Path], actors: list[str], first: dt.date | None, days: int | None
) -> None:
    """Any pair or single actor, any window: the DuckDB text over a table of the file's
    columns keeps exactly the ingest's rows."""
    filters: dict[str, Any] = {}
    if len(actors) == 2:
        filters["between"] = tuple(actors)
    elif actors:
        filters["involving"] = actors[0]
    if first is not None:
        filters["start"] = first.isoformat()
    if days is not None:
        filters["end"] = ((first or dt.date(2016, 1, 1)) + dt.timedelta(days=days)).isoformat()
    text = ruiran.ingest.gdelt_sql("duckdb", "events", version=2, **filters)
    got = rows_of(_connection(synthetic[2]).sql(text).to_arrow_table())
    assert got == ingested(synthetic[2], **filters)


@functools.cache
def _connection(path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    load_table(connection, "events", path, GDELT2)
    return connection


@pytest.mark.parametrize("path", [GDELT1_FILE, GDELT2_FILE], ids=lambda p: p.name)
def test_the_duckdb_text_keeps_every_real_row_with_its_values(path: Path) -> None:
    version = 1 if "gdelt1" in path.name else 2
    connection = duckdb.connect()
    load_table(connection, "events", path, GDELT1 if version == 1 else GDELT2)
    text = ruiran.ingest.gdelt_sql("duckdb", "events", version=version)  # type: ignore[arg-type]
    result = connection.sql(text).to_arrow_table()
    assert result.schema.names == [name for name, _ in OUTPUT]
    assert set(result.column("Version").to_pylist()) == {version}
    years = {row["year"]: row["SQLDATE"] for row in result.select(["year", "SQLDATE"]).to_pylist()}
    assert all(int(str(day)) // 10_000 == year for year, day in years.items())
    assert rows_of(result) == ingested(path)
    assert len(result) == 50


def test_the_bigquery_text_names_the_table_every_column_and_the_filter() -> None:
    sqlglot = pytest.importorskip("sqlglot")
    text = ruiran.ingest.gdelt_sql(
        "bigquery", "gdelt-bq.gdeltv2.events", between=("Russia", "Iran"), start="2024-02"
    )
    tree = sqlglot.parse_one(text, read="bigquery")
    assert tree.find(sqlglot.exp.Table).sql(dialect="bigquery") == "`gdelt-bq.gdeltv2.events`"
    assert [s.alias_or_name for s in tree.selects] == [name for name, _ in OUTPUT]
    wanted = {name: type_in("bigquery", kind) for name, kind in OUTPUT}
    for select in tree.selects:
        cast = select.this
        assert isinstance(cast, sqlglot.exp.Cast), select.sql()
        assert cast.to.sql(dialect="bigquery") == wanted[select.alias_or_name]
        source = cast.this
        if select.alias_or_name in {name for name, _ in GDELT2}:  # the column itself
            assert source.sql(dialect="bigquery") == select.alias_or_name
    where = tree.args["where"].sql(dialect="bigquery")
    for condition in (
        "Actor1CountryCode IN ('RUS') AND Actor2CountryCode IN ('IRN')",
        "Actor1CountryCode IN ('IRN') AND Actor2CountryCode IN ('RUS')",
        "SQLDATE >= 20240201",
    ):
        assert condition in where
    assert "Version" not in text.split("FROM")[1]  # GDELT's table has no Version column
    assert "CAST(2 AS INT64) AS Version" in text
    assert "CAST(DIV(CAST(SQLDATE AS INT64), 10000) AS INT64) AS year" in text


def test_gdelt_1_in_bigquery_gives_null_for_the_columns_it_lacks() -> None:
    text = ruiran.ingest.gdelt_sql("bigquery", "gdelt-bq.full.events", involving="Iran")
    assert PUBLIC_TABLES["gdelt-bq.full.events"] == 1
    for place in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        assert f"CAST(NULL AS STRING) AS {place}_ADM2Code" in text
    assert "CAST(1 AS INT64) AS Version" in text
    assert "CAST(SOURCEURL AS STRING) AS SOURCEURL" in text
    assert text.splitlines()[-2] == "FROM `gdelt-bq.full.events`"


@pytest.mark.parametrize(
    ("table", "version", "schema"),
    [("gdelt-bq.gdeltv2.events", 2, GDELT2), ("gdelt-bq.full.events", 1, GDELT1)],
)
def test_the_bigquery_text_translated_to_duckdb_keeps_what_the_ingest_keeps(
    synthetic: dict[int, Path], table: str, version: int, schema: Schema, tmp_path: Path
) -> None:
    sqlglot = pytest.importorskip("sqlglot")
    path = synthetic[version]
    connection = duckdb.connect()
    project, dataset, name = table.split(".")
    connection.execute(f"ATTACH ':memory:' AS \"{project}\"")
    connection.execute(f'CREATE SCHEMA "{project}".{dataset}')
    load_table(connection, f'"{project}".{dataset}.{name}', path, schema)
    filters: dict[str, Any] = {"between": ("Russia", "Iran"), "start": "2019", "end": "2022"}
    text = ruiran.ingest.gdelt_sql("bigquery", table, **filters)
    translated = sqlglot.transpile(text, read="bigquery", write="duckdb")[0]
    result = connection.sql(translated).to_arrow_table()
    # BigQuery has one integer type (INT64): the values, not their widths, must agree.
    assert {str(t) for t in result.schema.types} <= {"int64", "double", "string"}
    got = rows_of(result)
    want = ingested(path, **filters)
    assert got == want
    assert len(want) > 10
    # Brought back as BigQuery's EXPORT DATA leaves it: unpartitioned Parquet files.
    half = result.num_rows // 2
    pq.write_table(result.slice(0, half), tmp_path / "000000000000.parquet")
    pq.write_table(result.slice(half), tmp_path / "000000000001.parquet")
    back = read_files(tmp_path / "*.parquet")
    assert back.coded is not None
    assert back.coded.table.to_pylist() == want
    assert back.coded.table.schema == ruiran.ingest.gdelt(path, **filters).coded.table.schema  # type: ignore[union-attr]
    write_folder(back, tmp_path / "folder")
    assert ruiran.load(tmp_path / "folder").coded.table.to_pylist() == want  # type: ignore[union-attr]


def test_parquet_without_the_columns_is_refused(tmp_path: Path) -> None:
    pq.write_table(pa.table({"GLOBALEVENTID": [1], "SQLDATE": [20240101]}), tmp_path / "x.parquet")
    with pytest.raises(DatasetError, match=r"lack the columns \['Actor1Code'"):
        read_files(tmp_path / "x.parquet")


def test_every_dialect_keeps_the_same_condition_and_columns() -> None:
    plan = Plan(Filter(first=20240101), version=2)
    texts = {dialect: plan.render(dialect, "events") for dialect in DIALECTS}
    for text in texts.values():
        assert text.endswith("WHERE SQLDATE >= 20240101")
        aliases = re.findall(r" AS (\w+),?$", text, flags=re.MULTILINE)
        assert aliases == [name for name, _ in OUTPUT]
    assert 'FROM "events"' in texts["duckdb"]
    assert "FROM `events`" in texts["spark"]
    assert "CAST(GLOBALEVENTID AS STRING)" not in texts["spark"]
    assert "CAST(Actor1Code AS STRING) AS Actor1Code" in texts["spark"]
    assert "DIV 10000" in texts["spark"]
    assert "// 10000" in texts["duckdb"]


def test_errors_say_what_is_valid() -> None:
    with pytest.raises(
        QueryError,
        match=r"'dialect' must be one of \('duckdb', 'spark', 'bigquery'\) \(got 'mysql'\)",
    ):
        ruiran.ingest.gdelt_sql("mysql", "events")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="must be a table name"):
        ruiran.ingest.gdelt_sql("bigquery", "events` WHERE TRUE --")
    with pytest.raises(QueryError, match=r"'version' must be one of \(1, 2, None\) \(got 3\)"):
        Plan(version=3)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="cannot be used together"):
        ruiran.ingest.gdelt_sql("spark", "events", between=("Russia", "Iran"), involving="Iran")


def test_the_spark_view_marks_its_own_version() -> None:
    text = ruiran.ingest.gdelt_sql("spark", VIEW, involving="Iran")
    assert "CAST(Version AS TINYINT) AS Version" in text
    assert "CAST(NULL" not in text


def test_import_ruiran_loads_no_engine() -> None:
    probe = (
        "import sys, ruiran, ruiran.ingest, ruiran.coded.plan, ruiran.coded.spark; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pyspark', 'py4j', 'duckdb', 'pyarrow', 'pandas', 'sqlglot'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def run_cli(*args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from ruiran.cli import main; main(sys.argv[1:])",
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == code, result.stderr
    return result


def test_the_command_line_prints_the_query_and_reads_nothing() -> None:
    printed = run_cli(
        "ingest", "gdelt", "--show-sql", "--dialect", "bigquery", "--between", "Russia", "Iran",
        "--from", "2024",
    ).stdout  # fmt: skip
    assert printed.strip() == ruiran.ingest.gdelt_sql(
        "bigquery", "gdelt-bq.gdeltv2.events", between=("Russia", "Iran"), start="2024"
    )
    spark = run_cli("ingest", "gdelt", "--show-sql", "--dialect", "spark", "--involving", "Iran")
    assert spark.stdout.strip() == ruiran.ingest.gdelt_sql("spark", VIEW, involving="Iran")
    v1 = run_cli("ingest", "gdelt", "--show-sql", "--table", "gdelt-bq.full.events")
    assert "CAST(1 AS INT64) AS Version" in v1.stdout
    own = run_cli("ingest", "gdelt", "--show-sql", "--dialect", "duckdb", "--table", "t",
                  "--gdelt-version", "1")  # fmt: skip
    assert 'FROM "t"' in own.stdout
    assert "CAST(NULL AS VARCHAR) AS ActionGeo_ADM2Code" in own.stdout
    bad = run_cli("ingest", "gdelt", "--show-sql", str(GDELT1_FILE), code=2)
    assert "reads no file" in bad.stderr
    missing = run_cli("ingest", "gdelt", "--between", "Russia", "Iran", code=2)
    assert "FILES" in missing.stderr
    no_out = run_cli("ingest", "gdelt", str(GDELT1_FILE), code=2)
    assert "--out DIR" in no_out.stderr
    dialect = run_cli("ingest", "gdelt", "--show-sql", "--dialect", "oracle", code=2)
    assert "'duckdb', 'spark', 'bigquery'" in dialect.stderr


def test_a_filter_is_made_of_country_codes_without_a_dataset() -> None:
    """Issue 21: coded.sql takes the codes the caller resolved (ruiran.ingest resolves them
    through its dataset) and gives the same condition as gdelt_where."""
    from ruiran.coded.cameo import CountryCode
    from ruiran.coded.sql import make_filter

    sides = ((CountryCode("RUS", "russia"),), (CountryCode("IRN", "iran"),))
    made = make_filter(between=sides, start="2024", end="2024-06", actors=("russia", "iran"))
    assert made.sql() == ruiran.ingest.gdelt_where(
        between=("Russia", "Iran"), start="2024", end="2024-06"
    )
    assert made.actors == ("russia", "iran")
    with pytest.raises(QueryError, match="cannot be used together"):
        make_filter(between=sides, involving=sides[0])
