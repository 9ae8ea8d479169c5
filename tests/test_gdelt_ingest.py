"""Reading GDELT files: every real sample row, values as in the file, refusals told, formats."""

from __future__ import annotations

import datetime as dt
import gzip
import math
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import ruiran
from gdelt_rows import FIXTURES, read_rows
from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, GDELT2
from ruiran.coded.gdelt import STORE_COLUMNS, expand
from ruiran.errors import MissingExtraError, QueryError
from ruiran.testing import synthetic_gdelt

GDELT1_FILE = FIXTURES / "gdelt1-events-sample.tsv"
GDELT2_FILE = FIXTURES / "gdelt2-events-sample.tsv"
_FLOAT32 = {"GoldsteinScale"}  # coordinates are exact: tests/test_gdelt_robust.py


def _expected(field: str, kind: str, name: str) -> object:
    """A file's field as the store should hold it."""
    if field == "":
        return None
    if kind == "VARCHAR":
        return field
    if kind == "DOUBLE":
        return float(field)
    if name == "IsRootEvent":
        return field == "1"
    return int(field)


@pytest.mark.parametrize(
    ("path", "layout", "version"), [(GDELT1_FILE, GDELT1, 1), (GDELT2_FILE, GDELT2, 2)]
)
def test_every_real_row_parses_with_the_values_of_the_file(
    path: Path, layout: tuple[tuple[str, str], ...], version: int
) -> None:
    ds = ruiran.ingest.gdelt(path)
    assert ds.coded is not None
    summary = ds.coded.summary
    assert (summary.lines_read, summary.kept, summary.refused) == (50, 50, 0)
    assert summary.versions == (version,)
    rows = read_rows(path)
    table = ds.coded.all().to_arrow(resolved=False)
    held = {row["GLOBALEVENTID"]: row for row in table.to_pylist()}
    assert len(held) == 50
    kept = {name for name, _ in STORE_COLUMNS}
    for fields in rows:
        got = held[int(fields[0])]
        for (name, kind), field in zip(layout, fields, strict=True):
            if name not in kept:
                continue  # MonthYear, Year, FractionDate follow from SQLDATE
            want = _expected(field, kind, name)
            if isinstance(want, float):
                tolerance = 1e-5 * max(1.0, abs(want)) if name in _FLOAT32 else 1e-12
                assert math.isclose(got[name], want, abs_tol=tolerance), (fields[0], name)
            else:
                assert got[name] == want, (fields[0], name, field)
        assert got["Version"] == version
        if version == 1:
            assert got["Actor1Geo_ADM2Code"] is None


def test_spot_checks_of_gdelt2_rows_against_the_file() -> None:
    ds = ruiran.ingest.gdelt(GDELT2_FILE)
    assert ds.coded is not None
    first = next(e for e in ds.coded.all() if e.row_id == 669666350)
    assert first.date == dt.date(2007, 7, 4)
    assert first.actor1.code is None
    assert (first.actor2.code, first.actor2.name) == ("CVL", "NEIGHBORHOOD")
    assert (first.event_code, first.event_base_code, first.event_root_code) == ("040", "040", "04")
    assert (first.quad_class, first.goldstein, first.mentions) == (1, 1.0, 5)
    assert first.tone == -0.11641443538999
    assert first.is_root_event is True
    assert first.date_added == dt.datetime(2017, 7, 1, 23, 45)
    assert first.source_url is not None
    assert first.provenance == f"coded by GDELT 2.0 from {first.source_url}"
    assert "cvilletomorrow.org" in first.source_url
    saudi = next(e for e in ds.coded.all() if e.row_id == 669666359)
    assert (saudi.actor1.country, saudi.actor2.code, saudi.actor2.country) == (
        "EGY",
        "SAUGOV",
        "SAU",
    )
    assert (saudi.event_code, saudi.goldstein) == ("043", 2.8)
    place = next(e for e in ds.coded.all() if e.row_id == 669666354).action_place
    assert place is not None
    assert (place.name, place.country, place.adm1) == (
        "Ouachita Parish, Louisiana, United States",
        "US",
        "USLA",
    )
    assert (place.latitude, place.longitude, place.feature_id) == (32.4835, -92.1501, "558114")


