"""Recall of the leaders' meetings, measured on held-out chronologies (issue 25, item 5).

``tests/fixtures/heldout_contacts.yaml`` (set 1), ``heldout_contacts_2.yaml`` (set 2),
``heldout_contacts_3.yaml`` (set 3), ``heldout_contacts_4.yaml`` (set 4),
``heldout_contacts_5.yaml`` (set 5, a sample by a fixed grid of queries),
``heldout_contacts_6.yaml`` (set 6, a second sample by queries set 5 did not run) and
``heldout_contacts_7.yaml`` (set 7, a third sample, compiled after the data side's sweeps; sets
3-7 leaders only) list contacts between Russia and Iran since 2000 from pages the records do not
cite (sets 5-7: did not cite when each was compiled, the addresses frozen in
``heldout/set5/cited_at_compilation.txt`` and its siblings for sets 6 and 7);
``scripts/recall.py`` matches them to the bundled events. Here: each chronology is what it says
it is (every quote verbatim in its page's text, no page a source of the data, every participant
an actor of one of the two sides on the day, sets 3-5's a head of state or government or the
Supreme Leader), the seven sets share no page, no text and no contact id, set 3 holds no occasion
of sets 1-2 and set 4 none of sets 1-3 (sets 5-7 may: they sample), "together" and the
samples' row count each occasion once, the Wilson score interval gives published values, the
matching rules hold on small datasets, recall stays above each set's floor, and the docs section
is current.
"""

from __future__ import annotations

import datetime as dt
import doctest
import re
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any, Final

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
RECALL_FLOOR_2 = 0.9
#: The same for set 3, leaders' contacts compiled in December 2026 blind to the records: the
#: figure to quote. Raise it as meetings are recorded, never by searching for its contacts.
#: 21 of 30 when it was compiled (phone calls missed: 8 of 19; the CICA summit of Dushanbe in
#: June 2019 is held only by the Bishkek meeting of the day before, within the day's tolerance).
RECALL_FLOOR_3 = 0.89
#: The same for set 4, leaders' contacts compiled in December 2026 after set 3, blind to the
#: records, from pages and of contacts none of sets 1-3 has: the figure to quote since. Raise it
#: as meetings are recorded, never by searching for its contacts. 1 of 18 (by the as-of date)
#: when it was compiled: of its calls (10) and its summits one leader joined by video (5), none
#: held; compiled while another branch was adding presidents' calls. 15 of 16 after the sweeps
#: of calls and summits by source (aimed at its kinds, not its contacts).
#: 14 of 16 once a summit's host from the reference table counts as a party (Malaysia at the
#: OIC summit of 2003): the summit had held Putin and Khatami's talks as if of the two alone (a
#: correction of the measure, not of the data).
RECALL_FLOOR_4 = 0.87
#: The same for set 5, leaders' contacts sampled in December 2026 by a fixed grid of queries
#: (leader pair and year), every dated contact the returned pages state, blind to the records:
#: the figure to quote. Raise it as meetings are recorded, never by searching for its contacts.
#: 34 of 37 when it was compiled (missed: two Putin-Rouhani calls of 2014, the Yerevan meeting
#: of October 2019); 37 of 37 after the sweeps of calls and summits, which did not know it.
#: 47 of 48 once the contacts its grid returned but its compiler dropped (their only dated
#: pages cited by a record or used by another set: twelve, one after the as-of date) were
#: restored as entries: the floor fell from 0.99 because the measure was corrected, not the
#: data (the Medvedev-Ahmadinejad call of 14 March 2011, a known miss of set 3, was among them).
RECALL_FLOOR_5 = 0.97
#: The same for set 6, a second sample of the same design by queries set 5 did not run (the
#: Supreme Leader's and the prime ministers' pairs, calls, places), compiled in December 2026
#: blind to the records and committed before the recall was run: 30 of 31 when it was compiled
#: (missed: Putin and Rouhani's talks in Ankara on 16 September 2019). Raise it as meetings are
#: recorded, never by searching for its contacts. 29 of 31 once an event must name one of the
#: contact's persons or its place: the 2018 Ankara talks had been held by a defence minister's
#: visit to Moscow that day (a correction of the measure, not of the data). 31 of 31 after the
#: sweep of talks on summits' margins (Ankara 2018 and 2019 added); that sweep went summit by
#: summit through every summit the data held, but the two misses were known from this section
#: of history.md when it was ordered, so the rise is not blind.
#: 49 of 50 once its dropped contacts its header lists were restored (twenty, one after the
#: as-of date; the call of 14 March 2011 among them): the floor fell from 0.99 for that
#: correction of the measure, not of the data.
RECALL_FLOOR_6 = 0.97
#: The same for set 7, a third sample by queries neither set 5 nor set 6 ran (leaders' talks
#: and calls by year, summit series by year), compiled in December 2026 after every sweep of the
#: data side, blind to the records and committed before the recall was run: 52 of 53 when it was
#: first run (missed: Putin and Ahmadinejad's talks on the margin of the CICA summit in Turkey on
#: 8 June 2010; the summit is held, talks of the two alone are not). Raise it as meetings are
#: recorded, never by searching for its contacts.
RECALL_FLOOR_7 = 0.98
#: The samples together, each occasion once: 61 of 62 with the dropped contacts restored; 67 of
#: 69 once set 7 joined them (its miss of 2010 added; the floor fell from 0.98 for that, the
#: data unchanged).
RECALL_FLOOR_SAMPLES = 0.97
FLOORS = {
    "set 1": RECALL_FLOOR,
    "set 2": RECALL_FLOOR_2,
    "set 3": RECALL_FLOOR_3,
    "set 4": RECALL_FLOOR_4,
    "set 5": RECALL_FLOOR_5,
    "set 6": RECALL_FLOOR_6,
    "set 7": RECALL_FLOOR_7,
}
#: The sets of leaders' contacts only.
LEADERS_ONLY = ("set 3", "set 4", "set 5", "set 6", "set 7")
#: The sets drawn from what earlier sets left: they repeat no earlier occasion (set 5 samples).
DRAWN_FROM_WHAT_IS_LEFT = ("set 3", "set 4")
#: The addresses the records cited when each sample was compiled: its pages may be none of them.
FROZEN = "cited_at_compilation.txt"
CITED_AT_COMPILATION = {
    name: ROOT / "tests" / "fixtures" / "heldout" / name.replace(" ", "") / FROZEN
    for name in ("set 5", "set 6", "set 7")
}
#: The offices that make a leader, for sets 3 to 5.
LEADERS = frozenset({"President", "Prime Minister", "Supreme Leader"})


