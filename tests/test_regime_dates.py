"""A sanction regime's dates in an answer's frame, its repr and its HTML row: its time in
force, open while it is in force after its last step (as ``ruiran sanctions`` prints it), not
the date of its last step (issue 22, outside check)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

import ruiran
from ruiran.cli.records import period
from ruiran.model import Sanction
from ruiran.model.display import record_row
from ruiran.query.results import Records

_C = {"source": "s", "quote": "q"}


def _regime(*steps: tuple[str, str]) -> Sanction:
    milestones: list[dict[str, Any]] = [
        {"action": action, "date": date, "citations": [_C]} for action, date in steps
    ]
    return Sanction.model_validate(
        {
            "id": "x",
            "title": "X",
            "senders": ["us"],
            "target": "ir",
            "status": "imposed",
            "citations": [_C],
            "milestones": milestones,
        }
    )


def _row(found: Records[Any], ident: str) -> Any:
    return found.to_pandas().set_index("id").loc[ident]


def test_a_regime_in_force_has_no_end_in_the_frame() -> None:
    # Its last step (2018-08-07) re-imposed measures: the regime is in force at the as-of date.
    row = _row(ruiran.sanctions_on("Iran"), "us-sanctions-on-iran")
    assert row["when"] == "1979-11-14/.."
    assert row["start"] == pd.Timestamp("1979-11-14")
    assert pd.isna(row["end"])
    assert row["precision"] == "day"


def test_a_regime_in_force_has_no_end_in_its_repr_and_html_row() -> None:
    record = ruiran.load()["us-sanctions-on-iran"]
    assert "(1979-11-14 – …, " in repr(record)
    assert "2018-08-07" not in repr(record)
    assert "1979-11-14 – …" in repr(ruiran.sanctions_on("Iran"))
    assert record_row(record)["when"] == "1979-11-14 – …"


def test_every_bundled_regime_is_open_in_the_frame_as_on_the_command_line() -> None:
    found = Records(ruiran.load().sanctions)
    frame = found.to_pandas().set_index("id")
    for sanction in found:
        shown = period(sanction)
        if shown == "undated":
            assert pd.isna(frame.loc[sanction.id, "start"]), sanction.id
            continue
        open_now = shown.endswith(")") and "(in force" in shown.rsplit(", ", 1)[-1]
        assert pd.isna(frame.loc[sanction.id, "end"]) is open_now, (sanction.id, shown)


def test_a_lifted_regime_ends_the_day_before_the_lifting() -> None:
    lifted = _regime(
        ("imposed", "2006-12-23"), ("tightened", "2010-06-09"), ("lifted", "2016-01-16")
    )
    row = _row(Records([lifted]), "x")
    assert row["when"] == "2006-12-23/2016-01-15"
    assert (row["start"], row["end"]) == (pd.Timestamp("2006-12-23"), pd.Timestamp("2016-01-15"))
    assert "(2006-12-23 – 2016-01-15, 3 milestones" in repr(lifted)
    assert period(lifted) == "2006-12-23 – 2016-01-15"  # the command line agrees


def test_a_regime_ended_by_a_step_dated_to_a_year_ends_before_it() -> None:
    ended = _regime(("imposed", "2006-12-23"), ("terminated", "2016"))
    assert "(2006-12-23 – before 2016, " in repr(ended)
    row = _row(Records([ended]), "x")
    assert row["end"] == pd.Timestamp("2015-12-31")
    assert row["precision"] == "year"  # the coarser of its ends


@pytest.mark.parametrize(
    ("steps", "when"),
    [
        # in force again after a spell out of force: open, from its first spell's first step
        (
            (("imposed", "2006-12-23"), ("terminated", "2016-01-16"), ("reimposed", "2025-09-28")),
            "2006-12-23/..",
        ),
        # its last step eases measures still in force: the regime has not ended
        ((("imposed", "2014-03-06"), ("eased", "2019-05")), "2014-03-06/.."),
    ],
)
def test_a_regime_in_force_after_its_last_step_is_open(
    steps: tuple[tuple[str, str], ...], when: str
) -> None:
    row = _row(Records([_regime(*steps)]), "x")
    assert row["when"] == when
    assert pd.isna(row["end"])


def test_a_regime_never_in_force_shows_its_steps() -> None:
    never = _regime(("suspended", "2019-05-08"), ("lifted", "2020-01-10"))
    row = _row(Records([never]), "x")
    assert row["when"] == "2019-05-08/2020-01-10"
    assert row["end"] == pd.Timestamp("2020-01-10")
    assert "(2019-05-08 – 2020-01-10, " in repr(never)


def test_an_agreement_still_shows_its_first_and_last_steps() -> None:
    row = _row(ruiran.agreements_between("Russia", "Iran"), "s-300-contract-2007")
    assert row["end"] == pd.Timestamp(dt.date(2016, 10, 31))
