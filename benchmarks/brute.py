"""Brute-force answers for the benchmarks: the tests' reference implementation, as it is.

The same ``Reference`` (``tests/reference.py``) that the property tests check the indexed
Dataset against (its timeline included), so the baseline the benchmarks time is the one proven
to agree with it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from reference import Reference, Relation, Span
from ruiran.model import AnyRecord, Sanction

__all__ = ["Brute", "Relation", "Span", "parts", "span"]

span = Reference.span
parts = Reference.parts


class Brute(Reference):
    """Every benchmarked query answered by scanning every record (the tests' Reference)."""

    def __init__(self, records: Sequence[AnyRecord]) -> None:
        super().__init__(list(records))

    def sanctions_on(self, target: str, window: Span | None) -> tuple[Sanction, ...]:
        return self.sanctions(target, None, window)
