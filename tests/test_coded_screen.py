"""The screen of a filtered read: the same events as parsing every line, refusals still told."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import ruiran
from gdelt_rows import FIXTURES, read_rows
from ruiran.coded.gdelt import read
from ruiran.testing import synthetic_gdelt

GDELT2_FILE = FIXTURES / "gdelt2-events-sample.tsv"
# states of the synthetic files, and a bloc (members while members)
ACTORS = ["Russia", "Iran", "United States", "Israel", "China", "EAEU", "Armenia"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("screen")
    return [
        synthetic_gdelt(folder / "a.tsv", 3000, seed=21),
        synthetic_gdelt(folder / "b.tsv.gz", 2000, seed=22, version=1, first_id=500_000_000),
        synthetic_gdelt(folder / "c.tsv.zip", 1500, seed=23, first_id=600_000_000),
    ]


def _table_rows(ds: ruiran.Dataset) -> list[dict[str, object]]:
    assert ds.coded is not None
    table = ds.coded.all().to_arrow()
    return sorted(table.to_pylist(), key=lambda r: int(str(r["GLOBALEVENTID"])))


@settings(max_examples=25)
@given(
    st.sampled_from(ACTORS),
    st.one_of(st.none(), st.sampled_from(ACTORS)),
    st.one_of(st.none(), st.sampled_from(["2015", "2017-06", "2020"])),
    st.one_of(st.none(), st.sampled_from(["2016", "2022-03", "2025"])),
)
def test_a_screened_read_keeps_exactly_what_parsing_every_line_keeps(
    files: list[Path], a: str, b: str | None, start: str | None, end: str | None
) -> None:
    if b == a or (start is not None and end is not None and start > end):
        return
    ds = ruiran.load()
    if b is not None and ds.actor(a).id == ds.actor(b).id:
        return
    filters: dict[str, object] = {"start": start, "end": end}
    if b is None:
        filters["involving"] = a
    else:
        filters["between"] = (a, b)
    screened = ruiran.ingest.gdelt(files, **filters)  # type: ignore[arg-type]
    every = ruiran.ingest.gdelt(files, check_all=True, **filters)  # type: ignore[arg-type]
    assert screened.coded is not None
    assert every.coded is not None
    assert _table_rows(screened) == _table_rows(every)
    mine, theirs = screened.coded.summary, every.coded.summary
    assert (mine.lines_read, mine.kept, mine.refused, mine.filtered_out) == (
        theirs.lines_read,
        theirs.kept,
        theirs.refused,
        theirs.filtered_out,
    )
    assert theirs.unparsed == 0
    assert 0 < mine.unparsed <= mine.filtered_out


def test_the_screen_is_a_superset_of_the_filter_by_brute_force(files: list[Path]) -> None:
    rows = [r for path in files for r in read_rows(path)]
    ds = ruiran.ingest.gdelt(files, between=("Russia", "Iran"))
    assert ds.coded is not None
    # GDELT 2.0 and 1.0 both put the actors' country codes at fields 7 and 17
    want = sorted(int(r[0]) for r in rows if {r[7], r[17]} == {"RUS", "IRN"})
    assert sorted(ds.coded.all().ids) == want
    could = sum(1 for r in rows if "RUS" in r and "IRN" in r)
    assert ds.coded.summary.unparsed == len(rows) - could


def test_a_malformed_line_that_passes_the_screen_is_refused_where_it_is(tmp_path: Path) -> None:
    rows = read_rows(GDELT2_FILE)
    lines = ["\t".join(r) for r in rows]
    russia_iran = ["RUS", "IRN"]
    bad = [*rows[3][:7], russia_iran[0], *rows[3][8:17], russia_iran[1], *rows[3][18:]]
    lines.insert(20, "\t".join(bad[:20]))  # line 22 (after the next insert): cut short
    bad[1] = "2O240101"  # SQLDATE with a letter O
    lines.insert(10, "\t".join(bad))  # line 11
    path = tmp_path / "bad.tsv"
    path.write_text("\n".join(lines) + "\n")
    ds = ruiran.ingest.gdelt(path, between=("Russia", "Iran"))
    assert ds.coded is not None
    summary = ds.coded.summary
    assert [(r.file, r.line) for r in summary.refusals] == [(str(path), 11), (str(path), 22)]
    assert "SQLDATE" in summary.refusals[0].message
    assert "Expected Number of Columns" in summary.refusals[1].message
    assert summary.refused == 2
    assert summary.lines_read == len(lines)
    assert summary.unparsed == 0  # the file was read whole, to place its refusals


def test_lines_are_passed_on_byte_for_byte(tmp_path: Path) -> None:
    rows = [list(r) for r in read_rows(GDELT2_FILE) if {r[7], r[17]} == {"RUS", "IRN"}]
    if not rows:
        rows = [list(read_rows(GDELT2_FILE)[0])]
        rows[0][7], rows[0][17] = "RUS", "IRN"
    odd = list(rows[0])
    odd[6] = 'A "QUOTED" NAME \\ WITH, COMMAS; AND \x01 A CONTROL CHARACTER'
    odd[-1] = 'https://example.invalid/a"b\\c?d=1,2'
    text = "\r\n".join("\t".join(r) for r in [odd, *rows[1:]]) + "\r\n"
    with gzip.open(tmp_path / "odd.tsv.gz", "wt", encoding="utf-8", newline="") as handle:
        handle.write(text)
    screened = ruiran.ingest.gdelt(tmp_path / "odd.tsv.gz", between=("Russia", "Iran"))
    every = ruiran.ingest.gdelt(tmp_path / "odd.tsv.gz", between=("Russia", "Iran"), check_all=True)
    assert _table_rows(screened) == _table_rows(every)
    assert screened.coded is not None
    first = screened.coded.all().to_arrow().to_pylist()
    by_id = {r["GLOBALEVENTID"]: r for r in first}
    assert by_id[int(odd[0])]["Actor1Name"] == odd[6]
    assert by_id[int(odd[0])]["SOURCEURL"] == odd[-1]


def test_the_screen_takes_only_country_codes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="three capital letters"):
        read([GDELT2_FILE], "TRUE", screen=[["R') OR TRUE --"]])
