"""Answers that say what they cannot know (issue 22): listings naming no actor, the stage of an
agreement after the as-of date, coverage through equality and exports, reprs and pickles."""

from __future__ import annotations

import datetime as dt

import pytest

import ruiran
from ruiran.dataset.coverage import NO_COVERAGE
from ruiran.model import Citation, Period, Source, SourceKind, State
from ruiran.model.coverage import Coverage, Statement

UNSC = "United Nations Security Council"


@pytest.fixture(scope="module")
def ds() -> ruiran.Dataset:
    return ruiran.load()


def _small(coverage: Coverage | None) -> ruiran.Dataset:
    cite = (Citation(source="s", quote="x"),)
    return ruiran.Dataset(
        [Source(id="s", title="A note", kind=SourceKind.OTHER),
         State(id="iran", name="Iran", citations=cite)],
        coverage=coverage,
    )  # fmt: skip


# -- every record of a kind: a question too ------------------------------------------------------


def test_every_sanction_is_not_a_covered_question(ds: ruiran.Dataset) -> None:
    assert ds.gaps("sanction") == (
        f"sanctions are covered only when sent by {UNSC}",
        "sanctions are covered only when aimed at Iran",
    )
    assert ds.gaps("agreement", start="2020", end="2021") == ("agreements are not covered",)
    assert ds.gaps("event", start="2030") == (
        "events are not covered",
        "the data runs to 2025-12-15",
    )


def test_a_statement_naming_no_actor_covers_every_record_of_its_kind() -> None:
    every = Statement(kind="agreement", period=Period.parse("1992/.."))
    small = _small(Coverage(as_of=dt.date(2025, 1, 1), covers=(every,)))
    assert small.gaps("agreement", start="2000") == ()
    assert small.gaps("agreement", start="1991", end="1991") == (
        "agreements from 1991-01-01 to 1991-12-31 are not covered",
    )
    assert _small(None).gaps("event") == (NO_COVERAGE,)
