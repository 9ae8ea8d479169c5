"""The columnar store of coded events: one Arrow table, compact, sorted, indexed on demand.

A :class:`CodedStore` holds the coded events of a Dataset as one pyarrow table with GDELT's
column names (see :data:`~ruiran.coded.gdelt.STORE_COLUMNS`), never one Python object per row.
To stay small, every text column is dictionary-encoded with the narrowest index that fits
(CAMEO codes, names, places and URLs repeat), and rows are ordered by day, then
``GLOBALEVENTID`` (the order results are given in).

Queries find rows through two indexes built on first use (numpy, a few bytes per event): rows
by (Actor1, Actor2) country-code pair, and rows by either actor's country code, each in row
order, so a dyad's events over a window are a bisected slice, not a scan. A selection is a
:class:`CodedEvents`: the store and the row numbers. It hands its rows to Arrow, pandas or
DuckDB in one vectorised step, and builds a :class:`~ruiran.coded.record.CodedEvent` only for a
row that is looked at.

Examples:
    >>> import pathlib, tempfile
    >>> from ruiran.coded.gdelt import read
    >>> from ruiran.testing import synthetic_gdelt
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "e.tsv", 2000, seed=2)
    >>> store = CodedStore.build(read([path])[0], {"RUS": "russia", "IRN": "iran"})
    >>> found = store.select(between=(("RUS",), ("IRN",)))
    >>> len(found) > 50, found[0].actor1.resolved in ("russia", "iran")
    (True, True)
    >>> found.to_arrow().num_rows == len(found)
    True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, overload

import attrs

from ruiran.coded import extras
from ruiran.coded.cameo import CountryCode
from ruiran.coded.record import CodedEvent
from ruiran.model.display import count

__all__ = ["CodedEvents", "CodedStore", "Side"]

#: One side of a query: CAMEO country codes (at every date) or CountryCodes with their days.
Side = Sequence[str | CountryCode]

#: Columns whose values are CAMEO country codes of the actors (the ones queries look at).
ACTOR_COUNTRIES: Final = ("Actor1CountryCode", "Actor2CountryCode")
#: How many rows become records at a time when a selection is iterated.
_BATCH: Final = 1_000


#: Columns held as float32 (4 bytes, not 8): Goldstein scores have one decimal, coordinates
#: four or five; records round them back (:mod:`ruiran.coded.record`).
_FLOAT32: Final = frozenset(
    {"GoldsteinScale"}
    | {f"{p}_{c}" for p in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in ("Lat", "Long")}
)


def compact(table: Any) -> Any:
    """The table made small: text columns dictionary-encoded with the narrowest index type,
    Goldstein scores and coordinates as float32, IsRootEvent as a boolean."""
    pa = extras.pyarrow()
    pc = pa.compute
    columns = []
    for field, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            column = pc.dictionary_encode(column.combine_chunks())
        if pa.types.is_dictionary(column.type):
            if isinstance(column, pa.ChunkedArray):
                column = column.unify_dictionaries().combine_chunks()
            size = len(column.dictionary)
            index = pa.int8() if size < 2**7 else pa.int16() if size < 2**15 else pa.int32()
            column = column.cast(pa.dictionary(index, pa.string()))
        elif field.name in _FLOAT32:
            column = column.cast(pa.float32())
        elif field.name == "IsRootEvent":
            column = column.cast(pa.bool_())
        columns.append(column)
    return pa.table(columns, names=table.schema.names)


@attrs.define(eq=False, repr=False)
class _Indexes:
    """Row lookups built on first use, as compressed lists (numpy): for each country-code
    pair, and for each country code, its rows in row order (so by day)."""

    codes: dict[str, int]  # CAMEO country code -> its number
    sqldate: Any  # numpy int32, one per row (a view of the table's column)
    pair_keys: Any  # the pair keys present (code1 * K + code2), sorted
    pair_starts: Any  # where each key's rows start in pair_rows (one more at the end)
    pair_rows: Any  # int32 rows, grouped by pair key
    single_starts: Any  # where each code's rows start in single_rows (K + 1 entries)
    single_rows: Any  # int32 rows, grouped by code (each row under each distinct code)
    width: int  # K: number of codes, plus one for "no code"

    @property
    def nbytes(self) -> int:
        return sum(
            int(a.nbytes)
            for a in (self.pair_keys, self.pair_starts, self.pair_rows, self.single_starts,
                      self.single_rows)
        )  # fmt: skip


@attrs.define(eq=False, repr=False)
class CodedStore:
    """Coded events in columns (see the module's docstring).

    Attributes:
        table: The events: a pyarrow Table, one row each, ordered by SQLDATE then
            GLOBALEVENTID.
        resolve: CAMEO country code -> id of the ruiran state it stands for.
        dataset: The coded dataset's name (``'gdelt'``).
        summary: What reading the files did (lines read, kept, refused), when known.
    """

    table: Any
    resolve: Mapping[str, str]
    dataset: str = "gdelt"
    summary: Any = None
    _indexes: _Indexes | None = None

    @classmethod
    def build(
        cls,
        table: Any,
        resolve: Mapping[str, str],
        dataset: str = "gdelt",
        summary: Any = None,
    ) -> CodedStore:
        """A store of ``table`` (GDELT columns): compacted, and sorted unless it already is."""
        pa = extras.pyarrow()
        if table.num_rows > 1:
            dates = table.column("SQLDATE").to_numpy()
            ids = table.column("GLOBALEVENTID").to_numpy()
            np = extras.numpy()
            ordered = bool(
                np.all(
                    (dates[1:] > dates[:-1]) | ((dates[1:] == dates[:-1]) & (ids[1:] > ids[:-1]))
                )
            )
            if not ordered:
                table = table.sort_by([("SQLDATE", "ascending"), ("GLOBALEVENTID", "ascending")])
        if "Version" not in table.schema.names:
            table = table.append_column("Version", pa.nulls(table.num_rows, pa.int8()))
        return cls(compact(table), dict(resolve), dataset, summary)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @property
    def nbytes(self) -> int:
        """Bytes held: the table's buffers and the indexes built so far."""
        held = int(self.table.nbytes)
        if self._indexes is not None:
            held += self._indexes.nbytes
        return held

    def __repr__(self) -> str:
        return f"<CodedStore of {count(len(self), 'coded event')} ({self.dataset})>"

    def all(self) -> CodedEvents:
        """Every coded event, in order."""
        return CodedEvents(self, None)

    def concat(self, other: CodedStore) -> CodedStore:
        """A store of both stores' events (a row present in both, by id, is kept once)."""
        pa = extras.pyarrow()
        mine = self.table.cast(other.table.schema) if False else self.table
        both = pa.concat_tables([_plain(mine), _plain(other.table)], promote_options="permissive")
        ids = both.column("GLOBALEVENTID").to_numpy()
        np = extras.numpy()
        _, first = np.unique(ids, return_index=True)
        if len(first) < len(ids):
            both = both.take(pa.array(np.sort(first)))
        summary = self.summary if other.summary is None else None
        return CodedStore.build(both, {**self.resolve, **other.resolve}, self.dataset, summary)

    # -- indexes ----------------------------------------------------------------------------------

    def indexes(self) -> _Indexes:
        """The row lookups, built on first use (a few numpy sorts)."""
        if self._indexes is None:
            self._indexes = self._build_indexes()
        return self._indexes

    def _build_indexes(self) -> _Indexes:
        np = extras.numpy()
        pa = extras.pyarrow()
        pc = pa.compute
        values: set[str] = set()
        for name in ACTOR_COUNTRIES:
            values.update(
                v for v in self.table.column(name).combine_chunks().dictionary.to_pylist()
            )
        codes = {code: i for i, code in enumerate(sorted(v for v in values if v is not None))}
        width = len(codes) + 1  # the last number: no code
        numbered = []
        for name in ACTOR_COUNTRIES:
            column = self.table.column(name).combine_chunks()
            mapping = np.array(
                [codes.get(v, width - 1) for v in column.dictionary.to_pylist()] + [width - 1],
                dtype=np.int64,
            )
            indices = pc.fill_null(column.indices.cast(pa.int64()), len(mapping) - 1)
            numbered.append(mapping[indices.to_numpy()])
        first, second = numbered
        n = len(first)
        pair = first * width + second
        order = np.argsort(pair, kind="stable")  # stable: row order within a pair
        sorted_pairs = pair[order]
        keys, starts = np.unique(sorted_pairs, return_index=True)
        pair_starts = np.append(starts, n).astype(np.int64)
        rows = np.arange(n, dtype=np.int32)
        other = second != first
        codes_of_rows = np.concatenate([first, second[other]])
        single = np.concatenate([rows, rows[other]])
        by_code = np.lexsort((single, codes_of_rows))  # by code, then row
        single_rows = single[by_code]
        single_starts = np.searchsorted(codes_of_rows[by_code], np.arange(width + 1))
        sqldate = self.table.column("SQLDATE").combine_chunks().to_numpy(zero_copy_only=False)
        return _Indexes(
            codes,
            sqldate,
            keys,
            pair_starts,
            order.astype(np.int32),
            single_starts.astype(np.int64),
            single_rows,
            width,
        )

    # -- selection ----------------------------------------------------------------------------------

    def select(
        self,
        *,
        between: tuple[Side, Side] | None = None,
        involving: Side | None = None,
        directed: bool = False,
        first: int | None = None,
        last: int | None = None,
        code_prefix: str | None = None,
        as_source: bool = False,
    ) -> CodedEvents:
        """The events between two sides (either direction unless ``directed``: then the
        first side as Actor1), or involving one side (as Actor1 only, with ``as_source``),
        within days ``first``..``last`` (YYYYMMDD numbers), whose CAMEO event code starts
        with ``code_prefix``."""
        np = extras.numpy()
        ix = self.indexes()
        lo_all = 0 if first is None else first
        hi_all = 99_991_231 if last is None else last
        parts: list[Any] = []
        if between is not None:
            a, b = (_codes(side) for side in between)
            directions = [(a, b)] if directed else [(a, b), (b, a)]
            for one, other in directions:
                for x in one:
                    for y in other:
                        rows = self._pair(ix, x.code, y.code)
                        parts.append(self._window(ix, rows, x, y, lo_all, hi_all))
        elif involving is not None:
            for x in _codes(involving):
                if as_source:  # every pair whose first code is x
                    for target in ix.codes:
                        rows = self._pair(ix, x.code, target)
                        parts.append(self._window(ix, rows, x, None, lo_all, hi_all))
                    rows = self._pair_to_nothing(ix, x.code)
                else:
                    rows = self._single(ix, x.code)
                parts.append(self._window(ix, rows, x, None, lo_all, hi_all))
        else:
            rows = np.arange(len(self), dtype=np.int32)
            parts.append(self._window(ix, rows, None, None, lo_all, hi_all))
        parts = [p for p in parts if len(p)]
        if not parts:
            found = np.zeros(0, dtype=np.int64)
        elif len(parts) == 1:
            found = parts[0].astype(np.int64)
        else:
            found = np.unique(np.concatenate(parts)).astype(np.int64)
        if code_prefix is not None and len(found):
            found = found[self._code_mask(found, code_prefix)]
        return CodedEvents(self, found)

    def _pair(self, ix: _Indexes, x: str, y: str) -> Any:
        np = extras.numpy()
        if x not in ix.codes or y not in ix.codes:
            return np.zeros(0, dtype=np.int32)
        key = ix.codes[x] * ix.width + ix.codes[y]
        at = int(np.searchsorted(ix.pair_keys, key))
        if at == len(ix.pair_keys) or ix.pair_keys[at] != key:
            return np.zeros(0, dtype=np.int32)
        return ix.pair_rows[ix.pair_starts[at] : ix.pair_starts[at + 1]]

    def _pair_to_nothing(self, ix: _Indexes, x: str) -> Any:
        """Rows whose Actor1 has code ``x`` and whose Actor2 has no country code."""
        np = extras.numpy()
        if x not in ix.codes:
            return np.zeros(0, dtype=np.int32)
        key = ix.codes[x] * ix.width + ix.width - 1
        at = int(np.searchsorted(ix.pair_keys, key))
        if at == len(ix.pair_keys) or ix.pair_keys[at] != key:
            return np.zeros(0, dtype=np.int32)
        return ix.pair_rows[ix.pair_starts[at] : ix.pair_starts[at + 1]]

    def _single(self, ix: _Indexes, x: str) -> Any:
        np = extras.numpy()
        if x not in ix.codes:
            return np.zeros(0, dtype=np.int32)
        code = ix.codes[x]
        return ix.single_rows[ix.single_starts[code] : ix.single_starts[code + 1]]

    def _window(
        self,
        ix: _Indexes,
        rows: Any,
        x: CountryCode | None,
        y: CountryCode | None,
        lo: int,
        hi: int,
    ) -> Any:
        """The rows (in row order, so by day) whose day is in the window and each code's days."""
        np = extras.numpy()
        for code in (x, y):
            if code is not None:
                lo, hi = max(lo, code.first), min(hi, code.last)
        if lo > hi or not len(rows):
            return rows[:0]
        if lo <= 0 and hi >= 99_991_231:
            return rows
        days = ix.sqldate[rows]
        start = int(np.searchsorted(days, lo, side="left"))
        stop = int(np.searchsorted(days, hi, side="right"))
        return rows[start:stop]

    def _code_mask(self, rows: Any, prefix: str) -> Any:
        np = extras.numpy()
        pa = extras.pyarrow()
        column = self.table.column("EventCode").combine_chunks()
        wanted = np.array(
            [v is not None and v.startswith(prefix) for v in column.dictionary.to_pylist()]
            + [False]
        )
        indices = pa.compute.fill_null(column.indices.cast(pa.int64()), len(wanted) - 1)
        return wanted[indices.to_numpy()[rows]]

    def record(self, row: int) -> CodedEvent:
        """The typed record of one row (built now, not kept)."""
        values = self.table.slice(row, 1).to_pylist()[0]
        return CodedEvent.from_row(values, self.resolve, self.dataset)


def _plain(table: Any) -> Any:
    """Dictionary columns decoded (to concatenate tables whose dictionaries differ)."""
    pa = extras.pyarrow()
    columns = [
        c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns
    ]
    return pa.table(columns, names=table.schema.names)


def _codes(side: Side) -> list[CountryCode]:
    return [c if isinstance(c, CountryCode) else CountryCode(c, c) for c in side]


class CodedEvents(Sequence[CodedEvent]):
    """A selection of coded events: rows of a store, in order (by day, then id).

    A sequence of :class:`~ruiran.coded.record.CodedEvent` whose records are built only when
    an item is taken; :meth:`to_arrow`, :meth:`to_pandas` and :meth:`to_duckdb` hand over
    every row at once, with no step per row in Python.
    """

    __slots__ = ("_rows", "_store")

    def __init__(self, store: CodedStore, rows: Any) -> None:
        self._store = store
        self._rows = rows  # numpy int64 row numbers, or None for every row

    @property
    def store(self) -> CodedStore:
        """The store the rows belong to."""
        return self._store

    @property
    def rows(self) -> Any:
        """The row numbers in the store (numpy int64 array)."""
        if self._rows is None:
            return extras.numpy().arange(len(self._store), dtype="int64")
        return self._rows

    def __len__(self) -> int:
        return len(self._store) if self._rows is None else len(self._rows)

    @overload
    def __getitem__(self, index: int) -> CodedEvent: ...
    @overload
    def __getitem__(self, index: slice) -> CodedEvents: ...
    def __getitem__(self, index: int | slice) -> CodedEvent | CodedEvents:
        if isinstance(index, slice):
            return CodedEvents(self._store, self.rows[index])
        position = range(len(self))[index]  # IndexError, negative indices
        row = position if self._rows is None else int(self._rows[position])
        return self._store.record(row)

    def __iter__(self) -> Iterator[CodedEvent]:
        resolve, dataset = self._store.resolve, self._store.dataset
        for first in range(0, len(self), _BATCH):
            chunk = self[first : first + _BATCH].to_arrow(resolved=False)
            for values in chunk.to_pylist():
                yield CodedEvent.from_row(values, resolve, dataset)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CodedEvents):
            return NotImplemented
        if len(self) != len(other):
            return False
        mine = self.to_arrow(resolved=False).column("GLOBALEVENTID")
        theirs = other.to_arrow(resolved=False).column("GLOBALEVENTID")
        return bool(mine.equals(theirs))

    __hash__ = None  # type: ignore[assignment]

    @property
    def ids(self) -> list[int]:
        """The GLOBALEVENTIDs, in order."""
        return [int(i) for i in self.to_arrow(resolved=False).column("GLOBALEVENTID").to_pylist()]

    def to_arrow(self, *, resolved: bool = True) -> Any:
        """The rows as a pyarrow Table (GDELT's columns), taken in one step.

        With ``resolved``, two more columns, ``Actor1Resolved`` and ``Actor2Resolved``: the
        ruiran actor each country code stands for (dictionary-encoded: mapped once per code).
        """
        pa = extras.pyarrow()
        table = self._store.table
        if self._rows is not None:
            table = table.take(pa.array(self._rows, pa.int64()))
        if resolved:
            np = extras.numpy()
            for name in ACTOR_COUNTRIES:
                column = table.column(name).combine_chunks()
                ids = [
                    None if v is None else self._store.resolve.get(v)
                    for v in column.dictionary.to_pylist()
                ]
                names = sorted({i for i in ids if i is not None})
                where = {actor: n for n, actor in enumerate(names)}
                remap = np.array(
                    [-1 if i is None else where[i] for i in ids] + [-1], dtype=np.int32
                )
                old = pa.compute.fill_null(column.indices.cast(pa.int32()), len(ids))
                new = remap[old.to_numpy()]
                indices = pa.array(new, pa.int32(), mask=new < 0)
                table = table.append_column(
                    name.replace("CountryCode", "Resolved"),
                    pa.DictionaryArray.from_arrays(indices, pa.array(names, pa.string())),
                )
        return table

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (text columns as categories)."""
        extras.pandas()
        return self.to_arrow().to_pandas()

    def to_duckdb(self, connection: Any = None) -> Any:
        """The rows as a DuckDB relation, read from Arrow without copying row by row."""
        duckdb = extras.duckdb()
        table = self.to_arrow()
        if connection is None:
            return duckdb.from_arrow(table)
        return connection.from_arrow(table)

    def __repr__(self) -> str:
        head = f"CodedEvents of {count(len(self), 'coded event')}"
        if not len(self):
            return head
        shown = [self[i] for i in range(min(len(self), 3))]
        lines = [f"{head}:", *(f"  {e!r}" for e in shown)]
        if len(self) > 3:
            lines.append(f"  … {len(self) - 3:,} more")
        return "\n".join(lines)
