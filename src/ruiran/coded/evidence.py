"""Answers over both kinds of evidence: cited records and coded events, in one result.

When a Dataset holds coded events, ``events_between``, ``events_involving`` and ``timeline``
return an :class:`Evidence`: still the usual :class:`~ruiran.query.results.Records` of cited items
(a tuple, so code written for cited datasets keeps working), with the coded events that answer
the same question beside them in :attr:`Evidence.coded`, a
:class:`~ruiran.coded.store.CodedEvents` that goes to Arrow, pandas or DuckDB in one step.
:meth:`Evidence.merged` gives both in one sequence, oldest first, each item marked by its
``evidence`` attribute: ``"cited"`` for records, ``"coded"`` for coded events.

Datasets without coded events return plain ``Records``, as before.

Examples:
    >>> import pathlib, tempfile, ruiran
    >>> from ruiran.testing import synthetic_gdelt
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "e.tsv", 3000, seed=4)
    >>> ds = ruiran.ingest.gdelt(path, between=("Russia", "Iran"))
    >>> found = ds.events_between("Russia", "Iran", start="2025")
    >>> isinstance(found, ruiran.Records), len(found.coded) > 0
    (True, True)
    >>> sorted({item.evidence for item in found.merged()})
    ['cited', 'coded']
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ruiran.model.display import count
from ruiran.query.entries import TimelineEntry
from ruiran.query.results import Records

if TYPE_CHECKING:
    from ruiran.coded.record import CodedEvent
    from ruiran.coded.store import CodedEvents

__all__ = ["Evidence", "evidence_of"]

_T_co = TypeVar("_T_co", covariant=True)


class Evidence(Records[_T_co]):
    """Cited records (the tuple itself) and the coded events answering the same question.

    Attributes:
        coded: The coded events, a :class:`~ruiran.coded.store.CodedEvents` (oldest first).
    """

    coded: CodedEvents

    def __new__(
        cls,
        items: Iterable[_T_co] = (),
        coded: CodedEvents | None = None,
        gaps: Iterable[str] = (),
    ) -> Evidence[_T_co]:
        self = super().__new__(cls, items, gaps)
        if coded is not None:
            self.coded = coded
        return self

    @property
    def cited(self) -> Records[_T_co]:
        """The cited part alone, as plain Records."""
        return Records(self, gaps=self.gaps)

    @property
    def total(self) -> int:
        """How many items both parts hold (``len()`` counts the cited part, as a tuple)."""
        return len(self) + len(self.coded)

    def merged(self) -> Iterator[_T_co | CodedEvent]:
        """Cited and coded items in one sequence, oldest first; each has ``.evidence``.

        Cited items without a date come last. Coded records are built as they are reached.
        """
        dated = [item for item in self if _first_day(item) is not None]
        undated = [item for item in self if _first_day(item) is None]
        cited: Iterator[tuple[Any, int, int, _T_co | CodedEvent]] = (
            (_key(item), 0, n, item) for n, item in enumerate(dated)
        )
        coded: Iterator[tuple[Any, int, int, _T_co | CodedEvent]] = (
            ((event.date, event.date, event.id), 1, n, event) for n, event in enumerate(self.coded)
        )
        for entry in heapq.merge(cited, coded, key=lambda entry: entry[:3]):
            yield entry[3]
        yield from undated

    def __repr__(self) -> str:
        cited = Records.__repr__(self).splitlines()
        head = (
            f"Evidence of {count(len(self), 'cited item')} and "
            f"{count(len(self.coded), 'coded event')}"
            + (f" ({self._incomplete()})" if self.gaps else "")
        )
        lines = [head + ":", *(cited[1:] or ["  (no cited items)"])]
        lines.append(f"  {self.coded!r}".replace("\n", "\n  "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The cited part's table, then the coded part's (``.coded``)."""
        return Records._repr_html_(self) + self.coded._repr_html_()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Evidence, (tuple(self), self.coded, self.gaps))


def evidence_of(found: Records[_T_co]) -> Evidence[_T_co]:
    """``found`` as an Evidence (for mypy: a query's answer on a dataset with coded events).

    Raises:
        TypeError: when the answer carries no coded part (its dataset holds no coded events).
    """
    if not isinstance(found, Evidence):
        raise TypeError("this answer has no coded part: its dataset holds no coded events")
    return found


def _first_day(item: object) -> Any:
    when = item.when if isinstance(item, TimelineEntry) else getattr(item, "date", None)
    return None if when is None else when.earliest


def _key(item: object) -> tuple[Any, Any, str]:
    when = item.when if isinstance(item, TimelineEntry) else getattr(item, "date", None)
    assert when is not None
    ident = item.record.id if isinstance(item, TimelineEntry) else str(getattr(item, "id", ""))
    return (when.earliest, when.latest, ident)
