"""Reading GDELT files robustly and exactly (issue 20): bounded reads, impossible dates,
honest counts, odd paths, scratch files on SIGTERM, many zip members, mixed 1.0 widths,
places typed 0, exact coordinates."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import ruiran
from gdelt_rows import FIXTURES, read_rows
from ruiran.coded.columns import GDELT1, GDELT2
from ruiran.coded.gdelt import ReadSummary, empty_table, expand, read
from ruiran.limits import Limits
from ruiran.testing import synthetic_gdelt

GDELT1_FILE = FIXTURES / "gdelt1-events-sample.tsv"
GDELT2_FILE = FIXTURES / "gdelt2-events-sample.tsv"
_PLACES = ("Actor1Geo", "Actor2Geo", "ActionGeo")
_ATTRIBUTES = ("actor1_place", "actor2_place", "action_place")


def _coordinates(path: Path, layout: tuple[tuple[str, str], ...]) -> dict[tuple[int, str], str]:
    """Every non-empty coordinate of a file as its text, by (GLOBALEVENTID, column)."""
    names = [name for name, _ in layout]
    found = {}
    for fields in read_rows(path):
        row = dict(zip(names, fields, strict=True))
        for place in _PLACES:
            for axis in ("Lat", "Long"):
                if row[f"{place}_{axis}"]:
                    found[(int(row["GLOBALEVENTID"]), f"{place}_{axis}")] = row[f"{place}_{axis}"]
    return found


def _exact(value: object, text: str) -> bool:
    """Whether a float reads back as the file's text (the same decimal number)."""
    return isinstance(value, float) and Decimal(repr(value)) == Decimal(text)


# -- 9. coordinates round-trip exactly -------------------------------------------------------------


@pytest.mark.parametrize(("path", "layout"), [(GDELT1_FILE, GDELT1), (GDELT2_FILE, GDELT2)])
def test_every_coordinate_reads_back_as_the_file_wrote_it(
    path: Path, layout: tuple[tuple[str, str], ...]
) -> None:
    want = _coordinates(path, layout)
    assert len(want) > 100
    ds = ruiran.ingest.gdelt(path)
    assert ds.coded is not None
    events = ds.coded.all()
    # Arrow
    rows = {r["GLOBALEVENTID"]: r for r in events.to_arrow().to_pylist()}
    assert all(_exact(rows[i][name], text) for (i, name), text in want.items())
    # pandas
    frame = events.to_pandas().set_index("GLOBALEVENTID")
    assert all(_exact(float(frame.at[i, name]), text) for (i, name), text in want.items())
    # DuckDB
    relation = events.to_duckdb()
    names = sorted({name for _, name in want})
    got = {
        row[0]: dict(zip(names, row[1:], strict=True))
        for row in relation.select(", ".join(["GLOBALEVENTID", *names])).fetchall()
    }
    assert all(_exact(got[i][name], text) for (i, name), text in want.items())
    # records
    for event in events:
        for place, attribute in zip(_PLACES, _ATTRIBUTES, strict=True):
            held = getattr(event, attribute)
            for axis, field in (("Lat", "latitude"), ("Long", "longitude")):
                text = want.get((event.row_id, f"{place}_{axis}"))
                if text is not None:
                    assert held is not None
                    assert _exact(getattr(held, field), text), (event.row_id, place, axis)


def test_coordinates_with_many_digits_round_trip(tmp_path: Path) -> None:
    fields = read_rows(GDELT2_FILE)[0]
    names = [name for name, _ in GDELT2]
    texts = ["139.751", "-33.8688197", "0.000001", "51.50735090000001", "-179.99999999999"]
    lines = []
    for n, text in enumerate(texts):
        row = list(fields)
        row[0] = str(900 + n)
        row[names.index("ActionGeo_Type")] = "4"
        row[names.index("ActionGeo_Lat")] = text
        row[names.index("ActionGeo_Long")] = text
        lines.append("\t".join(row))
    (tmp_path / "e.tsv").write_text("\n".join(lines) + "\n")
    ds = ruiran.ingest.gdelt(tmp_path / "e.tsv")
    assert ds.coded is not None
    got = {e.row_id: e.action_place for e in ds.coded.all()}
    for n, text in enumerate(texts):
        place = got[900 + n]
        assert place is not None
        assert repr(place.latitude) == repr(float(text))
        assert _exact(place.longitude, text)


