"""The votes as columns: one matrix of vote codes (country by roll call) and the roll calls' columns.

A :class:`VoteStore` holds about a million votes in a few megabytes: an ``int8`` matrix with a
row per country and a column per roll call (0 where the data has no row), the roll calls'
ids, days, years, sessions and issue flags as numpy arrays, and their texts as an Arrow table
read on first use. The agreement measures (:mod:`ruiran.votes.measures`) compare two rows of
the matrix; nothing here builds a Python object per vote.

:func:`bundled` reads the votes shipped in ``ruiran/votes/data/`` once, under a lock, on first
use: the store's arrays as the build saved them (``votes.npz``, 170 KB: numpy alone reads it,
in a few milliseconds, with no matrix to build), and, on the first :func:`~ruiran.votes.roll_calls`,
the roll calls' texts from ``roll_calls.parquet`` (with pyarrow). The two Parquet files
(``votes.parquet``, a row per vote, and ``roll_calls.parquet``) are the data's exchange form,
which DuckDB, pandas or any Parquet reader reads; the build makes ``votes.npz`` from them with
:func:`from_parquet` and :func:`to_arrays`, and ``provenance.json`` has all three's SHA-256.

Examples:
    >>> store = bundled()
    >>> store.matrix.shape[1], str(store.first), str(store.last)
    (6202, '1946-01-01', '2019-12-27')
    >>> store.countries[store.seats_of(alpha2=("RU",))[0]]
    'Russia'
    >>> [store.countries[i] for i in store.seats_of(cow=(260,))]  # by COW code, where no ISO
    ['Federal Republic of Germany']
    >>> [store.countries[i] for i in store.seats_of(cow=(345,))]  # or a withdrawn ISO code (YU)
    ['Yugoslavia']
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any, Final, TypeVar

import attrs

from ruiran.errors import MissingExtraError
from ruiran.votes.codes import ISSUES

__all__ = [
    "ARRAYS",
    "EXTRA",
    "LABEL",
    "SHARED_SEATS",
    "UNCODED_SEATS",
    "WITHDRAWN_SEATS",
    "VoteStore",
    "bundled",
    "from_columns",
    "from_parquet",
    "numpy",
    "provenance",
    "seat_cow",
    "to_arrays",
]

#: The extra that installs what the votes need (pyarrow and pandas, with numpy).
EXTRA: Final = "parquet"
#: Where the bundled votes come from, as answers name it (their ``source``).
LABEL: Final = "the bundled UN General Assembly votes (unvotes 0.3.0, 1946 to 2019-12-27)"
_EPOCH: Final = dt.date(1970, 1, 1)
_LOCK = threading.Lock()
_T = TypeVar("_T")
_BUNDLED: list[VoteStore] = []
#: The bundled seats the data gives no ISO code, by the data's name, with the Correlates of War
#: code of the state that held each (the data names them only; ruiran's states carry the codes):
#: the Federal Republic of Germany's seat (1973 to 1990; unified Germany, COW 255, is the seat
#: ``DE`` from 1991), the Yemen Arab Republic's (1947 to 1990; Yemen, COW 679, is ``YE`` from
#: 1991) and Zanzibar's (its two votes of 1963-12-03, before the union with Tanganyika).
UNCODED_SEATS: Final = {"Federal Republic of Germany": 260, "Yemen Arab Republic": 678,
                        "Zanzibar": 511}  # fmt: skip
#: The bundled seats under ISO 3166 codes since withdrawn (ISO 3166-3; no state holds them
#: now, so no state of ruiran answers to them), with the Correlates of War code of the state
#: that held each, as ruiran's reference table has it (the seat's name resolves to that state;
#: the tests check each against ``pycountry.historic_countries`` and the table):
#: ``YU`` Yugoslavia's seat, which the data keeps for the Federal Republic of Yugoslavia, Serbia
#: and Montenegro and Serbia (1946 to 2019; COW 345, which continues as Serbia), ``CS``
#: Czechoslovakia's (1946 to 1992; COW 315; ISO later gave ``CS`` to Serbia and Montenegro,
#: whose votes the data files under ``YU``), ``DD`` the German Democratic Republic's (1973 to
#: 1989; COW 265) and ``YD`` the Yemen People's Republic's (1967 to 1989; COW 680).
WITHDRAWN_SEATS: Final = {"YU": 345, "CS": 315, "DD": 265, "YD": 680}
#: The General Assembly seats held in turn by two of ruiran's states, by the seat's name, with
#: its holders (ruiran's id and what the holder was), oldest first. The data files each
#: holder's votes under its own code, and ruiran keeps them apart: China's seat was held by the
#: Republic of China (``"Taiwan"``, seat ``TW``, COW 713: its votes in the bundled data run
#: from 1946-01-01 to 1971-10-07) and then by the People's Republic (``"China"``, seat ``CN``,
#: COW 710: from 1971-11-03). An answer about either for a time the other held the seat says so.
SHARED_SEATS: Final = {
    "China": (("taiwan", "the Republic of China"), ("china", "the People's Republic of China")),
}


def numpy() -> Any:
    """The ``numpy`` module, or a MissingExtraError naming the extra."""
    try:
        import numpy as module
    except ImportError as error:  # pragma: no cover - numpy comes with pandas and pyarrow
        raise MissingExtraError("numpy", EXTRA) from error
    return module


def seat_cow(names: Sequence[str], alpha2: Sequence[str | None]) -> tuple[int | None, ...]:
    """The Correlates of War code the bundled data's seats are known by, where ruiran gives one:
    the seats without an ISO code (:data:`UNCODED_SEATS`, by name) and those under a withdrawn
    ISO code (:data:`WITHDRAWN_SEATS`, by code); None for the others (a current ISO code names
    its state).

    Examples:
        >>> seat_cow(["Yugoslavia", "Zanzibar", "Iran"], ["YU", None, "IR"])
        (345, 511, None)
    """
    return tuple(
        UNCODED_SEATS.get(name) if code is None else WITHDRAWN_SEATS.get(code)
        for name, code in zip(names, alpha2, strict=True)
    )


def _parquet() -> Any:
    try:
        import pyarrow.parquet as module
    except ImportError as error:
        raise MissingExtraError("pyarrow", EXTRA) from error
    return module


@attrs.frozen(eq=False)
class VoteStore:
    """Votes and roll calls as columns; see the module's docstring.

    Attributes:
        label: Where the votes come from, for messages ("the bundled UN votes", a file path).
        countries: The seats' names, in the matrix's row order.
        alpha2: Each seat's ISO 3166 alpha-2 code, where the data gives one.
        cow: Each seat's Correlates of War code, where the data gives one.
        rcid: The roll calls' ids, oldest first (the matrix's column order), then by id.
        day: Each roll call's day, as days since 1970-01-01.
        year: Each roll call's year.
        session: Each roll call's session.
        issues: A row of flags per issue code (in :data:`~ruiran.votes.codes.ISSUES` order).
        matrix: The vote codes, a row per seat and a column per roll call (0: no row).
        texts: Reads the roll calls' other columns (an Arrow table).
        text_row: Each roll call's row in that table.
    """

    label: str
    countries: tuple[str, ...]
    alpha2: tuple[str | None, ...]
    cow: tuple[int | None, ...]
    rcid: Any
    day: Any
    year: Any
    session: Any
    issues: Any
    matrix: Any
    texts: Callable[[], Any]
    text_row: Any
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False)

    @property
    def first(self) -> dt.date:
        """The day of the first roll call."""
        return _EPOCH + dt.timedelta(days=int(self.day[0])) if len(self.day) else _EPOCH

    @property
    def last(self) -> dt.date:
        """The day of the last roll call."""
        return _EPOCH + dt.timedelta(days=int(self.day[-1])) if len(self.day) else _EPOCH

    def seats_of(self, *, alpha2: Sequence[str] = (), cow: Sequence[int] = ()) -> tuple[int, ...]:
        """The matrix rows of the seats with any of these codes, in row order."""
        wanted = {c.upper() for c in alpha2}
        return tuple(
            i
            for i in range(len(self.countries))
            if self.alpha2[i] in wanted or (self.cow[i] is not None and self.cow[i] in cow)
        )

    def uncoded(self) -> tuple[int, ...]:
        """The rows of the seats with neither an ISO nor a COW code (named by the data only)."""
        return tuple(
            i for i in range(len(self.countries)) if self.alpha2[i] is None and self.cow[i] is None
        )

    def seat_named(self, text: str) -> int | None:
        """The row of the seat with this name or code (any case), or None."""
        key = text.strip().casefold()
        for i, name in enumerate(self.countries):
            code = self.alpha2[i]
            if name.casefold() == key or (code is not None and code.casefold() == key):
                return i
        return None

    def column_of(self, rows: Sequence[int]) -> Any:
        """One row of vote codes for a state holding these seats (the first seat's vote
        wherever it has one, else the next's: a state's seats do not vote side by side)."""
        np = numpy()
        key = f"rows:{tuple(rows)}"
        if key not in self._cache:
            if not rows:
                column = np.zeros(self.matrix.shape[1], dtype=np.int8)
            else:
                column = self.matrix[rows[0]].copy()
                for row in rows[1:]:
                    other = self.matrix[row]
                    column = np.where(column != 0, column, other)
            column.setflags(write=False)
            self._cache[key] = column
        return self._cache[key]

    def window(self, first: dt.date | None, last: dt.date | None) -> Any:
        """The roll calls from ``first`` to ``last`` (either open), as a boolean mask."""
        lo = -(2**31) if first is None else max((first - _EPOCH).days, -(2**31))
        hi = 2**31 - 1 if last is None else min((last - _EPOCH).days, 2**31 - 1)
        key = f"window:{lo}:{hi}"
        if key not in self._cache:
            mask = (self.day >= lo) & (self.day <= hi)
            mask.setflags(write=False)
            self._cache[key] = mask
        return self._cache[key]

    def cached(self, key: str, make: Callable[[], _T]) -> _T:
        """What ``make()`` returns, made on the first ask and kept under ``key`` (the store is
        immutable, so whatever is derived from it is too; two threads asking at once may both
        make it, and either is kept).

        Examples:
            >>> store = bundled()
            >>> store.cached("doc:first", lambda: str(store.first))
            '1946-01-01'
            >>> store.cached("doc:first", lambda: "not made again")
            '1946-01-01'
        """
        if key not in self._cache:
            self._cache[key] = make()
        value: _T = self._cache[key]
        return value

    def years(self) -> tuple[Any, Any]:
        """The distinct years (ascending) and each roll call's index into them."""
        if "years" not in self._cache:
            np = numpy()
            self._cache["years"] = np.unique(self.year, return_inverse=True)
        value: tuple[Any, Any] = self._cache["years"]
        return value


