"""The CSV export's Frictionless Data Package: valid, typed, keyed and linked, with its
licence, sources and coverage; checked by the ``frictionless`` library itself."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import ruiran
from ruiran import export
from ruiran.cli import cli
from ruiran.export.columns import empty_tables
from ruiran.export.datapackage import DESCRIPTOR, descriptor
from ruiran.model import Agreement, AnyRecord, Citation
from ruiran.testing import datasets

pytest.importorskip("pandas")
frictionless = pytest.importorskip("frictionless")

TYPES = {"string": "string", "category": "string", "int": "integer", "bool": "boolean"}


def validate(folder: Path) -> Any:
    """The frictionless report of the package in ``folder``."""
    return frictionless.Package(str(folder / DESCRIPTOR)).validate()


def errors(report: Any) -> list[tuple[str, str]]:
    """Each error of a report as (type, note), tasks' errors included."""
    found = [(e.type, e.note) for e in report.errors]
    for task in report.tasks:
        found.extend((e.type, e.note) for e in task.errors)
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("csv")
    export.to_csv(ruiran.load(), folder)
    return folder


def package(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    return loaded


def test_the_bundled_tables_are_a_valid_data_package(written: Path) -> None:
    report = validate(written)
    assert report.valid, errors(report)
    assert report.stats["tasks"] == len(export.TABLES)


def test_the_package_names_every_table_with_its_file(written: Path) -> None:
    said = package(written)
    assert said["profile"] == "tabular-data-package"
    assert [r["name"] for r in said["resources"]] == list(export.TABLES)
    for resource in said["resources"]:
        assert (written / resource["path"]).is_file()
        assert (resource["format"], resource["encoding"]) == ("csv", "utf-8")
        assert resource["profile"] == "tabular-data-resource"
        with (written / resource["path"]).open(encoding="utf-8", newline="") as table:
            header = next(csv.reader(table))
        assert [f["name"] for f in resource["schema"]["fields"]] == header


def test_every_column_has_its_type_and_a_description(written: Path) -> None:
    shapes = empty_tables()
    for resource in package(written)["resources"]:
        columns = shapes[resource["name"]].columns
        for field in resource["schema"]["fields"]:
            column = columns[field["name"]]
            assert field["type"] == TYPES.get(column.kind, "date"), field
            assert field["description"].strip(), field
            if column.kind == "category":
                assert field["constraints"]["enum"] == list(column.categories)
    fields = {
        (r["name"], f["name"]): f
        for r in package(written)["resources"]
        for f in r["schema"]["fields"]
    }
    # The model's field descriptions travel with the columns they fill.
    assert fields[("agreements", "kind")]["description"] == (
        Agreement.model_fields["kind"].description
    )
    assert fields[("citations", "quote")]["description"] == (
        Citation.model_fields["quote"].description
    )
    # A partial date is a string in EDTF; its first and last days are dates.
    assert fields[("events", "date")]["type"] == "string"
    assert fields[("events", "date_start")]["type"] == "date"


def test_the_package_carries_version_licence_sources_and_coverage(written: Path) -> None:
    said = package(written)
    ds = ruiran.load()
    assert (said["name"], said["version"]) == ("ruiran", ruiran.DATA_VERSION)
    assert [licence["name"] for licence in said["licenses"]] == ["MIT"]
    licence_text = (Path(__file__).parents[1] / "LICENSE").read_text(encoding="utf-8")
    assert licence_text.startswith("MIT License")  # what LICENSE says of the records
    assert len(said["sources"]) == len(ds.sources)
    assert {s.get("path") for s in said["sources"]} == {s.url for s in ds.sources}
    assert said["ruiran"] == export.coverage_of(ds)
    assert said["ruiran"]["covers"]  # what the tables hold completely, so what they do not
    # The coverage files beside the tables stay as they were.
    assert export.read_coverage(written / "agreements.csv")["table"] == "agreements"


def test_keys_and_links_are_declared(written: Path) -> None:
    schemas = {r["name"]: r["schema"] for r in package(written)["resources"]}
    assert schemas["actors"]["primaryKey"] == ["id"]
    assert schemas["milestones"]["primaryKey"] == ["agreement", "index"]
    assert {
        "fields": ["agreement"],
        "reference": {"resource": "agreements", "fields": ["id"]},
    } in schemas["agreement_parties"]["foreignKeys"]
    assert {
        "fields": ["agreement", "milestone"],
        "reference": {"resource": "milestones", "fields": ["agreement", "index"]},
    } in schemas["milestone_actors"]["foreignKeys"]
    assert {
        "fields": ["source"],
        "reference": {"resource": "sources", "fields": ["id"]},
    } in schemas["citations"]["foreignKeys"]


def _edit(path: Path, change: Any) -> None:
    with path.open(encoding="utf-8", newline="") as table:
        rows = list(csv.reader(table))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as table:
        csv.writer(table).writerows(rows)


@pytest.mark.parametrize(
    ("table", "change", "error"),
    [
        ("agreements", lambda rows: rows[1].__setitem__(4, "half-signed"), "constraint-error"),
        ("actors", lambda rows: rows.append(rows[1]), "primary-key"),
        ("citations", lambda rows: rows[1].__setitem__(3, "no-such-source"), "foreign-key"),
        ("events", lambda rows: rows[1].__setitem__(7, "22 Oct 2024"), "type-error"),
    ],
)
def test_frictionless_catches_a_table_that_breaks_its_schema(
    tmp_path: Path, table: str, change: Any, error: str
) -> None:
    export.to_csv(ruiran.load(), tmp_path)
    _edit(tmp_path / f"{table}.csv", change)
    report = validate(tmp_path)
    assert not report.valid
    assert error in {kind for kind, _ in errors(report)}


def test_another_datasets_package_states_no_version_nor_licence(tmp_path: Path) -> None:
    ds = ruiran.Dataset(list(ruiran.load()))  # the bundled records, without texts or coverage
    export.to_csv(ds, tmp_path)
    said = package(tmp_path)
    assert "version" not in said
    assert "licenses" not in said
    assert said["ruiran"]["data_version"] is None
    assert said["ruiran"]["complete"] is False
    report = validate(tmp_path)
    assert report.valid, errors(report)


def test_the_cli_csv_export_writes_the_package(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--out", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert package(tmp_path / "t") == descriptor(ruiran.load())


def test_the_package_is_guarded_like_the_tables(tmp_path: Path) -> None:
    (tmp_path / DESCRIPTOR).write_text("{}", encoding="utf-8")
    with pytest.raises(export.OutputExistsError):
        export.to_csv(ruiran.load(), tmp_path)
    assert (tmp_path / DESCRIPTOR).read_text(encoding="utf-8") == "{}"
    export.to_csv(ruiran.load(), tmp_path, overwrite=True)
    assert package(tmp_path)["name"] == "ruiran"


@settings(max_examples=10)
@given(st.data())
def test_any_datasets_tables_are_a_valid_package(tmp_path_factory: Any, data: Any) -> None:
    records: list[AnyRecord] = data.draw(datasets(max_actors=3, max_items=3))
    folder = tmp_path_factory.mktemp("generated")
    export.to_csv(ruiran.Dataset(records), folder)
    report = validate(folder)
    assert report.valid, errors(report)