def _script(name: str) -> ModuleType:
    return loading.script(name)


@pytest.fixture(scope="module")
def recall() -> ModuleType:
    return _script("recall")


@pytest.fixture(scope="module")
def sets(recall: ModuleType) -> dict[str, Any]:
    """The held-out sets by name, ``recall.Chronology`` values (Any: the script is loaded from
    its path)."""
    found: dict[str, Any] = recall.load_sets()
    return found


@pytest.fixture(
    scope="module", params=["set 1", "set 2", "set 3", "set 4", "set 5", "set 6", "set 7"]
)
def chronology(request: pytest.FixtureRequest, sets: dict[str, Any]) -> Any:
    """Each held-out set in turn."""
    return sets[request.param]


# -- each chronology is what it says ------------------------------------------------------------


def _text(chronology: Any, page: str) -> str:
    path: Path = chronology.texts / f"{page}.txt"
    return path.read_text(encoding="utf-8")


def test_every_quote_is_in_its_pages_text(
    recall: ModuleType, sets: dict[str, Any], chronology: Any
) -> None:
    # a sample's dropped contact quotes another set's page or a record's shipped excerpt
    pages = {p.id for p in chronology.pages}
    quoted = [(c.id, e) for c in chronology.contacts for e in c.evidence]
    quoted += [(c.id, c.evidence) for c in chronology.counts]
    missing = [
        (entry, e.page, e.quote)
        for entry, e in quoted
        if (e.held_in is None and e.page not in pages)
        or e.quote not in recall.quoted_text(e, chronology, sets)
    ]
    assert not missing, "quotes not found verbatim in their page's text:\n" + "\n".join(
        f"  {entry}: {page}: {quote!r}" for entry, page, quote in missing
    )


def test_every_page_has_its_text_and_every_text_is_quoted(chronology: Any) -> None:
    pages = [p.id for p in chronology.pages]
    assert len(pages) == len(set(pages))
    texts = {path.stem for path in _texts(chronology)}
    assert texts == set(pages)
    used = {e.page for c in chronology.contacts for e in c.evidence if e.held_in is None}
    used |= {c.evidence.page for c in chronology.counts}
    assert used == set(pages), f"pages never quoted: {sorted(set(pages) - used)}"


def _texts(chronology: Any) -> list[Path]:
    """The page texts of a chronology's folder (a sample's folder also holds the frozen list)."""
    folder: Path = chronology.texts
    return [path for path in folder.glob("*.txt") if path.name != FROZEN]


