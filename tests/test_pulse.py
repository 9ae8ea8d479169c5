"""The relationship's pulse (issue 25): one row per year from every kind of evidence.

Each column is held against the question it stands for, asked directly (events_between,
timeline, sanctions_on, event_series, votes.agreement); then the missing parts (no coded
events, no votes extra) and the ``ruiran pulse`` command.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

import ruiran
from ruiran import Dataset, Event, Period, QueryError
from ruiran.cli import cli
from ruiran.errors import MissingExtraError
from ruiran.model.coverage import Statement
from ruiran.overview import COLUMNS, MEETING_KINDS, pulse
from ruiran.testing import synthetic_gdelt


@pytest.fixture(scope="module")
def frame() -> object:
    return ruiran.pulse("Russia", "Iran", start="2000", end="2025")


def test_one_row_per_year_with_the_columns_in_order(frame: object) -> None:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    assert tuple(frame.columns) == COLUMNS
    assert frame["year"].tolist() == list(range(2000, 2026))
    assert str(frame["meetings"].dtype) == "Int64"  # missing where the data cannot give it
    assert str(frame["coded_events"].dtype) == "Int64"
    assert frame.attrs["a"] == "russia"
    assert frame.attrs["b"] == "iran"
    assert frame.attrs["by"] == "year"
    assert frame.attrs["as_of"] == ruiran.DATA_AS_OF.isoformat()
    assert frame.attrs["complete"] is (not frame.attrs["gaps"])


def test_meetings_are_the_cited_meetings_counted_by_year(frame: object, bundled: Dataset) -> None:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    found = bundled.events_between("Russia", "Iran", start="2000", end="2025")
    meetings = [e for e in found if e.kind in MEETING_KINDS and e.date is not None]
    counted = {i for ids in frame["meeting_ids"] for i in ids}
    for year, count, ids in zip(
        frame["year"], frame["meetings"], frame["meeting_ids"], strict=True
    ):
        assert count == len(ids)
        assert all(bundled[i].date.earliest.year == year for i in ids)  # type: ignore[union-attr]
    # every meeting is counted, or is on the margin of one counted (one occasion, once) ...
    for e in meetings:
        assert e.id in counted or _occasion(bundled, e.id) & counted, e.id
    # ... and no occasion is counted twice
    for i in counted:
        assert not {m.id for m in bundled.margins(i)} & counted, i


def _occasion(ds: Dataset, first: str) -> set[str]:
    """The meetings tied to ``first`` by margins, either way (its occasion)."""
    seen, todo = {first}, [first]
    while todo:
        e = ds[todo.pop()]
        assert isinstance(e, Event)
        near = {m.id for m in ds.margins(e)} | {
            r for r in e.related if isinstance(ds.get(r), Event) and e in ds.margins(r)
        }
        todo += sorted(near - seen)
        seen |= near
    return seen


@pytest.mark.parametrize(
    ("year", "counted", "beside"),
    [
        # a state visit counts, not the meeting with the Supreme Leader during it
        (2018, "putin-visit-tehran-2018", "putin-khamenei-tehran-2018"),
        # a summit's bilateral talks count, not the summit
        (2024, "putin-pezeshkian-kazan-meeting", "brics-summit-kazan-2024"),
        # a summit hosted by a body of states counts through the talks beside it
        (2005, "putin-ahmadinejad-un-summit-meeting-2005", "un-world-summit-2005"),
        # a president's visit counts, not the prime minister's meeting during it
        (2025, "pezeshkian-visit-moscow-2025", "mishustin-pezeshkian-moscow-2025"),
    ],
)
def test_an_occasion_counts_once_by_its_main_meeting(
    frame: object, year: int, counted: str, beside: str
) -> None:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    ids = frame[frame["year"] == year].iloc[0]["meeting_ids"]
    assert counted in ids
    assert beside not in ids


def test_a_later_meeting_naming_an_earlier_one_counts_too(frame: object) -> None:
    # Shamkhani's October 2001 visit names Khatami's state visit of March: two occasions
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    ids = frame[frame["year"] == 2001].iloc[0]["meeting_ids"]
    assert {"khatami-visit-moscow-2001", "shamkhani-visit-moscow-2001"} <= set(ids)


def test_meetings_naming_each_other_count_once(bundled: Dataset) -> None:
    visit, talks = bundled["putin-visit-tehran-2018"], bundled["putin-khamenei-tehran-2018"]
    assert isinstance(visit, Event)
    assert isinstance(talks, Event)
    both = visit.model_copy(update={"related": (*visit.related, talks.id)})
    ds = Dataset([r if r.id != visit.id else both for r in bundled])
    found = pulse("Russia", "Iran", start="2018-09", end="2018-09", dataset=ds)
    ids = list(found["meeting_ids"][0])
    assert len({visit.id, talks.id} & set(ids)) == 1


def test_a_meeting_of_persons_alone_counts(bundled: Dataset) -> None:
    talks = bundled["putin-pezeshkian-kazan-meeting"]
    assert isinstance(talks, Event)
    alone = talks.model_copy(
        update={
            "participants": tuple(
                p for p in talks.participants if p.actor not in ("russia", "iran")
            ),
            "related": (),
        }
    )
    ds = Dataset([r if r.id != alone.id else alone for r in bundled])
    found = pulse("Russia", "Iran", start="2024", end="2024", dataset=ds)
    # with no margin talks named, the summit counts too, and so do the talks of the two leaders
    assert {"brics-summit-kazan-2024", alone.id} <= set(found["meeting_ids"][0])


def _researched_more(bundled: Dataset) -> Dataset:
    """The bundled data with the agreements between Russia and Iran researched from 1992 and
    the sanctions on Russia from 2014 (statements for the test, not the data's)."""
    assert bundled.coverage is not None
    more = (
        Statement(
            kind="agreement", parties=("russia", "iran"), extent="researched",
            period=Period.parse("1992/.."), note="test: agreements searched",
        ),
        Statement(
            kind="sanction", targets=("russia",), extent="researched",
            period=Period.parse("2014/.."), note="test: sanctions on Russia searched",
        ),
    )  # fmt: skip
    coverage = bundled.coverage.model_copy(update={"covers": (*bundled.coverage.covers, *more)})
    return Dataset(list(bundled), coverage=coverage)


def test_milestones_and_sanctions_follow_their_queries(bundled: Dataset) -> None:
    ds = _researched_more(bundled)
    frame = pulse("Russia", "Iran", start="2000", end="2025", dataset=ds)
    steps = [
        e
        for e in ds.timeline("Russia", "Iran", start="2000", end="2025")
        if e.milestone is not None
    ]
    for row in frame.itertuples(index=False):
        year = row.year
        assert row.milestones == len([e for e in steps if e.when.earliest.year == year])
        if year >= 2014:
            assert row.sanctions_on_a == len(ds.sanctions_on("Russia", on=str(year)))
        assert row.sanctions_on_b == len(ds.sanctions_on("Iran", on=str(year)))
    names = frame[frame["year"] == 2001].iloc[0]["milestone_names"]
    assert names == (
        "Treaty on the Basis for Mutual Relations and the Principles of Cooperation between "
        "Russia and Iran (2001): signed",
    )


def test_un_voting_agreement_where_the_votes_reach(frame: object) -> None:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    votes = ruiran.votes.agreement("Russia", "Iran", by="year", start="2000", end="2025")
    shares = dict(zip(votes["year"], votes["agreement"], strict=True))
    for row in frame.itertuples(index=False):
        if row.year in shares:
            assert row.un_agreement == pytest.approx(shares[row.year])
        else:  # the votes data ends in 2019
            assert row.year > 2019
            assert math.isnan(row.un_agreement)
            assert row.un_votes is pd.NA
    assert any("UN votes data runs" in gap for gap in frame.attrs["gaps"])


def test_without_coded_events_the_gdelt_columns_are_missing_and_said(frame: object) -> None:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    assert frame["coded_events"].isna().all()
    assert frame["goldstein_mean"].isna().all()
    assert any("no coded events (GDELT)" in gap for gap in frame.attrs["gaps"])
    assert frame.attrs["complete"] is False


def test_with_coded_events_the_gdelt_columns_follow_the_series(tmp_path: Path) -> None:
    path = synthetic_gdelt(tmp_path / "events.tsv", 3000, seed=5)
    ds = ruiran.ingest.gdelt(path, between=("Russia", "Iran"))
    found = pulse("Russia", "Iran", start="2015", end="2018", dataset=ds)
    assert not any("GDELT" in gap for gap in found.attrs["gaps"])
    quads = ds.event_series(
        "Russia", "Iran", freq="year", measure="quadclass", start="2015", end="2018"
    )
    means = ds.event_series(
        "Russia", "Iran", freq="year", measure="goldstein_mean", start="2015", end="2018"
    )
    for row in found.itertuples(index=False):
        mine = quads[quads["period"].dt.year == row.year]
        cooperation = mine[mine["measure"].str.endswith("_cooperation")]["value"].sum()
        conflict = mine[mine["measure"].str.endswith("_conflict")]["value"].sum()
        assert (row.cooperation, row.conflict) == (cooperation, conflict)
        assert row.coded_events == cooperation + conflict
        mean = means[means["period"].dt.year == row.year]["value"].iloc[0]
        assert row.goldstein_mean == pytest.approx(mean, nan_ok=True)
    assert found["coded_events"].sum() > 0


def test_without_the_votes_extra_the_columns_are_missing_and_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(*args: object, **kwargs: object) -> None:
        raise MissingExtraError("pyarrow", "parquet")

    monkeypatch.setattr(ruiran.votes, "agreement", missing)
    found = ruiran.pulse("Russia", "Iran", start="2010", end="2011")
    assert found["un_agreement"].isna().all()
    assert found["un_votes"].isna().all()
    assert any(
        "UN voting agreement is left out" in gap and "ruiran[parquet]" in gap
        for gap in found.attrs["gaps"]
    )


def test_the_window_and_its_errors() -> None:
    assert ruiran.pulse("Russia", "Iran", start="2019-06", end="2020")["year"].tolist() == [
        2019,
        2020,
    ]
    with pytest.raises(QueryError, match=r"'by' must be one of \['year'\] \(got 'month'\)"):
        ruiran.pulse("Russia", "Iran", by="month")
    with pytest.raises(QueryError, match="two different actors"):
        ruiran.pulse("Iran", "IRN")
    with pytest.raises(QueryError):
        ruiran.pulse("Russia", "Iran", start="2020", end="2019")
    with pytest.raises(ruiran.UnknownActorError):
        ruiran.pulse("Russia", "Atlantis")


def test_the_default_window_runs_from_the_first_meeting_or_milestone_to_the_as_of_year(
    bundled: Dataset,
) -> None:
    found = ruiran.pulse("Russia", "Iran")
    first = min(
        [e.when.earliest.year for e in bundled.timeline("Russia", "Iran") if e.milestone]
        + [
            e.date.earliest.year
            for e in bundled.events_between("Russia", "Iran")
            if e.kind in MEETING_KINDS and e.date is not None
        ]
    )
    assert found["year"].iloc[0] == first
    assert found["year"].iloc[-1] == ruiran.DATA_AS_OF.year


def test_the_command_prints_a_table_and_json() -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["pulse", "Russia", "Iran", "--by", "year", "--from", "2023"])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["YEAR", "MEET", "GDELT"]
    assert [line.split()[0] for line in lines[1:]] == ["2023", "2024", "2025*"]
    assert "note: * 2025 is counted to 2025-12-15, the data's as-of date" in done.stderr
    assert "note: the dataset holds no coded events (GDELT)" in done.stderr
    done = runner.invoke(
        cli, ["pulse", "Russia", "Iran", "--from", "2024", "--to", "2024", "--json"]
    )
    assert done.exit_code == 0, done.output
    printed = json.loads(done.stdout)
    assert list(printed) == ["complete", "gaps", "as_of", "a", "b", "partial", "records"]
    assert printed["partial"] == []
    assert printed["complete"] is (not printed["gaps"])
    (row,) = printed["records"]
    assert list(row) == list(COLUMNS)
    assert "putin-pezeshkian-kazan-meeting" in row["meeting_ids"]
    assert row["coded_events"] is None
    assert row["un_agreement"] is None
    bad = runner.invoke(cli, ["pulse", "Russia", "Iran", "--by", "decade"])
    assert bad.exit_code == 2


