"""Records: JSON round-trips, immutability, and validation messages."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from ruiran import testing as rst
from ruiran.model import (
    Agreement,
    AnyRecord,
    Citation,
    Event,
    EventKind,
    Milestone,
    PartialDate,
    Stage,
    State,
    record_adapter,
)

SRC = ["src-a", "src-b"]
ACTORS = ["a", "b", "c", "bloc-x"]

RECORDS: st.SearchStrategy[BaseModel] = st.one_of(
    rst.sources(),
    rst.states(SRC),
    rst.organizations(SRC, ACTORS),
    rst.persons(SRC, ACTORS),
    rst.blocs(SRC, ACTORS),
    rst.agreements(SRC, ACTORS),
    rst.sanctions(SRC, ACTORS),
    rst.events(SRC, ACTORS),
)


@given(RECORDS)
def test_every_record_survives_a_json_round_trip(record: AnyRecord) -> None:
    cls = type(record)
    assert cls.model_validate_json(record.model_dump_json()) == record
    assert record_adapter().validate_json(record.model_dump_json()) == record
    assert cls(**dict(record)) == record


@given(RECORDS)
def test_records_are_frozen(record: AnyRecord) -> None:
    with pytest.raises(ValidationError, match="frozen"):
        record.id = "other"  # type: ignore[misc]


def _cite(**extra: Any) -> list[dict[str, Any]]:
    return [{"source": "s", "quote": "q", **extra}]


def test_every_record_needs_a_citation() -> None:
    with pytest.raises(ValidationError, match="citations"):
        State(id="iran", name="Iran", citations=())


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        State.model_validate(
            {"id": "iran", "name": "Iran", "citations": _cite(), "capital": "Tehran"}
        )


def test_iso_codes_are_checked_with_pycountry() -> None:
    with pytest.raises(ValidationError, match="ISO 3166 alpha-2"):
        State(id="x", name="X", iso_alpha2="XX", citations=_cite())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="must match"):
        State(id="x", name="Iran", iso_alpha2="IR", iso_alpha3="RUS", citations=_cite())  # type: ignore[arg-type]


def test_ids_must_be_ftm_compatible() -> None:
    for bad in ["Iran", "iran_1", "a:b", "-x", ""]:
        with pytest.raises(ValidationError, match="pattern"):
            State(id=bad, name="X", citations=_cite())  # type: ignore[arg-type]


def test_citation_supports_must_name_real_fields() -> None:
    with pytest.raises(ValidationError, match="unknown field 'dat'"):
        State(id="x", name="X", citations=_cite(supports=["dat"]))  # type: ignore[arg-type]


def _milestone(stage: str, date: str | None) -> dict[str, Any]:
    return {"stage": stage, "date": date, "citations": _cite()}


def test_milestones_must_follow_the_lifecycle() -> None:
    base = {"id": "t", "title": "T", "kind": "treaty", "parties": ["a", "b"], "citations": _cite()}
    ok = Agreement.model_validate(
        {
            **base,
            "milestones": [_milestone("authorized", "2024-09"), _milestone("signed", "2025-01-17")],
        }
    )
    assert ok.stage is Stage.SIGNED
    with pytest.raises(ValidationError, match="lifecycle"):
        Agreement.model_validate(
            {**base, "milestones": [_milestone("signed", None), _milestone("proposed", None)]}
        )
    with pytest.raises(ValidationError, match="dated before"):
        Agreement.model_validate(
            {**base, "milestones": [_milestone("signed", "2025"), _milestone("in_force", "2024")]}
        )


def test_stage_on_a_date() -> None:
    treaty = Agreement(
        id="t",
        title="T",
        kind="treaty",  # type: ignore[arg-type]
        parties=("a", "b"),
        milestones=(
            Milestone(
                stage=Stage.SIGNED,
                date=PartialDate.parse("2025-01-17"),
                citations=(Citation(source="s", quote="q"),),
            ),
            Milestone(
                stage=Stage.IN_FORCE,
                date=PartialDate.parse("2025-10"),
                citations=(Citation(source="s", quote="q"),),
            ),
        ),
        citations=(Citation(source="s", quote="q"),),
    )
    assert treaty.stage_on(PartialDate(2024)) is None
    assert treaty.stage_on(PartialDate(2025, 3)) is Stage.SIGNED
    assert treaty.stage_on(PartialDate(2025)) is Stage.IN_FORCE


def test_a_statement_must_be_quoted() -> None:
    base = {
        "id": "e",
        "kind": "criticize",
        "title": "E",
        "participants": [{"actor": "a", "role": "speaker"}],
        "citations": _cite(quote='he called it a "dangerous escalation."'),
    }
    assert Event.model_validate({**base, "statement": "dangerous escalation"}).statement
    with pytest.raises(ValidationError, match=r"verbatim|as they appear"):
        Event.model_validate({**base, "statement": "a grave escalation"})


def test_every_event_kind_has_a_cameo_code() -> None:
    for kind in EventKind:
        assert len(kind.cameo) == 3
        assert kind.cameo.isdigit()
        assert 1 <= int(kind.cameo_root) <= 20


def test_stages_order_by_lifecycle_not_alphabet() -> None:
    assert sorted(Stage) == list(Stage)
    assert Stage.AUTHORIZED < Stage.SIGNED < Stage.RATIFIED < Stage.IN_FORCE
    assert max(Stage.SIGNED, Stage.ANNOUNCED_INTENT) is Stage.SIGNED
