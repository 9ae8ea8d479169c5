"""The one check of a figure's texts that every figure test makes: all inside, none overlapping.

Each test gathers the texts its figure draws (titles, labels, legends, the tick labels in view)
with their boxes in pixels; :func:`assert_apart` holds them to the figure's frame and to each
other.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any


def assert_apart(texts: Sequence[tuple[str, Any]], frame: Any, slack: float = 1) -> None:
    """No text runs off ``frame`` (by more than a pixel) and no two overlap by more than
    ``slack`` pixels in both directions."""
    for text, box in texts:
        assert frame.x0 - 1 <= box.x0, f"{text!r} runs off the left"
        assert box.x1 <= frame.x1 + 1, f"{text!r} runs off the right"
        assert frame.y0 - 1 <= box.y0, f"{text!r} runs off the bottom"
        assert box.y1 <= frame.y1 + 1, f"{text!r} runs off the top"
    for (a, box), (b, other) in itertools.combinations(texts, 2):
        overlap = (
            min(box.x1, other.x1) - max(box.x0, other.x0),
            min(box.y1, other.y1) - max(box.y0, other.y0),
        )
        assert min(overlap) <= slack, f"{a!r} overlaps {b!r}"
