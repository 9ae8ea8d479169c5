"""Suggestions for error messages: the valid words closest to a misspelt one.

Every "did you mean ...?" in ruiran's errors comes from :func:`close_matches`: a misspelt field
name, vocabulary value or record id is compared with the words that would be valid there.

Examples:
    >>> close_matches("partcipants", ["participants", "citations", "title"])
    ('participants',)
    >>> did_you_mean(close_matches("Consult", ["consult", "visit"]))
    "; did you mean 'consult'?"
    >>> did_you_mean(close_matches("xyzzy", ["consult", "visit"]))
    ''
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["close_matches", "did_you_mean", "edit_distance"]

#: Words longer than this are not compared (a 5 MB "id" must not cost 5 MB of work per word).
_LONGEST: Final = 200

_SEPARATORS: Final = re.compile(r"[\s_-]+")


def _key(word: str) -> str:
    """The form two spellings of one word share: case, spaces, ``-`` and ``_`` set aside."""
    return _SEPARATORS.sub("_", word.casefold()).strip("_")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn ``a`` into ``b``.

    The optimal-string-alignment distance, computed only up to ``limit``: any larger
    distance is returned as ``limit + 1``.

    Examples:
        >>> edit_distance("ratifed", "ratified", 2), edit_distance("tilte", "title", 2)
        (1, 1)
        >>> edit_distance("consult", "visit", 2)
        3
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """The candidates closest to ``word``, best first (none when nothing is close).

    A candidate spelt the same but for case, spaces, ``-`` and ``_`` wins outright
    (``Consult`` is ``consult``, ``in force`` is ``in_force``). Otherwise the candidates one
    edit away (two for words of six letters or more: an insertion, a deletion, a substitution
    or two neighbours swapped), nearest first; failing those, the ones
    :func:`difflib.get_close_matches` finds similar.

    Args:
        word: The word as written.
        candidates: The valid words, in a stable order (ties keep it).
        n: At most this many suggestions.

    Examples:
        >>> close_matches("ratifed", ["signed", "ratified", "in_force"])
        ('ratified',)
        >>> close_matches("In Force", ["signed", "ratified", "in_force"])
        ('in_force',)
        >>> close_matches("banana", ["signed", "ratified", "in_force"])
        ()
    """
    if not isinstance(word, str) or not word or len(word) > _LONGEST:
        return ()
    pool = list(dict.fromkeys(c for c in candidates if c != word))
    key = _key(word)
    if not key:
        return ()
    keys = [_key(c) for c in pool]
    same = [c for c, k in zip(pool, keys, strict=True) if k == key]
    if same:
        return tuple(same[:n])
    import difflib  # only for an error message: `import ruiran` stays light

    limit = 1 if len(key) < 6 else 2
    near = sorted(
        (
            (distance, -difflib.SequenceMatcher(None, key, k).ratio(), i)
            for i, k in enumerate(keys)
            if (distance := edit_distance(key, k, limit)) <= limit
        ),
    )
    found = [pool[i] for _, _, i in near]
    if not found:
        by_key: dict[str, list[str]] = {}
        for c, k in zip(pool, keys, strict=True):
            by_key.setdefault(k, []).append(c)
        for k in difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.6):
            found.extend(by_key[k])
    return tuple(dict.fromkeys(found))[:n]


def did_you_mean(suggestions: Sequence[str]) -> str:
    """``"; did you mean 'a' or 'b'?"`` for some suggestions, ``""`` for none.

    Examples:
        >>> did_you_mean(["russia"]), did_you_mean(["a", "b", "c"])
        ("; did you mean 'russia'?", "; did you mean 'a', 'b' or 'c'?")
    """
    if not suggestions:
        return ""
    shown = [repr(s) for s in suggestions]
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    return f"; did you mean {listed}?"
