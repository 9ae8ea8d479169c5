"""How records and values show themselves: a short text repr, and HTML for notebooks.

A record's repr names its class, id and title, then what it holds:
``<Agreement 'x': Title (7 milestones, 23 citations)>``. A value's repr shows the fields that
differ from their defaults, with long texts clipped and nested values counted:
``Milestone(stage='signed', date='2025-01-17', actors=('russia', 'iran'), citations=<2 citations>)``.
``str(record)`` is pydantic's (every field); ``record.model_dump()`` gives the data itself.

The HTML forms (what Jupyter shows through ``_repr_html_``) escape every value: quotes come
from web pages and ids from users' files. Nothing here is imported by ``import ruiran`` beyond
this module; :mod:`html` is imported when HTML is asked for.

Examples:
    >>> from ruiran.model import Citation, State
    >>> iran = State(id="iran", name="Iran", citations=(Citation(source="s", quote="Iran"),))
    >>> iran
    <State 'iran': Iran (1 citation)>
    >>> Citation(source="s", quote="Iran", supports=("name",))
    Citation(source='s', quote='Iran', supports=('name',))
    >>> "<th" in iran._repr_html_()
    True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping, Sequence
from typing import Final, TypeGuard

from pydantic import BaseModel

from ruiran.model.dates import PartialDate, Period, Precision

__all__ = [
    "LABEL_CHARS",
    "TEXT_CHARS",
    "citation_count",
    "count",
    "definition_html",
    "escape",
    "in_force",
    "label",
    "plain",
    "record_html",
    "record_repr",
    "record_row",
    "set_fields",
    "short",
    "table_html",
    "value_repr",
    "value_row",
    "when",
]

#: The longest title a repr shows whole.
LABEL_CHARS: Final = 80
#: The longest text field a value's repr shows whole.
TEXT_CHARS: Final = 100

_CELL: Final = "text-align:left;vertical-align:top"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for 1.

    Examples:
        >>> count(1, "agreement"), count(3, "agreement"), count(2, "entry", "entries")
        ('1 agreement', '3 agreements', '2 entries')
    """
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def set_fields(value: BaseModel) -> Iterator[tuple[str, object]]:
    """The fields of a model whose value differs from the field's default, in declared order."""
    for name, info in type(value).__pydantic_fields__.items():
        field_value = getattr(value, name)
        if not info.is_required() and field_value == info.get_default(call_default_factory=True):
            continue
        yield name, field_value


def _models(value: object) -> TypeGuard[tuple[BaseModel, ...]]:
    """Whether ``value`` is a non-empty tuple of models (milestones, citations, members, ...)."""
    return (
        isinstance(value, tuple)
        and bool(value)
        and all(isinstance(item, BaseModel) for item in value)
    )


def _noun(field: str, n: int) -> str:
    """``3 milestones`` from the field ``milestones``; ``1 historical name``."""
    words = field.replace("_", " ")
    return count(n, words[:-1] if words.endswith("s") else words, words)


