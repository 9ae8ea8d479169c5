"""Reading GDELT lines with the csv module alone: the tests' independent view of the files.

The property tests compare ruiran's DuckDB reader and columnar queries with a brute-force scan
of the rows read here, so nothing here shares code with ``ruiran.coded``.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

__all__ = ["FIXTURES", "read_rows"]

FIXTURES = Path(__file__).parent / "fixtures" / "gdelt"


def read_rows(path: Path) -> list[list[str]]:
    """Every line of a GDELT file (plain, .gz or .zip) as its tab-separated fields."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            (name,) = archive.namelist()
            text = archive.read(name).decode("utf-8")
    elif path.suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [row for row in reader if row]
