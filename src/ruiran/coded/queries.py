"""The query helpers over coded events, apart from the Dataset container and from the store.

:class:`~ruiran.Dataset` answers ``events_between``, ``events_involving`` and ``timeline`` from
its cited records; when it holds coded events it resolves the actors to their CAMEO country
codes (a bloc's members while members: :func:`~ruiran.coded.cameo.codes_of`) and hands the
same question here, with its store: the answer becomes an
:class:`~ruiran.coded.evidence.Evidence`, the cited records and the coded events selected by
those codes, the window and the CAMEO event code (``kind``, ``cameo``). Nothing here knows the
Dataset.

Examples:
    >>> code_prefix("19"), code_prefix("visit"), code_prefix(None), code_prefix(None, "1124")
    ('19', '042', None, '1124')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeVar

from ruiran.coded.cameo import CountryCode, days
from ruiran.coded.evidence import Evidence
from ruiran.errors import QueryError
from ruiran.model import DateLike, EventKind
from ruiran.query import arguments
from ruiran.query.results import Records

if TYPE_CHECKING:
    from ruiran.coded.store import CodedEvents, CodedStore

__all__ = ["NOTHING", "Codes", "code_prefix", "coded_events", "days", "with_coded"]

_T = TypeVar("_T")
#: The CAMEO country codes standing for one actor (none for a person or an organization).
Codes = tuple[CountryCode, ...]
#: The prefix of no CAMEO code: what ``kind`` and ``cameo`` select when they are apart.
NOTHING: Final = "-"


def code_prefix(kind: EventKind | str | None, cameo: str | None = None) -> str | None:
    """The CAMEO code ``kind`` and ``cameo`` arguments select coded events by (as a prefix).

    A CAMEO code given as ``kind`` is itself (``"19"``: every code under root 19); an event
    kind is its code (``"visit"``: ``"042"``, which also covers four-digit codes under it).
    ``cameo`` is any code of the codebook (``"1124"``). With both, the narrower of the two
    when one is under the other, and :data:`NOTHING` when they are apart (no code is under
    both).

    Examples:
        >>> code_prefix("visit", "04"), code_prefix("11", "1124")
        ('042', '1124')
        >>> code_prefix("19", "04") is NOTHING
        True
    """
    code = arguments.cameo(cameo)
    if kind is None:
        return code
    arguments.event_kinds(kind)  # the same checks and errors as for cited events
    if isinstance(kind, str) and kind.isdigit():
        prefix = kind
    else:
        prefix = arguments.choice(EventKind, kind, "kind").cameo
    if code is None or code.startswith(prefix):
        return code or prefix
    return prefix if prefix.startswith(code) else NOTHING


def coded_events(
    store: CodedStore | None,
    sides: tuple[Codes, ...],
    start: DateLike | None = None,
    end: DateLike | None = None,
    kind: EventKind | str | None = None,
    *,
    directed: bool = False,
    cameo: str | None = None,
) -> CodedEvents:
    """The coded events of ``store`` between two sides (each an actor's country codes), or
    involving one, whose ``EventCode`` is under both ``kind``'s and ``cameo``'s CAMEO codes
    (see :func:`code_prefix`).

    Raises:
        QueryError: when there is no store (the dataset holds no coded events), or for bad
            arguments.
    """
    if store is None:
        raise QueryError("this dataset holds no coded events (see ruiran.ingest.gdelt)")
    first, last = days(start, end)
    prefix = code_prefix(kind, cameo)
    if len(sides) == 2:
        return store.select(
            between=(sides[0], sides[1]),
            directed=directed,
            first=first,
            last=last,
            code_prefix=prefix,
        )
    return store.select(
        involving=sides[0],
        directed=directed,
        first=first,
        last=last,
        code_prefix=prefix,
        as_source=directed,
    )


def with_coded(
    store: CodedStore,
    found: Records[_T],
    sides: tuple[Codes, ...],
    start: DateLike | None,
    end: DateLike | None,
    kind: EventKind | str | None = None,
    cameo: str | None = None,
) -> Records[_T]:
    """``found`` with the coded events answering the same question, as an Evidence."""
    return Evidence(found, coded_events(store, sides, start, end, kind, cameo=cameo))
