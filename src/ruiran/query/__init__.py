"""The terms of a query: what a question takes and what its answer is, with no dataset logic.

Both the Dataset (:mod:`ruiran.dataset`) and the coded wing (:mod:`ruiran.coded`) ask and answer
the same questions, so the values they share sit here, beneath both:

- ``arguments``: query arguments checked and turned into day windows and enum members (a
  :class:`~ruiran.errors.QueryError` saying what would be valid otherwise);
- ``timespan``: the closed day intervals (``Span``) that dates, periods and windows cover;
- ``results``: :class:`Records`, the tuple every query answers;
- ``entries``: :class:`TimelineEntry`, one dated step of a timeline;
- ``frames``: an answer as a pandas DataFrame (``Records.to_pandas()``), pandas imported lazily.

None of them holds or indexes records: each is a value type or a pure function. They import the
records (:mod:`ruiran.model`), :mod:`ruiran.errors` and the message hints (:mod:`ruiran.hints`);
any wing above may import them. Importing this package imports none of its modules.

Examples:
    >>> from ruiran.query.arguments import period
    >>> period("2024", "2025-03")
    (datetime.date(2024, 1, 1), datetime.date(2025, 3, 31))
"""

__all__ = ["arguments", "entries", "frames", "results", "timespan"]
