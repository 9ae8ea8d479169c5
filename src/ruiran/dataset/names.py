"""The keys under which the dataset finds an actor by name.

One rule for every lookup: a name is folded (:func:`fold`: case and runs of spaces ignored), and
an actor answers to its id, names, aliases, Wikidata ids and ISO codes (:func:`name_keys`).

Examples:
    >>> fold("  Islamic   Republic of IRAN ")
    'islamic republic of iran'
"""

from __future__ import annotations

from collections.abc import Iterable

from ruiran.model import State
from ruiran.model.actors import Actor

__all__ = ["fold", "name_keys"]


def fold(name: str) -> str:
    """The case- and space-insensitive key under which a name is indexed."""
    return " ".join(name.casefold().split())


def name_keys(actor: Actor) -> Iterable[str]:
    """Every string an actor answers to: id, names, aliases, Wikidata ids, ISO codes (a
    state's historical names' too).

    Examples:
        >>> import ruiran
        >>> "SU" in set(name_keys(ruiran.load()["russia"]))
        True
    """
    yield actor.id
    yield from actor.names()
    if actor.wikidata:
        yield actor.wikidata
    if isinstance(actor, State):
        for code in (actor.iso_alpha2, actor.iso_alpha3):
            if code:
                yield code
        for historical in actor.historical_names:  # "Q15180" and "SU" are Russia
            if historical.wikidata:
                yield historical.wikidata
            if historical.iso_alpha2:
                yield historical.iso_alpha2
