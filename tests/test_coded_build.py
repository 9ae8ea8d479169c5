"""Building a columnar store straight from an Arrow table, against rules written out here.

The other coded tests build stores through the GDELT reader, whose tables always come in the
same shape (plain text columns, a ``Version``, rows in the scan's order). Here the tables are
made by hand, in every shape :meth:`CodedStore.build` accepts: text or dictionary columns, in
one chunk or several, with or without ``Version``, rows in any order, and as many distinct
values as each dictionary index width holds. What the store must hold is stated plainly: the
order of its rows as a Python sort key, its indexes as lists of row numbers.
"""

from __future__ import annotations

import types
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

import numpy as np
import pyarrow as pa

from ruiran.coded.gdelt import empty_table
from ruiran.coded.store import CodedStore, _numbered, _plain, compact

#: A few country codes (and no code at all), so that pairs, days and sides tie often.
CODES = ["IRN", "RUS", "USA", "CHN", None]
DAYS = [20200101, 20200102, 20210101]

#: One row: Actor1's code, Actor2's code, SQLDATE.
Row = tuple[str | None, str | None, int]


def table_of(
    rows: list[Row],
    ids: list[int],
    *,
    dictionary: bool = False,
    chunks: int = 1,
    version: bool = False,
) -> Any:
    """A table of the rows: ids as given, a URL naming each row (to follow it), a Goldstein
    score and IsRootEvent as GDELT's reader gives them (float64 and int32)."""
    text = pa.dictionary(pa.int32(), pa.string()) if dictionary else pa.string()
    columns: dict[str, Any] = {
        "GLOBALEVENTID": pa.array(ids, pa.int64()),
        "SQLDATE": pa.array([r[2] for r in rows], pa.int32()),
        "Actor1CountryCode": pa.array([r[0] for r in rows], pa.string()).cast(text),
        "Actor2CountryCode": pa.array([r[1] for r in rows], pa.string()).cast(text),
        "GoldsteinScale": pa.array([float(i % 7) - 3.5 for i in ids], pa.float64()),
        "IsRootEvent": pa.array([i % 2 for i in ids], pa.int32()),
        "SOURCEURL": pa.array([f"https://example.org/{i}" for i in ids], pa.string()),
    }
    if version:
        columns["Version"] = pa.array([1 + i % 2 for i in ids], pa.int8())
    table = pa.table(columns)
    if chunks > 1 and table.num_rows:
        size = -(-table.num_rows // chunks)
        table = pa.concat_tables([table.slice(at, size) for at in range(0, table.num_rows, size)])
    return table


def code_rank(code: str | None) -> tuple[bool, str]:
    """Codes in alphabetical order, no code after every code."""
    return (code is None, code or "")


def store_order(rows: list[Row], ids: list[int]) -> list[int]:
    """The ids in the store's order, by its rule: the unordered pair of the actors' codes,
    then the day, then the id."""
    keyed = []
    for (one, two, day), event in zip(rows, ids, strict=True):
        low, high = sorted((code_rank(one), code_rank(two)))
        keyed.append(((low, high, day, event), event))
    return [event for _, event in sorted(keyed)]


rows_and_ids = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from(CODES), st.sampled_from(DAYS)),
    max_size=30,
).flatmap(
    lambda rows: st.tuples(
        st.just(rows),
        st.lists(st.integers(1, 10_000), min_size=len(rows), max_size=len(rows), unique=True),
    )
)


# -- compact ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("distinct", "index"),
    [(1, "int8"), (127, "int8"), (128, "int16"), (32_767, "int16"), (32_768, "int32")],
)
@pytest.mark.parametrize("given_as", ["string", "large_string", "dictionary"])
def test_text_columns_get_the_narrowest_dictionary_index(
    distinct: int, index: str, given_as: str
) -> None:
    values = [f"v{i}" for i in range(distinct)] + [None, "v0"]
    kind = {
        "string": pa.string(),
        "large_string": pa.large_string(),
        "dictionary": pa.dictionary(pa.int32(), pa.string()),
    }[given_as]
    column = pa.array(values, pa.string()).cast(kind)
    got = compact(pa.table({"SOURCEURL": column})).column("SOURCEURL")
    assert got.type == pa.dictionary(getattr(pa, index)(), pa.string())
    assert got.num_chunks == 1
    assert got.to_pylist() == values


