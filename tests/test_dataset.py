"""The Dataset: integrity checks, immutability, actor resolution and agreements_between."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from ruiran import Dataset, DatasetError, QueryError, UnknownActorError
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Citation,
    Event,
    Membership,
    Milestone,
    Period,
    Sanction,
    Source,
    Stage,
    State,
)
from ruiran.testing import datasets

CITE = (Citation(source="src", quote="q"),)


def _base() -> list[AnyRecord]:
    return [
        Source(id="src", title="S", kind="other"),  # type: ignore[arg-type]
        State(id="russia", name="Russia", iso_alpha2="RU", iso_alpha3="RUS", citations=CITE),
        State(
            id="iran",
            name="Iran",
            aliases=("Persia",),
            iso_alpha2="IR",
            iso_alpha3="IRN",
            citations=CITE,
        ),
        State(id="armenia", name="Armenia", iso_alpha2="AM", citations=CITE),
        Bloc(
            id="eaeu",
            name="Eurasian Economic Union",
            formal=True,
            members=(
                Membership(member="russia", period=Period.parse("2015/..")),
                Membership(member="armenia", period=Period.parse("2015/2020")),
            ),
            citations=CITE,
        ),
    ]


def _agreement(
    id: str, parties: tuple[str, ...], *dates: str, stage: Stage = Stage.SIGNED
) -> Agreement:
    return Agreement(
        id=id,
        title=id,
        kind="treaty",  # type: ignore[arg-type]
        parties=parties,
        milestones=tuple(Milestone(stage=stage, date=d, citations=CITE) for d in dates),  # type: ignore[arg-type]
        citations=CITE,
    )


@given(datasets())
def test_generated_datasets_are_valid(records: list[AnyRecord]) -> None:
    ds = Dataset(records)
    assert len(ds) == len(records)
    assert list(ds) == records
    assert all(ds[r.id] is r and ds.get(r.id) is r for r in records)


@given(datasets(), st.data())
def test_a_dangling_reference_is_named(records: list[AnyRecord], data: st.DataObject) -> None:
    candidates: list[AnyRecord] = [
        r for r in records if isinstance(r, (Event, Sanction, Agreement))
    ]
    if not candidates:
        candidates = [r for r in records if isinstance(r, State)]
    victim = data.draw(st.sampled_from(candidates))
    if isinstance(victim, Event):
        broken: AnyRecord = victim.model_copy(
            update={
                "participants": (victim.participants[0].model_copy(update={"actor": "nobody"}),)
            }
        )
        field = "participants.0.actor"
    elif isinstance(victim, Sanction):
        broken = victim.model_copy(update={"target": "nobody"})
        field = "target"
    elif isinstance(victim, Agreement):
        broken = victim.model_copy(update={"parties": (*victim.parties[:-1], "nobody")})
        field = f"parties.{len(victim.parties) - 1}"
    else:
        broken = victim.model_copy(update={"citations": (Citation(source="nobody", quote="q"),)})
        field = "citations.0.source"
    with pytest.raises(DatasetError) as info:
        Dataset([broken if r is victim else r for r in records])
    assert any(p.record == victim.id and p.field == field for p in info.value.problems)
    assert "'nobody'" in str(info.value)


@given(datasets(), st.data())
def test_a_duplicate_id_is_named(records: list[AnyRecord], data: st.DataObject) -> None:
    twin = data.draw(st.sampled_from(records))
    with pytest.raises(DatasetError) as info:
        Dataset([*records, twin])
    assert [p.record for p in info.value.problems if p.field == "id"] == [twin.id]


def test_every_problem_is_listed_at_once() -> None:
    records = [
        *_base(),
        _agreement("a1", ("russia", "ghost")),
        _agreement("a2", ("iran", "src")),
        State(id="x", name="X", citations=(Citation(source="missing", quote="q"),)),
    ]
    with pytest.raises(DatasetError) as info:
        Dataset(records)
    found = {(p.record, p.field) for p in info.value.problems}
    assert found == {("a1", "parties.1"), ("a2", "parties.1"), ("x", "citations.0.source")}
    assert "must name a record of type state or organization or bloc" in str(info.value)


def test_quotes_are_checked_against_source_texts() -> None:
    records = [
        *_base(),
        State(id="x", name="X", citations=(Citation(source="src", quote="not there"),)),
    ]
    with pytest.raises(DatasetError, match="quote not found verbatim"):
        Dataset(records, source_texts={"src": "q is here"})


def test_actor_resolution() -> None:
    ds = Dataset(_base())
    assert ds.actor("IRAN").id == "iran"
    assert ds.actor("  persia ").id == "iran"
    assert ds.actor("IRN").id == "iran"
    assert ds.actor(ds["russia"]).id == "russia"  # type: ignore[arg-type]
    with pytest.raises(UnknownActorError, match="did you mean 'Iran'") as info:
        ds.actor("Irann")
    assert isinstance(info.value, LookupError)
    assert info.value.suggestions == ("Iran",)


def test_bloc_membership_counts_only_during_membership() -> None:
    ds = Dataset(
        [
            *_base(),
            _agreement("fta", ("eaeu", "iran"), "2018-05-17"),
            _agreement("late", ("eaeu", "iran"), "2023-12-25"),
            _agreement("early", ("eaeu", "iran"), "2010"),
            Agreement(
                id="ended",
                title="ended",
                kind="treaty",  # type: ignore[arg-type]
                parties=("eaeu", "iran"),
                milestones=(
                    Milestone(stage=Stage.SIGNED, date="2010", citations=CITE),  # type: ignore[arg-type]
                    Milestone(stage=Stage.TERMINATED, date="2012", citations=CITE),  # type: ignore[arg-type]
                ),
                citations=CITE,
            ),
        ]
    )
    # Russia joined in 2015: it is bound by the 2010 agreement from then on, but never by the
    # one that ended in 2012.
    assert [a.id for a in ds.agreements_between("russia", "iran")] == ["early", "fta", "late"]
    assert ds.agreements_between("russia", "iran", on="2011") == ()
    # Armenia was a member 2015-2020 in this made-up data: the 2023 agreement misses it.
    assert [a.id for a in ds.agreements_between("armenia", "iran")] == ["early", "fta"]
    inv = ds.involvement("fta", "russia")
    assert inv is not None
    assert inv.via == "eaeu"
    assert ds.involvement("fta", "eaeu") == ds.involvement("fta", "eaeu", on="2019")
    assert ds.agreements_between("armenia", "iran", on="2021") == ()


def test_agreements_between_filters() -> None:
    ds = Dataset([*_base(), _agreement("t", ("russia", "iran"), "2025-01-17")])
    assert ds.agreements_between("russia", "iran", on="2025") == (ds["t"],)
    assert ds.agreements_between("russia", "iran", on="2024") == ()
    assert ds.agreements_between("russia", "iran", stage="signed") == (ds["t"],)
    assert ds.agreements_between("russia", "iran", stage="in_force") == ()
    assert ds.agreements_between("russia", "iran", area="trade") == ()
    with pytest.raises(QueryError, match="'area' must be one of"):
        ds.agreements_between("russia", "iran", area="fishing")
    with pytest.raises(QueryError, match="'on' must be a date"):
        ds.agreements_between("russia", "iran", on="last Friday")
    with pytest.raises(QueryError, match="two different actors"):
        ds.agreements_between("iran", "Persia")


@given(datasets(), st.data())
def test_agreements_between_is_symmetric_and_sorted(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds = Dataset(records)
    actors = [r.id for r in records if isinstance(r, (State, Bloc))]
    a, b = data.draw(st.lists(st.sampled_from(actors), min_size=2, max_size=2, unique=True))
    on = data.draw(st.none() | st.sampled_from(["1990", "2000/2010", "2030-06"]))
    forward = ds.agreements_between(a, b, on=on)
    assert forward == ds.agreements_between(b, a, on=on)
    assert len({x.id for x in forward}) == len(forward)
    if on is not None:
        assert set(forward) <= set(ds.agreements_between(a, b))


def test_results_cannot_change_the_dataset() -> None:
    ds = Dataset([*_base(), _agreement("t", ("russia", "iran"), "2025-01-17")])
    found = ds.agreements_between("russia", "iran")
    with pytest.raises(Exception, match="frozen"):
        found[0].title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        found[0].parties[0] = "x"  # type: ignore[index]
    assert ds["t"].title == "t"  # type: ignore[union-attr]


def test_cow_codes_are_checked_against_the_table() -> None:
    wrong = State(id="iran", name="Iran", iso_alpha3="IRN", cow_code=365, citations=CITE)
    with pytest.raises(DatasetError, match="'cow_code' must be 630 for IRN"):
        Dataset([_base()[0], wrong])


def test_every_bundled_state_has_its_cow_code(bundled: Dataset) -> None:
    from ruiran.cow import COW_CODES

    for state in (a for a in bundled.actors if isinstance(a, State)):
        code = state.iso_alpha3 or ""
        assert code in COW_CODES, state.id
        assert state.cow_code == COW_CODES[code], state.id


def _cited_sources(value: object) -> Iterator[str]:
    """Every source a value cites, at any depth (walked without the library's own helpers)."""
    if isinstance(value, Citation):
        yield value.source
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _cited_sources(getattr(value, name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _cited_sources(item)


def test_citing_names_every_record_that_cites_a_source_in_dataset_order(
    bundled: Dataset,
) -> None:
    """Citations of milestones and legal acts included; each record once."""
    ds = Dataset(list(bundled))  # indexed here (the bundled snapshot may come indexed)
    cites = {record.id: set(_cited_sources(record)) for record in ds}
    for source in ds.sources:
        found = ds.citing(source)
        assert all(isinstance(r, BaseModel) for r in found)
        assert [r.id for r in found] == [r.id for r in ds if source.id in cites[r.id]]
    assert any(len(ds.citing(s)) > 1 for s in ds.sources)
