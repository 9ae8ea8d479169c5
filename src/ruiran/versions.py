"""The version of the bundled data: its own number and as-of date, apart from the package's.

The package's version (``ruiran.__version__``) changes with the code; the bundled data has a
version of its own, read from the small file ``ruiran/DATA_VERSION`` (beside the ``data``
folder, not in it: the folder reader would warn about a file it does not read):

- ``version``: the data version, ``YYYY.MM.DD`` of the day the records last changed (a
  second change on one day adds ``.2``, ``.3``...). It changes whenever a record or a source
  text changes, and only then: ``tests/test_release.py`` recomputes :func:`records_digest` of
  the bundled data and fails, saying how to bump, when it no longer matches ``records``.
- ``as_of``: the date the data is current to: no source it cites is dated later.
- ``records``: the SHA-256 of the canonical records (see :func:`records_digest`).

``python scripts/data_version.py`` bumps the file after a change to the data (see
docs/development.md). The file is read on first use of ``ruiran.DATA_VERSION`` or
``ruiran.DATA_AS_OF``, never by ``import ruiran`` or ``ruiran.load()``.

Examples:
    >>> import ruiran
    >>> ruiran.DATA_VERSION == read().version
    True
    >>> ruiran.DATA_AS_OF.isoformat() == read().as_of.isoformat()
    True
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

if TYPE_CHECKING:
    from ruiran.dataset import Dataset

__all__ = ["FILE_NAME", "DataVersion", "read", "records_digest", "render"]

#: The data version file's name, inside the ``ruiran`` package.
FILE_NAME: Final = "DATA_VERSION"

_KEYS: Final = ("version", "as_of", "records")


class DataVersion(NamedTuple):
    """The bundled data's version, as ``ruiran/DATA_VERSION`` states it.

    Attributes:
        version: The data version, ``YYYY.MM.DD`` (with ``.N`` for a later change that day).
        as_of: The date the data is current to.
        records: The SHA-256 (hex) of the canonical records and source texts.
    """

    version: str
    as_of: dt.date
    records: str


def read(path: Path | None = None) -> DataVersion:
    """The data version stated in ``path`` (the installed package's file by default).

    Args:
        path: A data version file: ``key = value`` lines for ``version``, ``as_of`` and
            ``records``; blank lines and ``#`` comments are skipped.

    Raises:
        ValueError: when a line is not ``key = value``, a key is unknown, missing or repeated,
            or ``as_of`` is not an ISO date (``YYYY-MM-DD``); the message names the file and
            the line.

    Examples:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder, "DATA_VERSION")
        ...     _ = path.write_text("version = 2026.01.02\\nas_of = 2025-12-15\\nrecords = ab\\n")
        ...     read(path)
        DataVersion(version='2026.01.02', as_of=datetime.date(2025, 12, 15), records='ab')
    """
    if path is None:
        path = Path(__file__).with_name(FILE_NAME)
    found: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        key, equals, value = (part.strip() for part in text.partition("="))
        where = f"{path}:{number}"
        if not equals or key not in _KEYS or not value:
            raise ValueError(
                f"{where}: expected 'key = value' with a key in {_KEYS!r} (got {text!r})"
            )
        if key in found:
            raise ValueError(f"{where}: {key!r} is given twice")
        found[key] = value
    missing = [key for key in _KEYS if key not in found]
    if missing:
        raise ValueError(f"{path}: {', '.join(map(repr, missing))} missing (need {_KEYS!r})")
    try:
        as_of = dt.date.fromisoformat(found["as_of"])
    except ValueError:
        raise ValueError(
            f"{path}: 'as_of' must be a date YYYY-MM-DD (got {found['as_of']!r})"
        ) from None
    return DataVersion(found["version"], as_of, found["records"])


def render(version: DataVersion) -> str:
    """The text of a data version file stating ``version`` (what :func:`read` reads back).

    Examples:
        >>> import datetime
        >>> print(render(DataVersion("2026.01.02", datetime.date(2025, 12, 15), "ab")), end="")
        # The bundled data's version (see ruiran/versions.py): change it with
        # `python scripts/data_version.py` whenever the records or source texts change.
        version = 2026.01.02
        as_of = 2025-12-15
        records = ab
    """
    return (
        "# The bundled data's version (see ruiran/versions.py): change it with\n"
        "# `python scripts/data_version.py` whenever the records or source texts change.\n"
        f"version = {version.version}\n"
        f"as_of = {version.as_of.isoformat()}\n"
        f"records = {version.records}\n"
    )


def records_digest(ds: Dataset) -> str:
    """The SHA-256 (hex) of a dataset's records and source texts in a canonical form.

    Each record as ``model_dump(mode="json", exclude_defaults=True)`` (a field added to a model
    with a default does not change it), sorted by id, as JSON with sorted keys; then each
    source's text by source id; then the coverage statement (``coverage.yaml``: what the data
    claims to hold completely is part of the data). The order of records in the files and the
    YAML layout do not count; any changed value does.

    Args:
        ds: The dataset.

    Examples:
        >>> import ruiran
        >>> records_digest(ruiran.load()) == read().records
        True
    """
    import hashlib
    import json

    h = hashlib.sha256()
    for record in sorted(ds, key=lambda r: r.id):
        dumped = record.model_dump(mode="json", exclude_defaults=True)
        line = json.dumps(dumped, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        h.update(line.encode("utf-8") + b"\n")
    for source, text in sorted(ds.source_texts.items()):
        h.update(f"text {source} {len(text)}\n".encode())
        h.update(text.encode("utf-8"))
    if ds.coverage is not None:
        dumped = ds.coverage.model_dump(mode="json", exclude_defaults=True)
        line = json.dumps(dumped, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        h.update(b"coverage " + line.encode("utf-8") + b"\n")
    return h.hexdigest()
