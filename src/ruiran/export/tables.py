"""Tidy tables of a dataset, as pandas DataFrames with proper dtypes.

One table per kind of thing, one row per thing, one column per fact (see ``docs/exports.md``
for every table and column). The tables are first built as plain Python columns
(:func:`tables`, no third-party library needed, in the shape :mod:`ruiran.export.columns`
gives them); :func:`to_pandas` gives them their dtypes:

- text: pandas ``string`` dtype (missing values are ``<NA>``);
- vocabularies (kinds, roles, stages, areas, ...): ``category`` with every allowed value as a
  category (``stage`` is ordered along the treaty lifecycle);
- Correlates of War codes and other counts: nullable ``Int64``; flags: nullable ``boolean``;
- every date or period ``x``: ``x`` (the EDTF string as in the data), ``x_start`` and ``x_end``
  (``datetime64[ms]``: the first and the last day covered, ``NaT`` for an open end) and
  ``x_precision`` (``year``, ``month`` or ``day``; a period takes the coarser of its ends).
  Millisecond resolution holds every year from 1 to 9999 (nanoseconds would stop at 1677-2262).

Examples:
    >>> import ruiran
    >>> from ruiran.export import to_pandas
    >>> frames = to_pandas(ruiran.load())
    >>> str(frames["agreements"]["stage"].dtype)
    'category'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from ruiran.dataset import Dataset
from ruiran.dataset.index import Involvement, agreement_life, involvements, record_span
from ruiran.errors import MissingExtraError
from ruiran.export.columns import Cell, Column, Table, empty_tables
from ruiran.model import (
    Agreement,
    AnyActor,
    Bloc,
    Organization,
    PartialDate,
    Period,
    Person,
    Precision,
    Sanction,
    Stage,
    State,
)
from ruiran.model.provenance import Citation

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["tables", "to_pandas"]


def _dates(prefix: str, when: PartialDate | Period | None) -> dict[str, Cell]:
    """The four cells of a date or period: EDTF string, first day, last day, precision."""
    if when is None:
        return {
            prefix: None,
            f"{prefix}_start": None,
            f"{prefix}_end": None,
            f"{prefix}_precision": None,
        }
    if isinstance(when, PartialDate):
        start: PartialDate | None = when
        end: PartialDate | None = when
        precision = when.precision
    else:
        start, end = when.start, when.end
        known = [d.precision for d in (start, end) if d is not None]
        order = list(Precision)
        precision = min(known, key=order.index)
    return {
        prefix: str(when),
        f"{prefix}_start": None if start is None else start.earliest,
        f"{prefix}_end": None if end is None else end.latest,
        f"{prefix}_precision": precision.value,
    }


def _day(value: dt.date) -> dt.date | None:
    """A span's end as a cell: the open ends (``date.min``/``date.max``) become missing."""
    return None if value in (dt.date.min, dt.date.max) else value


