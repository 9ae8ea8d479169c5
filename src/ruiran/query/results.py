"""Query results: :class:`Records`, a tuple that shows itself well in a REPL and in Jupyter.

Every query of a :class:`~ruiran.Dataset` returns a ``Records``: a real tuple (``==``, hashing,
``isinstance(x, tuple)``, unpacking and pickling are a tuple's; it equals a plain tuple of the
same items) whose repr lists one short line per item and whose ``_repr_html_`` is a table.
Slices and concatenations of it are plain tuples. A query without a window hands back its
index's own Records (the same immutable object at every call); a windowed one copies slices of
it: no work per row either way, and the rows are only looked at when the result is shown.

Examples:
    >>> import ruiran
    >>> found = ruiran.load().members("EAEU", on="2024")
    >>> isinstance(found, tuple), found == tuple(found), type(found[:2]).__name__
    (True, True, 'tuple')
    >>> print(repr(found).splitlines()[0])
    Records of 5 states:
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, Self, TypeVar

from pydantic import BaseModel

from ruiran.model import Actor, Stage
from ruiran.model.display import count, escape, record_row, table_html, value_row
from ruiran.query import frames
from ruiran.query.entries import TimelineEntry

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Records", "dataset_html"]

_T_co = TypeVar("_T_co", covariant=True)

#: How many items a Records' text repr lists whole; past it, the first and last few.
TEXT_ROWS: Final = 10
#: How many rows its HTML table shows whole; past it, the first and last few.
HTML_ROWS: Final = 20


class Records(tuple[_T_co, ...]):
    """The answer of a query: a tuple of records (or timeline entries, positions) in order.

    A tuple in every way, with a short repr (one line per item, the middle left out past
    :data:`TEXT_ROWS` items) and an HTML table for Jupyter (past :data:`HTML_ROWS` rows, the
    first and last ten). Slicing gives a plain tuple.

    Examples:
        >>> from ruiran.model import Citation, State
        >>> iran = State(id="iran", name="Iran", citations=(Citation(source="s", quote="Iran"),))
        >>> found = Records([iran])
        >>> found
        Records of 1 state:
          <State 'iran': Iran (1 citation)>
        >>> found == (iran,), hash(found) == hash((iran,)), Records()
        (True, True, Records())

        An answer also says whether the data covers its question (see
        :mod:`ruiran.dataset.coverage`): ``gaps`` holds one sentence for each part of the
        question the data does not cover, and ``complete`` is True when there is none. Neither
        takes part in ``==`` or ``hash``: two answers with the same items are equal.

        >>> answer = Records([iran], gaps=("sanctions sent by Japan are not covered",))
        >>> answer.complete, answer.gaps, answer == (iran,)
        (False, ('sanctions sent by Japan are not covered',), True)
        >>> Records().complete
        True

        Its repr says when an answer is incomplete (the gaps themselves are in ``gaps``):

        >>> answer
        Records of 1 state (complete=False, 1 gap):
          <State 'iran': Iran (1 citation)>
        >>> Records(gaps=("x", "y"))
        Records(complete=False, 2 gaps)

        An answer about the agreements of some actors (``agreements_between``,
        ``agreements_involving``) also holds the stage those actors reached in each: ``asked``
        (their ids) and ``stages`` (one per item, the least advanced of theirs, as
        ``ruiran agreements --between`` prints it). Neither takes part in ``==`` either; its
        frame's ``stage`` column is theirs (see :mod:`ruiran.query.frames`).

        >>> import ruiran
        >>> found = ruiran.agreements_between("Russia", "Iran")
        >>> found.asked, len(found.stages) == len(found)
        (('russia', 'iran'), True)
        >>> instc = [a.id for a in found].index("instc-agreement-2000")
        >>> str(found.stages[instc]), str(found[instc].stage)  # the pair's; every party's
        ('in_force', 'ratified')
    """

    #: Sentences naming each part of the question the data does not cover (none: complete).
    gaps: tuple[str, ...] = ()
    #: The ids of the actors whose stage :attr:`stages` gives (empty: an answer without).
    asked: tuple[str, ...] = ()
    #: The stage the :attr:`asked` actors reached in each item, in the items' order: the least
    #: advanced of theirs, None where one of them has reached none (empty: not asked).
    stages: tuple[Stage | None, ...] = ()

    def __new__(cls, items: Iterable[_T_co] = (), gaps: Iterable[str] = ()) -> Self:
        self = super().__new__(cls, items)
        found = tuple(gaps)
        if found:
            self.gaps = found
        return self

    @property
    def complete(self) -> bool:
        """Whether the data covers every part of the question (no :attr:`gaps`)."""
        return not self.gaps

    def with_gaps(self, gaps: Iterable[str]) -> Self:
        """These items, with ``gaps`` (a copy: the answer an index hands out stays as it is).

        The copy keeps the type and any other attributes (an Evidence keeps its coded part).
        It is made once per set of gaps and kept beside these items, so a question asked again
        gets the same object, as a question without gaps does (answers are immutable).

        Examples:
            >>> answer = Records([1, 2])
            >>> answer.with_gaps(["the data runs to 2025-12-15"]).gaps
            ('the data runs to 2025-12-15',)
            >>> answer.with_gaps(["x"]) is answer.with_gaps(["x"])
            True
        """
        found = tuple(gaps)
        if found == self.gaps:
            return self
        return self._copy("_with_gaps", found, gaps=found)

    def with_stages(self, asked: Iterable[str], stages: Iterable[Stage | None]) -> Self:
        """These items, with the stage the ``asked`` actors (ids) reached in each (a copy,
        kept like :meth:`with_gaps`'s).

        Raises:
            ValueError: when there is not one stage per item.

        Examples:
            >>> from ruiran.model import Stage
            >>> answer = Records(["a", "b"]).with_stages(["russia"], [Stage.SIGNED, None])
            >>> answer.asked, [str(s) for s in answer.stages]
            (('russia',), ['signed', 'None'])
            >>> answer == ("a", "b")
            True
        """
        who, found = tuple(asked), tuple(stages)
        if len(found) != len(self):
            raise ValueError(
                f"'stages' must hold one stage per item of the answer ({len(self)}), "
                f"got {len(found)}"
            )
        if (who, found) == (self.asked, self.stages):
            return self
        return self._copy("_with_stages", (who, found), asked=who, stages=found)

    def _copy(self, cache: str, key: Hashable, **changed: object) -> Self:
        """A copy of these items with ``changed`` attributes, made once per ``key`` and kept
        in this answer's ``cache`` (answers are immutable: the same question, the same
        object). The copy keeps every other attribute, not the caches."""
        made: dict[Hashable, Self] = self.__dict__.setdefault(cache, {})
        copy = made.get(key)
        if copy is None:
            copy = tuple.__new__(type(self), self)
            copy.__dict__.update(
                (name, value)
                for name, value in self.__dict__.items()
                if not name.startswith("_with_")
            )
            copy.__dict__.update(changed)
            made[key] = copy
        return copy

    def __repr__(self) -> str:
        if not self:
            return f"Records({self._incomplete()})"
        incomplete = f" ({self._incomplete()})" if self.gaps else ""
        lines = [f"Records of {_describe(self)}{incomplete}:"]
        for item in _shown(self, TEXT_ROWS):
            lines.append(f"  … {len(self) - TEXT_ROWS} more …" if item is _GAP else f"  {item!r}")
        return "\n".join(lines)

    def _incomplete(self) -> str:
        """``'complete=False, 2 gaps'`` for an incomplete answer; nothing for a complete one."""
        return f"complete=False, {count(len(self.gaps), 'gap')}" if self.gaps else ""

    def _repr_html_(self) -> str:
        """The items as an HTML table (Jupyter): one row each, every value escaped; an
        incomplete answer says so in the caption and lists its gaps below the table."""
        half = HTML_ROWS // 2
        shown = _shown(self, HTML_ROWS)
        index = (
            list(range(len(self)))
            if len(self) <= HTML_ROWS
            else [*range(half), *range(len(self) - half, len(self))]
        )
        rows = [None if item is _GAP else _row(item) for item in shown]
        caption = _describe(self) if self else "no records"
        if self.gaps:
            caption += f" ({self._incomplete()})"
        gaps = "".join(f"<li>{escape(gap)}</li>" for gap in self.gaps)
        notes = f'<ol class="ruiran-gaps">{gaps}</ol>' if gaps else ""
        return table_html(rows, caption, index=index) + notes

    def __reduce__(self) -> tuple[object, ...]:
        # The items and the gaps, and the asked actors' stages when there are any (not the
        # caches of copies with_gaps and with_stages keep).
        if not self.stages:
            return (type(self), (tuple(self), self.gaps))
        return (type(self), (tuple(self), self.gaps), {"asked": self.asked, "stages": self.stages})

    def to_pandas(self) -> pd.DataFrame:
        """The answer as a pandas DataFrame: one row per item, in order, typed columns (see
        :mod:`ruiran.query.frames`); needs ``ruiran[pandas]``."""
        return frames.to_pandas(self)


class _Gap:
    """Where a long listing leaves items out."""


_GAP: Final = _Gap()


def _shown(items: Sequence[object], limit: int) -> list[object]:
    """All the items, or past ``limit`` the first and last ``limit // 2`` with a gap between."""
    if len(items) <= limit:
        return list(items)
    half = limit // 2
    return [*items[:half], _GAP, *items[len(items) - half :]]