@pytest.mark.parametrize("given_as", ["string", "dictionary"])
def test_a_text_column_in_chunks_becomes_one_dictionary(given_as: str) -> None:
    # two chunks whose dictionaries differ (one value each side only, one shared)
    first = pa.array(["IRN", "RUS", None], pa.string())
    second = pa.array(["USA", "IRN"], pa.string())
    if given_as == "dictionary":
        first, second = (c.dictionary_encode() for c in (first, second))
    column = pa.chunked_array([first, second])
    got = compact(pa.table({"Actor1CountryCode": column})).column("Actor1CountryCode")
    assert got.num_chunks == 1
    assert got.type == pa.dictionary(pa.int8(), pa.string())
    assert got.to_pylist() == ["IRN", "RUS", None, "USA", "IRN"]
    assert sorted(got.chunk(0).dictionary.to_pylist()) == ["IRN", "RUS", "USA"]


def test_scores_become_float32_coordinates_stay_float64_and_isrootevent_a_boolean() -> None:
    table = pa.table(
        {
            "GLOBALEVENTID": pa.array([7, 8], pa.int64()),
            "SQLDATE": pa.array([20200101, 20200102], pa.int32()),
            "IsRootEvent": pa.array([1, 0], pa.int32()),
            "GoldsteinScale": pa.array([-7.5, 3.4], pa.float64()),
            "Actor1Geo_Lat": pa.array([35.7, None], pa.float64()),
            "ActionGeo_Long": pa.array([51.4167, 139.751], pa.float64()),
            "AvgTone": pa.array([-1.25, 2.5], pa.float64()),
            "NumMentions": pa.array([3, 4], pa.int32()),
        }
    )
    got = compact(table)
    assert got.schema.names == table.schema.names  # every column, in its place
    assert got.schema.field("IsRootEvent").type == pa.bool_()
    assert got.column("IsRootEvent").to_pylist() == [True, False]
    assert got.schema.field("GoldsteinScale").type == pa.float32()
    want = np.asarray(table.column("GoldsteinScale").to_pylist(), dtype=float).astype(np.float32)
    assert np.array_equal(got.column("GoldsteinScale").to_numpy(), want)
    # the rest as given: AvgTone keeps its 8 bytes (GDELT gives it more digits)
    for name in ("GLOBALEVENTID", "SQLDATE", "AvgTone", "NumMentions"):
        assert got.column(name).equals(table.column(name)), name
    # coordinates: float64 values (exact as the file wrote them), dictionary-encoded
    for name in ("Actor1Geo_Lat", "ActionGeo_Long"):
        assert got.schema.field(name).type == pa.dictionary(pa.int8(), pa.float64()), name
        assert got.column(name).cast(pa.float64()).equals(table.column(name)), name
    assert got.column("ActionGeo_Long").to_pylist() == [51.4167, 139.751]


def test_only_goldstein_is_float32_in_the_store() -> None:
    got = CodedStore.build(empty_table(), {}).table.schema
    floats = {f.name for f in got if f.type == pa.float32()}
    assert floats == {"GoldsteinScale"}
    assert got.field("AvgTone").type == pa.float64()
    for place in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        for axis in ("Lat", "Long"):
            kind = got.field(f"{place}_{axis}").type
            assert kind.value_type == pa.float64(), (place, axis)
    # handed on as plain float64
    handed = CodedStore.build(empty_table(), {}).all().to_arrow().schema
    assert handed.field("ActionGeo_Lat").type == pa.float64()


# -- build: the Version column and the row order ----------------------------------------------------


def test_a_table_without_version_gets_an_empty_tinyint_one_last() -> None:
    rows: list[Row] = [("IRN", "RUS", 20200101), ("RUS", None, 20200102)]
    store = CodedStore.build(table_of(rows, [2, 1]), {})
    assert store.table.schema.names[-1] == "Version"
    assert store.table.schema.field("Version").type == pa.int8()
    assert store.table.column("Version").to_pylist() == [None, None]
    # the same type a store read from GDELT's files has (its schema's TINYINT)
    assert CodedStore.build(empty_table(), {}).table.schema.field("Version").type == pa.int8()


def test_a_table_with_version_keeps_it_once() -> None:
    rows: list[Row] = [("IRN", "RUS", 20200101), ("RUS", None, 20200102)]
    table = table_of(rows, [2, 1], version=True)
    store = CodedStore.build(table, {})
    assert store.table.schema.names.count("Version") == 1
    assert store.table.schema.names == table.schema.names
    by_id = dict(zip(store.table.column("GLOBALEVENTID").to_pylist(),
                     store.table.column("Version").to_pylist(), strict=True))  # fmt: skip
    assert by_id == {2: 1, 1: 2}


