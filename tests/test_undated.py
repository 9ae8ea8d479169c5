"""Never silently partial: what a dated query cannot place in time, and how to ask for it.

Law: with a window and ``include_undated=True``, a query answers exactly what it answers
without the flag, followed by the records that match every other filter but have no date
(in the brute-force reference's order). Without a window the flag changes nothing.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reference import Reference
from ruiran import Dataset
from ruiran.model import Agreement, AnyRecord, Bloc, Event, Person, Sanction, State
from ruiran.model.dates import to_window
from ruiran.testing import datasets

WINDOWS = st.sampled_from(["1750", "1900/1950", "2000/2010", "2015-06", "2020/..", "../1960"])


def _actors(records: list[AnyRecord], data: st.DataObject) -> tuple[str, str]:
    ids = [r.id for r in records if isinstance(r, (State, Bloc, Person))]
    a, b = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    return a, b


def _undated(found: tuple[AnyRecord, ...]) -> tuple[AnyRecord, ...]:
    return tuple(r for r in found if Reference.span(r) is None)  # type: ignore[arg-type]


@given(datasets(), st.data())
def test_include_undated_adds_exactly_the_undated_matches(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds, ref = Dataset(records), Reference(records)
    a, b = _actors(records, data)
    on = data.draw(WINDOWS)
    w = to_window(on)
    window = (w.earliest, w.latest)
    area = data.draw(st.none() | st.sampled_from(["trade", "defense"]))

    got = ds.agreements_between(a, b, on=on, area=area, include_undated=True)
    dated = ref.agreements((a, b), window, area, None)
    assert got == dated + _undated(ref.agreements((a, b), None, area, None))
    assert ds.agreements_between(a, b, area=area, include_undated=True) == ref.agreements(
        (a, b), None, area, None
    )

    start, end = on.split("/") if "/" in on else (on, on)
    start_arg = None if start == ".." else start
    end_arg = None if end == ".." else end
    got_events = ds.events_involving(a, start=start_arg, end=end_arg, include_undated=True)
    expected = ref.events((a,), window, None) + _undated(ref.events((a,), None, None))
    assert got_events == expected

    got_sanctions = ds.sanctions_on(a, by=b, on=on, include_undated=True)
    expected_sanctions = ref.sanctions(a, b, window) + _undated(ref.sanctions(a, b, None))
    assert got_sanctions == expected_sanctions
    assert ds.sanctions_by(b, on=on, include_undated=True) == ref.sanctions(
        None, b, window
    ) + _undated(ref.sanctions(None, b, None))


@given(datasets(), st.data())
def test_undated_lists_what_a_timeline_cannot_place(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds, ref = Dataset(records), Reference(records)
    a, b = _actors(records, data)
    expected = {
        r.id
        for r in (
            *ref.agreements((a, b), None, None, None),
            *ref.events((a, b), None, None),
            *ref.sanctions(a, b, None),
            *ref.sanctions(b, a, None),
        )
        if isinstance(r, Agreement | Event | Sanction) and Reference.span(r) is None
    }
    assert {r.id for r in ds.undated(a, b)} == expected
    placed = {e.record.id for e in ds.timeline(a, b)}
    assert not placed & expected


def test_undated_bundled_sanctions_are_said(bundled: Dataset) -> None:
    dated = bundled.sanctions_on("Iran", on="2024")
    everything = bundled.sanctions_on("Iran", on="2024", include_undated=True)
    assert everything[: len(dated)] == dated
    undated = [s for s in bundled.sanctions_on("Iran") if s in bundled.undated("Iran")]
    assert list(everything[len(dated) :]) == undated