def test_the_talks_name_the_occasion_even_when_the_host_joins_or_a_person_is_asked() -> None:
    # Nazarbayev joined Medvedev and Ahmadinejad's talks on the SCO summit's margin (2011): the
    # talks, with one state beside the pair, name the occasion, not the summit of many
    found = pulse("Russia", "Iran", start="2011", end="2011")
    ids = set(found["meeting_ids"][0])
    assert "medvedev-ahmadinejad-astana-meeting-2011" in ids
    assert "sco-summit-astana-2011" not in ids
    # asked about a person, the states a person acts for are of the pair's side
    found = pulse("Vladimir Putin", "Iran", start="2015", end="2015")
    ids = set(found["meeting_ids"][0])
    assert "putin-rouhani-ufa-2015" in ids
    assert "sco-summit-ufa-2015" not in ids


# -- what the data cannot give is missing, never 0 ---------------------------------------------


def test_meetings_before_the_coverage_statement_are_missing_not_zero() -> None:
    import pandas as pd

    found = pulse("Russia", "Iran", start="1992", end="2001")
    by_year = dict(zip(found["year"], found["meetings"], strict=True))
    # the statement on the two's meetings starts in 2000: nobody looked before
    assert all(by_year[year] is pd.NA for year in range(1992, 2000))
    assert by_year[2000] >= 1
    assert (
        "events between Russia and Iran from 1992-01-01 to 1999-12-31 are not covered"
        in (found.attrs["gaps"])
    )
    # the sanctions on Iran are known there (the US statement runs from 1979)
    assert found["sanctions_on_b"].notna().all()
    # a pair no statement on meetings holds: no year of it is known
    china = pulse("Russia", "China", start="2020", end="2021")
    assert china["meetings"].isna().all()
    assert china["meeting_ids"][0]  # what is held is still named


