"""Answers that say what they cannot know (issue 22): listings naming no actor, the stage of an
agreement after the as-of date, coverage through equality and exports, reprs and pickles."""

from __future__ import annotations

import datetime as dt
import pickle
import re
from html import escape
from pathlib import Path

import pytest

import ruiran
from ruiran import Records
from ruiran.coded.evidence import Evidence, evidence_of
from ruiran.dataset.coverage import NO_COVERAGE
from ruiran.model import Citation, Period, Source, SourceKind, State
from ruiran.model.coverage import Coverage, Statement
from ruiran.model.display import count

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
    *covered, swept = ds.gaps("sanction")
    # a researched statement is named apart: it covers nothing completely
    assert covered == [
        f"sanctions are covered only when sent by United States (from 1979-11-14) or {UNSC} "
        "(from 2006-12-23); researched, not complete, when sent by European Union (from "
        "2014-03-06) or United States (from 2014-03-06)",
        "sanctions are covered only when aimed at Iran (from 1979-11-14); researched, not "
        "complete, when aimed at Russia (from 2014-03-06)",
    ]
    # the US's and the EU's sanctions on Russia are researched: the answer names the sweep
    assert swept.startswith(
        "sanctions sent by United States or European Union on Russia from 2014-03-06 are "
        "researched, not complete: "
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


# -- an incomplete answer shows it, and keeps its gaps through pickle ----------------------------


def test_the_repr_of_an_incomplete_answer_says_so(ds: ruiran.Dataset) -> None:
    answer = ds.sanctions_on("Iran", by="China", on="2019")
    assert repr(answer) == "Records(complete=False, 1 gap)"
    pair = ds.timeline("Russia", "Iran")
    head = repr(pair).splitlines()[0]
    assert head == (
        f"Records of {len(pair)} timeline entries (complete=False, {len(pair.gaps)} gaps):"
    )
    covered = ds.sanctions_on("Iran", by=UNSC, on="2007")
    assert covered.complete
    assert "complete" not in repr(covered)
    html = pair._repr_html_()
    assert f"complete=False, {len(pair.gaps)} gaps" in html
    # the gaps are shown as text, escaped (a gap may hold quotes and apostrophes)
    assert all(escape(gap) in html for gap in pair.gaps)
    assert "gap" not in covered._repr_html_()


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_an_answer_keeps_its_gaps_through_pickle(ds: ruiran.Dataset, protocol: int) -> None:
    answer = ds.timeline("Russia", "Iran", start="2024")
    again = pickle.loads(pickle.dumps(answer, protocol=protocol))
    assert type(again) is Records
    assert again == answer
    assert again.gaps == answer.gaps
    assert again.gaps
    assert "_with_gaps" not in again.__dict__  # not the cache of copies


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> ruiran.Dataset:
    from ruiran.testing import synthetic_gdelt

    path = synthetic_gdelt(tmp_path_factory.mktemp("gdelt") / "e.tsv", 400, seed=4)
    return ruiran.ingest.gdelt(path, between=("Russia", "Iran"))


def test_evidence_keeps_its_gaps_through_pickle_and_shows_them(coded: ruiran.Dataset) -> None:
    found = evidence_of(coded.events_between("Russia", "Iran", start="2024"))
    assert found.gaps
    assert f"(complete=False, {count(len(found.gaps), 'gap')}):" in repr(found).splitlines()[0]
    again = pickle.loads(pickle.dumps(found))
    assert type(again) is Evidence
    assert again.gaps == found.gaps
    assert len(again.coded) == len(found.coded)
    assert found.cited.gaps == found.gaps


# -- the coverage is part of a dataset: compared, written and read back ---------------------------


def test_datasets_differing_only_in_coverage_are_not_equal(ds: ruiran.Dataset) -> None:
    assert ds.with_coded(None) == ds
    assert _small(None) != _small(Coverage(as_of=dt.date(2025, 1, 1)))
    assert _small(Coverage(as_of=dt.date(2025, 1, 1))) != _small(
        Coverage(as_of=dt.date(2025, 1, 2))
    )
    assert _small(Coverage(as_of=dt.date(2025, 1, 1))) == _small(
        Coverage(as_of=dt.date(2025, 1, 1))
    )


@pytest.mark.parametrize("how", ["jsonl", "json", "folder"])
def test_an_export_read_back_keeps_the_coverage(
    ds: ruiran.Dataset, tmp_path: Path, how: str
) -> None:
    from ruiran import export

    path = tmp_path / "copy"
    if how == "jsonl":
        path = export.to_jsonl(ds, tmp_path / "ruiran.jsonl")
    elif how == "json":
        path = export.to_json(ds, tmp_path / "ruiran.json")
    else:
        assert export.to_folder(ds, path)["coverage"] == path / "coverage.yaml"
    back = ruiran.load(path)
    assert back.coverage == ds.coverage
    assert back == ds
    answer = back.sanctions_on("Iran", by=UNSC, on="2019")
    assert answer.gaps == ds.sanctions_on("Iran", by=UNSC, on="2019").gaps


def test_a_dataset_without_coverage_writes_none(tmp_path: Path) -> None:
    from ruiran import export

    small = _small(None)
    path = export.to_jsonl(small, tmp_path / "small.jsonl")
    assert '"coverage"' not in path.read_text(encoding="utf-8")
    assert ruiran.load(path) == small
    assert "coverage" not in export.to_folder(small, tmp_path / "folder")


def test_a_file_states_its_coverage_once(tmp_path: Path) -> None:
    line = '{"type": "coverage", "as_of": "2025-01-01"}\n'
    record = '{"type": "source", "id": "s", "title": "A note", "kind": "other"}\n'
    once = tmp_path / "once.jsonl"
    once.write_text(line + record, encoding="utf-8")
    loaded = ruiran.load(once).coverage
    assert loaded is not None
    assert loaded.as_of == dt.date(2025, 1, 1)
    twice = tmp_path / "twice.jsonl"
    twice.write_text(line + line + record, encoding="utf-8")
    with pytest.raises(ruiran.DatasetError, match="states its coverage once"):
        ruiran.load(twice)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "coverage", "as_of": "soon"}\n' + record, encoding="utf-8")
    with pytest.raises(ruiran.DatasetError, match="as_of"):
        ruiran.load(bad)


