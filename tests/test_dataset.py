"""The Dataset: integrity checks, immutability, actor resolution and agreements_between."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from ruiran import Dataset, DatasetError, QueryError, UnknownActorError
from ruiran.dataset.citing import _occurrences, _overlaps
from ruiran.dataset.integrity import conflict
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Citation,
    Event,
    EventKind,
    Membership,
    Milestone,
    Participant,
    Period,
    Person,
    Position,
    Sanction,
    SanctionMilestone,
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
    from ruiran.dataset.cow import COW_CODES

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


# -- examples stated to the character (mutation testing of dataset.py, issue 14) -------------


def _pez(name: str) -> Person:
    """A person with three offices: one closed, one undated, one open-ended."""
    return Person(
        id="pez",
        name=name,
        positions=(
            Position(title="Minister", period=Period.parse("2001/2005")),
            Position(title="Deputy"),
            Position(title="President", period=Period.parse("2024-07-28/..")),
        ),
        citations=CITE,
    )


def _people() -> Dataset:
    """_base() with a person, an agreement, and a source with a text."""
    return Dataset(
        [
            *_base(),
            Source(id="doc", title="D", kind="other"),  # type: ignore[arg-type]
            _pez("Masoud Pezeshkian"),
            _agreement("t", ("russia", "iran"), "2025-01-17"),
            State(
                id="x",
                name="X",
                citations=(
                    Citation(source="doc", quote="abc"),
                    Citation(source="doc", quote="d e"),
                ),
            ),
            State(id="y", name="Y", citations=(Citation(source="doc", quote="e f"),)),
        ],
        source_texts={"doc": "abc d e f abc"},
    )


def test_repr_counts_each_kind() -> None:
    ds = _people()
    assert repr(ds) == (
        "<Dataset of 10 records: 7 actors, 1 agreement, 0 sanctions, 0 events, 2 sources>"
    )
    assert repr(Dataset([_base()[0]])) == (
        "<Dataset of 1 record: 0 actors, 0 agreements, 0 sanctions, 0 events, 1 source>"
    )
    html = ds._repr_html_()
    assert "Dataset of 10 records" in html
    assert [k for k, _ in ds._kinds()] == ["actor", "agreement", "sanction", "event", "source"]
    assert [len(r) for _, r in ds._kinds()] == [7, 1, 0, 0, 2]
    assert [r.id for r in ds.actors] == ["russia", "iran", "armenia", "eaeu", "pez", "x", "y"]
    assert [r.id for r in ds.sources] == ["src", "doc"]
    assert [r.id for r in ds.agreements] == ["t"]


def test_the_collection_protocol() -> None:
    ds = _people()
    assert "iran" in ds
    assert "nobody" not in ds
    assert 3 not in ds
    assert ds.get("nobody") is None
    with pytest.raises(KeyError, match="no record has id 'nobody'"):
        ds["nobody"]
    assert hash(ds) == hash(_people())
    # equal datasets hash equal; different ones spread (a hash of the records)
    assert len({hash(Dataset(_base()[: n + 1])) for n in range(5)}) > 1
    assert ds == _people()
    assert ds != Dataset(list(ds))  # no texts
    assert ds != Dataset(list(ds)[:-1], source_texts={"doc": "abc d e f abc"})
    assert (ds == 3) is False
    assert ds.__eq__(3) is NotImplemented
    assert ds.coded is None
    same = ds.with_coded(None)
    assert same == ds
    assert same is not ds
    assert list(same) == list(ds)
    assert same.source_texts == ds.source_texts
    assert same.agreements == ds.agreements
    assert same.actors == ds.actors
    assert same.sources == ds.sources
    assert same.events == ds.events
    assert same.sanctions == ds.sanctions
    assert same.agreements_between("russia", "iran") == (ds["t"],)


def test_conflict_names_the_fields_that_differ() -> None:
    iran = Dataset(_base())["iran"]
    assert conflict(iran, iran.model_copy(update={"name": "Persia"})) == (
        "conflicting records under one id: they differ in 'name' ('Iran' and 'Persia')"
    )
    long = "A" * 100
    changed = iran.model_copy(
        update={"name": "P", "aliases": (long,), "iso_alpha2": "XX", "iso_alpha3": "XXX"}
    )
    assert conflict(iran, changed) == (
        "conflicting records under one id: they differ in 'name' ('Iran' and 'P'), "
        "'aliases' (['Persia'] and ['" + "A" * 45 + "… (104 chars)), 'iso_alpha2' ('IR' and "
        "'XX') and 1 more field"
    )
    more = changed.model_copy(update={"wikidata": "Q1"})
    assert conflict(iran, more).endswith("'wikidata' (None and 'Q1') and 2 more fields")
    three = iran.model_copy(update={"name": "P", "aliases": (), "iso_alpha2": "XX"})
    assert conflict(iran, three).endswith("'iso_alpha2' ('IR' and 'XX')")
    assert conflict(iran, _base()[0]) == ("conflicting records under one id: a state and a source")


def test_merge_keeps_equal_records_once_and_names_every_conflict() -> None:
    ds = _people()
    extra = Dataset([_base()[0], State(id="z", name="Z", citations=CITE)])
    merged = ds.merge(extra)
    assert [r.id for r in merged] == [*(r.id for r in ds), "z"]
    assert merged.source_texts == {"doc": "abc d e f abc"}
    assert merged.coded is None
    assert extra.merge(ds).source_texts == {"doc": "abc d e f abc"}
    assert ds.merge(ds) == ds
    other = Dataset(
        [
            _base()[0],
            Source(id="doc", title="D", kind="other"),  # type: ignore[arg-type]
            State(id="iran", name="Persia", citations=CITE),
            State(id="russia", name="Russia", iso_alpha2="RU", iso_alpha3="RUS", citations=CITE),
        ],
        source_texts={"doc": "other"},
    )
    with pytest.raises(DatasetError) as info:
        ds.merge(other)
    found = [(p.record, p.field, p.message) for p in info.value.problems]
    assert found == [
        (
            "iran",
            None,
            "conflicting records under one id: they differ in 'name' ('Iran' and 'Persia'), "
            "'aliases' (['Persia'] and []), 'iso_alpha2' ('IR' and None) and 1 more field",
        ),
        ("doc", "text_file", "the two datasets give different texts for this source"),
    ]


def test_actor_resolution_in_detail() -> None:
    ds = Dataset(
        [
            *_base(),
            State(id="georgia", name="Georgia", citations=CITE),
            Person(id="p", name="Georgia", citations=CITE),  # a name shared with a state
            State(id="persia", name="Qajar", citations=CITE),  # an id that is another's alias
        ]
    )
    assert ds.actor("persia").id == "persia"  # an id wins over a name
    assert ds.actor(ds["iran"]).id == "iran"  # type: ignore[arg-type]
    with pytest.raises(UnknownActorError) as info:
        ds.actor("georgia ")
    assert info.value.suggestions == ("georgia", "p")
    assert info.value.query == "georgia "  # a name two actors bear: their ids suggested
    assert str(info.value) == "no actor is known as 'georgia '; did you mean 'georgia', 'p'?"
    with pytest.raises(UnknownActorError) as info:
        ds.actor("Persiaa")
    # the names as spelled, once each, the closest first
    assert info.value.suggestions == ("Persia", "Russia")
    assert str(info.value) == "no actor is known as 'Persiaa'; did you mean 'Persia', 'Russia'?"
    with pytest.raises(UnknownActorError) as info:
        ds.actor("zzzzzz")
    assert info.value.suggestions == ()
    with pytest.raises(
        QueryError, match=r"^an actor must be given as a record or a string \(got 3\)$"
    ):
        ds.actor(3)  # type: ignore[arg-type]
    with pytest.raises(
        QueryError, match=r"^'a' and 'b' must be two different actors \(both are 'iran'\)$"
    ):
        ds.agreements_between("iran", "IRN")


def test_citing_a_passage_keeps_the_records_whose_quotes_share_a_character_with_it() -> None:
    ds = _people()
    assert [r.id for r in ds.citing("doc")] == ["x", "y"]
    assert [r.id for r in ds.citing(ds["doc"])] == ["x", "y"]  # type: ignore[arg-type]
    assert [r.id for r in ds.citing("doc", "abc")] == ["x"]
    assert [r.id for r in ds.citing("doc", "c d")] == ["x"]
    assert [r.id for r in ds.citing("doc", "e")] == ["x", "y"]
    assert [r.id for r in ds.citing("doc", "f")] == ["y"]
    assert [r.id for r in ds.citing("doc", " ")] == ["x", "y"]
    assert [r.id for r in ds.citing("doc", "f abc")] == ["x", "y"]
    assert [r.id for r in ds.citing("doc", "bc")] == ["x"]  # twice, each inside an "abc"
    assert [r.id for r in ds.citing("doc", "c")] == ["x"]
    assert ds.citing("doc", "abc d e f abc") == (ds["x"], ds["y"])
    lonely = Dataset(
        [*ds, Source(id="lonely", title="L", kind="other")],  # type: ignore[arg-type]
        source_texts={**ds.source_texts, "lonely": "no one cites this"},
    )
    assert lonely.citing("lonely") == ()
    assert lonely.citing("lonely", "cites") == ()
    with pytest.raises(QueryError, match=r"^'iran' is not the id of a source in this dataset$"):
        ds.citing("iran")
    with pytest.raises(QueryError, match=r"^'nobody' is not the id of a source in this dataset$"):
        ds.citing("nobody")
    with pytest.raises(QueryError, match=r"^source 'src' has no text to find a passage in$"):
        ds.citing("src", "q")
    with pytest.raises(QueryError, match=r"^the passage does not occur in source 'doc': 'zz'"):
        ds.citing("doc", "zz")
    with pytest.raises(QueryError) as info:
        ds.citing("doc", "d  e")
    assert str(info.value) == (
        "the passage does not occur in source 'doc': 'd  e'; the source has it at line 1 as "
        "'d e': the source has a space where the passage has two spaces"
    )
    with pytest.raises(QueryError) as info:
        ds.citing("doc", "abd")
    assert str(info.value) == (
        "the passage does not occur in source 'doc': 'abd'; no passage of the source comes "
        "close to it (is it the right source?)"
    )


def test_occurrences_and_overlaps_against_brute_force() -> None:
    assert _occurrences("aaaa", "aa") == [(0, 2), (1, 3), (2, 4)]
    assert _occurrences("abc", "d") == []
    assert _occurrences("abcab", "ab") == [(0, 2), (3, 5)]
    for starts, length, spans in [
        ([0, 5], 2, [(2, 5)]),
        ([0, 5], 2, [(1, 2)]),
        ([0, 5], 2, [(2, 6)]),
        ([3], 2, [(0, 3)]),
        ([3], 2, [(0, 4)]),
        ([3], 2, [(5, 6)]),
        ([3], 2, [(4, 6)]),
        ([], 2, [(0, 9)]),
        ([0, 4], 1, [(2, 3), (4, 5)]),
    ]:
        chars = {c for s in starts for c in range(s, s + length)}
        want = any(chars & set(range(lo, hi)) for lo, hi in spans)
        assert _overlaps(starts, length, spans) is want, (starts, length, spans)


def test_stage_of_and_its_refusals() -> None:
    ds = Dataset(
        [
            *_base(),
            _agreement("t", ("russia", "iran"), "2025-01-17"),
            _agreement("fta", ("eaeu", "iran"), "2018-05-17"),
        ]
    )
    assert ds.stage_of("t") is Stage.SIGNED
    assert ds.stage_of(ds["t"], on="2025") is Stage.SIGNED  # type: ignore[arg-type]
    assert ds.stage_of("t", on="2024") is None
    assert ds.stage_of("t", party="Russia") is Stage.SIGNED
    assert ds.stage_of("t", party="Russia", on="2024-12") is None
    assert ds.stage_of("fta", party="armenia") is Stage.SIGNED
    assert ds.stage_of("fta", party="armenia", on="2019") is Stage.SIGNED
    assert ds.stage_of("fta", party="armenia", on="2021") is None  # left the bloc in 2020
    assert ds.stage_of("fta", party="eaeu", on="2018-05-17") is Stage.SIGNED
    ratified = Agreement(
        id="r",
        title="r",
        kind="treaty",  # type: ignore[arg-type]
        parties=("eaeu", "iran"),
        milestones=(
            Milestone(stage=Stage.SIGNED, date="2018", citations=CITE),  # type: ignore[arg-type]
            Milestone(stage=Stage.RATIFIED, date="2019", party="eaeu", citations=CITE),  # type: ignore[arg-type]
        ),
        citations=CITE,
    )
    two = Dataset([*_base(), ratified])
    assert two.stage_of("r", on="2019") is Stage.SIGNED  # overall: Iran has only signed
    assert two.stage_of("r", party="armenia", on="2019") is Stage.RATIFIED  # the bloc's
    with pytest.raises(QueryError, match=r"^'iran' is a state, not an agreement$"):
        ds.stage_of("iran")
    with pytest.raises(QueryError, match=r"^no record of this dataset has id 'nobody'$"):
        ds.stage_of("nobody")
    with pytest.raises(QueryError) as info:
        ds.stage_of("t", party="armenia")
    assert str(info.value) == (
        "'party' must be a party of agreement 't', directly or as a member of a bloc party, "
        "['Russia', 'Iran'] (got 'armenia')"
    )


def test_offices_members_blocs_and_partners() -> None:
    ds = Dataset(
        [
            *_base(),
            _pez("Pez"),
            Bloc(
                id="club",
                name="Club",
                formal=False,
                members=(
                    Membership(member="iran"),
                    Membership(member="armenia", period=Period.parse("2010/2012")),
                    Membership(member="iran", period=Period.parse("2000/2001")),
                ),
                citations=CITE,
            ),
            _agreement("fta", ("eaeu", "iran"), "2018-05-17"),
            _agreement("old", ("club", "russia"), "2011"),
            _agreement("nodate", ("club", "x")),
            State(id="x", name="X", citations=CITE),
        ]
    )

    def titles(found: Iterable[Position]) -> list[str]:
        return [p.title for p in found]

    assert titles(ds.offices("pez")) == ["Minister", "Deputy", "President"]
    assert titles(ds.offices("pez", on="2005")) == ["Minister"]
    assert titles(ds.offices("pez", on="2006/2024-07-27")) == []
    assert titles(ds.offices("pez", on="2024-07-28")) == ["President"]
    assert titles(ds.offices("pez", on="2003", include_undated=True)) == ["Minister", "Deputy"]
    assert ds.offices("iran") == ()  # a state: its offices (no person's position names it)

    def ids(found: Iterable[AnyRecord]) -> list[str]:
        return [r.id for r in found]

    assert ids(ds.members("club")) == ["iran", "armenia"]
    assert ids(ds.members("club", on="2011")) == ["iran", "armenia"]
    assert ids(ds.members("club", on="2013")) == ["iran"]
    assert ids(ds.members("eaeu", on="2014")) == []
    assert ids(ds.members("eaeu", on="2014/2015")) == ["russia", "armenia"]
    with pytest.raises(QueryError, match=r"^'iran' is a state, not a bloc$"):
        ds.members("iran")
    assert ids(ds.blocs_of("armenia")) == ["eaeu", "club"]
    assert ids(ds.blocs_of("armenia", on="2016")) == ["eaeu"]
    assert ids(ds.blocs_of("armenia", on="2012")) == ["club"]
    assert ids(ds.blocs_of("armenia", on="2021")) == []
    assert ids(ds.blocs_of("iran", on="1990")) == ["club"]  # a membership of unknown time
    assert ids(ds.blocs_of("pez")) == []
    assert ids(ds.partners("iran")) == ["armenia", "club", "eaeu", "russia", "x"]
    assert ids(ds.partners("iran", on="2019")) == ["armenia", "club", "eaeu", "russia"]
    assert ids(ds.partners("iran", on="2021")) == ["club", "eaeu", "russia"]
    # an undated agreement's parties count, and its bloc's members at any time
    assert ids(ds.partners("iran", on="2021", include_undated=True)) == [
        "armenia",
        "club",
        "eaeu",
        "russia",
        "x",
    ]
    assert ids(ds.partners("russia", on="2011")) == ["armenia", "club", "iran"]
    assert ids(ds.partners("russia", on="2013")) == ["club", "iran"]
    assert ids(ds.partners("armenia", on="2016")) == []
    with pytest.raises(
        QueryError, match=r"^'iran' is a state, not an agreement, event or sanction$"
    ):
        ds.involvement("iran", "russia")
    found = ds.involvement(ds["fta"], "armenia", on="2019")  # type: ignore[arg-type]
    assert found is not None
    assert found.via == "eaeu"
    assert ds.involvement("fta", "armenia", on="2021") is None


def test_a_dataset_hands_its_coded_events_on_with_every_argument(tmp_path: Path) -> None:
    """The coded part of each query, and event_series, get every argument as given."""
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    import ruiran
    from ruiran.coded.cameo import codes_of
    from ruiran.coded.evidence import evidence_of
    from ruiran.coded.queries import coded_events
    from ruiran.coded.series import event_series
    from ruiran.testing import synthetic_gdelt

    ds = ruiran.ingest.gdelt([synthetic_gdelt(tmp_path / "e.tsv", 3000, seed=5)])
    store = ds.coded
    assert store is not None
    assert repr(ds).endswith(f"; {len(store)} coded events>")
    plain = ds.with_coded(None)
    assert plain.coded is None
    assert plain != ds
    assert ds != plain
    assert plain.with_coded(store).coded is store
    assert plain.with_coded(store) == ds
    russia, iran = (codes_of(ds[name], ds.get) for name in ("russia", "iran"))  # type: ignore[arg-type]
    pair = (russia, iran)
    for start, end, kind, cameo in [
        (None, None, None, None),
        ("2019", "2020-06", None, None),
        ("2016", None, "19", None),
        (None, "2022", None, "04"),
        (None, None, "consult", "04"),
    ]:
        want = coded_events(store, pair, start, end, kind, cameo=cameo).ids
        found = ds.events_between("Russia", "Iran", start=start, end=end, kind=kind, cameo=cameo)
        assert evidence_of(found).coded.ids == want
        assert evidence_of(found).cited == plain.events_between(
            "Russia", "Iran", start=start, end=end, kind=kind, cameo=cameo
        )
        one = ds.events_involving("Iran", start=start, end=end, kind=kind, cameo=cameo)
        assert (
            evidence_of(one).coded.ids
            == coded_events(store, (iran,), start, end, kind, cameo=cameo).ids
        )
        if kind is None and cameo is None:
            timeline = evidence_of(ds.timeline("Russia", "Iran", start=start, end=end))
            assert timeline.coded.ids == want
            assert timeline.cited == plain.timeline("Russia", "Iran", start=start, end=end)
    for b, options in [
        ("Iran", {}),
        (None, {"freq": "year", "measure": "goldstein", "start": "2018"}),
        ("Iran", {"directed": True, "end": "2020", "cameo": "04", "measure": "tone_mean"}),
        ("Iran", {"freq": "quarter", "measure": "quadclass"}),
    ]:
        got = ds.event_series("Russia", b, **options)  # type: ignore[arg-type]
        other = None if b is None else ("iran", iran)
        direct = event_series(store, ("russia", russia), other, **options)  # type: ignore[arg-type]
        assert got.equals(direct)
    merged = ds.merge(ds)
    assert merged.coded is not None
    assert len(merged.coded) == len(store)
    assert plain.merge(ds).coded is store
    assert ds.merge(plain).coded is store
    assert plain.merge(plain).coded is None
    another = ruiran.ingest.gdelt([synthetic_gdelt(tmp_path / "f.tsv", 500, seed=6)]).coded
    assert ds != ds.with_coded(another)
    assert ds.with_coded(another) != ds
    assert ds.with_coded(another) == ds.with_coded(another)


def test_the_bundled_snapshot_keeps_its_source_texts(bundled: Dataset) -> None:
    assert len(bundled.source_texts) > 0
    found = bundled.citing("russia-iran-deepening-alliance", "became operational in 2013")
    assert [r.id for r in found] == ["bushehr-nuclear-cooperation"]


def _step(action: str, date: str, *senders: str) -> SanctionMilestone:
    return SanctionMilestone(action=action, date=date, senders=senders, citations=CITE)  # type: ignore[arg-type]


def test_a_regimes_sender_takes_part_through_the_bloc_whose_run_meets_the_window() -> None:
    """Each sending bloc has its own runs in force; a member counts for its own bloc's runs."""
    ds = Dataset(
        [
            *_base(),
            State(id="usa", name="USA", citations=CITE),
            State(id="uk", name="UK", citations=CITE),
            Bloc(
                id="west",
                name="West",
                formal=False,
                members=(Membership(member="usa", period=Period.parse("2000/2020")),),
                citations=CITE,
            ),
            Bloc(
                id="g7",
                name="G7",
                formal=False,
                members=(
                    Membership(member="uk", period=Period.parse("2000/..")),
                    Membership(member="usa", period=Period.parse("2000/2010")),
                ),
                citations=CITE,
            ),
            Sanction(
                id="s1",
                title="s1",
                senders=("west", "g7"),
                target="iran",
                measures=("trade",),  # type: ignore[arg-type]
                status="imposed",  # type: ignore[arg-type]
                milestones=(
                    _step("imposed", "2005", "west"),
                    _step("lifted", "2009", "west"),
                    _step("imposed", "2013", "g7"),
                ),
                citations=CITE,
            ),
            Sanction(
                id="s2",
                title="s2",
                senders=("russia",),
                target="eaeu",
                status="imposed",  # type: ignore[arg-type]
                milestones=(_step("imposed", "2010", "russia"),),
                citations=CITE,
            ),
            Sanction(
                id="s4",
                title="s4",
                senders=("russia",),
                target="eaeu",
                status="imposed",  # type: ignore[arg-type]
                period=Period.parse("2010/2020"),
                citations=CITE,
            ),
            Sanction(
                id="s3",
                title="s3",
                senders=("russia",),
                target="iran",
                status="imposed",  # type: ignore[arg-type]
                milestones=(_step("imposed", "2010"),),
                citations=CITE,
            ),
        ]
    )

    def ids(found: Iterable[AnyRecord]) -> list[str]:
        return [r.id for r in found]

    assert ids(ds.sanctions_on("iran", by="usa", on="2006")) == ["s1"]
    assert ids(ds.sanctions_on("iran", by="usa", on="2014")) == []  # the west's run had ended
    assert ids(ds.sanctions_on("iran", by="uk", on="2014")) == ["s1"]
    assert ids(ds.sanctions_on("iran", by="uk", on="2006")) == []  # the g7's run had not begun
    assert ids(ds.sanctions_on("iran", by="usa", on="2008/2013")) == ["s1"]
    assert ids(ds.sanctions_on("iran", by="russia", on="2011")) == ["s3"]
    assert ids(ds.sanctions_on("iran", by="russia", on="2009")) == []
    assert ids(ds.sanctions_on("iran", on="2011")) == ["s3"]
    assert ids(ds.sanctions_on("iran", on="2014")) == ["s1", "s3"]
    assert ids(ds.sanctions_on("armenia", on="2012")) == []  # not yet a member
    assert ids(ds.sanctions_on("armenia", on="2016")) == ["s4", "s2"]
    assert ids(ds.sanctions_on("armenia", on="2022")) == []  # no longer a member
    assert ids(ds.sanctions_on("armenia", by="russia", on="2022")) == []
    assert ids(ds.sanctions_by("usa", on="2014")) == []
    assert ids(ds.sanctions_by("usa", on="2006")) == ["s1"]
    assert ids(ds.sanctions_by("uk", on="2014")) == ["s1"]
    assert ids(ds.sanctions_by("uk", measure="trade")) == ["s1"]
    assert ids(ds.sanctions_by("uk", measure="arms")) == []
    assert ids(ds.sanctions_by("uk", status="imposed")) == ["s1"]
    assert ids(ds.sanctions_by("uk", status="lifted")) == []
    assert ids(ds.sanctions_on("iran", measure="trade")) == ["s1"]
    assert ids(ds.sanctions_on("iran", status="threatened")) == []
    assert ids(ds.sanctions_on("iran", by="russia", status="threatened")) == []
    with pytest.raises(QueryError, match=r"^'by' must differ from the target \(both are 'iran'\)$"):
        ds.sanctions_on("iran", by="Persia")
    with pytest.raises(QueryError, match=r"^'on' must be a date"):
        ds.involvement("s1", "usa", on="last Friday")