def _address(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/").lower()


def _cited_at_compilation(name: str) -> set[str]:
    lines = CITED_AT_COMPILATION[name].read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


#: The contacts each sample's header lists as dropped at compilation (their only dated pages
#: cited by a record or used by another set), by day; set 6's list is not exhaustive ("among
#: them"), and its contacts dropped but kept from another page are not listed here.
DROPPED = {
    "set 5": {
        "2002-04-24",
        "2006-06-15",
        "2006-10-30",
        "2008-07-18",
        "2011-03-14",
        "2011-06-15",
        "2012-01-05",
        "2014-01-09",
        "2014-05-21",
        "2014-09-29",
        "2024-04-16",
        "2025-12-30",
    },
    "set 6": {
        "2002-04-24",
        "2006-10-30",
        "2011-01-17",
        "2011-03-14",
        "2011-06-15",
        "2012-01-05",
        "2012-06-07",
        "2014-01-09",
        "2014-05-21",
        "2017-04-09",
        "2017-05-27",
        "2019-06-14",
        "2020-07-16",
        "2021-09-14",
        "2022-09-15",
        "2023-01-11",
        "2023-03-06",
        "2023-06-26",
        "2024-04-16",
        "2025-12-30",
    },
    # set 7 lists every drop (its header): the contacts its grid returned only on pages cited by
    # a record or used by another set, and on no allowed page another query of it returned
    "set 7": {
        "2005-09-15",
        "2006-10-30",
        "2008",
        "2008-07-18",
        "2010-06-08",
        "2010-11-18",
        "2011-01-17",
        "2012-01-05",
        "2013-07",
        "2013-11-18",
        "2014-11-24",
        "2017-03-28",
        "2018-06-09",
        "2019-06-14",
        "2020-07-16",
        "2021-09-17",
        "2023-01-11",
        "2023-01-20",
        "2023-03-06",
        "2023-06-26",
        "2024-06-13",
        "2024-07-09",
    },
}


@pytest.mark.parametrize("name", sorted(DROPPED))
def test_a_samples_dropped_contacts_are_restored_with_the_page_that_dated_them(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any], name: str
) -> None:
    # the samples had left out what their grid returned on pages cited or used elsewhere (the
    # Medvedev-Ahmadinejad call of 14 March 2011, a known miss, among them): each is an entry,
    # quoting the page that dated it from the other set's text or the record's excerpt
    dropped = [c for c in sets[name].contacts if c.dropped]
    assert {str(c.when) for c in dropped} == DROPPED[name]
    earlier = {n for n in sets if n < name}
    for contact in dropped:
        held_in = {e.held_in for e in contact.evidence}
        if contact.dropped == "page cited by record":
            assert held_in == {recall.RECORDS}, contact.id
            assert all(bundled.get(e.page) is not None for e in contact.evidence), contact.id
        else:
            assert contact.dropped.startswith("page used by set "), contact.id
            (other,) = held_in
            assert contact.dropped == f"page used by {other}", contact.id
            assert other in earlier, contact.id
    # no other set restores what it dropped: the figure counts them in the samples only
    assert not [c.id for n in sets if n not in DROPPED for c in sets[n].contacts if c.dropped]


@pytest.mark.parametrize("name", sorted(CITED_AT_COMPILATION))
def test_the_frozen_list_is_sorted_normalized_and_says_its_commit(name: str) -> None:
    lines = CITED_AT_COMPILATION[name].read_text(encoding="utf-8").splitlines()
    assert re.search(r"main [0-9a-f]{40}", lines[0]), lines[0]
    addresses = [line for line in lines if not line.startswith("#")]
    assert addresses == sorted(set(addresses))
    assert all(_address(a) == a for a in addresses)
    assert len(addresses) > 500


def test_no_page_is_a_source_of_the_data(
    bundled: Dataset, sets: dict[str, Any], chronology: Any
) -> None:
    # a sample's pages are checked against the records as they were when it was compiled: a
    # record added since may cite one of them without biasing the sample, chosen before and blind
    samples = [name for name in CITED_AT_COMPILATION if sets[name] is chronology]
    if samples:
        cited = _cited_at_compilation(samples[0])
    else:
        cited = {_address(s.url) for s in bundled.sources if s.url}
    shared = [p.url for p in chronology.pages if _address(p.url) in cited]
    assert not shared, (
        "held-out pages are cited by the records, so they measure nothing: replace them in "
        f"tests/fixtures/heldout_contacts*.yaml: {shared}"
    )


def test_the_sets_share_no_page_no_text_and_no_contact_id(sets: dict[str, Any]) -> None:
    names = sorted(sets)
    assert names == ["set 1", "set 2", "set 3", "set 4", "set 5", "set 6", "set 7"]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            one, other = sets[a], sets[b]
            assert one.texts != other.texts, (a, b)
            pages = {_address(p.url) for p in one.pages} & {_address(p.url) for p in other.pages}
            assert not pages, (a, b, pages)
            texts = {p.read_text(encoding="utf-8") for p in _texts(one)}
            assert not texts & {p.read_text(encoding="utf-8") for p in _texts(other)}, (a, b)
            assert not {c.id for c in one.contacts} & {c.id for c in other.contacts}, (a, b)
    assert len(sets["set 2"].contacts) >= 30
    assert len(sets["set 3"].contacts) >= 30
    # set 4 fell short of 30: the search index had few uncited pages of contacts not in sets 1-3
    assert len(sets["set 4"].contacts) >= 20
    # set 5 fell short of the 40 aimed at: the grid returned 37 dated contacts on allowed pages
    assert len(sets["set 5"].contacts) >= 35
    # set 6 fell short of the 50 aimed at: most dated pages its grid returned were cited or used
    assert len(sets["set 6"].contacts) >= 30
    # set 7 reached the 50 aimed at only with its restored drops (31 on its own pages)
    assert len(sets["set 7"].contacts) >= 50


