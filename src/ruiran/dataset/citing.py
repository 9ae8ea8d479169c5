"""Provenance: the records that cite a source, or a passage of its text.

Examples:
    >>> _occurrences("a b a", "a")
    [(0, 1), (4, 5)]
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

from ruiran.dataset.index import Index, all_citations
from ruiran.errors import QueryError, clip
from ruiran.model import AnyRecord, Source
from ruiran.query.results import Records

__all__ = ["citing"]


def citing(
    index: Index,
    texts: Mapping[str, str],
    quote_starts: dict[str, Mapping[str, list[int]]],
    source: Source | str,
    passage: str | None = None,
) -> Records[AnyRecord]:
    """Records that cite a source, or a passage of it: see :meth:`ruiran.Dataset.citing`.

    ``quote_starts`` is the Dataset's cache, filled here: for each source, where each of its
    quotes occurs in its text.
    """
    source_id = source.id if isinstance(source, Source) else source
    if not isinstance(index.by_id.get(source_id), Source):
        raise QueryError(f"{source_id!r} is not the id of a source in this dataset")
    records = index.citing.get(source_id, ())
    if passage is None:
        return Records(records)
    text = texts.get(source_id)
    if text is None:
        raise QueryError(f"source {source_id!r} has no text to find a passage in")
    wanted = _occurrences(text, passage)
    if not wanted:
        from ruiran.hints.passages import passage_hint  # only for a passage that is missing

        raise QueryError(
            f"the passage does not occur in source {source_id!r}: {clip(repr(passage))}"
            + passage_hint(text, passage, noun="passage")
        )
    starts = quote_starts.get(source_id)
    if starts is None:  # once per source: every quote's places, in one pass over the text
        quotes = {c.quote for r in records for c in all_citations(r) if c.source == source_id}
        from ruiran.dataset.integrity import positions

        starts = quote_starts[source_id] = positions(text, quotes)
    return Records(
        record
        for record in records
        if any(
            c.source == source_id and _overlaps(starts[c.quote], len(c.quote), wanted)
            for c in all_citations(record)
        )
    )


def _occurrences(text: str, words: str) -> list[tuple[int, int]]:
    """Every (start, end) position of ``words`` in ``text``."""
    found: list[tuple[int, int]] = []
    start = text.find(words)
    while start != -1:
        found.append((start, start + len(words)))
        start = text.find(words, start + 1)
    return found


def _overlaps(starts: list[int], length: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a quote of ``length`` found at sorted ``starts`` shares a character with a span."""
    for lo, hi in spans:
        # The first occurrence that ends after ``lo``: does it start before ``hi``?
        i = bisect.bisect_right(starts, lo - length)
        if i < len(starts) and starts[i] < hi:
            return True
    return False
