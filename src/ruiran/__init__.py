"""ruiran: a typed, provenance-backed knowledge base of the Russia–Iran relationship.

Every record cites the exact words of its source. The bundled dataset comes from the article
"Russia & Iran: A Deepening Alliance Reshaping Global Dynamics"; users load their own datasets
in the same format and query them the same way.

Examples:
    >>> import ruiran
    >>> ruiran.actor("Soviet Union").id
    'russia'
    >>> treaty = ruiran.load()["treaty-comprehensive-strategic-partnership"]
    >>> treaty.parties
    ('russia', 'iran')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The records are imported at once; the Dataset layer (Dataset, load, the errors, results and
# attrs) and the query helpers (ruiran._api) on first use, through __getattr__ below: `import
# ruiran` for the models alone does not pay for it, and `ruiran.load()` pays for it once. The
# names marked noqa are not in __all__ but were always reachable here.
from ruiran.model import (
    Agreement,
    AnyActor,  # noqa: F401
    AnyRecord,  # noqa: F401
    Area,
    Bloc,
    Citation,
    DateLike,
    Event,
    EventKind,
    Listing,
    Measure,  # noqa: F401
    Milestone,
    Modality,
    Office,
    Organization,
    PartialDate,
    Period,
    Person,
    Position,  # noqa: F401
    Sanction,
    SanctionStatus,  # noqa: F401
    Source,
    Stage,
    State,
    record_adapter,  # noqa: F401
)

if TYPE_CHECKING:
    import datetime

    from ruiran import ingest, votes
    from ruiran._api import (
        actor,
        agreements_between,
        agreements_involving,
        blocs_of,
        citing,
        events_between,
        events_involving,
        involvement,
        json_schema,
        margins,
        members,
        offices,
        partners,
        pulse,
        related_to,
        sanctions_by,
        sanctions_naming,
        sanctions_on,
        stage_of,
        timeline,
        undated,
    )
    from ruiran.dataset import ActorLike, Dataset
    from ruiran.dataset.index import Involvement
    from ruiran.dataset.index import Relation as Relation
    from ruiran.errors import (
        DatasetError,
        DatasetWarning,
        MissingExtraError,
        Problem,
        QueryError,
        RuiranError,
        UnknownActorError,
    )
    from ruiran.io import load
    from ruiran.query.entries import TimelineEntry
    from ruiran.query.results import Records

#: Where each name imported on first use lives.
_LAZY: dict[str, str] = {
    "ActorLike": "ruiran.dataset",
    "Dataset": "ruiran.dataset",
    "DatasetError": "ruiran.errors",
    "DatasetWarning": "ruiran.errors",
    "MissingExtraError": "ruiran.errors",
    "Problem": "ruiran.errors",
    "QueryError": "ruiran.errors",
    "RuiranError": "ruiran.errors",
    "UnknownActorError": "ruiran.errors",
    "Involvement": "ruiran.dataset.index",
    "Relation": "ruiran.dataset.index",
    "load": "ruiran.io",
    "Records": "ruiran.query.results",
    "TimelineEntry": "ruiran.query.entries",
    "actor": "ruiran._api",
    "agreements_between": "ruiran._api",
    "agreements_involving": "ruiran._api",
    "blocs_of": "ruiran._api",
    "citing": "ruiran._api",
    "events_between": "ruiran._api",
    "events_involving": "ruiran._api",
    "involvement": "ruiran._api",
    "json_schema": "ruiran._api",
    "margins": "ruiran._api",
    "pulse": "ruiran._api",
    "related_to": "ruiran._api",
    "members": "ruiran._api",
    "offices": "ruiran._api",
    "partners": "ruiran._api",
    "sanctions_by": "ruiran._api",
    "sanctions_naming": "ruiran._api",
    "sanctions_on": "ruiran._api",
    "stage_of": "ruiran._api",
    "timeline": "ruiran._api",
    "undated": "ruiran._api",
}

#: The installed version, read from the package metadata on first access (importing
#: importlib.metadata costs more than the rest of `import ruiran`).
__version__: str
#: The bundled data's version (``YYYY.MM.DD`` of its last change; see ``ruiran.versions``),
#: read from ``ruiran/DATA_VERSION`` on first access.
DATA_VERSION: str
#: The date the bundled data is current to (no source it cites is later), read on first access.
DATA_AS_OF: datetime.date


def __getattr__(name: str) -> object:
    """The names imported on first use (see ``_LAZY``), ``__version__`` and the data version."""
    from importlib import import_module

    if name in _LAZY:
        from ruiran.dataset.bulk import paused_gc

        # Importing the Dataset layer creates thousands of objects, none of them garbage.
        with paused_gc():
            value = getattr(import_module(_LAZY[name]), name)
    elif name in ("DATA_VERSION", "DATA_AS_OF"):
        from ruiran import versions

        # One read gives both names; a name already given keeps its object.
        stated = versions.read()
        globals().setdefault("DATA_VERSION", stated.version)
        globals().setdefault("DATA_AS_OF", stated.as_of)
        value = globals()[name]
    elif name in ("ingest", "votes"):
        value = import_module(f"ruiran.{name}")
    elif name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("ruiran")
        except PackageNotFoundError:  # pragma: no cover - a source tree without install
            value = "0.0.0"
    else:
        raise AttributeError(f"module 'ruiran' has no attribute {name!r}")
    globals()[name] = value  # later lookups find it at once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "DATA_AS_OF",
    "DATA_VERSION",
    "ActorLike",
    "Agreement",
    "Area",
    "Bloc",
    "Citation",
    "Dataset",
    "DatasetError",
    "DatasetWarning",
    "DateLike",
    "Event",
    "EventKind",
    "Involvement",
    "Listing",
    "Milestone",
    "MissingExtraError",
    "Modality",
    "Office",
    "Organization",
    "PartialDate",
    "Period",
    "Person",
    "Problem",
    "QueryError",
    "Records",
    "RuiranError",
    "Sanction",
    "Source",
    "Stage",
    "State",
    "TimelineEntry",
    "UnknownActorError",
    "__version__",
    "actor",
    "agreements_between",
    "agreements_involving",
    "blocs_of",
    "citing",
    "events_between",
    "events_involving",
    "ingest",
    "involvement",
    "json_schema",
    "load",
    "margins",
    "members",
    "offices",
    "partners",
    "pulse",
    "related_to",
    "sanctions_by",
    "sanctions_naming",
    "sanctions_on",
    "stage_of",
    "timeline",
    "undated",
    "votes",
]
