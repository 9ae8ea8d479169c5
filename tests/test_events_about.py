"""Questions about the other: events in which one actor acts about another (issue 22, item 4).

The other takes no part in such an event but takes part in a record the event concerns (its
``related`` records): Russia condemning Israel's strikes on Iran, Russia voting on the UN
sanctions on Iran. ``events_between(a, b)`` keeps missing them; ``about=True`` adds them.
"""

from __future__ import annotations

import pytest

import ruiran
from ruiran import Dataset, QueryError
from ruiran.model import (
    AnyRecord,
    Bloc,
    Citation,
    Event,
    EventKind,
    Membership,
    Participant,
    Period,
    Source,
    State,
)

CITE = (Citation(source="src", quote="q"),)
CONDEMNS = "putin-condemns-israeli-strikes"
VOTES = "russia-votes-to-continue-iran-sanctions-relief-2025-09-19"


def _ids(found: tuple[Event, ...]) -> list[str]:
    return [e.id for e in found]


def test_the_two_2025_events_about_iran_are_found(bundled: Dataset) -> None:
    plain = _ids(bundled.events_between("Russia", "Iran", start="2025-06", kind="11"))
    about = _ids(bundled.events_between("Russia", "Iran", start="2025-06", kind="11", about=True))
    assert CONDEMNS not in plain
    assert VOTES not in plain
    assert CONDEMNS in about
    assert VOTES in about
    assert set(plain) <= set(about)


def test_the_default_is_unchanged(bundled: Dataset) -> None:
    assert bundled.events_between("Russia", "Iran") == bundled.events_between(
        "Russia", "Iran", about=False
    )


def test_both_directions(bundled: Dataset) -> None:
    # Russia acts about Iran, and Iran about Russia (JCPOA Implementation Day concerns the
    # JCPOA, to which Russia is a party); the order of the arguments does not matter.
    forward = bundled.events_between("Russia", "Iran", about=True)
    assert forward == bundled.events_between("Iran", "Russia", about=True)
    ids = _ids(forward)
    assert CONDEMNS in ids
    assert "jcpoa-implementation-day-2016" in ids
    assert "jcpoa-implementation-day-2016" not in _ids(bundled.events_between("Russia", "Iran"))


def test_dates_select_the_event_and_the_order_is_kept(bundled: Dataset) -> None:
    day = bundled.events_between("Russia", "Iran", start="2025-06-13", end="2025-06-13", about=True)
    assert CONDEMNS in _ids(day)
    assert (
        _ids(
            bundled.events_between(
                "Russia", "Iran", start="2025-06-14", end="2025-06-30", about=True, kind="criticize"
            )
        )
        == []
    )
    found = bundled.events_between("Russia", "Iran", start="2006", end="2010", about=True)
    assert "russia-votes-for-resolution-1737" in _ids(found)
    assert all(e.date is not None for e in found)
    keys = [(e.date.earliest, e.date.latest, e.id) for e in found if e.date is not None]
    assert keys == sorted(keys)
    everything = bundled.events_between(
        "Russia", "Iran", start="2006", about=True, include_undated=True
    )
    undated = [e for e in everything if e.date is None]
    assert everything[len(everything) - len(undated) :] == tuple(undated)


def test_the_helper_and_the_timeline(bundled: Dataset) -> None:
    assert ruiran.events_between("Russia", "Iran", about=True) == bundled.events_between(
        "Russia", "Iran", about=True
    )
    plain = {e.record.id for e in ruiran.timeline("Russia", "Iran", start="2025-06")}
    about = ruiran.timeline("Russia", "Iran", start="2025-06", about=True)
    ids = {e.record.id for e in about}
    assert CONDEMNS not in plain
    assert {CONDEMNS, VOTES} <= ids
    assert plain <= ids
    keys = [e.sort_key() for e in about]
    assert keys == sorted(keys)


def test_the_timeline_of_one_actor_refuses_about(bundled: Dataset) -> None:
    with pytest.raises(QueryError, match="'about' needs two actors"):
        bundled.timeline("Iran", about=True)


def _made_up() -> Dataset:
    """Armenia is in a bloc (2015-2020) that condemns a strike on Iran, once in 2018 and once
    in 2023, after Armenia had left; Iran then protests about a bloc sanction on Armenia."""
    records: list[AnyRecord] = [
        Source(id="src", title="S", kind="other"),  # type: ignore[arg-type]
        State(id="iran", name="Iran", iso_alpha2="IR", citations=CITE),
        State(id="armenia", name="Armenia", iso_alpha2="AM", citations=CITE),
        State(id="israel", name="Israel", iso_alpha2="IL", citations=CITE),
        Bloc(
            id="bloc",
            name="Bloc",
            formal=True,
            members=(Membership(member="armenia", period=Period.parse("2015/2020")),),
            citations=CITE,
        ),
    ]

    def event(id: str, date: str, kind: EventKind, *actors: str, related: str = "") -> Event:
        return Event(
            id=id,
            title=id,
            kind=kind,
            date=date,  # type: ignore[arg-type]
            participants=tuple(Participant(actor=a, role="initiator") for a in actors),  # type: ignore[arg-type]
            related=(related,) if related else (),
            citations=CITE,
        )

    records += [
        event("strike", "2017", EventKind.AERIAL_ATTACK, "israel", "iran"),
        event("condemns-2018", "2018-05", EventKind.CRITICIZE, "bloc", "israel", related="strike"),
        event("condemns-2023", "2023-05", EventKind.CRITICIZE, "bloc", "israel", related="strike"),
        event("bloc-meets", "2019", EventKind.CONSULT, "bloc"),
        event("protests", "2019-03", EventKind.CRITICIZE, "iran", "israel", related="bloc-meets"),
    ]
    return Dataset(records)


def test_a_bloc_member_acts_about_the_other_while_a_member() -> None:
    ds = _made_up()
    assert _ids(ds.events_between("Armenia", "Iran")) == []
    # Armenia acts through the bloc while a member (2018), not after it left (2023); Iran acts
    # about a record in which Armenia took part through the bloc (2019).
    assert _ids(ds.events_between("Armenia", "Iran", about=True)) == ["condemns-2018", "protests"]
    assert _ids(ds.events_between("Iran", "Armenia", about=True, start="2019")) == ["protests"]
    assert _ids(ds.events_between("Armenia", "Iran", about=True, end="2018-12")) == [
        "condemns-2018"
    ]
    assert _ids(ds.events_between("bloc", "Iran", about=True)) == [
        "condemns-2018",
        "protests",
        "condemns-2023",
    ]
    assert _ids(ds.events_between("Armenia", "Iran", about=True, kind="consult")) == []
