"""Laws stated against independent references, never against the code under test.

- Result order: every query's results, and the timeline's entries, follow the ordering rule
  written out here in plain comparisons (not the sort key the code sorts with), on datasets
  whose dates tie often and whose records come in any order.
- The timeline is complete: it holds exactly the entries a brute-force scan of every record
  finds (tests/reference.py says who takes part when), no more, no fewer, none merged.
- Every reference field of every record type, found from the model's fields (so a new field
  is covered without touching this file), is broken in turn and named as dangling.
- A quote that is not a substring of its source's text is rejected, however close it comes
  (a space more or less at either end or inside); one that is, is accepted.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, get_args, get_origin
from unittest import mock

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import BaseModel, StringConstraints, ValidationError

from reference import Reference, Relation, Span
from ruiran import Dataset, DatasetError, TimelineEntry
from ruiran.dataset import integrity
from ruiran.io import from_dicts
from ruiran.model import ID_PATTERN, Agreement, AnyRecord, Event, Sanction, record_adapter
from ties import actor_ids, tied_datasets, windows

# -- 1. result order against the written rule ---------------------------------------------


def first_and_last(record: Relation) -> tuple[dt.date, dt.date] | None:
    """The days a record is ordered by (None: undated), as the documentation states them.

    An event: its date. An agreement: its earliest milestone date (the one that starts first;
    of those starting the same day, the one that ends first). A sanction: its whole span, from
    the first day of its period or first dated step to the end of the last.
    """
    if isinstance(record, Agreement):
        best: tuple[dt.date, dt.date] | None = None
        for milestone in record.milestones:
            if milestone.date is None:
                continue
            days = (milestone.date.earliest, milestone.date.latest)
            if best is None or days[0] < best[0] or (days[0] == best[0] and days[1] < best[1]):
                best = days
        return best
    return Reference.span(record)


def comes_before(x: Relation, y: Relation) -> bool:
    """The result order: dated before undated; by first day, then last day; then by id."""
    a, b = first_and_last(x), first_and_last(y)
    if a is None or b is None:
        if a is not None:
            return True
        if b is not None:
            return False
        return x.id < y.id
    if a[0] != b[0]:
        return a[0] < b[0]
    if a[1] != b[1]:
        return a[1] < b[1]
    return x.id < y.id


def entry_before(x: TimelineEntry, y: TimelineEntry) -> bool:
    """The timeline's order: first day, last day, record id, then milestone position."""
    if x.when.earliest != y.when.earliest:
        return x.when.earliest < y.when.earliest
    if x.when.latest != y.when.latest:
        return x.when.latest < y.when.latest
    if x.record.id != y.record.id:
        return x.record.id < y.record.id
    return (x.milestone_index or 0) < (y.milestone_index or 0)


def _in_order(found: tuple[Relation, ...]) -> None:
    for x, y in itertools.pairwise(found):
        assert comes_before(x, y), f"{x.id} is listed before {y.id}"


@given(tied_datasets(), st.data())
def test_results_follow_the_written_order(records: list[AnyRecord], data: st.DataObject) -> None:
    ds = Dataset(records)
    window = data.draw(st.none() | windows(records))
    on = None if window is None else f"{window[0].isoformat()}/{window[1].isoformat()}"
    start, end = (None, None) if window is None else window
    for a in actor_ids(records):
        _in_order(ds.agreements_involving(a, on=on))
        _in_order(ds.events_involving(a, start=start, end=end))
        _in_order(ds.sanctions_on(a, on=on))
        _in_order(ds.sanctions_by(a, on=on))
        entries = ds.timeline(a, start=start, end=end)
        for x, y in itertools.pairwise(entries):
            assert entry_before(x, y), f"{x!r} is listed before {y!r}"


# -- 2. the timeline against every qualifying entry ----------------------------------------

_Entry = tuple[str, int | None, dt.date, dt.date]


def brute_force_timeline(
    records: list[AnyRecord], actors: tuple[str, ...], window: Span | None
) -> Counter[_Entry]:
    """Every entry of the timeline as the reference lists it by scanning every record
    (``Reference.timeline``: each qualifying event, each dated agreement milestone and each
    sanction period and dated step), counted: (record id, milestone position or None, first
    day, last day), as many times as it should appear, so a merged or repeated entry shows.
    """
    return Counter(
        (record_id, position, first, last)
        for first, last, record_id, position in Reference(records).timeline(actors, window)
    )