def short(value: object) -> str:
    """A field's value as a short Python-like repr: enums and dates as their strings.

    Examples:
        >>> from ruiran.model import PartialDate, Stage
        >>> short(Stage.SIGNED), short(PartialDate.parse("2025-01")), short(("a",))
        ("'signed'", "'2025-01'", "('a',)")
    """
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if isinstance(value, (PartialDate, Period)):
        return repr(str(value))
    if isinstance(value, str):
        return repr(_clip(value, TEXT_CHARS))
    if isinstance(value, tuple):
        items = [short(item) for item in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    return repr(value)


def value_repr(value: BaseModel) -> str:
    """A value's repr: the fields set away from their defaults; nested values counted."""
    args = ", ".join(
        f"{name}=<{_noun(name, len(field))}>" if _models(field) else f"{name}={short(field)}"
        for name, field in set_fields(value)
    )
    return f"{type(value).__name__}({args})"


def plain(value: object) -> str:
    """A field's value as plain text for a cell: lists joined by commas, '' for nothing.

    Examples:
        >>> from ruiran.model import Area
        >>> plain((Area.TRADE, Area.ENERGY)), plain(None), plain(True)
        ('trade, energy', '', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(plain(item) for item in value)
    if isinstance(value, BaseModel):
        return "; ".join(f"{name}: {plain(field)}" for name, field in set_fields(value))
    return str(value)


def label(record: BaseModel) -> str:
    """A record's title, or its name, or its id."""
    for name in ("title", "name", "id"):
        text = getattr(record, name, None)
        if isinstance(text, str):
            return text
    return type(record).__name__


def in_force(record: BaseModel) -> tuple[PartialDate, PartialDate | None] | None:
    """A regime's time in force from its dated steps: the step that began its first spell in
    force, and the step that ended its last one (None while it is still in force after its
    last step: a regime in force at the data's as-of date has no end).

    For a record with ``in_force_spans`` (a :class:`~ruiran.Sanction`) and dated milestones;
    None for any other record, and for a regime never in force. The last day in force is the
    day before the ending step's first day.

    Examples:
        >>> from ruiran.model import Sanction
        >>> c = {"source": "s", "quote": "q"}
        >>> def regime(*steps: tuple[str, str]) -> Sanction:
        ...     return Sanction(id="x", title="X", senders=["us"], target="ir", status="imposed",
        ...         citations=[c], milestones=[
        ...             {"action": a, "date": d, "citations": [c]} for a, d in steps])
        >>> [str(d) for d in in_force(regime(("imposed", "1979-11-14"), ("tightened", "2018-08")))
        ...  if d is not None]
        ['1979-11-14']
        >>> [str(d) for d in in_force(regime(("imposed", "2006"), ("lifted", "2016-01-16")))
        ...  if d is not None]
        ['2006', '2016-01-16']
    """
    spans_of = getattr(record, "in_force_spans", None)
    if not callable(spans_of):
        return None
    dated = [d for m in getattr(record, "milestones", ()) if isinstance(d := m.date, PartialDate)]
    spans = spans_of() if dated else None
    if not spans:
        return None
    first, last = spans[0][0], spans[-1][1]
    began = next((d for d in dated if d.earliest == first), None)
    if began is None:  # not from the steps (a spell always begins on one): no regime dates
        return None
    if last == dt.date.max:
        return began, None
    ended = next((d for d in dated if d.earliest == last + dt.timedelta(days=1)), None)
    return None if ended is None else (began, ended)


def when(record: BaseModel) -> str:
    """When a record happened, as text: its date or period; a sanction regime's time in force
    from the step that began it to the last day in force, open (``'1979-11-14 – …'``) while it
    is in force after its last step (see :func:`in_force`; a spell that a step dated to a
    month or a year ended reads ``before`` that date); otherwise (an agreement's, a regime
    never in force) its dated milestones from the first to the last
    (``'2024-09 – 2025-10-02'``); '' when undated.

    Examples:
        >>> import ruiran
        >>> when(ruiran.load()["us-sanctions-on-iran"])
        '1979-11-14 – …'
    """
    for name in ("date", "period"):
        found = getattr(record, name, None)
        if isinstance(found, (PartialDate, Period)):
            return str(found)
    regime = in_force(record)
    if regime is not None:
        began, ended = regime
        if ended is None:
            return f"{began} – …"
        if ended.precision is not Precision.DAY:
            return f"{began} – before {ended}"
        return f"{began} – {(ended.earliest - dt.timedelta(days=1)).isoformat()}"
    dates = [
        m.date
        for m in getattr(record, "milestones", ())
        if isinstance(getattr(m, "date", None), PartialDate)
    ]
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    return str(first) if first == last else f"{first} – {last}"


def citation_count(value: BaseModel) -> int:
    """How many citations a record holds, its nested values' (an agreement's milestones) too."""
    total = 0
    for name, field in set_fields(value):
        if name == "citations" and isinstance(field, tuple):
            total += len(field)
        elif isinstance(field, tuple):
            total += sum(citation_count(item) for item in field if isinstance(item, BaseModel))
        elif isinstance(field, BaseModel):
            total += citation_count(field)
    return total


def record_repr(record: BaseModel) -> str:
    """``<Agreement 'id': Title (dates, nested values, citations)>``."""
    facts = [when(record)]
    facts += [
        _noun(name, len(field))
        for name, field in set_fields(record)
        if name not in ("citations", "legal_basis") and _models(field)  # keep it one short line
    ]
    citations = citation_count(record)
    if citations:
        facts.append(count(citations, "citation"))
    shown = ", ".join(fact for fact in facts if fact)
    record_id = getattr(record, "id", None)
    return (
        f"<{type(record).__name__} {record_id!r}: {_clip(label(record), LABEL_CHARS)}"
        f"{f' ({shown})' if shown else ''}>"
    )


def _actors(record: BaseModel) -> str:
    """The actors a record links, by id: parties, participants, senders → target, members."""
    parts: list[str] = []
    for name in ("parties", "senders"):
        parts += [str(x) for x in getattr(record, name, ())]
    parts += [str(getattr(p, "actor", "")) for p in getattr(record, "participants", ())]
    parts += [str(getattr(m, "member", "")) for m in getattr(record, "members", ())]
    text = ", ".join(dict.fromkeys(p for p in parts if p))
    target = getattr(record, "target", None)
    if isinstance(target, str):
        text = f"{text} → {target}"
    for name in ("country", "nationality"):
        found = getattr(record, name, None)
        if isinstance(found, str):
            text = found
    return text


def record_row(record: BaseModel) -> dict[str, str]:
    """A record as one row of a table: id, type, title, when, actors, citations (plain text)."""
    kind = getattr(record, "kind", None)
    record_type = str(getattr(record, "type", type(record).__name__.lower()))
    return {
        "id": str(getattr(record, "id", "")),
        "type": f"{record_type} ({kind.value})" if isinstance(kind, enum.Enum) else record_type,
        "title": label(record),
        "when": when(record),
        "actors": _actors(record),
        "citations": str(citation_count(record)),
    }


def value_row(value: BaseModel) -> dict[str, str]:
    """A value (a position, a milestone, ...) as one row: its set fields, nested ones counted."""
    return {
        name: _noun(name, len(field)) if _models(field) else plain(field)
        for name, field in set_fields(value)
    }


# -- HTML ------------------------------------------------------------------------------------------


def escape(value: object) -> str:
    """``str(value)`` made safe inside HTML text and attribute values (``<``, ``&``, quotes)."""
    from html import escape as html_escape

    return html_escape(str(value), quote=True)


def _citation_html(citation: BaseModel) -> str:
    quote = getattr(citation, "quote", "")
    facts = [f"source: {getattr(citation, 'source', '')}"]
    supports = getattr(citation, "supports", ())
    if supports:
        facts.append(f"supports: {', '.join(supports)}")
    note = getattr(citation, "note", None)
    if note:
        facts.append(f"note: {note}")
    return f"“{escape(quote)}” <small>({escape('; '.join(facts))})</small>"


def _value_html(value: BaseModel) -> str:
    """A nested value inline: its simple fields, then its own nested values as a list."""
    if isinstance(getattr(value, "quote", None), str):  # a citation: its quote first
        return _citation_html(value)
    simple = "; ".join(
        f"{escape(name)}: {escape(plain(field))}"
        for name, field in set_fields(value)
        if not _models(field)
    )
    nested = "".join(_list_html(field) for _, field in set_fields(value) if _models(field))
    return simple + nested


def _list_html(items: tuple[BaseModel, ...]) -> str:
    return (
        '<ol style="margin:0">'
        + "".join(f"<li>{_value_html(item)}</li>" for item in items)
        + "</ol>"
    )


def record_html(record: BaseModel) -> str:
    """A record (or a value) as a definition table: every field that is set, citations last,
    every value escaped."""
    fields = dict(set_fields(record))
    citations = fields.pop("citations", ())
    rows: list[tuple[str, str]] = []
    if isinstance(getattr(record, "id", None), str):
        rows.append(("id", escape(fields.pop("id"))))
        rows.append(("type", escape(getattr(record, "type", type(record).__name__.lower()))))
        fields.pop("type", None)
    for name, field in fields.items():
        rows.append((name, _list_html(field) if _models(field) else escape(plain(field))))
    if _models(citations):
        rows.append(("citations", _list_html(citations)))
    caption = type(record).__name__
    if isinstance(getattr(record, "id", None), str):
        caption = f"{caption}: {label(record)}"
    return definition_html(caption, rows)


def definition_html(caption: str, rows: Sequence[tuple[str, str]]) -> str:
    """A two-column table of names and cells; the caption and names are escaped here, the
    cells must be HTML already (escaped by the caller)."""
    body = "".join(
        f'<tr><th style="{_CELL}">{escape(name)}</th><td style="{_CELL}">{cell}</td></tr>'
        for name, cell in rows
    )
    return (
        f'<table class="ruiran-record"><caption style="text-align:left">'
        f"<b>{escape(caption)}</b></caption><tbody>{body}</tbody></table>"
    )


def table_html(
    rows: Sequence[Mapping[str, str] | None],
    caption: str,
    *,
    index: Sequence[int] | None = None,
) -> str:
    """An HTML table of plain-text rows (escaped here); a None row stands for rows left out.

    Columns are every key of the rows, in first-seen order; ``index`` numbers the rows.

    Examples:
        >>> html = table_html([{"id": "<b>"}, None], "2 rows")
        >>> "&lt;b&gt;" in html and "<b>" not in html and "…" in html
        True
    """
    columns: dict[str, None] = {}
    for row in rows:
        if row is not None:
            columns.update(dict.fromkeys(row))
    numbers = list(index) if index is not None else list(range(len(rows)))
    head = "".join(f'<th style="{_CELL}">{escape(c)}</th>' for c in ["", *columns])
    body: list[str] = []
    numbered = iter(numbers)
    for row in rows:
        if row is None:
            body.append(f'<tr><td colspan="{len(columns) + 1}">…</td></tr>')
            continue
        cells = [escape(next(numbered)), *(escape(row.get(c, "")) for c in columns)]
        body.append(
            "<tr>" + "".join(f'<td style="{_CELL}">{cell}</td>' for cell in cells) + "</tr>"
        )
    return (
        f'<table class="ruiran-records"><caption style="text-align:left">{escape(caption)}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
