"""Build ruiran's table of every state (src/ruiran/reference/states.tsv) from the shipped references.

The table is generated, never edited by hand. Its inputs are the reference texts shipped with the
bundled data (each a Source of ``sources.yaml``, cited by the rows built from it):

- ``sources/iso-3166-1-pycountry.txt`` and ``sources/iso-3166-3-pycountry.txt``: ISO 3166-1 (countries) and 3166-3
  (former countries) as pycountry ships them (Debian iso-codes' JSON);
- ``sources/cow-state-system-membership-v2016.txt``: the Correlates of War State System Membership List v2016;
- ``sources/owid-countries-regions.txt``: Our World in Data's country table (ISO codes, COW code,
  Wikidata item, name variants): the link between ISO, COW and Wikidata;
- ``sources/gdelt-cameo-country.txt``: GDELT's CAMEO country codes (its regions are kept as
  regions; its codes that are not ISO come from ``ruiran.coded.cameo.NOT_ISO``).

One row per ISO 3166-1 country, one per COW state that no ISO country continues (OWID's
``cow_code`` is the link), one per CAMEO region. Ids are the lowercase, hyphenated common English
name (OWID's ``name``); the states the bundled ``actors.yaml`` already holds keep their ids, and
the script fails if a generated id differs. A name two rows would share is dropped from both.

Usage::

    python scripts/states.py            # rewrite the table
    python scripts/states.py --check    # exit 1 if the table is stale
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).absolute().parents[1]
DATA = ROOT / "src" / "ruiran" / "data"
SOURCES = DATA / "sources"
OUT = ROOT / "src" / "ruiran" / "reference" / "states.tsv"
sys.path.insert(0, str(ROOT / "src"))

from ruiran.coded.cameo import NOT_ISO  # noqa: E402
from ruiran.reference.states import COLUMNS, escape, fold  # noqa: E402

#: The non-ISO CAMEO codes that are another code of the same state (not a place inside it).
ALIAS_CODES = frozenset({"ROM", "TMP", "MTN", "IMY"})


def slug(name: str) -> str:
    """The id style of actors.yaml: lowercase ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def owid_rows() -> tuple[list[dict[str, str]], dict[str, str]]:
    """OWID's rows, and each row's verbatim text (the CSV inside the TypeScript template)."""
    text = (SOURCES / "owid-countries-regions.txt").read_text(encoding="utf-8")
    body = text[text.index("`") + 1 : text.rindex("`")]
    lines = body.splitlines()
    rows = list(csv.DictReader(io.StringIO(body)))
    raw = {line.split(",", 1)[0]: line for line in lines[1:] if line}
    return rows, raw


def cow_rows() -> list[tuple[list[str], str]]:
    """COW's rows (the ten columns of the list) and each row's quotable text."""
    lines = (
        (SOURCES / "cow-state-system-membership-v2016.txt").read_text(encoding="utf-8").splitlines()
    )
    found = []
    for line in lines[1:]:
        fields = line.split(",")[:10]
        found.append((fields, ",".join(fields)))
    return found


def iso_quote(text: str, alpha_3: str) -> str:
    """The JSON object of an ISO entry, verbatim."""
    marker = f'"alpha_3": "{alpha_3}"'
    at = text.index(marker)
    start = text.rindex("{", 0, at)
    end = text.index("}", at) + 1
    return text[start:end]


def curated_states() -> dict[str, dict[str, Any]]:
    import yaml

    records = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
    return {r["iso_alpha3"]: r for r in records if r.get("type") == "state" and r.get("iso_alpha3")}


