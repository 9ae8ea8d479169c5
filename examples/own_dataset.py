"""Load your own dataset, check it, and load it on top of the bundled one.

The folder ``my_dataset/`` holds one event and the note it cites. The event names Russia and
Iran, which any dataset may name (they are states of ruiran's reference table), and the
Caspian Sea convention, a record only the bundled data holds: alone, the folder fails the
checks; on top of the bundled data, it loads.

Run: python examples/own_dataset.py
"""

from __future__ import annotations

from pathlib import Path

import ruiran
from ruiran import DatasetError, Event

HERE = Path(__file__).parent / "my_dataset"


def main() -> None:
    # Alone, the folder does not load: its event names an agreement only the bundled data has.
    try:
        ruiran.load(HERE)
    except DatasetError as error:
        print(f"on its own: {error.problems[0]}")

    # On top of the bundled data: its records and the bundled ones are checked together.
    merged = ruiran.load(HERE, base=ruiran.load())
    print(merged)
    for event in merged.events_between("Russia", "Iran", start="2025-01", end="2025-06"):
        print(f"  {event.date}  {event.title}  — “{event.citations[0].quote}”")
    mine = merged["caspian-shipping-talks"]
    assert isinstance(mine, Event)
    print(f"concerns: {', '.join(a.title for a in merged.agreements if a.id in mine.related)}")


if __name__ == "__main__":
    main()
