"""Which rows of a table of coded events a side's codes match, by a scan of the actor columns.

The store finds the rows of country codes through its indexes (:mod:`ruiran.coded.store`). A
side that holds a CAMEO known group code as well (a bloc's own, ``EEC`` for the European Union:
a :class:`~ruiran.coded.cameo.CountryCode` with ``group``) is matched here instead, one
boolean per row, numpy over the columns' dictionary indices: an actor is the side's when its
``CountryCode`` is one of the side's country codes on a day that code stands for it, or its
``KnownGroupCode`` is one of the side's group codes. The same rule as the SQL of
:func:`ruiran.coded.sql.side_sql`.

Examples:
    >>> import pyarrow as pa
    >>> from ruiran.coded.cameo import CountryCode
    >>> table = pa.table({"Actor1CountryCode": ["FRA", None, "IRN"],
    ...                   "Actor1KnownGroupCode": [None, "EEC", "UNO"]})
    >>> eu = [CountryCode("FRA", "france"), CountryCode("EEC", "european-union", group=True)]
    >>> side_mask(table, [20200101] * 3, "Actor1", eu, 0, 99_991_231).tolist()
    [True, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruiran.coded import extras
from ruiran.coded.cameo import LAST_DAY, CountryCode

__all__ = ["scanned", "side_mask", "value_mask"]


def scanned(
    table: Any,
    sqldate: Any,
    sides: Sequence[Sequence[CountryCode | str]],
    lo: int,
    hi: int,
    one_way: bool = False,
) -> Any:
    """The rows of ``table`` between two sides (either direction, or with ``one_way`` the
    first side as Actor1), or involving one side (as either actor, or with ``one_way`` as
    Actor1), within days ``lo``..``hi``: numpy row numbers (int64) by day, then
    GLOBALEVENTID. A plain code (a string) stands at every date.

    Examples:
        >>> import pyarrow as pa
        >>> table = pa.table({"GLOBALEVENTID": [7, 5, 6], "SQLDATE": [20200102, 20200102, 20200101],
        ...     "Actor1CountryCode": ["IRN", "EUR", "FRA"], "Actor1KnownGroupCode": [None, "EEC", None],
        ...     "Actor2CountryCode": ["FRA", "IRN", "USA"], "Actor2KnownGroupCode": [None, None, None]})
        >>> eu = [CountryCode("FRA", "france"), CountryCode("EEC", "european-union", group=True)]
        >>> day = table.column("SQLDATE").to_numpy()
        >>> scanned(table, day, [eu, ["IRN"]], 0, 99_991_231).tolist()
        [1, 0]
        >>> scanned(table, day, [eu], 0, 99_991_231, one_way=True).tolist()
        [2, 1]
    """
    np = extras.numpy()
    codes = [[c if isinstance(c, CountryCode) else CountryCode(c, c) for c in s] for s in sides]
    columns: dict[str, Any] = {}  # each actor column dictionary-encoded once for the scan

    def mask_of(actor: str, side: Sequence[CountryCode]) -> Any:
        return side_mask(table, sqldate, actor, side, lo, hi, columns)

    if len(codes) == 2:
        a, b = codes
        mask = mask_of("Actor1", a) & mask_of("Actor2", b)
        if not one_way:
            mask |= mask_of("Actor1", b) & mask_of("Actor2", a)
    else:
        mask = mask_of("Actor1", codes[0])
        if not one_way:
            mask |= mask_of("Actor2", codes[0])
    rows = np.flatnonzero(mask).astype(np.int64)
    ids = table.column("GLOBALEVENTID").to_numpy()
    return rows[np.lexsort((ids[rows], np.asarray(sqldate)[rows]))]


def side_mask(
    table: Any,
    sqldate: Any,
    actor: str,
    side: Sequence[CountryCode],
    lo: int,
    hi: int,
    columns: dict[str, Any] | None = None,
) -> Any:
    """Per row of ``table``: whether ``actor`` (``"Actor1"`` or ``"Actor2"``) is one of
    ``side``'s codes (its country code, or its known group code for a group code) on a day
    within ``lo``..``hi`` (YYYYMMDD) and within the code's own days.

    Args:
        table: A pyarrow Table with GDELT's actor columns.
        sqldate: Each row's day as YYYYMMDD (a numpy array, or a sequence of ints).
        actor: ``"Actor1"`` or ``"Actor2"``.
        side: The codes standing for one actor.
        lo: The window's first day.
        hi: The window's last day.
        columns: The columns already encoded (:func:`_encoded`), by name, shared between
            calls over one table so a bloc of many members encodes each column once.
    """
    np = extras.numpy()
    days = np.asarray(sqldate)
    encoded = {} if columns is None else columns
    mask = np.zeros(table.num_rows, dtype=bool)
    for x in side:
        start, stop = max(lo, x.first), min(hi, x.last)
        if start > stop:
            continue
        name = f"{actor}{'KnownGroupCode' if x.group else 'CountryCode'}"
        if name not in encoded:
            encoded[name] = _encoded(table, name)
        values, indices = encoded[name]
        hit = (values == x.code)[indices]
        if start > 0 or stop < LAST_DAY:
            hit &= (days >= start) & (days <= stop)
        mask |= hit
    return mask


def value_mask(table: Any, name: str, value: str) -> Any:
    """Per row of ``table``: whether the text column ``name`` holds ``value`` (a null never
    does); one comparison per distinct value, then a numpy lookup per row.

    Examples:
        >>> import pyarrow as pa
        >>> value_mask(pa.table({"c": ["EEC", None, "NAT", "EEC"]}), "c", "EEC").tolist()
        [True, False, False, True]
    """
    values, indices = _encoded(table, name)
    return (values == value)[indices]


def _encoded(table: Any, name: str) -> tuple[Any, Any]:
    """The text column ``name`` as its distinct values (a numpy object array, a null's slot
    last, matching nothing) and each row's index into them."""
    np = extras.numpy()
    pa = extras.pyarrow()
    column = table.column(name).combine_chunks()
    if not pa.types.is_dictionary(column.type):
        column = pa.compute.dictionary_encode(column)
    values = np.array([*column.dictionary.to_pylist(), None], dtype=object)
    indices = pa.compute.fill_null(column.indices.cast(pa.int64()), len(values) - 1)
    return values, indices.to_numpy()
