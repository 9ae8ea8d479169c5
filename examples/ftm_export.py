"""Export the bundled dataset as FollowTheMoney entities (JSON Lines), for OpenSanctions-style tools.

Run: python examples/ftm_export.py [OUT.jsonl]   (needs ruiran[ftm])
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import ruiran
from ruiran import export


def main(out: Path) -> None:
    entities = list(export.to_ftm(ruiran.load()))
    with out.open("w", encoding="utf-8") as handle:
        for entity in entities:
            handle.write(json.dumps(entity, ensure_ascii=False) + "\n")
    print(f"wrote {len(entities)} entities to {out}")
    for schema, count in sorted(Counter(e["schema"] for e in entities).items()):
        print(f"  {schema:<14} {count}")
    iran = next(e for e in entities if e["id"] == "iran")
    print("\nIran as an FtM entity:", json.dumps(iran, ensure_ascii=False)[:300], "...")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("ruiran-ftm.jsonl"))
