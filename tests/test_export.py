"""The exports: JSON round trips, tidy tables, Parquet and DuckDB, networkx, FollowTheMoney."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from math import comb
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ruiran
from ruiran import export
from ruiran.dataset.index import all_citations
from ruiran.errors import MissingExtraError
from ruiran.export.ftm import FtmEntity
from ruiran.model import (
    Agreement,
    AnyRecord,
    Event,
    EventKind,
    Role,
    Sanction,
    Source,
    SourceKind,
    Stage,
    State,
)
from ruiran.testing import datasets

FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$")


@st.composite
def generated(draw: st.DrawFn) -> ruiran.Dataset:
    """A generated dataset whose sources ship texts holding every quote that cites them."""
    records: list[AnyRecord] = draw(datasets())
    quotes: dict[str, list[str]] = {}
    for record in records:
        for citation in all_citations(record):
            quotes.setdefault(citation.source, []).append(citation.quote)
    with_text = draw(st.booleans())
    texts: dict[str, str] = {}
    out: list[AnyRecord] = []
    for record in records:
        if with_text and isinstance(record, Source):
            record = record.model_copy(update={"text_file": f"texts/{record.id}.txt"})
            texts[record.id] = "\n".join(quotes.get(record.id, ["(no quote)"])) + "\n"
        out.append(record)
    return ruiran.Dataset(out, source_texts=texts)


# -- JSON and JSON Lines -----------------------------------------------------------------------


def _round_trip(ds: ruiran.Dataset, folder: Path, name: str) -> ruiran.Dataset:
    writer = export.to_jsonl if name.endswith(".jsonl") else export.to_json
    path = writer(ds, folder / name)
    return ruiran.load(path)


@pytest.mark.parametrize("name", ["out.json", "out.jsonl", "nested/dir/out.jsonl"])
def test_json_round_trip_bundled(bundled: ruiran.Dataset, tmp_path: Path, name: str) -> None:
    back = _round_trip(bundled, tmp_path, name)
    assert list(back) == list(bundled)
    assert dict(back.source_texts) == dict(bundled.source_texts)


def test_json_is_a_mapping_of_kinds(bundled: ruiran.Dataset, tmp_path: Path) -> None:
    document = json.loads(export.to_json(bundled, tmp_path / "x.json").read_text("utf-8"))
    kinds = ["sources", "actors", "agreements", "sanctions", "events"]
    assert list(document) == [*kinds, "coverage"]  # the coverage last (issue 22)
    assert bundled.coverage is not None
    assert document["coverage"] == [bundled.coverage.model_dump(mode="json")]
    assert len(document["actors"]) == len(bundled.actors)
    assert all(r["type"] == "event" for r in document["events"])


def test_jsonl_has_one_typed_record_per_line(bundled: ruiran.Dataset, tmp_path: Path) -> None:
    lines = export.to_jsonl(bundled, tmp_path / "x.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 1 + len(bundled)  # the coverage first (issue 22), then the records
    types = [json.loads(line)["type"] for line in lines]
    assert types == ["coverage", *(r.type for r in bundled)]


@settings(max_examples=20)
@given(generated(), st.sampled_from(["out.json", "out.jsonl"]))
def test_json_round_trip_generated(ds: ruiran.Dataset, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        back = _round_trip(ds, Path(folder), name)
    assert list(back) == list(ds)
    assert dict(back.source_texts) == dict(ds.source_texts)


def test_json_refuses_a_missing_source_text(tmp_path: Path) -> None:
    source = Source(id="s", title="t", kind=SourceKind.OTHER, text_file="s.txt")
    ds = ruiran.Dataset([source])  # no text given: the export could not be read back
    with pytest.raises(ValueError, match=re.escape("'s' names text_file 's.txt'")):
        export.to_jsonl(ds, tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize("text_file", ["../escape.txt", "/abs/path.txt", "a/../../b.txt"])
def test_json_refuses_a_text_file_outside_the_folder(tmp_path: Path, text_file: str) -> None:
    source = Source(id="s", title="t", kind=SourceKind.OTHER, text_file=text_file)
    ds = ruiran.Dataset([source], source_texts={"s": "text"})
    with pytest.raises(ValueError, match="relative path inside"):
        export.to_json(ds, tmp_path / "x.json")


# -- pandas --------------------------------------------------------------------------------------


def _expected_counts(ds: ruiran.Dataset) -> dict[str, int]:
    states = [a for a in ds.actors if isinstance(a, State)]
    return {
        "actors": len(ds.actors),
        "aliases": sum(len(a.aliases) for a in ds.actors),
        "historical_names": sum(len(s.historical_names) for s in states),
        "memberships": sum(len(getattr(a, "members", ())) for a in ds.actors),
        "positions": sum(len(getattr(a, "positions", ())) for a in ds.actors),
        "agreements": len(ds.agreements),
        "agreement_areas": sum(len(a.areas) for a in ds.agreements),
        "agreement_obligations": sum(len(a.obligations) for a in ds.agreements),
        "milestones": sum(len(a.milestones) for a in ds.agreements),
        "milestone_actors": sum(len(m.actors) for a in ds.agreements for m in a.milestones),
        "sanctions": len(ds.sanctions),
        "sanction_measures": sum(len(s.measures) for s in ds.sanctions),
        "sanction_objectives": sum(len(s.objectives) for s in ds.sanctions),
        "events": len(ds.events),
        "event_related": sum(len(e.related) for e in ds.events),
        "citations": sum(len(list(all_citations(r))) for r in ds),
        "sources": len(ds.sources),
    }


def _check_tables(ds: ruiran.Dataset) -> None:
    frames = export.to_pandas(ds)
    assert list(frames) == list(export.TABLES)
    for name, count in _expected_counts(ds).items():
        assert len(frames[name]) == count, name
    assert list(frames["actors"]["id"]) == [a.id for a in ds.actors]
    assert list(frames["agreements"]["id"]) == [a.id for a in ds.agreements]
    assert list(frames["events"]["id"]) == [e.id for e in ds.events]
    # Direct involvements are the records' own parties, participants and sides ...
    parties = frames["agreement_parties"]
    direct = parties[parties["via"].isna()]
    assert len(direct) == sum(len(a.parties) for a in ds.agreements)
    sides = frames["sanction_sides"]
    assert len(sides[sides["via"].isna()]) == sum(len(s.senders) + 1 for s in ds.sanctions)
    people = frames["event_participants"]
    assert len(people[people["via"].isna()]) == sum(len(e.participants) for e in ds.events)
    # ... and every row through a bloc is an involvement the Dataset itself reports.
    for row in parties[parties["via"].notna()].itertuples():
        found = ds.involvement(str(row.agreement), str(row.party))
        assert found is not None
    _check_dtypes(frames)


def _check_dtypes(frames: dict[str, object]) -> None:
    import pandas as pd

    for name, frame in frames.items():
        assert isinstance(frame, pd.DataFrame)
        for column, dtype in frame.dtypes.items():
            text = str(dtype)
            where = f"{name}.{column}"
            if str(column).endswith(("_start", "_end")) or column in ("start", "end"):
                assert text == "datetime64[ms]", where
            elif str(column).endswith("_precision") or column in ("type", "kind", "role"):
                assert text == "category", where
            else:
                assert text in ("string", "category", "Int64", "boolean", "datetime64[ms]"), where


def test_pandas_bundled(bundled: ruiran.Dataset) -> None:
    _check_tables(bundled)


@settings(max_examples=15)
@given(generated())
def test_pandas_generated(ds: ruiran.Dataset) -> None:
    _check_tables(ds)


def test_pandas_dtypes_as_documented(bundled: ruiran.Dataset) -> None:
    frames = export.to_pandas(bundled)
    actors = frames["actors"].set_index("id")
    assert str(actors["name"].dtype) == "string"
    assert str(actors["cow_code"].dtype) == "Int64"
    assert actors.loc["iran", "cow_code"] == 630
    assert actors["cow_code"].isna().sum() == len(bundled.actors) - sum(
        1 for a in bundled.actors if getattr(a, "cow_code", None) is not None
    )
    assert str(actors["formal"].dtype) == "boolean"
    stage = frames["agreements"]["stage"]
    assert stage.cat.ordered
    assert list(stage.cat.categories) == [s.value for s in Stage]
    # Dates before 1677 fit (millisecond timestamps); open ends are NaT.
    names = frames["historical_names"].set_index("name")
    empire = names.loc["Russian Empire"]
    assert str(empire["period"]) == "1721-11/1917-09"
    assert str(empire["period_start"].date()) == "1721-11-01"
    assert str(empire["period_end"].date()) == "1917-09-30"
    assert empire["period_precision"] == "month"
    events = frames["events"].set_index("id")
    cordial = events.loc["post-soviet-cordial-relations"]
    assert str(cordial["date_start"].date()) == "1991-12-01"
    assert cordial["date_end"] is pd_nat()


def pd_nat() -> object:
    import pandas as pd

    return pd.NaT


def test_citations_table(bundled: ruiran.Dataset) -> None:
    citations = export.to_pandas(bundled)["citations"]
    treaty = bundled["treaty-comprehensive-strategic-partnership"]
    mine = citations[citations["record"] == treaty.id]
    assert len(mine) == len(list(all_citations(treaty)))
    assert mine["milestone"].notna().sum() == sum(
        len(m.citations) for m in getattr(treaty, "milestones", ())
    )
    with_supports = citations[citations["supports"] != ""]
    assert all(set(s.split(",")) for s in with_supports["supports"])


# -- lifecycles per party ------------------------------------------------------------------------


def _withdrawal(*ends: tuple[str, str]) -> ruiran.Dataset:
    """Three states and an agreement in force from 2016; each (party, date) ends a party's part."""
    cite: list[dict[str, object]] = [{"source": "s", "quote": "q"}]
    steps: list[dict[str, object]] = [
        {"stage": "signed", "date": "2015-07-14", "citations": cite},
        {"stage": "in_force", "date": "2016-01-16", "citations": cite},
    ]
    steps += [
        {"stage": "terminated", "date": day, "party": who, "citations": cite} for who, day in ends
    ]
    return ruiran.io.from_dicts(
        [
            {"type": "source", "id": "s", "title": "S", "kind": "other"},
            *(
                {"type": "state", "id": p, "name": p.upper(), "citations": cite}
                for p in ("a", "b", "c")
            ),
            {
                "type": "agreement",
                "id": "deal",
                "title": "Deal",
                "kind": "treaty",
                "parties": ["a", "b", "c"],
                "milestones": steps,
                "citations": cite,
            },
        ]
    )


