"""Load your own dataset, check it, and merge it with the bundled one.

Run: python examples/own_dataset.py
"""

from __future__ import annotations

from pathlib import Path

import ruiran
from ruiran import Dataset, DatasetError
from ruiran.io import read_records

HERE = Path(__file__).parent / "my_dataset"


def main() -> None:
    # Alone, the folder does not load: its events name actors only the bundled data defines.
    try:
        ruiran.load(HERE)
    except DatasetError as error:
        print(f"on its own: {error.problems[0]}")

    # Read its records, then merge: the combined dataset is checked as a whole.
    bundled = ruiran.load()
    texts = {"my-caspian-note": (HERE / "caspian-note.txt").read_text(encoding="utf-8")}
    mine = Dataset(
        [
            *bundled.sources,
            *bundled.actors,
            *read_records(HERE / "sources.yaml"),
            *read_records(HERE / "events.yaml"),
        ],
        source_texts={**bundled.source_texts, **texts},
    )
    merged = bundled.merge(mine)
    print(merged)
    for event in merged.events_between("Russia", "Iran", start="2025-01", end="2025-06"):
        print(f"  {event.date}  {event.title}  — “{event.citations[0].quote}”")


if __name__ == "__main__":
    main()
