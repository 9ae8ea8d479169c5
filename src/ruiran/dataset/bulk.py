"""Bulk work without the cyclic garbage collector.

Validating and indexing a million records creates millions of small objects and no reference
cycles; the cyclic collector would walk the growing heap again and again, doubling the cost.
Loading therefore pauses it and restores it afterwards (only if it was on: pauses nest).

Examples:
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