@pytest.mark.parametrize(
    ("rows", "ids", "want"),
    [
        ([], [], []),
        ([("IRN", "RUS", 20200101)], [5], [5]),
        # two rows of one pair, given out of order: by day, then by id
        ([("IRN", "RUS", 20200102), ("RUS", "IRN", 20200101)], [1, 2], [2, 1]),
        ([("IRN", "RUS", 20200101), ("RUS", "IRN", 20200101)], [9, 3], [3, 9]),
        # pairs by their codes in alphabetical order, a missing code last
        ([("USA", None, 20200101), ("RUS", "USA", 20200101)], [1, 2], [2, 1]),
        ([(None, None, 20200101), ("CHN", None, 20200102)], [1, 2], [2, 1]),
        # the pair's lower code first: (CHN, USA) before (IRN, RUS)
        ([("RUS", "IRN", 20200101), ("USA", "CHN", 20210101)], [1, 2], [2, 1]),
    ],
)
def test_rows_are_put_in_dyad_order(rows: list[Row], ids: list[int], want: list[int]) -> None:
    store = CodedStore.build(table_of(rows, ids), {})
    assert store.table.column("GLOBALEVENTID").to_pylist() == want == store_order(rows, ids)


@given(rows_and_ids, st.booleans(), st.integers(1, 3))
def test_any_table_is_held_whole_in_the_written_order(
    drawn: tuple[list[Row], list[int]], dictionary: bool, chunks: int
) -> None:
    rows, ids = drawn
    table = table_of(rows, ids, dictionary=dictionary, chunks=chunks)
    store = CodedStore.build(table, {})
    assert store.table.column("GLOBALEVENTID").to_pylist() == store_order(rows, ids)
    # every row whole: its values travel with it
    given_rows = {r["GLOBALEVENTID"]: r for r in compact(table).to_pylist()}
    for row in store.table.to_pylist():
        want = dict(given_rows[row["GLOBALEVENTID"]], Version=None)
        assert row == want


@given(rows_and_ids)
def test_a_store_built_again_from_its_own_table_is_the_same(
    drawn: tuple[list[Row], list[int]],
) -> None:
    store = CodedStore.build(table_of(*drawn), {})
    again = CodedStore.build(store.table, {})
    assert again.table.equals(store.table)


def test_build_keeps_what_it_is_given_beside_the_table() -> None:
    resolve = {"IRN": "iran"}
    store = CodedStore.build(
        table_of([("IRN", "RUS", 20200101)], [1]),
        types.MappingProxyType(resolve),
        "other",
        summary="read",
    )
    assert (store.dataset, store.summary) == ("other", "read")
    assert store.resolve == {"IRN": "iran"}
    assert isinstance(store.resolve, dict)
    resolve["RUS"] = "russia"  # the caller's mapping changing later does not reach the store
    assert store.resolve == {"IRN": "iran"}
    assert repr(store) == "<CodedStore of 1 coded event (other)>"
    plain = CodedStore.build(table_of([], []), {})
    assert (plain.dataset, plain.summary, len(plain)) == ("gdelt", None, 0)


# -- the indexes -------------------------------------------------------------------------------------


def _brute_indexes(table: Any) -> tuple[dict[str, int], dict[str | None, list[int]]]:
    """The code numbers, and each code's rows (either side; None: a side without a code) by
    day then id, from the table's rows in Python."""
    rows = table.to_pylist()
    distinct = {r[c] for r in rows for c in ("Actor1CountryCode", "Actor2CountryCode")}
    codes = {code: n for n, code in enumerate(sorted(c for c in distinct if c is not None))}
    listed: dict[str | None, list[int]] = {}
    for code in [*codes, None]:
        hits = [
            at
            for at, r in enumerate(rows)
            if code in (r["Actor1CountryCode"], r["Actor2CountryCode"])
        ]
        listed[code] = sorted(hits, key=lambda at: (rows[at]["SQLDATE"], rows[at]["GLOBALEVENTID"]))
    return codes, listed


