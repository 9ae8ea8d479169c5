"""A whole real GDELT file (issue 23's "Done when"): its country codes resolve, and ingest
``involving="EU"`` keeps exactly the rows of the EU's members while members, and the rows
where the EU itself is an actor (CAMEO known group code ``EEC``, actor code ``IGOEUREEC``).

The file is GDELT 2.0's 15-minute export ``20191024143000.export.CSV`` (2,111 events, 61
columns), byte for byte as a public repository holds it, gzipped; tests/fixtures/gdelt/README.md
gives its origin, checksum and GDELT's terms. The plain scans here read it with the csv module
alone (tests/gdelt_rows.py), never with ruiran's reader.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache
from pathlib import Path

import pycountry
import pytest

import ruiran
from gdelt_rows import FIXTURES, read_rows
from ruiran.errors import UnknownActorError

REAL = FIXTURES / "20191024143000.export.CSV.gz"
#: Actor1CountryCode, Actor2CountryCode and SQLDATE in GDELT 2.0's column order (0-based).
ACTOR1, ACTOR2, DAY = 7, 17, 1
#: Actor1KnownGroupCode and Actor2KnownGroupCode (0-based).
GROUP1, GROUP2 = 8, 18


@cache
def rows() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r) for r in read_rows(REAL))


def country_codes() -> Counter[str]:
    """Every Actor1/Actor2 CAMEO country code of the file, with how often it occurs."""
    return Counter(c for r in rows() for c in (r[ACTOR1], r[ACTOR2]) if c)


def test_the_real_file_is_a_whole_gdelt2_export() -> None:
    assert len(rows()) == 2111
    assert {len(r) for r in rows()} == {61}
    assert {r[59] for r in rows()} == {"20191024143000"}  # DATEADDED: one 15-minute file
    assert len(country_codes()) == 97


def test_the_iso_country_codes_of_a_real_file_resolve() -> None:
    # issue 23 found 14 of this file's 97 codes resolving; now every ISO 3166 code does.
    iso = [c for c in country_codes() if pycountry.countries.get(alpha_3=c) is not None]
    assert len(iso) == 93
    unresolved = [c for c in iso if ruiran.actor(c).type != "state"]
    assert len(iso) - len(unresolved) >= 0.99 * len(iso), f"unresolved: {unresolved}"
    assert unresolved == []
    assert all(ruiran.actor(c).iso_alpha3 == c for c in iso)  # type: ignore[union-attr]


def test_the_other_codes_of_a_real_file_are_named_as_regions() -> None:
    others = sorted(c for c in country_codes() if pycountry.countries.get(alpha_3=c) is None)
    assert others == ["AFR", "EUR", "SAF", "SEA"]
    for code in others:
        with pytest.raises(UnknownActorError, match="CAMEO code for a region"):
            ruiran.actor(code)


@cache
def eu_codes(day: str) -> frozenset[str]:
    """The ISO codes of the EU's member states on a GDELT day (``YYYYMMDD``)."""
    on = dt.date(int(day[:4]), int(day[4:6]), int(day[6:]))
    found = ruiran.members("EU", on=on)
    return frozenset(m.iso_alpha3 for m in found if isinstance(m, ruiran.State) and m.iso_alpha3)


def test_ingest_involving_the_eu_keeps_exactly_its_members_rows_while_members() -> None:
    pytest.importorskip("duckdb")
    eu = ruiran.ingest.gdelt(REAL, involving="EU")
    assert eu.coded is not None
    got = set(eu.coded.table.column("GLOBALEVENTID").to_pylist())
    # A plain scan: a row is the EU's when either actor was a member on the row's day, or
    # either actor is the EU itself (its CAMEO known group code, EEC).
    members = {int(r[0]) for r in rows() if {r[ACTOR1], r[ACTOR2]} & eu_codes(r[DAY])}
    itself = {int(r[0]) for r in rows() if "EEC" in (r[GROUP1], r[GROUP2])}
    assert len(members) == 395
    assert len(itself) == 18
    assert not itself & members  # none of them has a member state as the other actor
    expected = members | itself
    assert got == expected
    britain = {int(r[0]) for r in rows() if "GBR" in (r[ACTOR1], r[ACTOR2])}
    assert britain  # events of 2018-2019: the United Kingdom was still a member
    assert britain <= got
    assert (eu.coded.summary.lines_read, eu.coded.summary.refused) == (2111, 0)


def test_the_eu_itself_is_kept_by_every_backend_and_another_group_is_not(tmp_path: Path) -> None:
    """Real rows whose actor is the EU (Actor1KnownGroupCode EEC, actor code IGOEUREEC, country
    EUR, a region) are the EU's in DuckDB's ingest, in the SQL text of every engine, and in the
    store's queries; rows of another group (the United Nations, UNO) with no member are not."""
    pytest.importorskip("duckdb")
    import duckdb

    eec = [r for r in rows() if r[GROUP1] == "EEC" and r[ACTOR2] in ("TUR", "USA")]
    uno = [r for r in rows() if r[GROUP1] == "UNO" and r[ACTOR2] in ("ARE", "")]
    assert [r[5] for r in eec][:1] == ["IGOEUREEC"]
    assert eec
    assert uno
    path = tmp_path / "some.tsv"
    path.write_text("".join("\t".join(r) + "\n" for r in eec + uno), encoding="utf-8")
    want = sorted(int(r[0]) for r in eec)
    # DuckDB's ingest, and the store's queries on what it holds
    ds = ruiran.ingest.gdelt(path)
    assert ds.coded is not None
    assert sorted(ruiran.ingest.gdelt(path, involving="EU").coded.table  # type: ignore[union-attr]
                  .column("GLOBALEVENTID").to_pylist()) == want  # fmt: skip
    assert sorted(ds.events_involving("EU").coded.ids) == want  # type: ignore[attr-defined]
    turkey = sorted(int(r[0]) for r in eec if r[ACTOR2] == "TUR")
    assert sorted(ds.events_between("EU", "Turkey").coded.ids) == turkey  # type: ignore[attr-defined]
    # The same WHERE text Spark and BigQuery are given, run by DuckDB over the stored columns
    where = ruiran.ingest.gdelt_where(involving="EU")
    assert "Actor1KnownGroupCode IN ('EEC')" in where
    table = ds.coded.table
    con = duckdb.connect()
    con.register("events", table)
    found = con.execute(f"SELECT GLOBALEVENTID FROM events WHERE {where}").fetchall()
    assert sorted(int(i) for (i,) in found) == want
    assert where in ruiran.ingest.gdelt_sql("spark", "db.events", involving="EU")
    assert where in ruiran.ingest.gdelt_sql("bigquery", "gdelt-bq.gdeltv2.events", involving="EU")