@pytest.mark.parametrize("name", DRAWN_FROM_WHAT_IS_LEFT)
def test_a_set_drawn_from_what_is_left_holds_no_occasion_of_the_earlier_sets(
    recall: ModuleType, sets: dict[str, Any], name: str
) -> None:
    earlier = [c for n in sorted(sets) if n < name for c in sets[n].contacts]
    same = [
        (c.id, o.id) for c in sets[name].contacts for o in earlier if recall.same_occasion(c, o)
    ]
    assert not same, f"{name} repeats contacts of earlier sets: {same}"


def test_same_occasion_needs_the_kind_the_days_and_a_person_or_place(recall: ModuleType) -> None:
    _same_occasion = recall.same_occasion

    def contact(id: str, date: str, kind: str, place: str, *who: str) -> Any:
        return recall.Contact(id, recall.when_of(date), place, who, kind, ())

    call = contact("a", "2020-07-16", "phone_call", "by telephone", "putin", "rouhani")
    assert _same_occasion(call, contact("b", "2020-07-17", "phone_call", "-", "rouhani", "putin"))
    assert not _same_occasion(call, contact("c", "2020-07-19", "phone_call", "-", "putin"))
    assert not _same_occasion(call, contact("d", "2020-07-16", "visit", "Moscow", "putin"))
    summit = contact("e", "2010", "summit_meeting", "Baku", "russia", "iran")
    assert _same_occasion(summit, contact("f", "2010-11-18", "margin_talks", "baku", "medvedev"))
    assert not _same_occasion(summit, contact("g", "2010-06-08", "margin_talks", "Istanbul", "x"))
    bishkek = contact("h", "2019-06-14", "margin_talks", "Bishkek", "putin", "rouhani")
    assert not _same_occasion(bishkek, contact("i", "2019-06-15", "summit_meeting", "Dushanbe"))
    # one summit's place named two ways: the same two persons on the same days are one occasion
    ufa = contact("j", "2015-07-09", "margin_talks", "Ufa", "putin", "rouhani")
    assert _same_occasion(
        ufa, contact("k", "2015-07-09", "margin_talks", "SCO, Russia", "rouhani", "putin")
    )
    assert not _same_occasion(ufa, contact("l", "2015-07-09", "visit", "Moscow", "putin", "russia"))
    # ... but not on consecutive days elsewhere: two summits, Bishkek then Dushanbe
    assert not _same_occasion(
        bishkek, contact("m", "2019-06-15", "margin_talks", "Dushanbe", "rouhani", "putin")
    )


@pytest.mark.parametrize("name", LEADERS_ONLY)
def test_the_leaders_sets_name_leaders_only(
    bundled: Dataset, sets: dict[str, Any], name: str
) -> None:
    for contact in sets[name].contacts:
        for name in contact.participants:
            actor = bundled.get(name)
            if isinstance(actor, State):
                continue
            assert isinstance(actor, Person), (contact.id, name)
            titles = {p.title for p in actor.positions_on(contact.when)}
            assert titles & LEADERS, f"{contact.id}: {name} held no leader's office: {titles}"


def test_together_counts_each_occasion_once(recall: ModuleType) -> None:
    def contact(
        id: str, date: str, place: str, kind: str = "visit", who: tuple[str, ...] = ()
    ) -> Any:
        who = who or ("putin", "rouhani")
        return recall.Contact(id, recall.when_of(date), place, who, kind, ())

    def chronology(*contacts: Any) -> Any:
        return recall.Chronology((), contacts, ())

    first = chronology(contact("a", "2017-03-28", "Moscow"), contact("b", "2016-08-08", "Baku"))
    later = chronology(
        contact("c", "2017-03-27", "moscow"),  # a day off, the same place: the same occasion
        # the same day elsewhere, other persons: another occasion
        contact("d", "2017-03-28", "Tehran", who=("medvedev", "rouhani")),
        contact("e", "2017-03-28", "-", "phone_call"),  # a call on a visit's day: another
        # the same two persons on a day of "b", its place named otherwise: the same occasion
        contact("f", "2016-08-08", "trilateral summit, Azerbaijan"),
    )
    together = recall.combine([first, later])
    assert [c.id for c in together.contacts] == ["a", "b", "d", "e"]
    # within one set nothing is dropped: a set lists one entry per occasion itself
    assert len(recall.combine([later]).contacts) == 4


