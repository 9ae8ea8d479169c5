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

__all__ = ["between", "involving", "party_stage", "select", "stage_among", "stage_of"]


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
    ``on`` (its end at the as-of date; none after it), covering ``area`` and in which those
    actors reached ``stage`` (when given; :func:`stage_among`, not a third party's accession),
    in result order, with the gaps of the question in ``coverage`` and the stage those actors
    reached in each (by the end of ``on``: :func:`stage_among`) in the answer's ``stages``."""
    asked = arguments.window(on, "on")
    gaps = covering.on_parties(index, coverage, "agreement", actors, asked)
    if covering.after(asked, coverage):
        return Records(gaps=gaps)
    window = covering.clip(asked, coverage)
    wanted_area = None if area is None else arguments.choice(Area, area, "area")
    wanted_stage = None if stage is None else arguments.choice(Stage, stage, "stage")

    reached: dict[str, Stage | None] = {}  # worked out once: by the filter, then the answer

    def stage_reached(agreement: Agreement) -> Stage | None:
        if agreement.id not in reached:
            reached[agreement.id] = stage_among(index, agreement, actors, window)
        return reached[agreement.id]

    def keep(agreement: Relation) -> bool:
        assert isinstance(agreement, Agreement)
        if wanted_area is not None and wanted_area not in agreement.areas:
            return False
        if wanted_stage is None:
            return True
        stage_now = stage_reached(agreement)
        return stage_now is not None and stage_now >= wanted_stage

    found = index.select(key, window, actors=actors, keep=keep, include_undated=include_undated)
    stages = [stage_reached(cast("Agreement", a)) for a in found]
    answer = found.with_gaps(gaps).with_stages(actors, stages)
    return cast("Records[Agreement]", answer)  # agreement keys: agreements


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
    if party is None:
        return found.stage_on(None if window is None else PartialDate.from_date(window[1]))
    actor = resolve(index, party).id
    if actor not in found.parties and index.involvement(found, actor, None) is None:
        names = [name(index, p) for p in found.parties]
        raise QueryError(
            f"'party' must be a party of agreement {found.id!r}, directly or as a member "
            f"of a bloc party, {names!r} (got {party!r})"
        )
    return party_stage(index, found, actor, window)


def party_stage(
    index: Index, agreement: Agreement, actor: str, window: Span | None
) -> Stage | None:
    """The stage ``actor`` (an id) reached in ``agreement`` by the end of ``window``.

    A party's own stage (:meth:`~ruiran.model.Agreement.stage_on`); a member of a bloc party
    gets the bloc's stage, and None for a time it was not a member (during ``window``) or
    when it takes no part at all.

    Examples:
        >>> import ruiran
        >>> ds = ruiran.load()
        >>> instc = ds["instc-agreement-2000"]
        >>> str(party_stage(ds._index, instc, "azerbaijan", None))
        'ratified'
    """
    when = None if window is None else PartialDate.from_date(window[1])
    if actor in agreement.parties:
        return agreement.stage_on(when, actor)
    through = index.involvement(agreement, actor, window)
    if through is None or through.via is None:
        return None
    return agreement.stage_on(when, through.via)


def stage_among(
    index: Index, agreement: Agreement, actors: tuple[str, ...], window: Span | None
) -> Stage | None:
    """The stage every one of ``actors`` (ids) reached: the least advanced of theirs.

    The stage of a question about these actors: the INSTC between Russia and Iran is in force
    from 2002, whatever stage a state that acceded in 2005 reached. None while one of them
    has reached none (or takes no part during ``window``); with no actors, the overall stage.

    Examples:
        >>> import ruiran
        >>> ds = ruiran.load()
        >>> instc = ds["instc-agreement-2000"]
        >>> str(stage_among(ds._index, instc, ("russia", "iran"), None))
        'in_force'
    """
    if not actors:
        return agreement.stage_on(None if window is None else PartialDate.from_date(window[1]))
    stages = [party_stage(index, agreement, actor, window) for actor in actors]
    known = [s for s in stages if s is not None]
    return min(known) if len(known) == len(stages) else None
