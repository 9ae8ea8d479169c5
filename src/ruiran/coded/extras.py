"""The optional libraries of coded event data, imported on first use.

DuckDB reads the files, pyarrow holds the columns, pandas (with numpy) shapes series. They sit
behind the ``events`` extra (``pip install 'ruiran[events]'``) so that ``import ruiran`` stays
light; each function here imports one of them, or raises
:class:`~ruiran.errors.MissingExtraError` naming the extra.

Examples:
    >>> pa = pyarrow()
    >>> pa.table({"x": [1]}).num_rows
    1
"""

from __future__ import annotations

from typing import Any

from ruiran.errors import MissingExtraError

__all__ = ["EXTRA", "duckdb", "numpy", "pandas", "pyarrow"]

#: The extra that installs every library of coded event data.
EXTRA = "events"


def duckdb() -> Any:
    """The ``duckdb`` module."""
    try:
        import duckdb as module
    except ImportError as error:
        raise MissingExtraError("duckdb", EXTRA) from error
    return module


def pyarrow() -> Any:
    """The ``pyarrow`` module, with ``pyarrow.compute`` loaded (as ``pyarrow.compute``)."""
    try:
        import pyarrow as module
        import pyarrow.compute
    except ImportError as error:
        raise MissingExtraError("pyarrow", EXTRA) from error
    return module


def numpy() -> Any:
    """The ``numpy`` module (installed with pandas and pyarrow)."""
    try:
        import numpy as module
    except ImportError as error:
        raise MissingExtraError("numpy", EXTRA) from error
    return module


def pandas() -> Any:
    """The ``pandas`` module."""
    try:
        import pandas as module
    except ImportError as error:
        raise MissingExtraError("pandas", EXTRA) from error
    return module