def _texts(name: str) -> Callable[[], Any]:
    table: list[Any] = []

    def read() -> Any:
        with _LOCK:
            if not table:
                with resources.as_file(resources.files("ruiran.votes") / "data" / name) as path:
                    table.append(_parquet().ParquetFile(path).read(use_threads=False))
            return table[0]

    return read


def provenance() -> dict[str, Any]:
    """The bundled votes' provenance: origin, licence, version, coverage, rows, checksums.

    Examples:
        >>> provenance()["source"]["licence"], provenance()["rows"]["votes"]
        ('CC0-1.0', 869937)
    """
    text = (resources.files("ruiran.votes") / "data" / "provenance.json").read_text("utf-8")
    value: dict[str, Any] = json.loads(text)
    return value


def bundled() -> VoteStore:
    """The bundled UN General Assembly votes, read once on first use."""
    if _BUNDLED:
        return _BUNDLED[0]
    with _LOCK:
        if not _BUNDLED:
            _BUNDLED.append(_read_bundled())
    return _BUNDLED[0]


#: The bundled store's arrays, as ``scripts/votes_build.py`` writes them into ``votes.npz``.
ARRAYS: Final = ("countries", "alpha2", "rcid", "day", "year", "session", "issues", "matrix",
                 "text_row")  # fmt: skip


