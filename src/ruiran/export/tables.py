"""Tidy tables of a dataset, as pandas DataFrames with proper dtypes.

One table per kind of thing, one row per thing, one column per fact (see ``docs/exports.md``
for every table and column). The tables are first built as plain Python columns
(:func:`tables`, no third-party library needed); :func:`to_pandas` gives them their dtypes:

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
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ruiran.dataset import Dataset
from ruiran.dataset.index import Involvement, agreement_life, involvements, record_span
from ruiran.errors import MissingExtraError
from ruiran.model import (
    Agreement,
    AgreementKind,
    Area,
    Bloc,
    EventKind,
    LegalActKind,
    Measure,
    Modality,
    Objective,
    Obligation,
    Organization,
    OrganizationKind,
    PartialDate,
    Period,
    Person,
    Precision,
    Role,
    Sanction,
    SanctionAction,
    SanctionStatus,
    SourceKind,
    Stage,
    State,
    TargetScope,
)
from ruiran.model.provenance import Citation, Derivation

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLES", "Column", "Table", "tables", "to_pandas"]

#: The names of the tables :func:`to_pandas` returns, in order.
TABLES: Final = (
    "actors",
    "aliases",
    "historical_names",
    "memberships",
    "positions",
    "agreements",
    "agreement_parties",
    "agreement_areas",
    "agreement_obligations",
    "milestones",
    "milestone_actors",
    "sanctions",
    "sanction_sides",
    "sanction_measures",
    "sanction_objectives",
    "sanction_milestones",
    "sanction_legal_basis",
    "sanction_spells",
    "events",
    "event_participants",
    "event_related",
    "citations",
    "sources",
)

Kind = Literal["string", "category", "int", "bool", "datetime"]
Cell = str | int | bool | dt.date | None


@attrs.frozen
class Column:
    """A column's name and type.

    Attributes:
        name: The column name.
        kind: ``string``, ``category``, ``int`` (nullable Int64), ``bool`` (nullable boolean)
            or ``datetime`` (``datetime64[ms]``, a day).
        categories: For ``category``: every allowed value, in order.
        ordered: For ``category``: whether the order means something (lifecycle stages).
        values: The cells, one per row.
    """

    name: str
    kind: Kind
    categories: tuple[str, ...] = ()
    ordered: bool = False
    values: list[Cell] = attrs.field(factory=list)


@attrs.frozen
class Table:
    """A table as plain Python columns (what :func:`to_pandas` turns into a DataFrame)."""

    name: str
    columns: dict[str, Column]

    def __len__(self) -> int:
        first = next(iter(self.columns.values()), None)
        return 0 if first is None else len(first.values)

    def add(self, **cells: Cell) -> None:
        """Append a row; every column must be given (None for a missing value)."""
        if cells.keys() != self.columns.keys():
            missing = sorted(self.columns.keys() - cells.keys())
            extra = sorted(cells.keys() - self.columns.keys())
            raise ValueError(f"table {self.name!r}: missing {missing!r}, unknown {extra!r}")
        for name, value in cells.items():
            self.columns[name].values.append(value)


def _cats(vocabulary: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in vocabulary)


def _string(name: str) -> Column:
    return Column(name, "string")


def _category(name: str, vocabulary: type[enum.Enum] | tuple[str, ...]) -> Column:
    categories = vocabulary if isinstance(vocabulary, tuple) else _cats(vocabulary)
    return Column(name, "category", categories, ordered=vocabulary is Stage)


def _date_columns(prefix: str) -> list[Column]:
    return [
        _string(prefix),
        Column(f"{prefix}_start", "datetime"),
        Column(f"{prefix}_end", "datetime"),
        _category(f"{prefix}_precision", Precision),
    ]


def _table(name: str, *columns: Column | list[Column]) -> Table:
    flat: list[Column] = []
    for column in columns:
        flat.extend(column if isinstance(column, list) else [column])
    return Table(name, {c.name: c for c in flat})


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


_ACTOR_TYPES: Final = ("state", "person", "organization", "bloc")
_SIDES: Final = ("sender", "target")


def _empty_tables() -> dict[str, Table]:
    def involvement() -> list[Column]:  # fresh columns for each table
        return [_string("via"), Column("start", "datetime"), Column("end", "datetime")]

    found = [
        _table(
            "actors",
            _string("id"),
            _category("type", _ACTOR_TYPES),
            _string("name"),
            _string("description"),
            _string("wikidata"),
            _string("iso_alpha2"),
            _string("iso_alpha3"),
            Column("cow_code", "int"),
            _category("kind", OrganizationKind),
            _string("country"),
            _string("nationality"),
            Column("formal", "bool"),
        ),
        _table("aliases", _string("actor"), _string("alias")),
        _table(
            "historical_names",
            _string("state"),
            _string("name"),
            _date_columns("period"),
            _string("wikidata"),
            _string("iso_alpha2"),
        ),
        _table("memberships", _string("bloc"), _string("member"), _date_columns("period")),
        _table(
            "positions",
            _string("person"),
            Column("index", "int"),
            _string("title"),
            _string("of"),
            _date_columns("period"),
        ),
        _table(
            "agreements",
            _string("id"),
            _string("title"),
            _string("official_title"),
            _category("kind", AgreementKind),
            _category("stage", Stage),
            Column("life_start", "datetime"),
            Column("life_end", "datetime"),
            _string("summary"),
        ),
        _table(
            "agreement_parties",
            _string("agreement"),
            _string("party"),
            involvement(),
        ),
        _table("agreement_areas", _string("agreement"), _category("area", Area)),
        _table("agreement_obligations", _string("agreement"), _category("obligation", Obligation)),
        _table(
            "milestones",
            _string("agreement"),
            Column("index", "int"),
            _category("stage", Stage),
            _string("party"),
            _date_columns("date"),
            _category("modality", Modality),
            _string("note"),
        ),
        _table(
            "milestone_actors",
            _string("agreement"),
            Column("milestone", "int"),
            _string("actor"),
        ),
        _table(
            "sanctions",
            _string("id"),
            _string("title"),
            _category("status", SanctionStatus),
            _category("scope", TargetScope),
            _string("listed"),
            _string("program"),
            _date_columns("period"),
            _category("modality", Modality),
            _string("summary"),
        ),
        _table(
            "sanction_sides",
            _string("sanction"),
            _string("actor"),
            _category("role", _SIDES),
            involvement(),
        ),
        _table("sanction_measures", _string("sanction"), _category("measure", Measure)),
        _table("sanction_objectives", _string("sanction"), _category("objective", Objective)),
        _table(
            "sanction_milestones",
            _string("sanction"),
            Column("index", "int"),
            _category("action", SanctionAction),
            _string("senders"),
            _string("legal_basis"),
            _date_columns("date"),
            _category("modality", Modality),
            _string("note"),
        ),
        _table(
            "sanction_legal_basis",
            _string("sanction"),
            Column("index", "int"),
            _category("kind", LegalActKind),
            _string("identifier"),
            _string("title"),
            _date_columns("date"),
        ),
        _table(
            "sanction_spells",
            _string("sanction"),
            _string("sender"),
            Column("start", "datetime"),
            Column("end", "datetime"),
        ),
        _table(
            "events",
            _string("id"),
            _string("title"),
            _category("kind", EventKind),
            _string("cameo"),
            _string("cameo_root"),
            _date_columns("date"),
            _string("location"),
            _category("modality", Modality),
            _string("statement"),
            _string("summary"),
        ),
        _table(
            "event_participants",
            _string("event"),
            _string("actor"),
            _category("role", Role),
            involvement(),
        ),
        _table("event_related", _string("event"), _string("record")),
        _table(
            "citations",
            _string("record"),
            Column("milestone", "int"),
            Column("legal_act", "int"),
            _string("source"),
            _string("quote"),
            _string("supports"),
            _category("derived_from", Derivation),
            _string("note"),
        ),
        _table(
            "sources",
            _string("id"),
            _string("title"),
            _category("kind", SourceKind),
            _string("publisher"),
            _string("author"),
            _string("url"),
            _date_columns("date"),
            _string("text_file"),
            Column("has_text", "bool"),
            _string("note"),
        ),
    ]
    return {table.name: table for table in found}


def tables(ds: Dataset) -> dict[str, Table]:
    """The dataset's tidy tables as plain Python columns, by name (see :data:`TABLES`).

    This needs no third-party library; :func:`to_pandas` and
    :func:`~ruiran.export.to_parquet` type these columns.

    Examples:
        >>> import ruiran
        >>> len(tables(ruiran.load())["agreements"]) == len(ruiran.load().agreements)
        True
    """
    out = _empty_tables()
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


def _add_actor(out: dict[str, Table], actor: State | Person | Organization | Bloc) -> None:
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
            )


def _add_involvements(
    table: Table,
    record_column: str,
    record_id: str,
    actor_column: str,
    found: Iterable[Involvement],
    *,
    role: bool = False,
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
        table.add(**cells)


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
    """The dataset as tidy pandas DataFrames, by table name (see :data:`TABLES`).

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
