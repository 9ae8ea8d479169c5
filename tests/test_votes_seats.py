"""Every seat of the bundled UN votes is reached by the state that held it.

The outside check behind these tests: the seats the data files under ISO 3166 codes since
withdrawn (``YU`` Yugoslavia, ``CS`` Czechoslovakia, ``DD`` the German Democratic Republic,
``YD`` the Yemen People's Republic) answered "no seat ... no votes" to every name, Serbia's and
Czechoslovakia's among them. The counts here are plain counts over the Parquet rows (no numpy,
no vote matrix), as in tests/test_votes.py.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

import pyarrow.parquet as pq

import ruiran
from ruiran import votes
from ruiran.cli import cli
from ruiran.votes.api import seats
from ruiran.votes.store import bundled

DATA = resources.files("ruiran.votes") / "data"


def _dated_rows() -> list[tuple[str | None, str, dt.date]]:
    """(code, seat name, day) for every vote cast, read plainly from the two Parquet files."""
    with resources.as_file(DATA / "roll_calls.parquet") as path:
        day = {
            r["rcid"]: r["date"] for r in pq.read_table(path, columns=["rcid", "date"]).to_pylist()
        }
    with resources.as_file(DATA / "votes.parquet") as path:
        cast = pq.read_table(path, columns=["rcid", "country", "country_code"]).to_pylist()
    return [(r["country_code"], r["country"], day[r["rcid"]]) for r in cast]


@pytest.fixture(scope="module")
def dated() -> list[tuple[str | None, str, dt.date]]:
    return _dated_rows()


def _count(
    dated: list[tuple[str | None, str, dt.date]],
    code: str,
    first: dt.date = dt.date.min,
    last: dt.date = dt.date.max,
) -> int:
    return sum(1 for c, _, day in dated if c == code and first <= day <= last)


@pytest.mark.parametrize(
    ("name", "code", "state", "total"),
    [
        ("Yugoslavia", "YU", "serbia", 5474),
        ("Serbia", "YU", "serbia", 5474),
        ("Czechoslovakia", "CS", "czechoslovakia", 3752),
        ("East Germany", "DD", "east-germany", 2067),
        ("German Democratic Republic", "DD", "east-germany", 2067),
        ("Yemen People's Republic", "YD", "yemen-peoples-republic", 2378),
    ],
)
def test_a_seat_under_a_withdrawn_iso_code_is_reached_by_its_state(
    dated: Any, name: str, code: str, state: str, total: int
) -> None:
    # Once "has no seat in the bundled UN General Assembly votes ...: no votes under COW 345".
    frame = votes.votes_of(name)
    assert frame.attrs["actor"] == state
    assert frame.attrs["complete"] is True
    assert frame.attrs["gaps"] == ()
    assert len(frame) == _count(dated, code) == total
    together = votes.agreement("Russia", name)
    assert together.attrs["complete"] is True
    assert together["n"].iloc[0] > 0


def test_serbia_is_yugoslavias_seat_before_and_after_2006(dated: Any) -> None:
    # COW 345 is Yugoslavia, then Serbia and Montenegro, then Serbia: the data keeps one seat,
    # YU, for all three (it has no RS seat), and Montenegro's own (ME) from 2006-10-30.
    store = bundled()
    assert [store.countries[i] for i in seats(store, "Serbia")[1]] == ["Yugoslavia"]
    split = dt.date(2006, 6, 3)  # Montenegro's independence; Serbia kept the seat
    before = votes.votes_of("Serbia", end=split - dt.timedelta(days=1))
    after = votes.votes_of("Serbia", start=split)
    assert len(before) == _count(dated, "YU", last=split - dt.timedelta(days=1)) > 0
    assert len(after) == _count(dated, "YU", first=split) > 0
    assert len(before) + len(after) == len(votes.votes_of("Serbia"))
    assert after["date"].max().date() == dt.date(2019, 12, 27)
    # Montenegro keeps its own seat, unchanged, and never shares Serbia's.
    montenegro = votes.votes_of("Montenegro")
    assert len(montenegro) == _count(dated, "ME") == 1288
    assert montenegro["date"].min().date() == dt.date(2006, 10, 30)


def test_east_germany_votes_from_1973_to_1990_only(dated: Any) -> None:
    frame = votes.votes_of("East Germany")
    # Admitted 1973-09-18, joined the Federal Republic 1990-10-03 (COW: to 1990-10-02).
    assert dt.date(1973, 9, 18) <= frame["date"].min().date()
    assert frame["date"].max().date() <= dt.date(1990, 10, 2)
    assert sorted(set(frame["date"].dt.year)) == list(range(1973, 1990))
    assert votes.votes_of("East Germany", start="1990-10-03").empty
    assert votes.votes_of("East Germany", end="1973-09-17").empty
    # Its seat and unified Germany's (DE, from 1991) stay apart.
    assert votes.agreement("East Germany", "Germany").empty


def test_the_withdrawn_codes_are_pycountrys_and_the_reference_tables() -> None:
    # WITHDRAWN_SEATS is written out (no pycountry on first use); derive it here: every seat
    # code that is no current ISO 3166-1 code is a withdrawn one (ISO 3166-3), the seat's name
    # resolves to a state of the reference table with that COW code, and the seat votes within
    # that state's COW system membership.
    import pycountry

    from ruiran.votes.store import WITHDRAWN_SEATS

    store = bundled()
    derived = {}
    for i, code in enumerate(store.alpha2):
        if code is None or pycountry.countries.get(alpha_2=code) is not None:
            continue
        assert any(getattr(c, "alpha_2", None) == code for c in pycountry.historic_countries)
        state = ruiran.actor(store.countries[i])
        assert isinstance(state, ruiran.State)
        assert state.cow_code is not None
        derived[code] = state.cow_code
        days = store.day[store.matrix[i] != 0].astype("datetime64[D]").tolist()
        periods = state.system_membership
        assert periods
        assert periods[0].earliest <= min(days)
        if periods[-1].latest < dt.date(2016, 12, 31):  # the COW list's own end: still a member
            assert max(days) <= periods[-1].latest
    assert derived == WITHDRAWN_SEATS


def test_every_seat_is_reached_by_a_state() -> None:
    # A current ISO code names its state; a seat ruiran gives a COW code, the state with it
    # in the reference table (the Federal Republic's seat is West Germany's, COW 260, though
    # the name "Federal Republic of Germany" is unified Germany's).
    import pycountry

    from ruiran.reference.states import table

    by_cow = {e.cow: e.id for e in table().states.values() if e.cow is not None}
    store = bundled()
    unreached = []
    for i, name in enumerate(store.countries):
        code, cow = store.alpha2[i], store.cow[i]
        if code is not None and pycountry.countries.get(alpha_2=code) is not None:
            state = ruiran.actor(code)
        else:
            state = ruiran.actor(by_cow[cow] if cow is not None else name)
        if i not in seats(store, state)[1]:
            unreached.append(f"{name} ({code})")
    assert unreached == []


def test_ruiran_votes_russia_serbia_on_the_command_line() -> None:
    result = CliRunner().invoke(cli, ["votes", "Russia", "Serbia"])
    assert result.exit_code == 0, result.output
    assert "no seat" not in result.stderr
    assert votes.agreement("Russia", "Serbia")["n"].iloc[0] > 0