def test_the_milestones_table_has_each_milestones_party(bundled: ruiran.Dataset) -> None:
    frames = export.to_pandas(bundled)
    milestones = frames["milestones"]
    assert str(milestones["party"].dtype) == "string"
    expected = [m.party for a in bundled.agreements for m in a.milestones]
    assert [None if p is None or p is pd_na() else str(p) for p in milestones["party"]] == expected
    mine = milestones[milestones["agreement"] == "treaty-comprehensive-strategic-partnership"]
    ratified = mine[mine["stage"] == "ratified"]
    assert list(ratified["party"]) == ["russia", "iran"]
    assert list(ratified["date"]) == ["2025-04-21", "2025-06-11"]


def pd_na() -> object:
    import pandas as pd

    return pd.NA


def test_a_withdrawal_ends_the_partys_row_not_the_agreement_in_tables_and_ftm() -> None:
    ds = _withdrawal(("a", "2018-05-08"))
    frames = export.to_pandas(ds)
    deal = frames["agreements"].set_index("id").loc["deal"]
    assert deal["stage"] == "in_force"
    assert deal["life_end"] is pd_nat()  # b and c are still parties
    parties = frames["agreement_parties"].set_index("party")
    assert str(parties.loc["a", "end"].date()) == "2018-05-08"
    assert parties.loc["b", "end"] is pd_nat()
    assert list(frames["milestones"]["party"].fillna("-")) == ["-", "-", "a"]
    (entity,) = [e for e in _check_ftm(export.to_ftm(ds)) if e["id"] == "deal"]
    assert "endDate" not in entity["properties"]
    assert "stage:in_force" in entity["properties"]["keywords"]

    ended = _withdrawal(("a", "2018-05-08"), ("b", "2019"), ("c", "2019-03-01"))
    (entity,) = [e for e in _check_ftm(export.to_ftm(ended)) if e["id"] == "deal"]
    assert entity["properties"]["endDate"] == ["2019"]  # the last party's end
    life = export.to_pandas(ended)["agreements"].set_index("id").loc["deal"]
    assert str(life["life_end"].date()) == "2019-12-31"
    assert life["stage"] == "terminated"


