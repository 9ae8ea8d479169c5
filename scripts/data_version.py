"""Bump src/ruiran/DATA_VERSION, the bundled data's version, after its records changed.

The data version (``ruiran.DATA_VERSION``) is ``YYYY.MM.DD`` of the day the records or source
texts last changed; ``ruiran.DATA_AS_OF`` is the date the data is current to (no source it
cites is later). The file also holds the SHA-256 of the canonical records
(``ruiran.versions.records_digest``), and ``tests/test_release.py`` fails while that digest no
longer matches the data.

Usage::

    python scripts/data_version.py                      # after any change to src/ruiran/data
    python scripts/data_version.py --as-of 2026-03-01   # the data is now current to that day
    python scripts/data_version.py --check              # exit 1 if the file is stale

Nothing is written when the digest still matches and ``--as-of`` is not given. A bump writes
today's date as the version (``.2``, ``.3``... for a second change on one day); add a line to
CHANGELOG.md saying what changed in the data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import ruiran
from ruiran import versions

__all__ = ["DATA", "OUTPUT", "main", "next_version"]

ROOT: Final = Path(__file__).resolve().parents[1]
DATA: Final = ROOT / "src" / "ruiran" / "data"
OUTPUT: Final = ROOT / "src" / "ruiran" / versions.FILE_NAME


def next_version(current: str, today: dt.date) -> str:
    """The version after ``current`` for a change made on ``today``.

    Examples:
        >>> next_version("2025.12.01", dt.date(2026, 1, 2))
        '2026.01.02'
        >>> next_version("2026.01.02", dt.date(2026, 1, 2))
        '2026.01.02.2'
        >>> next_version("2026.01.02.2", dt.date(2026, 1, 2))
        '2026.01.02.3'
    """
    base = today.strftime("%Y.%m.%d")
    if current == base:
        return f"{base}.2"
    if current.startswith(base + "."):
        return f"{base}.{int(current.rsplit('.', 1)[1]) + 1}"
    return base


def main(argv: Sequence[str] | None = None) -> int:
    """Bump the data version if the records changed, or with ``--check`` say whether they did."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the file is stale"
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        help="the date the data is now current to (must equal coverage.yaml's as_of)",
    )
    args = parser.parse_args(argv)
    ds = ruiran.load(DATA)
    current = versions.read(OUTPUT)
    digest = versions.records_digest(ds)
    # One as-of date: the coverage file's (src/ruiran/data/coverage.yaml) is the source of
    # truth; --as-of must agree with it (change the file first).
    stated = ds.coverage.as_of if ds.coverage is not None else None
    if args.as_of is not None and stated is not None and args.as_of != stated:
        print(f"--as-of {args.as_of} differs from coverage.yaml's as_of {stated}: change the file")
        return 1
    as_of = stated or args.as_of or current.as_of
    dated = [s.date.earliest for s in ds.sources if s.date is not None]
    newest = max(dated, default=None)
    where = OUTPUT.relative_to(ROOT)
    if newest is not None and newest > as_of:
        print(
            f"{where}: a source is dated {newest}, after as_of {as_of}: "
            f"give --as-of {newest} (or later)",
            file=sys.stderr,
        )
        return 1
    if digest == current.records and as_of == current.as_of:
        print(f"{where} is up to date: data {current.version}, as of {current.as_of}")
        return 0
    if args.check:
        print(f"{where} is stale: run `python scripts/data_version.py`", file=sys.stderr)
        return 1
    version = next_version(current.version, dt.date.today())
    OUTPUT.write_text(versions.render(versions.DataVersion(version, as_of, digest)))
    print(f"wrote {where}: data {version}, as of {as_of}; say what changed in CHANGELOG.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
