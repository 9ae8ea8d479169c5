"""Timeline entries: one dated step in the story of an actor or a pair.

Examples:
    >>> import ruiran
    >>> entry = next(e for e in ruiran.timeline("Russia", "Iran") if e.kind == "milestone")
    >>> entry.label
    'Russia–Iran agreement on cooperation in the peaceful use of nuclear energy (1992): signed'
    >>> [e.label for e in ruiran.timeline("Russia", "Iran", start="2025-04", end="2025-05")
    ...  if e.kind == "milestone"][0]
    'Russia–Iran Comprehensive Strategic Partnership Treaty: ratified (Russia)'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Final

import attrs

from ruiran.model import (
    Agreement,
    Event,
    Milestone,
    PartialDate,
    Period,
    Sanction,
    SanctionMilestone,
)
from ruiran.model.display import LABEL_CHARS, definition_html, escape, record_html
from ruiran.query.frames import Cell, date_cells

__all__ = ["CELLS", "TimelineEntry"]

#: The cells of an entry seen as a mapping: the columns of ``pd.DataFrame(timeline)``.
CELLS: Final = (
    "when",
    "start",
    "end",
    "precision",
    "kind",
    "label",
    "record",
    "milestone",
    "party",
)


@attrs.frozen(repr=False)
class TimelineEntry(Mapping[str, Cell]):
    """A dated entry: an event, a milestone of an agreement or a sanctions regime, or a
    sanction's period.

    An entry is also a read-only mapping of its cells (:data:`CELLS`), plain values for a
    table: ``when`` (the EDTF text), ``start`` and ``end`` (its first and last day, a
    ``datetime.date``, None for an open end), ``precision`` (a
    :class:`~ruiran.model.Precision`), ``kind``, ``label``, ``record`` (the record's id),
    ``milestone`` (the milestone's position) and ``party`` (a party's own milestone's party).
    So ``pd.DataFrame(ruiran.timeline(...))`` has these columns (pandas builds a column per key
    from a list of mappings); ``.to_pandas()`` on the answer gives them their dtypes.

    Examples:
        >>> import ruiran
        >>> entry = ruiran.timeline("Russia", "Iran", start="2025")[4]
        >>> entry["when"], entry["record"], entry["party"], entry["start"]
        ('2025-01-17', 'treaty-comprehensive-strategic-partnership', None, datetime.date(2025, 1, 17))

    Attributes:
        when: The date or period of the entry.
        record: The event, agreement or sanction it comes from.
        milestone_index: For a milestone (of an agreement or a sanctions regime), its
            position in ``record.milestones``.
        party_name: For a party's own milestone, the party's name (the label shows it; when
            it is not given, the label shows the party's id).
    """

    when: PartialDate | Period
    record: Event | Agreement | Sanction
    milestone_index: int | None = None
    party_name: str | None = attrs.field(default=None, kw_only=True)

    @property
    def kind(self) -> str:
        """``'event'``, ``'milestone'`` (an agreement's) or ``'sanction'`` (a sanction's period,
        or a step of a sanctions regime)."""
        if isinstance(self.record, Agreement):
            return "milestone"
        return "event" if isinstance(self.record, Event) else "sanction"

    @property
    def evidence(self) -> str:
        """What kind of evidence the entry rests on: ``'cited'`` (coded events say ``'coded'``)."""
        return "cited"

    @property
    def milestone(self) -> Milestone | None:
        """The agreement's milestone, for a milestone entry."""
        if self.milestone_index is None or not isinstance(self.record, Agreement):
            return None
        return self.record.milestones[self.milestone_index]

    @property
    def step(self) -> SanctionMilestone | None:
        """The sanctions regime's step (imposed, lifted, ...), for a sanction step's entry."""
        if self.milestone_index is None or not isinstance(self.record, Sanction):
            return None
        return self.record.milestones[self.milestone_index]

    @property
    def label(self) -> str:
        """A one-line description for tables and plots: a party's own milestone names the party
        (``'...: ratified (Russia)'``); a joint one does not."""
        milestone, step = self.milestone, self.step
        if milestone is not None:
            stage = milestone.stage.value.replace("_", " ")
            party = self.party_name or milestone.party
            return f"{self.record.title}: {stage}{f' ({party})' if party else ''}"
        if step is not None:
            return f"{self.record.title}: {step.action.value}"
        return self.record.title

    def _cells(self) -> dict[str, Cell]:
        milestone = self.milestone
        return {
            **date_cells(self.when),
            "kind": self.kind,
            "label": self.label,
            "record": self.record.id,
            "milestone": self.milestone_index,
            "party": None if milestone is None else milestone.party,
        }

    def __getitem__(self, key: str) -> Cell:
        if key not in CELLS:
            raise KeyError(f"a timeline entry's cells are {CELLS!r} (got {key!r})")
        return self._cells()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(CELLS)

    def __len__(self) -> int:
        return len(CELLS)

    def sort_key(self) -> tuple[dt.date, dt.date, str, int]:
        """Oldest first: first day, last day, record id, milestone position."""
        return (self.when.earliest, self.when.latest, self.record.id, self.milestone_index or 0)

    def __repr__(self) -> str:
        """One line: when, kind, record id and label (clipped), not the whole record.

        Examples:
            >>> import ruiran
            >>> repr(ruiran.timeline("Russia", "Iran")[0])
            "<TimelineEntry 1722/1828 event 'russo-persian-wars': Russo-Persian wars of the 18th and 19th centuries>"
        """
        text = self.label if len(self.label) <= LABEL_CHARS else self.label[: LABEL_CHARS - 1] + "…"
        return f"<TimelineEntry {self.when} {self.kind} {self.record.id!r}: {text}>"

    def _repr_html_(self) -> str:
        """The entry in HTML (Jupyter): when, kind, label, then its record's table."""
        rows = [
            ("when", escape(self.when)),
            ("kind", escape(self.kind)),
            ("label", escape(self.label)),
            ("record", record_html(self.record)),
        ]
        return definition_html("TimelineEntry", rows)
