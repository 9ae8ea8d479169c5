"""Coverage, declared and used (issue 22, item 1): the coverage file, the rule, the answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import ruiran
from ruiran.cli import cli
from ruiran.dataset.coverage import NO_COVERAGE, merge
from ruiran.errors import DatasetError
from ruiran.model import Citation, Period, Source, SourceKind, State
from ruiran.model.coverage import Coverage, Statement
from ruiran.query.results import Records

UNSC = "United Nations Security Council"


@pytest.fixture(scope="module")
def ds() -> ruiran.Dataset:
    return ruiran.load()


def test_as_of_is_one_date(ds: ruiran.Dataset) -> None:
    assert ds.coverage is not None
    assert ds.coverage.as_of == ruiran.DATA_AS_OF


def test_covered_question_is_complete(ds: ruiran.Dataset) -> None:
    answer = ds.sanctions_on("Iran", by=UNSC, on="2007")
    assert [s.id for s in answer] == ["unsc-sanctions-on-iran"]
    assert answer.complete
    assert answer.gaps == ()


def test_uncovered_sender_is_named(ds: ruiran.Dataset) -> None:
    answer = ds.sanctions_on("Iran", by="China")
    assert not answer.complete
    assert answer.gaps == ("sanctions sent by China on Iran are not covered",)


def test_us_before_its_data_starts_is_not_complete(ds: ruiran.Dataset) -> None:
    # The US regime on Iran is covered from the 1979 blocking order (issue 22, item 2).
    answer = ds.sanctions_on("Iran", by="United States", on="1979")
    assert len(answer) == 1  # the order of 14 November 1979
    assert not answer.complete
    assert answer.gaps == (
        "sanctions sent by United States on Iran from 1979-01-01 to 1979-11-13 are not covered",
    )
    assert ds.sanctions_on("Iran", by="United States", on="2012-07-01").complete


def test_uncovered_target_is_named(ds: ruiran.Dataset) -> None:
    answer = ds.sanctions_by(UNSC)
    assert not answer.complete
    assert any("aimed at Iran" in gap for gap in answer.gaps)


def test_uncovered_period_is_named(ds: ruiran.Dataset) -> None:
    # The UNSC statement starts with resolution 1737 (2006-12-23): a day before it is a gap.
    answer = ds.sanctions_on("Iran", by=UNSC, on="2005-06-01")
    assert len(answer) == 0
    assert answer.gaps == (f"sanctions sent by {UNSC} on Iran on 2005-06-01 are not covered",)


def test_resolution_2231_years_are_covered(ds: ruiran.Dataset) -> None:
    # Issue 22, item 2: between Implementation Day and the snapback, annex B's restrictions
    # were in force; the data holds them, so the answer finds the regime and is complete.
    answer = ds.sanctions_on("Iran", by=UNSC, on="2019-01-01")
    assert [s.id for s in answer] == ["unsc-sanctions-on-iran"]
    assert answer.complete
    assert answer.gaps == ()


def test_after_as_of_is_named_and_finds_nothing(ds: ruiran.Dataset) -> None:
    found = ds.events_between("Russia", "Iran", start="2030")
    assert "post-soviet-cordial-relations" in [e.id for e in ds.events_between("Russia", "Iran")]
    assert len(found) == 0
    assert found.gaps[-1] == "the data runs to 2025-12-15"
    assert ds.sanctions_on("Iran", by=UNSC, on="2026").gaps == ("the data runs to 2025-12-15",)
    assert len(ds.timeline("Russia", "Iran", start="2030")) == 0


def test_every_query_shape_answers_gaps(ds: ruiran.Dataset) -> None:
    for answer in (
        ds.agreements_between("Russia", "Iran"),
        ds.agreements_involving("Iran"),
        ds.events_between("Russia", "Iran"),
        ds.events_involving("Iran"),
        ds.timeline("Russia", "Iran"),
        ds.timeline("Iran"),
    ):
        assert not answer.complete
        assert answer.gaps


def test_records_keep_tuple_equality() -> None:
    plain: Records[int] = Records([1, 2])
    gapped = plain.with_gaps(["x"])
    assert plain.gaps == ()
    assert gapped.gaps == ("x",)
    assert hash(gapped) == hash(plain)
    assert gapped == plain == (1, 2)


def _folder(tmp_path: Path, coverage: str | None) -> Path:
    (tmp_path / "actors.yaml").write_text(
        "- {id: iran, type: state, name: Iran, citations: [{source: s, quote: Iran}]}\n"
        "- {id: russia, type: state, name: Russia, citations: [{source: s, quote: Iran}]}\n",
        encoding="utf-8",
    )
    (tmp_path / "sources.yaml").write_text("- {id: s, title: A note, kind: other}\n")
    if coverage is not None:
        (tmp_path / "coverage.yaml").write_text(coverage, encoding="utf-8")
    return tmp_path


def test_user_dataset_without_coverage_says_so(tmp_path: Path) -> None:
    ds = ruiran.load(_folder(tmp_path, None))
    assert ds.coverage is None
    assert ds.sanctions_on("Iran").gaps == (NO_COVERAGE,)


def test_user_dataset_coverage_is_read(tmp_path: Path) -> None:
    text = "as_of: 2024-01-01\ncovers:\n  - {kind: sanction, targets: [iran], period: 2000/..}\n"
    ds = ruiran.load(_folder(tmp_path, text))
    assert ds.sanctions_on("Iran", on="2010").complete
    assert ds.sanctions_on("Iran", on="1999").gaps == (
        "sanctions on Iran from 1999-01-01 to 1999-12-31 are not covered",
    )
    assert ds.sanctions_on("Iran").gaps == ("sanctions on Iran before 2000-01-01 are not covered",)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("as_of: soon\n", "as_of"),
        ("as_of: 2024-01-01\ncovers: [{kind: sanctio, period: 2000/..}]\n", "covers.0.kind"),
        ("as_of: 2024-01-01\ncovers: [{kind: sanction, period: 2000/..}]\nextra: 1\n", "extra"),
    ],
)
def test_bad_coverage_file_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    with pytest.raises(DatasetError) as caught:
        ruiran.load(_folder(tmp_path, text))
    assert any(
        p.field == field and "coverage.yaml" in (p.file or "") for p in caught.value.problems
    )


def test_merge_unions_statements_and_keeps_each_end() -> None:
    early = Coverage(
        as_of=dt.date(2020, 1, 1),
        covers=(Statement(kind="agreement", period=Period.parse("2000/..")),),
    )
    late = Coverage(
        as_of=dt.date(2025, 1, 1),
        covers=(Statement(kind="event", period=Period.parse("2010/..")),),
    )
    merged = merge(early, late)
    assert merged is not None
    assert merged.as_of == dt.date(2025, 1, 1)
    assert [str(s.period) for s in merged.covers] == ["2000/2020-01-01", "2010/.."]
    assert merge(None, late) is late
    assert merge(early, None) is early


def test_dataset_merge_merges_coverage(tmp_path: Path, ds: ruiran.Dataset) -> None:
    src = Source(id="mine", title="Mine", kind=SourceKind.OTHER)
    mine = ruiran.Dataset(
        [src, State(id="oman", name="Oman", citations=(Citation(source="mine", quote="x"),))],
        coverage=Coverage(as_of=dt.date(2025, 12, 15)),
    )
    merged = ds.merge(mine)
    assert merged.coverage == ds.coverage
    assert merged.sanctions_on("Iran", by=UNSC, on="2007").complete


_DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@given(_DAYS, _DAYS, _DAYS, _DAYS)
def test_narrowing_never_loses_completeness(a: dt.date, b: dt.date, c: dt.date, d: dt.date) -> None:
    ds = ruiran.load()
    lo, hi = sorted((a, b))
    inner_lo, inner_hi = sorted((max(lo, min(c, hi)), max(lo, min(d, hi))))
    wide = ds.sanctions_on("Iran", by=UNSC, on=f"{lo}/{hi}")
    narrow = ds.sanctions_on("Iran", by=UNSC, on=f"{inner_lo}/{inner_hi}")
    if wide.complete:
        assert narrow.complete
    if ds.sanctions_on("Iran", on=f"{lo}/{hi}").complete:
        assert wide.complete


def test_cli_prints_gaps_as_notes() -> None:
    result = CliRunner().invoke(cli, ["events", "--between", "Russia", "Iran", "--from", "2030"])
    assert result.exit_code == 0
    assert "note: the data runs to 2025-12-15" in result.stderr
    assert "cordial" not in result.stdout