def test_together_is_one_matching_over_the_sets_each_occasion_once(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any]
) -> None:
    together = recall.combine(sets.values())
    contacts = list(together.contacts)
    assert len(contacts) < sum(len(c.contacts) for c in sets.values())  # set 5 repeats some
    repeats = [
        (a.id, b.id)
        for i, a in enumerate(contacts)
        for b in contacts[i + 1 :]
        if recall.same_occasion(a, b) and not _one_set_holds_both(sets, a, b)
    ]
    assert not repeats, f"together counts these occasions twice: {repeats}"
    _, _, overall, _, _ = recall.table(bundled, together)
    apart = [recall.table(bundled, c)[2] for c in sets.values()]
    assert overall.total <= sum(r.total for r in apart)
    assert overall.held <= sum(r.held for r in apart)


def _one_set_holds_both(sets: dict[str, Any], a: Any, b: Any) -> bool:
    """Whether one set lists both contacts (sets 1-2 may list a summit and its margin talks
    apart; only repeats across sets are dropped)."""
    return any(a in s.contacts and b in s.contacts for s in sets.values())


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
            State(id="turkey", name="Turkey", citations=CITE),
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
    when = recall.when_of(date)
    return recall.Contact(id, when, place, ("leader", "guest"), kind, ())


def test_persons_count_for_the_state_whose_office_they_held_that_day(recall: ModuleType) -> None:
    ds = _dataset(
        _event("in-office", "2010-06-01", "leader", "guest", location="Baku"),
        _event("out-of-office", "2014-06-01", "leader", "guest"),
    )
    assert recall.sides(ds, ["leader", "guest"], recall.when_of("2010-06-01")) == {"russia", "iran"}
    assert recall.sides(ds, ["leader", "guest"], recall.when_of("2014-06-01")) == set()
    found = recall.match(
        ds, [_contact(recall, "a", "2010-06"), _contact(recall, "b", "2014-06-01")]
    )
    assert found == {"a": "in-office", "b": None}


def test_a_day_either_side_is_tolerated_no_more(recall: ModuleType) -> None:
    ds = _dataset(_event("e", "2010-06-02", "leader", "iran", location="Baku"))
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
    # to the day as well: a contact in person elsewhere is another occasion; a call has no place
    found = recall.match(ds, [_contact(recall, "a", "2010-07-19", place="Ashgabat")])
    assert found == {"a": None}
    found = recall.match(ds, [_contact(recall, "a", "2010-07-19", place="Tehran")])
    assert found == {"a": "tehran"}
    call = _event("call", "2010-08-02", "leader", "guest", kind="discuss_by_telephone")
    found = recall.match(_dataset(call), [_contact(recall, "c", "2010-08", "phone_call", "-")])
    assert found == {"c": "call"}


def test_margin_talks_are_held_by_a_meeting_of_the_two_not_by_the_summit(
    recall: ModuleType,
) -> None:
    summit = _event(
        "summit", "2010-06-08", "leader", "guest", "turkey", kind="consult", location="Istanbul"
    )
    talks = _event("talks", "2010-06-08", "leader", "guest", location="Istanbul")
    margin = _contact(recall, "m", "2010-06-08", "margin_talks", "Istanbul")
    assert recall.match(_dataset(summit), [margin]) == {"m": None}
    assert recall.match(_dataset(summit, talks), [margin]) == {"m": "talks"}
    # the summit itself, as a contact, is held by the summit event
    meeting = _contact(recall, "s", "2010-06-08", "summit_meeting", "Istanbul")
    assert recall.match(_dataset(summit), [meeting]) == {"s": "summit"}


def test_an_event_of_other_people_elsewhere_does_not_hold_the_contact(recall: ModuleType) -> None:
    # a defence minister's visit to Moscow does not hold the leaders' talks in Ankara that day
    elsewhere = _event("elsewhere", "2010-04-04", "russia", "iran", location="Moscow")
    theirs = _event("theirs", "2010-04-05", "leader", "guest", location="Ankara")
    there = _event("there", "2010-04-04", "russia", "iran", location="Ankara")
    talks = _contact(recall, "t", "2010-04-04", "margin_talks", "Ankara")
    assert recall.match(_dataset(elsewhere), [talks]) == {"t": None}
    assert recall.match(_dataset(elsewhere, theirs), [talks]) == {"t": "theirs"}
    # at the contact's place, an event naming none of its persons holds it
    assert recall.match(_dataset(there), [talks]) == {"t": "there"}
    # a contact of the two states alone has no persons to compare: its place decides
    states = recall.Contact(
        "s", recall.when_of("2010-04-04"), "Sochi", ("russia", "iran"), "visit", ()
    )
    assert recall.match(_dataset(elsewhere), [states]) == {"s": None}
    moscow = recall.Contact(
        "s", recall.when_of("2010-04-04"), "Moscow", ("russia", "iran"), "visit", ()
    )
    assert recall.match(_dataset(elsewhere), [moscow]) == {"s": "elsewhere"}


