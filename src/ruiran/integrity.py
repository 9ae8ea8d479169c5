"""Cross-record checks a Dataset runs once, when it is built.

Each record is already valid on its own (pydantic checked it). What is left are the rules that
span records: ids are unique, every reference resolves to a record of the right kind, and
every quote occurs verbatim in its source's text when that text is known. All problems are
collected, so a user sees every mistake at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ruiran.cow import COW_SOURCE, expected_cow_code
from ruiran.errors import Problem
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Citation,
    Event,
    Organization,
    Person,
    Sanction,
    Source,
    State,
)

__all__ = ["check_records"]

_ACTOR = ("state", "person", "organization", "bloc")
_COLLECTIVE = ("state", "organization", "bloc")
_MEMBER = ("state", "organization")
_OFFICE_HOLDER = ("state", "organization", "bloc")
_NOT_SOURCE = ("state", "person", "organization", "bloc", "agreement", "sanction", "event")

# A reference: the field path, the id it names, and the record kinds it may name.
_Ref = tuple[str, str, tuple[str, ...]]


def _citation_refs(prefix: str, citations: Sequence[Citation]) -> Iterator[_Ref]:
    for i, citation in enumerate(citations):
        yield f"{prefix}citations.{i}.source", citation.source, ("source",)


def _references(record: AnyRecord) -> Iterator[_Ref]:
    """Every id a record names, with the field it sits in and the kinds it may name."""
    yield from _citation_refs("", record.citations)
    if isinstance(record, Agreement):
        for i, party in enumerate(record.parties):
            yield f"parties.{i}", party, _COLLECTIVE
        for i, milestone in enumerate(record.milestones):
            for j, actor in enumerate(milestone.actors):
                yield f"milestones.{i}.actors.{j}", actor, _ACTOR
            yield from _citation_refs(f"milestones.{i}.", milestone.citations)
    elif isinstance(record, Event):
        for i, participant in enumerate(record.participants):
            yield f"participants.{i}.actor", participant.actor, _ACTOR
        for i, related in enumerate(record.related):
            yield f"related.{i}", related, _NOT_SOURCE
    elif isinstance(record, Sanction):
        for i, sender in enumerate(record.senders):
            yield f"senders.{i}", sender, _ACTOR
        yield "target", record.target, _ACTOR
    elif isinstance(record, Bloc):
        for i, membership in enumerate(record.members):
            yield f"members.{i}.member", membership.member, _MEMBER
    elif isinstance(record, Person):
        if record.nationality is not None:
            yield "nationality", record.nationality, ("state",)
        for i, position in enumerate(record.positions):
            if position.of is not None:
                yield f"positions.{i}.of", position.of, _OFFICE_HOLDER
    elif isinstance(record, Organization):
        if record.country is not None:
            yield "country", record.country, ("state",)
    elif isinstance(record, (State, Source)):
        pass


def _quotes(record: AnyRecord) -> Iterator[tuple[str, Citation]]:
    for i, citation in enumerate(record.citations):
        yield f"citations.{i}.quote", citation
    if isinstance(record, Agreement):
        for m, milestone in enumerate(record.milestones):
            for i, citation in enumerate(milestone.citations):
                yield f"milestones.{m}.citations.{i}.quote", citation


def check_records(
    records: Sequence[AnyRecord],
    source_texts: Mapping[str, str],
    *,
    known_invalid: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Return every cross-record problem of ``records`` (an empty list when there is none).

    Args:
        records: The records of the dataset-to-be.
        source_texts: Source id to the full text of that source, for quote checks.
        known_invalid: Ids of records that failed validation elsewhere; references to them are
            not reported again as dangling.
    """
    problems: list[Problem] = []
    kinds: dict[str, str] = {}
    for record in records:
        if record.id in kinds:
            problems.append(
                Problem(
                    record.id, "id", f"duplicate id: {record.id!r} is used by more than one record"
                )
            )
        else:
            kinds[record.id] = record.type

    for record in records:
        if isinstance(record, State) and record.cow_code is not None and record.iso_alpha3:
            expected = expected_cow_code(record.iso_alpha3)
            if expected is not None and expected != record.cow_code:
                problems.append(
                    Problem(
                        record.id,
                        "cow_code",
                        f"'cow_code' must be {expected} for {record.iso_alpha3} "
                        f"({COW_SOURCE}) (got {record.cow_code!r})",
                    )
                )
        for field, ref, allowed in _references(record):
            kind = kinds.get(ref)
            if kind is None:
                if ref not in known_invalid:
                    problems.append(
                        Problem(
                            record.id, field, f"{ref!r} does not name any record in the dataset"
                        )
                    )
            elif kind not in allowed:
                problems.append(
                    Problem(
                        record.id,
                        field,
                        f"{ref!r} is a {kind}; it must name a record of type {' or '.join(allowed)}",
                    )
                )
        for field, citation in _quotes(record):
            text = source_texts.get(citation.source)
            if text is not None and citation.quote not in text:
                problems.append(
                    Problem(
                        record.id,
                        field,
                        f"quote not found verbatim in source {citation.source!r}: {citation.quote!r}",
                    )
                )

    for source_id in source_texts:
        if kinds.get(source_id) != "source":
            problems.append(
                Problem(
                    source_id, "text_file", "a source text is given for an id that is not a Source"
                )
            )
    return problems
