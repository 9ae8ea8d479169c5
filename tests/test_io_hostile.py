"""User datasets at scale and under attack: JSON Lines, merging, schema, hostile input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ruiran
from ruiran import Dataset, DatasetError
from ruiran import io as rio
from ruiran.read import reader
from ruiran.synthetic import synthetic_records
from ruiran.testing import datasets


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_json_lines_are_read_in_chunks_with_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "_CHUNK", 7)
    rows = synthetic_records(n_events=40, n_actors=5, seed=3)
    path = tmp_path / "big.jsonl"
    _write_jsonl(path, rows)
    assert len(ruiran.load(path)) == len(rows)
    assert ruiran.load(path) == rio.from_dicts(rows)

    broken = [dict(r) for r in rows]
    broken[30] = {**broken[30], "date": "sometime"}
    text = "".join(json.dumps(r) + "\n" for r in broken) + "{not json\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        ruiran.load(path)
    labels = [p.file for p in info.value.problems]
    assert f"{path}:31" in labels  # the line of the bad date
    assert any(f"line {len(broken) + 1}: not valid JSON" in p.message for p in info.value.problems)


def test_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "records.jsonl"
    _write_jsonl(path, synthetic_records(n_events=10, n_actors=4, seed=1))
    ruiran.load(path, progress=True)
    assert "records" in capsys.readouterr().err


def test_progress_bar_names_its_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "tqdm", None)
    path = tmp_path / "records.jsonl"
    _write_jsonl(path, synthetic_records(n_events=3, n_actors=3, seed=1))
    with pytest.raises(ruiran.MissingExtraError, match=r"pip install 'ruiran\[progress\]'"):
        ruiran.load(path, progress=True)


@settings(max_examples=30)
@given(datasets())
def test_merge_combines_and_detects_conflicts(records: list[ruiran.model.AnyRecord]) -> None:
    whole = Dataset(records)
    assert whole.merge(whole) == whole
    part = Dataset([r for r in records if r.type in ("source", "state")])
    assert {r.id for r in part.merge(whole)} == {r.id for r in whole}
    assert list(whole.merge(part)) == list(whole)
    state = next(r for r in records if r.type == "state")
    renamed = state.model_copy(update={"name": state.name + " (renamed)"})
    with pytest.raises(DatasetError, match="conflicting records") as info:
        whole.merge(Dataset([r if r is not state else renamed for r in part]))
    assert [p.record for p in info.value.problems] == [state.id]


def test_bundled_merges_with_a_users_dataset(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text(
        "- id: my-event\n  kind: consult\n  title: A call\n  date: 2025-07\n"
        "  participants: [{actor: russia, role: initiator}, {actor: iran, role: target}]\n"
        "  citations: [{source: russia-iran-deepening-alliance, quote: Russia}]\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError, match="does not name any record"):
        ruiran.load(tmp_path)  # alone, its references dangle
    mine = [*ruiran.load(), *rio.read_records(tmp_path / "events.yaml")]
    merged = ruiran.load().merge(Dataset(mine, source_texts=ruiran.load().source_texts))
    assert "my-event" in [e.id for e in merged.events_between("Russia", "Iran", start="2025-07")]


def test_json_schema_is_valid_draft_2020_12_and_accepts_the_bundled_records() -> None:
    from jsonschema import Draft202012Validator

    schema = ruiran.json_schema()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for record in ruiran.load():
        errors = list(validator.iter_errors(record.model_dump(mode="json")))
        assert errors == [], (record.id, errors[:1])
    assert list(validator.iter_errors({"type": "state", "id": "Bad Id"}))


def test_python_tags_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "events.yaml").write_text(
        f"- !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError, match="not valid YAML"):
        ruiran.load(tmp_path)
    assert not marker.exists()


def test_deeply_nested_and_huge_files_fail_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(DatasetError, match=r"not valid JSON|nested"):
        ruiran.load(deep)
    deep_yaml = tmp_path / "deep.yaml"
    deep_yaml.write_text("- " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    with pytest.raises(DatasetError):
        ruiran.load(deep_yaml)
    big = tmp_path / "events.yaml"
    big.write_text("# " + "x" * 200 + "\n[]\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="JSON Lines"):
        ruiran.load(big, limits=rio.Limits(document_bytes=100))


def test_source_texts_must_stay_inside_the_dataset(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        "- {id: s, title: S, kind: other, text_file: ../../etc/passwd}\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError, match="inside the dataset folder"):
        ruiran.load(tmp_path)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=5,
)
_VALID = synthetic_records(n_events=30, n_actors=4, seed=7)
_SCALARS: st.SearchStrategy[object] = (
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.just([])
)


@st.composite
def _near_valid(draw: st.DrawFn) -> bytes:
    """A valid record with one field broken, dropped or added: the mistakes users make."""
    record = dict(draw(st.sampled_from(_VALID)))
    key = draw(st.sampled_from([*record, "extra"]))
    if draw(st.booleans()):
        record[key] = draw(_SCALARS)
    else:
        record.pop(key, None)
    return json.dumps([record]).encode()


_PAYLOADS = st.one_of(
    st.binary(max_size=64),
    _near_valid(),
    _JSON.map(lambda x: json.dumps(x).encode()),
    st.text(max_size=64).map(str.encode),
)


def _only_dataset_errors(load: Callable[[], Dataset]) -> None:
    try:
        ds = load()
    except DatasetError as error:
        problems = error.problems
        assert problems, "a DatasetError must list its problems"
    else:
        assert isinstance(ds, Dataset)


@settings(max_examples=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(_PAYLOADS, st.sampled_from(["yaml", "json", "jsonl"]))
def test_fuzz_only_dataset_errors_come_out(payload: bytes, fmt: str) -> None:
    _only_dataset_errors(lambda: rio.loads(payload, format=fmt))


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_PAYLOADS, st.sampled_from(["events.yaml", "actors.json", "data.jsonl", "sources.yaml"]))
def test_fuzz_through_files(tmp_path: Path, payload: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    _only_dataset_errors(lambda: ruiran.load(path))
