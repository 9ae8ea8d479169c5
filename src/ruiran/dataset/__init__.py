"""The Dataset and its query engine: what holds cited records, checks them and answers queries.

:class:`Dataset` is the one object users hold. Its own module (``core``) holds and checks
records; its queries live in modules by what they answer, and its machinery beside them:

- ``core``: the Dataset: holding records, merging, equality; each query method delegates;
- ``actors`` (actors and offices), ``agreements`` (agreements and lifecycles), ``sanctions``,
  ``events`` (with the hand-off to coded events), ``timeline`` and ``citing``: the queries;
- ``index``, ``chronology``: the indexes built once, and the windows they answer;
- ``integrity``, ``cow``: the cross-record checks, and the Correlates of War table they use;
- ``bulk``: building millions of small objects without the cyclic garbage collector.

What may import it: the reading machinery, the coded wing's entry points (``ruiran.ingest``),
exports, the command line and the face (``ruiran``). It imports the records (``ruiran.model``),
the terms of a query it shares with the coded wing (``ruiran.query``: arguments, day spans,
:class:`~ruiran.query.results.Records`, :class:`~ruiran.query.entries.TimelineEntry`),
``ruiran.errors``, and the coded wing (``ruiran.coded``) only to hand questions about coded
events on; the coded wing never imports the Dataset.

Examples:
    >>> from ruiran.dataset import ActorLike, Dataset
    >>> Dataset([]).actors
    Records()
"""

from ruiran.dataset.actors import ActorLike
from ruiran.dataset.core import Dataset

__all__ = ["ActorLike", "Dataset"]

Dataset.__module__ = __name__  # where users import it from: what repr, pickle and docs show