def test_json_schema_and_json_round_trip_carry_the_party(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    schema = ruiran.json_schema()
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    party = defs["Milestone"]["properties"]["party"]
    assert "one of the agreement's parties" in party["description"]
    ds = _withdrawal(("a", "2018-05-08"))
    record = ds["deal"].model_dump(mode="json")
    assert record["milestones"][2]["party"] == "a"
    assert list(Draft202012Validator(schema).iter_errors(record)) == []
    for name in ("deal.json", "deal.jsonl"):
        back = _round_trip(ds, tmp_path, name)
        assert list(back) == list(ds)
        assert back.stage_of("deal", on="2020", party="a") is Stage.TERMINATED


# -- Parquet and DuckDB --------------------------------------------------------------------------


def _assert_same(back: object, frame: object) -> None:
    """Parquet keeps every value and dtype; an empty table's categories are not stored."""
    import pandas as pd

    assert isinstance(back, pd.DataFrame)
    assert isinstance(frame, pd.DataFrame)
    assert list(back.columns) == list(frame.columns)
    full = len(frame) > 0
    pd.testing.assert_frame_equal(back, frame, check_dtype=full, check_categorical=full)


def test_parquet_round_trip(bundled: ruiran.Dataset, tmp_path: Path) -> None:
    import pandas as pd

    written = export.to_parquet(bundled, tmp_path)
    assert set(written) == set(export.TABLES)
    frames = export.to_pandas(bundled)
    for name, frame in frames.items():
        back = pd.read_parquet(written[name])
        assert len(back) == len(frame), name
        _assert_same(back, frame)
    assert list(pd.read_parquet(tmp_path / "actors.parquet")["id"]) == [
        a.id for a in bundled.actors
    ]


def test_duckdb_reads_the_parquet_files(bundled: ruiran.Dataset, tmp_path: Path) -> None:
    import duckdb

    export.to_parquet(bundled, tmp_path)
    relation = duckdb.sql(
        f"""
        SELECT DISTINCT a.id, p.via
        FROM read_parquet('{tmp_path}/agreements.parquet') AS a
        JOIN read_parquet('{tmp_path}/agreement_parties.parquet') AS p ON p.agreement = a.id
        WHERE p.party = 'armenia'
        ORDER BY a.id
        """
    )
    assert relation is not None
    rows = relation.fetchall()
    assert {agreement for agreement, _ in rows} == {
        a.id for a in bundled.agreements_involving("armenia")
    }
    assert ("eaeu-iran-free-trade-agreement", "eaeu") in rows
    recent = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{tmp_path}/events.parquet') "
        "WHERE date_start >= TIMESTAMP '2025-01-01'"
    )
    assert recent is not None
    [(count,)] = recent.fetchall()
    assert count == sum(
        1 for e in bundled.events if e.date is not None and e.date.earliest.year >= 2025
    )


