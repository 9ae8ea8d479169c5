"""Reading a Dataverse votes file (ruiran.votes.read_votes): the same figures as the bundled
votes for the same rows, and hostile files refused with their file, line and column."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

from ruiran import votes
from ruiran.votes import VotesFileError, read_votes

#: The Dataverse layout's columns, in the order of its codebook.
HEADER = ["rcid", "ccode", "member", "vote", "Country", "Countryname", "year", "session",
          "date", "unres", "amend", "para", "short", "descr", "importantvote",
          "me", "nu", "di", "hr", "co", "ec"]  # fmt: skip
#: The seats written: (name, COW code, three-letter abbreviation, the bundled actor).
SEATS = [("Russia", 365, "RUS"), ("Iran", 630, "IRN"), ("China", 710, "CHN")]


def _write(path: Path, start: str, end: str, absent: bool = True) -> Path:
    """The bundled votes of three states from ``start`` to ``end``, in the Dataverse layout;
    with ``absent``, a roll call a state has no row in is written as 8 (absent)."""
    calls = {c.rcid: c for c in votes.roll_calls(start=start, end=end)}
    rows = []
    for name, cow, abbr in SEATS:
        cast = votes.votes_of(name, start=start, end=end).set_index("rcid")["vote"]
        for rcid, call in calls.items():
            vote = int(cast[rcid]) if rcid in cast.index else (8 if absent else None)
            if vote is None:
                continue
            rows.append([
                rcid, cow, 1, vote, abbr, name, call.date.year, call.session,
                call.date.isoformat(), call.resolution or "", int(bool(call.amendment)),
                int(bool(call.paragraph)), call.short_title or "", call.description,
                "" if call.important is None else int(call.important),
                *(int(code in call.issues) for code in votes.ISSUES),
            ])  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def dataverse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("dv") / "UNVotes.csv", "2015", "2019")


@pytest.mark.parametrize("by", [None, "year", "issue"])
@pytest.mark.parametrize(("a", "b"), [("Russia", "Iran"), ("Iran", "China")])
def test_a_dataverse_file_gives_the_bundled_figures(
    dataverse: Path, by: str | None, a: str, b: str
) -> None:
    store = read_votes(dataverse)
    mine = votes.agreement(a, b, by=by, half=True, data=store)
    bundled = votes.agreement(a, b, by=by, half=True, start="2015", end="2019")
    assert mine.to_dict("list") == bundled.to_dict("list")
    assert mine.attrs["source"] == f"the UN votes file {dataverse}"


def test_its_roll_calls_and_votes_read_back(dataverse: Path) -> None:
    store = read_votes(dataverse)
    mine = votes.roll_calls(data=store, issue="nu")
    bundled = votes.roll_calls(start="2015", end="2019", issue="nu")
    fields = ("rcid", "session", "date", "resolution", "description", "issues", "important")
    assert [[getattr(c, f) for f in fields] for c in mine] == [
        [getattr(c, f) for f in fields] for c in bundled
    ]
    iran = votes.votes_of("Iran", data=store)
    assert set(iran["vote"]) <= {1, 2, 3, 8}
    assert len(iran) == len(store.rcid)


def test_gzip_is_read(tmp_path: Path, dataverse: Path) -> None:
    packed = tmp_path / "UNVotes.csv.gz"
    packed.write_bytes(gzip.compress(dataverse.read_bytes()))
    assert read_votes(packed).matrix.tolist() == read_votes(dataverse).matrix.tolist()


# -- hostile files --------------------------------------------------------------------------

GOOD = "rcid,ccode,vote,session,date,Countryname,descr\n"


def _refused(tmp_path: Path, text: str, match: str) -> VotesFileError:
    path = tmp_path / "votes.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VotesFileError, match=match) as caught:
        read_votes(path)
    assert str(caught.value).startswith(str(path))
    return caught.value


def test_another_layout_is_refused_at_its_header(tmp_path: Path) -> None:
    # The unvotes package's own layout (as its CSV copies have it): not the Dataverse one.
    error = _refused(
        tmp_path,
        "rcid,country,country_code,vote\n3,United States,US,yes\n",
        r": line 1: the header lacks 'ccode', 'session', 'date': not the Dataverse votes layout",
    )
    assert error.line == 1
    _refused(tmp_path, "", "the header lacks 'rcid'.*the header read: nothing")
    _refused(tmp_path, "rcid,rcid,ccode,vote,session,date\n", "column 'rcid': the header names")


def test_an_unknown_vote_code_is_refused_with_its_line(tmp_path: Path) -> None:
    error = _refused(
        tmp_path,
        GOOD + "1,365,1,1,1946-01-01,Russia,A\n1,630,4,1,1946-01-01,Iran,A\n",
        r": line 3, column 'vote': 4 is not a vote code \(1 yes, 2 abstain, 3 no, 8 absent",
    )
    assert (error.line, error.column) == (3, "vote")


def test_a_duplicated_row_is_refused_with_both_lines(tmp_path: Path) -> None:
    _refused(
        tmp_path,
        GOOD + "1,365,1,1,1946-01-01,Russia,A\n1,630,1,1,1946-01-01,Iran,A\n"
        "1,365,3,1,1946-01-01,Russia,A\n",
        r": line 4, column 'ccode': country 365 votes twice in roll call 1 \(also on line 2\)",
    )


def test_lines_count_quoted_newlines(tmp_path: Path) -> None:
    # A description may hold a line break inside quotes: the line named is still the file's.
    _refused(
        tmp_path,
        GOOD + '1,365,1,1,1946-01-01,Russia,"TO ADOPT\nA PROPOSAL"\n1,630,7,1,1946-01-01,Iran,A\n',
        r": line 4, column 'vote': 7 is not a vote code",
    )


@pytest.mark.parametrize(
    ("row", "match"),
    [
        ("x,365,1,1,1946-01-01,Russia,A", r"line 2, column 'rcid': 'x' is not a whole number"),
        ("1,365,1,1,01/02/1946,Russia,A", r"line 2, column 'date': '01/02/1946' is not a date"),
        ("1,365,1,1,1946-02-30,Russia,A", r"line 2, column 'date': '1946-02-30' is not a date"),
        ("1,,1,1,1946-01-01,Russia,A", r"line 2, column 'ccode': empty, but required"),
        ("1,365,1,1,1946-01-01", r"line 2: 5 fields where the header has 7"),
    ],
)
def test_a_bad_value_is_refused_with_line_and_column(tmp_path: Path, row: str, match: str) -> None:
    _refused(tmp_path, GOOD + row + "\n", match)


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_bytes(b"rcid,ccode\xff\n")
    with pytest.raises(VotesFileError, match="not UTF-8 text"):
        read_votes(path)
