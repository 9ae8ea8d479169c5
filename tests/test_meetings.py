"""Meetings between people are meetings between their states (issue 25), and summits' margins.

A person in an event counts for the state they served on the event's days, and on those days
only (their ``positions`` with ``of`` a state and a ``period``): properties on generated
persons and events, then the bundled meetings. A summit is one event; the talks on its margin
are others, ``related`` to it, found by ``Dataset.margins``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ruiran
from ruiran import Dataset, Event, QueryError
from ruiran.model import (
    Citation,
    EventKind,
    OrganizationKind,
    PartialDate,
    Participant,
    Period,
    Person,
    Position,
    Role,
    Source,
    State,
)

CITE = (Citation(source="src", quote="q"),)
SOURCE = Source(id="src", title="A source", kind="other")  # type: ignore[arg-type]
RUSSIA = State(id="rus", name="Rus", citations=CITE)
IRAN = State(id="irn", name="Irn", citations=CITE)
DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2003, 12, 31))


@st.composite
def terms(draw: st.DrawFn) -> tuple[tuple[dt.date, dt.date], ...]:
    """Up to three periods of office, each from a first to a last day."""
    found = []
    for _ in range(draw(st.integers(0, 3))):
        a, b = draw(DAYS), draw(DAYS)
        found.append((min(a, b), max(a, b)))
    return tuple(found)


def person(id_: str, of: str, held: tuple[tuple[dt.date, dt.date], ...]) -> Person:
    positions = tuple(
        Position(
            title="President",
            of=of,
            period=Period(PartialDate.from_date(a), PartialDate.from_date(b)),
        )
        for a, b in held
    )
    return Person(id=id_, name=id_, positions=positions, citations=CITE)


def meeting(day: dt.date, *actors: str) -> Event:
    return Event(
        id="talks",
        kind=EventKind.CONSULT,
        title="Talks",
        date=PartialDate.from_date(day),
        participants=tuple(Participant(actor=a, role=Role.PARTICIPANT) for a in actors),
        citations=CITE,
    )


def serves(held: tuple[tuple[dt.date, dt.date], ...], day: dt.date) -> bool:
    return any(a <= day <= b for a, b in held)


@given(terms(), terms(), DAYS)
def test_a_person_counts_for_their_state_exactly_on_the_days_of_their_office(
    putin: tuple[tuple[dt.date, dt.date], ...],
    raisi: tuple[tuple[dt.date, dt.date], ...],
    day: dt.date,
) -> None:
    event = meeting(day, "p", "q")
    ds = Dataset(
        [SOURCE, RUSSIA, IRAN, person("p", "rus", putin), person("q", "irn", raisi), event]
    )
    both = serves(putin, day) and serves(raisi, day)
    assert (event in ds.events_between("Rus", "Irn")) is both
    assert (event in ds.events_between("rus", "irn", start=day, end=day)) is both
    assert (event in ds.events_involving("rus")) is serves(putin, day)
    assert (event in ds.events_involving("irn", start=day, end=day)) is serves(raisi, day)
    # a window that misses the day finds nothing, whoever served
    one = dt.timedelta(days=1)
    assert event not in ds.events_between("rus", "irn", start=day + one)
    assert event not in ds.events_between("rus", "irn", end=day - one)
    # the person is always there, and the timeline follows the events
    assert event in ds.events_between("p", "q")
    assert (event in [e.record for e in ds.timeline("rus", "irn")]) is both
    inv = ds.involvement(event, "rus")
    assert (inv is not None) is serves(putin, day)
    if inv is not None:
        assert (inv.via, inv.role) == ("p", "participant")


@given(terms(), st.tuples(DAYS, DAYS).map(sorted))
def test_an_event_over_days_counts_on_the_days_it_shares_with_the_office(
    held: tuple[tuple[dt.date, dt.date], ...], days: list[dt.date]
) -> None:
    first, last = days
    event = meeting(first, "p", "irn").model_copy(
        update={"date": Period(PartialDate.from_date(first), PartialDate.from_date(last))}
    )
    ds = Dataset([SOURCE, RUSSIA, IRAN, person("p", "rus", held), event])
    shared = [(max(a, first), min(b, last)) for a, b in held if a <= last and first <= b]
    assert (event in ds.events_between("rus", "irn")) is bool(shared)
    for lo, hi in shared:  # found on its first and last shared day, and not a day outside them
        assert event in ds.events_between("rus", "irn", start=lo, end=lo)
        assert event in ds.events_between("rus", "irn", start=hi, end=hi)
    one = dt.timedelta(days=1)
    for day in (first - one, last + one):
        assert event not in ds.events_between("rus", "irn", start=day, end=day)
    inside = [d for lo, hi in shared for d in (lo, hi)]
    for day in (first, last):
        found = event in ds.events_involving("rus", start=day, end=day)
        assert found is (day in inside or any(lo <= day <= hi for lo, hi in shared))


def test_an_office_of_an_organization_or_without_dates_does_not_count() -> None:
    agency = ruiran.Organization(
        id="agency", name="Agency", kind=OrganizationKind.NEWS_AGENCY, citations=CITE
    )
    reporter = Person(
        id="p",
        name="p",
        positions=(
            Position(title="Journalist", of="agency", period=Period.parse("2000/2010")),
            Position(title="Envoy", of="rus"),  # undated: the days are unknown
        ),
        citations=CITE,
    )
    event = meeting(dt.date(2001, 5, 5), "p", "irn")
    ds = Dataset([SOURCE, RUSSIA, IRAN, agency, reporter, event])
    assert event not in ds.events_between("rus", "irn")
    assert ds.involvement(event, "agency") is None


def test_an_undated_event_counts_for_any_state_the_person_served() -> None:
    event = meeting(dt.date(2001, 5, 5), "p", "irn").model_copy(update={"date": None})
    ds = Dataset([SOURCE, RUSSIA, IRAN, person("p", "rus", ((dt.date(2000, 1, 1),) * 2,)), event])
    assert event in ds.events_between("rus", "irn")  # no window: undated ones too
    assert event not in ds.events_between("rus", "irn", start="2000")
    assert event in ds.events_between("rus", "irn", start="2000", include_undated=True)
    inv = ds.involvement(event, "rus")
    assert inv is not None
    assert (inv.via, inv.window) == ("p", None)


def test_a_sanction_on_a_person_is_not_a_sanction_on_their_state(bundled: Dataset) -> None:
    # Only events: the index adds no state to a sanction through its target's office.
    for sanction in bundled.sanctions:
        for inv in bundled._index.involvements(sanction):
            via = inv.via
            assert via is None or bundled[via].type == "bloc"


# -- the bundled meetings --------------------------------------------------------------------


def test_the_leaders_meetings_are_meetings_of_their_states(bundled: Dataset) -> None:
    found = bundled.events_between("Russia", "Iran", start="2024-10-23", end="2024-10-23")
    assert "putin-pezeshkian-kazan-meeting" in [e.id for e in found]
    meeting = bundled["putin-pezeshkian-kazan-meeting"]
    assert isinstance(meeting, Event)
    # without the states named, the persons alone make it a Russia-Iran meeting
    alone = meeting.model_copy(
        update={
            "participants": tuple(
                p for p in meeting.participants if p.actor not in ("russia", "iran")
            )
        }
    )
    assert {p.actor for p in alone.participants} == {"vladimir-putin", "masoud-pezeshkian"}
    ds = Dataset([r if r.id != alone.id else alone for r in bundled])
    assert alone in ds.events_between("Russia", "Iran", start="2024", end="2024")
    assert [(i.actor, i.via) for i in ds._index.involvements(alone) if i.via] == [
        ("russia", "vladimir-putin"),
        ("iran", "masoud-pezeshkian"),
    ]
    # Pezeshkian became President in 2024: the same talks a year earlier are not Iran's
    earlier = alone.model_copy(update={"date": PartialDate.parse("2023-10-23")})
    ds = Dataset([r if r.id != alone.id else earlier for r in bundled])
    assert earlier not in ds.events_between("Russia", "Iran")
    assert earlier in ds.events_involving("Russia")


def test_the_face_and_the_timeline_follow(bundled: Dataset) -> None:
    ids = [e.id for e in ruiran.events_between("Russia", "Iran", start="2024-10", end="2024-10")]
    assert "putin-pezeshkian-kazan-meeting" in ids
    entries = [e.record.id for e in bundled.timeline("Russia", "Iran", start="2024-10-23")]
    assert "putin-pezeshkian-kazan-meeting" in entries


# -- summits and their margins ---------------------------------------------------------------


def test_a_summit_lists_the_talks_on_its_margin(bundled: Dataset) -> None:
    summit = bundled["brics-summit-kazan-2024"]
    assert isinstance(summit, Event)
    assert [e.id for e in bundled.margins(summit)] == ["putin-pezeshkian-kazan-meeting"]
    assert [e.id for e in bundled.margins("brics-summit-kazan-2024")] == [
        "putin-pezeshkian-kazan-meeting"
    ]
    assert [e.id for e in ruiran.margins("brics-summit-kazan-2024")] == [
        "putin-pezeshkian-kazan-meeting"
    ]
    # the talks name the summit; the summit is an event of many, Russia and Iran among them
    talks = bundled["putin-pezeshkian-kazan-meeting"]
    assert isinstance(talks, Event)
    assert talks.related == ("brics-summit-kazan-2024",)
    assert {"russia", "iran"} <= {i.actor for i in bundled._index.involvements(summit)}
    # a visit's related statement is no margin talk: margins are meetings (CAMEO 040-046)
    assert not bundled.margins("shoigu-visit-tehran-2023")
    assert [e.id for e in bundled.related_to("shoigu-visit-tehran-2023")] == [
        "shoigu-new-level-statement"
    ]


def test_margins_are_held_on_a_day_of_the_event(bundled: Dataset) -> None:
    # Shamkhani's visit of October 2001 names Khatami's visit of March: related, not beside it
    shamkhani = bundled["shamkhani-visit-moscow-2001"]
    assert isinstance(shamkhani, Event)
    assert "khatami-visit-moscow-2001" in shamkhani.related
    assert not bundled.margins("khatami-visit-moscow-2001")
    # Khamenei's meeting with Putin is held during the visit, so it is on its margin
    assert "putin-khamenei-tehran-2018" in {
        e.id for e in bundled.margins("putin-visit-tehran-2018")
    }
    # an undated meeting cannot be shown to be beside anything
    talks = bundled["putin-pezeshkian-kazan-meeting"]
    assert isinstance(talks, Event)
    undated = Dataset(
        [r if r.id != talks.id else talks.model_copy(update={"date": None}) for r in bundled]
    )
    assert not undated.margins("brics-summit-kazan-2024")


def test_margins_say_what_the_data_cannot_give(bundled: Dataset) -> None:
    # No talks of Putin and Ahmadinejad are held at the CICA summit of 2010 (none were found):
    # the empty answer is incomplete, with the researched statement on the two states' meetings
    researched = (
        "meetings between Russia and Iran (CAMEO 04) from 2000 are researched, not complete: "
    )
    for summit in ("cica-summit-istanbul-2010", "oic-summit-putrajaya-2003"):
        empty = ruiran.margins(summit)
        assert not empty
        assert not empty.complete
        assert [g for g in empty.gaps if g.startswith(researched)], (summit, empty.gaps)
    # every pair of its states is asked; the pairs no statement holds get one generic gap
    # naming every state among them (not one per pair: its 14 states make 91 pairs)
    istanbul = bundled.margins("cica-summit-istanbul-2010")
    assert len(istanbul.gaps) == 2
    assert istanbul.gaps[0].startswith(researched)
    other = istanbul.gaps[1]
    assert other.startswith("events between any other two of Turkey, Russia, Iran, ")
    assert other.endswith(" are not covered")
    cica = bundled["cica-summit-istanbul-2010"]
    assert isinstance(cica, Event)
    named = [ruiran.actor(p.actor) for p in cica.participants]
    states = [actor.name for actor in named if isinstance(actor, State)]
    assert len(states) == 14
    assert all(state in other for state in states)
    # a held talk does not make the answer complete: the meetings are researched
    kazan = bundled.margins("brics-summit-kazan-2024")
    assert [e.id for e in kazan] == ["putin-pezeshkian-kazan-meeting"]
    assert kazan.gaps[0].startswith(researched)
    # the bloc holding the summit is no party to talks on its margin
    assert not [g for g in kazan.gaps if "BRICS" in g]
    # a state visit: its states are the pair itself
    visit = bundled.margins("putin-visit-tehran-2018")
    assert len(visit.gaps) == 1
    assert visit.gaps[0].startswith(researched)
    # a dataset without a coverage file covers nothing
    bare = Dataset(list(bundled))
    assert bare.margins("cica-summit-istanbul-2010").gaps == (
        "the dataset states no coverage (no coverage file): no answer is known complete",
    )


#: Every state the summits' cited sources name as attending (members, observers and guests).
SUMMITS_STATES = {
    "sco-summit-video-2023": {
        "india", "china", "kazakhstan", "kyrgyzstan", "pakistan", "russia", "tajikistan",
        "uzbekistan", "iran", "belarus", "mongolia", "turkmenistan",
    },
    "gecf-summit-moscow-2013": {
        "algeria", "bolivia", "egypt", "equatorial-guinea", "iran", "libya", "nigeria", "oman",
        "qatar", "russia", "trinidad-and-tobago", "united-arab-emirates", "venezuela",
        "norway", "iraq", "netherlands", "kazakhstan",
    },
    "gecf-summit-tehran-2015": {
        "algeria", "bolivia", "egypt", "equatorial-guinea", "iran", "libya", "nigeria", "qatar",
        "russia", "trinidad-and-tobago", "united-arab-emirates", "venezuela", "azerbaijan",
        "iraq", "kazakhstan", "netherlands", "norway", "oman", "peru", "turkmenistan",
    },
    "brics-summit-kazan-2024": {
        "brazil", "russia", "india", "china", "south-africa", "egypt", "ethiopia", "iran",
        "united-arab-emirates",
    },
    "brics-plus-johannesburg-2023": {
        "south-africa", "russia", "iran", "brazil", "india", "china",
    },
    "cica-summit-dushanbe-2019": {
        "tajikistan", "russia", "iran", "china", "saudi-arabia", "united-arab-emirates", "turkey",
        "qatar",
    },
}  # fmt: skip


@pytest.mark.parametrize("summit_id", sorted(SUMMITS_STATES))
def test_a_summit_holds_every_participating_state(bundled: Dataset, summit_id: str) -> None:
    summit = bundled[summit_id]
    assert isinstance(summit, Event)
    # a state of the dataset, or one of the reference table (held by id, no record of its own)
    held = {p.actor: bundled.get(p.actor) for p in summit.participants}
    states = {k for k, record in held.items() if record is None or isinstance(record, ruiran.State)}
    assert states == SUMMITS_STATES[summit_id]
    # each is found as a participant of the summit, the host as its host
    for state in SUMMITS_STATES[summit_id]:
        assert summit in bundled.events_involving(state, start=summit.date, end=summit.date)


def test_a_bloc_summit_lists_its_bloc(bundled: Dataset) -> None:
    # a summit of the SCO, like those of BRICS and the EAEU, holds the bloc beside its states
    blocs = {"sco-summit-": "sco", "brics-summit-": "brics", "eaeu-summit-": "eaeu"}
    summits = [e for e in bundled.events if any(e.id.startswith(k) for k in blocs)]
    assert len([e for e in summits if e.id.startswith("sco-summit-")]) >= 17
    for summit in summits:
        bloc = next(v for k, v in blocs.items() if summit.id.startswith(k))
        assert bloc in {p.actor for p in summit.participants}, summit.id
    assert bundled["brics-plus-johannesburg-2023"] in bundled.events_involving("brics")


def test_a_visit_to_a_summit_without_talks_says_so(bundled: Dataset) -> None:
    visit = bundled["ahmadinejad-visit-yekaterinburg-2009"]
    assert isinstance(visit, Event)
    assert visit.kind == "visit"
    assert visit.summary is not None
    assert "does not take place" in visit.summary
    assert "called off" not in visit.summary


def test_events_between_with_a_kind_finds_the_margin_talks(bundled: Dataset) -> None:
    found = bundled.events_between("Russia", "Iran", start="2024-10", end="2024-10", kind="04")
    assert {"brics-summit-kazan-2024", "putin-pezeshkian-kazan-meeting"} <= {e.id for e in found}
    talks = [e.id for e in found if "brics-summit-kazan-2024" in e.related]
    assert talks == ["putin-pezeshkian-kazan-meeting"]


def test_margins_of_what_is_not_an_event_is_an_error(bundled: Dataset) -> None:
    with pytest.raises(QueryError, match="'iran' is a state, not an event"):
        bundled.margins("iran")
    with pytest.raises(QueryError, match="no record of this dataset has id 'no-such-record'"):
        bundled.margins("no-such-record")


def test_a_visit_is_found_as_made_and_as_hosted(bundled: Dataset) -> None:
    # CAMEO codes a visit from each side (042 made, 043 hosted); a cited visit is one event
    made = {e.id for e in bundled.events_between("Russia", "Iran", cameo="042")}
    hosted = {e.id for e in bundled.events_between("Russia", "Iran", cameo="043")}
    visits = {e.id for e in bundled.events_between("Russia", "Iran", kind="visit")}
    assert made == hosted
    assert visits <= hosted
    assert "putin-visit-tehran-2018" in hosted
    # the codes beside them stay apart: a call (041) is neither
    calls = {e.id for e in bundled.events_between("Russia", "Iran", cameo="041")}
    assert calls
    assert not calls & hosted
