"""Every state (issue 23): the reference table, its records, and resolving any state by name,
code or Wikidata item, in the bundled dataset and in a user's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

import ruiran
from ruiran.dataset.states import record_of
from ruiran.errors import UnknownActorError
from ruiran.model import State
from ruiran.reference.states import COLUMNS, Table, escape, table

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(ruiran.__file__).parent / "data"
GDELT = ROOT / "tests" / "fixtures" / "gdelt"


def cameo_codes() -> dict[str, str]:
    """GDELT's CAMEO country list, as shipped with the bundled data."""
    lines = (DATA / "sources" / "gdelt-cameo-country.txt").read_text("utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines[1:] if line)


def test_the_table_is_what_the_build_script_makes_of_the_shipped_references() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "states.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ukraine", "ukraine"),
        ("Turkey", "turkey"),
        ("Türkiye", "turkey"),
        ("North Korea", "north-korea"),
        ("Saudi Arabia", "saudi-arabia"),
        ("Japan", "japan"),
        ("USSR", "russia"),
        ("Soviet Union", "russia"),
        ("Russian Empire", "russia"),
        ("Yugoslavia", "serbia"),
        ("Czechoslovakia", "czechoslovakia"),
        ("Czechia", "czechia"),
        ("UKR", "ukraine"),
        ("ua", "ukraine"),
        ("Q212", "ukraine"),
        ("Q145", "united-kingdom"),
    ],
)
def test_any_state_resolves_by_name_code_or_wikidata_item(query: str, expected: str) -> None:
    assert ruiran.actor(query).id == expected


def test_czechoslovakia_does_not_continue_as_czechia() -> None:
    old, new = ruiran.actor("Czechoslovakia"), ruiran.actor("Czech Republic")
    assert isinstance(old, State)
    assert isinstance(new, State)
    assert (old.cow_code, new.cow_code) == (315, 316)
    assert old.id != new.id


def test_a_bundled_state_keeps_its_record_and_gains_the_tables_names() -> None:
    bundled = ruiran.load().get("russia")
    assert ruiran.actor("USSR") is bundled
    assert ruiran.actor("Q159") is bundled


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ROM", "romania"),
        ("TMP", "timor"),
        ("MTN", "montenegro"),
        ("IMY", "isle-of-man"),
        ("BAG", "iraq"),
        ("GZS", "palestine"),
        ("WSB", "palestine"),
    ],
)
def test_old_cameo_codes_and_places_resolve_to_their_state(code: str, expected: str) -> None:
    assert ruiran.actor(code).id == expected


@pytest.mark.parametrize(
    ("code", "region"), [("EUR", "Europe"), ("MEA", "Middle East"), ("WST", "The West")]
)
def test_cameo_regions_are_named_as_regions(code: str, region: str) -> None:
    with pytest.raises(UnknownActorError, match=f"CAMEO code for a region \\({region}\\)"):
        ruiran.actor(code)


@pytest.mark.parametrize("code", ["ANT", "ant", " ANT "])
def test_the_code_of_a_dissolved_country_says_what_it_is(code: str) -> None:
    # 'ANT' was answered "did you mean 'Austria', 'Vatican', 'Qatar'?": it is GDELT's code for
    # the Netherlands Antilles, which ISO 3166-3 withdrew and no state of the table continues.
    with pytest.raises(UnknownActorError) as caught:
        ruiran.actor(code)
    message = str(caught.value)
    assert "the former country Netherlands Antilles (ISO 3166-3" in message
    assert "did you mean" not in message


def test_every_iso_code_of_the_cameo_country_list_resolves() -> None:
    iso = [c for c in cameo_codes() if pycountry.countries.get(alpha_3=c) is not None]
    assert len(iso) > 200
    unresolved = [c for c in iso if ruiran.actor(c).type != "state"]
    assert unresolved == []
    assert all(ruiran.actor(c).iso_alpha3 == c for c in iso)  # type: ignore[union-attr]


def test_every_iso_country_and_every_cow_state_has_a_record() -> None:
    states = table().states.values()
    shipped = json.loads((DATA / "sources" / "iso-3166-1-pycountry.txt").read_text("utf-8"))
    assert {e.iso3 for e in states if e.iso3} == {c["alpha_3"] for c in shipped["3166-1"]}
    cow = (DATA / "sources" / "cow-state-system-membership-v2016.txt").read_text("utf-8")
    codes = {int(line.split(",")[1]) for line in cow.splitlines()[1:]}
    assert {e.cow for e in states if e.cow is not None} == codes