def build() -> str:
    iso1_text = (SOURCES / "iso-3166-1-pycountry.txt").read_text(encoding="utf-8")
    iso1 = json.loads(iso1_text)["3166-1"]
    iso3_entries = json.loads((SOURCES / "iso-3166-3-pycountry.txt").read_text(encoding="utf-8"))[
        "3166-3"
    ]
    owid, owid_raw = owid_rows()
    owid_by_iso = {r["iso_alpha3"]: r for r in owid if r["iso_alpha3"]}
    cow = cow_rows()
    cow_by_code: dict[int, list[tuple[list[str], str]]] = defaultdict(list)
    for fields, quote in cow:
        cow_by_code[int(fields[1])].append((fields, quote))
    cameo = dict(
        line.split("\t", 1)
        for line in (SOURCES / "gdelt-cameo-country.txt")
        .read_text(encoding="utf-8")
        .splitlines()[1:]
        if line
    )
    curated = curated_states()

    rows: list[dict[str, Any]] = []
    linked_cow: set[int] = set()

    def periods(code: int) -> str:
        return ";".join(
            f"{int(f[3]):04d}-{int(f[4]):02d}-{int(f[5]):02d}/"
            f"{int(f[6]):04d}-{int(f[7]):02d}-{int(f[8]):02d}"
            for f, _ in cow_by_code[code]
        )

    for entry in sorted(iso1, key=lambda e: e["alpha_3"]):
        a3 = entry["alpha_3"]
        o = owid_by_iso.get(a3)
        name = o["name"] if o else entry.get("common_name", entry["name"])
        state_id = slug(name)
        if a3 in curated and curated[a3]["id"] != state_id:
            state_id = str(curated[a3]["id"])  # the bundled record's id stands
        names = [entry["name"], entry.get("official_name", ""), entry.get("common_name", "")]
        cow_code = ""
        wikidata = ""
        owid_quote = ""
        if o:
            names += [o["name"], o["wikidata_label"], *json.loads(o["aliases"] or "[]")]
            if o["cow_code"] and int(float(o["cow_code"])) in cow_by_code:
                # (a COW number the state system list does not hold is not a state's)
                cow_code = str(int(float(o["cow_code"])))
            if o["wikidata_uri"]:
                wikidata = o["wikidata_uri"].rsplit("/", 1)[1]
            line = owid_raw[o["code"]]
            owid_quote = (
                line[: line.index(o["wikidata_uri"]) + len(o["wikidata_uri"])] if wikidata else line
            )
        if a3 in cameo:
            names.append(cameo[a3])
        cow_quotes = ""
        if cow_code:
            linked_cow.add(int(cow_code))
            names += [f[2] for f, _ in cow_by_code[int(cow_code)]]
            cow_quotes = "|".join(q for _, q in cow_by_code[int(cow_code)])
        historic: list[dict[str, str]] = list(curated.get(a3, {}).get("historical_names") or [])
        for h in historic:
            names.append(h["name"])  # the bundled record's names over time, cited there
            two = h.get("iso_alpha2")
            for old in iso3_entries:
                if two and old["alpha_2"] == two:
                    names += [part.strip() for part in old["name"].split(",")]
        codes = [c for c, (_, owner) in NOT_ISO.items() if owner == a3 and owner]
        rows.append(
            {
                "kind": "state",
                "id": state_id,
                "name": name,
                "iso2": entry["alpha_2"],
                "iso3": a3,
                "cow": cow_code,
                "wikidata": wikidata,
                "codes": " ".join(sorted(codes)),
                "aliases": names,
                "periods": periods(int(cow_code)) if cow_code else "",
                "iso_quote": iso_quote(iso1_text, a3),
                "owid_quote": owid_quote,
                "cow_quotes": cow_quotes,
            }
        )

    owid_by_cow = {
        int(float(r["cow_code"])): r for r in owid if r["cow_code"] and not r["iso_alpha3"]
    }
    for code in sorted(set(cow_by_code) - linked_cow):
        entries = cow_by_code[code]
        o = owid_by_cow.get(code)
        name = o["name"] if o else entries[0][0][2]
        cow_names = [f[2] for f, _ in entries]
        owid_quote = ""
        if o:
            cow_names += [o["name"], *json.loads(o["aliases"] or "[]")]
            owid_quote = owid_raw[o["code"]]
        rows.append(
            {
                "kind": "state",
                "id": slug(name),
                "name": name,
                "iso2": "",
                "iso3": "",
                "cow": str(code),
                "wikidata": "",
                "codes": "",
                "aliases": cow_names,
                "periods": periods(code),
                "iso_quote": "",
                "owid_quote": owid_quote,
                "cow_quotes": "|".join(q for _, q in entries),
            }
        )

    # A name two states would share names neither.
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for n in [row["name"], *row["aliases"]]:
            if n:
                owners[fold(n)].add(row["id"])
    for row in rows:
        keep: dict[str, str] = {}
        for n in row["aliases"]:
            key = fold(n)
            if n and key != fold(row["name"]) and len(owners[key]) == 1:
                keep.setdefault(key, n)
        row["aliases"] = "|".join(keep.values())

    ids = [r["id"] for r in rows]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise SystemExit(f"two states would get the same id: {sorted(duplicates)}")

    for region, (label, owner) in NOT_ISO.items():
        if owner is None and region not in ALIAS_CODES and region != "ANT":
            rows.append(
                {"kind": "region", "id": region, "name": label, **dict.fromkeys(COLUMNS[3:], "")}
            )

    out = io.StringIO()
    out.write("\t".join(COLUMNS) + "\n")
    for row in rows:
        out.write("\t".join(escape(str(row.get(c, ""))) for c in COLUMNS) + "\n")
    return out.getvalue()


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: run python scripts/states.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