@pytest.mark.parametrize(
    "query", ["offices", "members", "blocs_of", "partners", "involvement", "stage_of"]
)
def test_a_bad_on_is_named_on(query: str) -> None:
    ds = Dataset(
        [
            *_base(),
            Person(id="pez", name="Pez", citations=CITE),
            _agreement("t", ("russia", "iran"), "2025-01-17"),
        ]
    )
    args = {
        "offices": ("pez",),
        "members": ("eaeu",),
        "involvement": ("t", "iran"),
        "stage_of": ("t",),
    }
    with pytest.raises(QueryError, match=r"^'on' must be a date, .* \(got 'last Friday'\)"):
        getattr(ds, query)(*args.get(query, ("iran",)), on="last Friday")


@pytest.mark.parametrize("query", ["agreements_between", "agreements_involving"])
def test_a_bad_stage_or_area_is_named(query: str) -> None:
    ds = Dataset([*_base(), _agreement("t", ("russia", "iran"), "2025-01-17")])
    args = ("russia", "iran") if query == "agreements_between" else ("iran",)
    with pytest.raises(QueryError, match=r"^'stage' must be one of \[.*\(got 'sealed'\)"):
        getattr(ds, query)(*args, stage="sealed")
    with pytest.raises(QueryError, match=r"^'area' must be one of \[.*\(got 'space-ish'\)"):
        getattr(ds, query)(*args, area="space-ish")
    assert [a.id for a in getattr(ds, query)(*args, stage="signed")] == ["t"]


