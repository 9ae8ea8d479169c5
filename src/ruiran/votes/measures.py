"""Agreement between two states' votes, computed on columns.

Over the roll calls in which **both** cast a vote (yes, no or abstain; an absence, a seat not
yet a member, or no row in the data leaves the roll call out):

- ``n``: how many such roll calls;
- ``agreement``: the share of them in which the two cast the same vote (yes–yes, no–no,
  abstain–abstain count 1; anything else 0);
- ``agreement_half`` (with ``half=True``): the same, but one abstaining while the other votes
  yes or no counts one half (yes against no still 0), the three-category reading of
  Voeten's agreement scores.

``by="year"`` gives a row per calendar year, ``by="issue"`` a row per issue code (a roll call
counts under each code it carries; roll calls with none count only in the overall figure);
rows with ``n == 0`` are left out. Each step is a numpy operation over the roll calls (about
six thousand), never a loop over votes.

Examples:
    >>> import numpy as np
    >>> a = np.array([1, 1, 2, 3, 0, 8], dtype=np.int8)
    >>> b = np.array([1, 3, 1, 3, 1, 1], dtype=np.int8)
    >>> counts(a, b, np.ones(6, dtype=bool))
    (4, 2, 2.5)
"""

from __future__ import annotations

from typing import Any, Final

from ruiran.votes.codes import ABSTAIN, ISSUES, NO, YES
from ruiran.votes.store import VoteStore, numpy

__all__ = ["BY", "counts", "table"]

#: The groupings ``agreement`` accepts.
BY: Final = (None, "year", "issue")


def _both(a: Any, b: Any) -> Any:
    return (a >= YES) & (a <= NO) & (b >= YES) & (b <= NO)


def _scores(a: Any, b: Any, both: Any) -> tuple[Any, Any]:
    """Per roll call: 1 for the same vote (else 0), and the half-abstention score."""
    np = numpy()
    same = both & (a == b)
    one_abstains = both & ((a == ABSTAIN) != (b == ABSTAIN))
    half = same.astype(np.float64) + 0.5 * one_abstains
    return same, half


def counts(a: Any, b: Any, mask: Any) -> tuple[int, int, float]:
    """``n``, the roll calls with the same vote, and the half-abstention score's sum.

    ``a`` and ``b`` are rows of vote codes; ``mask`` selects the roll calls looked at.
    """
    both = _both(a, b) & mask
    same, half = _scores(a, b, both)
    return int(both.sum()), int(same.sum()), float(half.sum())


def table(
    store: VoteStore, a: Any, b: Any, mask: Any, *, by: str | None, half: bool
) -> dict[str, Any]:
    """The columns of the agreement table (see the module's docstring), as numpy arrays."""
    np = numpy()
    both = _both(a, b) & mask
    same, scores = _scores(a, b, both)
    if by is None:
        n = np.array([both.sum()], dtype=np.int64)
        agree = np.array([same.sum()], dtype=np.int64)
        halves = np.array([scores.sum()], dtype=np.float64)
        keys: dict[str, Any] = {}
    elif by == "year":
        years, where = store.years()
        n = np.bincount(where, weights=both, minlength=len(years)).astype(np.int64)
        agree = np.bincount(where, weights=same, minlength=len(years)).astype(np.int64)
        halves = np.bincount(where, weights=scores, minlength=len(years))
        keys = {"year": years.astype(np.int64)}
    else:
        flags = store.issues
        n = (flags & both).sum(axis=1).astype(np.int64)
        agree = (flags & same).sum(axis=1).astype(np.int64)
        halves = (flags * scores).sum(axis=1)
        keys = {"issue": np.array(list(ISSUES), dtype=object)}
    keep = n > 0
    columns = {k: v[keep] for k, v in keys.items()}
    columns["n"] = n[keep]
    with np.errstate(invalid="ignore", divide="ignore"):
        columns["agreement"] = agree[keep] / n[keep]
        if half:
            columns["agreement_half"] = halves[keep] / n[keep]
    return columns
