"""Sanctions as dated regimes: milestones, senders, legal basis, and when a regime is in force.

The law (issue 11): on a day, for a sender, a regime is in force exactly when the last dated
milestone concerning that sender that has taken effect by then is imposed, extended,
tightened, eased or reimposed. It is checked against ``reference.status_on``, written apart
from the model, on generated regimes whose dates tie often.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ruiran
from reference import status_on
from ruiran import Dataset, DatasetError
from ruiran.io import from_dicts
from ruiran.model import Sanction
from ruiran.testing import sanctions

SOURCE = {
    "type": "source",
    "id": "s",
    "title": "S",
    "kind": "other",
    "url": "https://x.test/2006/12/23/un",
}
CITE = [{"source": "s", "quote": "q"}]


def _state(name: str) -> dict[str, Any]:
    return {"type": "state", "id": name, "name": name.title(), "citations": CITE}


def _regime(**fields: Any) -> dict[str, Any]:
    return {
        "type": "sanction",
        "id": "un-on-iran",
        "title": "UN sanctions on Iran",
        "senders": ["unsc"],
        "target": "iran",
        "status": "imposed",
        "citations": CITE,
        **fields,
    }


def _step(action: str, date: str | None, **fields: Any) -> dict[str, Any]:
    return {"action": action, "date": date, "citations": CITE, **fields}


UN_STEPS = [
    _step("imposed", "2006-12-23", legal_basis="UNSC resolution 1737"),
    _step("tightened", "2007-03-24"),
    _step("tightened", "2010-06"),
    _step("terminated", "2016-01-16"),
    _step("reimposed", "2025-09-28"),
]
UN_BASIS = [{"kind": "resolution", "identifier": "UNSC resolution 1737", "citations": CITE}]


def _dataset(*sanctions: dict[str, Any], senders: tuple[str, ...] = ("unsc",)) -> Dataset:
    actors = [_state(x) for x in ("iran", *senders)]
    return from_dicts([SOURCE, *actors, *sanctions])


def test_a_regime_is_in_force_between_its_milestones() -> None:
    ds = _dataset(_regime(milestones=UN_STEPS, legal_basis=UN_BASIS))
    regime = ds.sanctions[0]
    on = {
        day: regime.in_force_on(dt.date.fromisoformat(day))
        for day in (
            "2006-12-22",
            "2006-12-23",
            "2012-07-01",
            "2016-01-15",
            "2016-01-16",
            "2020-01-01",
            "2025-09-27",
            "2025-09-28",
            "2030-01-01",
        )
    }
    assert on == {
        "2006-12-22": False,
        "2006-12-23": True,
        "2012-07-01": True,
        "2016-01-15": True,
        "2016-01-16": False,
        "2020-01-01": False,
        "2025-09-27": False,
        "2025-09-28": True,
        "2030-01-01": True,
    }
    assert [s.id for s in ds.sanctions_on("iran", on="2012-07-01")] == ["un-on-iran"]
    assert ds.sanctions_on("iran", on="2020") == ()
    assert ds.sanctions_on("iran", on="2015/2017") == ds.sanctions  # a run meets the window
    assert [s.id for s in ds.sanctions_by("unsc", on="2025-10")] == ["un-on-iran"]
    labels = [e.label for e in ds.timeline("iran")]
    assert labels[0] == "UN sanctions on Iran: imposed"
    assert "UN sanctions on Iran: reimposed" in labels
    assert ds.undated("iran") == ()


def test_a_step_may_concern_one_sender_only() -> None:
    regime = _regime(
        senders=["eu", "uk"],
        milestones=[_step("imposed", "2022-10-20"), _step("lifted", "2024", senders=["uk"])],
    )
    ds = _dataset(regime, senders=("eu", "uk"))
    assert [s.id for s in ds.sanctions_by("eu", on="2025")] == ["un-on-iran"]
    assert ds.sanctions_by("uk", on="2025") == ()
    assert [s.id for s in ds.sanctions_on("iran", by="eu", on="2025")] == ["un-on-iran"]
    assert ds.sanctions_on("iran", by="uk", on="2025") == ()
    assert [s.id for s in ds.sanctions_on("iran", on="2025")] == ["un-on-iran"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"milestones": UN_STEPS, "period": "2006/2016"}, "give 'period' or 'milestones'"),
        (
            {"milestones": [_step("imposed", "2006", senders=["eu"])]},
            "must be among the sanction's senders",
        ),
        (
            {"milestones": [_step("imposed", "2006", legal_basis="UNSC resolution 9999")]},
            "legal acts",
        ),
        (
            {
                "milestones": [
                    _step("imposed", "2010"),
                    _step("lifted", None),
                    _step("tightened", "2008"),
                ]
            },
            "in date order for each sender",
        ),
    ],
)
def test_regimes_that_cannot_be_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        _dataset(_regime(**fields))


def test_steps_of_different_senders_may_interleave() -> None:
    regime = _regime(
        senders=["eu", "uk"],
        milestones=[
            _step("imposed", "2010", senders=["eu"]),
            _step("imposed", "2008", senders=["uk"]),
        ],
    )
    assert len(_dataset(regime, senders=("eu", "uk")).sanctions) == 1


def test_a_quote_from_the_address_is_checked_against_the_url() -> None:
    dated = {
        "source": "s",
        "quote": "/2006/12/23/",
        "supports": ["date"],
        "derived_from": "address",
    }
    ok = _regime(milestones=[_step("imposed", "2006-12-23", citations=[dated])])
    assert len(_dataset(ok).sanctions) == 1
    wrong = {**dated, "quote": "/2007/01/01/"}
    bad = _regime(milestones=[_step("imposed", "2006-12-23", citations=[wrong])])
    with pytest.raises(DatasetError, match="must occur in source 's''s url"):
        _dataset(bad)


def _days(sanction: Sanction) -> list[dt.date]:
    """Days where the status may change, and the days around them."""
    found = {dt.date(1989, 1, 1), dt.date(2031, 1, 1)}
    for step in sanction.milestones:
        if step.date is not None:
            for day in (step.date.earliest, step.date.latest):
                found |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    return sorted(found)


@given(sanctions(["s"], ["a", "b", "c", "d"]))
def test_in_force_follows_the_last_milestone_per_sender(sanction: Sanction) -> None:
    for day in _days(sanction):
        for sender in sanction.senders:
            expected = status_on(sanction, sender, day)
            if expected is None and sanction.period is not None:  # a period, no milestones
                expected = sanction.period.earliest <= day <= sanction.period.latest
            if expected is None:  # no dated step concerns the sender, and no period
                assert not sanction.in_force_on(day, sender)
                continue
            assert sanction.in_force_on(day, sender) == expected, (day, sender)
        statuses = [status_on(sanction, x, day) for x in sanction.senders]
        if sanction.milestones and any(s is not None for s in statuses):
            assert sanction.in_force_on(day) == any(statuses), day


@given(st.data())
def test_bundled_style_ties_resolve_by_order(data: st.DataObject) -> None:
    # Two steps on the same day: the later in the list decides.
    first, second = data.draw(st.permutations(["imposed", "lifted"]))
    regime = _regime(milestones=[_step(first, "2020-01-01"), _step(second, "2020-01-01")])
    sanction = _dataset(regime).sanctions[0]
    assert sanction.in_force_on(dt.date(2020, 1, 1)) == (second == "imposed")


def test_the_bundled_data_loads_with_the_new_fields() -> None:
    assert all(isinstance(s, Sanction) for s in ruiran.load().sanctions)