def test_conflict_clips_each_value_at_60_characters() -> None:
    iran = Dataset(_base())["iran"]
    a58, b58 = "'" + "A" * 58 + "'", "'" + "B" * 58 + "'"  # 60 characters: shown whole
    a59, b59 = "'" + "A" * 47 + "… (61 chars)", "'" + "B" * 47 + "… (61 chars)"
    for letters, first, second in [(58, a58, b58), (59, a59, b59)]:
        one = iran.model_copy(update={"name": "A" * letters})
        other = iran.model_copy(update={"name": "B" * letters})
        assert conflict(one, other) == (
            f"conflicting records under one id: they differ in 'name' ({first} and {second})"
        )


def test_events_between_filters_by_kind_and_by_who_takes_part_when() -> None:
    def event(id: str, kind: str, date: str, *actors: str) -> Event:
        parts = tuple(Participant(actor=a, role="participant") for a in actors)  # type: ignore[arg-type]
        return Event(id=id, kind=kind, title=id, date=date, participants=parts, citations=CITE)  # type: ignore[arg-type]

    ds = Dataset(
        [
            *_base(),
            event("e1", "consult", "2016", "russia", "iran"),
            event("e2", "appeal", "2016", "eaeu", "iran"),
            event("e3", "visit", "2010", "eaeu", "iran"),
            event("e4", "consult", "2010/2018", "eaeu", "iran"),  # Armenia joins during it
        ]
    )

    def ids(found: Iterable[AnyRecord]) -> list[str]:
        return [r.id for r in found]

    assert ids(ds.events_between("russia", "iran")) == ["e4", "e1", "e2"]
    assert ids(ds.events_between("russia", "iran", kind="consult")) == ["e4", "e1"]
    assert ids(ds.events_between("russia", "iran", kind="appeal")) == ["e2"]
    assert ids(ds.events_between("russia", "iran", cameo="02")) == ["e2"]
    assert ids(ds.events_involving("iran", kind="visit")) == ["e3"]
    assert ids(ds.events_involving("iran", cameo="04")) == ["e3", "e4", "e1"]  # visit is 042
    assert ids(ds.events_involving("armenia", start="2000")) == ["e4", "e2"]
    assert ids(ds.events_between("armenia", "iran", start="2000")) == ["e4", "e2"]
    assert ids(ds.events_between("iran", "armenia", start="2000", end="2014")) == []
    assert ids(ds.events_between("iran", "armenia", start="2011", end="2015")) == ["e4"]
    assert ids(ds.events_involving("armenia", start="2011", end="2014")) == []
    # a kind and a CAMEO code together: the events of that kind under the code
    assert ids(ds.events_involving("iran", kind="visit", cameo="04")) == ["e3"]
    assert ids(ds.events_involving("iran", kind="visit", cameo="02")) == []
    assert ids(ds.events_between("russia", "iran", kind="consult", cameo="02")) == []


