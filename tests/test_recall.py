"""Recall of the leaders' meetings, measured on held-out chronologies (issue 25, item 5).

``tests/fixtures/heldout_contacts.yaml`` (set 1) and ``heldout_contacts_2.yaml`` (set 2) list
contacts between Russia and Iran since 2000 from pages the records do not cite;
``scripts/recall.py`` matches them to the bundled events. Here: each chronology is what it says
it is (every quote verbatim in its page's text, no page a source of the data, every participant
an actor of one of the two sides on the day), the two sets share no page and no contact, the
matching rules hold on small datasets, recall stays above each set's floor, and the docs section
is current.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import loading
import ruiran
from ruiran import Dataset
from ruiran.model import Citation, Event, Participant, Period, Person, Position, Source, State

ROOT = Path(__file__).absolute().parents[1]

#: The recall the bundled data must reach on set 1: the figure it gave when the chronology was
#: compiled (3 of 33, before the meetings of issue 25 were recorded; 6 of 33 with the contacts of
#: 2000-2012; 28 of 33 with those of 2013-2025; 33 of 33 with the contacts found for recall).
#: Raise it as the records land.
RECALL_FLOOR = 0.99
#: The same for set 2, compiled after the records were extended: 19 of 34 when it was compiled
#: (ministers' visits of 2013-2021 and leaders' phone calls missed), 24 after the next data, 29
#: after the sweep of presidents' calls and defence ministers' visits.
RECALL_FLOOR_2 = 0.85
FLOORS = {"set 1": RECALL_FLOOR, "set 2": RECALL_FLOOR_2}


def _script(name: str) -> ModuleType:
    return loading.script(name)


@pytest.fixture(scope="module")
def recall() -> ModuleType:
    return _script("recall")


@pytest.fixture(scope="module")
def sets(recall: ModuleType) -> dict[str, Any]:
    """Both held-out sets by name, ``recall.Chronology`` values (Any: the script is loaded from
    its path)."""
    found: dict[str, Any] = recall.load_sets()
    return found


@pytest.fixture(scope="module", params=["set 1", "set 2"])
def chronology(request: pytest.FixtureRequest, sets: dict[str, Any]) -> Any:
    """Each held-out set in turn."""
    return sets[request.param]


# -- each chronology is what it says ------------------------------------------------------------


def _text(chronology: Any, page: str) -> str:
    path: Path = chronology.texts / f"{page}.txt"
    return path.read_text(encoding="utf-8")


def test_every_quote_is_in_its_pages_text(chronology: Any) -> None:
    pages = {p.id for p in chronology.pages}
    quoted = [(c.id, e) for c in chronology.contacts for e in c.evidence]
    quoted += [(c.id, c.evidence) for c in chronology.counts]
    missing = [
        (entry, e.page, e.quote)
        for entry, e in quoted
        if e.page not in pages or e.quote not in _text(chronology, e.page)
    ]
    assert not missing, "quotes not found verbatim in their page's text:\n" + "\n".join(
        f"  {entry}: {page}: {quote!r}" for entry, page, quote in missing
    )


def test_every_page_has_its_text_and_every_text_is_quoted(chronology: Any) -> None:
    pages = [p.id for p in chronology.pages]
    assert len(pages) == len(set(pages))
    texts = {path.stem for path in chronology.texts.glob("*.txt")}
    assert texts == set(pages)
    used = {e.page for c in chronology.contacts for e in c.evidence}
    used |= {c.evidence.page for c in chronology.counts}
    assert used == set(pages), f"pages never quoted: {sorted(set(pages) - used)}"


def _address(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/").lower()


def test_no_page_is_a_source_of_the_data(bundled: Dataset, chronology: Any) -> None:
    cited = {_address(s.url) for s in bundled.sources if s.url}
    shared = [p.url for p in chronology.pages if _address(p.url) in cited]
    assert not shared, (
        "held-out pages are cited by the records, so they measure nothing: replace them in "
        f"tests/fixtures/heldout_contacts*.yaml: {shared}"
    )


def test_the_two_sets_share_no_page_and_no_contact(sets: dict[str, Any]) -> None:
    first, second = sets["set 1"], sets["set 2"]
    assert first.texts != second.texts
    assert not {_address(p.url) for p in first.pages} & {_address(p.url) for p in second.pages}
    assert not {c.id for c in first.contacts} & {c.id for c in second.contacts}
    assert len(second.contacts) >= 30


def test_together_is_one_matching_over_both_sets(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any]
) -> None:
    together = recall.combine(sets.values())
    assert len(together.contacts) == sum(len(c.contacts) for c in sets.values())
    _, _, overall, _, _ = recall.table(bundled, together)
    apart = [recall.table(bundled, c)[2] for c in sets.values()]
    assert overall.total == sum(r.total for r in apart)
    assert overall.held <= sum(r.held for r in apart)


def test_every_contact_joins_the_two_sides_on_its_day(
    recall: ModuleType, bundled: Dataset, chronology: Any
) -> None:
    ids = [c.id for c in chronology.contacts]
    assert len(ids) == len(set(ids))
    for contact in chronology.contacts:
        for name in contact.participants:
            assert ruiran.actor(name).id == name, (contact.id, name)
        assert recall.sides(bundled, contact.participants, contact.when) == {"russia", "iran"}, (
            contact.id
        )
        assert contact.kind in recall.KINDS, contact.id
        assert dt.date(2000, 1, 1) <= contact.when.earliest <= contact.when.latest, contact.id
        assert contact.evidence, contact.id


def test_the_counts_name_actors_and_windows(bundled: Dataset, chronology: Any) -> None:
    for count in chronology.counts:
        assert all(bundled.get(a) is not None for a in count.between), count.id
        assert count.what in ("meetings", "visits"), count.id
        assert count.count > 0


# -- the matching rules, on small datasets ------------------------------------------------------

CITE = (Citation(source="s", quote="q"),)


def _dataset(*events: Event) -> Dataset:
    return Dataset(
        [
            Source(id="s", title="S", kind="other"),  # type: ignore[arg-type]
            State(id="russia", name="Russia", citations=CITE),
            State(id="iran", name="Iran", citations=CITE),
            Person(
                id="leader",
                name="Leader",
                positions=(
                    Position(title="Prime Minister", of="russia", period=Period.parse("2008/2012")),
                ),
                citations=CITE,
            ),
            Person(
                id="guest",
                name="Guest",
                positions=(
                    Position(title="President", of="iran", period=Period.parse("2005/2013")),
                ),
                citations=CITE,
            ),
            *events,
        ]
    )


def _event(
    id: str,
    date: str,
    *actors: str,
    kind: str = "meet_at_third_location",
    location: str | None = None,
) -> Event:
    return Event.model_validate(
        {
            "id": id,
            "kind": kind,
            "title": id,
            "date": date,
            "location": location,
            "participants": [Participant(actor=a, role="participant") for a in actors],  # type: ignore[arg-type]
            "citations": CITE,
        }
    )


def _contact(
    recall: ModuleType, id: str, date: str, kind: str = "margin_talks", place: str = "Baku"
) -> Any:
    when = recall._when(date)
    return recall.Contact(id, when, place, ("leader", "guest"), kind, ())


def test_persons_count_for_the_state_whose_office_they_held_that_day(recall: ModuleType) -> None:
    ds = _dataset(
        _event("in-office", "2010-06-01", "leader", "guest", location="Baku"),
        _event("out-of-office", "2014-06-01", "leader", "guest"),
    )
    assert recall.sides(ds, ["leader", "guest"], recall._when("2010-06-01")) == {"russia", "iran"}
    assert recall.sides(ds, ["leader", "guest"], recall._when("2014-06-01")) == set()
    found = recall.match(
        ds, [_contact(recall, "a", "2010-06"), _contact(recall, "b", "2014-06-01")]
    )
    assert found == {"a": "in-office", "b": None}


def test_a_day_either_side_is_tolerated_no_more(recall: ModuleType) -> None:
    ds = _dataset(_event("e", "2010-06-02", "leader", "iran"))
    assert recall.match(ds, [_contact(recall, "a", "2010-06-01")]) == {"a": "e"}
    assert recall.match(ds, [_contact(recall, "a", "2010-06-03")]) == {"a": "e"}
    assert recall.match(ds, [_contact(recall, "a", "2010-05-31")]) == {"a": None}


def test_a_call_is_not_held_by_a_visit_nor_a_meeting_by_a_call(recall: ModuleType) -> None:
    ds = _dataset(
        _event("visit", "2010-06-01", "leader", "guest", kind="visit"),
        _event("call", "2011-06-01", "leader", "guest", kind="discuss_by_telephone"),
    )
    found = recall.match(
        ds,
        [
            _contact(recall, "call-on-visit-day", "2010-06-01", "phone_call"),
            _contact(recall, "meeting-on-call-day", "2011-06-01", "margin_talks"),
        ],
    )
    assert found == {"call-on-visit-day": None, "meeting-on-call-day": None}


def test_one_event_holds_one_contact_and_as_many_as_can_be_are_held(recall: ModuleType) -> None:
    ds = _dataset(
        _event("june", "2010-06-10", "russia", "iran", location="Baku"),
        _event("year", "2010-09-10", "russia", "iran", location="Baku, Azerbaijan"),
    )
    contacts = [_contact(recall, "in-2010", "2010"), _contact(recall, "in-june", "2010-06")]
    found = recall.match(ds, contacts)
    assert found == {"in-2010": "year", "in-june": "june"}
    found = recall.match(ds, [*contacts, _contact(recall, "also-june", "2010-06-10")])
    assert sorted(v for v in found.values() if v) == ["june", "year"]
    assert list(found.values()).count(None) == 1


def test_a_contact_known_to_the_month_or_year_must_agree_on_the_place(recall: ModuleType) -> None:
    ds = _dataset(_event("tehran", "2010-07-19", "leader", "iran", location="Tehran"))
    assert recall.match(ds, [_contact(recall, "a", "2010", place="Samarkand")]) == {"a": None}
    assert recall.match(ds, [_contact(recall, "a", "2010-07", place="Tehran")]) == {"a": "tehran"}
    # to the day, the date is enough; a call has no place
    found = recall.match(ds, [_contact(recall, "a", "2010-07-19", place="Ashgabat")])
    assert found == {"a": "tehran"}
    call = _event("call", "2010-08-02", "leader", "guest", kind="discuss_by_telephone")
    found = recall.match(_dataset(call), [_contact(recall, "c", "2010-08", "phone_call", "-")])
    assert found == {"c": "call"}


def test_an_event_of_one_side_holds_nothing(recall: ModuleType) -> None:
    ds = _dataset(_event("alone", "2010-06-01", "leader", "russia"))
    assert recall.match(ds, [_contact(recall, "a", "2010-06-01")]) == {"a": None}


# -- the figure ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_recall_stays_above_its_floor(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any], name: str
) -> None:
    _, _, overall, missed, _ = recall.table(bundled, sets[name])
    floor = FLOORS[name]
    assert overall.total > 0
    assert overall.held / overall.total >= floor, (
        f"{name}: recall {overall.held}/{overall.total} is below {floor:.0%}; not held:\n"
        + "\n".join(f"  {c.id} ({c.when}, {c.place})" for c in missed)
    )


def test_the_docs_section_is_current(recall: ModuleType) -> None:
    assert recall.main(["--check"]) == 0, "run: python scripts/recall.py"


def test_a_stale_section_is_rewritten(recall: ModuleType, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"intro\n{recall.START}\nold\n{recall.END}\nrest\n", encoding="utf-8")
    assert recall.write(page) is True
    text = page.read_text(encoding="utf-8")
    assert text.startswith("intro\n")
    assert text.endswith("\nrest\n")
    assert "held-out contacts of set 2 are held and cited" in text
    assert "Not held, set 1:" in text
    assert "Not held, set 2:" in text
    assert recall.write(page) is False