def test_csv_tables(bundled: ruiran.Dataset, tmp_path: Path) -> None:
    import pandas as pd

    written = export.to_csv(bundled, tmp_path / "csv")
    assert list(written) == list(export.TABLES)
    frames = export.to_pandas(bundled)
    for name, frame in frames.items():
        back = pd.read_csv(written[name], keep_default_na=False, dtype=str)
        assert list(back.columns) == list(frame.columns), name
        assert len(back) == len(frame), name
    actors = pd.read_csv(written["actors"], keep_default_na=False, dtype=str).set_index("id")
    assert actors.loc["iran", "cow_code"] == "630"
    names = pd.read_csv(written["historical_names"], dtype=str).set_index("name")
    assert names.loc["Russian Empire", "period_start"] == "1721-11-01"


@settings(max_examples=6)
@given(generated())
def test_parquet_round_trip_generated(ds: ruiran.Dataset) -> None:
    import pandas as pd

    frames = export.to_pandas(ds)
    with tempfile.TemporaryDirectory() as folder:
        written = export.to_parquet(ds, folder)
        for name, frame in frames.items():
            _assert_same(pd.read_parquet(written[name]), frame)


# -- networkx ------------------------------------------------------------------------------------


def _direct_actors(ds: ruiran.Dataset) -> set[str]:
    found: set[str] = set()
    for agreement in ds.agreements:
        found.update(agreement.parties)
    for event in ds.events:
        found.update(event.actors())
    for sanction in ds.sanctions:
        found.update((*sanction.senders, sanction.target))
    return found