def test_the_country_codes_of_real_gdelt_rows_resolve() -> None:
    # Actor1CountryCode, Actor2CountryCode (GDELT 2.0 columns 7 and 17, 0-based).
    codes: list[str] = []
    for line in (GDELT / "gdelt2-events-sample.tsv").read_text("utf-8").splitlines():
        fields = line.split("\t")
        codes += [c for c in (fields[7], fields[17]) if c]
    iso = [c for c in codes if pycountry.countries.get(alpha_3=c) is not None]
    assert iso, "the sample rows name countries"
    resolved = [c for c in iso if ruiran.actor(c).type == "state"]
    assert len(resolved) / len(iso) >= 0.99


def test_reference_records_cite_the_shipped_references_verbatim() -> None:
    ds = ruiran.load()
    for entry in table().states.values():
        record = record_of(entry.id)
        assert record.citations, entry.id
        for citation in record.citations:
            assert citation.quote in ds.source_texts[citation.source], (entry.id, citation.source)


def test_membership_periods_follow_the_cow_list() -> None:
    japan = ruiran.actor("Japan")
    assert isinstance(japan, State)
    assert [str(p) for p in japan.system_membership] == [
        "1860-01-01/1945-08-14",
        "1952-04-28/2016-12-31",
    ]


def test_queries_and_ingest_filters_accept_any_state() -> None:
    # Ukraine is no record of the bundled data, only a row of the reference table of states:
    # it is answered (every event it takes part in through a summit's participants), with a gap.
    met = ruiran.events_between("Ukraine", "Russia")
    assert not met.complete
    assert any("Ukraine" in gap for gap in met.gaps)
    assert all({"ukraine", "russia"} <= {p.actor for p in e.participants} for e in met)
    answer = ruiran.sanctions_on("Saudi Arabia")
    assert not answer.complete
    assert any("Saudi Arabia" in gap for gap in answer.gaps)


def test_a_users_dataset_resolves_states_it_does_not_hold(tmp_path: Path) -> None:
    (tmp_path / "actors.yaml").write_text(
        "- type: state\n  id: ua\n  name: Ukraine\n  iso_alpha3: UKR\n"
        "  citations: [{source: s, quote: Ukraine}]\n"
        "- type: source\n  id: s\n  title: t\n  kind: other\n",
        encoding="utf-8",
    )
    mine = ruiran.load(tmp_path)
    assert mine.actor("Q212").id == "ua"  # the user's record of the same ISO country
    assert mine.actor("Türkiye").id == "turkey"


def test_a_miss_suggests_reference_states_when_the_dataset_has_no_close_name() -> None:
    with pytest.raises(UnknownActorError, match="did you mean 'Mongolia'"):
        ruiran.actor("Mongollia")


def test_the_table_escapes_round_trip() -> None:
    row = ["state", "x", "X\tY", "", "", "", "", "", "a|b", "", "line\none\\two", "", ""]
    text = "\t".join(COLUMNS) + "\n" + "\t".join(escape(v) for v in row) + "\n"
    entry = Table.parse(text).states["x"]
    assert entry.name == "X\tY"
    assert entry.iso_quote == "line\none\\two"
    assert entry.aliases == ("a", "b")