@given(tied_datasets(), st.data())
def test_the_timeline_holds_every_qualifying_entry_once(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    ds = Dataset(records)
    n = data.draw(st.integers(1, 2))
    # Often the actors of one record (a sanction's sender and target, two parties).
    pool = actor_ids(records)
    relations = [r for r in records if isinstance(r, Agreement | Event | Sanction)]
    use_one: bool = data.draw(st.booleans())
    if relations and use_one:
        sides = {who for who, _ in Reference.sides(data.draw(st.sampled_from(relations)))}
        pool = sorted(sides) if len(sides) >= n else pool
    actors = tuple(data.draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n, unique=True)))
    window = data.draw(st.none() | windows(records))
    start, end = (None, None) if window is None else window
    entries = ds.timeline(*actors, start=start, end=end)
    got = Counter((e.record.id, e.milestone_index, e.when.earliest, e.when.latest) for e in entries)
    assert got == brute_force_timeline(records, actors, window)


# -- 3. every reference field, broken in turn, is named -----------------------------------

#: Every record type a dataset may hold.
_RECORD_TYPES: tuple[type[BaseModel], ...] = get_args(AnyRecord)


def _names_a_record(annotation: object) -> bool:
    """Whether a type is, or holds, a record id (``RecordId``: a string with the id pattern)."""
    if get_origin(annotation) is Annotated and any(
        isinstance(m, StringConstraints) and m.pattern == ID_PATTERN
        for m in getattr(annotation, "__metadata__", ())
    ):
        return True
    return any(_names_a_record(arg) for arg in get_args(annotation))


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models_in(arg)


@cache
def reference_fields(model: type[BaseModel], top: bool = True) -> tuple[tuple[str, ...], ...]:
    """The paths of the fields of ``model`` that hold record ids, at any depth (a record's
    own ``id`` aside): ``("milestones", "actors")`` is every milestone's every actor."""
    found: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        if top and name == "id":
            continue
        plain_id = any(
            isinstance(m, StringConstraints) and m.pattern == ID_PATTERN for m in field.metadata
        )
        if plain_id or _names_a_record(field.annotation):
            found.append((name,))
        for sub in dict.fromkeys(_models_in(field.annotation)):
            found.extend((name, *rest) for rest in reference_fields(sub, top=False))
    return tuple(found)


