"""The relationship seen across the three kinds of evidence, a table at a time.

Cited records (meetings, agreements' milestones, sanctions regimes), coded events (GDELT) and
recorded votes (the UN General Assembly) answer their own questions through the Dataset, the
coded wing and :mod:`ruiran.votes`; this wing puts their answers side by side.
:mod:`~ruiran.overview.yearly` gives the relationship's pulse: one row per year.

It imports the face (to reach the bundled data and :mod:`ruiran.votes` as users do), the
votes, the Dataset's wing, the query terms, the model and the leaves; only the face and the
command line import it.
"""

from __future__ import annotations

from ruiran.overview.yearly import COLUMNS, MEETING_KINDS, pulse

__all__ = ["COLUMNS", "MEETING_KINDS", "pulse"]
