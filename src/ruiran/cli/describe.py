"""Records as the command line shows them: names, codes, citations with their sources.

The text pieces the commands put together (an actor's codes, a record's title, the numbered
quotes of its citations with their sources, the counts of a dataset); the JSON pieces beside
them (a source record, a timeline entry).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ruiran import Agreement, Citation, Dataset, Source, State, TimelineEntry
from ruiran.cli.output import wrap
from ruiran.model import Actor, AnyActor, AnyRecord, Derivation
from ruiran.model.display import count

__all__ = [
    "actor_name",
    "citation_groups",
    "citation_lines",
    "codes",
    "counts",
    "entry_json",
    "signed",
    "source_json",
    "source_lines",
    "title",
]

#: What a derived quote is of: the page's dateline, or its address (``Source.url``).
_DERIVED = {Derivation.DATELINE: "dateline", Derivation.ADDRESS: "address"}


def codes(record: AnyActor) -> str:
    """An actor's codes: ISO alpha-2 and alpha-3 and COW code (states), Wikidata id."""
    found = []
    if isinstance(record, State):
        if record.iso_alpha2:
            found.append(record.iso_alpha2)
        if record.iso_alpha3:
            found.append(record.iso_alpha3)
        if record.cow_code is not None:
            found.append(f"COW {record.cow_code}")
    if record.wikidata:
        found.append(record.wikidata)
    return ", ".join(found)


def actor_name(ds: Dataset, actor_id: str) -> str:
    """The name of the actor ``actor_id``, or the id when the dataset holds no such actor."""
    record = ds.get(actor_id)
    return record.name if isinstance(record, Actor) else actor_id


def title(record: AnyRecord) -> str:
    """An actor's name, any other record's title."""
    if isinstance(record, Actor):
        return record.name
    return record.title


def counts(ds: Dataset) -> str:
    """How many records the dataset holds, of each kind."""
    kinds = (
        ("actor", ds.actors),
        ("agreement", ds.agreements),
        ("sanction", ds.sanctions),
        ("event", ds.events),
        ("source", ds.sources),
    )
    parts = ", ".join(count(len(records), name) for name, records in kinds)
    return f"{count(len(ds), 'record')} ({parts})"


def citation_groups(ds: Dataset, record: AnyRecord) -> Iterator[tuple[str, tuple[Citation, ...]]]:
    """The record's citations, then each milestone's, labelled with where they sit."""
    yield "citations", record.citations
    if isinstance(record, Agreement):
        for index, milestone in enumerate(record.milestones):
            when = str(milestone.date) if milestone.date else "undated"
            stage = milestone.stage.value
            if milestone.party is not None:  # a party's own step: "ratified (Russia)"
                stage = f"{stage} ({actor_name(ds, milestone.party)})"
            names = ", ".join(actor_name(ds, a) for a in milestone.actors)
            by = f", by {names}" if names and milestone.actors != (milestone.party,) else ""
            yield f"milestones[{index}] ({stage}, {when}{by})", milestone.citations


def citation_lines(ds: Dataset, citations: Sequence[Citation], *, indent: str = "") -> list[str]:
    """The citations numbered, each quote wrapped, with its derivation mark (a quote of the
    page's dateline or address: what it supports is derived from there, as in ``--json``),
    what it supports and its source."""
    lines: list[str] = []
    for number, citation in enumerate(citations, start=1):
        inner = f"{indent}    "
        lines.append(wrap(f"“{citation.quote}”", inner, first=f"{indent}{number:>2}. "))
        if citation.derived_from is not None:
            lines.append(
                f"{inner}derived_from: {citation.derived_from.value} "
                f"(the page's {_DERIVED[citation.derived_from]}, not its text)"
            )
        if citation.supports:
            lines.append(f"{inner}supports: {', '.join(citation.supports)}")
        source = ds.get(citation.source)
        if isinstance(source, Source):
            lines.append(f"{inner}source: {source.title}  [{source.id}]")
            lines.extend(source_lines(source, inner + "        ", kind=False))
        else:
            lines.append(f"{inner}source: {citation.source}")
        if citation.note:
            lines.append(wrap(f"note: {citation.note}", inner))
    return lines


def source_lines(source: Source, indent: str, *, kind: bool = True) -> list[str]:
    """A source's kind, publisher, author, date and url, one ``label: value`` line each."""
    lines = []
    for label, value in (
        ("kind", source.kind.value if kind else None),
        ("publisher", source.publisher),
        ("author", source.author),
        ("date", str(source.date) if source.date else None),
        ("url", source.url),
    ):
        if value:
            lines.append(f"{indent}{label}: {value}")
    return lines


def source_json(ds: Dataset, source_id: str) -> dict[str, Any] | None:
    """The source's record as JSON, or None when the dataset holds no such source."""
    source = ds.get(source_id)
    return source.model_dump(mode="json") if isinstance(source, Source) else None


def entry_json(entry: TimelineEntry) -> dict[str, str]:
    """A timeline entry as JSON: ``{"when", "kind", "record", "label"}``."""
    return {
        "when": str(entry.when),
        "kind": entry.kind,
        "record": entry.record.id,
        "label": entry.label,
    }


def signed(agreement: Agreement) -> str:
    """The SIGNED column: the day every signatory had signed (parties that acceded later do not
    count), or ``-`` when that is not dated."""
    day = agreement.signed_on
    return "-" if day is None else str(day)
