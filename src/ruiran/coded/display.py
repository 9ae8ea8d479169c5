"""Coded events in HTML (Jupyter): a table of the rows a caller sees, built only for those rows.

:class:`~ruiran.coded.store.CodedEvents` (the coded part of an answer) shows itself as a table
of its first and last ten events (day, id, who, CAMEO code and kind, whom, Goldstein score,
where it was coded from), with the middle left out: only the rows shown become records.
Every value is escaped (actor names and addresses come from the coded files).

Examples:
    >>> import pathlib, tempfile, ruiran
    >>> from ruiran.testing import synthetic_gdelt
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "e.tsv", 500, seed=1)
    >>> found = ruiran.ingest.gdelt(path, between=("Russia", "Iran")).events_between(
    ...     "Russia", "Iran")
    >>> html = found.coded._repr_html_()
    >>> "coded events" in html and "<table" in html
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from ruiran.coded.record import CodedEvent
from ruiran.model.display import count, table_html

__all__ = ["HTML_ROWS", "events_html", "row"]

#: How many coded events a table shows whole; past it, the first and last half as many.
HTML_ROWS: Final = 20


def row(event: CodedEvent) -> Mapping[str, str]:
    """One coded event as a row of plain text."""
    kind = event.kind
    return {
        "date": event.date.isoformat(),
        "id": event.id,
        "actor 1": event.actor1.name or event.actor1.code or "",
        "code": event.event_code + (f" ({kind.value})" if kind is not None else ""),
        "actor 2": event.actor2.name or event.actor2.code or "",
        "goldstein": "" if event.goldstein is None else f"{event.goldstein:g}",
        "source": event.source_url or "",
    }


def events_html(events: Sequence[CodedEvent], rows: int = HTML_ROWS) -> str:
    """``events`` as an HTML table: all of them, or past ``rows`` the first and last
    ``rows // 2`` with a gap between (only those become records).

    Examples:
        >>> "no coded events" in events_html([])
        True
    """
    total = len(events)
    if total <= rows:
        shown: list[int | None] = list(range(total))
    else:
        half = rows // 2
        shown = [*range(half), None, *range(total - half, total)]
    caption = count(total, "coded event") if total else "no coded events"
    cells = [None if at is None else row(events[at]) for at in shown]
    index = [at for at in shown if at is not None]
    return table_html(cells, f"{caption} (to_arrow(), to_pandas(), to_duckdb())", index=index)
