"""Reading a release of the UN General Assembly votes that a user downloaded (Harvard Dataverse).

The Dataverse releases of Voeten, Strezhnev and Bailey's data (hdl:1902.1/12379) run past 2019
and come as one CSV file of votes (``UNVotes.csv``, ``UNVotes-1.csv``), a row per country and
roll call with the roll call's fields repeated. Its codebook names the columns: ``rcid`` (the
roll call's id), ``ccode`` (the Correlates of War country code), ``member``, ``vote`` (1 yes,
2 abstain, 3 no, 8 absent, 9 not a member), ``Country`` (a three-letter abbreviation),
``Countryname``, ``year``, ``session``, ``date``, ``unres``, ``amend``, ``para``, ``short``,
``descr``, ``importantvote``, and the issue flags ``me``, ``nu``, ``di``, ``hr``, ``co``,
``ec`` (0 or 1). Columns are found by name in the header, in any order; ``rcid``, ``ccode``,
``vote``, ``session`` and ``date`` (``YYYY-MM-DD``) are required, the others optional.

A file of another layout, a value that is not a number or a date, a vote code outside the five,
or a country voting twice in one roll call is refused with a :class:`VotesFileError` naming the
file, the line (the header is line 1) and the column. Seats are matched to ruiran's states by
COW code (``State.cow_code``).

Examples:
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "UNVotes.csv"
    >>> _ = path.write_text("rcid,ccode,vote,session,date,Countryname,descr\\n"
    ...                     "1,365,1,1,1946-01-01,Russia,TO ADOPT\\n"
    ...                     "1,630,3,1,1946-01-01,Iran,TO ADOPT\\n")
    >>> store = read_votes(path)
    >>> store.countries, store.cow
    (('Russia', 'Iran'), (365, 630))
    >>> _ = path.write_text("rcid,ccode,vote,session,date\\n1,365,7,1,1946-01-01\\n")
    >>> read_votes(path)
    Traceback (most recent call last):
    ...
    ruiran.votes.reader.VotesFileError: ...UNVotes.csv: line 2, column 'vote': 7 is not a vote code (1 yes, 2 abstain, 3 no, 8 absent, 9 not a member)
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import Any, Final

from ruiran.errors import MissingExtraError, RuiranError
from ruiran.votes.codes import ISSUES, VOTE_CODES
from ruiran.votes.store import EXTRA, VoteStore, from_columns, numpy

__all__ = ["FLAGS", "REQUIRED", "TEXTS", "VotesFileError", "read_votes"]

#: The columns a votes file must have.
REQUIRED: Final = ("rcid", "ccode", "vote", "session", "date")
#: The roll calls' text columns read when present.
TEXTS: Final = ("unres", "short", "descr")
#: The roll calls' 0/1 columns read when present.
FLAGS: Final = ("amend", "para", "importantvote", *ISSUES)
_NAMES: Final = ("Countryname", "Country")
_INTEGERS: Final = ("rcid", "ccode", "vote", "session")


class VotesFileError(RuiranError, ValueError):
    """A votes file that cannot be read: the message names the file, the line and the column."""

    def __init__(self, path: Path, line: int | None, column: str | None, message: str) -> None:
        self.path, self.line, self.column = path, line, column
        where = "".join(
            [
                str(path),
                "" if line is None else f": line {line}",
                "" if column is None else f", column {column!r}",
            ]
        )
        super().__init__(f"{where}: {message}")


def _open(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Each record of the file after the header, with the line it starts on."""
    with _open(path) as handle:
        reader = csv.reader(handle)
        next(reader, None)
        start = reader.line_num + 1
        for record in reader:
            yield start, record
            start = reader.line_num + 1


def _line(path: Path, row: int) -> int:
    """The line the ``row``-th record (0-based, after the header) starts on."""
    for i, (line, _) in enumerate(_records(path)):
        if i == row:
            return line
    return -1  # pragma: no cover - the row came from the same file


def _header(path: Path) -> list[str]:
    try:
        with _open(path) as handle:
            header = next(csv.reader(handle), [])
    except UnicodeDecodeError as error:
        raise VotesFileError(path, None, None, f"not UTF-8 text ({error.reason})") from None
    header = [name.strip() for name in header]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        shown = ", ".join(repr(h) for h in header[:8]) + (", ..." if len(header) > 8 else "")
        raise VotesFileError(
            path, 1, None,
            f"the header lacks {', '.join(repr(m) for m in missing)}: not the Dataverse votes "
            f"layout (a CSV with the columns {', '.join(REQUIRED)} and optionally Countryname, "
            f"{', '.join(TEXTS)}, {', '.join(FLAGS)}); the header read: {shown or 'nothing'}",
        )  # fmt: skip
    for name in header:
        if header.count(name) > 1 and name in (*REQUIRED, *TEXTS, *FLAGS, *_NAMES):
            raise VotesFileError(path, 1, name, "the header names this column twice")
    return header


def _first_bad(path: Path, header: list[str], columns: tuple[str, ...]) -> VotesFileError:
    """The first record whose required field does not read, as an error (a slow scan: only
    when pyarrow has already refused the file)."""
    where = {name: header.index(name) for name in columns}
    for line, record in _records(path):
        if len(record) != len(header):
            return VotesFileError(
                path, line, None, f"{len(record)} fields where the header has {len(header)}"
            )
        for name, i in where.items():
            value = record[i].strip()
            if name == "date":
                try:
                    import datetime as dt

                    dt.date.fromisoformat(value)
                except ValueError:
                    return VotesFileError(path, line, name, f"{value!r} is not a date YYYY-MM-DD")
            elif name in FLAGS:
                try:
                    float(value or 0)
                except ValueError:
                    return VotesFileError(path, line, name, f"{value!r} is not 0 or 1")
            elif not value.lstrip("-").isdigit():
                return VotesFileError(path, line, name, f"{value!r} is not a whole number")
    return VotesFileError(path, None, None, "the file does not read as CSV")