def test_spot_checks_of_gdelt1_rows_against_the_file() -> None:
    ds = ruiran.ingest.gdelt(GDELT1_FILE)
    assert ds.coded is not None
    first = ds.coded.all()[0]
    assert first.row_id == 635942246
    assert first.date == dt.date(2016, 3, 12)
    assert (first.actor2.code, first.actor2.country) == ("CAN", "CAN")
    assert (first.event_code, first.event_base_code, first.event_root_code) == ("1124", "112", "11")
    assert (first.quad_class, first.goldstein, first.tone) == (3, -2.0, -2.52185272779571)
    assert first.date_added == dt.datetime(2017, 3, 12)
    assert first.version == 1
    assert first.action_place is None or first.action_place.adm2 is None


def test_both_versions_and_every_compression_in_one_read(tmp_path: Path) -> None:
    shutil.copy(GDELT2_FILE, tmp_path / "a.export.CSV")
    with gzip.open(tmp_path / "b.export.CSV.gz", "wb") as handle:
        handle.write(GDELT1_FILE.read_bytes())
    with zipfile.ZipFile(tmp_path / "c.export.CSV.zip", "w") as archive:
        archive.write(GDELT2_FILE, "c.export.CSV")
    ds = ruiran.ingest.gdelt(str(tmp_path / "*.export.CSV*"))
    assert ds.coded is not None
    summary = ds.coded.summary
    assert (summary.lines_read, summary.kept, summary.refused) == (150, 100, 0)
    assert summary.versions == (1, 2)
    assert len(summary.files) == 3
    # the zip's rows repeat the plain file's: each event is held once
    assert summary.duplicates == 50
    assert summary.filtered_out == 0
    assert len(set(ds.coded.all().ids)) == len(ds.coded) == 100


def test_the_filter_runs_in_the_scan(tmp_path: Path) -> None:
    path = synthetic_gdelt(tmp_path / "e.tsv.gz", 4000, seed=11)
    rows = read_rows(path)
    ds = ruiran.ingest.gdelt(path, between=("Iran", "Russia"), start="2020-03", end="2022")
    assert ds.coded is not None
    want = sorted(
        (int(r[1]), int(r[0]))
        for r in rows
        if {r[7], r[17]} == {"RUS", "IRN"} and 20200301 <= int(r[1]) <= 20221231
    )
    assert [(e.date.year * 10_000 + e.date.month * 100 + e.date.day, e.row_id)
            for e in ds.coded.all()] == want  # fmt: skip
    summary = ds.coded.summary
    assert summary.lines_read == 4000
    assert summary.filtered_out == 4000 - len(want)
    assert "SQLDATE >= 20200301" in summary.where


def test_a_57_column_gdelt1_file_without_urls(tmp_path: Path) -> None:
    lines = ["\t".join(line.split("\t")[:57]) for line in GDELT1_FILE.read_text().splitlines()]
    (tmp_path / "old.tsv").write_text("\n".join(lines) + "\n")
    ds = ruiran.ingest.gdelt(tmp_path / "old.tsv")
    assert ds.coded is not None
    assert len(ds.coded) == 50
    event = ds.coded.all()[0]
    assert event.source_url is None
    assert "no source URL" in event.provenance
    assert len(GDELT1_NO_URL) == 57


def test_malformed_lines_are_refused_with_file_and_line(tmp_path: Path) -> None:
    good = GDELT2_FILE.read_text().splitlines(keepends=True)
    fields = good[5].rstrip("\n").split("\t")
    bad = [
        *good[:3],
        "1\t2\t3\n",  # line 4: ragged, too few fields
        *good[3:5],
        good[5].replace("\t", "\tX", 1),  # line 7: SQLDATE is not a number
        "\t".join([*fields, "extra"]) + "\n",  # line 8: one field too many
        *good[6:8],
        "\t" + good[8].split("\t", 1)[1],  # line 11: no GLOBALEVENTID
        *good[9:],
    ]
    path = tmp_path / "bad.tsv"
    path.write_text("".join(bad))
    ds = ruiran.ingest.gdelt(path)
    assert ds.coded is not None
    summary = ds.coded.summary
    assert [r.line for r in summary.refusals] == [4, 7, 8, 11]
    assert all(r.file == str(path) for r in summary.refusals)
    assert "Expected Number of Columns" in summary.refusals[0].message
    assert "SQLDATE" in summary.refusals[1].message
    assert "GLOBALEVENTID" in summary.refusals[3].message
    assert summary.lines_read == len(bad)
    assert summary.refused == 4
    assert summary.kept == len(bad) - 4
    assert f"refused {path}:4:" in str(summary)


