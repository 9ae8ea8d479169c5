"""Cross-record checks a Dataset runs once, when it is built.

Each record is already valid on its own (pydantic checked it). What is left are the rules that
span records: ids are unique, every reference resolves to a record of the right kind, and
every quote occurs verbatim in its source's text when that text is known. All problems are
collected, so a user sees every mistake at once.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Final

from ruiran.dataset.cow import COW_SOURCE, expected_cow_code
from ruiran.dataset.index import fold, name_keys
from ruiran.errors import Problem, clip
from ruiran.hints.suggest import close_matches, did_you_mean
from ruiran.model import (
    Actor,
    Agreement,
    AnyRecord,
    Bloc,
    Citation,
    Derivation,
    Event,
    Organization,
    Person,
    Sanction,
    Source,
    State,
)
from ruiran.model.display import count

__all__ = [
    "Hints",
    "check_records",
    "conflict",
    "occurring",
    "positions",
    "reference_kinds",
]

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
        # A milestone's `party` is one of `parties` (the model checks that), so the check of
        # the parties above covers its kind: reporting it again would repeat the problem.
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
        for i, act in enumerate(record.legal_basis):
            yield from _citation_refs(f"legal_basis.{i}.", act.citations)
        for i, step in enumerate(record.milestones):
            yield from _citation_refs(f"milestones.{i}.", step.citations)
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


#: The fields that hold references, by record type: a pattern of the field's path and the
#: kinds it may name (the same as :func:`_references` yields; a test keeps the two in step).
_REFERENCE_FIELDS: Final[dict[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "agreement": (
        (r"parties\.[0-9]+", _COLLECTIVE),
        (r"milestones\.[0-9]+\.actors\.[0-9]+", _ACTOR),
        (r"milestones\.[0-9]+\.citations\.[0-9]+\.source", ("source",)),
    ),
    "event": ((r"participants\.[0-9]+\.actor", _ACTOR), (r"related\.[0-9]+", _NOT_SOURCE)),
    "sanction": (
        (r"senders\.[0-9]+", _ACTOR),
        ("target", _ACTOR),
        (r"legal_basis\.[0-9]+\.citations\.[0-9]+\.source", ("source",)),
        (r"milestones\.[0-9]+\.citations\.[0-9]+\.source", ("source",)),
    ),
    "bloc": ((r"members\.[0-9]+\.member", _MEMBER),),
    "person": (("nationality", ("state",)), (r"positions\.[0-9]+\.of", _OFFICE_HOLDER)),
    "organization": (("country", ("state",)),),
}


def reference_kinds(record_type: str, field: str) -> tuple[str, ...] | None:
    """The record types a field may name, or None when the field holds no reference.

    Examples:
        >>> reference_kinds("event", "participants.0.actor")
        ('state', 'person', 'organization', 'bloc')
        >>> reference_kinds("event", "citations.2.source"), reference_kinds("event", "title")
        (('source',), None)
    """
    if re.fullmatch(r"citations\.[0-9]+\.source", field):
        return ("source",)
    for pattern, kinds in _REFERENCE_FIELDS.get(record_type, ()):
        if re.fullmatch(pattern, field):
            return kinds
    return None


def _quotes(record: AnyRecord) -> Iterator[tuple[str, Citation]]:
    for i, citation in enumerate(record.citations):
        yield f"citations.{i}.quote", citation
    if isinstance(record, Agreement):
        for m, milestone in enumerate(record.milestones):
            for i, citation in enumerate(milestone.citations):
                yield f"milestones.{m}.citations.{i}.quote", citation
    if isinstance(record, Sanction):
        for m, step in enumerate(record.milestones):
            for i, citation in enumerate(step.citations):
                yield f"milestones.{m}.citations.{i}.quote", citation
        for a, act in enumerate(record.legal_basis):
            for i, citation in enumerate(act.citations):
                yield f"legal_basis.{a}.citations.{i}.quote", citation


def _shown(value: str, limit: int = 200) -> str:
    """``repr(value)``, cut short: a problem must not repeat a huge quote in full."""
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}... ({len(value)} characters)"


#: Up to this many quotes, or this many characters scanned in all, each quote is looked for on
#: its own with ``in`` (C speed, about 1 ms per megabyte of text).
_DIRECT_QUOTES: Final = 64
_DIRECT_BUDGET: Final = 50_000_000


def occurring(text: str, quotes: Collection[str]) -> set[str]:
    """The quotes that occur verbatim in ``text``, in time about the text's length.

    Looking for each quote on its own costs up to quotes × text length (10,000 quotes absent
    from a 5 MB text: about 15 s). Past a few quotes, one Aho-Corasick pass over the text finds
    them all at once: text length plus total quote length, whatever their number.

    Args:
        text: The source's text, exactly as shipped.
        quotes: The quotes to look for.

    Returns:
        The subset of ``quotes`` that occur in ``text``, character for character.

    Examples:
        >>> sorted(occurring("signed in Moscow in 2025", ["in Moscow", "in Tehran", "2025"]))
        ['2025', 'in Moscow']
    """
    if len(quotes) <= _DIRECT_QUOTES or len(quotes) * len(text) <= _DIRECT_BUDGET:
        return {quote for quote in quotes if quote in text}
    return _aho_corasick(text, quotes)


#: An Aho-Corasick automaton: children, ends, fail and output, by node (see :func:`_automaton`).
_Automaton = tuple[list[dict[str, int]], list[str | None], list[int], list[int]]


def _automaton(quotes: Collection[str]) -> _Automaton:
    """The Aho-Corasick automaton of ``quotes``."""
    # The trie of the quotes: node 0 is the root, children[n] maps a character to a node, and
    # ends[n] is the quote spelled by the path to n, if one ends there.
    children: list[dict[str, int]] = [{}]
    ends: list[str | None] = [None]
    for quote in quotes:
        node = 0
        for char in quote:
            nxt = children[node].get(char)
            if nxt is None:
                nxt = len(children)
                children[node][char] = nxt
                children.append({})
                ends.append(None)
            node = nxt
        ends[node] = quote
    # Breadth first: fail[n] is the node of the longest proper suffix of n's path that is also
    # in the trie; output[n] the nearest node on n's fail chain where a quote ends (0: none).
    fail = [0] * len(children)
    output = [0] * len(children)
    queue = deque(children[0].values())
    while queue:
        node = queue.popleft()
        for char, child in children[node].items():
            suffix = fail[node]
            while suffix and char not in children[suffix]:
                suffix = fail[suffix]
            target = children[suffix].get(char, 0)
            fail[child] = target
            output[child] = target if ends[target] is not None else output[target]
            queue.append(child)
    return children, ends, fail, output


def _aho_corasick(text: str, quotes: Collection[str]) -> set[str]:
    """:func:`occurring` as one pass of an Aho-Corasick automaton over ``text``."""
    children, ends, fail, output = _automaton(quotes)
    found: set[str] = {quote for quote in quotes if not quote}  # "" occurs anywhere
    wanted = len(set(quotes))
    # A node's quotes (its own and its output chain's) are collected on its first visit only,
    # so collecting costs at most one step per node in all, however often quotes recur.
    visited = bytearray(len(children))
    visited[0] = 1  # the root: no quote ends there
    node = 0
    for char in text:
        edges = children[node]
        while node and char not in edges:
            node = fail[node]
            edges = children[node]
        node = edges.get(char, 0)
        if not visited[node]:
            hit = node
            while hit and not visited[hit]:
                visited[hit] = 1
                end = ends[hit]
                if end is not None:
                    found.add(end)
                hit = output[hit]
            if len(found) == wanted:
                break
    return found


def positions(text: str, quotes: Collection[str]) -> dict[str, list[int]]:
    """Where each quote occurs in ``text``: every start offset, in increasing order.

    In time about the text's length plus the number of occurrences, as :func:`occurring`:
    each quote on its own with ``str.find`` for a few quotes or a short text, else one
    Aho-Corasick pass. A quote that does not occur gets an empty list.

    Examples:
        >>> positions("Iran and Russia; Russia and Iran", ["Russia", "Iran", "China"])
        {'Russia': [9, 17], 'Iran': [0, 28], 'China': []}
    """
    found: dict[str, list[int]] = {quote: [] for quote in quotes}
    if len(found) <= _DIRECT_QUOTES or len(found) * len(text) <= _DIRECT_BUDGET:
        for quote, starts in found.items():
            start = text.find(quote)
            while start != -1 and quote:
                starts.append(start)
                start = text.find(quote, start + 1)
        return found
    children, ends, fail, output = _automaton(found)
    node = 0
    for at, char in enumerate(text, 1):
        edges = children[node]
        while node and char not in edges:
            node = fail[node]
            edges = children[node]
        node = edges.get(char, 0)
        hit = node if ends[node] is not None else output[node]
        while hit:
            end = ends[hit]
            assert end is not None
            found[end].append(at - len(end))
            hit = output[hit]
    return found


#: Suggestions are worked out for this many distinct dangling references, and closest passages
#: for this many distinct missing quotes; past them a problem comes without (a DatasetError
#: shows 50 problems).
_HINTED: Final = 50
#: Closest passages are searched for this long in all (about 0.1 s each in a 5 MB text).
_SEARCH_SECONDS: Final = 2.0
#: Past this many candidate ids or names, only exact names (any case) are suggested.
_FUZZY_POOL: Final = 20_000


class Hints:
    """What to suggest for a reference that names no record, or a quote not found verbatim.

    ``reference`` gives "did you mean" among the ids of the kinds a field allows: an actor's
    id for its name, alias, ISO code or Wikidata id in any case (``Russia``, ``RU``), else the
    closest ids and names. ``passage`` gives the closest passage of the source and what
    differs. Worked out only when asked, and bounded (:data:`_HINTED` of each, passages
    searched for :data:`_SEARCH_SECONDS` in all, close matches among at most
    :data:`_FUZZY_POOL` ids): a dataset with a million dangling references
    costs a million dictionary lookups, not a million searches.

    Examples:
        >>> import ruiran
        >>> hints = Hints(list(ruiran.load()))
        >>> hints.reference("RU", ("state",)), hints.reference("irna", ("state", "person"))
        ("; did you mean 'russia'?", "; did you mean 'iran'?")
        >>> hints.reference("atlantis", ("state",))
        ''
    """

    def __init__(
        self, records: Sequence[AnyRecord], kinds: Mapping[str, str] | None = None
    ) -> None:
        self._records = records
        self._kinds = kinds
        self._names: dict[str, list[str]] | None = None
        self._references: dict[tuple[str, tuple[str, ...]], str] = {}
        self._passages: dict[tuple[str, str], str] = {}
        self._searching_until: float | None = None

    def _kind_of(self) -> Mapping[str, str]:
        if self._kinds is None:
            kinds: dict[str, str] = {}
            for record in self._records:
                kinds.setdefault(record.id, record.type)
            self._kinds = kinds
        return self._kinds

    def _name_index(self) -> dict[str, list[str]]:
        """Every name, alias, ISO code and Wikidata id of an actor, folded, to actor ids."""
        if self._names is None:
            names: dict[str, list[str]] = {}
            for record in self._records:
                if isinstance(record, Actor):
                    for key in name_keys(record):
                        ids = names.setdefault(fold(key), [])
                        if record.id not in ids:
                            ids.append(record.id)
            self._names = names
        return self._names

    def reference(self, ref: str, allowed: tuple[str, ...]) -> str:
        """``"; did you mean 'russia'?"`` for ``Russia``, ``RU`` or ``rusia``; or ``""``."""
        key = (ref, allowed)
        hint = self._references.get(key)
        if hint is None:
            if len(self._references) >= _HINTED:
                return ""
            hint = self._references[key] = did_you_mean(self._suggest(ref, allowed))
        return hint

    def _suggest(self, ref: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        if len(ref) > 200:
            return ()
        kinds = self._kind_of()
        # A name, alias or code of an actor of an allowed kind ("Russia", "RU", "Q159").
        named = [i for i in self._name_index().get(fold(ref), []) if kinds[i] in allowed]
        if named:
            return tuple(named[:3])
        ids = [i for i, kind in kinds.items() if kind in allowed]
        if len(ids) > _FUZZY_POOL:
            return ()
        close = close_matches(ref, ids)
        if close:
            return close
        # A misspelt name ("Rusia"): the actors whose names are close.
        index = self._name_index()
        if len(index) > _FUZZY_POOL:
            return ()
        keys = close_matches(fold(ref), index)
        found = [i for k in keys for i in index[k] if kinds[i] in allowed]
        return tuple(dict.fromkeys(found))[:3]

    def passage(self, source: str, text: str, quote: str) -> str:
        """The closest passage of ``text`` to ``quote`` and what differs, or ``""``."""
        key = (source, quote)
        hint = self._passages.get(key)
        if hint is None:
            now = time.monotonic()
            if self._searching_until is None:
                self._searching_until = now + _SEARCH_SECONDS
            if len(self._passages) >= _HINTED or now > self._searching_until:
                return ""
            from ruiran.hints.passages import passage_hint  # only when a quote is missing

            hint = self._passages[key] = passage_hint(text, quote)
        return hint


def _reference_state(ref: str) -> bool:
    """Whether ``ref`` is the id of a state of the reference table (read on first use only:
    a dataset whose references all name its own records never reads it)."""
    from ruiran.dataset.states import is_reference_id

    return is_reference_id(ref)


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

    # Every distinct quote of a source is looked for once, all of them in one pass over its text.
    quoted: dict[str, set[str]] = {source: set() for source in source_texts}
    urls = {r.id: r.url for r in records if isinstance(r, Source)}
    for record in records:
        for _, citation in _quotes(record):
            if citation.source in quoted and citation.derived_from is not Derivation.ADDRESS:
                quoted[citation.source].add(citation.quote)
    found = {source: occurring(source_texts[source], quotes) for source, quotes in quoted.items()}
    hints = Hints(records, kinds)

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
                if "state" in allowed and _reference_state(ref):
                    continue  # a state of the reference table: part of every dataset
                if ref not in known_invalid:
                    problems.append(
                        Problem(
                            record.id,
                            field,
                            f"{ref!r} does not name any record in the dataset"
                            + hints.reference(ref, allowed),
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
            if citation.derived_from is Derivation.ADDRESS:
                # The quote is part of the page's address, not of its text.
                url = urls.get(citation.source)
                if citation.source in urls and (url is None or citation.quote not in url):
                    problems.append(
                        Problem(
                            record.id,
                            field,
                            f"a quote derived from the address must occur in source "
                            f"{citation.source!r}'s url {url!r}: {_shown(citation.quote)}",
                        )
                    )
                continue
            text = source_texts.get(citation.source)
            if text is not None and citation.quote not in found[citation.source]:
                problems.append(
                    Problem(
                        record.id,
                        field,
                        f"quote not found verbatim in source {citation.source!r}: "
                        f"{_shown(citation.quote)}"
                        + hints.passage(citation.source, text, citation.quote),
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


def conflict(first: AnyRecord, second: AnyRecord) -> str:
    """Say how two records under one id differ: the fields, with both values, clipped.

    Examples:
        >>> import ruiran
        >>> iran = ruiran.load()["iran"]
        >>> print(conflict(iran, iran.model_copy(update={"name": "Persia"})))
        conflicting records under one id: they differ in 'name' ('Iran' and 'Persia')
    """
    if type(first) is not type(second):
        return f"conflicting records under one id: a {first.type} and a {second.type}"
    fields = [
        name for name in type(first).model_fields if getattr(first, name) != getattr(second, name)
    ]
    shown = [
        f"{name!r} ({clip(repr(_plain(getattr(first, name))), 60)} and "
        f"{clip(repr(_plain(getattr(second, name))), 60)})"
        for name in fields[:3]
    ]
    more = f" and {count(len(fields) - 3, 'more field', 'more fields')}" if len(fields) > 3 else ""
    return f"conflicting records under one id: they differ in {', '.join(shown)}{more}"


def _plain(value: object) -> object:
    """A field's value as plain data (enums, dates and nested records as their JSON form)."""
    from pydantic_core import PydanticSerializationError, to_jsonable_python

    try:
        return to_jsonable_python(value)
    except PydanticSerializationError:  # only for display: fall back to the value itself
        return value