def test_a_contact_in_person_is_held_only_at_its_place(recall: ModuleType) -> None:
    # the two persons at Bishkek one day, at the summit in Dushanbe the next: two occasions
    bishkek = _event("bishkek", "2010-06-14", "leader", "guest", location="Bishkek")
    dushanbe = _contact(recall, "d", "2010-06-15", "summit_meeting", "Dushanbe")
    assert recall.match(_dataset(bishkek), [dushanbe]) == {"d": None}
    there = _event("there", "2010-06-15", "leader", "guest", kind="consult", location="Dushanbe")
    assert recall.match(_dataset(bishkek, there), [dushanbe]) == {"d": "there"}
    # a place a page names by its summit is named by the event's words
    ufa = _event("ufa", "2010-07-09", "leader", "guest", location="Ufa, Russia").model_copy(
        update={"title": "The leaders meet at the SCO and BRICS summits in Ufa"}
    )
    sco = _contact(recall, "s", "2010-07-09", "margin_talks", "SCO summit, Russia")
    assert recall.match(_dataset(ufa), [sco]) == {"s": "ufa"}


def test_set_3s_dushanbe_summit_is_not_held_by_the_bishkek_talks(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any]
) -> None:
    # the CICA summit of Dushanbe, 15 June 2019, was held by Putin and Rouhani's talks at
    # Bishkek the day before while the summit was not recorded (outside verifier, issue 25)
    summit = "cica-summit-dushanbe-2019"
    assert isinstance(bundled.get(summit), Event)
    records = [
        r.model_copy(update={"related": tuple(x for x in r.related if x != summit)})
        if isinstance(r, Event)
        else r
        for r in bundled
        if r.id != summit
    ]
    without = Dataset(records, coverage=bundled.coverage)
    (dushanbe,) = [c for c in sets["set 3"].contacts if c.id == "cica-dushanbe-2019"]
    assert recall.match(bundled, [dushanbe]) == {dushanbe.id: summit}
    assert recall.match(without, [dushanbe]) == {dushanbe.id: None}


def test_one_summit_by_video_is_one_occasion_whoever_the_pages_name(
    recall: ModuleType, sets: dict[str, Any]
) -> None:
    # set 1 names the two states at the Astana-format summit of 1 July 2020 ("videoconference"),
    # set 5 the two presidents ("by video link"): one occasion, counted once together
    (one,) = [c for c in sets["set 1"].contacts if c.id == "astana-summit-video-2020"]
    (other,) = [c for c in sets["set 5"].contacts if c.id == "astana-video-summit-2020-07-01"]
    assert recall.same_occasion(other, one)
    together = recall.combine(sets.values())
    assert one in together.contacts
    assert other not in together.contacts
    # two video summits of adjacent days are two
    later = recall.Contact(
        "x", recall.when_of("2020-07-02"), "by video link", (), "summit_meeting", ()
    )
    assert not recall.same_occasion(one, later)


def test_the_help_lists_every_option(
    recall: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        recall.main(["--help"])
    shown = capsys.readouterr().out
    assert "--check" in shown
    assert "--table" in shown


def test_a_count_of_meetings_counts_each_occasion_once(recall: ModuleType) -> None:
    # a summit of three and the two leaders' talks beside it are one meeting of the two
    summit = _event(
        "summit", "2010-06-08", "leader", "guest", "turkey", kind="consult", location="Istanbul"
    )
    talks = _event("talks", "2010-06-08", "leader", "guest", location="Istanbul").model_copy(
        update={"related": ("summit",)}
    )
    later = _event("later", "2010-09-01", "leader", "guest")
    count = recall.Count(
        "c", ("leader", "guest"), "meetings", 2, Period.parse("2010/2010"), None, None
    )
    assert recall.bundled_count(_dataset(summit, talks, later), count) == 2
    apart = talks.model_copy(update={"related": ()})
    assert recall.bundled_count(_dataset(summit, apart, later), count) == 3


def test_margin_talks_the_host_joined_are_held_the_summit_is_not(recall: ModuleType) -> None:
    # the two leaders' talks on the summit's margin with the host at the table (Astana 2011)
    summit = _event(
        "summit", "2010-06-08", "leader", "guest", "turkey", kind="consult", location="Istanbul"
    )
    joined = _event(
        "joined", "2010-06-08", "leader", "guest", "turkey", location="Istanbul"
    ).model_copy(update={"related": ("summit",)})
    margin = _contact(recall, "m", "2010-06-08", "margin_talks", "Istanbul")
    assert recall.match(_dataset(summit, joined), [margin]) == {"m": "joined"}
    # the same event naming nothing is one more gathering of three, not talks on a margin
    alone = joined.model_copy(update={"related": ()})
    assert recall.match(_dataset(summit, alone), [margin]) == {"m": None}


def test_the_contacts_filled_knowingly_are_the_samples_and_the_docs_count_them_out(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any]
) -> None:
    samples = {c.id: c for name in recall.SAMPLES for c in sets[name].contacts}
    assert set(samples) >= recall.FILLED_KNOWINGLY
    # the call of 14 March 2011, set 3's known miss, in both samples: filled knowingly if added
    march = {c.id for c in samples.values() if str(c.when) == "2011-03-14"}
    assert len(march) == 2
    assert march <= recall.FILLED_KNOWINGLY
    pooled = recall.combine([sets[name] for name in recall.SAMPLES])
    _, _, plain, _, matched = recall.table(bundled, pooled)
    filled = [c for c in recall.FILLED_KNOWINGLY if matched.get(c) is not None]
    assert filled
    page = recall.render()
    strict = recall.strict(plain, matched)
    assert strict.held == plain.held - len(filled)
    assert (
        f"Strict, counting as missed the {len(filled)} contacts held only by events added after "
        f"a set had named them as not held: {strict.held} of {strict.total} ({strict.share}; "
        f"interval {strict.interval})."
    ) in " ".join(page.split())
    for contact_id in filled:
        assert f"- `{contact_id}`:" in page
    for name in recall.SAMPLES:  # each sample's strict figure is shown beside its plain one
        _, _, row, _, held = recall.table(bundled, sets[name])
        low = recall.strict(row, held)
        assert f"{name}, {row.held} of {row.total}, {row.share} ({row.interval}), strict " in (
            " ".join(page.split())
        )
        assert f"strict {low.held} of {low.total}, {low.share} ({low.interval})" in " ".join(
            page.split()
        )