def test_refusals_are_told_for_lines_the_filter_would_drop(tmp_path: Path) -> None:
    text = GDELT2_FILE.read_text() + "1\t2\n"
    (tmp_path / "bad.tsv").write_text(text)
    ds = ruiran.ingest.gdelt(tmp_path / "bad.tsv", involving="Iran", check_all=True)
    assert ds.coded is not None
    assert [r.line for r in ds.coded.summary.refusals] == [51]
    assert ds.coded.summary.unparsed == 0


def test_the_screen_sets_aside_lines_without_a_side_s_code_unparsed(tmp_path: Path) -> None:
    text = GDELT2_FILE.read_text() + "1\t2\n"
    (tmp_path / "bad.tsv").write_text(text)
    ds = ruiran.ingest.gdelt(tmp_path / "bad.tsv", involving="United States")
    assert ds.coded is not None
    summary = ds.coded.summary
    usa = [r for r in read_rows(GDELT2_FILE) if "USA" in (r[7], r[17])]
    assert summary.kept == len(usa) > 0
    assert summary.refused == 0  # the ragged line has no USA: counted, not parsed
    assert summary.lines_read == 51
    assert 0 < summary.unparsed <= summary.filtered_out == 51 - len(usa)


def test_a_file_that_is_not_gdelt_is_refused_whole(tmp_path: Path) -> None:
    (tmp_path / "other.csv").write_text("a,b,c\n1,2,3\n")
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    ds = ruiran.ingest.gdelt([tmp_path / "other.csv", tmp_path / "bad.zip", GDELT2_FILE])
    assert ds.coded is not None
    summary = ds.coded.summary
    assert summary.kept == 50
    assert [(Path(r.file).name, r.line) for r in summary.refusals] == [
        ("other.csv", None),
        ("bad.zip", None),
    ]
    assert "not a GDELT event file" in summary.refusals[0].message


def test_missing_files_and_bad_filters(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no file matches"):
        ruiran.ingest.gdelt(str(tmp_path / "*.zip"))
    with pytest.raises(FileNotFoundError):
        ruiran.ingest.gdelt(tmp_path / "none.tsv")
    with pytest.raises(IsADirectoryError):
        expand(tmp_path)
    with pytest.raises(QueryError, match="cannot be used together"):
        ruiran.ingest.gdelt(GDELT2_FILE, between=("Russia", "Iran"), involving="Iran")
    with pytest.raises(QueryError, match="give a state or a bloc"):
        ruiran.ingest.gdelt(GDELT2_FILE, involving="Vladimir Putin")
    with pytest.raises(QueryError, match="two different actors"):
        ruiran.ingest.gdelt(GDELT2_FILE, between=("Russia", "Soviet Union"))


def test_the_filter_as_sql_text() -> None:
    text = ruiran.ingest.gdelt_where(between=("Russia", "Iran"), start="2024", end="2024")
    assert text == (
        "((Actor1CountryCode IN ('RUS') AND Actor2CountryCode IN ('IRN')) OR "
        "(Actor1CountryCode IN ('IRN') AND Actor2CountryCode IN ('RUS'))) "
        "AND SQLDATE >= 20240101 AND SQLDATE <= 20241231"
    )
    eaeu = ruiran.ingest.gdelt_where(involving="EAEU")
    assert "Actor1CountryCode = 'ARM' AND SQLDATE >= 2015" in eaeu  # members while members
    assert ruiran.ingest.gdelt_where() == "TRUE"


def test_import_ruiran_stays_light() -> None:
    code = (
        "import sys, ruiran; "
        "print(sorted(m for m in ('duckdb', 'pyarrow', 'pandas', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_missing_extra_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(MissingExtraError, match=r"ruiran\[events\]"):
        ruiran.ingest.gdelt(GDELT2_FILE)