# -- 8. a place typed 0 keeps what the file holds --------------------------------------------------


def test_a_place_typed_0_with_a_name_and_coordinates_is_kept(tmp_path: Path) -> None:
    names = [name for name, _ in GDELT2]
    rows = [r for r in read_rows(GDELT2_FILE) if all(r[names.index(f"{p}_Lat")] for p in _PLACES)]
    row = list(rows[0])
    for place in _PLACES:
        row[names.index(f"{place}_Type")] = "0"
    empty = list(rows[1])
    empty[0] = "1"
    for place in _PLACES:
        for name in names:
            if name.startswith(f"{place}_"):
                empty[names.index(name)] = ""
    (tmp_path / "e.tsv").write_text("\t".join(row) + "\n" + "\t".join(empty) + "\n")
    ds = ruiran.ingest.gdelt(tmp_path / "e.tsv")
    assert ds.coded is not None
    event = next(e for e in ds.coded.all() if e.row_id == int(row[0]))
    for place, attribute in zip(_PLACES, _ATTRIBUTES, strict=True):
        held = getattr(event, attribute)
        assert held is not None, place
        assert held.type == 0
        assert held.name == row[names.index(f"{place}_FullName")]
        assert _exact(held.latitude, row[names.index(f"{place}_Lat")])
        assert _exact(held.longitude, row[names.index(f"{place}_Long")])
        assert held.feature_id == (row[names.index(f"{place}_FeatureID")] or None)
    bare = next(e for e in ds.coded.all() if e.row_id == 1)
    assert (bare.actor1_place, bare.actor2_place, bare.action_place) == (None, None, None)


# -- 1. every read is bounded ----------------------------------------------------------------------


def _summary(paths: object, **kwargs: object) -> ReadSummary:
    table, summary = read(expand(paths), **kwargs)  # type: ignore[arg-type]
    assert table.num_rows == summary.kept
    return summary


def _holds(summary: ReadSummary) -> None:
    assert summary.lines_read == (
        summary.kept + summary.filtered_out + summary.refused + summary.duplicates
    )
    assert min(summary.lines_read, summary.kept, summary.filtered_out, summary.refused) >= 0


def test_a_huge_line_in_a_gzip_or_zip_is_refused_whole(tmp_path: Path) -> None:
    huge = b"x" * 5000 + b"\n"
    with gzip.open(tmp_path / "one-line.tsv.gz", "wb") as handle:
        handle.write(huge)
    with zipfile.ZipFile(tmp_path / "one-line.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.tsv", huge)
    small = Limits(gdelt_line_bytes=4096)
    paths = [tmp_path / "one-line.tsv.gz", tmp_path / "one-line.zip", GDELT2_FILE]
    summary = _summary(paths, limits=small)
    assert [(Path(r.file).name, r.line) for r in summary.refusals] == [
        ("one-line.tsv.gz", None),
        ("one-line.zip!a.tsv", None),
    ]
    assert all("longer than 4,096 bytes (Limits.gdelt_line_bytes)" in r.message
               for r in summary.refusals)  # fmt: skip
    assert (summary.kept, summary.files_refused, summary.refused) == (50, 2, 0)
    _holds(summary)