def _arrow() -> tuple[Any, Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv
    except ImportError as error:
        raise MissingExtraError("pyarrow", EXTRA) from error
    return pa, pc, pcsv


def read_votes(path: str | PathLike[str]) -> VoteStore:
    """Read a Dataverse votes file (CSV, or CSV compressed with gzip) into a :class:`VoteStore`.

    Pass the result as ``data=`` to :func:`ruiran.votes.agreement`, ``votes_of`` or
    ``roll_calls``.

    Raises:
        VotesFileError: a file of another layout or with a bad value, naming file, line and
            column.
        OSError: the file cannot be opened.
    """
    np = numpy()
    pa, pc, pcsv = _arrow()
    path = Path(path)
    header = _header(path)
    wanted = [n for n in (*REQUIRED, *_NAMES, *TEXTS, *FLAGS) if n in header]
    types = {n: pa.int64() for n in _INTEGERS} | {n: pa.string() for n in ("date", *_NAMES, *TEXTS)}
    types |= {n: pa.float64() for n in FLAGS}
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(use_threads=True),
            parse_options=pcsv.ParseOptions(newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(
                include_columns=wanted,
                column_types={n: t for n, t in types.items() if n in wanted},
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid:
        checked = (*REQUIRED, *(n for n in FLAGS if n in header))
        raise _first_bad(path, header, checked) from None
    for name in REQUIRED:
        nulls = table.column(name).is_null()
        if pc.any(nulls).as_py():
            row = int(np.flatnonzero(nulls.to_numpy(zero_copy_only=False))[0])
            raise VotesFileError(path, _line(path, row), name, "empty, but required")
    vote = table.column("vote").to_numpy()
    bad = np.flatnonzero(~np.isin(vote, VOTE_CODES))
    if len(bad):
        raise VotesFileError(
            path, _line(path, int(bad[0])), "vote",
            f"{int(vote[bad[0]])} is not a vote code (1 yes, 2 abstain, 3 no, 8 absent, "
            "9 not a member)",
        )  # fmt: skip
    text = pc.utf8_trim_whitespace(table.column("date"))
    days = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 1946-02-30 over to March: a day that does not print back is not a day.
    wrong = pc.fill_null(pc.not_equal(pc.strftime(days, format="%Y-%m-%d"), text), True)
    if pc.any(wrong).as_py():
        row = int(np.flatnonzero(wrong.to_numpy(zero_copy_only=False))[0])
        raise VotesFileError(
            path, _line(path, row), "date",
            f"{table.column('date')[row].as_py()!r} is not a date YYYY-MM-DD",
        )  # fmt: skip
    day = days.cast(pa.int64()).to_numpy() // 86400
    rcid = table.column("rcid").to_numpy()
    ccode = table.column("ccode").to_numpy()
    order = np.lexsort((ccode, rcid))
    twice = np.flatnonzero((np.diff(rcid[order]) == 0) & (np.diff(ccode[order]) == 0))
    if len(twice):
        first, second = sorted((int(order[twice[0]]), int(order[twice[0] + 1])))
        raise VotesFileError(
            path, _line(path, second), "ccode",
            f"country {int(ccode[second])} votes twice in roll call {int(rcid[second])} "
            f"(also on line {_line(path, first)})",
        )  # fmt: skip
    return _store(path, table, rcid, ccode, vote, day)


def _store(path: Path, table: Any, rcid: Any, ccode: Any, vote: Any, day: Any) -> VoteStore:
    np = numpy()
    pa, _, _ = _arrow()
    codes, first_row, seat = np.unique(ccode, return_index=True, return_inverse=True)
    name_column = next((n for n in _NAMES if n in table.column_names), None)
    names = (
        [str(table.column(name_column)[int(i)].as_py() or c) for i, c in zip(first_row, codes, strict=True)]
        if name_column
        else [f"COW {c}" for c in codes]
    )  # fmt: skip
    calls, call_row = np.unique(rcid, return_index=True)
    session = table.column("session").to_numpy()[call_row]
    flags = {}
    for name in FLAGS:
        if name in table.column_names:
            values = table.column(name).take(pa.array(call_row))
            flags[name] = pa.array(
                [None if v is None else bool(v) for v in values.to_pylist()], pa.bool_()
            )
        else:
            flags[name] = pa.nulls(len(calls), pa.bool_())
    texts = pa.table(
        {
            **{
                n: table.column(n).take(pa.array(call_row))
                if n in table.column_names
                else pa.nulls(len(calls), pa.string())
                for n in TEXTS
            },
            "amend": flags["amend"],
            "para": flags["para"],
            "importantvote": flags["importantvote"],
        }
    )
    issues = np.vstack([flags[c].fill_null(False).to_numpy(zero_copy_only=False) for c in ISSUES])
    return from_columns(
        label=f"the UN votes file {path}",
        countries=tuple(names),
        alpha2=(None,) * len(codes),
        cow=tuple(int(c) for c in codes),
        vote_rcid=rcid,
        vote_seat=seat,
        vote=vote.astype(np.int8),
        rcid=calls,
        day=day[call_row],
        session=session,
        issues=issues,
        texts=lambda: texts,
    )