# -- ruiran sanctions: PERIOD shows every spell in force ------------------------------------------


def test_the_period_column_shows_every_spell_in_force(ds: ruiran.Dataset) -> None:
    from click.testing import CliRunner

    from ruiran.cli import cli

    result = CliRunner().invoke(cli, ["sanctions"])
    assert result.exit_code == 0, result.output
    rows = [re.split(r"\s{2,}", line) for line in result.stdout.splitlines()[1:]]
    shown = {row[2]: row[0] for row in rows}
    assert shown  # the listing
    for sanction in ds.sanctions:
        spans = sanction.in_force_spans()
        if not spans or not any(m.date for m in sanction.milestones):
            continue
        spells = shown[sanction.id].split(", ")
        assert len(spells) == len(spans), (sanction.id, shown[sanction.id])
        for spell, (first, last) in zip(spells, spans, strict=True):
            # a regime first held at a step changing measures in force began before it
            assert spell.removeprefix("before ").startswith(first.isoformat()[:4]), (
                sanction.id,
                spell,
            )
            assert ("(in force" in spell) == (last == dt.date.max), (sanction.id, spell)
    # the UN regime's gap in force between Implementation Day and the snapback (whatever the
    # data holds in between, the column shows what in_force_spans says)
    unsc = ds["unsc-sanctions-on-iran"]
    assert isinstance(unsc, ruiran.Sanction)
    spans = unsc.in_force_spans()
    assert spans is not None
    assert shown[unsc.id].count(" – ") == len(spans)


def test_a_regime_with_a_gap_in_force_shows_both_spells() -> None:
    from ruiran.cli.records import period

    cite = [{"source": "s", "quote": "q"}]
    regime = ruiran.Sanction.model_validate(
        {
            "id": "r",
            "title": "R",
            "senders": ["un-security-council"],
            "target": "iran",
            "status": "imposed",
            "citations": cite,
            "milestones": [
                {"action": "imposed", "date": "2006-12-23", "citations": cite},
                {"action": "tightened", "date": "2010-06-09", "citations": cite},
                {"action": "terminated", "date": "2016-01-16", "citations": cite},
                {"action": "reimposed", "date": "2025-09-28", "citations": cite},
            ],
        }
    )
    assert period(regime) == "2006-12-23 – 2016-01-15, 2025-09-28 – … (in force)"


# -- after the as-of date: the last known stage; the coded part says how far it runs -------------


def _with_agreement(as_of: dt.date) -> ruiran.Dataset:
    cite = [{"source": "s", "quote": "x"}]
    deal = ruiran.Agreement.model_validate(
        {
            "id": "deal",
            "title": "A deal",
            "kind": "treaty",
            "parties": ["iran", "russia"],
            "citations": cite,
            "milestones": [
                {"stage": "signed", "date": "2024-01-10", "citations": cite},
                {"stage": "in_force", "date": "2025-06-01", "citations": cite},
            ],
        }
    )
    russia = State(id="russia", name="Russia", citations=(Citation(source="s", quote="x"),))
    small = _small(Coverage(as_of=as_of))
    return ruiran.Dataset([*small, russia, deal], coverage=small.coverage)


def test_a_stage_after_the_as_of_date_is_the_last_known_stage() -> None:
    stale = _with_agreement(dt.date(2025, 1, 1))  # the data runs to before its entry into force
    assert stale.stage_of("deal", on="2025-12-31") == ruiran.Stage.SIGNED
    assert stale.stage_of("deal", on="2030/2031") == ruiran.Stage.SIGNED
    assert stale.stage_of("deal", on="2024-06") == ruiran.Stage.SIGNED
    assert stale.stage_of("deal") == ruiran.Stage.IN_FORCE  # no date: every step taken
    current = _with_agreement(dt.date(2025, 12, 31))
    assert current.stage_of("deal", on="2030") == ruiran.Stage.IN_FORCE
    assert stale.agreements_between("Russia", "Iran", on="2030").gaps == (
        "agreements between Russia and Iran are not covered",
        "the data runs to 2025-01-01",
    )


def test_the_bundled_stage_after_the_as_of_date_is_the_one_on_it(ds: ruiran.Dataset) -> None:
    for agreement in ds.agreements:
        assert ds.stage_of(agreement, on="2030") == ds.stage_of(agreement, on=ruiran.DATA_AS_OF)


def test_the_coded_part_says_how_far_it_runs(coded: ruiran.Dataset) -> None:
    assert coded.coded is not None
    last = max(event.date for event in coded.coded.all())
    ran = f"the coded events (GDELT) run to {last.isoformat()}"
    later = coded.events_between("Russia", "Iran", start="2030")
    assert ran in later.gaps
    assert "the data runs to 2025-12-15" in later.gaps
    assert ran in coded.events_involving("Iran").gaps  # an open end runs to date
    assert ran in coded.timeline("Russia", "Iran", start="2024").gaps
    within = coded.events_between("Russia", "Iran", start="2020", end=last.isoformat())
    assert ran not in within.gaps
    assert len(evidence_of(within).coded) > 0