def _check_graph(ds: ruiran.Dataset) -> None:
    graph = export.to_networkx(ds)
    assert set(graph.nodes) == _direct_actors(ds)
    expected = (
        sum(comb(len(a.parties), 2) for a in ds.agreements)
        + sum(comb(len(e.actors()), 2) for e in ds.events)
        + sum(len(s.senders) for s in ds.sanctions)
    )
    assert graph.number_of_edges() == expected
    per_record = Counter(key for _, _, key in graph.edges(keys=True))
    relations: list[Agreement | Event | Sanction] = [*ds.agreements, *ds.events, *ds.sanctions]
    for record in relations:
        assert per_record[record.id] == len(list(export.dyads(record)))
    for _, data in graph.nodes(data=True):
        assert {"name", "type"} <= set(data)
        assert None not in data.values()
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert data["record"] == key
        assert data["kind"] in ("agreement", "event", "sanction")
        assert {"subkind", "relation", "title"} <= set(data)
        assert None not in data.values()


def test_graph_bundled(bundled: ruiran.Dataset) -> None:
    _check_graph(bundled)
    graph = export.to_networkx(bundled)
    assert graph.nodes["russia"]["iso_alpha3"] == "RUS"
    edge = graph.edges["israel", "iran", "israeli-strikes-on-iran-2025"]
    assert edge["relation"] == "initiator-target"
    assert edge["subkind"] == "aerial_attack"
    assert edge["start"] == "2025-06-13"
    sanction = graph.edges["the-west", "iran", "western-sanctions-on-iran"]
    assert sanction["kind"] == "sanction"


@settings(max_examples=20)
@given(generated())
def test_graph_generated(ds: ruiran.Dataset) -> None:
    _check_graph(ds)


def test_event_edge_rule() -> None:
    from ruiran.model import Citation, Participant

    cite = (Citation(source="s", quote="q"),)
    event = Event(
        id="e",
        kind=EventKind.ACCUSE,
        title="t",
        citations=cite,
        participants=(
            Participant(actor="witness", role=Role.PARTICIPANT),
            Participant(actor="victim", role=Role.TARGET),
            Participant(actor="accuser", role=Role.INITIATOR),
        ),
    )
    assert sorted(export.dyads(event)) == [
        ("accuser", "victim", "initiator-target"),
        ("witness", "accuser", "participant"),
        ("witness", "victim", "participant"),
    ]


def test_graphml_write_and_read(bundled: ruiran.Dataset, tmp_path: Path) -> None:
    import networkx as nx

    graph = export.to_networkx(bundled)
    path = tmp_path / "ruiran.graphml"
    nx.write_graphml(graph, path)
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["iran"]["cow_code"] == 630
    assert back.is_directed()
    assert back.is_multigraph()


def test_graphml_and_ftm_files_are_written_safely(bundled: ruiran.Dataset, tmp_path: Path) -> None:
    import networkx as nx

    graphml = export.to_graphml(bundled, tmp_path / "out" / "ruiran.graphml")
    assert (
        nx.read_graphml(graphml).number_of_edges() == export.to_networkx(bundled).number_of_edges()
    )
    ftm = export.to_ftm_jsonl(bundled, tmp_path / "ruiran.ftm.jsonl")
    lines = ftm.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(export.to_ftm(bundled))
    for write, path in ((export.to_graphml, graphml), (export.to_ftm_jsonl, ftm)):
        before = path.read_bytes()
        path.write_bytes(b"mine")
        with pytest.raises(export.OutputExistsError):
            write(bundled, path)
        assert path.read_bytes() == b"mine"
        assert write(bundled, path, overwrite=True) == path
        assert path.read_bytes() == before


