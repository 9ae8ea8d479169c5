"""``ruiran votes``: the agreement table, its JSON object, its notes and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

from ruiran import votes
from ruiran.cli import cli


def run(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    return result


def test_votes_by_year_prints_the_library_s_figures() -> None:
    out = run("votes", "Russia", "Iran", "--by", "year").stdout.splitlines()
    assert out[0].split() == ["YEAR", "N", "AGREEMENT"]
    frame = votes.agreement("Russia", "Iran", by="year")
    assert len(out) == len(frame) + 1
    year, n, agreement = (frame[c].iloc[0] for c in ("year", "n", "agreement"))
    assert out[1].split() == [str(year), str(n), f"{agreement:.3f}"]


def test_votes_json_is_the_list_commands_object() -> None:
    shown = json.loads(run("votes", "Russia", "Iran", "--by", "issue", "--half", "--json").stdout)
    assert list(shown) == ["complete", "gaps", "as_of", "records"]
    assert shown["complete"] is True
    assert shown["gaps"] == []
    assert shown["as_of"] == "2019-12-27"
    frame = votes.agreement("Russia", "Iran", by="issue", half=True)
    assert [r["issue"] for r in shown["records"]] == frame["issue"].tolist()
    assert [r["n"] for r in shown["records"]] == frame["n"].tolist()
    assert shown["records"][0]["agreement"] == round(float(frame["agreement"].iloc[0]), 6)
    assert set(shown["records"][0]) == {"issue", "n", "agreement", "agreement_half"}


def test_a_window_past_the_data_is_a_note_and_an_empty_answer() -> None:
    result = run("votes", "Russia", "Iran", "--from", "2021", "--json")
    shown = json.loads(result.stdout)
    assert shown["records"] == []
    assert shown["complete"] is False
    assert "note: the UN votes data runs from 1946-01-01 to 2019-12-27" in result.stderr
    table = run("votes", "Russia", "Iran", "--from", "2021")
    assert "(no matching records)" in table.stderr


def test_a_state_without_a_seat_is_a_note_and_an_empty_answer() -> None:
    result = run("votes", "Russia", "Kosovo", "--by", "year", "--json")
    shown = json.loads(result.stdout)
    assert shown["records"] == []
    assert shown["complete"] is False
    assert shown["gaps"][0].startswith("Kosovo has no seat in the bundled UN General Assembly")
    assert f"note: {shown['gaps'][0]}" in result.stderr
    table = run("votes", "West Germany", "Iran")
    assert table.stdout.split()[:2] == ["N", "AGREEMENT"]
    assert table.stderr == ""


def test_errors_are_one_line() -> None:
    bloc = run("votes", "Russia", "European Union", code=2)
    assert bloc.stderr.startswith("error: 'European Union' is a bloc")
    unknown = run("votes", "Russia", "Atlantis", code=1)
    assert unknown.stderr.startswith("error: no actor is known as 'Atlantis'")
    assert len(unknown.stderr.strip().splitlines()) == 1


def test_votes_reads_a_dataverse_file(tmp_path: Path) -> None:
    path = tmp_path / "UNVotes.csv"
    path.write_text(
        "rcid,ccode,vote,session,date\n1,365,1,1,1946-01-01\n1,630,1,1,1946-01-01\n"
        "2,365,1,1,1947-01-01\n2,630,3,1,1947-01-01\n",
        encoding="utf-8",
    )
    shown = json.loads(run("votes", "Russia", "Iran", "--file", str(path), "--json").stdout)
    assert shown["records"] == [{"n": 2, "agreement": 0.5}]
    assert shown["as_of"] == "1947-01-01"
    path.write_text("rcid,ccode,vote,session,date\n1,365,5,1,1946-01-01\n", encoding="utf-8")
    refused = run("votes", "Russia", "Iran", "--file", str(path), code=1)
    assert f"error: {path}: line 2, column 'vote': 5 is not a vote code" in refused.stderr