def test_every_cited_column_after_the_as_of_date_is_missing_not_zero() -> None:
    import pandas as pd

    found = pulse("Russia", "Iran", start="2025", end="2030")
    assert found.attrs["as_of"] == "2025-12-15"
    later = found[found["year"] > 2025]
    assert len(later) == 5
    for column in ("meetings", "milestones", "sanctions_on_a", "sanctions_on_b", "un_votes"):
        assert later[column].isna().all(), column
    assert any(gap == "the data runs to 2025-12-15" for gap in found.attrs["gaps"])
    # the year the as-of date cuts counts what the data holds to that day, and says so
    first = found.iloc[0]
    assert first["year"] == 2025
    assert first["meetings"] is not pd.NA
    assert first["sanctions_on_b"] > 0
    assert found.attrs["partial"] == (2025,)
    assert pulse("Russia", "Iran", start="2020", end="2024").attrs["partial"] == ()


def test_the_command_prints_a_dash_where_the_data_cannot_give() -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["pulse", "Russia", "Iran", "--from", "1998", "--to", "1999"])
    assert done.exit_code == 0, done.output
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    assert [row[:2] for row in rows] == [["1998", "-"], ["1999", "-"]]
    done = runner.invoke(cli, ["pulse", "Russia", "Iran", "--from", "2030"])
    assert done.exit_code == 0, done.output
    (row,) = [line.split() for line in done.stdout.splitlines()[1:]]
    assert row == ["2030", *["-"] * 10]
    done = runner.invoke(cli, ["pulse", "Russia", "Iran", "--from", "2030", "--json"])
    (record,) = json.loads(done.stdout)["records"]
    assert record["meetings"] is None
    assert record["sanctions_on_b"] is None


