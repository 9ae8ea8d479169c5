"""Table exports keep the coverage: Parquet metadata, CSV sidecars, answer frames, the JSON
Schema of the JSON Lines coverage line, and each party's stage in ``agreement_parties``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import ruiran
from ruiran import export
from ruiran.cli import cli
from ruiran.dataset.coverage import NO_COVERAGE
from ruiran.errors import RuiranError
from ruiran.model import Stage

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")


def _bare(ds: ruiran.Dataset) -> ruiran.Dataset:
    """The same records, without a coverage statement."""
    return ruiran.Dataset(list(ds), source_texts=ds.source_texts)


def test_parquet_files_carry_the_coverage_in_their_schema_metadata(
    bundled: ruiran.Dataset, tmp_path: Path
) -> None:
    written = export.to_parquet(bundled, tmp_path)
    assert bundled.coverage is not None
    for name, path in written.items():
        said = json.loads(pq.read_schema(path).metadata[b"ruiran"])
        assert said["table"] == name
        assert said["as_of"] == bundled.coverage.as_of.isoformat()
        assert said["covers"] == bundled.coverage.model_dump(mode="json")["covers"]
        assert said["data_version"] == ruiran.DATA_VERSION
        assert (said["question"], said["complete"], said["gaps"]) == (None, None, [])
        assert export.read_coverage(path) == said
    # pandas still reads the tables back with their dtypes
    back = pd.read_parquet(written["agreements"])
    assert str(back["stage"].dtype) == "category"


def test_a_dataset_without_coverage_says_so_in_its_tables(
    bundled: ruiran.Dataset, tmp_path: Path
) -> None:
    ds = _bare(bundled)
    said = export.read_coverage(export.to_parquet(ds, tmp_path / "p")["events"])
    assert (said["as_of"], said["covers"], said["complete"]) == (None, None, False)
    assert said["gaps"] == [NO_COVERAGE]
    assert said["data_version"] is None  # the coverage is part of the data: not the bundled one
    csv = export.read_coverage(export.to_csv(ds, tmp_path / "c")["events"])
    assert csv == said


def test_csv_tables_have_a_coverage_file_beside_each(
    bundled: ruiran.Dataset, tmp_path: Path
) -> None:
    written = export.to_csv(bundled, tmp_path)
    for name, path in written.items():
        sidecar = path.with_name(f"{name}.coverage.json")
        said = json.loads(sidecar.read_text(encoding="utf-8"))
        assert said["table"] == name
        assert said["data_version"] == ruiran.DATA_VERSION
        assert export.read_coverage(path) == said == export.read_coverage(sidecar)
    assert len(list(tmp_path.iterdir())) == 2 * len(written) + 1  # and datapackage.json


def test_the_coverage_files_are_guarded_like_the_tables(
    bundled: ruiran.Dataset, tmp_path: Path
) -> None:
    (tmp_path / "agreements.coverage.json").write_text("{}", encoding="utf-8")
    with pytest.raises(export.OutputExistsError):
        export.to_csv(bundled, tmp_path)
    export.to_csv(bundled, tmp_path, overwrite=True)
    assert export.read_coverage(tmp_path / "agreements.csv")["table"] == "agreements"


def test_read_coverage_names_a_file_without_one(tmp_path: Path) -> None:
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "x.parquet")
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(RuiranError, match="schema metadata has no key 'ruiran'"):
        export.read_coverage(tmp_path / "x.parquet")
    with pytest.raises(RuiranError, match=r"x\.coverage\.json"):
        export.read_coverage(tmp_path / "x.csv")


def test_the_cli_exports_carry_the_coverage(tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("csv", "parquet"):
        out = tmp_path / fmt
        result = runner.invoke(cli, ["export", "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        said = export.read_coverage(out / f"sanctions.{fmt}")
        assert said["table"] == "sanctions"
        assert said["data_version"] == ruiran.DATA_VERSION


def test_an_answer_frame_keeps_its_gaps_through_parquet(tmp_path: Path) -> None:
    answer = ruiran.sanctions_on("Iran", by="Japan")
    assert not answer.complete
    frame = answer.to_pandas()
    assert frame.attrs["complete"] is False
    assert frame.attrs["gaps"] == list(answer.gaps)
    frame.to_parquet(tmp_path / "answer.parquet")
    back = pd.read_parquet(tmp_path / "answer.parquet")
    assert back.attrs["complete"] is False
    assert back.attrs["gaps"] == list(answer.gaps)
    covered = ruiran.sanctions_on("Iran", by="UN Security Council", on="2010").to_pandas()
    assert covered.attrs["complete"] is True
    assert covered.attrs["gaps"] == []


def test_the_json_schema_describes_the_jsonl_coverage_line(
    bundled: ruiran.Dataset, tmp_path: Path
) -> None:
    from jsonschema import Draft202012Validator

    schema = ruiran.json_schema()
    line_schema = ruiran.json_schema(line=True)
    for made in (schema, line_schema):
        Draft202012Validator.check_schema(made)
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    assert {"Coverage", "CoverageLine", "Statement"} <= set(defs)
    assert "coverage" not in schema["discriminator"]["mapping"]  # type: ignore[index]
    validator = Draft202012Validator(line_schema)
    path = export.to_jsonl(bundled, tmp_path / "all.jsonl")
    lines = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["type"] == "coverage"
    assert [e.message for line in lines for e in validator.iter_errors(line)] == []
    assert list(validator.iter_errors({"type": "coverage", "covers": []}))  # no as_of
    stray = {**lines[0], "covers": [{"kind": "agreement", "colour": "red"}]}
    assert list(validator.iter_errors(stray))


def test_agreement_parties_hold_each_partys_stage(bundled: ruiran.Dataset) -> None:
    parties = export.to_pandas(bundled)["agreement_parties"]
    assert parties["stage"].cat.ordered
    assert list(parties["stage"].cat.categories) == [s.value for s in Stage]
    for row in parties.itertuples():
        stage = bundled.stage_of(row.agreement, party=row.party)
        assert (None if pd.isna(row.stage) else row.stage) == (stage and stage.value)
    instc = parties[parties.agreement == "instc-agreement-2000"].set_index("party")["stage"]
    assert (instc["russia"], instc["azerbaijan"]) == ("in_force", "ratified")
