"""Offices: who held which office of a state on a date, and the offices a person held.

Questions answered from the bundled people in office (issue 23), whose answers were settled
against the shipped excerpts; properties of ``offices()`` against a brute-force scan of every
person's positions on generated datasets; the coverage statements of kind ``office`` (each
claims no day of its period without a holder); the ``ruiran offices`` command.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import ruiran
from ruiran import Dataset, Office, Person, QueryError
from ruiran.cli import cli
from ruiran.dataset.coverage import on_offices
from ruiran.model import Citation, Period, Position, Source, State
from ruiran.model.coverage import Coverage, Statement
from ruiran.testing import datasets

# -- the questions of issue 23, on the bundled data ---------------------------------------------


def held(found: Iterable[Office]) -> list[tuple[str, str, bool]]:
    return [(o.title, o.holder, o.acting) for o in found]


def test_who_held_irans_offices_on_1_june_2012(bundled: Dataset) -> None:
    found = bundled.offices("Iran", on="2012-06-01")
    assert held(found) == [
        ("Supreme Leader", "ali-khamenei", False),
        ("President", "mahmoud-ahmadinejad", False),
        ("Defence Minister", "ahmad-vahidi", False),
        ("Foreign Minister", "ali-akbar-salehi", False),
    ]
    assert all(isinstance(o, Office) and isinstance(o, Position) for o in found)
    assert {o.of for o in found} == {"iran"}
    # Iran has other offices (ministers of roads, ...): asked for all, the answer says so
    assert found.gaps == (
        "offices of Iran are covered only for the titles Defence Minister, Foreign Minister, "
        "President, Supreme Leader",
    )


def test_the_face_answers_the_issues_question() -> None:
    found = ruiran.offices("Iran", on="2012-06-01", title="president")
    assert held(found) == [("President", "mahmoud-ahmadinejad", False)]
    assert found.complete
    assert [o.holder for o in ruiran.offices("Iran", on="2012-06-01", title="Supreme Leader")] == [
        "ali-khamenei"
    ]


@pytest.mark.parametrize(
    ("state", "on", "title", "expected"),
    [
        # Raisi died on 19 May 2024; Mokhber acted from 20 May until Pezeshkian (July 2024)
        ("Iran", "2024-06-01", "President", [("President", "mohammad-mokhber", True)]),
        ("Iran", "2024-05-19", "President", [("President", "ebrahim-raisi", False)]),
        # Salehi was acting foreign minister from 13 December 2010 until his approval
        (
            "Iran",
            "2011-01",
            "Foreign Minister",
            [
                ("Foreign Minister", "ali-akbar-salehi", True),
                ("Foreign Minister", "ali-akbar-salehi", False),
            ],
        ),
        # the day of a handover counts for both holders
        (
            "Russia",
            "1999-12-31",
            "President",
            [
                ("President", "boris-yeltsin", False),
                ("President", "vladimir-putin", True),
            ],
        ),
        ("Russia", "1992-09", "Prime Minister", [("Prime Minister", "yegor-gaidar", True)]),
        ("Russia", "2012-06-01", "Prime Minister", [("Prime Minister", "dmitry-medvedev", False)]),
        ("Russia", "2010", "Defence Minister", [("Defence Minister", "anatoly-serdyukov", False)]),
        (
            "Russia",
            "1997-01-01",
            "Foreign Minister",
            [
                ("Foreign Minister", "yevgeny-primakov", False),
            ],
        ),
        ("Iran", "2015", "Defence Minister", [("Defence Minister", "hossein-dehghan", False)]),
    ],
)
def test_holders_on_a_date(
    bundled: Dataset, state: str, on: str, title: str, expected: list[tuple[str, str, bool]]
) -> None:
    found = bundled.offices(state, on=on, title=title)
    assert held(found) == expected
    assert found.complete, found.gaps


def test_the_presidents_of_iran_in_order(bundled: Dataset) -> None:
    found = bundled.offices("Iran", title="President")
    assert [o.holder for o in found] == [
        "akbar-hashemi-rafsanjani",
        "mohammad-khatami",
        "mahmoud-ahmadinejad",
        "hassan-rouhani",
        "ebrahim-raisi",
        "mohammad-mokhber",
        "masoud-pezeshkian",
    ]
    # asked without a date: everything before 1991 is a gap
    assert found.gaps == ("offices of Iran titled 'President' before 1991-01-01 are not covered",)


def test_a_persons_offices_keep_their_order_and_say_they_are_not_covered(
    bundled: Dataset,
) -> None:
    found = bundled.offices("Putin")
    assert [(o.title, str(o.period), o.acting) for o in found] == [
        ("Prime Minister", "1999-08/2000-05", False),
        ("President", "1999-12-31/2000-05-07", True),
        ("President", "2000-05-07/2008-05-07", False),
        ("Prime Minister", "2008-05-08/2012-05-07", False),
        ("President", "2012-05-07/..", False),
    ]
    assert {o.holder for o in found} == {"vladimir-putin"}
    assert found.gaps == ("offices held by Vladimir Putin are not covered",)


def test_nothing_after_the_as_of_date(bundled: Dataset) -> None:
    found = bundled.offices("Russia", on="2030", title="President")
    assert len(found) == 0
    assert found.gaps == ("the data runs to 2025-12-15",)


def test_every_covered_office_has_a_holder_on_every_day(bundled: Dataset) -> None:
    """Each coverage statement of kind office claims every holder of its titles in its period:
    no day of the period (to the as-of date) may be without one."""
    coverage = bundled.coverage
    assert coverage is not None
    statements = [s for s in coverage.covers if s.kind == "office"]
    assert {(p, t) for s in statements for p in s.parties for t in s.titles} == {
        ("iran", t) for t in ("Supreme Leader", "President", "Foreign Minister", "Defence Minister")
    } | {
        ("russia", t)
        for t in ("President", "Prime Minister", "Foreign Minister", "Defence Minister")
    }
    for statement in statements:
        for party in statement.parties:
            for title in statement.titles:
                spans = sorted(
                    (o.period.earliest, o.period.latest)
                    for o in bundled.offices(party, title=title)
                    if o.period is not None
                )
                day = statement.period.earliest
                last = min(statement.period.latest, coverage.as_of)
                for start, end in spans:
                    if start > day:
                        break
                    day = max(day, end + dt.timedelta(days=1) if end < dt.date.max else end)
                assert day > last, f"{party} {title}: no holder on {day} ({statement.period})"


def test_every_position_of_a_covered_office_is_dated_and_cited(bundled: Dataset) -> None:
    for state in ("iran", "russia"):
        for title in ("Supreme Leader", "President", "Prime Minister", "Foreign Minister"):
            for office in bundled.offices(state, title=title):
                assert office.period is not None, office
                person = bundled[office.holder]
                assert isinstance(person, Person)
                assert any("positions" in c.supports for c in person.citations), person.id


def test_a_title_must_be_text(bundled: Dataset) -> None:
    with pytest.raises(QueryError, match=r"^'title' must be an office's title"):
        bundled.offices("Iran", title="  ")


# -- properties, on generated datasets ------------------------------------------------------------


def _meets(period: Period, window: tuple[dt.date, dt.date]) -> bool:
    return period.earliest <= window[1] and window[0] <= period.latest


@given(datasets(), st.data())
def test_offices_of_an_actor_are_every_position_naming_it(
    records: list[ruiran.model.AnyRecord], data: st.DataObject
) -> None:
    ds = Dataset(records)
    actor = data.draw(st.sampled_from([r.id for r in ds.actors]))
    year = data.draw(st.none() | st.integers(1900, 2100))
    on = None if year is None else str(year)
    window = None if year is None else (dt.date(year, 1, 1), dt.date(year, 12, 31))
    found = ds.offices(actor, on=on)
    if isinstance(ds[actor], Person):
        person = ds[actor]
        assert isinstance(person, Person)
        expected = [
            (person.id, p.title, p.period, p.acting)
            for p in person.positions
            if window is None or (p.period is not None and _meets(p.period, window))
        ]
    else:
        expected = sorted(
            (
                (person.id, p.title, p.period, p.acting)
                for person in ds.actors
                if isinstance(person, Person)
                for p in person.positions
                if p.of == actor
                and (window is None or (p.period is not None and _meets(p.period, window)))
            ),
            key=lambda row: (
                row[2] is None,
                row[2].earliest if row[2] else dt.date.max,
                row[2].latest if row[2] else dt.date.max,
                row[1],
                row[0],
            ),
        )
    assert [(o.holder, o.title, o.period, o.acting) for o in found] == expected
    # a holder holds an office only within its period
    for office in found:
        assert window is None or (office.period is not None and _meets(office.period, window))


@given(datasets(), st.data())
def test_undated_offices_follow_the_dated_ones_only_when_asked(
    records: list[ruiran.model.AnyRecord], data: st.DataObject
) -> None:
    ds = Dataset(records)
    actor = data.draw(st.sampled_from([r.id for r in ds.actors]))
    dated = ds.offices(actor, on="2000")
    both = ds.offices(actor, on="2000", include_undated=True)
    assert tuple(both[: len(dated)]) == tuple(dated)
    assert all(o.period is None for o in both[len(dated) :])
    assert len(both) - len(dated) == sum(1 for o in ds.offices(actor) if o.period is None)


# -- coverage of offices --------------------------------------------------------------------------


CITE = (Citation(source="s", quote="q"),)


def _tiny(coverage: Coverage | None) -> Dataset:
    return Dataset(
        [
            Source(id="s", title="S", kind="other"),  # type: ignore[arg-type]
            State(id="iran", name="Iran", citations=CITE),
            Person(
                id="p",
                name="P",
                positions=(
                    Position(title="President", of="iran", period=Period.parse("2000/2010")),
                ),
                citations=CITE,
            ),
        ],
        coverage=coverage,
    )


def test_office_gaps_name_what_is_not_covered() -> None:
    covered = Coverage(
        as_of=dt.date(2020, 1, 1),
        covers=(
            Statement(
                kind="office",
                parties=("iran",),
                titles=("President",),
                period=Period.parse("2000/.."),
            ),
        ),
    )
    ds = _tiny(covered)
    index = ds._index
    assert on_offices(index, covered, "iran", "president", (dt.date(2005, 1, 1),) * 2) == ()
    assert on_offices(index, covered, "iran", "Foreign Minister", None) == (
        "offices of Iran titled 'Foreign Minister' are not covered",
    )
    assert ds.offices("iran", on="1999", title="President").gaps == (
        "offices of Iran titled 'President' from 1999-01-01 to 1999-12-31 are not covered",
    )
    assert ds.offices("p").gaps == ("offices held by P are not covered",)
    assert _tiny(None).offices("iran").gaps == (
        "the dataset states no coverage (no coverage file): no answer is known complete",
    )


def test_titles_belong_to_office_statements_only() -> None:
    with pytest.raises(ValidationError, match="'titles' is for offices; a sanction's statement"):
        Statement(kind="sanction", titles=("President",), period=Period.parse("2000/.."))
    with pytest.raises(ValidationError, match="'senders' and 'targets' are for sanctions"):
        Statement(kind="office", senders=("iran",), period=Period.parse("2000/.."))


# -- the command line -----------------------------------------------------------------------------


def test_the_offices_command() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["offices", "Iran", "--on", "2012-06-01"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["PERIOD", "OFFICE", "OF", "HOLDER"]
    assert "Mahmoud Ahmadinejad" in lines[2]
    assert "President" in lines[2]
    assert "note: offices of Iran are covered only for the titles" in result.stderr

    result = runner.invoke(cli, ["offices", "Iran", "--on", "2024-06", "--title", "President"])
    assert result.exit_code == 0, result.output
    assert "President (acting)" in result.stdout
    assert "Mohammad Mokhber" in result.stdout
    assert result.stderr == ""

    result = runner.invoke(cli, ["offices", "Russia", "--title", "Defence Minister", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "title": "Defence Minister",
        "of": "russia",
        "period": "1992-05-18/1996-06-18",
        "acting": False,
        "holder": "pavel-grachev",
    }
    assert rows[-1]["holder"] == "andrei-belousov"


def test_the_offices_command_refuses_what_it_cannot_answer() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["offices", "Narnia"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error:")
    result = runner.invoke(cli, ["offices", "Iran", "--on", "last Friday"])
    assert result.exit_code == 2