def test_the_gdelt_columns_are_missing_where_the_coded_events_do_not_reach(
    tmp_path: Path,
) -> None:
    path = synthetic_gdelt(tmp_path / "events.tsv", 3000, seed=5)
    ds = ruiran.ingest.gdelt(path, between=("Russia", "Iran"))
    days = ds.coded.indexes().sqldate  # type: ignore[union-attr]
    first, last = int(days.min()) // 10000, int(days.max()) // 10000
    found = pulse("Russia", "Iran", start=str(first - 1), end=str(last + 1), dataset=ds)
    outside = found[(found["year"] < first) | (found["year"] > last)]
    assert len(outside) == 2
    for column in ("coded_events", "cooperation", "conflict", "goldstein_mean"):
        assert outside[column].isna().all(), column
    inside = found[(found["year"] >= first) & (found["year"] <= last)]
    assert inside["coded_events"].notna().all()


# -- one rule for every cited column; whole years (verify23b, item 2) ---------------------------


def test_a_cited_column_no_statement_reaches_is_missing_not_zero(bundled: Dataset) -> None:
    import pandas as pd

    # no statement covers the agreements between Russia and Iran, nor sanctions on Russia
    # before 2014 (the US's and the EU's are researched from 2014-03-06): nobody is said to
    # have looked, so a count of 0 would claim what is not known
    found = pulse("Russia", "Iran", start="1995", end="2025")
    assert found["milestones"].isna().all()
    on_russia = found.set_index("year")["sanctions_on_a"]
    assert on_russia.loc[:2013].isna().all()
    assert on_russia.loc[2014:].notna().all()
    assert on_russia.loc[2014] == 4
    assert found.set_index("year").loc[2001, "milestone_names"]  # what is held is still named
    assert "agreements between Russia and Iran are not covered" in found.attrs["gaps"]
    assert (
        "sanctions on Russia are researched, not complete, only when sent by European Union "
        "(from 2014-03-06) or United States (from 2014-03-06)"
    ) in found.attrs["gaps"]
    assert any(
        gap.startswith("sanctions sent by United States or European Union on Russia from "
                       "2014-03-06 are researched, not complete: ")
        for gap in found.attrs["gaps"]
    )  # fmt: skip
    # researched statements make them counts, from their periods on, and name the research
    ds = _researched_more(bundled)
    more = pulse("Russia", "Iran", start="1990", end="2025", dataset=ds).set_index("year")
    assert more.loc[1991, "milestones"] is pd.NA
    assert more.loc[1993, "milestones"] == 0
    assert more.loc[2001, "milestones"] == 1
    assert more.loc[2013, "sanctions_on_a"] is pd.NA
    assert more.loc[2014, "sanctions_on_a"] >= 1
    gaps = more.attrs["gaps"]
    assert any("on Russia from 2014 are researched, not complete: test" in gap for gap in gaps)
    assert any("between Russia and Iran from 1992 are researched" in gap for gap in gaps)


