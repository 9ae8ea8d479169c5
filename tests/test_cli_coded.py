"""The command line for coded events: ``ruiran ingest gdelt`` and ``ruiran series``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pandas")

from click.testing import CliRunner, Result

import ruiran
from gdelt_rows import FIXTURES
from ruiran.cli import cli
from ruiran.coded.evidence import evidence_of
from ruiran.testing import synthetic_gdelt


def run(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    synthetic_gdelt(folder / "a.export.CSV.zip", 3000, seed=41)
    synthetic_gdelt(folder / "b.export.CSV.gz", 3000, seed=42, first_id=500_000_000)
    out = folder / "ru-ir"
    result = run(
        "ingest", "gdelt", str(folder / "*.export.CSV.*"), "--between", "Russia", "Iran",
        "--out", str(out), "--sql",
    )  # fmt: skip
    assert "read 6,000 lines from 2 files" in result.stdout
    assert "filter: ((Actor1CountryCode IN ('RUS')" in result.stdout
    return out


def test_ingest_writes_parquet_that_load_and_data_read_back(ingested: Path) -> None:
    ds = ruiran.load(ingested)
    assert ds.coded is not None
    assert len(ds.coded) > 100
    manifest = json.loads((ingested / "ruiran-coded.json").read_text())
    assert manifest["filter"]["between"] == ["Russia", "Iran"]
    assert manifest["rows"] == len(ds.coded)
    assert manifest["summary"]["lines_read"] == 6000
    assert any(p.name.startswith("year=") for p in ingested.iterdir())


def test_series_prints_what_event_series_gives(ingested: Path) -> None:
    rows = json.loads(
        run(
            "--data",
            str(ingested),
            "series",
            "Russia",
            "Iran",
            "--freq",
            "year",
            "--measure",
            "goldstein",
            "--json",
        ).stdout
    )
    frame = ruiran.load(ingested).event_series("Russia", "Iran", freq="year", measure="goldstein")
    assert [r["value"] for r in rows] == pytest.approx(list(frame["value"]))
    assert rows[0]["measure"] == "goldstein_sum"
    assert rows[0]["period"].endswith("-01-01")
    table = run("--data", str(ingested), "series", "Russia", "Iran", "--freq", "year").stdout
    assert table.splitlines()[0].split() == ["PERIOD", "MEASURE", "VALUE", "EVENTS"]
    mean = run("--data", str(ingested), "series", "Iran", "--measure", "tone", "--from", "2020",
               "--to", "2020", "--json").stdout  # fmt: skip
    assert len(json.loads(mean)) == 12


def test_series_draws_a_figure(ingested: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "series.png"
    run("--data", str(ingested), "series", "Russia", "Iran", "--freq", "quarter", "--plot",
        str(out))  # fmt: skip
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_the_figure_is_handed_its_milestones_not_a_dataset() -> None:
    """Issue 21: coded.figure draws what it is handed; the milestones come from a timeline the
    caller asked the Dataset for."""
    from ruiran.coded.figure import milestones

    entries = ruiran.timeline("Russia", "Iran")
    marks = milestones(entries)
    assert marks == [(e.when.earliest, e.label) for e in entries if e.kind == "milestone"]
    assert marks


def test_series_needs_coded_events() -> None:
    result = run("series", "Russia", "Iran", code=1)
    assert "ruiran ingest gdelt" in result.stderr


def test_ingest_refuses_to_replace_and_reports_refusals(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text((FIXTURES / "gdelt2-events-sample.tsv").read_text() + "1\t2\n")
    out = tmp_path / "out"
    result = run("ingest", "gdelt", str(bad), "--out", str(out))
    assert f"warning: refused {bad}:51: " in result.stderr
    assert "kept 50" in result.stdout
    again = run("ingest", "gdelt", str(bad), "--out", str(out), code=1)
    assert "--force" in again.stderr
    run("ingest", "gdelt", str(bad), "--out", str(out), "--force")
    assert "cannot be used together" in run(
        "ingest", "gdelt", str(bad), "--between", "Russia", "Iran", "--involving", "Iran",
        "--out", str(out), code=2,
    ).stderr  # fmt: skip
    assert "no GDELT file" in run("ingest", "gdelt", str(tmp_path / "no.tsv"), "--out",
                                  str(tmp_path / "new"), code=1).stderr  # fmt: skip


def test_ingest_says_what_it_set_aside_and_what_it_dropped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text((FIXTURES / "gdelt2-events-sample.tsv").read_text() + "1\t2\n")
    args = ["ingest", "gdelt", str(bad), str(bad), "--involving", "United States", "--force"]
    screened = run(*args, "--out", str(tmp_path / "a"))
    assert "refused 0" in screened.stdout
    assert "warning: refused" not in screened.stderr
    every = run(*args, "--out", str(tmp_path / "b"), "--check-all")
    assert f"warning: refused {bad}:51: " in every.stderr
    for result in (screened, every):
        assert "read 102 lines from 2 files" in result.stdout
        assert "duplicates" in result.stdout


def test_events_and_timeline_say_how_many_coded_events_answer(ingested: Path) -> None:
    result = run("--data", str(ingested), "events", "--between", "Russia", "Iran", "--json")
    assert json.loads(result.stdout)["records"] == [
        e.model_dump(mode="json") for e in ruiran.events_between("Russia", "Iran")
    ]
    assert "coded events (GDELT) answer the same question" in result.stderr
    timeline = run("--data", str(ingested), "timeline", "Russia", "Iran", "--from", "2024")
    assert "coded events (GDELT)" in timeline.stderr


def test_events_and_series_take_any_cameo_code(ingested: Path) -> None:
    ds = ruiran.load(ingested)
    coded = ds.events_between("Russia", "Iran", cameo="1124")
    count = len(evidence_of(coded).coded)
    assert count > 0
    result = run("--data", str(ingested), "events", "--between", "Russia", "Iran",
                 "--cameo", "1124")  # fmt: skip
    assert f"and {count} coded events (GDELT)" in result.stderr
    series = run("--data", str(ingested), "series", "Russia", "Iran", "--freq", "year",
                 "--cameo", "1124", "--json")  # fmt: skip
    assert sum(row["events"] for row in json.loads(series.stdout)) == count
    bad = run("--data", str(ingested), "events", "--involving", "Iran", "--cameo", "1129",
              code=2)  # a usage error, as for --kind  # fmt: skip
    assert "under '112'" in bad.stderr