def test_a_sparse_file_of_nul_bytes_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "interrupted.export.CSV"
    with path.open("wb") as handle:
        handle.truncate(3 * 2**30)  # sparse: 3 GB of NUL bytes, no disk taken
    summary = _summary([path, GDELT2_FILE])
    (refusal,) = summary.refusals
    assert (refusal.file, refusal.line) == (str(path), None)
    assert "NUL bytes" in refusal.message
    assert "interrupted download" in refusal.message
    _holds(summary)


def test_a_zip_member_that_unpacks_too_large_is_refused_and_the_rest_read(tmp_path: Path) -> None:
    text = GDELT2_FILE.read_bytes()
    with zipfile.ZipFile(tmp_path / "e.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("small.tsv", text[: text.index(b"\n") + 1])
        archive.writestr("big.tsv", text)
    summary = _summary(tmp_path / "e.zip", limits=Limits(gdelt_unpacked_bytes=len(text) - 1))
    (refusal,) = summary.refusals
    assert refusal.file == f"{tmp_path / 'e.zip'}!big.tsv"
    assert "Limits.gdelt_unpacked_bytes" in refusal.message
    assert (summary.kept, summary.lines_read, summary.files_refused) == (1, 1, 1)


def test_a_zip_member_whose_header_lies_about_its_size_is_still_bounded(tmp_path: Path) -> None:
    text = GDELT2_FILE.read_bytes()
    with zipfile.ZipFile(tmp_path / "e.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.tsv", text)
    data = bytearray((tmp_path / "e.zip").read_bytes())
    # the sizes in the central directory and the local header: say 100 bytes
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.index(signature) + offset
        data[at : at + 4] = (100).to_bytes(4, "little")
    (tmp_path / "e.zip").write_bytes(bytes(data))
    summary = _summary(tmp_path / "e.zip", limits=Limits(gdelt_unpacked_bytes=1000))
    (refusal,) = summary.refusals
    assert refusal.line is None
    assert summary.kept == 0


def test_too_many_zip_members_refuse_the_archive(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "e.zip", "w") as archive:
        for n in range(4):
            archive.writestr(f"{n}.tsv", "")
    summary = _summary(tmp_path / "e.zip", limits=Limits(gdelt_zip_members=3))
    (refusal,) = summary.refusals
    assert (refusal.file, refusal.line) == (str(tmp_path / "e.zip"), None)
    assert "4 members, more than 3 (Limits.gdelt_zip_members)" in refusal.message


def test_a_long_line_past_the_first_lines_is_refused_by_duckdb(tmp_path: Path) -> None:
    lines = GDELT2_FILE.read_text().splitlines()
    lines.insert(30, "\t".join(["1"] * 61) + "x" * 5000)
    (tmp_path / "e.tsv").write_text("\n".join(lines) + "\n")
    summary = _summary(tmp_path / "e.tsv", limits=Limits(gdelt_line_bytes=4096))
    assert [(r.file, r.line) for r in summary.refusals] == [(str(tmp_path / "e.tsv"), 31)]
    assert (summary.kept, summary.refused) == (50, 1)
    _holds(summary)


# -- 2. impossible dates are refused, with file and line -------------------------------------------


@pytest.mark.parametrize("screen", [(), (("RUS", "IRN", "USA", "EGY", "SAU"),)])
def test_impossible_dates_are_refused_with_file_and_line(
    tmp_path: Path, screen: tuple[tuple[str, ...], ...]
) -> None:
    rows = read_rows(GDELT2_FILE)
    names = [name for name, _ in GDELT2]
    bad = {3: "0", 5: "-1", 8: "20241399", 13: "99999999", 21: "20230229"}
    lines = []
    for number, row in enumerate(rows, start=1):
        fields = list(row)
        if number in bad:
            fields[1] = bad[number]
        if number == 34:
            fields[names.index("DATEADDED")] = "20170701246000"  # no such second
        lines.append("\t".join(fields))
    path = tmp_path / "dates.tsv"
    path.write_text("\n".join(lines) + "\n")
    summary = _summary([path], screen=screen, check_all=True)
    assert [(r.file, r.line) for r in summary.refusals] == [
        (str(path), n) for n in (3, 5, 8, 13, 21, 34)
    ]
    assert all("must be a real calendar date" in r.message for r in summary.refusals)
    assert "SQLDATE" in summary.refusals[0].message
    assert "DATEADDED" in summary.refusals[-1].message
    assert (summary.refused, summary.kept) == (6, 44)
    _holds(summary)
    ds = ruiran.ingest.gdelt(path)  # every kept row is a record with a real date
    assert ds.coded is not None
    assert min(e.date for e in ds.coded.all()).year > 1900


def test_real_dates_from_the_first_year_on_are_kept(tmp_path: Path) -> None:
    row = list(read_rows(GDELT1_FILE)[0])
    lines = []
    for n, day in enumerate(("00010101", "17520914", "20240229", "99991231")):
        row[0], row[1] = str(10 + n), day
        lines.append("\t".join(row))
    (tmp_path / "e.tsv").write_text("\n".join(lines) + "\n")
    import pyarrow as pa

    from ruiran.coded.store import compact

    ds = ruiran.ingest.gdelt(tmp_path / "e.tsv")
    assert ds.coded is not None
    assert [str(e.date) for e in ds.coded.all()] == [
        "0001-01-01", "1752-09-14", "2024-02-29", "9999-12-31"
    ]  # fmt: skip
    assert ds.coded.all().to_arrow().column("SQLDATE").to_pylist() == [
        10101, 17520914, 20240229, 99991231
    ]  # fmt: skip
    assert ds.coded.all().to_arrow().column("DATEADDED").to_pylist() == [20170312] * 4
    # the dates back in their columns' types (the table comes compact, fetched in batches)
    fetched = compact(empty_table(), index=pa.int16()).schema
    for path in (tmp_path / "e.tsv", GDELT2_FILE):
        assert read([path])[0].schema == fetched


def _with_dates(
    rows: list[list[str]], layout: tuple[tuple[str, str], ...], dates: dict[int, tuple[str, str]]
) -> str:
    """The rows as a file's text, line ``n``'s column set to the text ``dates[n]`` says."""
    names = [name for name, _ in layout]
    lines = []
    for number, row in enumerate(rows, start=1):
        fields = list(row)
        if number in dates:
            column, text = dates[number]
            fields[names.index(column)] = text
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


#: Dates DuckDB's own date reading took (as 2024-01-01, as 1 BC) or changed (a 13-digit
#: DATEADDED read to the second): by line of the 2.0 sample; and two that are real dates.
_SHORT = {
    2: ("SQLDATE", "2024011"),
    4: ("SQLDATE", "202411"),
    6: ("SQLDATE", "00000101"),
    7: ("SQLDATE", "0000101"),
    9: ("SQLDATE", " 2024011"),
    10: ("DATEADDED", "2017070123450"),
    12: ("DATEADDED", "00000101000000"),
    15: ("SQLDATE", "99991231"),  # real
    16: ("SQLDATE", "00010101"),  # real
}


@pytest.mark.parametrize("screen", [(), (("RUS", "IRN", "USA", "EGY", "SAU"),)])
@pytest.mark.parametrize("packed", ["plain", "gz", "zip"])
def test_dates_not_of_their_layouts_width_are_refused_with_file_and_line(
    tmp_path: Path, screen: tuple[tuple[str, ...], ...], packed: str
) -> None:
    rows = read_rows(GDELT2_FILE)
    text = _with_dates(rows, GDELT2, _SHORT)
    text += "\t".join(rows[1]) + "\n"  # line 51: line 2's event with its real date, kept
    if packed == "gz":
        path = tmp_path / "dates.tsv.gz"
        path.write_bytes(gzip.compress(text.encode()))
        label = str(path)
    elif packed == "zip":
        path = tmp_path / "dates.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("first.tsv", "\t".join(rows[0]) + "\n")
            archive.writestr("dates.tsv", text)
        label = f"{path}!dates.tsv"
    else:
        path = tmp_path / "dates.tsv"
        path.write_text(text)
        label = str(path)
    summary = _summary([path], screen=screen, check_all=True)
    bad = [n for n, (_, date) in _SHORT.items() if date not in ("99991231", "00010101")]
    assert [(r.file, r.line) for r in summary.refusals] == [(label, n) for n in bad]
    for refusal, number in zip(summary.refusals, bad, strict=True):
        column, date = _SHORT[number]
        assert refusal.message.startswith(f'{column} "{date}" is no date: {column} must be ')
        width = "14 digits" if column == "DATEADDED" else "8 digits"
        assert "must be a real calendar date, YYYYMMDD" in refusal.message
        assert width in refusal.message
        assert refusal.text is not None
        assert refusal.text.startswith(rows[number - 1][0])
    assert summary.refused == len(bad)
    assert (summary.kept, summary.duplicates) == (51 - len(bad), int(packed == "zip"))
    _holds(summary)
    ds = ruiran.ingest.gdelt(path)  # every kept row is a record, its date as the file wrote it
    assert ds.coded is not None
    dates = ds.coded.all().to_arrow().column("SQLDATE").to_pylist()
    assert {99991231, 10101} <= set(dates)
    assert 20240101 not in dates
    assert {e.date.year for e in ds.coded.all()} >= {1, 9999}
    added = ds.coded.all().to_arrow().column("DATEADDED").to_pylist()
    assert all(a is None or a >= 10**13 for a in added)


def test_a_screened_line_with_no_date_is_refused_with_its_line(tmp_path: Path) -> None:
    """Lines that pass the screen are parsed from a scratch file: a refusal still names the
    line in its own file (here lines 6 and 7 hold USA; the other bad dates are not parsed)."""
    path = tmp_path / "dates.tsv"
    path.write_text(_with_dates(read_rows(GDELT2_FILE), GDELT2, _SHORT))
    summary = _summary([path], screen=(("USA",),))
    assert [(r.file, r.line) for r in summary.refusals] == [(str(path), 6), (str(path), 7)]
    assert (summary.refused, summary.unparsed) == (2, 36)
    _holds(summary)


def test_a_gdelt1_dateadded_is_eight_digits_in_a_split_file_too(tmp_path: Path) -> None:
    """GDELT 1.0's DATEADDED is a day, ``YYYYMMDD``: a 7- or 14-digit one is refused, in a
    file whose lines of 57 and 58 fields are split apart (its lines named through their
    origin)."""
    rows = [list(r) for r in read_rows(GDELT1_FILE)]
    for number, row in enumerate(rows, start=1):
        if number % 4 == 0:
            rows[number - 1] = row[:57]  # no SOURCEURL
    dates = {3: ("DATEADDED", "2017031"), 8: ("DATEADDED", "20170312000000"),
             9: ("SQLDATE", "2024011"), 12: ("DATEADDED", "00000312")}  # fmt: skip
    path = tmp_path / "mixed.export.CSV"
    names = [name for name, _ in GDELT1]
    lines = []
    for number, row in enumerate(rows, start=1):
        if number in dates:
            column, text = dates[number]
            row[names.index(column)] = text
        lines.append("\t".join(row))
    path.write_text("\n".join(lines) + "\n")
    summary = _summary([path])
    assert [(r.file, r.line) for r in summary.refusals] == [(str(path), n) for n in dates]
    assert all("YYYYMMDD (8 digits" in r.message for r in summary.refusals)
    assert (summary.refused, summary.kept) == (4, len(rows) - 4)
    _holds(summary)


def test_refused_dates_stream_as_they_read_in_memory(tmp_path: Path) -> None:
    """The streaming ingest refuses the same lines, with the same counts, and keeps the same
    rows as the ingest in memory."""
    from test_coded_stream import _same

    rows = read_rows(GDELT2_FILE)
    (tmp_path / "dates.tsv").write_text(_with_dates(rows, GDELT2, _SHORT))
    (tmp_path / "good.tsv").write_text(GDELT2_FILE.read_text())  # duplicates of the good
    files = [tmp_path / "dates.tsv", tmp_path / "good.tsv", GDELT1_FILE]
    _same(files, tmp_path / "out")
    _same(files, tmp_path / "filtered", involving="United States")
    summary = ruiran.ingest.gdelt_to_parquet(files, out=tmp_path / "again", progress=False)
    assert summary.refused == 7
    assert [r.line for r in summary.refusals] == [2, 4, 6, 7, 9, 10, 12]


# -- 3. no count is ever negative ------------------------------------------------------------------


def test_whole_files_refused_do_not_make_a_count_negative(tmp_path: Path) -> None:
    (tmp_path / "other.csv").write_text("a,b,c\n1,2,3\n")
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    summary = _summary([tmp_path / "other.csv", tmp_path / "bad.zip", GDELT2_FILE])
    assert (summary.lines_read, summary.kept, summary.filtered_out) == (50, 50, 0)
    assert (summary.refused, summary.files_refused) == (0, 2)
    assert "filtered out 0" in str(summary)
    assert "refused 2 files whole" in str(summary)
    assert summary.to_dict()["files_refused"] == 2
    _holds(summary)
    only = _summary([tmp_path / "other.csv"])
    assert (only.lines_read, only.refused, only.files_refused, only.filtered_out) == (0, 0, 1, 0)


@settings(max_examples=15)
@given(
    st.lists(st.sampled_from(["good", "bad-line", "not-gdelt", "bad-date", "dup"]), max_size=5),
    st.booleans(),
)
def test_the_counts_add_up(kinds: list[str], filtered: bool) -> None:
    folder = Path(tempfile.mkdtemp())
    good = GDELT2_FILE.read_text()
    texts = {
        "good": good,
        "bad-line": good + "1\t2\n",
        "not-gdelt": "a,b\n",
        "bad-date": good.replace("\t20070704\t", "\t20071304\t", 1),
        "dup": good,
    }
    paths = []
    for n, kind in enumerate(kinds):
        paths.append(folder / f"{n}-{kind}.tsv")
        paths[-1].write_text(texts[kind])
    where = "Actor1CountryCode = 'USA'" if filtered else "TRUE"
    summary = _summary(paths, where=where) if paths else None
    if summary is None:
        return
    _holds(summary)
    assert summary.files_refused == kinds.count("not-gdelt")
    assert summary.refused == kinds.count("bad-line") + kinds.count("bad-date")


# -- 4. a FIFO is not a folder, and is never opened ------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.tsv"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):  # not "a folder"
        expand(fifo)
    # read() itself refuses one whole, unopened (it would block forever if opened)
    _table, summary = read([fifo, GDELT2_FILE])
    (refusal,) = summary.refusals
    assert (refusal.file, refusal.line) == (str(fifo), None)
    assert "not a regular file (a FIFO)" in refusal.message
    assert summary.kept == 50
    with pytest.raises(IsADirectoryError, match="is a folder"):
        expand(tmp_path)


# -- 5. scratch files are removed on SIGTERM -------------------------------------------------------

_CHILD = """
import sys
from pathlib import Path
from ruiran.coded.gdelt import read
read([Path(sys.argv[1])])
print("finished")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_scratch_files_are_removed_on_sigterm(tmp_path: Path) -> None:
    path = synthetic_gdelt(tmp_path / "big.tsv.zip", 400_000, seed=3)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(6000):  # up to a minute for the read to start
            if list(scratch.glob("ruiran-gdelt-*/*")) or child.poll() is not None:
                break
            time.sleep(0.01)
        assert child.poll() is None, "the read ended before it could be signalled"
        child.send_signal(signal.SIGTERM)
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGTERM, err
    assert b"finished" not in out
    assert not list(scratch.glob("ruiran-gdelt-*"))


def test_the_sigterm_handler_is_put_back_after_a_read() -> None:
    before = signal.getsignal(signal.SIGTERM)
    read([GDELT2_FILE])
    assert signal.getsignal(signal.SIGTERM) is before


# -- 6. thousands of zip members -------------------------------------------------------------------


def test_two_thousand_zip_members_keep_their_labels_and_lines(tmp_path: Path) -> None:
    rows = read_rows(GDELT2_FILE)
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(2000):
            lines = []
            for k in range(3):
                fields = list(rows[(n + k) % len(rows)])
                fields[0] = str(1_000_000 + 3 * n + k)
                lines.append("\t".join(fields))
            if n == 1234:
                lines.insert(1, "1\t2\t3")  # line 2 of member 1234: refused
            text = "\n".join(lines) + ("\n" if n % 7 else "")  # some without a last newline
            archive.writestr(f"m{n:04}.export.CSV", text)
        archive.writestr("old.export.CSV", GDELT1_FILE.read_text())  # another layout
        archive.writestr("m-after.export.CSV", "\t".join(rows[0]) + "\n\n1\t2\n")
    summary = _summary(path)
    assert [(r.file, r.line) for r in summary.refusals] == [
        (f"{path}!m1234.export.CSV", 2),
        (f"{path}!m-after.export.CSV", 3),
    ]
    assert summary.kept == 6000 + 50 + 1
    assert summary.refused == 2
    assert summary.versions == (1, 2)
    _holds(summary)


# -- 7. GDELT 1.0 lines of 57 and 58 fields in one file --------------------------------------------


def _mixed_lines() -> list[str]:
    lines = GDELT1_FILE.read_text().splitlines()
    # drop SOURCEURL from 15 of the 50 lines (30%; 28% in a real sample), the first among them
    return ["\t".join(line.split("\t")[:57]) if n % 7 in (0, 3) else line
            for n, line in enumerate(lines)]  # fmt: skip


@pytest.mark.parametrize("compression", ["", ".gz", ".zip"])
def test_a_file_mixing_57_and_58_fields_reads_every_line_by_its_own_layout(
    tmp_path: Path, compression: str
) -> None:
    lines = _mixed_lines()
    assert sum(line.count("\t") == 56 for line in lines) == 15
    lines.insert(20, "1\t2\t3")  # line 21: refused, where it is
    text = "\n".join(lines) + "\n"
    path = tmp_path / f"mixed.export.CSV{compression}"
    if compression == ".gz":
        with gzip.open(path, "wt") as handle:
            handle.write(text)
    elif compression == ".zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mixed.export.CSV", text)
    else:
        path.write_text(text)
    ds = ruiran.ingest.gdelt(path)
    assert ds.coded is not None
    summary = ds.coded.summary
    label = f"{path}!mixed.export.CSV" if compression == ".zip" else str(path)
    assert [(r.file, r.line) for r in summary.refusals] == [(label, 21)]
    assert (summary.lines_read, summary.kept, summary.refused) == (51, 50, 1)
    urls = {e.row_id: e.source_url for e in ds.coded.all()}
    for line in lines:
        fields = line.split("\t")
        if len(fields) >= 57:
            assert urls[int(fields[0])] == (fields[57] if len(fields) == 58 else None)


def test_a_57_field_line_is_never_padded_in_a_gdelt2_file(tmp_path: Path) -> None:
    lines = GDELT2_FILE.read_text().splitlines()
    lines[4] = "\t".join(read_rows(GDELT1_FILE)[0][:57])
    (tmp_path / "e.tsv").write_text("\n".join(lines) + "\n")
    summary = _summary(tmp_path / "e.tsv")
    assert [r.line for r in summary.refusals] == [5]
    assert "Expected Number of Columns: 61 Found: 57" in summary.refusals[0].message
