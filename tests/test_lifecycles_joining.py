"""Parties that joined an agreement later by their own step (an accession).

A party whose own steps include no signature but a step beyond it (a ratification, an
accession), in an agreement whose every step names a party, is a party only from that step:

- it takes part (``involvement``, ``partners``, ``agreements_*`` with ``on=``) from the first
  day of its first dated own step, never before; with no dated step, on no date;
- the overall stage on a date is the least advanced stage of the parties of that date, so the
  INSTC was ``in_force`` in 2003 (its three founders) although Azerbaijan joined in 2005;
- a property: adding a party that joins on a date changes nothing before that date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ruiran
import ruiran.io
from ruiran import Dataset, Stage
from ruiran.model import Agreement, PartialDate
from ruiran.testing import partial_dates

INSTC = "instc-agreement-2000"


def _ids(records: Any) -> list[str]:
    return [r.id for r in records]


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return ruiran.load()


def _instc(ds: Dataset) -> Agreement:
    record = ds[INSTC]
    assert isinstance(record, Agreement)
    return record


# -- the bundled INSTC ------------------------------------------------------------------------


def test_the_instc_was_in_force_in_2003_with_its_three_founders(bundled: Dataset) -> None:
    # Signed 2000-09-12 and in force from May 2002 for Russia, Iran and India; Azerbaijan
    # joined in September 2005 (its own 'ratified'), Armenia at a date the data does not give.
    assert bundled.stage_of(INSTC, on="2001") is Stage.SIGNED
    assert bundled.stage_of(INSTC, on="2003") is Stage.IN_FORCE
    assert bundled.stage_of(INSTC, on="2005-08") is Stage.IN_FORCE
    # Once Azerbaijan joined, the least advanced party of the time is Azerbaijan (ratified).
    assert bundled.stage_of(INSTC, on="2005-09") is Stage.RATIFIED
    # Counting every milestone, dated or not, Armenia's undated ratification counts too.
    assert _instc(bundled).stage is Stage.RATIFIED


def test_joined_later_tells_the_founders_from_the_acceding_states(bundled: Dataset) -> None:
    instc = _instc(bundled)
    assert [p for p in instc.parties if instc.joined_later(p)] == ["azerbaijan", "armenia"]
    assert str(instc.joined_on("azerbaijan")) == "2005-09"
    assert instc.joined_on("armenia") is None  # undated in the data
    assert instc.joined_on("russia") is None  # a founder
    with pytest.raises(ValueError, match="'party' must be one of the parties"):
        instc.joined_later("turkey")


def test_azerbaijan_takes_part_in_the_instc_from_its_accession(bundled: Dataset) -> None:
    assert bundled.involvement(INSTC, "Azerbaijan", on="2001") is None
    assert bundled.involvement(INSTC, "Azerbaijan", on="2005-08") is None
    joined = bundled.involvement(INSTC, "Azerbaijan", on="2005-09")
    assert joined is not None
    assert joined.window is not None
    assert joined.window[0] == dt.date(2005, 9, 1)
    assert _ids(bundled.partners("Azerbaijan", on="2001")) == []
    assert INSTC not in _ids(bundled.agreements_involving("Azerbaijan", on="2004"))
    assert INSTC in _ids(bundled.agreements_involving("Azerbaijan", on="2006"))
    assert _ids(bundled.agreements_between("Azerbaijan", "India", on="2004")) == []
    assert _ids(bundled.agreements_between("Azerbaijan", "India", on="2006")) == [INSTC]
    # Without a date the question is whether it is a party at all.
    assert bundled.involvement(INSTC, "Azerbaijan") is not None


def test_a_party_that_joined_at_an_unknown_date_takes_part_on_no_date(bundled: Dataset) -> None:
    assert bundled.involvement(INSTC, "Armenia", on="2024") is None
    assert INSTC not in _ids(bundled.agreements_involving("Armenia", on="2024"))
    assert INSTC in _ids(bundled.agreements_involving("Armenia"))
    inv = bundled.involvement(INSTC, "Armenia")
    assert inv is not None
    assert inv.window is None


# -- the rule on small agreements -------------------------------------------------------------


def _cite() -> list[dict[str, Any]]:
    return [{"source": "s", "quote": "q"}]


def _step(stage: str, date: str | None, party: str | None) -> dict[str, Any]:
    return {"stage": stage, "date": date, "party": party, "citations": _cite()}


def _dataset(*steps: dict[str, Any], parties: tuple[str, ...] = ("a", "b", "c")) -> Dataset:
    records: list[dict[str, Any]] = [
        {"type": "source", "id": "s", "title": "S", "kind": "other"},
        *({"type": "state", "id": p, "name": p.upper(), "citations": _cite()} for p in parties),
        {
            "type": "agreement",
            "id": "t",
            "title": "T",
            "kind": "treaty",
            "parties": list(parties),
            "citations": _cite(),
            "milestones": list(steps),
        },
    ]
    return ruiran.io.from_dicts(records)


def test_a_joint_step_makes_every_party_a_founder() -> None:
    # A joint step counts for every party from the start: nobody joined later.
    ds = _dataset(_step("signed", "2000", None), _step("ratified", "2005", "c"))
    t = ds["t"]
    assert isinstance(t, Agreement)
    assert not any(t.joined_later(p) for p in t.parties)
    assert ds.involvement(t, "c", on="2001") is not None


def test_a_party_that_only_proposed_holds_the_overall_stage_back() -> None:
    # A founder that has taken no step keeps the overall stage at None (docs/design.md): only a
    # party that joined by a step beyond signature is left out before that step.
    ds = _dataset(_step("proposed", "2000", "a"), parties=("a", "b"))
    assert ds.stage_of("t", on="2001") is None
    assert ds.stage_of("t", on="2001", party="a") is Stage.PROPOSED


def test_an_announced_accession_never_makes_a_party() -> None:
    ds = _dataset(
        _step("signed", "2000", "a"),
        _step("signed", "2000", "b"),
        {**_step("ratified", "2005", "c"), "modality": "stated_intent"},
    )
    assert ds.stage_of("t", on="2006") is Stage.SIGNED
    assert ds.involvement("t", "c", on="2006") is None


# -- the property -----------------------------------------------------------------------------


def _dates() -> st.SearchStrategy[PartialDate]:
    return partial_dates(2023, 2026, qualified=False)


_AFTER_SIGNATURE = [s for s in Stage if s >= Stage.SIGNED]


@st.composite
def _founders_steps(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Founders a and b: each signs (undated), then own steps in lifecycle and date order."""
    n = draw(st.integers(0, 4))
    stages = sorted(draw(st.lists(st.sampled_from(_AFTER_SIGNATURE), min_size=n, max_size=n)))
    dates = sorted(
        draw(st.lists(st.none() | _dates(), min_size=n, max_size=n)),
        key=lambda d: dt.date.min if d is None else d.earliest,
    )
    parties = draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    steps = [_step("signed", None, "a"), _step("signed", None, "b")]
    for stage, date, party in zip(stages, dates, parties, strict=True):
        steps.append(_step(stage.value, None if date is None else str(date), party))
    return steps


WINDOWS = ["2023", "2024-01", "2024-06-15", "2024", "2025-03", "2025", "2026-12-31", "2030"]


@given(_founders_steps(), _dates(), st.sampled_from(["ratified", "in_force"]))
def test_a_party_joining_on_a_date_changes_nothing_before_it(
    founders: list[dict[str, Any]], joined: PartialDate, stage: str
) -> None:
    base = _dataset(*founders, parties=("a", "b"))
    ds = _dataset(*founders, _step(stage, str(joined), "c"))
    t = ds["t"]
    assert isinstance(t, Agreement)
    assert t.joined_later("c")
    assert t.joined_on("c") == joined
    for on in WINDOWS:
        last = PartialDate.parse(on).latest
        before = base.stage_of("t", on=on)
        if last < joined.earliest:  # c has not joined yet: not counted, not taking part
            assert ds.stage_of("t", on=on) == before, on
            assert ds.involvement("t", "c", on=on) is None, on
        else:  # c is a party of the time: the least advanced of the parties of the time
            expected = None if before is None else min(before, Stage(stage))
            assert ds.stage_of("t", on=on) == expected, on
            assert ds.involvement("t", "c", on=on) is not None, on