@given(rows_and_ids, st.booleans(), st.integers(1, 3))
def test_the_indexes_list_each_codes_rows_and_each_dyads_slice(
    drawn: tuple[list[Row], list[int]], dictionary: bool, chunks: int
) -> None:
    rows, ids = drawn
    store = CodedStore.build(table_of(rows, ids, dictionary=dictionary, chunks=chunks), {})
    ix = store.indexes()
    codes, listed = _brute_indexes(store.table)
    held = store.table.to_pylist()
    assert ix.codes == codes
    assert ix.width == len(codes) + 1
    assert ix.sqldate.tolist() == [r["SQLDATE"] for r in held]
    number: dict[str | None, int] = {None: len(codes)}
    number.update(codes)
    assert ix.first.tolist() == [number[r["Actor1CountryCode"]] for r in held]
    # each code's rows (as either actor, once each), by day then id; then the rows with a
    # side without a code
    assert len(ix.single_starts) == ix.width + 1
    for code, n in number.items():
        got = ix.single_rows[ix.single_starts[n] : ix.single_starts[n + 1]].tolist()
        assert got == listed[code], code
    assert ix.single_starts[-1] == len(ix.single_rows)
    # each dyad's rows are one slice, and the slices cover the table in order
    assert ix.dyad_starts[0] == 0 if held else len(ix.dyad_starts) == 1
    assert ix.dyad_starts[-1] == len(held)
    assert list(ix.dyad_keys) == sorted(set(ix.dyad_keys.tolist()))
    for at, key in enumerate(ix.dyad_keys.tolist()):
        start, stop = int(ix.dyad_starts[at]), int(ix.dyad_starts[at + 1])
        assert start < stop
        pairs = {
            tuple(sorted((number[r["Actor1CountryCode"]], number[r["Actor2CountryCode"]])))
            for r in held[start:stop]
        }
        assert pairs == {(key // ix.width, key % ix.width)}
    # four bytes a row for the code numbers and the rows listed by code, and for every row
    # by day once asked for: the indexes stay small
    assert (ix.first.dtype, ix.single_rows.dtype) == (np.int32, np.int32)
    assert ix.date_order is None
    assert store.all().rows.dtype == np.int32
    assert ix.date_order is store.all().rows
    assert ix.nbytes == ix.date_order.nbytes + sum(
        a.nbytes for a in (ix.first, ix.dyad_keys, ix.dyad_starts, ix.single_starts, ix.single_rows)
    )


@given(rows_and_ids)
def test_text_and_dictionary_columns_are_numbered_alike(
    drawn: tuple[list[Row], list[int]],
) -> None:
    rows, ids = drawn
    plain = table_of(rows, ids)
    codes, first, second = _numbered(plain)
    for table in (table_of(rows, ids, dictionary=True), compact(plain)):
        other_codes, other_first, other_second = _numbered(table)
        assert other_codes == codes
        assert other_first.tolist() == first.tolist()
        assert other_second.tolist() == second.tolist()
    number: dict[str | None, int] = {None: len(codes)}
    number.update(codes)
    assert first.tolist() == [number[r[0]] for r in rows]
    assert second.tolist() == [number[r[1]] for r in rows]


def test_a_null_in_a_dictionary_is_no_code() -> None:
    # a dictionary may hold a null entry (Parquet writers differ): rows pointing at it have no code
    column = pa.DictionaryArray.from_arrays(
        pa.array([0, 1, 0, None], pa.int32()), pa.array(["IRN", None])
    )
    table = pa.table({"Actor1CountryCode": column, "Actor2CountryCode": column})
    codes, first, second = _numbered(table)
    assert codes == {"IRN": 0}
    assert first.tolist() == second.tolist() == [0, 1, 0, 1]


@given(rows_and_ids, st.sampled_from(["IRN", "RUS", "USA"]), st.sampled_from(["RUS", "CHN"]))
def test_a_store_of_a_plain_table_in_dyad_order_answers_as_a_built_one(
    drawn: tuple[list[Row], list[int]], x: str, y: str
) -> None:
    built = CodedStore.build(table_of(*drawn), {})
    plain = CodedStore(_plain(built.table), {})  # the built table, its dictionaries decoded
    assert plain.select(between=((x,), (y,))).ids == built.select(between=((x,), (y,))).ids
    assert plain.select(involving=(x,)).ids == built.select(involving=(x,)).ids
    assert (
        plain.select(involving=(y,), as_source=True, first=20200102).ids
        == built.select(involving=(y,), as_source=True, first=20200102).ids
    )
