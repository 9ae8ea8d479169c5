"""The columnar store of coded events: one Arrow table, compact, sorted, indexed on demand.

A :class:`CodedStore` holds the coded events of a Dataset as one pyarrow table with GDELT's
column names (see :data:`~ruiran.coded.gdelt.STORE_COLUMNS`), never one Python object per row.
To stay small, every text column is dictionary-encoded with the narrowest index that fits
(CAMEO codes, names, places and URLs repeat) and Goldstein scores are float32; coordinates are
float64, so that each reads back exactly as the file wrote it, and dictionary-encoded too (they
repeat with their places), handed on decoded.
Rows are ordered by dyad (the unordered pair of the actors' country codes), then day, then
``GLOBALEVENTID``: the events of a pair are one contiguous slice of the table.

Queries find rows through indexes built on first use (numpy, a few bytes per event): where
each dyad's slice starts, and each country code's rows by day; a window is a bisection. A
selection is a :class:`CodedEvents`: the store and a slice (one dyad) or row numbers, in
result order (by day, then id). It hands its rows to Arrow, pandas or
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
from ruiran.coded.cameo import LAST_DAY, CountryCode
from ruiran.coded.duplicates import drop_duplicates
from ruiran.coded.matches import scanned
from ruiran.coded.record import CodedEvent
from ruiran.model.display import count

__all__ = ["CodedEvents", "CodedStore", "Side"]

#: One side of a query: CAMEO country codes (at every date) or CountryCodes with their days.
Side = Sequence[str | CountryCode]

#: Columns whose values are CAMEO country codes of the actors (the ones queries look at).
ACTOR_COUNTRIES: Final = ("Actor1CountryCode", "Actor2CountryCode")
#: How many rows become records at a time when a selection is iterated.
_BATCH: Final = 1_000


#: Columns held as float32 (4 bytes, not 8): Goldstein scores have one decimal, which records
#: round back (:mod:`ruiran.coded.record`). Coordinates stay float64 (the type
#: :data:`~ruiran.coded.gdelt.STORE_COLUMNS` gives them): a float32 turns the file's 139.751 into
#: 139.75100708..., while the nearest double of a decimal text of up to 15 significant digits
#: prints back as that text, so every coordinate reads back exactly as GDELT wrote it.
_FLOAT32: Final = frozenset({"GoldsteinScale"})
#: Columns held dictionary-encoded although they are numbers: coordinates, float64 values that
#: repeat (one pair per place), so 8 bytes each would cost 48 bytes an event where indexes into
#: the places' values cost 12 to 24. Selections hand them on decoded, as float64
#: (:meth:`CodedEvents.to_arrow`).
COORDINATES: Final = frozenset(
    f"{p}_{c}" for p in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in ("Lat", "Long")
)


def compact(table: Any, index: Any = None) -> Any:
    """The table made small: text columns and coordinates (float64 values) dictionary-encoded
    with the narrowest index type (or ``index``, a pyarrow integer type, for tables to be put
    together), Goldstein scores as float32, IsRootEvent as a boolean."""
    pa = extras.pyarrow()
    pc = pa.compute
    schema = table.schema
    columns = list(table.columns)
    del table  # a caller that hands over its only reference: each column freed once replaced
    for at, field in enumerate(schema):
        column = columns[at]
        if (
            pa.types.is_string(field.type)
            or pa.types.is_large_string(field.type)
            or (field.name in COORDINATES and pa.types.is_floating(field.type))
        ):
            column = pc.dictionary_encode(column.combine_chunks())
        if pa.types.is_dictionary(column.type):
            if isinstance(column, pa.ChunkedArray):
                if column.type.index_type.bit_width < 32:  # room for the unified dictionary
                    column = column.cast(pa.dictionary(pa.int32(), column.type.value_type))
                column = column.unify_dictionaries().combine_chunks()
            size = len(column.dictionary)
            kind = index or (
                pa.int8() if size < 2**7 else pa.int16() if size < 2**15 else pa.int32()
            )
            value = pa.float64() if field.name in COORDINATES else pa.string()
            column = column.cast(pa.dictionary(kind, value))
        elif field.name in _FLOAT32:
            column = column.cast(pa.float32())
        elif field.name == "IsRootEvent":
            column = column.cast(pa.bool_())
        columns[at] = column
    return pa.table(columns, names=schema.names)


def _numbered(table: Any) -> tuple[dict[str, int], Any, Any]:
    """The actors' country codes as numbers shared by both columns (numpy int32 per row;
    the last number, ``len(codes)``, for no code)."""
    np = extras.numpy()
    pa = extras.pyarrow()
    columns = []
    for name in ACTOR_COUNTRIES:
        column = table.column(name).combine_chunks()
        # compact() makes them dictionaries; a table given to CodedStore as it is may not be
        if not pa.types.is_dictionary(column.type):
            column = pa.compute.dictionary_encode(column)
        columns.append(column)
    values = {v for column in columns for v in column.dictionary.to_pylist() if v is not None}
    codes = {code: i for i, code in enumerate(sorted(values))}
    none = len(codes)
    numbered = []
    for column in columns:
        mapping = np.array(
            [codes.get(v, none) for v in column.dictionary.to_pylist()] + [none], dtype=np.int32
        )
        indices = pa.compute.fill_null(column.indices.cast(pa.int32()), len(mapping) - 1)
        numbered.append(mapping[indices.to_numpy()])
    return codes, numbered[0], numbered[1]


def _dyad_keys(np: Any, first: Any, second: Any, width: int) -> Any:
    """The dyad key of each pair of code numbers (numpy arrays, or two numbers): the unordered
    pair as one number, ``low * width + high``."""
    return np.minimum(first, second).astype(np.int64) * width + np.maximum(first, second)


@attrs.define(eq=False, repr=False)
class _Indexes:
    """Row lookups built on first use (numpy).

    The table is ordered by dyad (the unordered pair of country codes), then day, then id,
    so a dyad's events are one contiguous slice, found by bisecting the dyad keys. For each
    country code, its rows (as either actor) are listed by day in ``single_rows``.
    """

    codes: dict[str, int]  # CAMEO country code -> its number
    width: int  # K: number of codes, plus one for "no code"
    sqldate: Any  # numpy int32, one per row (a view of the table's column)
    first: Any  # numpy int32: Actor1's code number, one per row
    dyad_keys: Any  # the dyad keys present (low * K + high), sorted
    dyad_starts: Any  # where each dyad's rows start (one more at the end)
    single_starts: Any  # where each code's rows start in single_rows (K + 1 entries)
    single_rows: Any  # int32 rows, grouped by code, by day within a code
    date_order: Any = None  # every row by day then id (int32), built when first asked

    @property
    def nbytes(self) -> int:
        arrays = [self.first, self.dyad_keys, self.dyad_starts, self.single_starts,
                  self.single_rows]  # fmt: skip
        if self.date_order is not None:
            arrays.append(self.date_order)
        return sum(int(a.nbytes) for a in arrays)


@attrs.define(eq=False, repr=False)
class CodedStore:
    """Coded events in columns (see the module's docstring).

    Attributes:
        table: The events: a pyarrow Table, one row each, ordered by dyad (the unordered pair
            of the actors' country codes), then SQLDATE, then GLOBALEVENTID, so that a dyad's
            events are one slice of it.
        resolve: CAMEO country code -> id of the ruiran state it stands for.
        dataset: The coded dataset's name (``'gdelt'``).
        summary: What reading the files did (lines read, kept, refused), when known.
    """

    table: Any
    resolve: Mapping[str, str]
    dataset: str = "gdelt"
    summary: Any = None
    _indexes: _Indexes | None = None
    _resolved: dict[str, tuple[Any, Any]] = attrs.Factory(dict)

    @classmethod
    def build(
        cls,
        table: Any,
        resolve: Mapping[str, str],
        dataset: str = "gdelt",
        summary: Any = None,
    ) -> CodedStore:
        """A store of ``table`` (GDELT columns): compacted, and put in dyad order."""
        pa = extras.pyarrow()
        np = extras.numpy()
        if "Version" not in table.schema.names:
            table = table.append_column("Version", pa.nulls(table.num_rows, pa.int8()))
        handed = [table]
        del table  # compact() holds the only reference (when the caller held none)
        table = compact(handed.pop())
        if table.num_rows > 1:
            codes, first, second = _numbered(table)
            width = len(codes) + 1
            dyad = _dyad_keys(np, first, second, width)
            dates = table.column("SQLDATE").to_numpy()
            ids = table.column("GLOBALEVENTID").to_numpy()
            order = np.lexsort((ids, dates, dyad))
            if not np.array_equal(order, np.arange(len(order))):
                handed = [table]
                del table
                table = _taken(handed.pop(), pa.array(order))
        return cls(table, dict(resolve), dataset, summary)

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
        """Every coded event, by day then id."""
        ix = self.indexes()
        if ix.date_order is None:
            np = extras.numpy()
            ids = self.table.column("GLOBALEVENTID").to_numpy()
            ix.date_order = np.lexsort((ids, ix.sqldate)).astype(np.int32)
        return CodedEvents(self, ix.date_order)

    def concat(self, other: CodedStore) -> CodedStore:
        """A store of both stores' events, one per GLOBALEVENTID: of an event in both, the
        copy with the latest DATEADDED, then ``other``'s (see :mod:`ruiran.coded.duplicates`).
        """
        pa = extras.pyarrow()
        np = extras.numpy()
        both = pa.concat_tables([_plain(self.table), _plain(other.table)])
        rank = np.repeat(np.array([0, 1], dtype=np.int64), [len(self), len(other)])
        both, _ = drop_duplicates(both, rank)
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
        codes, first, second = _numbered(self.table)
        width = len(codes) + 1
        n = len(first)
        dyad = _dyad_keys(np, first, second, width)
        keys, starts = np.unique(dyad, return_index=True)  # dyad order: one slice per key
        sqldate = self.table.column("SQLDATE").combine_chunks().to_numpy(zero_copy_only=False)
        ids = self.table.column("GLOBALEVENTID").combine_chunks().to_numpy(zero_copy_only=False)
        rows = np.arange(n, dtype=np.int32)
        other = second != first
        code_of = np.concatenate([first, second[other]])
        listed = np.concatenate([rows, rows[other]])
        by_code = np.lexsort((ids[listed], sqldate[listed], code_of))
        single_rows = listed[by_code]
        single_starts = np.searchsorted(code_of[by_code], np.arange(width + 1))
        return _Indexes(
            codes=codes,
            width=width,
            sqldate=sqldate,
            first=first,
            dyad_keys=keys,
            dyad_starts=np.append(starts, n).astype(np.int64),
            single_starts=single_starts.astype(np.int64),
            single_rows=single_rows,
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
        with ``code_prefix``; by day, then id.

        A dyad asked for whole (or over a window) is one slice of the table: handed on
        without copying. A side with a bloc's CAMEO known group code (``EEC``) is found by a
        scan instead (:func:`ruiran.coded.matches.scanned`).
        """
        np = extras.numpy()
        ix = self.indexes()
        lo_all = 0 if first is None else first
        hi_all = LAST_DAY if last is None else last
        parts: list[Any] = []  # each a (start, stop) slice, or rows by day
        sides = between if between is not None else (() if involving is None else (involving,))
        if any(x.group for side in sides for x in _codes(side)):
            one_way = directed if len(sides) == 2 else as_source
            parts.append(scanned(self.table, ix.sqldate, sides, lo_all, hi_all, one_way))
        elif between is not None:
            a, b = (_codes(side) for side in between)
            seen: set[tuple[str, str, int, int]] = set()
            for x in a:
                for y in b:
                    lo, hi = max(lo_all, x.first, y.first), min(hi_all, x.last, y.last)
                    span = self._dyad(ix, x.code, y.code, lo, hi)
                    if span is None or (x.code, y.code, lo, hi) in seen:
                        continue
                    if directed:
                        parts.append(self._as_first(ix, span, x.code))
                    else:
                        seen.add((y.code, x.code, lo, hi))  # the same slice, the other way
                        parts.append(span)
        elif involving is not None:
            for x in _codes(involving):
                lo, hi = max(lo_all, x.first), min(hi_all, x.last)
                rows = self._single(ix, x.code, lo, hi)
                if as_source and len(rows):
                    rows = rows[ix.first[rows] == ix.codes[x.code]]
                parts.append(rows)
        else:
            parts.append(self.all().rows)
            if first is not None or last is not None:
                days = ix.sqldate[parts[0]]
                parts[0] = parts[0][(days >= lo_all) & (days <= hi_all)]
        parts = [p for p in parts if (p[1] > p[0] if isinstance(p, tuple) else len(p))]
        if not parts:
            found: Any = np.zeros(0, dtype=np.int64)
        elif len(parts) == 1:
            found = parts[0]
        else:
            rows = np.unique(np.concatenate([_rows(np, p) for p in parts]))
            ids = self.table.column("GLOBALEVENTID").to_numpy()
            found = rows[np.lexsort((ids[rows], ix.sqldate[rows]))]
        if code_prefix is not None:
            rows = _rows(np, found)
            found = rows[self._code_mask(rows, code_prefix)]
        if isinstance(found, tuple):
            return CodedEvents(self, None, found)
        return CodedEvents(self, found)

    def _dyad(self, ix: _Indexes, x: str, y: str, lo: int, hi: int) -> tuple[int, int] | None:
        """The slice of the dyad {x, y} over days lo..hi, or None."""
        np = extras.numpy()
        if lo > hi or x not in ix.codes or y not in ix.codes:
            return None
        key = int(_dyad_keys(np, ix.codes[x], ix.codes[y], ix.width))
        at = int(np.searchsorted(ix.dyad_keys, key))
        if at == len(ix.dyad_keys) or ix.dyad_keys[at] != key:
            return None
        start, stop = int(ix.dyad_starts[at]), int(ix.dyad_starts[at + 1])
        if lo > 0 or hi < LAST_DAY:
            days = ix.sqldate[start:stop]
            start, stop = (
                start + int(np.searchsorted(days, lo, side="left")),
                start + int(np.searchsorted(days, hi, side="right")),
            )
        return (start, stop)

    def _as_first(self, ix: _Indexes, span: tuple[int, int], x: str) -> Any:
        """The rows of a dyad's slice with ``x`` as Actor1 (the other code is Actor2)."""
        np = extras.numpy()
        start, stop = span
        mask = ix.first[start:stop] == ix.codes[x]
        return np.flatnonzero(mask).astype(np.int64) + start

    def _single(self, ix: _Indexes, x: str, lo: int, hi: int) -> Any:
        """The rows in which code ``x`` is either actor, over days lo..hi, by day."""
        np = extras.numpy()
        if lo > hi or x not in ix.codes:
            return np.zeros(0, dtype=np.int64)
        code = ix.codes[x]
        rows = ix.single_rows[ix.single_starts[code] : ix.single_starts[code + 1]]
        if lo > 0 or hi < LAST_DAY:
            days = ix.sqldate[rows]
            rows = rows[
                int(np.searchsorted(days, lo, side="left")) : int(
                    np.searchsorted(days, hi, side="right")
                )
            ]
        return rows.astype(np.int64)

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

    def resolved_dictionary(self, name: str) -> tuple[Any, Any]:
        """For an actor country-code column: each dictionary entry's position among the
        resolved actor ids (-1: none; one more entry, for null), and those ids (pyarrow)."""
        cache = self._resolved
        if name not in cache:
            np = extras.numpy()
            pa = extras.pyarrow()
            column = self.table.column(name)
            chunk = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
            ids = [None if v is None else self.resolve.get(v) for v in chunk.dictionary.to_pylist()]
            names = sorted({i for i in ids if i is not None})
            where = {actor: n for n, actor in enumerate(names)}
            remap = np.array([-1 if i is None else where[i] for i in ids] + [-1], dtype=np.int32)
            cache[name] = (remap, pa.array(names, pa.string()))
        return cache[name]

    def record(self, row: int) -> CodedEvent:
        """The typed record of one row (built now, not kept)."""
        values = self.table.slice(row, 1).to_pylist()[0]
        return CodedEvent.from_row(values, self.resolve, self.dataset)


def _taken(table: Any, rows: Any) -> Any:
    """``table.take(rows)`` a column at a time, each old column freed once its copy is made
    (when the caller holds no other reference): the peak is the table and one column."""
    pa = extras.pyarrow()
    names = table.schema.names
    columns = list(table.columns)
    del table
    for at, column in enumerate(columns):
        columns[at] = column.take(rows)
        del column
    return pa.table(columns, names=names)


def _rows(np: Any, part: Any) -> Any:
    """A part of a selection as row numbers."""
    if isinstance(part, tuple):
        return np.arange(part[0], part[1], dtype=np.int64)
    return part


def _plain(table: Any) -> Any:
    """Dictionary columns decoded (to concatenate tables whose dictionaries differ)."""
    pa = extras.pyarrow()
    columns = [
        c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns
    ]
    return pa.table(columns, names=table.schema.names)


def _numbers(table: Any) -> Any:
    """The coordinate columns decoded to plain float64 (numbers are handed on as numbers)."""
    pa = extras.pyarrow()
    names = table.schema.names
    for at, name in enumerate(names):
        column = table.column(at)
        if name in COORDINATES and pa.types.is_dictionary(column.type):
            table = table.set_column(at, name, column.cast(column.type.value_type))
    return table


def _codes(side: Side) -> list[CountryCode]:
    return [c if isinstance(c, CountryCode) else CountryCode(c, c) for c in side]


class CodedEvents(Sequence[CodedEvent]):
    """A selection of coded events: rows of a store, in order (by day, then id).

    A sequence of :class:`~ruiran.coded.record.CodedEvent` whose records are built only when
    an item is taken; :meth:`to_arrow`, :meth:`to_pandas` and :meth:`to_duckdb` hand over
    every row at once, with no step per row in Python.
    """

    __slots__ = ("_rows", "_span", "_store")

    def __init__(self, store: CodedStore, rows: Any, span: tuple[int, int] | None = None) -> None:
        self._store = store
        self._rows = rows  # numpy row numbers, by day then id; or None with a span
        self._span = span  # (start, stop): a slice of the store's table (one dyad, by day)

    @property
    def store(self) -> CodedStore:
        """The store the rows belong to."""
        return self._store

    @property
    def rows(self) -> Any:
        """The row numbers in the store, in order (numpy array)."""
        if self._rows is None:
            start, stop = self._span or (0, 0)
            return extras.numpy().arange(start, stop, dtype="int64")
        return self._rows

    def __len__(self) -> int:
        if self._rows is None:
            start, stop = self._span or (0, 0)
            return stop - start
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> CodedEvent: ...
    @overload
    def __getitem__(self, index: slice) -> CodedEvents: ...
    def __getitem__(self, index: int | slice) -> CodedEvent | CodedEvents:
        if isinstance(index, slice):
            return CodedEvents(self._store, self.rows[index])
        position = range(len(self))[index]  # IndexError, negative indices
        if self._rows is None:
            return self._store.record((self._span or (0, 0))[0] + position)
        return self._store.record(int(self._rows[position]))

    def __iter__(self) -> Iterator[CodedEvent]:
        resolve, dataset = self._store.resolve, self._store.dataset
        for first in range(0, len(self), _BATCH):
            chunk = self[first : first + _BATCH].to_arrow()
            for values in chunk.to_pylist():
                yield CodedEvent.from_row(values, resolve, dataset)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CodedEvents):
            return NotImplemented
        if len(self) != len(other):
            return False
        mine = self.columns(["GLOBALEVENTID"]).column(0)
        theirs = other.columns(["GLOBALEVENTID"]).column(0)
        return bool(mine.equals(theirs))

    __hash__ = None  # type: ignore[assignment]

    @property
    def ids(self) -> list[int]:
        """The GLOBALEVENTIDs, in order."""
        return [int(i) for i in self.columns(["GLOBALEVENTID"]).column(0).to_pylist()]

    def columns(self, names: Sequence[str]) -> Any:
        """Some columns of the rows, as a pyarrow Table (a slice, with no copy, for one dyad)."""
        pa = extras.pyarrow()
        table = self._store.table.select(list(names))
        if self._rows is None:
            start, stop = self._span or (0, 0)
            return _numbers(table.slice(start, stop - start))
        return _numbers(table.take(pa.array(self._rows, pa.int64())))

    def to_arrow(self, *, resolved: bool = False) -> Any:
        """The rows as a pyarrow Table (GDELT's columns), in one step: for one dyad, a slice
        of the store's table, with no copy but for the coordinates (held dictionary-encoded,
        handed on as float64).

        With ``resolved``, two more columns, ``Actor1Resolved`` and ``Actor2Resolved``: the
        ruiran actor each country code stands for (dictionary-encoded; the mapping is made
        once per code, then applied to the rows in one numpy step).
        """
        pa = extras.pyarrow()
        table = self._store.table
        if self._rows is None:  # one slice: no copy
            start, stop = self._span or (0, 0)
            table = table.slice(start, stop - start)
        else:
            table = table.take(pa.array(self._rows, pa.int64()))
        table = _numbers(table)
        if resolved:
            np = extras.numpy()
            for name in ACTOR_COUNTRIES:
                column = table.column(name)
                chunk = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
                remap, names = self._store.resolved_dictionary(name)
                indices = chunk.indices
                if indices.null_count:
                    indices = indices.fill_null(len(remap) - 1)
                new = remap[np.asarray(indices.to_numpy())]
                table = table.append_column(
                    name.replace("CountryCode", "Resolved"),
                    pa.DictionaryArray.from_arrays(pa.array(new, pa.int32(), mask=new < 0), names),
                )
        return table

    def to_pandas(self, *, resolved: bool = True) -> Any:
        """The rows as a pandas DataFrame (text columns as categories), with the resolved
        actor columns unless ``resolved`` is False."""
        extras.pandas()
        return self.to_arrow(resolved=resolved).to_pandas()

    def to_duckdb(self, connection: Any = None, *, resolved: bool = True) -> Any:
        """The rows as a DuckDB relation, read from Arrow without copying row by row."""
        duckdb = extras.duckdb()
        table = self.to_arrow(resolved=resolved)
        if connection is None:
            return duckdb.from_arrow(table)
        return connection.from_arrow(table)

    def _repr_html_(self) -> str:
        """The events as an HTML table (Jupyter): the first and last ten past twenty."""
        from ruiran.coded.display import events_html

        return events_html(self)

    def __repr__(self) -> str:
        head = f"CodedEvents of {count(len(self), 'coded event')}"
        if not len(self):
            return head
        shown = [self[i] for i in range(min(len(self), 3))]
        lines = [f"{head}:", *(f"  {e!r}" for e in shown)]
        if len(self) > 3:
            lines.append(f"  … {len(self) - 3:,} more")
        return "\n".join(lines)
