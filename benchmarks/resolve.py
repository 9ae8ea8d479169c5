"""Resolving an actor at scale: by name, id, code and Wikidata item, at 10^2 and 10^4 actors.

Resolution is one dictionary access on the dataset's index (and, for a state the dataset does
not hold, one on the reference table of every state). This script measures it against a
baseline in the same run, a bare ``dict.get`` on a dictionary of as many keys, and prints a
Markdown table: the ratio to the baseline should not grow with the number of actors.

Usage::

    python benchmarks/resolve.py                    # 100 and 10,000 actors
    python benchmarks/resolve.py --sizes 100 1000   # other sizes
"""

from __future__ import annotations

import argparse
import functools
import timeit
from collections.abc import Callable

import ruiran
from ruiran.dataset import Dataset
from ruiran.model import Citation, Source, State

#: Each query: a label, and the string asked for actor ``n // 2`` of ``n``.
QUERIES: dict[str, Callable[[int], str]] = {
    "id": lambda i: f"state-{i}",
    "name (other case)": lambda i: f"STATE NUMBER {i}",
    "alias": lambda i: f"s{i}",
    "Wikidata item": lambda i: f"Q{i + 1}",
    "reference state (not held)": lambda i: "Türkiye",
}


def dataset(n: int) -> Dataset:
    """A dataset of ``n`` states with a name, an alias and a Wikidata item each."""
    cite = (Citation(source="s", quote="q"),)
    states = [
        State(
            id=f"state-{i}",
            name=f"State number {i}",
            aliases=(f"S{i}",),
            wikidata=f"Q{i + 1}",
            citations=cite,
        )
        for i in range(n)
    ]
    return Dataset([Source(id="s", title="t", kind="other"), *states])  # type: ignore[arg-type]


def per_call(statement: Callable[[], object], number: int) -> float:
    """The best of five runs of ``number`` calls, per call, in nanoseconds."""
    timer = timeit.Timer(statement)
    return min(timer.repeat(5, number)) / number * 1e9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--number", type=int, default=20_000)
    args = parser.parse_args(argv)
    ruiran.actor("Türkiye")  # the reference table read once, before timing
    print("| actors | query | resolve (ns) | dict.get baseline (ns) | ratio |")
    print("|---:|---|---:|---:|---:|")
    for n in args.sizes:
        ds = dataset(n)
        keys = {f"key-{i}": i for i in range(n * 4)}
        wanted = f"key-{n}"
        baseline = per_call(functools.partial(keys.get, wanted), args.number)
        for label, make in QUERIES.items():
            query = make(n // 2)
            expected = "turkey" if label.startswith("reference") else f"state-{n // 2}"
            assert ds.actor(query).id == expected, (label, query)
            took = per_call(functools.partial(ds.actor, query), args.number)
            print(f"| {n:,} | {label} | {took:,.0f} | {baseline:,.0f} | {took / baseline:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