def _row(item: object) -> Mapping[str, str]:
    if isinstance(item, TimelineEntry):
        return {
            "when": str(item.when),
            "kind": item.kind,
            "label": item.label,
            "record": item.record.id,
        }
    if isinstance(item, BaseModel):
        return record_row(item) if isinstance(getattr(item, "id", None), str) else value_row(item)
    return {"value": repr(item)}


def _describe(items: Sequence[object]) -> str:
    """``'6 agreements'``, ``'30 actors'``, ``'2 timeline entries'``, ``'103 records'``."""
    kinds = {type(item) for item in items}
    if kinds == {TimelineEntry}:
        return count(len(items), "timeline entry", "timeline entries")
    if len(kinds) == 1:
        (kind,) = kinds
        if issubclass(kind, BaseModel):
            name = getattr(items[0], "type", None)
            return count(len(items), name if isinstance(name, str) else kind.__name__.lower())
    if all(isinstance(item, Actor) for item in items):
        return count(len(items), "actor")
    if all(isinstance(getattr(item, "id", None), str) for item in items):
        return count(len(items), "record")
    return count(len(items), "item")


def dataset_html(total: int, kinds: Sequence[tuple[str, Sequence[object]]], rows: int = 5) -> str:
    """A dataset in HTML: its counts by kind, then the first ``rows`` records of each kind.

    Args:
        total: How many records the dataset holds.
        kinds: Each kind's name (singular: ``"agreement"``) and its records, in the order shown.
        rows: How many records of each kind to show.

    Examples:
        >>> html = dataset_html(1, [("actor", [])])
        >>> "Dataset of 1 record" in html and "<details>" not in html
        True
    """
    counts = []
    for name, records in kinds:
        types = Counter(str(getattr(record, "type", "")) for record in records)
        detail = ", ".join(
            count(n, t, "persons" if t == "person" else None) for t, n in types.items()
        )
        counts.append(
            {
                "kind": name,
                "records": str(len(records)),
                "of which": detail if len(types) > 1 else "",
            }
        )
    parts = [table_html(counts, f"Dataset of {count(total, 'record')}")]
    for name, records in kinds:
        if not records:
            continue
        shown = count(len(records), name)
        caption = shown if len(records) <= rows else f"the first {rows} of {shown}"
        parts.append(
            f"<details><summary>{escape(shown)}</summary>"
            f"{table_html([_row(r) for r in records[:rows]], caption)}</details>"
        )
    return '<div class="ruiran-dataset">' + "".join(parts) + "</div>"
