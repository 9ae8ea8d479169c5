"""ruiran: a typed, provenance-backed knowledge base of the Russia–Iran relationship.

Every record cites the exact words of its source. The bundled dataset comes from the article
"Russia & Iran: A Deepening Alliance Reshaping Global Dynamics"; users load their own datasets
in the same format and query them the same way.

Example:
    >>> import ruiran
    >>> ruiran.actor("Soviet Union").id
    'russia'
    >>> treaty = ruiran.load()["treaty-comprehensive-strategic-partnership"]
    >>> treaty.parties
    ('russia', 'iran')
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ruiran.dataset import ActorLike, Dataset
from ruiran.errors import (
    DatasetError,
    MissingExtraError,
    Problem,
    QueryError,
    RuiranError,
    UnknownActorError,
)
from ruiran.index import Involvement
from ruiran.io import load
from ruiran.model import (
    Agreement,
    Area,
    Bloc,
    Citation,
    DateLike,
    Event,
    EventKind,
    Milestone,
    Modality,
    Organization,
    PartialDate,
    Period,
    Person,
    Sanction,
    Source,
    Stage,
    State,
)

try:
    __version__ = version("ruiran")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "ActorLike",
    "Agreement",
    "Area",
    "Bloc",
    "Citation",
    "Dataset",
    "DatasetError",
    "DateLike",
    "Event",
    "EventKind",
    "Involvement",
    "Milestone",
    "MissingExtraError",
    "Modality",
    "Organization",
    "PartialDate",
    "Period",
    "Person",
    "Problem",
    "QueryError",
    "RuiranError",
    "Sanction",
    "Source",
    "Stage",
    "State",
    "UnknownActorError",
    "__version__",
    "actor",
    "agreements_between",
    "load",
]


def actor(query: ActorLike) -> State | Person | Organization | Bloc:
    """Resolve an actor of the bundled dataset; see :meth:`Dataset.actor`.

    Example:
        >>> ruiran.actor("IRN").name
        'Iran'
    """
    return load().actor(query)


def agreements_between(
    a: ActorLike,
    b: ActorLike,
    *,
    on: DateLike | None = None,
    area: Area | str | None = None,
    stage: Stage | str | None = None,
) -> tuple[Agreement, ...]:
    """Agreements of the bundled dataset binding both actors; see :meth:`Dataset.agreements_between`.

    Example:
        >>> "treaty-comprehensive-strategic-partnership" in [
        ...     x.id for x in ruiran.agreements_between("Russia", "Iran")]
        True
    """
    return load().agreements_between(a, b, on=on, area=area, stage=stage)
