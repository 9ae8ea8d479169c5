"""Brute-force answers for the benchmarks: the tests' reference implementation, as it is.

The same ``Reference`` (``tests/reference.py``) that the property tests check the indexed
Dataset against, so the baseline the benchmarks time is the one proven to agree with it; plus
the pair timeline, which only the benchmarks need.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from reference import Reference, Relation, Span, meet
from ruiran.model import Agreement, AnyRecord, Event, Sanction

__all__ = ["Brute", "Relation", "Span", "parts", "span"]

span = Reference.span
parts = Reference.parts


class Brute(Reference):
    """Every benchmarked query answered by scanning every record (the tests' Reference)."""

    def __init__(self, records: Sequence[AnyRecord]) -> None:
        super().__init__(list(records))

    def sanctions_on(self, target: str, window: Span | None) -> tuple[Sanction, ...]:
        return self.sanctions(target, None, window)

    def timeline(self, a: str, b: str, window: Span | None) -> list[tuple[Any, ...]]:
        """Dated entries about a pair: events, agreement milestones, sanctions between them."""
        entries: list[tuple[Any, ...]] = []
        for r in self.records:
            if isinstance(r, Event):
                if r.date is not None and all(self.takes_part(r, x, window) for x in (a, b)):
                    entries.append((r.date.earliest, r.date.latest, r.id, 0))
            elif isinstance(r, Agreement):
                if not all(self.takes_part(r, x, None) for x in (a, b)):
                    continue
                for i, m in enumerate(r.milestones):
                    when = None if m.date is None else (m.date.earliest, m.date.latest)
                    if when is None or (window is not None and meet(when, window) is None):
                        continue
                    if all(self.takes_part(r, x, when) for x in (a, b)):
                        entries.append((when[0], when[1], r.id, i))
            elif (
                isinstance(r, Sanction)
                and r.period is not None
                and any(
                    self.takes_part(r, x, window, ["sender"])
                    and self.takes_part(r, y, window, ["target"])
                    for x, y in ((a, b), (b, a))
                )
            ):
                entries.append((r.period.earliest, r.period.latest, r.id, 0))
        return sorted(entries)