def tables(ds: Dataset) -> dict[str, Table]:
    """The dataset's tidy tables as plain Python columns, by name.

    The names are :data:`~ruiran.export.columns.TABLES`, in order.

    This needs no third-party library; :func:`to_pandas` and
    :func:`~ruiran.export.to_parquet` type these columns.

    Examples:
        >>> import ruiran
        >>> len(tables(ruiran.load())["agreements"]) == len(ruiran.load().agreements)
        True
    """
    out = empty_tables()
    blocs = {a.id: a for a in ds.actors if isinstance(a, Bloc)}
    for actor in ds.actors:
        _add_actor(out, actor)
    for agreement in ds.agreements:
        life = agreement_life(agreement)
        out["agreements"].add(
            id=agreement.id,
            title=agreement.title,
            official_title=agreement.official_title,
            kind=agreement.kind.value,
            stage=None if agreement.stage is None else agreement.stage.value,
            life_start=None if life is None else _day(life[0]),
            life_end=None if life is None else _day(life[1]),
            summary=agreement.summary,
        )
        _add_involvements(
            out["agreement_parties"],
            "agreement",
            agreement.id,
            "party",
            involvements(agreement, blocs, life),
            stage_of=partial(_party_stage, ds, agreement),
        )
        for area in agreement.areas:
            out["agreement_areas"].add(agreement=agreement.id, area=area.value)
        for obligation in agreement.obligations:
            out["agreement_obligations"].add(agreement=agreement.id, obligation=obligation.value)
        for index, milestone in enumerate(agreement.milestones):
            out["milestones"].add(
                agreement=agreement.id,
                index=index,
                stage=milestone.stage.value,
                party=milestone.party,
                **_dates("date", milestone.date),
                modality=milestone.modality.value,
                note=milestone.note,
            )
            for actor_id in milestone.actors:
                out["milestone_actors"].add(agreement=agreement.id, milestone=index, actor=actor_id)
    for sanction in ds.sanctions:
        out["sanctions"].add(
            id=sanction.id,
            title=sanction.title,
            status=sanction.status.value,
            scope=sanction.scope.value,
            listed="; ".join(sanction.listed) or None,
            program=sanction.program,
            **_dates("period", sanction.period),
            modality=sanction.modality.value,
            summary=sanction.summary,
        )
        _add_involvements(
            out["sanction_sides"],
            "sanction",
            sanction.id,
            "actor",
            involvements(sanction, blocs, record_span(sanction)),
            role=True,
        )
        for measure in sanction.measures:
            out["sanction_measures"].add(sanction=sanction.id, measure=measure.value)
        for objective in sanction.objectives:
            out["sanction_objectives"].add(sanction=sanction.id, objective=objective.value)
        _add_regime(out, sanction)
    for event in ds.events:
        out["events"].add(
            id=event.id,
            title=event.title,
            kind=event.kind.value,
            cameo=event.kind.cameo,
            cameo_root=event.kind.cameo_root,
            **_dates("date", event.date),
            location=event.location,
            modality=event.modality.value,
            statement=event.statement,
            summary=event.summary,
        )
        _add_involvements(
            out["event_participants"],
            "event",
            event.id,
            "actor",
            involvements(event, blocs, record_span(event)),
            role=True,
        )
        for related in event.related:
            out["event_related"].add(event=event.id, record=related)
    for source in ds.sources:
        out["sources"].add(
            id=source.id,
            title=source.title,
            kind=source.kind.value,
            publisher=source.publisher,
            author=source.author,
            url=source.url,
            **_dates("date", source.date),
            text_file=source.text_file,
            has_text=source.id in ds.source_texts,
            note=source.note,
        )
    for record in ds:
        _add_citations(out["citations"], record.id, None, record.citations)
        if isinstance(record, Agreement):
            for index, milestone in enumerate(record.milestones):
                _add_citations(out["citations"], record.id, index, milestone.citations)
        if isinstance(record, Sanction):
            for index, step in enumerate(record.milestones):
                _add_citations(out["citations"], record.id, index, step.citations)
            for index, act in enumerate(record.legal_basis):
                _add_citations(out["citations"], record.id, None, act.citations, legal_act=index)
    return out


def _add_regime(out: dict[str, Table], sanction: Sanction) -> None:
    """A regime's steps, legal acts, and the spells it was in force, per sender."""
    for index, step in enumerate(sanction.milestones):
        out["sanction_milestones"].add(
            sanction=sanction.id,
            index=index,
            action=step.action.value,
            senders=",".join(step.senders) or None,
            legal_basis=step.legal_basis,
            **_dates("date", step.date),
            modality=step.modality.value,
            note=step.note,
        )
    for index, act in enumerate(sanction.legal_basis):
        out["sanction_legal_basis"].add(
            sanction=sanction.id,
            index=index,
            kind=act.kind.value,
            identifier=act.identifier,
            title=act.title,
            **_dates("date", act.date),
        )
    for sender in sanction.senders:
        for start, end in sanction.in_force_spans(sender) or ():
            out["sanction_spells"].add(
                sanction=sanction.id, sender=sender, start=_day(start), end=_day(end)
            )