#: Set 7's entries a second outside verifier found filled knowingly, by hand: for each, the
#: docs/history.md at the parent of the commit that added the holding event lists the occasion
#: as not held (the four the prose named, and six more).
VERIFIER_SET_7: Final = frozenset(
    {
        "s7-dropped-medvedev-ahmadinejad-call-2008-07-18",
        "s7-dropped-putin-rouhani-call-2014-11-24",
        "s7-putin-rouhani-ankara-2019-09-16",
        "s7-putin-rouhani-yerevan-2019-10-01",
        "s7-dropped-putin-ahmadinejad-moscow-2013-07",  # GECF summit, Moscow, added in e710ab8
        "s7-putin-pezeshkian-call-2025-08-25",  # e710ab8
        "s7-putin-raisi-call-2023-08-17",  # f607cec
        "s7-dropped-putin-mokhber-call-2024-06-13",  # 7fb37b8
        "s7-putin-raisi-call-2021-09-14",  # 4a63b62
        "s7-dropped-putin-raisi-sco-dushanbe-2021-09-17",  # a3c0631
    }
)


def test_the_frozen_list_covers_what_the_verifier_found_and_set_7_is_42_of_53_strict(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any]
) -> None:
    assert VERIFIER_SET_7 <= recall.FILLED_KNOWINGLY
    _, _, row, _, held = recall.table(bundled, sets["set 7"])
    assert all(held[c] is not None for c in VERIFIER_SET_7)
    low = recall.strict(row, held)
    assert (low.held, low.total) == (row.held - len(VERIFIER_SET_7), 53)


def test_the_frozen_list_is_what_the_rule_derives_from_git_history(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any]
) -> None:
    shallow = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
        check=False,
    )
    if shallow.returncode != 0 or shallow.stdout.strip() != "false":
        pytest.skip("needs the full git history (a shallow clone has none)")
    derived = _script("filled_knowingly").derive(
        bundled, [c for name in recall.SAMPLES for c in sets[name].contacts]
    )
    # a record added since may change what the rule gives: rerun the script, paste its output
    assert set(derived) == recall.FILLED_KNOWINGLY, "run: python scripts/filled_knowingly.py"


def test_the_not_held_lists_are_read_back_as_contacts() -> None:
    fk = _script("filled_knowingly")
    page = "\n".join(
        [
            "Not held, set 4:",
            "",
            "- `call-x`: 2014-03-14 by telephone (vladimir-putin, hassan-rouhani; phone call)",
            "",
            "Held only by events added after a set had named them as not held:",
            "",
            "- `held-y`: 2019-10-01 Yerevan (vladimir-putin, hassan-rouhani; margin talks)",
        ]
    )
    (only,) = fk.named_not_held(page)
    assert (only.id, str(only.when), only.kind) == ("call-x", "2014-03-14", "phone_call")