def _read_bundled() -> VoteStore:
    # The store as the build made it (``from_columns`` over votes.parquet and roll_calls.parquet,
    # saved with ``to_arrays``): numpy reads it, no pyarrow, no matrix to build; the Parquet
    # files stay the data's exchange form, and the roll calls' texts are read from theirs on
    # first use of ``roll_calls()``.
    np = numpy()
    path = resources.files("ruiran.votes") / "data" / "votes.npz"
    with path.open("rb") as file, np.load(file, allow_pickle=False) as arrays:
        found = {name: arrays[name] for name in ARRAYS}
    for array in found.values():
        array.setflags(write=False)
    names = tuple(str(name) for name in found["countries"])
    alpha2 = tuple(str(code) or None for code in found["alpha2"])
    return VoteStore(
        label=LABEL,
        countries=names,
        alpha2=alpha2,
        cow=seat_cow(names, alpha2),
        rcid=found["rcid"],
        day=found["day"],
        year=found["year"],
        session=found["session"],
        issues=found["issues"],
        matrix=found["matrix"],
        texts=_texts("roll_calls.parquet"),
        text_row=found["text_row"],
    )


def to_arrays(store: VoteStore) -> dict[str, Any]:
    """The arrays :func:`bundled` reads back (``votes.npz``), by name (see :data:`ARRAYS`).

    Examples:
        >>> arrays = to_arrays(bundled())
        >>> list(arrays) == list(ARRAYS), arrays["matrix"].dtype.name, arrays["alpha2"][:2].tolist()
        (True, 'int8', ['AR', 'AU'])
    """
    np = numpy()
    return {
        "countries": np.array(store.countries, dtype=str),
        "alpha2": np.array([code or "" for code in store.alpha2], dtype=str),
        **{name: getattr(store, name) for name in ARRAYS[2:]},
    }


