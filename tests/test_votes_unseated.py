"""Empty (or partial) votes answers say why: a window with no roll call in the data (1964), a
state that held no seat in the window, and China's seat, held by the Republic of China
(``"Taiwan"``, seat TW) to 1971 and by the People's Republic (``"China"``, CN) after."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

from ruiran import votes
from ruiran.cli import cli
from ruiran.votes.store import SHARED_SEATS, from_columns

ROC_1950S = (
    "China has no votes in the UN votes data between 1950-01-01 and 1960-12-31 (its votes run "
    "from 1971-11-03 to 2019-12-27); China's seat was held by the Republic of China then, whose "
    "votes (1950-09-01 to 1960-12-07) ruiran gives as Taiwan's (seat TW)"
)
NO_1964 = (
    "the UN votes data holds no roll call between 1964-01-01 and 1964-12-31: the one before is "
    "on 1963-12-06, the next on 1965-02-06"
)


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result


def test_china_before_1971_is_an_empty_answer_naming_the_seats_holder() -> None:
    # Once empty with complete=True and no gap: China's seat to 1971 is filed under TW.
    frame = votes.agreement("Russia", "China", start="1950", end="1960")
    assert frame.empty
    assert frame.attrs["complete"] is False
    assert frame.attrs["gaps"] == (ROC_1950S,)
    alone = votes.votes_of("China", start="1950", end="1960")
    assert alone.empty
    assert alone.attrs["gaps"] == (ROC_1950S,)
    # The Republic of China's votes are Taiwan's, and its answer for those years is complete.
    taiwan = votes.agreement("Russia", "Taiwan", start="1950", end="1960")
    assert taiwan["n"].iloc[0] > 0
    assert taiwan.attrs["gaps"] == ()
    assert set(SHARED_SEATS["China"]) == {
        ("taiwan", "the Republic of China"),
        ("china", "the People's Republic of China"),
    }


def test_a_window_across_1971_keeps_its_figures_and_says_who_held_the_seat() -> None:
    whole = votes.agreement("Russia", "China", by="year")
    assert whole["year"].min() == 1971
    after = votes.agreement("Russia", "China", by="year", start="1971-11-03")
    assert whole.to_dict("list") == after.to_dict("list")
    assert after.attrs["complete"] is True
    assert whole.attrs["complete"] is False
    assert whole.attrs["gaps"] == (
        "China has no votes in the UN votes data between 1946-01-01 and 1971-10-07 (its votes "
        "run from 1971-11-03 to 2019-12-27); China's seat was held by the Republic of China "
        "then, whose votes (1946-01-01 to 1971-10-07) ruiran gives as Taiwan's (seat TW)",
    )
    later = votes.votes_of("Taiwan", start="1972")
    assert later.empty
    assert later.attrs["gaps"] == (
        "Taiwan has no votes in the UN votes data between 1972-01-01 and 2019-12-27 (its votes "
        "run from 1946-01-01 to 1971-10-07); China's seat was held by the People's Republic of "
        "China then, whose votes (1972-09-05 to 2019-12-27) ruiran gives as China's (seat CN)",
    )


def test_a_state_with_no_vote_in_the_window_says_when_its_votes_run() -> None:
    frame = votes.agreement("Russia", "Azerbaijan", start="1980", end="1985")
    assert frame.empty
    assert frame.attrs["gaps"] == (
        "Azerbaijan has no votes in the UN votes data between 1980-01-01 and 1985-12-31 (its "
        "votes run from 1992-08-03 to 2019-12-27)",
    )
    # A window it votes in part of is as before: the roll calls before it joined are left out.
    assert votes.agreement("Russia", "Azerbaijan", start="1980").attrs["gaps"] == ()
    assert votes.votes_of("Azerbaijan").attrs["complete"] is True


def test_a_window_with_no_roll_call_says_so() -> None:
    # Once "(no matching records)" with no reason: the data has no roll call dated 1964.
    frame = votes.agreement("Russia", "Iran", by="year", start="1964", end="1964")
    assert frame.empty
    assert frame.attrs["complete"] is False
    assert frame.attrs["gaps"] == (NO_1964,)
    assert votes.votes_of("Iran", start="1964", end="1964").attrs["gaps"] == (NO_1964,)
    calls = votes.roll_calls(start="1964", end="1964")
    assert len(calls) == 0
    assert calls.gaps == (NO_1964,)
    assert votes.agreement("Russia", "China", start="1964", end="1964").attrs["gaps"] == (NO_1964,)
    assert votes.agreement("Russia", "Iran", start="1963", end="1965").attrs["complete"] is True


def test_a_dataverse_file_s_seats_by_cow_code_and_not_a_member() -> None:
    import numpy as np

    # China (710) "not a member" (9) in 1950, Taiwan (713) in 1972: neither is a vote held.
    store = from_columns(
        label="a small file", countries=("China", "Taiwan", "Russia"), alpha2=(None, None, None),
        cow=(710, 713, 365), vote_rcid=np.array([1, 1, 1, 2, 2, 2]),
        vote_seat=np.array([0, 1, 2, 0, 1, 2]), vote=np.array([9, 1, 1, 1, 9, 1], dtype=np.int8),
        rcid=np.array([1, 2]), day=np.array([-7305, 730]), session=np.array([27, 5]),
        issues=np.zeros((6, 2), dtype=bool), texts=lambda: None,
    )  # fmt: skip
    frame = votes.agreement("Russia", "China", data=store)
    assert frame.to_dict("records") == [{"n": 1, "agreement": 1.0}]
    assert frame.attrs["gaps"] == (
        "China has no votes in the UN votes data between 1950-01-01 and 1950-01-01 (its votes "
        "run from 1972-01-01 to 1972-01-01); China's seat was held by the Republic of China "
        "then, whose votes (1950-01-01 to 1950-01-01) ruiran gives as Taiwan's (seat COW 713)",
    )


def test_the_command_line_gives_the_reasons_as_notes() -> None:
    china = run("votes", "Russia", "China", "--to", "1960")
    assert "(no matching records)" in china.stderr
    assert "note: China has no votes in the UN votes data between 1946-01-01 and 1960-12-31" in (
        china.stderr
    )
    assert "held by the Republic of China then" in china.stderr
    shown = json.loads(run("votes", "Russia", "China", "--to", "1960", "--json").stdout)
    assert shown["records"] == []
    assert shown["complete"] is False
    assert "ruiran gives as Taiwan's (seat TW)" in shown["gaps"][0]
    empty = run("votes", "Russia", "Iran", "--from", "1964", "--to", "1964")
    assert f"note: {NO_1964}" in empty.stderr
    assert "(no matching records)" in empty.stderr
    shown = json.loads(
        run("votes", "Russia", "Iran", "--from", "1964", "--to", "1964", "--json").stdout
    )
    assert shown == {"complete": False, "gaps": [NO_1964], "as_of": "2019-12-27", "records": []}