def test_the_table_is_not_read_at_import_or_bundled_load() -> None:
    code = (
        "import sys, ruiran; ruiran.load(); ruiran.actor('Iran'); "
        "print('ruiran.reference.states' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_gdelt_ingest_keeps_the_rows_of_any_state() -> None:
    pytest.importorskip("duckdb")
    import ruiran.ingest

    path = GDELT / "gdelt2-events-sample.tsv"
    saudi = ruiran.ingest.gdelt([path], involving="Saudi Arabia")
    rows = [
        line.split("\t")
        for line in path.read_text("utf-8").splitlines()
        if "SAU" in (line.split("\t")[7], line.split("\t")[17])
    ]
    assert saudi.coded is not None
    assert len(saudi.coded) == len(rows) > 0
    assert ruiran.ingest.gdelt_where(involving="Chad") == ruiran.ingest.gdelt_where(involving="TCD")


def test_coded_events_resolve_the_country_codes_of_any_state() -> None:
    from ruiran.coded.cameo import resolver

    codes = resolver(ruiran.load())
    assert (codes["RUS"], codes["UKR"], codes["SAU"], codes["ROM"]) == (
        "russia",
        "ukraine",
        "saudi-arabia",
        "romania",
    )
    assert "EUR" not in codes
    assert resolver([])["IRN"] == "iran"  # a dataset without Iran still knows it


def test_the_format_and_its_json_schema_hold_the_membership_periods(tmp_path: Path) -> None:
    schema = json.loads(json.dumps(ruiran.json_schema()))
    assert "system_membership" in schema["$defs"]["State"]["properties"]
    (tmp_path / "actors.yaml").write_text(
        "- type: state\n  id: x\n  name: X\n  system_membership: [1991-12-26/2016-12-31]\n"
        "  citations: [{source: s, quote: X}]\n"
        "- type: source\n  id: s\n  title: t\n  kind: other\n",
        encoding="utf-8",
    )
    x = ruiran.load(tmp_path).actor("x")
    assert isinstance(x, State)
    assert [str(p) for p in x.system_membership] == ["1991-12-26/2016-12-31"]
    assert State.model_validate_json(x.model_dump_json()) == x


def test_the_cow_code_of_any_iso_state_is_checked_against_the_cow_list(tmp_path: Path) -> None:
    (tmp_path / "actors.yaml").write_text(
        "- type: state\n  id: japan\n  name: Japan\n  iso_alpha3: JPN\n  cow_code: 741\n"
        "  citations: [{source: s, quote: Japan}]\n"
        "- type: source\n  id: s\n  title: t\n  kind: other\n",
        encoding="utf-8",
    )
    with pytest.raises(ruiran.DatasetError, match="'cow_code' must be 740 for JPN"):
        ruiran.load(tmp_path)


def test_a_bundled_state_takes_the_tables_values_for_the_fields_it_leaves_empty() -> None:
    ds = ruiran.load()
    states = [s for s in ds.actors if isinstance(s, State)]
    assert len(states) == 17
    for state in states:
        row = table().find(state.iso_alpha3 or "")
        assert row is not None, state.id
        assert (state.wikidata, state.cow_code) == (row.wikidata, row.cow), state.id
        assert [str(p) for p in state.system_membership] == list(row.periods), state.id
        assert state.system_membership, state.id
    turkey = ruiran.actor("Q43")
    assert isinstance(turkey, State)
    assert (turkey.id, turkey.wikidata, str(turkey.system_membership[0])) == (
        "turkey",
        "Q43",
        "1816-01-01/2016-12-31",
    )
    # each filled field is cited to the row it comes from
    cited = {f for c in turkey.citations for f in c.supports}
    assert {"wikidata", "system_membership"} <= cited


def test_a_users_state_is_completed_from_the_table_and_its_own_values_win(
    tmp_path: Path,
) -> None:
    (tmp_path / "actors.yaml").write_text(
        "- type: state\n  id: ua\n  name: Ukraine\n  iso_alpha3: UKR\n  wikidata: Q999\n"
        "  citations: [{source: s, quote: Ukraine}]\n"
        "- type: state\n  id: mine\n  name: Mine\n"
        "  citations: [{source: s, quote: Ukraine}]\n"
        "- type: source\n  id: s\n  title: t\n  kind: other\n",
        encoding="utf-8",
    )
    alone = ruiran.load(tmp_path)["ua"]
    assert isinstance(alone, State)
    assert alone.cow_code is None  # alone, it cites no reference text
    mine = ruiran.load(tmp_path, base=ruiran.load())
    ukraine = mine["ua"]
    assert isinstance(ukraine, State)
    assert (ukraine.iso_alpha2, ukraine.cow_code, ukraine.wikidata) == ("UA", 369, "Q999")
    assert [str(p) for p in ukraine.system_membership] == ["1991-12-26/2016-12-31"]
    assert mine["mine"] == State(
        id="mine", name="Mine", citations=(ruiran.Citation(source="s", quote="Ukraine"),)
    )


def test_codes_of_two_states_are_a_problem_of_the_dataset(tmp_path: Path) -> None:
    (tmp_path / "actors.yaml").write_text(
        "- type: state\n  id: pr\n  name: Puerto Rico\n  iso_alpha3: PRI\n  cow_code: 2\n"
        "  citations: [{source: s, quote: Puerto Rico}]\n"
        "- type: source\n  id: s\n  title: t\n  kind: other\n",
        encoding="utf-8",
    )
    ruiran.load(tmp_path)  # alone, its states stand as written
    with pytest.raises(
        ruiran.DatasetError,
        match=r"record 'pr', field 'cow_code': 2 is the COW number of United States .*, "
        r"but iso_alpha3 'PRI' is Puerto Rico's",
    ):
        ruiran.load(tmp_path, base=ruiran.load())
