"""One row per GLOBALEVENTID: overlapping files, a file given twice, merged stores and folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import pyarrow as pa

import ruiran
from gdelt_rows import FIXTURES, read_rows
from ruiran.coded.duplicates import drop_duplicates
from ruiran.coded.parquet import MANIFEST, write_folder
from ruiran.coded.store import CodedStore
from ruiran.testing import synthetic_gdelt

GDELT1_FILE = FIXTURES / "gdelt1-events-sample.tsv"
GDELT2_FILE = FIXTURES / "gdelt2-events-sample.tsv"
ID, ADDED, MENTIONS = 0, 59, 31  # GDELT 2.0 columns: GLOBALEVENTID, DATEADDED, NumMentions
EVENT_CODE = 26  # GDELT 2.0: EventCode


def _write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _later(added: str) -> str:
    """A later DATEADDED of the same day (GDELT 2.0 adds at quarter hours, never 23:59:59)."""
    assert not added.endswith("235959")
    return added[:8] + "235959"


def _added_as_seconds(value: int | None) -> int:
    """The brute-force view of DATEADDED: a 1.0 day (8 digits) is its first second."""
    if value is None:
        return -1
    return value * 1_000_000 if len(str(value)) <= 8 else value


# -- the rule, against a brute-force choice -------------------------------------------------------

added_values = st.one_of(
    st.none(),
    st.integers(20150101, 20151231),  # GDELT 1.0: a day
    st.integers(20150101000000, 20151231235959),  # GDELT 2.0: a second
)


@settings(max_examples=200)
@given(
    st.lists(st.tuples(st.integers(1, 8), added_values, st.integers(0, 2)), min_size=0, max_size=30)
)
def test_drop_duplicates_keeps_what_a_brute_force_choice_keeps(
    rows: list[tuple[int, int | None, int]],
) -> None:
    table = pa.table(
        {
            "GLOBALEVENTID": pa.array([r[0] for r in rows], pa.int64()),
            "DATEADDED": pa.array([r[1] for r in rows], pa.int64()),
            "position": pa.array(range(len(rows)), pa.int64()),
        }
    )
    kept, dropped = drop_duplicates(table, [r[2] for r in rows])
    best: dict[int, tuple[int, int, int]] = {}
    for position, (event, added, rank) in enumerate(rows):
        key = (_added_as_seconds(added), rank, position)
        best[event] = max(best.get(event, key), key)
    want = sorted(key[2] for key in best.values())  # kept rows keep their order
    assert kept.column("position").to_pylist() == want
    assert dropped == len(rows) - len(want)
    assert len(set(kept.column("GLOBALEVENTID").to_pylist())) == kept.num_rows


def test_strictly_increasing_ids_are_left_as_they_are() -> None:
    table = pa.table({"GLOBALEVENTID": [1, 5, 9], "DATEADDED": [None, None, None]})
    kept, dropped = drop_duplicates(table)
    assert kept is table
    assert dropped == 0


# -- reading files ---------------------------------------------------------------------------------


def test_the_same_file_twice_is_read_once(tmp_path: Path) -> None:
    ds = ruiran.ingest.gdelt([GDELT2_FILE, GDELT2_FILE])
    assert ds.coded is not None
    summary = ds.coded.summary
    assert (summary.lines_read, summary.kept, summary.duplicates) == (100, 50, 50)
    assert summary.filtered_out == 0
    assert "dropped 50 duplicates" in str(summary)
    assert summary.to_dict()["duplicates"] == 50
    assert sorted(ds.coded.all().ids) == sorted(int(r[ID]) for r in read_rows(GDELT2_FILE))


def test_overlapping_files_keep_the_latest_dateadded(tmp_path: Path) -> None:
    rows = read_rows(GDELT2_FILE)
    early = _write(tmp_path / "0000.export.CSV", rows[:30])
    # the next file repeats rows 20..29, added 15 minutes later with more mentions
    later_rows = [list(r) for r in rows[20:]]
    for row in later_rows[:10]:
        row[ADDED] = _later(row[ADDED])
        row[MENTIONS] = str(int(row[MENTIONS]) + 100)
    later = _write(tmp_path / "0015.export.CSV", later_rows)
    repeated = {int(r[ID]) for r in rows[20:30]}
    for order in ([early, later], [later, early]):  # the order given does not matter here
        ds = ruiran.ingest.gdelt(order)
        assert ds.coded is not None
        assert ds.coded.summary.duplicates == 10
        assert len(ds.coded) == 50
        mentions = {e.row_id: e.mentions for e in ds.coded.all()}
        for row in rows:
            extra = 100 if int(row[ID]) in repeated else 0
            assert mentions[int(row[ID])] == int(row[MENTIONS]) + extra


def test_on_a_dateadded_tie_the_file_given_last_wins(tmp_path: Path) -> None:
    rows = read_rows(GDELT2_FILE)
    changed = [list(r) for r in rows[:5]]
    for row in changed:
        row[MENTIONS] = "999"
    first = _write(tmp_path / "a.tsv", rows[:5])
    second = _write(tmp_path / "b.tsv", changed)
    for order, want in (([first, second], 999), ([second, first], None)):
        ds = ruiran.ingest.gdelt(order)
        assert ds.coded is not None
        got = {e.mentions for e in ds.coded.all()}
        assert got == ({999} if want else {int(r[MENTIONS]) for r in rows[:5]})


@pytest.mark.parametrize("check_all", [False, True])
def test_ties_go_to_the_file_given_last_among_many_under_a_filter(
    tmp_path: Path, check_all: bool
) -> None:
    rows = read_rows(GDELT2_FILE)
    files = []
    for n in range(12):  # twelve copies of the sample, each with its own NumMentions
        changed = [list(r) for r in rows]
        for row in changed:
            row[MENTIONS] = str(1000 + n)
        files.append(_write(tmp_path / f"{n:02d}.export.CSV", changed))
    usa = {int(r[ID]) for r in rows if "USA" in (r[7], r[17])}
    for order in (files, files[::-1], files[3:] + files[:3]):
        ds = ruiran.ingest.gdelt(order, involving="United States", check_all=check_all)
        assert ds.coded is not None
        assert set(ds.coded.all().ids) == usa
        assert ds.coded.summary.duplicates == 11 * len(usa)
        last = int(order[-1].name[:2])
        assert {e.mentions for e in ds.coded.all()} == {1000 + last}


def test_duplicates_are_dropped_under_a_filter_too(tmp_path: Path) -> None:
    path = synthetic_gdelt(tmp_path / "e.tsv.gz", 3000, seed=4)
    copy = shutil.copy(path, tmp_path / "copy.tsv.gz")
    once = ruiran.ingest.gdelt(path, between=("Russia", "Iran"))
    twice = ruiran.ingest.gdelt([path, copy], between=("Russia", "Iran"))
    assert once.coded is not None
    assert twice.coded is not None
    assert twice.coded.all() == once.coded.all()
    assert twice.coded.summary.duplicates == len(once.coded) > 0
    assert twice.coded.summary.lines_read == 6000
    assert twice.coded.summary.filtered_out == 2 * once.coded.summary.filtered_out


def test_a_gdelt1_day_and_a_gdelt2_second_compare_as_times(tmp_path: Path) -> None:
    one = read_rows(GDELT1_FILE)[0]  # DATEADDED is a day (YYYYMMDD)
    two = read_rows(GDELT2_FILE)[0]
    two[ID] = one[0]
    two[ADDED] = one[-2] + "000100"  # a minute past midnight of the 1.0 row's day: later
    files = [_write(tmp_path / "two.tsv", [two]), _write(tmp_path / "one.tsv", [one])]
    ds = ruiran.ingest.gdelt(files)
    assert ds.coded is not None
    (event,) = ds.coded.all()
    assert event.version == 2


# -- stores and folders ------------------------------------------------------------------------------


def test_merging_datasets_keeps_the_latest_copy(tmp_path: Path) -> None:
    rows = read_rows(GDELT2_FILE)
    newer = [list(r) for r in rows[:10]]
    for row in newer:
        row[ADDED] = _later(row[ADDED])
        row[MENTIONS] = "777"
    old = ruiran.ingest.gdelt(_write(tmp_path / "old.tsv", rows))
    new = ruiran.ingest.gdelt(_write(tmp_path / "new.tsv", newer))
    for merged in (old.merge(new), new.merge(old)):
        assert merged.coded is not None
        assert len(merged.coded) == 50
        by_id = {e.row_id: e.mentions for e in merged.coded.all()}
        assert all(by_id[int(r[ID])] == 777 for r in rows[:10])
        assert all(by_id[int(r[ID])] == int(r[MENTIONS]) for r in rows[10:])


def test_a_folder_holding_two_ingests_is_read_with_each_event_once(tmp_path: Path) -> None:
    rows = read_rows(GDELT2_FILE)
    first = ruiran.ingest.gdelt(_write(tmp_path / "a.tsv", rows[:30]))
    second = ruiran.ingest.gdelt(_write(tmp_path / "b.tsv", rows[20:]))
    write_folder(first, tmp_path / "one")
    write_folder(second, tmp_path / "two")
    manifest = json.loads((tmp_path / "one" / MANIFEST).read_text())
    for part in (tmp_path / "two").glob("year=*/*.parquet"):  # put two's files beside one's
        target = tmp_path / "one" / part.parent.name / "part-from-two.parquet"
        target.parent.mkdir(exist_ok=True)
        shutil.copy(part, target)
        manifest["files"].append(target.relative_to(tmp_path / "one").as_posix())
    (tmp_path / "one" / MANIFEST).write_text(json.dumps(manifest))  # listed: read, not refused
    ds = ruiran.load(tmp_path / "one")
    assert ds.coded is not None
    assert sorted(ds.coded.all().ids) == sorted(int(r[ID]) for r in rows)


def test_a_folder_loaded_on_top_of_coded_events_adds_to_them(tmp_path: Path) -> None:
    rows = read_rows(GDELT2_FILE)
    newer = [list(r) for r in rows[20:]]
    for row in newer[:10]:
        row[ADDED] = _later(row[ADDED])
        row[MENTIONS] = "555"
    write_folder(ruiran.ingest.gdelt(_write(tmp_path / "a.tsv", rows[:30])), tmp_path / "one")
    write_folder(ruiran.ingest.gdelt(_write(tmp_path / "b.tsv", newer)), tmp_path / "two")
    ds = ruiran.load(tmp_path / "two", base=ruiran.load(tmp_path / "one"))
    assert ds.coded is not None
    by_id = {e.row_id: e.mentions for e in ds.coded.all()}
    assert sorted(by_id) == sorted(int(r[ID]) for r in rows)
    assert all(by_id[int(r[ID])] == 555 for r in rows[20:30])


def test_a_merged_store_keeps_a_read_summary_only_when_one_store_has_one(tmp_path: Path) -> None:
    """The summary says what reading some files did: a merge keeps the first store's when the
    second has none (a store built without reading), and none when both have one. Of an event
    in both with the same DATEADDED, the second store's copy is kept."""
    rows = read_rows(GDELT2_FILE)
    store = ruiran.ingest.gdelt(_write(tmp_path / "a.tsv", rows)).coded
    assert store is not None
    assert store.summary is not None
    changed = [list(r) for r in rows[:5]]
    for row in changed:
        row[MENTIONS] = "999"
    other = ruiran.ingest.gdelt(_write(tmp_path / "b.tsv", changed)).coded
    assert other is not None
    assert other.summary is not None
    bare = CodedStore.build(store.table, store.resolve)  # no files read: no summary
    assert bare.summary is None
    assert store.concat(bare).summary is store.summary
    assert bare.concat(store).summary is None
    assert store.concat(other).summary is None
    merged = store.concat(other)
    assert merged.dataset == "gdelt"
    mentions = dict(
        zip(
            merged.all().ids,
            merged.all().columns(["NumMentions"]).column(0).to_pylist(),
            strict=True,
        )
    )
    assert len(mentions) == len(rows)
    assert all(mentions[int(r[ID])] == 999 for r in changed)
    assert all(mentions[int(r[ID])] == int(r[MENTIONS]) for r in rows[5:])


def test_a_row_without_an_event_code_matches_no_code_prefix(tmp_path: Path) -> None:
    """GDELT may leave EventCode empty: such a row is kept, and no CAMEO prefix selects it."""
    rows = [list(r) for r in read_rows(GDELT2_FILE)[:3]]
    rows[0][EVENT_CODE] = ""
    store = ruiran.ingest.gdelt(_write(tmp_path / "e.tsv", rows)).coded
    assert store is not None
    assert len(store) == 3
    for prefix in ("0", "04", rows[1][EVENT_CODE], rows[2][EVENT_CODE]):
        want = sorted(int(r[ID]) for r in rows[1:] if r[EVENT_CODE].startswith(prefix))
        assert sorted(store.select(code_prefix=prefix).ids) == want
