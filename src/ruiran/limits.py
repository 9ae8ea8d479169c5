"""How large a dataset's parts may be: :class:`Limits`, for :func:`ruiran.load` and every read
of a GDELT file.

The public home of the limits; they are defined in :mod:`ruiran.read.limits`, beside the
reading machinery that enforces them.

Examples:
    >>> from ruiran.limits import DEFAULT_LIMITS, Limits
    >>> Limits(document_bytes=2**20).document_bytes < DEFAULT_LIMITS.document_bytes
    True
"""

from ruiran.read.limits import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_LIMITS", "Limits"]
