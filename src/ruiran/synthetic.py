"""Synthetic datasets of any size, realistic in shape and deterministic from a seed.

For benchmarks and tests at scale: states (with real ISO codes), blocs with membership
periods, persons holding offices, agreements with dated milestones in lifecycle order,
sanctions, and events whose participants follow a skewed distribution (a few actors take part
in most events, as in real event data). Everything is valid by construction. Also available
as :func:`ruiran.testing.synthetic_dataset`.

Examples:
    >>> ds = synthetic_dataset(n_events=200, n_actors=20, seed=1)
    >>> len(ds.events), len(ds.actors) >= 20
    (200, True)
    >>> synthetic_records(n_events=5, seed=1) == synthetic_records(n_events=5, seed=1)
    True
"""

from __future__ import annotations

import calendar
import random
from functools import cache
from typing import Any

from ruiran.dataset import Dataset
from ruiran.model import AgreementKind, Area, EventKind, Measure, Modality, Role, SanctionStatus

__all__ = ["synthetic_dataset", "synthetic_records"]

_SOURCE = "synthetic-source"
_KINDS = list(EventKind)
_ROLES = [Role.INITIATOR.value, Role.TARGET.value, Role.PARTICIPANT.value]


@cache
def _iso_codes() -> list[tuple[str, str, str]]:
    import pycountry

    return sorted((c.alpha_2, c.alpha_3, c.name) for c in pycountry.countries)


def _cite(record_id: str, *supports: str) -> list[dict[str, Any]]:
    return [{"source": _SOURCE, "quote": f"synthetic {record_id}", "supports": list(supports)}]


def _day(rng: random.Random, first: int = 1990, last: int = 2025) -> str:
    year = rng.randint(first, last)
    month = rng.randint(1, 12)
    return f"{year:04d}-{month:02d}-{rng.randint(1, calendar.monthrange(year, month)[1]):02d}"


