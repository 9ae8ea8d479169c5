"""Coded-event queries against a brute-force scan of the same rows, read with the csv module.

The synthetic files are read twice: by ruiran (DuckDB, then the columnar store and its
indexes) and here, line by line, with no code of ``ruiran.coded``; every query must give the
events the scan gives, in the same order (day, then GLOBALEVENTID).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pandas")

from hypothesis import given, settings
from hypothesis import strategies as st

import ruiran
from gdelt_rows import read_rows
from ruiran import Bloc, State
from ruiran.coded.evidence import Evidence, evidence_of
from ruiran.errors import QueryError
from ruiran.testing import synthetic_gdelt

#: One side of a brute-force match: (CAMEO code, first day, last day) as YYYYMMDD numbers; a
#: code led by "@" is a CAMEO known group code (a bloc's own: "@EEC" for the EU).
Side = list[tuple[str, int, int]]

ACTORS = [
    "Russia",
    "Iran",
    "United States",
    "China",
    "Israel",
    "Armenia",
    "EAEU",
    "BRICS",
    "EU",
    "NATO",
]
KINDS = [None, "19", "04", "042", "visit", "criticize", "11"]


@cache
def corpus() -> tuple[Path, list[list[str]]]:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ruiran-coded-test-"))
    path = synthetic_gdelt(folder / "events.tsv.gz", 6000, seed=21)
    # A second, GDELT 1.0 file: both versions in one store
    old = synthetic_gdelt(folder / "old.tsv", 1500, seed=22, version=1, first_id=900_000_000)
    return folder, read_rows(path) + read_rows(old)


@cache
def dataset() -> ruiran.Dataset:
    folder, _ = corpus()
    return ruiran.ingest.gdelt([folder / "events.tsv.gz", folder / "old.tsv"])


def side(name: str) -> Side:
    """Brute force: the codes standing for an actor of the bundled data, with their days."""
    record = ruiran.actor(name)
    always = (0, 99_991_231)
    if isinstance(record, State):
        assert record.iso_alpha3 is not None
        return [(record.iso_alpha3, *always)]
    assert isinstance(record, Bloc)
    found: Side = []
    for membership in record.members:
        member = ruiran.actor(membership.member)  # the dataset's, or the reference table's
        if not isinstance(member, State) or member.iso_alpha3 is None:
            continue
        days = always
        if membership.period is not None:
            lo, hi = membership.period.earliest, membership.period.latest
            days = (
                0 if lo == dt.date.min else lo.year * 10_000 + lo.month * 100 + lo.day,
                99_991_231 if hi == dt.date.max else hi.year * 10_000 + hi.month * 100 + hi.day,
            )
        found.append((member.iso_alpha3, *days))
        if member.iso_alpha3 in OLD_CODES:  # GDELT's older code of the same state
            found.append((OLD_CODES[member.iso_alpha3], *days))
    if record.cameo_known_group is not None:  # the bloc itself, as either actor's known group
        found.append(("@" + record.cameo_known_group, *always))
    return found


#: CAMEO codes that GDELT's CAMEO.country.txt gives a state beside its ISO alpha-3 code.
OLD_CODES = {"ROU": "ROM", "TLS": "TMP", "MNE": "MTN", "IMN": "IMY"}


def matches(actor: tuple[str, str], day: int, codes: Side) -> bool:
    """Whether an actor (its country code and its known group code) is one of ``codes``."""
    country, group = actor
    return any(c in (country, "@" + group) and lo <= day <= hi for c, lo, hi in codes if c != "@")


def brute(
    a: Side,
    b: Side | None,
    first: int,
    last: int,
    prefix: str | None,
    directed: bool = False,
) -> list[int]:
    """The GLOBALEVENTIDs a scan of every row finds, by day then id."""
    _, rows = corpus()
    found = []
    for row in rows:
        day, one, other, code = int(row[1]), (row[7], row[8]), (row[17], row[18]), row[26]
        if not first <= day <= last or (prefix is not None and not code.startswith(prefix)):
            continue
        if b is None:
            hit = matches(one, day, a) or (not directed and matches(other, day, a))
        else:
            hit = (matches(one, day, a) and matches(other, day, b)) or (
                not directed and matches(one, day, b) and matches(other, day, a)
            )
        if hit:
            found.append((day, int(row[0])))
    return [i for _, i in sorted(found)]


PREFIX = {None: None, "visit": "042", "criticize": "111"}


def prefix_of(kind: str | None) -> str | None:
    return PREFIX.get(kind, kind)


def number(day: dt.date | None, default: int) -> int:
    return default if day is None else day.year * 10_000 + day.month * 100 + day.day


days = st.one_of(st.none(), st.dates(dt.date(2014, 6, 1), dt.date(2026, 6, 1)))


@settings(max_examples=60)
@given(
    st.sampled_from(ACTORS),
    st.sampled_from(ACTORS),
    days,
    days,
    st.sampled_from(KINDS),
)
def test_events_between_equals_a_scan(
    a: str, b: str, start: dt.date | None, end: dt.date | None, kind: str | None
) -> None:
    ds = dataset()
    if ruiran.actor(a).id == ruiran.actor(b).id or (start and end and start > end):
        return
    found = evidence_of(ds.events_between(a, b, start=start, end=end, kind=kind))
    want = brute(side(a), side(b), number(start, 0), number(end, 99_991_231), prefix_of(kind))
    assert found.coded.ids == want
    assert found.cited == ruiran.events_between(a, b, start=start, end=end, kind=kind)


@settings(max_examples=60)
@given(st.sampled_from(ACTORS), days, days, st.sampled_from(KINDS))
def test_events_involving_equals_a_scan(
    a: str, start: dt.date | None, end: dt.date | None, kind: str | None
) -> None:
    ds = dataset()
    if start and end and start > end:
        return
    found = evidence_of(ds.events_involving(a, start=start, end=end, kind=kind))
    want = brute(side(a), None, number(start, 0), number(end, 99_991_231), prefix_of(kind))
    assert found.coded.ids == want


@settings(max_examples=30)
@given(st.sampled_from(ACTORS), st.one_of(st.none(), st.sampled_from(ACTORS)), days, days)
def test_directed_series_counts_equal_a_scan(
    a: str, b: str | None, start: dt.date | None, end: dt.date | None
) -> None:
    ds = dataset()
    if (b is not None and ruiran.actor(a).id == ruiran.actor(b).id) or (
        start and end and start > end
    ):
        return
    frame = ds.event_series(a, b, freq="year", directed=True, start=start, end=end)
    want = brute(
        side(a), None if b is None else side(b), number(start, 0), number(end, 99_991_231),
        None, directed=True,
    )  # fmt: skip
    assert int(frame["value"].sum()) == len(want)
    assert (frame["events"] == frame["value"]).all()


@settings(max_examples=15)
@given(st.sampled_from(ACTORS), st.sampled_from(ACTORS), days, days)
def test_ingest_with_a_filter_keeps_what_a_scan_keeps(
    a: str, b: str, start: dt.date | None, end: dt.date | None
) -> None:
    if ruiran.actor(a).id == ruiran.actor(b).id or (start and end and start > end):
        return
    folder, _ = corpus()
    ds = ruiran.ingest.gdelt(
        [folder / "events.tsv.gz", folder / "old.tsv"], between=(a, b), start=start, end=end
    )
    assert ds.coded is not None
    want = brute(side(a), side(b), number(start, 0), number(end, 99_991_231), None)
    assert ds.coded.all().ids == want
    assert ds.coded.summary.lines_read == len(corpus()[1])


def test_the_timeline_merges_both_kinds_in_date_order() -> None:
    ds = dataset()
    found = ds.timeline("Russia", "Iran", start="2024", end="2025")
    assert isinstance(found, Evidence)
    assert found.cited == ruiran.timeline("Russia", "Iran", start="2024", end="2025")
    assert found.coded.ids == brute(side("Russia"), side("Iran"), 20240101, 20251231, None)
    merged = list(found.merged())
    assert len(merged) == found.total == len(found) + len(found.coded)
    assert {item.evidence for item in merged} == {"cited", "coded"}
    firsts = [
        item.when.earliest if isinstance(item, ruiran.TimelineEntry) else item.date
        for item in merged
    ]
    assert firsts == sorted(firsts)


def test_a_person_has_no_coded_events_but_keeps_the_cited_ones() -> None:
    ds = dataset()
    found = evidence_of(ds.events_involving("Vladimir Putin"))
    assert len(found.coded) == 0
    assert found.cited == ruiran.events_involving("Vladimir Putin")


def test_the_coded_part_goes_to_arrow_pandas_and_duckdb_whole() -> None:
    found = evidence_of(dataset().events_between("Russia", "Iran", start="2020"))
    table = found.coded.to_arrow()
    assert table.num_rows == len(found.coded)
    assert "Actor1Resolved" not in table.schema.names
    resolved = found.coded.to_arrow(resolved=True)
    assert set(resolved.column("Actor1Resolved").to_pylist()) == {"russia", "iran"}
    everyone = evidence_of(dataset().events_involving("Iran")).coded.to_arrow(resolved=True)
    assert None in set(everyone.column("Actor2Resolved").to_pylist())  # regions, no actor
    frame = found.coded.to_pandas()
    assert list(frame["GLOBALEVENTID"]) == found.coded.ids
    relation = found.coded.to_duckdb()
    assert relation.aggregate("count(*)").fetchall()[0][0] == len(found.coded)


def test_records_are_built_for_the_rows_touched() -> None:
    coded = evidence_of(dataset().events_between("Russia", "Iran")).coded
    event = coded[-1]
    assert event.id == f"gdelt:{coded.ids[-1]}"
    assert event.evidence == "coded"
    assert {event.actor1.resolved, event.actor2.resolved} == {"russia", "iran"}
    assert event.provenance.startswith("coded by GDELT ")
    assert "“" not in repr(event)  # never shown as a quote
    assert [e.row_id for e in coded[:5]] == coded.ids[:5]
    assert len(list(coded)) == len(coded)
    with pytest.raises(IndexError):
        coded[len(coded)]


def test_datasets_without_coded_events_answer_as_before() -> None:
    found = ruiran.load().events_between("Russia", "Iran")
    assert type(found) is ruiran.Records
    with pytest.raises(TypeError, match="no coded part"):
        evidence_of(found)


def test_series_measures() -> None:
    ds = dataset()
    counts = ds.event_series("Russia", "Iran", freq="month", start="2019", end="2019")
    assert list(counts["period"].dt.month) == list(range(1, 13))
    coded = evidence_of(ds.events_between("Russia", "Iran", start="2019", end="2019")).coded
    assert int(counts["value"].sum()) == len(coded)
    table = coded.to_arrow()
    gold = ds.event_series("Russia", "Iran", freq="year", measure="goldstein", start="2019",
                           end="2019")  # fmt: skip
    total = sum(round(x, 1) for x in table.column("GoldsteinScale").to_pylist())
    assert math.isclose(gold["value"].iloc[0], total, abs_tol=1e-6)
    mean = ds.event_series("Russia", "Iran", freq="year", measure="tone_mean", start="2019",
                           end="2019")  # fmt: skip
    tones = table.column("AvgTone").to_pylist()
    assert math.isclose(mean["value"].iloc[0], sum(tones) / len(tones))
    quad = ds.event_series("Russia", "Iran", freq="quarter", measure="quadclass", start="2019",
                           end="2019")  # fmt: skip
    assert len(quad) == 16
    assert int(quad["value"].sum()) == len(coded)
    weeks = ds.event_series("Russia", "Iran", freq="week", start="2019-01", end="2019-01")
    assert all(p.weekday() == 0 for p in weeks["period"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "average"}, "'measure' must be one of"),
        ({"freq": "hour"}, "'freq' must be one of"),
    ],
)
def test_series_arguments_are_checked(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        dataset().event_series("Russia", "Iran", **kwargs)  # type: ignore[arg-type]


def test_series_needs_coded_events() -> None:
    with pytest.raises(QueryError, match="no coded events"):
        ruiran.load().event_series("Russia", "Iran")


def test_memory_held_per_coded_event_is_small() -> None:
    store = dataset().coded
    assert store is not None
    store.indexes()
    assert store.nbytes / len(store) < 250  # ~185 at 10^6 rows; a small file has more overhead


def test_repr_and_merge() -> None:
    ds = dataset()
    assert "coded events>" in repr(ds)
    found = ds.events_between("Russia", "Iran", start="2025")
    assert repr(found).startswith("Evidence of ")
    assert "coded event" in found._repr_html_()
    both = ds.merge(ruiran.load())
    assert both.coded is not None
    assert len(both.coded) == len(ds.coded or ())
    assert both == ds
    assert ds != ruiran.load()


def _ids(items: Sequence[object]) -> list[str]:
    return [str(getattr(item, "id", "")) for item in items]


def test_series_periods_without_events_before_and_after() -> None:
    ds = dataset()
    everything = evidence_of(ds.events_between("Russia", "Iran")).coded
    for measure in ("count", "goldstein", "quadclass", "tone"):
        frame = ds.event_series("Russia", "Iran", freq="year", measure=measure, start="2010",
                                end="2030")  # fmt: skip
        years = sorted({p.year for p in frame["period"]})
        assert years == list(range(2010, 2031))
        empty = frame[frame["events"] == 0]
        assert set(empty["period"].dt.year) >= {2010, 2014, 2026, 2030}
        if measure == "tone":
            assert empty["value"].isna().all()
        else:
            assert (empty["value"] == 0).all()
        if measure in ("count", "quadclass"):
            assert int(frame["value"].sum()) == len(everything)
    gold = ds.event_series("Russia", "Iran", freq="year", measure="goldstein")
    by_year: dict[int, float] = {}
    for event in everything:
        by_year[event.date.year] = by_year.get(event.date.year, 0.0) + (event.goldstein or 0.0)
    assert list(gold["value"]) == pytest.approx([by_year.get(p.year, 0.0) for p in gold["period"]])


# -- any CAMEO code: cameo= ---------------------------------------------------------------------

CAMEOS = [None, "11", "112", "1124", "04", "042", "19", "195", "0211"]


def both(kind: str | None, cameo: str | None) -> str | None:
    """Brute force: the prefix under both ``kind``'s and ``cameo``'s codes ('-' for none)."""
    prefix = prefix_of(kind)
    if prefix is None or cameo is None:
        return cameo or prefix
    if cameo.startswith(prefix):
        return cameo
    return prefix if prefix.startswith(cameo) else "-"


def cited_under(found: Sequence[ruiran.Event], cameo: str | None) -> list[str]:
    return [e.id for e in found if cameo is None or e.kind.cameo.startswith(cameo)]


@settings(max_examples=60)
@given(
    st.sampled_from(ACTORS),
    st.one_of(st.none(), st.sampled_from(ACTORS)),
    days,
    days,
    st.sampled_from(KINDS),
    st.sampled_from(CAMEOS),
)
def test_cameo_selects_what_a_scan_selects(
    a: str,
    b: str | None,
    start: dt.date | None,
    end: dt.date | None,
    kind: str | None,
    cameo: str | None,
) -> None:
    ds = dataset()
    if (b is not None and ruiran.actor(a).id == ruiran.actor(b).id) or (
        start and end and start > end
    ):
        return
    lo, hi = number(start, 0), number(end, 99_991_231)
    if b is None:
        found = evidence_of(ds.events_involving(a, start=start, end=end, kind=kind, cameo=cameo))
        plain = ruiran.events_involving(a, start=start, end=end, kind=kind)
        want = brute(side(a), None, lo, hi, both(kind, cameo))
    else:
        found = evidence_of(ds.events_between(a, b, start=start, end=end, kind=kind, cameo=cameo))
        plain = ruiran.events_between(a, b, start=start, end=end, kind=kind)
        want = brute(side(a), side(b), lo, hi, both(kind, cameo))
    assert found.coded.ids == want
    assert [e.id for e in found.cited] == cited_under(plain, cameo)


def test_a_full_cameo_code_finds_coded_events_no_kind_names() -> None:
    ds = dataset()
    found = evidence_of(ds.events_between("Russia", "Iran", cameo="1124"))
    assert len(found.coded) > 0
    assert {e.event_code for e in found.coded} == {"1124"}
    assert found.cited == ()  # no cited kind has a code under 1124
    base = evidence_of(ds.events_between("Russia", "Iran", cameo="112"))
    assert set(found.coded.ids) < set(base.coded.ids)
    assert {e.event_code for e in base.coded} == {"112", "1124"}
    series = ds.event_series("Russia", "Iran", freq="year", cameo="1124")
    assert int(series["events"].sum()) == len(found.coded)


def test_bad_cameo_codes_say_what_is_valid() -> None:
    ds = dataset()
    with pytest.raises(QueryError, match=r"'1129' is not a CAMEO event code; under '112' .*'1125'"):
        ds.events_between("Russia", "Iran", cameo="1129")
    with pytest.raises(QueryError, match="given as text, such as '042'"):
        ds.events_involving("Iran", cameo=42)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="a root of two digits"):
        ds.events_involving("Iran", cameo="accuse")
    with pytest.raises(QueryError, match="the roots are '01'"):
        ruiran.events_involving("Iran", cameo="99")  # on cited records alone too
    with pytest.raises(QueryError, match="use cameo='1124'"):
        ds.events_between("Russia", "Iran", kind="1124")
    with pytest.raises(QueryError, match="a root of two digits"):
        ds.event_series("Russia", "Iran", cameo="1")


def test_the_resolved_columns_name_each_row_s_actor() -> None:
    """Actor1Resolved and Actor2Resolved hold, row by row, the actor each country code stands
    for (None for a code that stands for none, or no code), for a dyad's slice, rows of one
    side and every row, and again from the mapping made the first time."""
    store = dataset().coded
    assert store is not None
    selections = {
        "dyad": evidence_of(dataset().events_between("Russia", "Iran")).coded,
        "side": store.select(involving=["IRN"]),
        "every": store.all(),
    }
    for _ in range(2):
        for name, found in selections.items():
            table = found.to_arrow(resolved=True)
            assert table.num_rows == len(found) > 0, name
            for n in (1, 2):
                codes = table.column(f"Actor{n}CountryCode").to_pylist()
                expected = [None if c is None else store.resolve.get(c) for c in codes]
                assert table.column(f"Actor{n}Resolved").to_pylist() == expected, (name, n)
    frame = selections["side"].to_pandas()
    assert {"Actor1Resolved", "Actor2Resolved"} <= set(frame.columns)
    assert "Actor1Resolved" not in selections["side"].to_pandas(resolved=False).columns
    assert "Actor2Resolved" in selections["side"].to_duckdb().columns
    assert "Actor2Resolved" not in selections["side"].to_duckdb(resolved=False).columns


def test_the_reprs_of_a_store_and_a_selection() -> None:
    store = dataset().coded
    assert store is not None
    assert repr(store) == f"<CodedStore of {len(store)} coded events (gdelt)>"
    found = evidence_of(dataset().events_between("Russia", "Iran")).coded
    assert len(found) > 3
    shown = [f"  {found[i]!r}" for i in range(3)]
    assert repr(found) == "\n".join(
        [f"CodedEvents of {len(found)} coded events:", *shown, f"  … {len(found) - 3:,} more"]
    )
    assert repr(found[:3]) == "\n".join(["CodedEvents of 3 coded events:", *shown])
    assert repr(found[:1]) == "\n".join(["CodedEvents of 1 coded event:", shown[0]])
    assert repr(found[:0]) == "CodedEvents of 0 coded events"


def test_a_window_of_one_day_finds_that_day_s_events() -> None:
    """A window whose first and last day are one day, on days with events of Iran and Russia."""
    _, rows = corpus()
    pair_days = sorted({int(row[1]) for row in rows if {row[7], row[17]} == {"IRN", "RUS"}})
    for n in pair_days[:: max(1, len(pair_days) // 4)][:4]:
        day = dt.date(n // 10_000, n // 100 % 100, n % 100)
        want = brute(side("Iran"), side("Russia"), n, n, None)
        assert want  # the day has events
        found = evidence_of(dataset().events_between("Iran", "Russia", start=day, end=day))
        assert found.coded.ids == want
        found = evidence_of(dataset().events_involving("Iran", start=day, end=day))
        assert found.coded.ids == brute(side("Iran"), None, n, n, None)


def test_a_code_the_store_does_not_hold_finds_nothing() -> None:
    store = dataset().coded
    assert store is not None
    assert "IRN" in store.indexes().codes
    for between in ((("IRN",), ("ZZZ",)), (("ZZZ",), ("IRN",)), (("ZZZ",), ("YYY",))):
        assert len(store.select(between=between)) == 0
        assert len(store.select(between=between, directed=True)) == 0
    assert len(store.select(involving=["ZZZ"])) == 0


def test_selections_compare_by_their_events_and_go_to_a_given_duckdb_connection() -> None:
    import duckdb

    found = evidence_of(dataset().events_between("Russia", "Iran")).coded
    assert len(found) > 4
    assert found == found[:]
    assert found != found[:1]
    assert found[:2] != found[1:3]
    assert repr(found[:4]).endswith(f"\n  {found[3 - 1]!r}\n  … 1 more")
    connection = duckdb.connect()
    relation = found.to_duckdb(connection)
    assert relation.aggregate("count(*)").fetchall()[0][0] == len(found)


def test_a_store_of_another_dataset_or_with_nothing_resolved() -> None:
    """Records name the store's dataset; with no code resolved, the resolved columns keep
    their type (strings) and hold only nulls."""
    import pyarrow as pa

    from ruiran.coded.store import CodedStore

    store = dataset().coded
    assert store is not None
    other = CodedStore.build(store.table, {}, "other")
    events = other.all()
    assert events[0].dataset == "other"
    assert events[0].id == f"other:{events.ids[0]}"
    assert next(iter(events)).dataset == "other"
    table = events.to_arrow(resolved=True)
    for name in ("Actor1Resolved", "Actor2Resolved"):
        assert table.schema.field(name).type == pa.dictionary(pa.int32(), pa.string())
        assert table.column(name).null_count == len(events)
    # Every code resolved: a row without a code still resolves to nothing.
    codes = sorted(store.indexes().codes)
    everyone = CodedStore.build(store.table, {c: f"actor-{c}" for c in codes}).all()
    table = everyone.to_arrow(resolved=True)
    for n in (1, 2):
        column = table.column(f"Actor{n}CountryCode").to_pylist()
        assert None in column
        expected = [None if c is None else f"actor-{c}" for c in column]
        assert table.column(f"Actor{n}Resolved").to_pylist() == expected


def test_a_large_store_merged_with_a_small_one_holds_both(tmp_path: Path) -> None:
    """The two stores' text columns are dictionaries of different index widths (over 127
    distinct values in one, a few in the other)."""
    store = dataset().coded
    assert store is not None
    small_file = synthetic_gdelt(tmp_path / "small.tsv", 20, seed=5, first_id=800_000_000)
    small = ruiran.ingest.gdelt([small_file]).coded
    assert small is not None
    merged = store.concat(small)
    assert sorted(merged.all().ids) == sorted(store.all().ids + small.all().ids)


def test_the_store_selects_as_a_scan_with_its_own_defaults() -> None:
    """CodedStore.select called directly: either direction and either actor by default, a
    window over every event, and sides whose codes stand for an actor only for a while."""
    from ruiran.coded.cameo import CountryCode

    store = dataset().coded
    assert store is not None
    iran, russia = [("IRN", 0, 99_991_231)], [("RUS", 0, 99_991_231)]
    assert store.select(between=(("IRN",), ("RUS",))).ids == brute(
        iran, russia, 0, 99_991_231, None
    )
    assert store.select(involving=("IRN",)).ids == brute(iran, None, 0, 99_991_231, None)
    _, rows = corpus()
    days = sorted({int(row[1]) for row in rows})
    lo, hi = days[len(days) // 3], days[2 * len(days) // 3]

    def scan(first: int, last: int) -> list[int]:
        return [
            i for day, i in sorted((int(r[1]), int(r[0])) for r in rows) if first <= day <= last
        ]

    assert store.select(first=lo, last=hi).ids == scan(lo, hi)
    assert store.select(first=lo).ids == scan(lo, 99_991_231)
    assert store.select(last=hi).ids == scan(0, hi)
    assert store.select(first=hi, last=hi).ids == scan(hi, hi)
    # A code standing for Iran only from lo to hi, on either side.
    for_a_while = CountryCode("IRN", "iran", lo, hi)
    for a, b in (([for_a_while], ["RUS"]), (["RUS"], [for_a_while])):
        found = store.select(between=(a, b))
        assert found.ids == brute([("IRN", lo, hi)], russia, 0, 99_991_231, None)


def test_the_first_and_last_codes_the_store_holds_are_found() -> None:
    """The codes sorting first and last (numbered 0 and K - 1 in the indexes), on their own
    and with each other."""
    store = dataset().coded
    assert store is not None
    codes = sorted(store.indexes().codes)
    always = (0, 99_991_231)
    for code in (codes[0], codes[-1]):
        assert store.select(involving=(code,)).ids == brute([(code, *always)], None, *always, None)
    first, last = [(codes[0], *always)], [(codes[-1], *always)]
    found = store.select(between=((codes[0],), (codes[-1],)))
    assert found.ids == brute(first, last, *always, None)


def test_the_coded_queries_never_take_a_dataset() -> None:
    """Issue 21: the coded wing works on its store and on the country codes the Dataset hands
    it; these modules import neither the Dataset nor its queries (not even for types)."""
    import ast
    from pathlib import Path

    package = Path(ruiran.__file__).parent
    forbidden = {"ruiran.dataset", "ruiran.dataset.core"} | {
        f"ruiran.dataset.{name}" for name in ("actors", "agreements", "events", "timeline")
    }
    for name in ("queries", "series", "cameo", "store", "evidence"):
        tree = ast.parse((package / "coded" / f"{name}.py").read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module is not None:
                for alias in node.names:  # `from package import module` imports the module
                    inner = f"{node.module}.{alias.name}"
                    is_module = (package.parent / (inner.replace(".", "/") + ".py")).exists()
                    imported.add(inner if is_module else node.module)
        assert not imported & forbidden, f"ruiran.coded.{name} imports {imported & forbidden}"
