"""Answers into pandas: a query's answer as a DataFrame, one row per item, typed columns.

:meth:`Records.to_pandas() <ruiran.query.results.Records.to_pandas>` delegates here. The rows
are the answer's items in the answer's order (index ``0 .. n-1``); the columns are the union
of what the items hold, in the order of :data:`COLUMNS` (a timeline's: its entries' cells, in
their order, as ``pd.DataFrame`` of the answer gives them):

- ``id``, ``title`` (an actor's name, a position's title), ``target``, ``of`` (the office's
  holder), ``label`` and ``record`` (a timeline entry's text and its record's id), ``party``:
  pandas ``string`` dtype, ``<NA>`` where missing;
- ``type`` (the record's kind: ``agreement``, ``sanction``, ``event``, ``state``, ...),
  ``kind`` (the record's own kind: an agreement's legal form, an event's CAMEO-mapped kind, a
  timeline entry's ``event``/``milestone``/``sanction``), ``precision``, ``stage`` (ordered
  along the lifecycle), ``status``, ``modality``: ``category``, with every value of the
  vocabulary as a category;
- ``when`` (the date or period as the data writes it, EDTF: ``'2025-01'``, ``'1991-12/..'``),
  ``start`` and ``end`` (``datetime64[ms]``: its first and last day, ``NaT`` for an open end
  or no date), ``precision`` (``year``, ``month`` or ``day``; a period takes the coarser of its
  ends). A sanction regime's dates (without a period) are its time in force: from the step
  that began it to its last day in force (the day before the step that ended it), the end
  open (``'1979-11-14/..'``, ``end`` ``NaT``) while the regime is in force after its last
  step, as :meth:`~ruiran.Sanction.in_force_spans` and ``ruiran sanctions`` read its steps
  (a gap in force between its first and last spell is not shown; a regime whose first step
  eased measures already in force began before that step). An agreement's dates (and a
  regime's never in force) run from its first dated milestone to its last: the steps the
  data holds, not its life in force (``stage`` says where it stands);
- ``parties``, ``senders``, ``participants``: Python lists of actor ids (``object`` dtype;
  ``df.explode("parties")`` gives one row per party), missing (``None``) for records of a kind
  that has no such field;
- ``milestone``: a timeline entry's position in its record's milestones (nullable ``Int64``).

An agreement's ``stage`` is the stage every party reached (:attr:`~ruiran.Agreement.stage`),
except in the answer to a question about some actors (``agreements_between``,
``agreements_involving``: the answer's :attr:`~ruiran.query.results.Records.stages`): there
it is the stage *those* actors reached (the less advanced of theirs, by the end of ``on``),
the one ``ruiran agreements --between`` prints, and the frame has a second column,
``overall_stage`` (ordered ``category`` too), for every party's. The INSTC between Russia and
Iran is ``in_force`` (from 2002) with ``overall_stage`` ``ratified`` (Azerbaijan's 2005 step).
Such a frame names the actors in ``frame.attrs["stage_of"]`` (a list of ids).

Every frame keeps the answer's coverage in ``frame.attrs``: ``complete`` (bool) and ``gaps``
(a list of sentences), as the frames of ``ruiran.votes`` and the pulse do. pandas writes
``attrs`` into a Parquet file (``frame.to_parquet``) and ``pd.read_parquet`` gives them back,
so an incomplete answer saved to Parquet still says so; a CSV cannot hold them (write them
beside it: ``json.dump(frame.attrs, ...)``).

An empty answer is an empty frame with the columns every record has (:data:`BASE`), typed.
The coded part of an answer (:attr:`Evidence.coded <ruiran.coded.evidence.Evidence.coded>`)
has its own ``to_pandas()``, in GDELT's columns; this frame holds the cited records only.

Examples:
    >>> import ruiran
    >>> frame = ruiran.agreements_between("Russia", "Iran").to_pandas()
    >>> list(frame.columns[:4]), str(frame["start"].dtype), str(frame["stage"].dtype)
    (['id', 'type', 'kind', 'title'], 'datetime64[ms]', 'category')
    >>> instc = frame.set_index("id").loc["instc-agreement-2000"]
    >>> instc["stage"], instc["overall_stage"], frame.attrs["stage_of"]
    ('in_force', 'ratified', ['russia', 'iran'])
    >>> gaps = ruiran.sanctions_on("Iran", by="Japan").to_pandas().attrs
    >>> gaps["complete"], gaps["gaps"][0]
    (False, 'sanctions sent by Japan on Iran are not covered')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from pydantic import BaseModel

from ruiran.errors import MissingExtraError
from ruiran.model import PartialDate, Period, Precision, Stage
from ruiran.model.display import in_force, label

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BASE", "COLUMNS", "Cell", "date_cells", "record_cells", "to_pandas"]

#: A cell before pandas types it.
Cell: TypeAlias = str | int | dt.date | list[str] | enum.Enum | None

#: Every column a frame may have, in the order a frame shows them.
COLUMNS: Final = (
    "id",
    "type",
    "kind",
    "title",
    "when",
    "start",
    "end",
    "precision",
    "stage",
    "overall_stage",
    "status",
    "modality",
    "parties",
    "senders",
    "target",
    "participants",
    "of",
    "label",
    "record",
    "milestone",
    "party",
)
#: The columns every record has: an empty answer's frame has these.
BASE: Final = ("id", "type", "title", "when", "start", "end", "precision")

_CATEGORIES: Final = frozenset(
    {"type", "kind", "precision", "stage", "overall_stage", "status", "modality"}
)
#: The columns ordered along the lifecycle.
_STAGES: Final = frozenset({"stage", "overall_stage"})
_DAYS: Final = frozenset({"start", "end"})
_LISTS: Final = frozenset({"parties", "senders", "participants"})
_INTS: Final = frozenset({"milestone"})


def date_cells(when: PartialDate | Period | None) -> dict[str, Cell]:
    """The cells of a date or period: ``when`` (EDTF), ``start``, ``end``, ``precision``.

    Examples:
        >>> date_cells(Period.parse("1991-12/.."))["end"] is None
        True
        >>> date_cells(PartialDate.parse("2025-01"))["end"]
        datetime.date(2025, 1, 31)
    """
    if when is None:
        return {"when": None, "start": None, "end": None, "precision": None}
    if isinstance(when, PartialDate):
        return {
            "when": str(when),
            "start": when.earliest,
            "end": when.latest,
            "precision": when.precision,
        }
    return {
        "when": str(when),
        "start": None if when.start is None else when.start.earliest,
        "end": None if when.end is None else when.end.latest,
        "precision": _coarser(when.start, when.end),
    }


def _coarser(*dates: PartialDate | None) -> Precision | None:
    order = list(Precision)
    known = [d.precision for d in dates if d is not None]
    return min(known, key=order.index) if known else None


def _steps(record: BaseModel) -> dict[str, Cell]:
    """An agreement's dates (a sanction's without a period): its first dated milestone to its
    last; none for a record without dated milestones."""
    dates = sorted(
        date
        for milestone in getattr(record, "milestones", ())
        if isinstance(date := getattr(milestone, "date", None), PartialDate)
    )
    if not dates:
        return date_cells(None)
    first, last = dates[0], dates[-1]
    if first == last:
        return date_cells(first)
    return {
        "when": f"{first}/{last}",
        "start": first.earliest,
        "end": max(d.latest for d in dates),
        "precision": _coarser(first, last),
    }


def _regime(record: BaseModel) -> dict[str, Cell] | None:
    """A sanction regime's dates (without a period): from the step that began its first spell
    in force to its last day in force, the end open (``None``) while it is in force after its
    last step; None for a record that is not a regime with dated steps once in force."""
    found = in_force(record)
    if found is None:
        return None
    began, ended = found
    if ended is None:
        return {
            "when": f"{began}/..",
            "start": began.earliest,
            "end": None,
            "precision": began.precision,
        }
    last = ended.earliest - dt.timedelta(days=1)
    return {
        "when": f"{began}/{last.isoformat()}",
        "start": began.earliest,
        "end": last,
        "precision": _coarser(began, ended),
    }


def record_cells(record: BaseModel) -> dict[str, Cell]:
    """One record (or value: a position) as the cells of its row.

    Examples:
        >>> import ruiran
        >>> cells = record_cells(ruiran.load()["s-300-contract-2007"])
        >>> cells["type"], cells["parties"]
        ('agreement', ['russia', 'iran'])
    """
    ident = getattr(record, "id", None)
    kind = getattr(record, "kind", None)
    cells: dict[str, Cell] = {
        "id": ident if isinstance(ident, str) else None,
        "type": str(getattr(record, "type", type(record).__name__.lower())),
        "title": label(record),
    }
    if "kind" in type(record).model_fields:
        cells["kind"] = kind if isinstance(kind, enum.Enum) else None
    when = getattr(record, "date", None) or getattr(record, "period", None)
    if isinstance(when, (PartialDate, Period)):
        cells.update(date_cells(when))
    else:
        cells.update(_regime(record) or _steps(record))
    for name in ("stage", "status", "modality"):
        value = getattr(record, name, None)
        if isinstance(value, enum.Enum):
            cells[name] = value
        elif name == "stage" and hasattr(record, "stage_on"):
            cells[name] = None  # an agreement with no stage yet still has the column
    for name in ("parties", "senders"):
        value = getattr(record, name, None)
        if isinstance(value, tuple):
            cells[name] = [str(item) for item in value]
    participants = getattr(record, "participants", None)
    if isinstance(participants, tuple):
        cells["participants"] = [str(getattr(p, "actor", p)) for p in participants]
    for name in ("target", "of"):
        if name in type(record).model_fields:
            value = getattr(record, name)
            cells[name] = None if value is None else str(value)
    return cells


def _cells(item: object) -> Mapping[str, object]:
    if isinstance(item, Mapping):  # a timeline entry: its cells as it gives them
        return item
    if isinstance(item, BaseModel):
        return record_cells(item)
    raise TypeError(f"an answer's item must be a record or a timeline entry (got {item!r:.80})")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as error:
        raise MissingExtraError("pandas", "pandas") from error
    return pandas


def to_pandas(items: Sequence[object]) -> pd.DataFrame:
    """The items as a DataFrame: one row each, in order, typed columns (see the module's text).

    Raises:
        MissingExtraError: when pandas is not installed (``pip install 'ruiran[pandas]'``).

    Examples:
        >>> frame = to_pandas([])
        >>> list(frame.columns) == list(BASE), len(frame), str(frame["id"].dtype)
        (True, 0, 'string')
    """
    pd = _pandas()
    rows = [_cells(item) for item in items]
    asked: tuple[str, ...] = getattr(items, "asked", ())
    stages: tuple[Stage | None, ...] = getattr(items, "stages", ())
    if stages:  # an answer about some actors' agreements: their stage, and every party's
        rows = [
            {**row, "stage": stage, "overall_stage": row.get("stage")}
            for row, stage in zip(rows, stages, strict=True)
        ]
    seen: dict[str, None] = dict.fromkeys(BASE if not rows else ())
    for row in rows:
        seen.update(dict.fromkeys(row))
    names = list(seen)
    if not all(row is item for row, item in zip(rows, items, strict=True)):  # not a timeline
        rank = {name: at for at, name in enumerate(COLUMNS)}
        names.sort(key=lambda name: rank.get(name, len(COLUMNS)))
    frame = pd.DataFrame(
        {name: _series(pd, name, [row.get(name) for row in rows]) for name in names},
        index=pd.RangeIndex(len(rows)),
    )
    gaps = list(getattr(items, "gaps", ()))
    frame.attrs["complete"] = not gaps
    frame.attrs["gaps"] = gaps
    if stages:
        frame.attrs["stage_of"] = list(asked)
    return frame


def _series(pd: Any, name: str, values: list[Any]) -> Any:
    """One typed column (pandas is passed in: it is imported lazily)."""
    if name in _CATEGORIES:
        return pd.Series(
            pd.Categorical(
                [value.value if isinstance(value, enum.Enum) else value for value in values],
                categories=_categories(name, values),
                ordered=name in _STAGES,
            )
        )
    if name in _DAYS:
        import numpy as np

        days = [np.datetime64("NaT", "ms") if v is None else np.datetime64(v, "ms") for v in values]
        return pd.Series(np.array(days, dtype="datetime64[ms]"))
    if name in _LISTS:
        return pd.Series(values, dtype=object)
    if name in _INTS:
        return pd.Series(pd.array(values, dtype="Int64"))
    return pd.Series(values, dtype="string")


def _categories(name: str, values: list[Any]) -> list[str]:
    """Every value of each vocabulary the column's values come from (lifecycle order for
    ``stage``, ``year``/``month``/``day`` for ``precision``), then any plain text seen."""
    fixed: dict[str, list[type[enum.Enum]]] = {
        "stage": [Stage],
        "overall_stage": [Stage],
        "precision": [Precision],
    }
    vocabularies = list(fixed.get(name, ()))
    for value in values:
        if isinstance(value, enum.Enum) and type(value) not in vocabularies:
            vocabularies.append(type(value))
    found = {str(member.value): None for vocabulary in vocabularies for member in vocabulary}
    found.update(dict.fromkeys(sorted({v for v in values if isinstance(v, str)})))
    return list(found)
