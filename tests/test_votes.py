"""UN General Assembly votes (ruiran.votes): figures against an independent count, the
measures' laws, coverage and the errors.

The independent computation reads the bundled Parquet files row by row into plain Python
dicts and counts; it shares nothing with ``ruiran.votes.measures`` (no numpy, no matrix). That
the Parquet files hold the ``.rda`` files' rows is ``python scripts/votes_build.py --check``
(it rebuilds them byte for byte; it needs ``rdata`` and half a minute, so it is not a test).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import loading

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

import pyarrow.parquet as pq

import ruiran
from ruiran import votes
from ruiran.errors import QueryError, UnknownActorError
from ruiran.votes.codes import ISSUES
from ruiran.votes.store import ARRAYS, VoteStore, bundled, from_columns, from_parquet

DATA = resources.files("ruiran.votes") / "data"
ROOT = Path(__file__).absolute().parents[1]


def _rows() -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    with resources.as_file(DATA / "votes.parquet") as path:
        cast = pq.read_table(path).to_pylist()
    with resources.as_file(DATA / "roll_calls.parquet") as path:
        calls = {row["rcid"]: row for row in pq.read_table(path).to_pylist()}
    return cast, calls


@pytest.fixture(scope="module")
def rows() -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    return _rows()


def _independent(
    rows: tuple[list[dict[str, Any]], dict[int, dict[str, Any]]], a: str, b: str, key: str
) -> dict[Any, tuple[int, float, float]]:
    """n, agreement and half-agreement by ``key`` ("year", "issue" or "all"), counted plainly."""
    cast, calls = rows
    by_call: dict[int, dict[str, int]] = defaultdict(dict)
    for row in cast:
        if row["country_code"] in (a, b):
            by_call[row["rcid"]][row["country_code"]] = row["vote"]
    tally: dict[Any, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for rcid, voted in by_call.items():
        if a not in voted or b not in voted:
            continue
        x, y = voted[a], voted[b]
        call = calls[rcid]
        if key == "year":
            keys = [call["date"].year]
        elif key == "issue":
            keys = [code for code in ISSUES if call[code]]
        else:
            keys = ["all"]
        for k in keys:
            tally[k][0] += 1
            tally[k][1] += x == y
            tally[k][2] += 1.0 if x == y else (0.5 if 2 in (x, y) else 0.0)
    return {k: (int(n), same / n, half / n) for k, (n, same, half) in tally.items()}


@pytest.mark.parametrize("by", ["year", "issue", None])
@pytest.mark.parametrize(("a", "b", "ca", "cb"), [("Russia", "Iran", "RU", "IR"),
                                                  ("China", "Iran", "CN", "IR")])  # fmt: skip
def test_agreement_is_the_independent_count(
    rows: Any, by: str | None, a: str, b: str, ca: str, cb: str
) -> None:
    frame = votes.agreement(a, b, by=by, half=True)
    expected = _independent(rows, ca, cb, by or "all")
    key = by or "all"
    got = {
        (row[by] if by else "all"): (row["n"], row["agreement"], row["agreement_half"])
        for row in frame.to_dict("records")
    }
    assert got.keys() == expected.keys(), key
    for k, (n, same, half) in expected.items():
        assert got[k][0] == n
        assert math.isclose(got[k][1], same)
        assert math.isclose(got[k][2], half)


def test_provenance_states_origin_licence_and_coverage() -> None:
    stated = votes.provenance()
    assert stated["source"]["licence"] == "CC0-1.0"
    assert stated["source"]["handle"] == "hdl:1902.1/12379"
    assert stated["rows"] == {
        "votes": 869937, "roll_calls": 6202, "roll_call_issues": 5745, "countries": 200,
    }  # fmt: skip
    assert stated["coverage"]["first"] == "1946-01-01"
    assert stated["coverage"]["last"] == "2019-12-27"
    import hashlib

    for name, entry in stated["files"].items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == entry["sha256"], name


# -- the measures' laws, on synthetic stores ---------------------------------------------------

#: Known states' codes: the synthetic seats are theirs, so ruiran.actor resolves them.
SEATS = ("RU", "IR", "AM", "IL", "US")
_VOTE = st.sampled_from([0, 1, 2, 3])


@st.composite
def stores(draw: st.DrawFn) -> VoteStore:
    import numpy as np

    calls = draw(st.integers(1, 30))
    matrix = draw(st.lists(st.lists(_VOTE, min_size=calls, max_size=calls), min_size=5, max_size=5))
    days = draw(st.lists(st.integers(-9000, 20000), min_size=calls, max_size=calls))
    flags = draw(st.lists(st.lists(st.booleans(), min_size=calls, max_size=calls),
                          min_size=6, max_size=6))  # fmt: skip
    cells = [(s, c + 1, v) for s, row in enumerate(matrix) for c, v in enumerate(row) if v]
    seat = [s for s, _, _ in cells]
    rcid = [c for _, c, _ in cells]
    vote = [v for _, _, v in cells]
    return from_columns(
        label="a synthetic store",
        countries=SEATS,
        alpha2=SEATS,
        cow=(None,) * 5,
        vote_rcid=np.array(rcid, dtype=np.int64),
        vote_seat=np.array(seat, dtype=np.intp),
        vote=np.array(vote, dtype=np.int8),
        rcid=np.arange(1, calls + 1),
        day=np.array(days),
        session=np.ones(calls),
        issues=np.array(flags),
        texts=lambda: None,
    )


NAMES = ("Russia", "Iran", "Armenia", "Israel", "United States")


@given(stores(), st.sampled_from(NAMES), st.sampled_from(NAMES),
       st.sampled_from([None, "year", "issue"]))  # fmt: skip
def test_agreement_is_symmetric_bounded_and_one_with_itself(
    store: VoteStore, a: str, b: str, by: str | None
) -> None:
    ab = votes.agreement(a, b, by=by, half=True, data=store)
    ba = votes.agreement(b, a, by=by, half=True, data=store)
    assert ab.to_dict("list") == ba.to_dict("list")
    assert ab["agreement"].between(0, 1).all()
    assert ab["agreement_half"].between(0, 1).all()
    assert (ab["agreement_half"] >= ab["agreement"]).all()
    assert (ab["n"] > 0).all()
    self = votes.agreement(a, a, by=by, half=True, data=store)
    assert (self["agreement"] == 1).all()
    assert (self["agreement_half"] == 1).all()


@given(stores(), st.sampled_from(NAMES), st.sampled_from(NAMES))
def test_the_years_and_issues_add_up_to_the_whole(store: VoteStore, a: str, b: str) -> None:
    whole = votes.agreement(a, b, data=store)
    years = votes.agreement(a, b, by="year", data=store)
    n = int(whole["n"].sum()) if len(whole) else 0
    assert int(years["n"].sum()) == n
    if n:
        same = (years["n"] * years["agreement"]).sum()
        assert math.isclose(same, float(whole["n"].iloc[0] * whole["agreement"].iloc[0]))
    issues = votes.agreement(a, b, by="issue", data=store)
    assert int(issues["n"].sum()) >= 0
    assert set(issues["issue"]) <= set(ISSUES)


@given(stores(), st.sampled_from(NAMES), st.integers(1946, 2024), st.integers(0, 30))
def test_a_window_narrows_the_roll_calls_counted(
    store: VoteStore, a: str, first: int, length: int
) -> None:
    inside = votes.agreement(a, "Iran", by="year", start=str(first), end=str(first + length),
                             data=store)  # fmt: skip
    everything = votes.agreement(a, "Iran", by="year", data=store).set_index("year")
    for row in inside.itertuples():
        assert first <= row.year <= first + length
        assert row.n == everything.loc[row.year, "n"]


# -- coverage, errors ---------------------------------------------------------------------------


def test_a_window_past_the_data_is_empty_and_says_why() -> None:
    frame = votes.agreement("Russia", "Iran", by="year", start="2021", end="2024")
    assert frame.empty
    assert frame.attrs["complete"] is False
    assert frame.attrs["gaps"] == (
        "the UN votes data runs from 1946-01-01 to 2019-12-27: nothing from 2021-01-01 on is in it",
    )
    part = votes.agreement("Russia", "Iran", by="year", start="2019", end="2020")
    assert part["year"].tolist() == [2019]
    assert part.attrs["complete"] is False
    assert "the window's end (2020-12-31) is after it" in part.attrs["gaps"][0]
    assert votes.agreement("Russia", "Iran", start="1991", end="2001").attrs["complete"]
    # An open end ends with the data: no gap.
    assert votes.agreement("Russia", "Iran", start="2019-12-27").attrs["gaps"] == ()


def test_russia_covers_the_soviet_seat() -> None:
    frame = votes.votes_of("Soviet Union", start="1946", end="1946-12-31")
    assert len(frame) > 0
    assert frame.attrs["actor"] == "russia"


def test_a_bloc_is_refused_with_the_reason() -> None:
    with pytest.raises(QueryError, match="'European Union' is a bloc: the General Assembly's"):
        votes.agreement("Russia", "European Union")


def test_every_seat_with_an_iso_code_is_a_state_ruiran_knows() -> None:
    # Once only 16 states were known and "Japan" was refused; every ISO state now resolves.
    assert votes.agreement("Russia", "Japan")["n"].iloc[0] > 0


def test_a_seat_ruiran_does_not_know_is_named_in_the_error() -> None:
    import numpy as np

    store = from_columns(
        label="a store of Ruritania", countries=("Ruritania",), alpha2=("RR",), cow=(None,),
        vote_rcid=np.array([1]), vote_seat=np.array([0]), vote=np.array([1], dtype=np.int8),
        rcid=np.array([1]), day=np.array([0]), session=np.array([1]),
        issues=np.zeros((6, 1), dtype=bool), texts=lambda: None,
    )  # fmt: skip
    with pytest.raises(UnknownActorError, match=r"seat 'Ruritania' \(RR\), but ruiran does not"):
        votes.agreement("Ruritania", "Russia", data=store)
    with pytest.raises(UnknownActorError, match="no actor is known as 'Atlantis'"):
        votes.agreement("Russia", "Atlantis")


def test_a_state_without_a_seat_in_the_data_is_an_empty_answer_saying_so() -> None:
    # Once a QueryError; now as a window outside the data: no rows, and the reason in the gaps.
    import numpy as np

    store = from_columns(
        label="a store of Iran alone", countries=("Iran",), alpha2=("IR",), cow=(None,),
        vote_rcid=np.array([1]), vote_seat=np.array([0]), vote=np.array([1], dtype=np.int8),
        rcid=np.array([1]), day=np.array([0]), session=np.array([1]),
        issues=np.zeros((6, 1), dtype=bool), texts=lambda: None,
    )  # fmt: skip
    frame = votes.agreement("Russia", "Iran", by="year", data=store)
    assert frame.empty
    assert frame.columns.tolist() == ["year", "n", "agreement"]
    assert frame.attrs["complete"] is False
    assert frame.attrs["gaps"] == (
        "Russia has no seat in a store of Iran alone: no votes under ISO RU, ISO SU, COW 365",
    )
    kosovo = votes.agreement("Kosovo", "Russia", by="issue", start="2021")
    assert kosovo.empty
    assert kosovo.attrs["gaps"] == (
        "Kosovo has no seat in the bundled UN General Assembly votes (unvotes 0.3.0, 1946 to "
        "2019-12-27): no votes under COW 347",
        "the UN votes data runs from 1946-01-01 to 2019-12-27: nothing from 2021-01-01 on is in it",
    )
    both = votes.agreement("Kosovo", "Kosovo")
    assert len(both.attrs["gaps"]) == 1  # said once
    alone = votes.votes_of("Kosovo")
    assert alone.empty
    assert alone.columns.tolist() == ["rcid", "date", "session", "vote", "vote_name"]
    assert alone.attrs["complete"] is False
    assert alone.attrs["gaps"][0].startswith("Kosovo has no seat in the bundled")


@pytest.mark.parametrize(
    ("name", "seat", "cow", "first", "last"),
    [
        ("West Germany", "Federal Republic of Germany", 260, "1973-10-01", "1990-12-06"),
        ("Yemen Arab Republic", "Yemen Arab Republic", 678, "1947-10-02", "1990-12-06"),
        ("Zanzibar", "Zanzibar", 511, "1963-12-03", "1963-12-03"),
    ],
)
def test_the_seats_without_an_iso_code_are_named_by_their_cow_code(
    name: str, seat: str, cow: int, first: str, last: str
) -> None:
    # The data gives these three seats no ISO code: once they could not be named at all.
    from ruiran.votes.store import UNCODED_SEATS, bundled

    store = bundled()
    state = ruiran.actor(name)
    assert isinstance(state, ruiran.State)
    assert state.cow_code == cow
    assert UNCODED_SEATS[seat] == cow
    assert [store.countries[i] for i in store.seats_of(cow=(cow,))] == [seat]
    frame = votes.votes_of(name)
    assert frame.attrs["complete"] is True
    assert str(frame["date"].min().date()) == first
    assert str(frame["date"].max().date()) == last
    assert votes.agreement(name, "Iran")["n"].iloc[0] > 0


def test_the_seats_of_one_state_and_its_successor_stay_apart() -> None:
    # West Germany (COW 260) votes until 1990, unified Germany (COW 255, ISO DE) from 1991;
    # the Yemen Arab Republic (678) until 1990, Yemen (679, ISO YE) from 1991.
    assert votes.votes_of("Germany")["date"].min().year == 1991
    assert votes.votes_of("Yemen")["date"].min().year == 1991
    assert votes.agreement("West Germany", "Germany").empty


def test_a_seat_with_no_code_is_matched_by_its_name() -> None:
    import numpy as np

    store = from_columns(
        label="a store of names", countries=("Zanzibar", "Iran"), alpha2=(None, "IR"),
        cow=(None, None), vote_rcid=np.array([1, 1]), vote_seat=np.array([0, 1]),
        vote=np.array([1, 1], dtype=np.int8), rcid=np.array([1]), day=np.array([0]),
        session=np.array([1]), issues=np.zeros((6, 1), dtype=bool), texts=lambda: None,
    )  # fmt: skip
    frame = votes.agreement("Zanzibar", "Iran", data=store)
    assert frame.to_dict("records") == [{"n": 1, "agreement": 1.0}]
    assert frame.attrs["complete"] is True


def test_roll_calls_carry_their_gaps_as_every_answer_does() -> None:
    part = votes.roll_calls(start="2019-12-27", end="2020")
    assert isinstance(part, ruiran.Records)
    assert part
    assert part.complete is False
    assert part.gaps == (
        "the UN votes data runs from 1946-01-01 to 2019-12-27: the window's end (2020-12-31) is "
        "after it",
    )
    past = votes.roll_calls(start="2021")
    assert len(past) == 0
    assert past.complete is False
    assert votes.roll_calls(start="2019-12-27").complete is True
    lines = repr(part).splitlines()  # one short line a roll call, as every answer shows itself
    assert lines[0] == f"Records of {len(part)} roll_calls (complete=False, 1 gap):"
    assert all(line.startswith("  <RollCall 'unga-rc-") and len(line) < 130 for line in lines[1:])


def test_by_and_issue_must_be_known() -> None:
    with pytest.raises(QueryError, match="'by' must be one of"):
        votes.agreement("Russia", "Iran", by="month")
    with pytest.raises(QueryError, match="'issue' must be one of"):
        votes.roll_calls(issue="trade")


def test_roll_calls_are_typed_frozen_and_oldest_first() -> None:
    calls = votes.roll_calls(start="1991", end="1991-12-31")
    assert calls
    assert [c.date for c in calls] == sorted(c.date for c in calls)
    assert all(c.date.year == 1991 and c.description for c in calls)
    with pytest.raises(Exception, match="frozen"):
        calls[0].session = 1  # type: ignore[misc]
    human = votes.roll_calls(start="1991", end="1991-12-31", issue="Human rights")
    assert human
    assert all("hr" in c.issues for c in human)
    assert {c.rcid for c in human} < {c.rcid for c in calls}
    assert len(votes.roll_calls()) == 6202


def test_votes_of_gives_the_codes_and_names() -> None:
    frame = votes.votes_of("Iran", start="2019-12-27", end="2019-12-27")
    assert set(frame["vote"]) <= {1, 2, 3}
    assert frame["vote_name"].tolist() == [
        {1: "yes", 2: "abstain", 3: "no"}[v] for v in frame["vote"]
    ]


# -- the bundled store: what it is read from, and what reading it needs ------------------------


def test_the_bundled_store_is_the_one_the_parquet_files_give() -> None:
    """votes.npz (what the first use reads) holds the store the Parquet files give, array by
    array and type by type: a stale or hand-edited votes.npz fails here."""
    with resources.as_file(DATA / "votes.parquet") as path:
        cast = pq.read_table(path)
    with resources.as_file(DATA / "roll_calls.parquet") as path:
        calls = pq.read_table(path, columns=["rcid", "session", "date", *ISSUES])
    built, read = from_parquet(cast, calls), bundled()
    for name in ARRAYS[2:]:
        mine, theirs = getattr(read, name), getattr(built, name)
        assert mine.dtype == theirs.dtype, name
        assert mine.shape == theirs.shape, name
        assert (mine == theirs).all(), name
    assert (read.label, read.countries, read.alpha2, read.cow) == (
        built.label, built.countries, built.alpha2, built.cow,
    )  # fmt: skip
    assert not read.matrix.flags.writeable


def test_the_first_use_imports_neither_pyarrow_nor_pandas() -> None:
    """Loading the votes is numpy alone; the roll calls' texts need pyarrow, never pandas; an
    answer that is a DataFrame imports pandas (the heavy import) only then."""
    code = (
        "import sys\n"
        "import ruiran.votes\n"
        "def loaded(): return [m in sys.modules for m in ('pyarrow', 'pandas')]\n"
        "ruiran.votes.store.bundled(); print(*loaded())\n"
        "ruiran.votes.roll_calls(); print(*loaded())\n"
        "ruiran.votes.agreement('Russia', 'Iran'); print(*loaded())\n"
    )
    out = loading.fresh_python(code)
    assert out.splitlines() == ["False False", "True False", "True True"]


def test_roll_calls_are_the_parquet_rows(rows: Any) -> None:
    _, calls = rows
    found = votes.roll_calls()
    assert [c.rcid for c in found] == sorted(calls, key=lambda r: (calls[r]["date"], r))
    for call in found:
        row = calls[call.rcid]
        assert (call.session, call.date, call.resolution, call.short_title) == (
            row["session"], row["date"], row["unres"], row["short"],
        )  # fmt: skip
        assert (call.description, call.important, call.amendment, call.paragraph) == (
            row["descr"] or "", row["importantvote"], row["amend"], row["para"],
        )  # fmt: skip
        assert call.issues == tuple(code for code in ISSUES if row[code])
    assert votes.roll_calls()[5] is found[5]  # built once: every answer shares the records


def test_ruiran_votes_is_reached_from_the_face() -> None:
    assert ruiran.votes is votes


def test_beside_puts_each_timeline_entry_next_to_its_years_agreement() -> None:
    yearly = votes.agreement("Russia", "Iran", by="year", half=True)
    entries = ruiran.timeline("Russia", "Iran")
    joined = votes.beside(yearly, entries)
    by_year = {row["year"]: row for row in yearly.to_dict("records")}
    # By day: an entry of 2019-12-30 is after the data's last roll call (2019-12-27).
    first, last = dt.date(1946, 1, 1), dt.date(2019, 12, 27)
    inside = [e for e in entries if first <= e.when.earliest <= last]
    assert any(e.when.earliest.year == 2019 and e not in inside for e in entries)
    assert joined["record"].tolist() == [e.record.id for e in inside]
    assert joined["label"].tolist() == [e.label for e in inside]
    for row in joined.to_dict("records"):
        year = by_year.get(row["year"])
        assert row["n"] == (year["n"] if year else 0)
        if year:
            assert math.isclose(row["agreement"], year["agreement"])
            assert math.isclose(row["agreement_half"], year["agreement_half"])
        else:
            assert math.isnan(row["agreement"])
    outside = len(entries) - len(inside)
    assert outside > 0  # the 18th-century treaties, and everything since 2020
    assert joined.attrs["complete"] is False
    assert joined.attrs["gaps"] == (
        f"{outside} timeline entries fall outside the UN votes data (1946-01-01 to 2019-12-27): "
        "left out",
    )
    assert joined.attrs["a"] == "russia"
    treaty = joined[joined["record"] == "treaty-basis-mutual-relations-2001"]
    assert treaty["year"].tolist() == [2001, 2002]


def test_beside_needs_an_agreement_by_year() -> None:
    with pytest.raises(QueryError, match=r"must be an answer of ruiran.votes.agreement\(a, b, by="):
        votes.beside(
            votes.agreement("Russia", "Iran", by="issue"), ruiran.timeline("Russia", "Iran")
        )
    empty = votes.beside(votes.agreement("Russia", "Kosovo", by="year"), ())
    assert empty.empty
    assert empty.attrs["gaps"][0].startswith("Kosovo has no seat")
