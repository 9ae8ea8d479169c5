"""One row per event: which copy of a GLOBALEVENTID is kept when files overlap.

The same event can reach ruiran more than once: GDELT 2.0's 15-minute files overlap, a day's
1.0 file is given beside the 2.0 files of that day, the same file is given twice (plain and
zipped), or two folders of coded events are merged. :func:`drop_duplicates` keeps one row per
``GLOBALEVENTID``, chosen by a fixed rule, and says how many it dropped:

1. the **latest** ``DATEADDED`` (GDELT 1.0 gives a day, ``YYYYMMDD``, read as that day's start;
   2.0 gives ``YYYYMMDDHHMMSS``; a row without one counts as the oldest);
2. on a tie, the row with the highest ``rank`` (for a read, the file given last; for a merge,
   the store put on top);
3. on a tie again, the later row of the table.

The kept rows stay in their order. When the ids are already strictly increasing (GDELT writes
them so within a file, and files given in time order keep it) the check is one pass with no
sort.

Examples:
    >>> import pyarrow as pa
    >>> table = pa.table({"GLOBALEVENTID": [1, 2, 1, 3],
    ...                   "DATEADDED": [20240101000000, 20240101000000, 20240101001500, None]})
    >>> kept, dropped = drop_duplicates(table)
    >>> kept.column("GLOBALEVENTID").to_pylist(), kept.column("DATEADDED").to_pylist(), dropped
    ([2, 1, 3], [20240101000000, 20240101001500, None], 1)
    >>> added_key([20240101, 20240101120000, None]).tolist()
    [20240101000000, 20240101120000, -1]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from ruiran.coded import extras

__all__ = ["added_key", "drop_duplicates"]

#: A DATEADDED below this is GDELT 1.0's day (YYYYMMDD), not 2.0's second (YYYYMMDDHHMMSS).
_DAY_ONLY: Final = 10**9


def added_key(values: Any) -> Any:
    """DATEADDED values as comparable numbers (numpy int64): a 1.0 day as its first second
    (``YYYYMMDD000000``), a missing value as -1 (older than any)."""
    np = extras.numpy()
    pa = extras.pyarrow()
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        array = pa.compute.fill_null(values.cast(pa.int64()), -1)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        added = np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.int64)
    else:
        added = np.array([-1 if v is None else int(v) for v in values], dtype=np.int64)
    return np.where((added >= 0) & (added < _DAY_ONLY), added * 1_000_000, added)


def drop_duplicates(table: Any, rank: Sequence[int] | Any = None) -> tuple[Any, int]:
    """``table`` (pyarrow, with GLOBALEVENTID and DATEADDED) with one row per GLOBALEVENTID,
    chosen by the rule of the module's docstring, and how many rows were dropped.

    Args:
        table: The rows.
        rank: One number per row (numpy or a sequence): on a DATEADDED tie the highest wins.
            None: every row ranks the same.
    """
    np = extras.numpy()
    n = int(table.num_rows)
    if n < 2:
        return table, 0
    column = table.column("GLOBALEVENTID")
    ids = np.asarray(column.combine_chunks().to_numpy(zero_copy_only=False), dtype=np.int64)
    if bool(np.all(ids[1:] > ids[:-1])):
        return table, 0  # strictly increasing: no id twice
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    if not bool(np.any(ordered[1:] == ordered[:-1])):
        return table, 0
    added = added_key(table.column("DATEADDED"))
    ranks = np.zeros(n, dtype=np.int64) if rank is None else np.asarray(rank, dtype=np.int64)
    # by id, then DATEADDED, then rank, then position: the last row of each id wins
    order = np.lexsort((np.arange(n), ranks, added, ids))
    ordered = ids[order]
    last = np.append(ordered[1:] != ordered[:-1], True)
    keep = np.sort(order[last])
    return table.take(extras.pyarrow().array(keep)), n - len(keep)