@pytest.mark.parametrize(
    ("start", "end"),
    [("2025-06", "2025-07"), ("2025-12-01", None), ("2025-12-16", None), ("2025", "2025-01-31")],
)
def test_start_and_end_choose_years_and_each_row_counts_its_whole_year(
    start: str, end: str | None
) -> None:
    whole = pulse("Russia", "Iran", start="2025", end="2025")
    found = pulse("Russia", "Iran", start=start, end=end)
    assert found["year"].tolist() == [2025]
    assert found["meeting_ids"].tolist() == whole["meeting_ids"].tolist()
    assert found["meetings"].tolist() == whole["meetings"].tolist()
    assert found["meetings"][0] >= 10
    assert found.attrs["partial"] == (2025,)  # the as-of date cuts it


def test_a_window_across_new_year_counts_both_years_whole() -> None:
    across = pulse("Russia", "Iran", start="2019-12-01", end="2020-01-31")
    whole = pulse("Russia", "Iran", start="2019", end="2020")
    columns = ["year", "meetings", "un_votes", "sanctions_on_b"]
    assert across[columns].values.tolist() == whole[columns].values.tolist()
    assert across["meeting_ids"].tolist() == whole["meeting_ids"].tolist()
    assert across.attrs["partial"] == ()


def test_the_command_from_a_day_after_as_of_shows_the_partial_year_whole() -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["pulse", "Russia", "Iran", "--from", "2025-12-16"])
    assert done.exit_code == 0, done.output
    (row,) = [dict(zip(*[line.split() for line in done.stdout.splitlines()[0:2]], strict=True))]
    assert row["YEAR"] == "2025*"
    assert int(row["MEET"]) >= 10
    assert row["STEPS"] == "-"
    assert row["SANC_A"] == "7"  # the US's and the EU's regimes on Russia, researched
    assert "whole" in runner.invoke(cli, ["pulse", "--help"]).stdout


