"""Timeline entries: one dated step in the story of an actor or a pair.

Examples:
    >>> import ruiran
    >>> entry = next(e for e in ruiran.timeline("Russia", "Iran") if e.kind == "milestone")
    >>> entry.label
    'Russian construction of the Bushehr nuclear power plant: signed'
"""

from __future__ import annotations

import datetime as dt

import attrs

from ruiran.model import Agreement, Event, Milestone, PartialDate, Period, Sanction
from ruiran.model.display import LABEL_CHARS, definition_html, escape, record_html

__all__ = ["TimelineEntry"]


@attrs.frozen(repr=False)
class TimelineEntry:
    """A dated entry: an event, an agreement's milestone, or a sanction's period.

    Attributes:
        when: The date or period of the entry.
        record: The event, agreement or sanction it comes from.
        milestone_index: For a milestone, its position in ``record.milestones``.
    """

    when: PartialDate | Period
    record: Event | Agreement | Sanction
    milestone_index: int | None = None

    @property
    def kind(self) -> str:
        """``'event'``, ``'milestone'`` or ``'sanction'``."""
        if self.milestone_index is not None:
            return "milestone"
        return "event" if isinstance(self.record, Event) else "sanction"

    @property
    def milestone(self) -> Milestone | None:
        """The milestone, for a milestone entry."""
        if self.milestone_index is None or not isinstance(self.record, Agreement):
            return None
        return self.record.milestones[self.milestone_index]

    @property
    def label(self) -> str:
        """A one-line description for tables and plots."""
        milestone = self.milestone
        if milestone is not None:
            return f"{self.record.title}: {milestone.stage.value.replace('_', ' ')}"
        return self.record.title

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