# -- FollowTheMoney ------------------------------------------------------------------------------


def _check_ftm(entities: Iterable[FtmEntity]) -> list[FtmEntity]:
    """Validate every entity property by property with followthemoney itself."""
    from followthemoney import model
    from followthemoney.types import registry

    found = list(entities)
    ids = [e["id"] for e in found]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    schemata = {e["id"]: e["schema"] for e in found}
    for entity in found:
        assert set(entity) == {"id", "schema", "properties"}
        assert FTM_ID.match(entity["id"]), entity["id"]
        assert len(entity["id"]) <= 200, entity["id"]
        schema = model.get(entity["schema"])
        assert schema is not None, entity["schema"]
        assert not schema.abstract, entity["schema"]
        for required in schema.required:
            assert entity["properties"].get(required), (entity["id"], required)
        for name, values in entity["properties"].items():
            prop = schema.get(name)
            assert prop is not None, (entity["schema"], name)
            assert values, (entity["id"], name)
            for value in values:
                cleaned = prop.type.clean(value, format=prop.format)
                assert cleaned == value, (entity["id"], name, value, cleaned)
                if prop.type == registry.entity:
                    assert value in schemata, (entity["id"], name, value)
                    target = model.get(schemata[value])
                    assert target is not None
                    assert target.is_a(prop.range), (entity["id"], name)
        proxy = model.get_proxy(dict(entity))
        assert proxy.id == entity["id"]
    return found


def test_ftm_bundled(bundled: ruiran.Dataset) -> None:
    entities = {e["id"]: e for e in _check_ftm(export.to_ftm(bundled))}
    assert {a.id for a in bundled.actors} <= set(entities)
    iran = entities["iran"]
    assert iran["schema"] == "PublicBody"
    assert iran["properties"]["country"] == ["ir"]
    russia = entities["russia"]["properties"]
    assert "suhh" in russia["country"]
    assert "Soviet Union" in russia["previousName"]
    assert entities["vladimir-putin"]["schema"] == "Person"
    treaty = entities["treaty-comprehensive-strategic-partnership"]["properties"]
    assert set(treaty["involved"]) == {"russia", "iran"}
    assert "2025-01-17" in treaty["date"]
    assert treaty["sourceUrl"]
    sanction = entities["western-sanctions-on-iran"]
    assert sanction["schema"] == "Sanction"
    assert sanction["properties"]["entity"] == ["iran"]
    memberships = [e for e in entities.values() if e["schema"] == "Membership"]
    assert len(memberships) == sum(len(getattr(a, "members", ())) for a in bundled.actors)
    occupancies = [e for e in entities.values() if e["schema"] == "Occupancy"]
    assert len(occupancies) == sum(len(getattr(a, "positions", ())) for a in bundled.actors)
    wars = entities["russo-persian-wars"]["properties"]
    assert wars["startDate"] == ["1722"]
    assert "date" not in wars  # a period goes to startDate/endDate, never a range


@settings(max_examples=20)
@given(generated())
def test_ftm_generated(ds: ruiran.Dataset) -> None:
    entities = _check_ftm(export.to_ftm(ds))
    assert len([e for e in entities if e["id"] in ds]) == len(ds)


# -- missing extras and import weight ------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "extra", "call"),
    [
        ("pandas", "pandas", lambda ds, path: export.to_pandas(ds)),
        ("pyarrow", "parquet", lambda ds, path: export.to_parquet(ds, path)),
        ("pandas", "parquet", lambda ds, path: export.to_parquet(ds, path)),
        ("pandas", "pandas", lambda ds, path: export.to_csv(ds, path)),
        ("networkx", "graph", lambda ds, path: export.to_networkx(ds)),
        ("followthemoney", "ftm", lambda ds, path: export.to_ftm(ds)),
    ],
)
def test_missing_extra_names_itself(
    bundled: ruiran.Dataset,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    extra: str,
    call: object,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingExtraError, match=re.escape(f"pip install 'ruiran[{extra}]'")):
        call(bundled, tmp_path)  # type: ignore[operator]
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_import_export_stays_light() -> None:
    code = (
        "import sys, ruiran.export; "
        "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'networkx', 'followthemoney')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
