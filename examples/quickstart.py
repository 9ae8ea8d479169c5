"""Quick start: ask ruiran a few questions and print the answers with their sources.

Run: python examples/quickstart.py
"""

from __future__ import annotations

import ruiran


def main() -> None:
    ds = ruiran.load()
    print(ds)

    print("\nWho signed the Comprehensive Strategic Partnership Treaty, and when?")
    treaty = ds["treaty-comprehensive-strategic-partnership"]
    assert isinstance(treaty, ruiran.Agreement)
    for milestone in treaty.milestones:
        who = ", ".join(ds.actor(a).name for a in milestone.actors) or "-"
        print(f"  {milestone.stage.value:<17} {milestone.date or 'undated':<11} {who}")
    print(f"  source: “{treaty.citations[0].quote}”")

    print("\nWhich events involve Israel?")
    for event in ruiran.events_involving("Israel"):
        print(f"  {event.date}  {event.title}  [{event.kind.value}, CAMEO {event.kind.cameo}]")

    print("\nWho sanctions Iran, and who would mediate?")
    for sanction in ruiran.sanctions_on("Iran"):
        senders = ", ".join(ds.actor(s).name for s in sanction.senders)
        print(
            f"  {sanction.status.value:<16} by {senders}: {sanction.title} ({sanction.modality.value})"
        )

    print("\nWhere does the article say the Bushehr plant became operational?")
    for record in ds.citing("russia-iran-deepening-alliance", "became operational in 2013"):
        print(f"  {record.id}")


if __name__ == "__main__":
    main()