def _add_actor(out: dict[str, Table], actor: AnyActor) -> None:
    state = actor if isinstance(actor, State) else None
    out["actors"].add(
        id=actor.id,
        type=actor.type,
        name=actor.name,
        description=actor.description,
        wikidata=actor.wikidata,
        iso_alpha2=None if state is None else state.iso_alpha2,
        iso_alpha3=None if state is None else state.iso_alpha3,
        cow_code=None if state is None else state.cow_code,
        kind=actor.kind.value if isinstance(actor, Organization) else None,
        country=actor.country if isinstance(actor, Organization) else None,
        nationality=actor.nationality if isinstance(actor, Person) else None,
        formal=actor.formal if isinstance(actor, Bloc) else None,
    )
    for alias in actor.aliases:
        out["aliases"].add(actor=actor.id, alias=alias)
    if isinstance(actor, State):
        for historical in actor.historical_names:
            out["historical_names"].add(
                state=actor.id,
                name=historical.name,
                **_dates("period", historical.period),
                wikidata=historical.wikidata,
                iso_alpha2=historical.iso_alpha2,
            )
    elif isinstance(actor, Bloc):
        for membership in actor.members:
            out["memberships"].add(
                bloc=actor.id, member=membership.member, **_dates("period", membership.period)
            )
    elif isinstance(actor, Person):
        for index, position in enumerate(actor.positions):
            out["positions"].add(
                person=actor.id,
                index=index,
                title=position.title,
                of=position.of,
                **_dates("period", position.period),
                acting=position.acting,
            )


def _add_involvements(
    table: Table,
    record_column: str,
    record_id: str,
    actor_column: str,
    found: Iterable[Involvement],
    *,
    role: bool = False,
    stage_of: Callable[[str], Stage | None] | None = None,
) -> None:
    for inv in found:
        cells: dict[str, Cell] = {
            record_column: record_id,
            actor_column: inv.actor,
            "via": inv.via,
            "start": None if inv.window is None else _day(inv.window[0]),
            "end": None if inv.window is None else _day(inv.window[1]),
        }
        if role:
            cells["role"] = inv.role
        if stage_of is not None:
            stage = stage_of(inv.actor)
            cells["stage"] = None if stage is None else stage.value
        table.add(**cells)


def _party_stage(ds: Dataset, agreement: Agreement, party: str) -> Stage | None:
    """The stage one party of an agreement reached (:meth:`Dataset.stage_of` with ``party``)."""
    return ds.stage_of(agreement, party=party)


def _add_citations(
    table: Table,
    record_id: str,
    milestone: int | None,
    citations: Iterable[Citation],
    legal_act: int | None = None,
) -> None:
    for citation in citations:
        table.add(
            record=record_id,
            milestone=milestone,
            legal_act=legal_act,
            source=citation.source,
            quote=citation.quote,
            supports=",".join(citation.supports),
            derived_from=None if citation.derived_from is None else citation.derived_from.value,
            note=citation.note,
        )


def to_pandas(ds: Dataset) -> dict[str, pd.DataFrame]:
    """The dataset as tidy pandas DataFrames, by table name (:data:`~ruiran.export.columns.TABLES`).

    Row counts follow the records: ``actors`` has one row per actor, ``agreements`` one per
    agreement, ``milestones`` one per milestone, ``citations`` one per citation (a milestone's
    citations carry the milestone's index), and so on. ``agreement_parties``,
    ``sanction_sides`` and ``event_participants`` hold one row per involvement: the actors the
    record names (``via`` missing) and the members of the blocs it names while they were
    members (``via`` the bloc), with the days (``start``, ``end``) they take part.

    Raises:
        MissingExtraError: when pandas is not installed (``pip install 'ruiran[pandas]'``).

    Examples:
        >>> import ruiran
        >>> frames = to_pandas(ruiran.load())
        >>> parties = frames["agreement_parties"]
        >>> sorted(parties[parties.via == "eaeu"].party)[:2]
        ['armenia', 'belarus']
    """
    try:
        import pandas as pd
    except ImportError as error:
        raise MissingExtraError("pandas", "pandas") from error
    return {
        name: pd.DataFrame({column.name: _series(pd, column) for column in table.columns.values()})
        for name, table in tables(ds).items()
    }


def _series(pd: Any, column: Column) -> Any:
    """One typed pandas Series (pandas is passed in: it is imported lazily)."""
    import numpy as np

    if column.kind == "string":
        return pd.Series(column.values, dtype="string")
    if column.kind == "category":
        return pd.Series(
            pd.Categorical(
                column.values, categories=list(column.categories), ordered=column.ordered
            )
        )
    if column.kind == "int":
        return pd.Series(pd.array(column.values, dtype="Int64"))
    if column.kind == "bool":
        return pd.Series(pd.array(column.values, dtype="boolean"))
    days = [
        np.datetime64("NaT", "ms") if value is None else np.datetime64(value, "ms")
        for value in column.values
    ]
    return pd.Series(np.array(days, dtype="datetime64[ms]"))
