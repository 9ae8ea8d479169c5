"""Blocs in time: members and blocs_of on any date, states of the reference table as members,
coverage of membership, coded events involving a bloc, and the ``members``/``blocs`` commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import ruiran
from ruiran import Bloc
from ruiran.cli import cli
from ruiran.errors import DatasetError
from ruiran.model.dates import PartialDate

BLOCS = (
    "european-union",
    "nato",
    "sco",
    "brics",
    "eaeu",
    "cis",
    "csto",
    "gcc",
    "opec",
    "caspian-littoral-states",
)


def ids(found: object) -> list[str]:
    return [m.id for m in found]  # type: ignore[attr-defined]


# --- the data ------------------------------------------------------------------------------


def test_the_eu_has_28_members_until_the_uk_left() -> None:
    on_the_day = ids(ruiran.members("EU", on="2020-01-31"))
    after = ids(ruiran.members("EU", on="2020-02-01"))
    assert (len(on_the_day), len(after)) == (28, 27)
    assert set(on_the_day) - set(after) == {"united-kingdom"}
    assert "croatia" not in ids(ruiran.members("EU", on="2013-06-30"))
    assert "croatia" in ids(ruiran.members("EU", on="2013-07-01"))


def test_nato_enlargements_by_day() -> None:
    assert len(ruiran.members("NATO", on="2020-01-01")) == 29
    for state, joined in (
        ("north-macedonia", dt.date(2020, 3, 27)),
        ("finland", dt.date(2023, 4, 4)),
        ("sweden", dt.date(2024, 3, 7)),
    ):
        before = ids(ruiran.members("NATO", on=joined - dt.timedelta(days=1)))
        assert state not in before
        assert state in ids(ruiran.members("NATO", on=joined))
    assert len(ruiran.members("NATO", on="2024-03-07")) == 32


def test_georgia_in_the_cis_from_1993_until_its_withdrawal_took_effect() -> None:
    assert "georgia" not in ids(ruiran.members("CIS", on="1993-11-30"))
    assert "georgia" in ids(ruiran.members("CIS", on="2009-08-17"))
    assert "georgia" not in ids(ruiran.members("CIS", on="2009-08-18"))
    assert ids(ruiran.blocs_of("Georgia", on="2010")) == []
    # Ukraine took part until its representatives were recalled (decree of 19 May 2018)
    assert "ukraine" in ids(ruiran.members("CIS", on="2018-05-18"))
    assert "ukraine" not in ids(ruiran.members("CIS", on="2018-05-19"))
    assert len(ruiran.members("CIS", on="2025-01-01")) == 10  # nine and Turkmenistan


def test_azerbaijan_out_of_the_cis_between_the_vote_and_ratification() -> None:
    assert "azerbaijan" in ids(ruiran.members("CIS", on="1992-01"))
    assert "azerbaijan" not in ids(ruiran.members("CIS", on="1993-01"))
    assert "azerbaijan" in ids(ruiran.members("CIS", on="1993-09-24"))


def test_the_csto_exits_of_1999_and_uzbekistans_return() -> None:
    assert len(ruiran.members("CSTO", on="1994-04-20")) == 9
    after_1999 = ids(ruiran.members("CSTO", on="2000"))
    assert not {"azerbaijan", "georgia", "uzbekistan"} & set(after_1999)
    assert "uzbekistan" in ids(ruiran.members("CSTO", on="2006-06-23"))
    assert "uzbekistan" in ids(ruiran.members("CSTO", on="2012-12-18"))
    assert "uzbekistan" not in ids(ruiran.members("CSTO", on="2012-12-19"))
    # Armenia froze its participation in February 2024 without leaving
    assert "armenia" in ids(ruiran.members("CSTO", on="2024-02-23"))


def test_opec_exits_and_suspensions() -> None:
    on_2020 = ids(ruiran.members("OPEC", on="2020-06-01"))
    assert len(on_2020) == 13
    assert not {"qatar", "ecuador", "indonesia"} & set(on_2020)
    assert "qatar" in ids(ruiran.members("OPEC", on="2018-12-31"))
    assert "qatar" not in ids(ruiran.members("OPEC", on="2019-01-01"))
    assert "ecuador" not in ids(ruiran.members("OPEC", on="2000"))
    assert "gabon" not in ids(ruiran.members("OPEC", on="2000"))
    assert "indonesia" in ids(ruiran.members("OPEC", on="2016-06"))
    after_angola = ruiran.members("OPEC", on="2024-01-01")
    assert (len(after_angola), after_angola.complete) == (12, True)
    assert not ruiran.members("OPEC", on="2025").complete  # no source lists it after 2024


def test_the_gcc_and_the_caspian_littoral_states() -> None:
    assert len(ruiran.members("GCC", on="2017-06-05")) == 6
    assert ids(ruiran.members("GCC", on="1981-05-24")) == []
    caspian = ruiran.members("Caspian littoral states", on="2018-08-12")
    assert sorted(ids(caspian)) == [
        "azerbaijan",
        "iran",
        "kazakhstan",
        "russia",
        "turkmenistan",
    ]
    assert caspian.complete
    assert ids(ruiran.members("Caspian littoral states", on="1991-12-01")) == []


def test_germany_is_west_germany_until_unification() -> None:
    assert "west-germany" in ids(ruiran.members("EU", on="1990-10-02"))
    assert "germany" not in ids(ruiran.members("EU", on="1990-10-02"))
    assert "germany" in ids(ruiran.members("NATO", on="1990-10-03"))


def test_iran_in_the_sco_from_2023_and_brics_from_2024() -> None:
    always = {"opec", "caspian-littoral-states"}
    assert set(ids(ruiran.blocs_of("Iran", on="2023-07-03"))) == always
    assert set(ids(ruiran.blocs_of("Iran", on="2023-07-04"))) == {"sco"} | always
    assert set(ids(ruiran.blocs_of("Iran", on="2024-01-01"))) == {"brics", "sco"} | always
    brics_2025 = ids(ruiran.members("BRICS", on="2025-01-06"))
    assert "indonesia" in brics_2025
    assert "saudi-arabia" not in brics_2025


def test_members_are_actors_of_the_reference_table() -> None:
    austria = next(m for m in ruiran.members("EU", on="2000") if m.id == "austria")
    assert isinstance(austria, ruiran.State)
    assert (austria.id, austria.iso_alpha3, austria.cow_code) == ("austria", "AUT", 305)
    assert ruiran.load().get("austria") is None  # a table state, not a record of the dataset
    assert ids(ruiran.blocs_of("Austria")) == ["european-union"]


# --- coverage ------------------------------------------------------------------------------


def test_covered_membership_is_complete_and_uncovered_is_a_gap() -> None:
    assert ruiran.members("NATO", on="2020-01-01").complete
    assert ruiran.members("EU").complete  # before the founding there were no members
    sco = ruiran.members("SCO", on="2024-08")
    assert not sco.complete
    assert sco.gaps == (
        "the members of Shanghai Cooperation Organisation from 2024-08-01 to 2024-08-31 "
        "are not covered",
    )
    assert ruiran.members("The West").gaps == ("the members of The West are not covered",)
    assert "the members of The West are not covered" in ruiran.blocs_of("Iran").gaps


def test_nothing_is_known_after_the_as_of_date() -> None:
    found = ruiran.members("NATO", on="2030")
    assert len(found) == 0
    assert not found.complete


# --- laws ----------------------------------------------------------------------------------

days = st.dates(dt.date(1945, 1, 1), dt.date(2025, 12, 15))


@given(day=days, bloc=st.sampled_from(BLOCS))
def test_a_state_is_a_member_on_a_day_iff_a_period_contains_it(day: dt.date, bloc: str) -> None:
    record = ruiran.load()[bloc]
    assert isinstance(record, Bloc)
    when = PartialDate.from_date(day)
    expected = {m.member for m in record.members if m.period is None or m.period.contains(when)}
    assert set(ids(ruiran.members(bloc, on=day))) == expected


@given(day=days, bloc=st.sampled_from(BLOCS))
def test_members_and_blocs_of_agree(day: dt.date, bloc: str) -> None:
    for member in ids(ruiran.members(bloc, on=day)):
        assert bloc in ids(ruiran.blocs_of(member, on=day))
    for state in ("russia", "iran", "united-kingdom", "india", "sweden", "georgia", "qatar"):
        assert (bloc in ids(ruiran.blocs_of(state, on=day))) == (
            state in ids(ruiran.members(bloc, on=day))
        )


# --- a user's dataset ----------------------------------------------------------------------

SOURCES = """
- id: note
  title: A note
  kind: other
  publisher: me
  text_file: texts/note.txt
