"""Hints for error messages: the valid words closest to a misspelt one, and the passage of a
source text closest to a quote that is not in it.

:mod:`~ruiran.hints.suggest` gives every "did you mean ...?" and :mod:`~ruiran.hints.passages`
the closest passage of a source, with what differs. Both reading (a misspelt field or value in
a file) and the Dataset layer (an unknown actor, a quote not found in its source) use them, so
they sit beneath both: this folder imports nothing of ruiran, and any module may import it.

Importing this package imports none of its modules: each is needed only for an error message.
"""

__all__ = ["passages", "suggest"]
