"""An answer about some actors' agreements gives their stage (issue 22, outside check): the
frame of ``agreements_between("Russia", "Iran")`` shows the INSTC ``in_force`` between the pair,
as ``ruiran agreements --between Russia Iran`` prints it, not Azerbaijan's ``ratified``."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

import ruiran
from ruiran.cli import cli
from ruiran.model import Stage
from ruiran.query.results import Records

INSTC = "instc-agreement-2000"


def test_the_pair_frame_shows_the_pairs_stage_and_every_partys() -> None:
    frame = ruiran.agreements_between("Russia", "Iran").to_pandas().set_index("id")
    assert frame.loc[INSTC, "stage"] == "in_force"
    assert frame.loc[INSTC, "overall_stage"] == "ratified"  # Azerbaijan's 2005 step
    assert frame.attrs["stage_of"] == ["russia", "iran"]
    assert frame["overall_stage"].cat.ordered
    assert list(frame["overall_stage"].cat.categories) == [s.value for s in Stage]


def test_the_pair_stage_is_the_one_the_command_line_prints() -> None:
    result = CliRunner().invoke(cli, ["agreements", "--between", "Russia", "Iran"])
    assert result.exit_code == 0, result.output
    printed = {}
    for line in result.stdout.splitlines()[1:]:
        cells = line.split()
        printed[cells[2]] = cells[1]
    frame = ruiran.agreements_between("Russia", "Iran").to_pandas()
    shown = {
        ident: "-" if stage != stage else stage  # NaN: no stage yet
        for ident, stage in zip(frame["id"], frame["stage"].astype(object), strict=True)
    }
    assert shown == printed


def test_the_pair_stage_is_the_stage_by_the_end_of_on() -> None:
    found = ruiran.agreements_between("Russia", "Iran", on="2001")
    frame = found.to_pandas().set_index("id")
    assert frame.loc[INSTC, "stage"] == "signed"  # in force between them from 2002
    stages = dict(zip((a.id for a in found), found.stages, strict=True))
    assert stages[INSTC] is Stage.SIGNED


def test_one_actors_answer_shows_that_actors_stage() -> None:
    found = ruiran.agreements_involving("Azerbaijan")
    assert found.asked == ("azerbaijan",)
    frame = found.to_pandas().set_index("id")
    assert frame.loc[INSTC, "stage"] == "ratified"
    assert frame.attrs["stage_of"] == ["azerbaijan"]


def test_a_member_of_a_bloc_party_gets_the_blocs_stage() -> None:
    found = ruiran.agreements_between("Russia", "Iran")
    stages = dict(zip((a.id for a in found), found.stages, strict=True))
    assert stages["eaeu-iran-free-trade-agreement"] is Stage.IN_FORCE


def test_an_answer_not_about_actors_keeps_the_overall_stage() -> None:
    ds = ruiran.load()
    frame = Records([ds[INSTC]]).to_pandas()
    assert frame["stage"].tolist() == ["ratified"]
    assert "overall_stage" not in frame.columns
    assert "stage_of" not in frame.attrs
    assert Records([ds[INSTC]]).stages == ()


def test_the_stages_survive_pickling_and_copying_and_leave_equality_alone() -> None:
    found = ruiran.agreements_between("Russia", "Iran")
    for again in (pickle.loads(pickle.dumps(found)), copy.deepcopy(found), copy.copy(found)):
        assert type(again) is Records
        assert again == found
        assert (again.asked, again.stages, again.gaps) == (found.asked, found.stages, found.gaps)
        assert again.to_pandas().attrs["stage_of"] == ["russia", "iran"]
    assert found == tuple(found)
    assert hash(found) == hash(tuple(found))
    assert repr(found).startswith(f"Records of {len(found)} agreements (complete=")
    assert "_with_stages" not in pickle.dumps(found).decode("latin-1")


def test_gaps_and_stages_are_kept_by_each_others_copies() -> None:
    answer = Records(["a", "b"]).with_stages(["russia"], [Stage.SIGNED, None])
    more = answer.with_gaps(["x"])
    assert (more.asked, more.stages, more.gaps) == (("russia",), (Stage.SIGNED, None), ("x",))
    assert more.with_stages(["russia"], [Stage.SIGNED, None]) is more
    assert answer.with_stages(["iran"], [None, None]) is answer.with_stages(["iran"], [None, None])
    with pytest.raises(ValueError, match=r"'stages' must hold one stage per item .*\(2\), got 1"):
        answer.with_stages(["russia"], [Stage.SIGNED])


def test_the_history_page_shows_the_pairs_stage_beside_every_partys() -> None:
    page = (Path(__file__).absolute().parents[1] / "docs" / "history.md").read_text("utf-8")
    instc = page[page.index(f"`{INSTC}`") :]
    stage = instc[instc.index("**stage now**") :].splitlines()[0]
    assert stage == "**stage now**: ratified (every party's); between Russia and Iran: in_force"
