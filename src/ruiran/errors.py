"""The exceptions ruiran raises. Each also subclasses the matching built-in exception.

Examples:
    >>> issubclass(UnknownActorError, LookupError), issubclass(DatasetError, ValueError)
    (True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "DatasetError",
    "DatasetWarning",
    "MissingExtraError",
    "Problem",
    "QueryError",
    "RuiranError",
    "UnknownActorError",
    "clip",
]

#: The longest value an error message shows whole (a 5 MB id must not give a 5 MB message).
SHOWN_CHARS = 200


def clip(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters, saying how much was left out.

    Examples:
        >>> clip("x" * 1000, 20)
        'xxxxxx… (1000 chars)'
        >>> clip("short")
        'short'
    """
    if len(text) <= limit:
        return text
    tail = f"… ({len(text)} chars)"
    return text[: max(limit - len(tail), 0)] + tail


class RuiranError(Exception):
    """Base class of every error ruiran raises on purpose."""


# The repr by hand: attrs would compile one at import, which every load() would pay for.
@attrs.frozen(repr=False)
class Problem:
    """One thing wrong with a dataset: where it is and what would be valid.

    Attributes:
        record: Id of the record at fault, or None when the record has no usable id.
        field: Dotted path of the field at fault (``"milestones.1.date"``), or None.
        message: What is wrong and what would be valid.
        file: The file the record came from, when it came from a file.

    Examples:
        >>> problem = Problem("iran", "name", "must not be empty")
        >>> problem
        Problem(record='iran', field='name', message='must not be empty', file=None)
        >>> print(problem)
        record 'iran', field 'name': must not be empty
    """

    record: str | None
    field: str | None
    message: str
    file: str | None = None

    def __repr__(self) -> str:
        return (
            f"Problem(record={self.record!r}, field={self.field!r}, "
            f"message={self.message!r}, file={self.file!r})"
        )

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(clip(self.file))
        where.append(f"record {clip(repr(self.record))}" if self.record is not None else "(no id)")
        if self.field:
            where.append(f"field {clip(repr(self.field))}")
        return f"{', '.join(where)}: {clip(self.message, 5 * SHOWN_CHARS)}"


class DatasetError(RuiranError, ValueError):
    """A dataset is invalid. ``problems`` lists every problem found, not just the first.

    Nothing is loaded when this is raised.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem], *, limit: int = 50) -> None:
        self.problems = tuple(problems)
        shown = [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            shown.append(f"  ... and {len(self.problems) - limit} more (see .problems)")
        count = len(self.problems)
        super().__init__(
            f"invalid dataset: {count} problem{'s' if count != 1 else ''}\n" + "\n".join(shown)
        )


class DatasetWarning(RuiranError, UserWarning):
    """Something in a dataset's folder was not read (a subfolder, a file of another format).

    Issued with :func:`warnings.warn` while loading; the CLI prints each one on stderr. Anything
    that would change what the dataset holds is a :class:`Problem` instead.
    """


class UnknownActorError(RuiranError, LookupError):
    """No actor answers to a name; ``suggestions`` holds the closest known names, ``reason``
    (when given) says what the name is instead (a CAMEO region code, for instance)."""

    query: str
    suggestions: tuple[str, ...]

    def __init__(
        self, query: str, suggestions: Sequence[str] = (), reason: str | None = None
    ) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        hint = (
            f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?"
            if self.suggestions
            else ""
        )
        why = f": {reason}" if reason else ""
        super().__init__(f"no actor is known as {query!r}{why}{hint}")

    def __str__(self) -> str:
        # LookupError/KeyError would repr() the message; keep it readable.
        return str(self.args[0])


class QueryError(RuiranError, ValueError):
    """A query argument is not valid (an unknown area, a date that does not parse, ...)."""


class MissingExtraError(RuiranError, ImportError):
    """An optional dependency is missing; the message names the extra that installs it."""

    def __init__(self, library: str, extra: str) -> None:
        super().__init__(
            f"this feature needs {library}, which is not installed; "
            f"install it with: pip install 'ruiran[{extra}]'"
        )
