"""Agreements and their lifecycles: which agreements join actors, and the stage each reached.

A member of a bloc counts as a party to the bloc's agreements while it is a member and the
agreement exists (from its first dated milestone to its termination). A party that joined
later by its own step (an accession) counts from that step, not from the agreement's start
(see :func:`~ruiran.dataset.index.party_windows`). The functions work on a
Dataset's :class:`~ruiran.dataset.index.Index`; :class:`~ruiran.dataset.Dataset` holds the
documented methods and hands their bodies here.

Examples:
    >>> import ruiran
    >>> ds = ruiran.load()
    >>> "eaeu-iran-free-trade-agreement" in [a.id for a in involving(ds._index, "Armenia")]
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ruiran.dataset import coverage as covering
from ruiran.dataset.actors import ActorLike, name, pair, record, resolve
from ruiran.dataset.index import AGREEMENT, Index, Relation, pair_key
from ruiran.errors import QueryError
from ruiran.model import Agreement, Area, DateLike, Stage
from ruiran.model.dates import PartialDate
from ruiran.query import arguments
from ruiran.query.results import Records
from ruiran.query.timespan import Span

if TYPE_CHECKING:
    from ruiran.model.coverage import Coverage

__all__ = ["between", "involving", "select", "stage_of"]


def between(
    index: Index,
    a: ActorLike,
    b: ActorLike,
    *,
    on: DateLike | None = None,
    area: Area | str | None = None,
    stage: Stage | str | None = None,
    include_undated: bool = False,
    coverage: Coverage | None = None,
) -> Records[Agreement]:
    """Agreements of two actors: see :meth:`ruiran.Dataset.agreements_between`."""
    first, second = pair(index, a, b)
    return select(
        index,
        (first, second),
        pair_key(AGREEMENT, first, second),
        on=on,
        area=area,
        stage=stage,
        include_undated=include_undated,
        coverage=coverage,
    )


def involving(
    index: Index,
    a: ActorLike,
    *,
    on: DateLike | None = None,
    area: Area | str | None = None,
    stage: Stage | str | None = None,
    include_undated: bool = False,
    coverage: Coverage | None = None,
) -> Records[Agreement]:
    """Agreements of one actor: see :meth:`ruiran.Dataset.agreements_involving`."""
    actor = resolve(index, a).id
    return select(
        index,
        (actor,),
        (AGREEMENT, actor),
        on=on,
        area=area,
        stage=stage,
        include_undated=include_undated,
        coverage=coverage,
    )


def select(
    index: Index,
    actors: tuple[str, ...],
    key: tuple[str, ...],
    *,
    on: DateLike | None = None,
    area: Area | str | None = None,
    stage: Stage | str | None = None,
    include_undated: bool = False,
    coverage: Coverage | None = None,
) -> Records[Agreement]:
    """The agreements under ``key`` in which every one of ``actors`` (ids) is a party during
    ``on`` (its end at the as-of date; none after it), covering ``area`` and reached ``stage``
    (when given), in result order, with the gaps of the question in ``coverage``."""
    asked = arguments.window(on, "on")
    gaps = covering.on_parties(index, coverage, "agreement", actors, asked)
    if covering.after(asked, coverage):
        return Records(gaps=gaps)
    window = covering.clip(asked, coverage)
    wanted_area = None if area is None else arguments.choice(Area, area, "area")
    wanted_stage = None if stage is None else arguments.choice(Stage, stage, "stage")

    def keep(agreement: Relation) -> bool:
        assert isinstance(agreement, Agreement)
        if wanted_area is not None and wanted_area not in agreement.areas:
            return False
        return wanted_stage is None or _reached(agreement, wanted_stage, window)

    found = index.select(key, window, actors=actors, keep=keep, include_undated=include_undated)
    return cast("Records[Agreement]", found.with_gaps(gaps))  # agreement keys: agreements


def stage_of(
    index: Index,
    agreement: Agreement | str,
    *,
    on: DateLike | None = None,
    party: ActorLike | None = None,
) -> Stage | None:
    """The stage an agreement reached: see :meth:`ruiran.Dataset.stage_of`."""
    found = record(index, agreement)
    if not isinstance(found, Agreement):
        raise QueryError(f"{found.id!r} is a {found.type}, not an agreement")
    window = arguments.window(on, "on")
    when = None if window is None else PartialDate.from_date(window[1])
    if party is None:
        return found.stage_on(when)
    actor = resolve(index, party).id
    if actor in found.parties:
        return found.stage_on(when, actor)
    if index.involvement(found, actor, None) is None:
        names = [name(index, p) for p in found.parties]
        raise QueryError(
            f"'party' must be a party of agreement {found.id!r}, directly or as a member "
            f"of a bloc party, {names!r} (got {party!r})"
        )
    through = index.involvement(found, actor, window)
    if through is None or through.via is None:
        return None  # not a member of the bloc party during `on`
    return found.stage_on(when, through.via)


def _reached(agreement: Agreement, stage: Stage, window: Span | None) -> bool:
    """Whether every party has reached ``stage`` (by the end of ``window``): as :func:`stage_of`."""
    when = None if window is None else PartialDate.from_date(window[1])
    current = agreement.stage_on(when)
    return current is not None and current >= stage
