"""Write src/ruiran/bundled.pickle, the pre-validated snapshot of the bundled dataset.

``ruiran.load()`` restores the bundled records from this file instead of reading the YAML in
``src/ruiran/data`` (see ``ruiran.read.snapshot``), as long as the file's digest matches the data
files and source texts; when it does not, ``load()`` reads the YAML (correct, but slower) and
``tests/test_startup.py`` fails until the snapshot is regenerated.

Usage::

    python scripts/snapshot.py           # after any change to src/ruiran/data or the models
    python scripts/snapshot.py --check   # exit 1 if the snapshot is stale

The file is rewritten only when what it holds changes, so regenerating is safe to repeat.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import ruiran
from ruiran.read import snapshot

__all__ = ["DATA", "OUTPUT", "main"]

ROOT: Final = Path(__file__).resolve().parents[1]
DATA: Final = ROOT / "src" / "ruiran" / "data"
OUTPUT: Final = ROOT / "src" / "ruiran" / snapshot.FILE_NAME


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the snapshot, or with ``--check`` say whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the snapshot is stale"
    )
    args = parser.parse_args(argv)
    here = Path(ruiran.__file__).resolve().parent
    if here != OUTPUT.parent:
        # The snapshot pickles the models of the ruiran it runs: it must be this tree's.
        print(f"ruiran is imported from {here}, not from {OUTPUT.parent}", file=sys.stderr)
        return 2
    fresh = snapshot.build(DATA)
    current = OUTPUT.read_bytes() if OUTPUT.exists() else None
    if current is not None and snapshot.same(current, fresh):
        print(f"{OUTPUT.relative_to(ROOT)} is up to date")
        return 0
    if args.check:
        print(
            f"{OUTPUT.relative_to(ROOT)} is stale: run `python scripts/snapshot.py`",
            file=sys.stderr,
        )
        return 1
    OUTPUT.write_bytes(fresh)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(fresh):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
