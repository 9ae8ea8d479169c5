"""Answers into pandas (``Records.to_pandas()``, ``pd.DataFrame(ruiran.timeline(...))``) and
the coded part of an answer in HTML."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest

import ruiran
from ruiran.coded.display import HTML_ROWS, events_html
from ruiran.coded.evidence import evidence_of
from ruiran.coded.record import CodedEvent
from ruiran.errors import MissingExtraError
from ruiran.query import frames
from ruiran.query.entries import CELLS
from ruiran.query.results import Records
from ruiran.testing import synthetic_gdelt


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in frame.dtypes.items()}


def test_agreements_columns_and_dtypes() -> None:
    found = ruiran.agreements_between("Russia", "Iran")
    frame = found.to_pandas()
    assert list(frame.columns) == [
        "id",
        "type",
        "kind",
        "title",
        "when",
        "start",
        "end",
        "precision",
        "stage",
        "overall_stage",
        "parties",
    ]
    assert _dtypes(frame) == {
        "id": "string",
        "type": "category",
        "kind": "category",
        "title": "string",
        "when": "string",
        "start": "datetime64[ms]",
        "end": "datetime64[ms]",
        "precision": "category",
        "stage": "category",
        "overall_stage": "category",
        "parties": "object",
    }
    assert list(frame["id"]) == [a.id for a in found]  # the answer's order
    assert list(frame.index) == list(range(len(found)))
    assert frame["stage"].cat.ordered
    assert list(frame["stage"].cat.categories) == [s.value for s in ruiran.model.Stage]
    s300 = frame.set_index("id").loc["s-300-contract-2007"]
    assert s300["parties"] == ["russia", "iran"]
    s300_record = ruiran.load()["s-300-contract-2007"]
    assert isinstance(s300_record, ruiran.model.Agreement)
    dated = sorted(m.date for m in s300_record.milestones if m.date)
    assert s300["start"] == pd.Timestamp(dated[0].earliest)
    assert s300["end"] == pd.Timestamp(dated[-1].latest)


def test_sanctions_columns_and_dtypes() -> None:
    found = ruiran.sanctions_on("Iran")
    frame = found.to_pandas()
    for name in ("status", "modality", "senders", "target"):
        assert name in frame.columns
    assert "parties" not in frame.columns
    assert "stage" not in frame.columns
    assert str(frame["status"].dtype) == "category"
    assert str(frame["target"].dtype) == "string"
    assert set(frame["target"]) == {"iran"}
    assert list(frame["id"]) == [s.id for s in found]
    unsc = frame.set_index("id").loc["unsc-sanctions-on-iran"]
    assert unsc["senders"] == ["un-security-council"]
    assert unsc["start"] == pd.Timestamp("2006-12-23")


def test_events_open_end_and_precision() -> None:
    found = ruiran.events_between("Russia", "Iran")
    frame = found.to_pandas()
    assert {"kind", "participants", "modality"} <= set(frame.columns)
    assert list(frame["precision"].cat.categories) == ["year", "month", "day"]
    row = frame.set_index("id").loc["russo-persian-wars"]
    assert (row["when"], row["precision"]) == ("1722/1828", "year")
    assert row["start"] == pd.Timestamp("1722-01-01")  # before 1677: milliseconds hold it
    open_ended = frame[frame["when"].str.endswith("/..")]
    assert len(open_ended) > 0
    assert open_ended["end"].isna().all()


def test_actors_answer() -> None:
    frame = ruiran.members("EAEU", on="2024").to_pandas()
    assert list(frame["type"]) == ["state"] * len(frame)
    assert "russia" in set(frame["id"])
    assert "kind" not in frame.columns
    assert frame["start"].isna().all()


def test_a_mixed_answer_gets_the_union_of_columns() -> None:
    ds = ruiran.load()
    found = Records(
        [ds["s-300-contract-2007"], ds["unsc-sanctions-on-iran"], ds["russo-persian-wars"]]
    )
    frame = found.to_pandas()
    assert list(frame["id"]) == [
        "s-300-contract-2007",
        "unsc-sanctions-on-iran",
        "russo-persian-wars",
    ]
    assert {"stage", "parties", "status", "senders", "target", "participants"} <= set(frame.columns)
    assert list(frame["type"]) == ["agreement", "sanction", "event"]
    assert frame["parties"][1] is None
    assert frame["senders"][0] is None
    assert pd.isna(frame["stage"][1])
    assert pd.isna(frame["target"][0])
    # kind mixes two vocabularies: every value of both is a category
    assert {"fight", "contract"} <= set(frame["kind"].cat.categories)


def test_an_empty_answer_is_a_typed_empty_frame() -> None:
    frame = ruiran.sanctions_on("Iran", on="1700-01-01").to_pandas()
    assert len(frame) == 0
    assert list(frame.columns) == list(frames.BASE)
    assert str(frame["start"].dtype) == "datetime64[ms]"
    assert str(frame["id"].dtype) == "string"
    assert str(frame["precision"].dtype) == "category"


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(MissingExtraError, match=r"pip install 'ruiran\[pandas\]'"):
        ruiran.agreements_between("Russia", "Iran").to_pandas()


def test_timeline_into_a_dataframe_gives_columns() -> None:
    found = ruiran.timeline("Russia", "Iran", start="2025")
    frame = pd.DataFrame(found)
    assert list(frame.columns) == list(CELLS)
    assert list(frame["record"]) == [entry.record.id for entry in found]
    assert list(frame["label"]) == [entry.label for entry in found]
    treaty = frame[frame["record"] == "treaty-comprehensive-strategic-partnership"]
    assert dt.date(2025, 1, 17) in set(treaty["start"])  # the signing, a cell of its own
    typed = found.to_pandas()
    assert list(typed.columns) == list(CELLS)
    assert list(typed["record"]) == list(frame["record"])
    assert str(typed["start"].dtype) == "datetime64[ms]"
    assert str(typed["milestone"].dtype) == "Int64"
    assert str(typed["kind"].dtype) == "category"
    party = typed[typed["label"].str.endswith("(Russia)")]
    assert list(party["party"]) == ["russia"] * len(party)
    assert len(party) > 0


def test_a_timeline_entry_is_a_mapping_of_its_cells() -> None:
    entry = ruiran.timeline("Russia", "Iran")[0]
    assert list(entry) == list(CELLS)
    assert len(entry) == len(CELLS)
    assert dict(entry)["record"] == entry.record.id
    assert entry == entry
    assert hash(entry) == hash(entry)
    with pytest.raises(KeyError, match="cells are"):
        entry["nope"]


def test_the_coded_part_shows_itself_in_html(tmp_path: Path) -> None:
    path = synthetic_gdelt(tmp_path / "events.tsv", 3000, seed=4)
    found = evidence_of(
        ruiran.ingest.gdelt(path, between=("Russia", "Iran")).events_between("Russia", "Iran")
    )
    coded = found.coded
    assert len(coded) > HTML_ROWS  # the middle is left out
    html = coded._repr_html_()
    assert html.count("<tr>") == 1 + HTML_ROWS + 1  # head, shown rows, the gap
    assert coded[0].id in html
    assert coded[len(coded) - 1].id in html
    assert f"{len(coded)} coded events" in html
    assert coded._repr_html_() in found._repr_html_()  # the answer shows both parts


def test_a_coded_event_in_html_is_escaped() -> None:
    row = {
        "GLOBALEVENTID": 7,
        "SQLDATE": 20240105,
        "Actor1Name": "<script>x</script>",
        "EventCode": "042",
        "SOURCEURL": "https://news.invalid/a?b=1&c=2",
    }
    event = CodedEvent.from_row(row, {})
    html = event._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "b=1&amp;c=2" in html
    assert "<script>" not in events_html([event])