# -- what is held, beside what is counted (pulse3) ----------------------------------------------


def test_the_held_lists_name_what_the_data_holds_where_the_counts_are_missing() -> None:
    # Issue 25 puts the meetings "beside the agreements' milestones and the sanctions regimes":
    # where no statement lets a year be counted, the table still names what is held.
    import pandas as pd

    frame = pulse("Russia", "Iran", start="2021", end="2026").set_index("year")
    assert frame.loc[2025, "milestones"] is pd.NA
    assert frame.loc[2025, "milestone_names"] == (
        "Russia–Iran Comprehensive Strategic Partnership Treaty: signed",
        "Russia–Iran Comprehensive Strategic Partnership Treaty: Russia ratified",
        "EAEU–Iran Free Trade Agreement: in force",
        "Russia–Iran Comprehensive Strategic Partnership Treaty: Iran ratified",
        "Russia–Iran Comprehensive Strategic Partnership Treaty: in force",
    )
    assert frame.loc[2022, "sanctions_on_a"] == 7  # counted: researched from 2014
    assert frame.loc[2022, "sanctions_held_on_a"] == (
        "us-ukraine-related-sanctions-on-russia",
        "eu-listings-over-ukraine-territorial-integrity",
        "eu-sanctions-over-annexation-of-crimea-and-sevastopol",
        "eu-economic-sanctions-on-russia",
        "us-caatsa-sanctions-on-russia",
        "us-harmful-foreign-activities-sanctions-on-russia",
        "us-sanctions-on-russia-over-2022-invasion",
    )
    assert "us-sanctions-on-russia-over-2022-invasion" not in frame.loc[2021, "sanctions_held_on_a"]
    # where a year is counted, its list is what it counts
    for year in range(2021, 2026):
        assert len(frame.loc[year, "sanctions_held_on_a"]) == frame.loc[year, "sanctions_on_a"]
        assert len(frame.loc[year, "sanctions_held_on_b"]) == frame.loc[year, "sanctions_on_b"]
    ds = ruiran.load()
    assert frame.loc[2024, "sanctions_held_on_b"] == tuple(
        s.id for s in ds.sanctions_on("Iran", on="2024")
    )
    # after the as-of date nothing is held
    assert frame.loc[2026, "sanctions_held_on_a"] == ()
    assert frame.loc[2026, "sanctions_held_on_b"] == ()


def test_the_command_json_names_the_regimes_held() -> None:
    done = CliRunner().invoke(
        cli, ["pulse", "Russia", "Iran", "--from", "2022", "--to", "2022", "--json"]
    )
    assert done.exit_code == 0, done.output
    (row,) = json.loads(done.stdout)["records"]
    assert row["sanctions_on_a"] == len(row["sanctions_held_on_a"]) == 7
    assert "us-sanctions-on-russia-over-2022-invasion" in row["sanctions_held_on_a"]
    assert row["sanctions_on_b"] == len(row["sanctions_held_on_b"])
    table = CliRunner().invoke(cli, ["pulse", "Russia", "Iran", "--from", "2022", "--to", "2022"])
    assert "us-" not in table.stdout  # the lists stay in --json