"""


def _dataset(tmp_path: Path, member: str) -> Path:
    folder = tmp_path / "mine"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "note.txt").write_text("Austria joined the club in 1995.", "utf-8")
    (folder / "sources.yaml").write_text(SOURCES, "utf-8")
    (folder / "actors.yaml").write_text(
        f"""
- type: bloc
  id: the-club
  name: The Club
  formal: true
  members:
    - {{member: {member}, period: 1995/..}}
  citations:
    - {{source: note, quote: Austria joined the club in 1995.}}
""",
        "utf-8",
    )
    return folder


def test_a_dataset_may_name_a_state_of_the_reference_table(tmp_path: Path) -> None:
    ds = ruiran.load(_dataset(tmp_path, "austria"))
    assert ids(ds.members("The Club", on="2000")) == ["austria"]
    assert ids(ds.blocs_of("AUT")) == ["the-club"]


def test_a_state_no_table_holds_is_still_a_dangling_reference(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="'atlantis' does not name any record"):
        ruiran.load(_dataset(tmp_path, "atlantis"))


# --- coded events --------------------------------------------------------------------------


def test_gdelt_involving_a_bloc_keeps_its_members_rows_while_members() -> None:
    pytest.importorskip("duckdb")
    from gdelt_rows import FIXTURES, read_rows

    path = FIXTURES / "gdelt2-events-sample.tsv"
    rows = {int(r[0]): r for r in read_rows(path)}
    eu = ruiran.ingest.gdelt(path, involving="EU")
    assert eu.coded is not None
    got = set(eu.coded.table.column("GLOBALEVENTID").to_pylist())
    britain = {i for i, r in rows.items() if "GBR" in (r[7], r[17])}
    assert britain
    assert britain <= got
    brics = ruiran.ingest.gdelt(path, involving="BRICS")
    assert brics.coded is not None
    kept = set(brics.coded.table.column("GLOBALEVENTID").to_pylist())
    egypt = {i for i, r in rows.items() if "EGY" in (r[7], r[17])}
    china = {i for i, r in rows.items() if "CHN" in (r[7], r[17])}
    assert egypt
    assert not egypt & kept
    assert china
    assert china <= kept


def test_synthetic_rows_of_the_uk_after_it_left_are_not_the_eus(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    from gdelt_rows import read_rows
    from ruiran.testing import synthetic_gdelt

    path = synthetic_gdelt(tmp_path / "events.tsv", 4000, seed=5)
    rows = read_rows(path)
    eu = ruiran.ingest.gdelt(path, involving="EU")
    assert eu.coded is not None
    got = set(eu.coded.table.column("GLOBALEVENTID").to_pylist())
    members = {
        m.iso_alpha3 for m in ruiran.members("EU", on="2019-12-31") if isinstance(m, ruiran.State)
    }
    only_uk = [  # neither another member nor the EU itself (its known group code, EEC)
        r
        for r in rows
        if "GBR" in (r[7], r[17])
        and not ({r[7], r[17]} - {"GBR"}) & members
        and "EEC" not in (r[8], r[18])
    ]
    before = {int(r[0]) for r in only_uk if int(r[1]) <= 20200131}
    after = {int(r[0]) for r in only_uk if int(r[1]) > 20200131}
    assert before
    assert after
    assert before <= got
    assert not after & got


# --- the command line ----------------------------------------------------------------------


def test_cli_members_on_a_date() -> None:
    result = CliRunner().invoke(cli, ["members", "NATO", "--on", "2020-01-01"])
    assert result.exit_code == 0, result.output
    assert "north-macedonia" not in result.stdout
    assert "1949-04-04/.." in result.stdout
    assert len(result.stdout.splitlines()) == 30  # a header and 29 members


def test_cli_members_json_is_an_answer() -> None:
    result = CliRunner().invoke(cli, ["members", "EU", "--on", "2020-02-01", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert sorted(answer) == ["as_of", "complete", "gaps", "records"]
    assert answer["complete"] is True
    assert len(answer["records"]) == 27


def test_cli_blocs_of_an_actor() -> None:
    result = CliRunner().invoke(cli, ["blocs", "Iran", "--on", "2024-06-01"])
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == [
        "brics",
        "sco",
        "opec",
        "caspian-littoral-states",
    ]
    assert "note: the members of The West are not covered" in result.stderr


def test_a_blocs_cameo_known_group_code_is_three_capital_letters() -> None:
    from pydantic import ValidationError

    assert ruiran.actor("EU").cameo_known_group == "EEC"  # type: ignore[union-attr]
    assert ruiran.actor("SCO").cameo_known_group is None  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="'cameo_known_group' must be a CAMEO known group"):
        Bloc(id="x", name="X", formal=True, cameo_known_group="eec", citations=())
