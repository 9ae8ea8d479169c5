"""Bringing your own data on top of the bundled dataset: ``ruiran.load(path, base=...)``."""

from __future__ import annotations

from pathlib import Path

import pytest

import ruiran
from ruiran import DatasetError
from ruiran.dataset.integrity import conflict

EVENT = (
    "- id: my-call\n  kind: consult\n  title: A phone call\n  date: 2025-07-03\n"
    "  participants: [{actor: russia, role: initiator}, {actor: iran, role: target}]\n"
    "  citations: [{source: russia-iran-deepening-alliance, quote: Russia}]\n"
)


def test_user_records_may_refer_to_the_base(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text(EVENT, encoding="utf-8")
    with pytest.raises(DatasetError, match="'russia-iran-deepening-alliance' does not name"):
        ruiran.load(tmp_path)  # Russia and Iran are table states; the bundled source is not
    bundled = ruiran.load()
    ds = ruiran.load(tmp_path, base=bundled)
    assert len(ds) == len(bundled) + 1
    assert list(ds)[: len(bundled)] == list(bundled)  # the base first, in its order
    assert ds.source_texts == bundled.source_texts
    assert "my-call" in {e.id for e in ds.events_between("Russia", "Iran")}
    assert ruiran.load(tmp_path / "events.yaml", base=bundled) == ds  # a file works too


def test_a_record_repeating_the_base_exactly_is_kept_once(tmp_path: Path) -> None:
    bundled = ruiran.load()
    iran = bundled["iran"]
    (tmp_path / "actors.json").write_text("[" + iran.model_dump_json() + "]", encoding="utf-8")
    (tmp_path / "events.yaml").write_text(EVENT, encoding="utf-8")
    ds = ruiran.load(tmp_path, base=bundled)
    assert len(ds) == len(bundled) + 1
    assert ds["iran"] == iran


def test_a_conflicting_record_is_one_problem_naming_the_fields(tmp_path: Path) -> None:
    bundled = ruiran.load()
    iran = bundled["iran"].model_copy(update={"name": "Persia"})
    (tmp_path / "actors.json").write_text("[" + iran.model_dump_json() + "]", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        ruiran.load(tmp_path, base=bundled)
    [problem] = info.value.problems
    assert problem.record == "iran"
    assert "differ in 'name' ('Iran' and 'Persia')" in problem.message
    assert problem.file is not None
    assert problem.file.endswith("actors.json")
    assert len(str(problem)) < 400  # not a dump of both records


def test_a_conflicting_source_text_is_a_problem(tmp_path: Path) -> None:
    bundled = ruiran.load()
    article = next(s for s in bundled.sources if s.id == "russia-iran-deepening-alliance")
    (tmp_path / "sources.json").write_text("[" + article.model_dump_json() + "]", encoding="utf-8")
    assert article.text_file is not None
    text = tmp_path / article.text_file
    text.parent.mkdir(parents=True)
    text.write_text("another text", encoding="utf-8")
    with pytest.raises(DatasetError, match="the base dataset holds another text for it"):
        ruiran.load(tmp_path, base=bundled)


def test_merge_names_the_differing_fields() -> None:
    bundled = ruiran.load()
    changed = [
        r.model_copy(update={"name": r.name + "!"}) if r.id == "iran" else r  # type: ignore[union-attr]
        for r in bundled
    ]
    with pytest.raises(DatasetError) as info:
        bundled.merge(ruiran.Dataset(changed, source_texts=bundled.source_texts))
    [problem] = info.value.problems
    assert problem.message == conflict(
        bundled["iran"], changed[[r.id for r in changed].index("iran")]
    )
    assert "'name' ('Iran' and 'Iran!')" in problem.message


def test_conflict_of_different_kinds() -> None:
    bundled = ruiran.load()
    assert "a state and a source" in conflict(bundled["iran"], bundled.sources[0])


def test_base_needs_a_path() -> None:
    with pytest.raises(ValueError, match="'base' needs a 'path'"):
        ruiran.load(base=ruiran.load())


DOC = Path(__file__).absolute().parents[1] / "docs" / "dataset-format.md"


def test_the_documented_small_dataset_loads_on_top_of_the_bundled_one(tmp_path: Path) -> None:
    import re

    page = DOC.read_text(encoding="utf-8")
    example = re.search(
        r"<!-- example:start -->\n```yaml\n(.*?)```\n<!-- example:end -->", page, re.S
    )
    report = re.search(r"`texts/my-report.txt`, the report's text.*?```text\n(.*?)```", page, re.S)
    assert example is not None
    assert report is not None
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "my-report.txt").write_text(report.group(1), encoding="utf-8")
    (tmp_path / "data.yaml").write_text(example.group(1), encoding="utf-8")
    alone = ruiran.load(tmp_path / "data.yaml")  # russia and iran: states of the reference table
    assert [a.id for a in alone.agreements_between("Russia", "Iran")] == ["caspian-port-deal"]
    assert alone.get("russia") is None
    ds = ruiran.load(tmp_path / "data.yaml", base=ruiran.load())
    assert "caspian-port-deal" in {a.id for a in ds.agreements_between("Russia", "Iran")}
    bundled = {e.id for e in ruiran.events_between("Iran", "Russia", start="2025-03", kind="visit")}
    found = {e.id for e in ds.events_between("Iran", "Russia", start="2025-03", kind="visit")}
    assert found == bundled | {"iranian-delegation-in-astrakhan"}