def test_a_place_given_as_a_country_matches_an_event_in_that_country_only(
    recall: ModuleType,
) -> None:
    # a page may name only the country ("Turkey"): any event there holds it, one naming the
    # country as whole words or hosted by it, never one whose words merely contain the name
    def hosted(id: str, location: str, host: str | None) -> Event:
        event = _event(id, "2010-06-08", "leader", "guest", location=location)
        if host is None:
            return event
        hosts = (*event.participants, Participant(actor=host, role="host"))  # type: ignore[arg-type]
        return event.model_copy(update={"participants": hosts})

    contact = _contact(recall, "a", "2010-06-08", "summit_meeting", place="Turkey")
    for event, held in [
        (hosted("named", "Istanbul, Turkey", None), True),
        (hosted("hosted", "Istanbul", "turkey"), True),
        (hosted("city-only", "Istanbul", None), False),
        (hosted("elsewhere", "Baku", "russia"), False),
        (hosted("turkeys", "a farm of turkeys near Baku", None), False),
    ]:
        assert (recall.match(_dataset(event), [contact])["a"] is not None) is held, event.id
    summit = _contact(recall, "b", "2010-06-08", "summit_meeting", "SCO summit, Russia")
    russian = hosted("russian", "the SCO summit at the Russian embassy in Baku", None)
    assert recall.match(_dataset(russian), [summit]) == {"b": None}
    ufa = hosted("ufa", "the SCO and BRICS summits in Ufa, Russia", None)
    assert recall.match(_dataset(ufa), [summit]) == {"b": "ufa"}


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
    assert "held-out contacts of the three samples (sets 5, 6 and 7, each occasion once)" in text
    assert "95% Wilson score interval" in text
    assert "(Each sample, plain and strict: set 5, " in text
    assert "| samples (sets 5, 6 and 7) | the three samples as one, each occasion once |" in text
    assert "Not held, set 1:" in text
    assert "Not held, set 2:" in text
    assert "Not held, set 3:" in text
    assert "Not held, set 4:" in text
    assert "Not held, set 5:" in text
    assert "Not held, set 6:" in text
    assert "Not held, set 7:" in text
    assert recall.write(page) is False


# -- the interval ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "total", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # set 5 when this was written: 36 of 37 held
        (36, 37, 0.8618, 0.9952),
    ],
)
def test_the_wilson_interval_gives_published_values(
    recall: ModuleType, held: int, total: int, low: float, high: float
) -> None:
    lo, hi = recall.wilson(held, total)
    assert (round(lo, 4), round(hi, 4)) == (low, high)


def test_the_wilson_interval_stays_in_bounds_and_refuses_nonsense(recall: ModuleType) -> None:
    assert recall.wilson(37, 37)[1] == 1.0
    assert recall.wilson(0, 5)[0] == 0.0
    for held, total in [(1, 0), (-1, 3), (4, 3)]:
        with pytest.raises(ValueError, match="wilson"):
            recall.wilson(held, total)
    assert recall.Row("all", 36, 37).interval == "86–100%"
    # rounded outward: a lower bound of 0.895 shows as 89%, not 90% (set 6, 49 of 50)
    assert recall.wilson(49, 50)[0] == pytest.approx(0.895, abs=5e-4)
    assert recall.Row("set 6", 49, 50).interval == "89–100%"
    assert recall.Row("x", 33, 34).interval == "85–100%"  # upper bound 0.9948 shows as 100%
    assert recall.Row("none", 0, 0).interval == "-"
    failures, _ = doctest.testmod(recall)
    assert failures == 0


def test_the_samples_row_counts_each_occasion_once(
    recall: ModuleType, bundled: Dataset, sets: dict[str, Any]
) -> None:
    samples = recall.combine([sets[name] for name in recall.SAMPLES])
    apart = sum(len(sets[name].contacts) for name in recall.SAMPLES)
    assert len(set(recall.SAMPLES)) == 3
    assert recall.QUOTED == "samples (sets 5, 6 and 7)"
    assert len(samples.contacts) < apart  # sets 6 and 7 repeat occasions of set 5
    _, _, overall, _, _ = recall.table(bundled, samples)
    assert overall.total == len(recall.in_scope(bundled, samples.contacts))
    assert overall.held / overall.total >= RECALL_FLOOR_SAMPLES


def test_every_sample_entry_of_an_occasion_filled_knowingly_is_counted_out(
    recall: ModuleType, sets: dict[str, Any]
) -> None:
    # the strict rule applies to any sample's entry of such an occasion: set 7, compiled after the
    # fills, repeats four of them (the calls of 2008 and 2014, Ankara and Yerevan 2019)
    samples = [c for name in recall.SAMPLES for c in sets[name].contacts]
    listed = [c for c in samples if c.id in recall.FILLED_KNOWINGLY]
    unlisted = [
        c.id
        for c in samples
        if c.id not in recall.FILLED_KNOWINGLY
        and any(recall.same_occasion(c, other) for other in listed)
    ]
    assert not unlisted, (
        f"entries of occasions filled knowingly, not in FILLED_KNOWINGLY: {unlisted}"
    )
    assert {c.id for c in sets["set 7"].contacts} & recall.FILLED_KNOWINGLY