def test_a_timeline_keeps_what_each_actor_took_part_in_during_the_window() -> None:
    """Under a bloc, an actor takes part only while it is a member: the timeline of an actor
    (or a pair) checks each event and sanction against the window, and a pair's sanction
    against the roles (one sends, the other is targeted) each actor plays during it."""

    def sanction(id: str, senders: tuple[str, ...], target: str) -> Sanction:
        return Sanction(
            id=id,
            title=id,
            senders=senders,
            target=target,
            measures=("trade",),  # type: ignore[arg-type]
            status="imposed",  # type: ignore[arg-type]
            period=Period.parse("2000/2025"),
            citations=CITE,
        )

    parts = tuple(Participant(actor=a, role="participant") for a in ("eaeu", "iran"))  # type: ignore[arg-type]
    ds = Dataset(
        [
            *_base(),  # the EAEU: Russia from 2015, Armenia 2015-2020
            State(id="usa", name="USA", citations=CITE),
            State(id="uk", name="UK", citations=CITE),
            Bloc(
                id="west",
                name="West",
                formal=False,
                members=(
                    Membership(member="usa", period=Period.parse("2010/2020")),
                    Membership(member="armenia", period=Period.parse("2005/2010")),
                    Membership(member="uk", period=Period.parse("2000/2020")),
                ),
                citations=CITE,
            ),
            Event(
                id="talks",
                kind=EventKind.CONSULT,
                title="talks",
                date=Period.parse("2012/2018"),
                participants=parts,
                citations=CITE,
            ),
            sanction("on-iran", ("west",), "iran"),
            sanction("by-iran", ("iran",), "eaeu"),
            sanction("on-eaeu", ("west",), "eaeu"),
        ]
    )

    def ids(*actors: str, start: str, end: str) -> list[str]:
        return [e.record.id for e in ds.timeline(*actors, start=start, end=end)]

    # an event of a bloc, before and after the actor joined it
    assert ids("armenia", start="2012", end="2013") == []
    assert ids("armenia", start="2016", end="2016") == ["by-iran", "on-eaeu", "talks"]
    assert ids("armenia", "iran", start="2012", end="2013") == []
    assert ids("armenia", "iran", start="2016", end="2016") == ["by-iran", "talks"]
    # a sanction sent by a bloc, before and after the actor joined it
    assert ids("usa", start="2006", end="2008") == []
    assert ids("usa", start="2012", end="2012") == ["on-eaeu", "on-iran"]
    assert ids("usa", "iran", start="2006", end="2008") == []
    assert ids("usa", "iran", start="2012", end="2012") == ["on-iran"]
    # a sanction on a bloc, before and after the actor joined it
    assert ids("iran", "armenia", start="2011", end="2011") == []
    # Armenia sends (through the West) until 2010 and is targeted (through the EAEU) from
    # 2015: with Russia (a target) or the UK (a sender) it never plays the other role (the
    # talks are an event of the EAEU's members)
    assert ids("armenia", "russia", start="2016", end="2016") == ["talks"]
    # over a window holding both times, Armenia sends and Russia is targeted during it
    assert ids("armenia", "russia", start="2000", end="2025") == ["on-eaeu", "talks"]
    assert ids("uk", "armenia", start="2006", end="2008") == []
    assert ids("uk", "armenia", start="2016", end="2016") == ["on-eaeu"]
    assert ids("armenia", "russia", start="2006", end="2014") == []
    # the sanctions queries: a measure with `by`, and the names of bad arguments
    assert [s.id for s in ds.sanctions_on("iran", by="usa", on="2012")] == ["on-iran"]
    assert [s.id for s in ds.sanctions_on("iran", by="usa", measure="arms")] == []
    for query, args in [("sanctions_on", ("iran",)), ("sanctions_by", ("usa",))]:
        with pytest.raises(QueryError, match=r"^'on' must be a date, .* \(got 'last Friday'\)"):
            getattr(ds, query)(*args, on="last Friday")
        with pytest.raises(QueryError, match=r"^'status' must be one of \["):
            getattr(ds, query)(*args, status="frozen")
        with pytest.raises(QueryError, match=r"^'measure' must be one of \["):
            getattr(ds, query)(*args, measure="tariff")
