r"""The shape of the tidy tables: their names, and every table's columns with their types.

:data:`TABLES` names the tables in order; each :class:`Table` is a dict of :class:`Column`\ s,
each with its kind (``string``, ``category`` with every allowed value, ``int``, ``bool`` or
``datetime``) and its cells. A date or period ``x`` takes four columns: ``x``, ``x_start``,
``x_end`` and ``x_precision``. :mod:`ruiran.export.tables` fills the tables from a dataset and
types them as pandas DataFrames; ``docs/exports.md`` describes every table and column.

Only the exports import this module; it needs no third-party library.

Examples:
    >>> from ruiran.export.columns import TABLES, Column
    >>> TABLES[:3]
    ('actors', 'aliases', 'historical_names')
    >>> Column("stage", "category", ("proposed", "signed"), ordered=True).kind
    'category'
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Final, Literal

import attrs

from ruiran.model import (
    AgreementKind,
    Area,
    EventKind,
    LegalActKind,
    Measure,
    Modality,
    Objective,
    Obligation,
    OrganizationKind,
    Precision,
    Role,
    SanctionAction,
    SanctionStatus,
    SourceKind,
    Stage,
    TargetScope,
)
from ruiran.model.provenance import Derivation

__all__ = ["TABLES", "Cell", "Column", "Kind", "Table", "empty_tables"]

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


_ACTOR_TYPES: Final = ("state", "person", "organization", "bloc")
_SIDES: Final = ("sender", "target")


def empty_tables() -> dict[str, Table]:
    """Every table of :data:`TABLES`, with its columns and no rows: what the export fills
    (:func:`~ruiran.export.to_pandas`) and what describes it (the Data Package)."""

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
            Column("acting", "bool"),
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
            _category("stage", Stage),
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