def from_parquet(votes: Any, calls: Any) -> VoteStore:
    """A store from the bundled Parquet tables (Arrow tables of votes.parquet and of
    roll_calls.parquet's ``rcid``, ``session``, ``date`` and issue flags), as the build makes
    it; ``texts`` reads nothing."""
    np = numpy()
    country = votes.column("country").combine_chunks()
    code = votes.column("country_code").combine_chunks()
    names = tuple(country.dictionary.to_pylist())
    seat = country.indices.to_numpy()
    # Country and code go together (one code a seat, or none): any row of a seat gives its code.
    seat_code = np.full(len(names), -1, dtype=np.int32)
    seat_code[seat] = code.indices.fill_null(-1).to_numpy()
    codes = code.dictionary.to_pylist()
    alpha2 = tuple(codes[c] if c >= 0 else None for c in seat_code)
    return from_columns(
        label=LABEL,
        countries=names,
        alpha2=alpha2,
        cow=seat_cow(names, alpha2),
        vote_rcid=votes.column("rcid").to_numpy(),
        vote_seat=seat,
        vote=votes.column("vote").to_numpy(),
        rcid=calls.column("rcid").to_numpy(),
        day=calls.column("date").cast("int32").to_numpy(),
        session=calls.column("session").to_numpy(),
        issues=np.vstack([calls.column(c).to_numpy(zero_copy_only=False) for c in ISSUES]),
        texts=lambda: None,
    )


def from_columns(
    *,
    label: str,
    countries: tuple[str, ...],
    alpha2: tuple[str | None, ...],
    cow: tuple[int | None, ...],
    vote_rcid: Any,
    vote_seat: Any,
    vote: Any,
    rcid: Any,
    day: Any,
    session: Any,
    issues: Any,
    texts: Callable[[], Any],
) -> VoteStore:
    """A store from long columns (a vote per row) and the roll calls' columns (any order;
    ``texts`` reads a table whose rows are in that same order).

    Every ``vote_rcid`` must be one of ``rcid``; the callers check that first.
    """
    np = numpy()
    rcid, day = np.asarray(rcid, dtype=np.int64), np.asarray(day, dtype=np.int32)
    order = np.lexsort((rcid, day))  # column j holds the roll call of input row order[j]
    position = np.empty(len(rcid), dtype=np.intp)
    position[order] = np.arange(len(rcid))
    vote_rcid = np.asarray(vote_rcid)
    if len(rcid) and rcid.min() >= 0 and rcid.max() < 2**24:
        # Ids are small: a table from id to column is one pass, where a search is log n each.
        column_of = np.zeros(int(rcid.max()) + 1, dtype=np.intp)
        column_of[rcid] = position
        column = column_of[vote_rcid]
    else:
        by_id = np.argsort(rcid, kind="stable")
        column = position[by_id[np.searchsorted(rcid[by_id], vote_rcid.astype(np.int64))]]
    matrix = np.zeros((len(countries), len(rcid)), dtype=np.int8)
    # One flat index a vote (seat row, roll-call column): half the time of a 2-D fancy index.
    flat = np.asarray(vote_seat, dtype=np.intp) * len(rcid) + column
    matrix.reshape(-1)[flat] = vote
    rcid, day = rcid[order], day[order]
    dates = day.astype("datetime64[D]")
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    matrix.setflags(write=False)
    return VoteStore(
        label=label,
        countries=countries,
        alpha2=alpha2,
        cow=cow,
        rcid=rcid,
        day=day,
        year=year.astype(np.int32),
        session=np.asarray(session, dtype=np.int32)[order],
        issues=np.asarray(issues, dtype=bool)[:, order],
        matrix=matrix,
        texts=texts,
        text_row=order,
    )