def _when(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.01:
        return None  # undated
    day = _day(rng)
    if roll < 0.03:  # a period of a few weeks to a few years
        year = int(day[:4])
        return f"{day}/{rng.randint(year, min(year + 3, 2025)):04d}"
    if roll < 0.10:
        return day[:7]  # month precision
    if roll < 0.13:
        return day[:4]  # year precision
    return day


def synthetic_records(
    n_events: int = 1000,
    n_actors: int = 50,
    seed: int = 0,
    *,
    n_agreements: int | None = None,
    n_sanctions: int | None = None,
) -> list[dict[str, Any]]:
    """Plain dicts of a valid dataset, ready for ``ruiran.io.from_dicts`` or for JSON.

    Args:
        n_events: How many events.
        n_actors: How many states (blocs and persons come on top: one bloc per ten states,
            one person per five).
        seed: The same seed gives the same records.
        n_agreements: How many agreements (default: one per 20 events, at least 5).
        n_sanctions: How many sanctions (default: one per 50 events, at least 2).
    """
    if n_actors < 3:
        raise ValueError(f"'n_actors' must be at least 3 (got {n_actors!r})")
    rng = random.Random(seed)
    codes = _iso_codes()
    records: list[dict[str, Any]] = [
        {"type": "source", "id": _SOURCE, "title": "Synthetic data", "kind": "dataset"}
    ]
    states = [f"state-{i}" for i in range(n_actors)]
    for i, state in enumerate(states):
        alpha2, alpha3, name = codes[i % len(codes)]
        records.append(
            {
                "type": "state",
                "id": state,
                "name": f"{name} {i // len(codes)}" if i >= len(codes) else name,
                "iso_alpha2": alpha2,
                "iso_alpha3": alpha3,
                "citations": _cite(state),
            }
        )
    blocs = [f"bloc-{i}" for i in range(max(1, n_actors // 10))]
    for bloc in blocs:
        members = rng.sample(states, k=min(len(states), rng.randint(3, 8)))
        memberships = []
        for member in members:
            start = rng.randint(1950, 2020)
            end = "" if rng.random() < 0.7 else str(rng.randint(start, 2025))
            memberships.append({"member": member, "period": f"{start}/{end or '..'}"})
        records.append(
            {
                "type": "bloc",
                "id": bloc,
                "name": f"Bloc {bloc}",
                "formal": rng.random() < 0.5,
                "members": memberships,
                "citations": _cite(bloc, "members"),
            }
        )
    persons = [f"person-{i}" for i in range(max(1, n_actors // 5))]
    for person in persons:
        start = rng.randint(1990, 2020)
        records.append(
            {
                "type": "person",
                "id": person,
                "name": f"Person {person}",
                "positions": [
                    {
                        "title": rng.choice(["President", "Foreign Minister", "Defence Minister"]),
                        "of": rng.choice(states),
                        "period": f"{start}/{rng.randint(start, 2025)}",
                    }
                ],
                "citations": _cite(person, "positions"),
            }
        )

    parties = states + blocs
    for i in range(n_agreements if n_agreements is not None else max(5, n_events // 20)):
        agreement = f"agreement-{i}"
        days = sorted(_day(rng) for _ in range(rng.randint(1, 3)))
        stages = ["signed", "ratified", "in_force"][: len(days)]
        records.append(
            {
                "type": "agreement",
                "id": agreement,
                "title": f"Agreement {i}",
                "kind": rng.choice(list(AgreementKind)).value,
                "parties": rng.sample(parties, k=rng.randint(2, 3)),
                "areas": [a.value for a in rng.sample(list(Area), k=rng.randint(1, 3))],
                "milestones": [
                    {"stage": stage, "date": day, "citations": _cite(agreement, "date")}
                    for stage, day in zip(stages, days, strict=True)
                ],
                "citations": _cite(agreement, "parties"),
            }
        )
    actors = states + blocs + persons
    for i in range(n_sanctions if n_sanctions is not None else max(2, n_events // 50)):
        sanction = f"sanction-{i}"
        target, *senders = rng.sample(parties, k=rng.randint(2, 4))
        start = rng.randint(1990, 2024)
        records.append(
            {
                "type": "sanction",
                "id": sanction,
                "title": f"Sanction {i}",
                "senders": senders,
                "target": target,
                "measures": [m.value for m in rng.sample(list(Measure), k=rng.randint(1, 3))],
                "status": rng.choice(list(SanctionStatus)).value,
                "period": f"{start}/{'..' if rng.random() < 0.5 else rng.randint(start, 2025)}",
                "citations": _cite(sanction, "period"),
            }
        )
    # Skewed participation: actor k is drawn with weight 1/(k+1), like a Zipf law.
    weights = [1.0 / (k + 1) for k in range(len(actors))]
    modalities = [m.value for m in Modality]
    for i in range(n_events):
        event = f"event-{i}"
        chosen = list(dict.fromkeys(rng.choices(actors, weights, k=rng.randint(1, 3))))
        records.append(
            {
                "type": "event",
                "id": event,
                "kind": rng.choice(_KINDS).value,
                "title": f"Event {i}",
                "date": _when(rng),
                "participants": [
                    {"actor": actor, "role": _ROLES[min(n, 2)]} for n, actor in enumerate(chosen)
                ],
                "modality": modalities[0] if rng.random() < 0.8 else rng.choice(modalities),
                "citations": _cite(event, "date", "participants"),
            }
        )
    return records


def synthetic_dataset(
    n_events: int = 1000,
    n_actors: int = 50,
    seed: int = 0,
    *,
    n_agreements: int | None = None,
    n_sanctions: int | None = None,
) -> Dataset:
    """A valid Dataset built from :func:`synthetic_records` (same arguments)."""
    from ruiran.io import from_dicts

    return from_dicts(
        synthetic_records(
            n_events, n_actors, seed, n_agreements=n_agreements, n_sanctions=n_sanctions
        )
    )
