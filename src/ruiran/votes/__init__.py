"""Recorded votes: the UN General Assembly's roll calls, and how alike two states voted.

The third kind of evidence, beside cited records and coded events: what states did on the
record. The bundled data is the roll-call data of Erik Voeten, Anton Strezhnev and Michael
Bailey ("United Nations General Assembly Voting Data", Harvard Dataverse, hdl:1902.1/12379;
CC0) as packaged by the ``unvotes`` R package 0.3.0: 869,937 votes in 6,202 roll calls, 1946 to
2019-12-27, with six issue codes. Its provenance is :func:`provenance`; the coding, the
measures and their definitions are in the docs ("UN General Assembly votes").

It needs pyarrow and pandas: ``pip install 'ruiran[parquet]'``. ``import ruiran.votes`` reads
nothing; the votes are read on first use, once.

The wing's modules: :mod:`~ruiran.votes.codes` (vote and issue codes),
:mod:`~ruiran.votes.store` (the columns), :mod:`~ruiran.votes.measures` (agreement on
columns), :mod:`~ruiran.votes.record` (:class:`RollCall`), :mod:`~ruiran.votes.reader` (a
Dataverse release the user downloaded: :func:`read_votes`), :mod:`~ruiran.votes.api` (the
questions, with actors resolved by :func:`ruiran.actor`). It imports the face (to resolve
actors as users do), the query terms, the model and the leaves; nothing below imports it.

Examples:
    >>> import ruiran
    >>> frame = ruiran.votes.agreement("Russia", "Iran", by="year")
    >>> int(frame["year"].min()), int(frame["year"].max())
    (1946, 2019)
"""

from __future__ import annotations

from ruiran.votes.api import agreement, beside, roll_calls, votes_of
from ruiran.votes.codes import ISSUES, VOTE_NAMES
from ruiran.votes.reader import VotesFileError, read_votes
from ruiran.votes.record import RollCall
from ruiran.votes.store import VoteStore, provenance

__all__ = [
    "ISSUES",
    "VOTE_NAMES",
    "RollCall",
    "VoteStore",
    "VotesFileError",
    "agreement",
    "beside",
    "provenance",
    "read_votes",
    "roll_calls",
    "votes_of",
]
