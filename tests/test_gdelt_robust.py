"""Reading GDELT files robustly and exactly (issue 20): bounded reads, impossible dates,
honest counts, odd paths, scratch files on SIGTERM, many zip members, mixed 1.0 widths,
places typed 0, exact coordinates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import ruiran
from gdelt_rows import FIXTURES, read_rows
from ruiran.coded.columns import GDELT1, GDELT2

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
