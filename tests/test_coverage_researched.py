"""Researched coverage statements (issue 25, item 1): what was searched for, and how far.

A statement of ``extent: researched`` never makes an answer complete; inside its scope (kind,
parties, CAMEO prefix, period) it replaces "... are not covered" with its own sentence; outside
it the generic gap stays, and a question that covers it partly names both.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import ruiran
from ruiran.cli import cli
from ruiran.errors import DatasetError
from ruiran.export import to_folder
from ruiran.model import Citation, Period, Source, SourceKind, State
from ruiran.model.coverage import Coverage, Statement

GENERIC = "events between Russia and Iran are not covered"
RESEARCHED = "meetings between Russia and Iran (CAMEO 04) from 2000 are researched, not complete: "


@pytest.fixture(scope="module")
def ds() -> ruiran.Dataset:
    return ruiran.load()


def _researched(gaps: tuple[str, ...]) -> list[str]:
    return [gap for gap in gaps if gap.startswith(RESEARCHED)]


def test_meetings_in_the_researched_period_name_the_research(ds: ruiran.Dataset) -> None:
    answer = ds.events_between("Russia", "Iran", kind="04", start="2010", end="2012")
    assert not answer.complete
    assert GENERIC not in answer.gaps
    (said,) = answer.gaps
    assert said.startswith(RESEARCHED)
    assert "ministers' telephone calls and other officials' contacts are not researched" in said
    assert "docs/history.md" in said


def test_one_meeting_kind_is_inside_too(ds: ruiran.Dataset) -> None:
    answer = ds.events_between("Russia", "Iran", kind="visit", start="2018")
    assert not answer.complete
    assert len(_researched(answer.gaps)) == 1
    assert GENERIC not in answer.gaps


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        ("17", "2010", "2012"),  # another kind: coerce
        ("04", "1990", "1999"),  # before the period
        ("04", None, "1999-12-31"),
    ],
)
def test_outside_its_scope_the_generic_gap_stays(
    ds: ruiran.Dataset, kind: str, start: str | None, end: str
) -> None:
    answer = ds.events_between("Russia", "Iran", kind=kind, start=start, end=end)
    assert answer.gaps == (GENERIC,)


def test_every_kind_names_both(ds: ruiran.Dataset) -> None:
    gaps = ds.events_between("Russia", "Iran", start="2010", end="2012").gaps
    assert gaps[0] == GENERIC
    assert len(_researched(gaps)) == 1
    assert len(gaps) == 2


def test_a_window_reaching_before_the_period_names_the_days_before_and_the_research(
    ds: ruiran.Dataset,
) -> None:
    gaps = ds.events_between("Russia", "Iran", kind="04", start="1995", end="2005").gaps
    assert gaps[0] == "events between Russia and Iran from 1995-01-01 to 1999-12-31 are not covered"
    assert len(_researched(gaps)) == 1
    assert len(gaps) == 2


def test_the_timeline_and_the_pulse_carry_the_sentence(ds: ruiran.Dataset) -> None:
    assert len(_researched(ds.timeline("Russia", "Iran", start="2010").gaps)) == 1
    frame = ruiran.pulse("Russia", "Iran", start="2020", end="2021")
    assert frame.attrs["complete"] is False
    assert len(_researched(tuple(frame.attrs["gaps"]))) == 1
    assert GENERIC not in frame.attrs["gaps"]


def _folder(tmp_path: Path, coverage: str) -> Path:
    (tmp_path / "actors.yaml").write_text(
        "- {id: iran, type: state, name: Iran, citations: [{source: s, quote: Iran}]}\n"
        "- {id: russia, type: state, name: Russia, citations: [{source: s, quote: Iran}]}\n",
        encoding="utf-8",
    )
    (tmp_path / "sources.yaml").write_text("- {id: s, title: A note, kind: other}\n")
    (tmp_path / "coverage.yaml").write_text(coverage, encoding="utf-8")
    return tmp_path


def _states(covers: tuple[Statement, ...], *states: tuple[str, str]) -> ruiran.Dataset:
    """A dataset of Iran, Russia and ``states`` (id, name), covering what ``covers`` says."""
    cited = (Citation(source="s", quote="x"),)
    return ruiran.Dataset(
        [
            Source(id="s", title="A note", kind=SourceKind.OTHER),
            *(
                State(id=id_, name=name, citations=cited)
                for id_, name in (("iran", "Iran"), ("russia", "Russia"), *states)
            ),
        ],
        coverage=Coverage(as_of=dt.date(2024, 1, 1), covers=covers),
    )


@functools.cache
def _every_event() -> ruiran.Dataset:
    """A dataset whose coverage says every event and agreement was researched, never more."""
    return _states(
        tuple(
            Statement(
                kind=kind, extent="researched", period=Period.parse("1900/.."), note="searched"
            )
            for kind in ("event", "agreement")
        )
    )


@given(
    kind=st.sampled_from([None, "04", "visit", "17", "19"]),
    start=st.sampled_from(["1990", "2000-06", "2023"]),  # none: before 1900 too
    actors=st.sampled_from([(), ("russia",), ("russia", "iran")]),
)
def test_a_researched_statement_never_makes_an_answer_complete(
    kind: str | None, start: str, actors: tuple[str, ...]
) -> None:
    # researched for every record of its kind, every actor, every day: still never complete,
    # and no gap says "not covered"
    ds = _every_event()
    said = "events from 1900 are researched, not complete: searched"
    if not actors:
        assert ds.gaps("event", start=start) == (said,)
    elif len(actors) == 1:
        assert ds.events_involving(actors[0], kind=kind, start=start).gaps == (said,)
    else:
        assert ds.events_between(*actors, kind=kind, start=start).gaps == (said,)
        assert not ds.agreements_between(*actors, on=start).complete


@pytest.mark.parametrize(
    ("statement", "field", "said"),
    [
        ("{kind: event, extent: partial, period: 2000/..}", "covers.0.extent", "'researched'"),
        ("{kind: office, extent: researched, period: 2000/..}", "covers.0", "'researched'"),
        ("{kind: agreement, cameo: '04', period: 2000/..}", "covers.0", "'cameo' is for events"),
        ("{kind: event, cameo: '99', period: 2000/..}", "covers.0.cameo", "CAMEO event code"),
    ],
)
def test_a_bad_statement_is_refused_naming_its_field(
    tmp_path: Path, statement: str, field: str, said: str
) -> None:
    with pytest.raises(DatasetError) as caught:
        ruiran.load(_folder(tmp_path, f"as_of: 2024-01-01\ncovers: [{statement}]\n"))
    found = [p for p in caught.value.problems if "coverage.yaml" in (p.file or "")]
    assert any((p.field or "").startswith(field) and said in p.message for p in found), found
    if field.endswith("extent"):
        assert any("'complete' or 'researched'" in p.message for p in found), found


def test_the_coverage_file_round_trips(ds: ruiran.Dataset, tmp_path: Path) -> None:
    assert ds.coverage is not None
    researched = [s for s in ds.coverage.covers if s.extent == "researched"]
    (met,) = [s for s in researched if s.kind == "event"]
    assert (met.kind, met.parties, met.cameo, str(met.period)) == (
        "event",
        ("russia", "iran"),
        "04",
        "2000/..",
    )
    (swept,) = [s for s in researched if s.kind == "sanction"]
    assert (swept.senders, swept.targets, str(swept.period)) == (
        ("united-states", "european-union"),
        ("russia",),
        "2014-03-06/..",
    )
    assert Coverage.model_validate(ds.coverage.model_dump(mode="json")) == ds.coverage
    to_folder(ds, tmp_path / "copy")
    again = ruiran.load(tmp_path / "copy")
    assert again.coverage == ds.coverage
    assert again.events_between("Russia", "Iran", kind="04", start="2010").gaps == (
        ds.events_between("Russia", "Iran", kind="04", start="2010").gaps
    )
    assert again.sanctions_on("Russia", on="2015").gaps == ds.sanctions_on("Russia", on="2015").gaps
    assert Statement.model_validate(met.model_dump()) == met


def test_the_command_line_json_and_notes_carry_it() -> None:
    runner = CliRunner()
    asked = ["events", "--between", "Russia", "Iran", "--kind", "04"]
    asked += ["--from", "2010", "--to", "2012"]
    done = runner.invoke(cli, [*asked, "--json"])
    assert done.exit_code == 0, done.output
    printed = json.loads(done.stdout)
    assert printed["complete"] is False
    assert len(_researched(tuple(printed["gaps"]))) == 1
    assert GENERIC not in printed["gaps"]
    done = runner.invoke(cli, asked)
    assert f"note: {RESEARCHED}" in done.stderr


def test_a_person_meets_the_statement_of_the_state_they_served(ds: ruiran.Dataset) -> None:
    # Putin's meetings with Iran in 2015 are meetings between Russia and Iran: the research
    # is named beside the person's generic gap (no statement lists a person).
    gaps = ds.events_between("Vladimir Putin", "Iran", kind="04", start="2015", end="2016").gaps
    assert gaps[0] == "events between Vladimir Putin and Iran are not covered"
    assert len(_researched(gaps)) == 1
    assert len(gaps) == 2
    both = ds.events_between("Hassan Rouhani", "Vladimir Putin", start="2015", end="2016").gaps
    assert len(_researched(both)) == 1


def test_a_person_out_of_office_in_the_window_meets_nothing(ds: ruiran.Dataset) -> None:
    # Rouhani held no office of Iran's in 2000-2002 that the data dates: his window is outside
    # every term, so only the generic gap is given.
    gaps = ds.events_between("Hassan Rouhani", "Russia", kind="04", start="2000", end="2002").gaps
    assert gaps == ("events between Hassan Rouhani and Russia are not covered",)


# -- sanctions may be researched too (verify23b, item 2) ---------------------------------------


def _sanctions_researched() -> ruiran.Dataset:
    """Sanctions on Russia researched from 2014 (EU and US), sanctions on Iran by the US complete."""
    return _states(
        (
            Statement(
                kind="sanction",
                senders=("united-states", "france"),
                targets=("russia",),
                extent="researched",
                period=Period.parse("2014/.."),
                note="searched by sender",
            ),
            Statement(
                kind="sanction",
                senders=("united-states",),
                targets=("iran",),
                period=Period.parse("1979/.."),
            ),
        ),
        ("united-states", "United States"),
        ("france", "France"),
    )


SANCTIONS_RESEARCHED = (
    "sanctions sent by United States or France on Russia from 2014 are researched, not "
    "complete: searched by sender"
)


def test_a_sanction_statement_may_be_researched() -> None:
    said = Statement(
        kind="sanction", targets=("russia",), extent="researched", period=Period.parse("2014/..")
    )
    assert said.extent == "researched"
    with pytest.raises(ValueError, match="agreements, events and sanctions"):
        Statement(kind="office", extent="researched", period=Period.parse("2014/.."))


def test_sanctions_inside_a_researched_statement_name_the_research() -> None:
    ds = _sanctions_researched()
    answer = ds.sanctions_on("Russia", by="United States", on="2020")
    assert not answer.complete
    assert answer.gaps == (SANCTIONS_RESEARCHED,)
    # any sender: the research is named beside the senders covered
    anyone = ds.sanctions_on("Russia", on="2020")
    assert not anyone.complete
    assert SANCTIONS_RESEARCHED in anyone.gaps
    # before its period, or another target: the generic gap only, no research named
    before = ds.sanctions_on("Russia", by="United States", on="2010")
    assert SANCTIONS_RESEARCHED not in before.gaps
    assert before.gaps
    # the complete statement stays complete
    assert ds.sanctions_on("Iran", by="United States", on="2020").complete
