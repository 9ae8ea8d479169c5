"""Build the bundled UN General Assembly votes (src/ruiran/votes/data/) from the unvotes files.

Reads the three ``.rda`` files of the ``unvotes`` R package in ``data-raw/unvotes/`` (their
SHA-256 and source address are in that folder's README.md, and are checked first) with the
``rdata`` package (a development dependency: ``pip install rdata``), and writes:

- ``votes.parquet``: one row a vote cast, sorted by roll call then country: ``rcid`` (int32),
  ``country`` (the data's name, dictionary-encoded), ``country_code`` (ISO 3166 alpha-2,
  dictionary-encoded, null for the three seats the data gives none), ``vote`` (int8, Voeten's
  coding: 1 yes, 2 abstain, 3 no);
- ``roll_calls.parquet``: one row a roll call: ``rcid``, ``session``, ``date``, ``unres``,
  ``amend``, ``para``, ``importantvote``, ``short``, ``descr`` and the six issue flags ``me``,
  ``nu``, ``di``, ``hr``, ``co``, ``ec`` (the Dataverse release's own column names);
- ``votes.npz``: the store ``ruiran.votes`` reads on first use, made from the two Parquet files
  by ``ruiran.votes.store.from_parquet`` (the ``int8`` vote matrix, a row per seat and a column
  per roll call, the seats' names and codes, the roll calls' ids, days, years, sessions, issue
  flags and rows in ``roll_calls.parquet``), as numpy arrays in a zip (deflated, its entries
  dated 1980-01-01 so that a rebuild is byte for byte the same): numpy reads it in a few
  milliseconds, where reading the Parquet files and building the matrix took a hundred and
  more, and needed pyarrow;
- ``provenance.json``: origin, licence, version, row counts, coverage and the SHA-256 of the
  inputs and of the files written.

Usage (with ``PYTHONPATH=src``: the build uses ruiran's own store)::

    python scripts/votes_build.py           # rewrite the bundled votes
    python scripts/votes_build.py --check   # exit 1 if the bundled files differ from a rebuild
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import io
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

__all__ = ["INPUTS", "OUTPUT", "RAW", "build", "main"]

ROOT: Final = Path(__file__).resolve().parents[1]
RAW: Final = ROOT / "data-raw" / "unvotes"
OUTPUT: Final = ROOT / "src" / "ruiran" / "votes" / "data"

#: The inputs and their SHA-256 (as data-raw/unvotes/README.md states them).
INPUTS: Final = {
    "un_votes.rda": "36228d584d9cd8ea67dd33072da029628dabcc6faf3dffb183f916cc254660d9",
    "un_roll_calls.rda": "61a83d780e07cdfda635ca89e05875ceb58c6d64f876f85ac45f36b966a02ec0",
    "un_roll_call_issues.rda": "eec1b509ebce692c242b842837d5d861b52b65b2868a7c66f573d4a87d2eb0be",
}
ISSUES: Final = ("me", "nu", "di", "hr", "co", "ec")
VOTES: Final = {"yes": 1, "abstain": 2, "no": 3}
SOURCE: Final = {
    "title": "United Nations General Assembly Voting Data",
    "authors": ["Erik Voeten", "Anton Strezhnev", "Michael Bailey"],
    "publisher": "Harvard Dataverse",
    "handle": "hdl:1902.1/12379",
    "url": "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
    "licence": "CC0-1.0",
    "licence_note": (
        "The data files are dedicated to the public domain under CC0, as the Dataverse terms "
        "state (noted in dgrtwo/unvotes, data-raw/README.md)."
    ),
    "package": "unvotes 0.3.0 (R)",
    "repository": "https://github.com/cran/unvotes",
    "commit": "73ca68e96bcb8dafef6686aad11fb810bf97be15",
}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(name: str) -> Any:
    import rdata

    raw = (RAW / name).read_bytes()
    if _sha256(raw) != INPUTS[name]:
        raise SystemExit(f"{RAW / name}: SHA-256 {_sha256(raw)} is not {INPUTS[name]}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdata: "Missing constructor for R class tbl_df"
        frames = rdata.read_rda(RAW / name)
    (frame,) = frames.values()
    return frame


def _parquet(table: Any) -> bytes:
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd", compression_level=19, use_dictionary=True)
    return sink.getvalue()


def _npz(arrays: dict[str, Any]) -> bytes:
    """The arrays as an ``.npz`` (what ``numpy.load`` reads), the same bytes on every build."""
    import zipfile

    import numpy as np

    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for name, array in arrays.items():
            data = io.BytesIO()
            np.lib.format.write_array(data, np.ascontiguousarray(array), allow_pickle=False)
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(entry, data.getvalue(), compresslevel=9)
    return sink.getvalue()


def build() -> dict[str, bytes]:
    """The bundled files' bytes, by name."""
    import numpy as np
    import pyarrow as pa

    votes = _read("un_votes.rda")
    calls = _read("un_roll_calls.rda")
    issues = _read("un_roll_call_issues.rda")

    votes = votes.assign(rcid=votes["rcid"].astype("int32")).sort_values(
        ["rcid", "country"], kind="stable"
    )
    if votes.duplicated(["rcid", "country"]).any():
        raise SystemExit("un_votes.rda: a country votes twice in one roll call")
    vote_codes = votes["vote"].astype(str).map(VOTES)
    if vote_codes.isna().any():
        raise SystemExit(f"un_votes.rda: votes other than {sorted(VOTES)}")
    country = pa.array(votes["country"].astype(str).to_numpy()).dictionary_encode()
    code = pa.array(votes["country_code"].to_numpy(dtype=object, na_value=None), pa.string())
    votes_table = pa.table(
        {
            "rcid": pa.array(votes["rcid"].to_numpy(), pa.int32()),
            "country": country,
            "country_code": code.dictionary_encode(),
            "vote": pa.array(vote_codes.to_numpy(dtype=np.int8), pa.int8()),
        }
    )

    calls = calls.sort_values("rcid")
    days = calls["date"].to_numpy(dtype=np.int64)
    flags = {
        short: np.isin(calls["rcid"].to_numpy(), issues.loc[issues["short_name"] == short, "rcid"])
        for short in ISSUES
    }
    if set(issues["short_name"]) - set(ISSUES):
        raise SystemExit(f"un_roll_call_issues.rda: issue codes other than {ISSUES}")

    def flag(column: str) -> Any:
        values = calls[column].astype("Int8")
        return pa.array(
            [None if v is None or v is np.nan or str(v) == "<NA>" else bool(v) for v in values],
            pa.bool_(),
        )

    def text(column: str) -> Any:
        return pa.array(calls[column].to_numpy(dtype=object, na_value=None), pa.string())

    calls_table = pa.table(
        {
            "rcid": pa.array(calls["rcid"].to_numpy(dtype=np.int32), pa.int32()),
            "session": pa.array(calls["session"].to_numpy(dtype=np.int16), pa.int16()),
            "date": pa.array(days.astype(np.int32), pa.int32()).cast(pa.date32()),
            "unres": text("unres"),
            "amend": flag("amend"),
            "para": flag("para"),
            "importantvote": flag("importantvote"),
            "short": text("short"),
            "descr": text("descr"),
            **{short: pa.array(flags[short], pa.bool_()) for short in ISSUES},
        }
    )
    missing = set(votes_table["rcid"].to_pylist()) - set(calls_table["rcid"].to_pylist())
    if missing:
        raise SystemExit(f"un_votes.rda: roll calls without a description: {sorted(missing)[:5]}")

    import pyarrow.parquet as pq

    from ruiran.votes.codes import ISSUES as ISSUE_NAMES
    from ruiran.votes.store import from_parquet, to_arrays

    files = {"votes.parquet": _parquet(votes_table), "roll_calls.parquet": _parquet(calls_table)}
    # The store from the Parquet files as written (read back, as a user's reader would).
    store = from_parquet(
        pq.read_table(io.BytesIO(files["votes.parquet"])),
        pq.read_table(
            io.BytesIO(files["roll_calls.parquet"]), columns=["rcid", "session", "date", *ISSUES]
        ),
    )
    files["votes.npz"] = _npz(to_arrays(store))
    epoch = datetime.date(1970, 1, 1)
    provenance = {
        "source": SOURCE,
        "vote_coding": {"1": "yes", "2": "abstain", "3": "no"},
        "issues": dict(ISSUE_NAMES),
        "coverage": {
            "first": (epoch + datetime.timedelta(days=int(days.min()))).isoformat(),
            "last": (epoch + datetime.timedelta(days=int(days.max()))).isoformat(),
            "note": "Absences are not rows. Russia's rows (RU) include the Soviet Union's seat.",
        },
        "rows": {
            "votes": votes_table.num_rows,
            "roll_calls": calls_table.num_rows,
            "roll_call_issues": len(issues),
            "countries": len(country.dictionary),
        },
        "inputs": {name: {"sha256": digest} for name, digest in INPUTS.items()},
        "files": {name: {"sha256": _sha256(data)} for name, data in sorted(files.items())},
        "built_by": "scripts/votes_build.py",
    }
    files["provenance.json"] = (json.dumps(provenance, indent=2) + "\n").encode()
    return files


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild the bundled votes, or with ``--check`` say whether they are up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if stale")
    args = parser.parse_args(argv)
    files = build()
    stale = [
        n for n, d in files.items() if not (OUTPUT / n).exists() or (OUTPUT / n).read_bytes() != d
    ]
    if args.check:
        for name in stale:
            print(f"{OUTPUT / name} is stale: run `python scripts/votes_build.py`", file=sys.stderr)
        return 1 if stale else 0
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (OUTPUT / name).write_bytes(data)
        print(f"wrote {(OUTPUT / name).relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