def _slots(value: Any, path: tuple[str, ...], at: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Each place along ``path`` in a record's dict where an id sits or could sit: (field
    path as problems name it, container, key). An empty list of ids or a missing id gives a
    place too (the id is added), so every field is reachable when its value is empty."""
    name, rest = path[0], path[1:]
    if not isinstance(value, dict) or name not in value:
        return
    here = f"{at}{name}"
    item = value[name]
    if rest:
        for i, sub in enumerate(item if isinstance(item, list) else [item]):
            if sub is not None:
                inner = f"{here}.{i}." if isinstance(item, list) else f"{here}."
                yield from _slots(sub, rest, inner)
    elif isinstance(item, list):
        yield (f"{here}.{len(item)}", item, None) if not item else (f"{here}.0", item, 0)
        if len(item) > 1:
            yield (f"{here}.{len(item) - 1}", item, len(item) - 1)
    else:
        yield (here, value, name)


def _break(raw: dict[str, Any], path: tuple[str, ...], which: int, ref: str = "nobody") -> str:
    """Put ``ref`` in the ``which``-th place of ``path`` in ``raw``; return its field."""
    field, container, key = list(_slots(raw, path))[which]
    if key is None:
        container.append(ref)
    else:
        container[key] = ref
    return str(field)


def _valid_alone(raw: dict[str, Any]) -> bool:
    """Whether a record is valid on its own (a broken reference may also break a rule inside
    the record: a milestone's party must be one of the parties)."""
    try:
        record_adapter().validate_python(raw)
    except ValidationError:
        return False
    return True


def _assert_named(raws: list[dict[str, Any]], victim: int, field: str) -> None:
    """Loading ``raws`` fails, naming the record, the field and the id it names in vain;
    when the broken id also breaks a rule inside the record, the record and the id."""
    strict = _valid_alone(raws[victim])
    with pytest.raises(DatasetError) as info:
        from_dicts(raws)
    record = raws[victim]["id"]
    named = [
        p
        for p in info.value.problems
        if p.record == record and (p.field == field or not strict) and "'nobody'" in p.message
    ]
    assert named, f"{record} {field} is not named: {info.value.problems}"


def test_every_record_type_has_its_reference_fields_found() -> None:
    # The walk over the model finds the references the integrity check knows, and more.
    fields = {model.__name__: reference_fields(model) for model in _RECORD_TYPES}
    assert ("milestones", "actors") in fields["Agreement"]
    assert ("parties",) in fields["Agreement"]
    assert ("participants", "actor") in fields["Event"]
    assert ("target",) in fields["Sanction"]
    assert ("members", "member") in fields["Bloc"]
    assert all(("citations", "source") in paths for paths in fields.values() if paths)


def test_every_reference_field_of_every_record_type_broken_in_turn_is_named(
    bundled: Dataset,
) -> None:
    # For each record type and each reference field the model has, a bundled record of that
    # type is broken there (an empty list of ids gets one), and the problem names the field.
    raws = [r.model_dump(mode="json") for r in bundled]
    untried: list[str] = []
    for model in _RECORD_TYPES:
        for path in reference_fields(model):
            victims = [
                i
                for i, raw in enumerate(raws)
                if raw["type"] == model.model_fields["type"].default and list(_slots(raw, path))
            ]
            if not victims:
                # No bundled record of this type fills the list the field sits in: give one
                # the first item of that list from a record of another type.
                victims = _filled(raws, model, path[0])
            if not victims:
                untried.append(f"{model.__name__}.{'.'.join(path)}")
                continue
            # A victim that stays valid on its own, when there is one: the problem is then
            # the dangling reference itself, at its field.
            tries = []
            for i in victims:
                broken = [r if j != i else _copy(r) for j, r in enumerate(raws)]
                tries.append((i, broken, _break(broken[i], path, 0)))
                if _valid_alone(broken[i]):
                    break
            i, broken, field = tries[-1]
            _assert_named(broken, i, field)
    # A reference field no bundled record can show (its container is always empty) must get
    # a record here: every field is tried.
    assert untried == []


def _filled(raws: list[dict[str, Any]], model: type[BaseModel], name: str) -> list[int]:
    """Give the first record of ``model``'s type the first item of the list ``name`` found
    in another record; its index (or none, when no record has such an item)."""
    kind = model.model_fields["type"].default
    example = next((r[name][0] for r in raws if isinstance(r.get(name), list) and r[name]), None)
    mine = next((i for i, r in enumerate(raws) if r["type"] == kind), None)
    if example is None or mine is None:
        return []
    raws[mine] = {**raws[mine], name: [_copy(example)]}
    return [mine]


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def test_the_bundled_records_load_and_each_reference_to_a_wrong_kind_is_named(
    bundled: Dataset,
) -> None:
    # Every reference field, pointed at a record of a kind no such field may name (a source
    # for an actor, an actor for a source), is named; unbroken, the records load.
    raws = [r.model_dump(mode="json") for r in bundled]
    assert len(from_dicts(raws)) == len(raws)
    source = next(r["id"] for r in raws if r["type"] == "source")
    actor = next(r["id"] for r in raws if r["type"] == "state")
    for model in _RECORD_TYPES:
        for path in reference_fields(model):
            kind = model.model_fields["type"].default
            victims = [i for i, raw in enumerate(raws) if raw["type"] == kind]
            victims = [i for i in victims if list(_slots(raws[i], path))]
            wrong = actor if path[-1] == "source" else source
            for i in victims[:1]:
                broken = [r if j != i else _copy(r) for j, r in enumerate(raws)]
                field = _break(broken[i], path, 0, wrong)
                if not _valid_alone(broken[i]):
                    continue  # a rule inside the record already refuses it
                with pytest.raises(DatasetError) as info:
                    from_dicts(broken)
                assert any(
                    p.record == raws[i]["id"] and p.field == field and repr(wrong) in p.message
                    for p in info.value.problems
                ), (raws[i]["id"], field, info.value.problems)


@given(tied_datasets(), st.data())
def test_any_reference_broken_in_a_generated_dataset_is_named(
    records: list[AnyRecord], data: st.DataObject
) -> None:
    raws = [r.model_dump(mode="json") for r in records]
    places = [
        (i, path, which)
        for i, (record, raw) in enumerate(zip(records, raws, strict=True))
        for path in reference_fields(type(record))
        for which in range(len(list(_slots(raw, path))))
    ]
    i, path, which = data.draw(st.sampled_from(places))
    field = _break(raws[i], path, which)
    _assert_named(raws, i, field)


# -- 4. a quote is accepted iff it is a substring of its source's text --------------------

_CHARS = "ab1 \t\n\u00a0"


@st.composite
def _near_quotes(draw: st.DrawFn, text: str) -> str:
    """A piece of ``text``, then perhaps a space more or less at its start, end or inside."""
    i = draw(st.integers(0, len(text) - 1))
    j = draw(st.integers(i + 1, len(text)))
    quote = text[i:j]
    space = draw(st.sampled_from([" ", "\t", "\n", "\u00a0", "  "]))
    change = draw(
        st.sampled_from(["same", "lead", "trail", "both", "strip", "inner", "collapse", "swap"])
    )
    if change == "lead":
        quote = space + quote
    elif change == "trail":
        quote = quote + space
    elif change == "both":
        quote = space + quote + space
    elif change == "strip":
        quote = quote.strip()
    elif change == "inner" and len(quote) > 1:
        k = draw(st.integers(1, len(quote) - 1))
        quote = quote[:k] + space + quote[k:]
    elif change == "collapse":
        quote = " ".join(quote.split())
    elif change == "swap":
        quote = quote.replace(" ", space)
    return quote


@given(st.text(_CHARS, min_size=1, max_size=30), st.data())
def test_a_quote_is_accepted_iff_it_is_a_substring_of_its_source(
    text: str, data: st.DataObject
) -> None:
    quotes = data.draw(st.lists(_near_quotes(text), min_size=1, max_size=3))
    assume(all(any(c.isalnum() for c in q) for q in quotes))
    raws: list[dict[str, Any]] = [
        {"type": "source", "id": "s", "title": "T", "kind": "other"},
        *(
            {
                "type": "state",
                "id": f"x{i}",
                "name": "X",
                "citations": [{"source": "s", "quote": q}],
            }
            for i, q in enumerate(quotes)
        ),
    ]
    missing = {f"x{i}" for i, q in enumerate(quotes) if q not in text}
    if not missing:
        assert len(from_dicts(raws, source_texts={"s": text})) == len(raws)
        return
    with pytest.raises(DatasetError) as info:
        from_dicts(raws, source_texts={"s": text})
    named = {p.record for p in info.value.problems if "not found verbatim" in p.message}
    assert named == missing


def _near_misses(text: str) -> set[str]:
    """Every short piece of ``text``, and each with a space more or less at its start, end or
    inside: many quotes, found from the text alone (so a failure shrinks the text only)."""
    found: set[str] = set()
    for i in range(len(text)):
        for j in range(i + 1, min(len(text), i + 6) + 1):
            piece = text[i:j]
            found.update(
                (piece, " " + piece, piece + " ", "\t" + piece, piece + "\n", piece.strip())
            )
            found.update((" ".join(piece.split()), piece[:1] + " " + piece[1:]))
    return {q for q in found if any(c.isalnum() for c in q)}


@given(st.text(_CHARS, min_size=12, max_size=40))
def test_many_quotes_at_once_are_accepted_iff_each_is_a_substring(text: str) -> None:
    # Past 64 quotes, one pass over the text finds them all: the same law holds.
    quotes = sorted(_near_misses(text))
    assume(len(quotes) > 64)
    source = {"type": "source", "id": "s", "title": "T", "kind": "other"}
    states = [
        {"type": "state", "id": f"x{i}", "name": "X", "citations": [{"source": "s", "quote": q}]}
        for i, q in enumerate(quotes)
    ]
    missing = {f"x{i}" for i, q in enumerate(quotes) if q not in text}
    try:
        from_dicts([source, *states], source_texts={"s": text})
        named: set[str] = set()
    except DatasetError as error:
        named = {str(p.record) for p in error.problems if "not found verbatim" in p.message}
    assert named == missing


@given(
    st.text("abc", max_size=12),
    st.lists(st.text("abcd", min_size=1, max_size=3), min_size=1, max_size=8),
)
def test_one_pass_over_the_text_finds_exactly_what_str_find_finds(
    text: str, quotes: list[str]
) -> None:
    # The one-pass search (Aho-Corasick) against Python's own substring search, forced on
    # short texts and quotes over a wider alphabet than the text's (so some are missing).
    with mock.patch.multiple(integrity, _DIRECT_QUOTES=0, _DIRECT_BUDGET=0):
        assert integrity.occurring(text, quotes) == {q for q in quotes if q in text}
        assert integrity.positions(text, quotes) == {
            q: [i for i in range(len(text)) if text.startswith(q, i)] for q in quotes
        }
