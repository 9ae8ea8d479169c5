"""Mutation testing of ruiran's core, one module at a time, on demand (never in CI: it is long).

Each module is mutated by mutmut (3.x) with only the tests that are meant to catch its bugs,
so a mutant costs seconds, not the whole suite. The work happens in a scratch copy,
``.mutation/<module>/`` (git-ignored): a copy of ``src/`` and ``tests/`` and a ``pyproject.toml``
holding that module's ``[tool.mutmut]`` section. Nothing mutated is ever written into the
repository's own files, and a second run continues where the first stopped (mutmut remembers
its results; ``--fresh`` starts over).

Usage::

    python scripts/mutation.py --list                 # the modules and their tests
    python scripts/mutation.py timespan chronology    # run these (low priority: nice 19)
    python scripts/mutation.py --rerun integrity      # its survivors again, after new tests
    python scripts/mutation.py --report               # scores of the modules run so far
    python scripts/mutation.py --show timespan        # every surviving mutant's diff
    python scripts/mutation.py --named                # issue 14's bugs: caught, and by what
    python scripts/mutation.py --markdown             # scores and equivalents for the docs

A surviving mutant that cannot change behaviour (an *equivalent* mutant) is listed in
``scripts/mutation_equivalent.yaml`` with why; the score counts killed mutants among the others.
docs/testing.md records the scores and the equivalent mutants.

Needs ``pip install mutmut`` (3.x), which forks: Linux or macOS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import yaml

__all__ = [
    "EQUIVALENT",
    "MODULES",
    "NAMED",
    "Module",
    "Named",
    "Score",
    "main",
    "markdown",
    "named",
    "score",
]

ROOT: Final = Path(__file__).resolve().parents[1]
SCRATCH: Final = ROOT / ".mutation"
#: The surviving mutants that are equivalent, by mutant name, each with why.
EQUIVALENT: Final = Path(__file__).resolve().with_name("mutation_equivalent.yaml")


@dataclass(frozen=True)
class Module:
    """A module to mutate and the tests that must catch its bugs."""

    name: str
    path: str
    tests: tuple[str, ...]
    #: Folders the tests read besides src/ and tests/ (``docs``: a test reads an example there).
    also_copy: tuple[str, ...] = ()
    #: mutmut's CPU-time limit of a mutant's run: (its tests' time + constant) x multiplier x 2.
    timeout_multiplier: float = 5.0
    timeout_constant: float = 10.0


#: The tests of the Dataset (dataset/core.py) and of its queries (dataset/actors.py, ...).
_QUERY_TESTS: Final = (
    "tests/test_laws.py",
    "tests/test_boundaries.py",
    "tests/test_queries.py",
    "tests/test_dataset.py",
    "tests/test_lifecycles.py",
    "tests/test_undated.py",
)
#: The tests that the entry points (io) and the reading machinery (reader) both answer to.
_LOADER_TESTS: Final = (
    "tests/test_errors_help.py",
    "tests/test_on_top.py",
    "tests/test_reader_examples.py",
    "tests/test_io_examples.py",
)
#: The tests of tests/test_io_hostile.py that the reader's mutants run (all but the fuzz of loads).
_HOSTILE: Final = (
    "test_json_lines_are_read_in_chunks_with_line_numbers",
    "test_progress_bar",
    "test_progress_bar_names_its_extra",
    "test_merge_combines_and_detects_conflicts",
    "test_bundled_merges_with_a_users_dataset",
    "test_python_tags_are_refused",
    "test_deeply_nested_and_huge_files_fail_cleanly",
    "test_source_texts_must_stay_inside_the_dataset",
    "test_fuzz_through_files",
)

#: The core, and the targeted tests of each module (test files or node ids).
MODULES: Final = {
    m.name: m
    for m in (
        Module(
            "timespan",
            "src/ruiran/query/timespan.py",
            ("tests/test_boundaries.py", "tests/test_dates.py"),
        ),
        Module(
            "dates",
            "src/ruiran/model/dates.py",
            (
                "tests/test_dates.py",
                "tests/test_date_edges.py",
                "tests/test_boundaries.py",
                "tests/test_rules.py",
                "tests/test_errors_help.py",
            ),
        ),
        Module(
            "chronology",
            "src/ruiran/dataset/chronology.py",
            ("tests/test_chronology.py", "tests/test_boundaries.py", "tests/test_laws.py"),
        ),
        Module(
            "index",
            "src/ruiran/dataset/index.py",
            (
                "tests/test_boundaries.py",
                "tests/test_laws.py",
                "tests/test_dataset.py",
                "tests/test_lifecycles.py",
            ),
        ),
        Module(
            "integrity",
            "src/ruiran/dataset/integrity.py",
            (
                "tests/test_laws.py",
                "tests/test_dataset.py",
                "tests/test_rules.py",
                "tests/test_errors_help.py",
                "tests/test_integrity_examples.py",
            ),
        ),
        Module(
            "entries",
            "src/ruiran/query/entries.py",
            (
                "tests/test_laws.py",
                "tests/test_timeline_entries.py",
                "tests/test_repr.py",
                "tests/test_lifecycles.py",
            ),
        ),
        Module("dataset", "src/ruiran/dataset/core.py", _QUERY_TESTS),
        # The Dataset's queries, by record kind (issue 21): each with the Dataset's tests.
        *(
            Module(name, f"src/ruiran/dataset/{name}.py", _QUERY_TESTS)
            for name in ("actors", "agreements", "sanctions", "events", "timeline", "citing")
        ),
        Module(
            "store",
            "src/ruiran/coded/store.py",
            (
                "tests/test_coded_queries.py",
                "tests/test_coded_duplicates.py",
                "tests/test_coded_parquet.py",
                "tests/test_gdelt_ingest.py",
                "tests/test_coded_build.py",
            ),
        ),
        Module(
            "io",
            "src/ruiran/io.py",
            ("tests/test_io.py", "tests/test_io_boundary.py", *_LOADER_TESTS),
            also_copy=("docs",),
        ),
        Module(
            # The format's file stems and portable paths, measured within io before they moved.
            "layout",
            "src/ruiran/read/layout.py",
            ("tests/test_io.py", "tests/test_io_boundary.py", *_LOADER_TESTS),
            also_copy=("docs",),
        ),
        Module(
            "boundary",
            "src/ruiran/read/boundary.py",
            (
                "tests/test_io_boundary.py",
                "tests/test_reader_examples.py",
                "tests/test_io_examples.py",
                "tests/test_coded_folder.py",
            ),
            also_copy=("docs",),
        ),
        Module(
            "reader",
            "src/ruiran/read/reader.py",
            (
                "tests/test_io.py",
                "tests/test_io_boundary.py",
                # Not its 20-second fuzz of loads(), which catches crashes, not wrong words.
                *(f"tests/test_io_hostile.py::{test}" for test in _HOSTILE),
                *_LOADER_TESTS,
            ),
            also_copy=("docs",),
            # Over a thousand mutants, a few dozen of them endless loops: a tighter limit (still
            # four times the tests' own time, counted in CPU seconds, not in waiting).
            timeout_multiplier=2.0,
            timeout_constant=5.0,
        ),
        Module(
            # The wording of validation problems, measured within reader before it moved.
            "messages",
            "src/ruiran/read/messages.py",
            (
                "tests/test_io.py",
                "tests/test_io_boundary.py",
                *(f"tests/test_io_hostile.py::{test}" for test in _HOSTILE),
                *_LOADER_TESTS,
            ),
            also_copy=("docs",),
        ),
        Module(
            "documents",
            "src/ruiran/read/documents.py",
            (
                "tests/test_io.py",
                "tests/test_io_boundary.py",
                "tests/test_io_hostile.py",
                "tests/test_errors_help.py",
                "tests/test_documents_examples.py",
            ),
        ),
    )
}


@dataclass(frozen=True)
class Named:
    """A bug a developer could write, as text replacements in one file of src/."""

    name: str
    path: str
    replacements: tuple[tuple[str, str], ...]


#: The bugs of issue 14 that once passed the whole suite (the first four) or were caught only
#: by an example (the last three). ``--named`` applies each in a scratch copy and runs the
#: property tests, which must catch every one.
NAMED: Final = (
    Named(
        "agreement order tie-break dropped",
        "src/ruiran/dataset/index.py",
        (
            (
                "return (0, first.earliest, first.latest, record.id)",
                "return (0, first.earliest, first.latest, '')",
            ),
        ),
    ),
    Named(
        "milestone actors not checked for dangling references",
        "src/ruiran/dataset/integrity.py",
        (
            (
                'for j, actor in enumerate(milestone.actors):\n                yield f"milestones.{i}.actors.{j}", actor, _ACTOR\n',
                "",
            ),
        ),
    ),
    Named(
        "verbatim check lenient: quote.strip()",
        "src/ruiran/dataset/integrity.py",
        (
            (
                "quoted[citation.source].add(citation.quote)",
                "quoted[citation.source].add(citation.quote.strip())",
            ),
            (
                "citation.quote not in found[citation.source]",
                "citation.quote.strip() not in found[citation.source]",
            ),
        ),
    ),
    Named(
        "timeline de-duplicated by (date, record)",
        "src/ruiran/dataset/timeline.py",
        (
            (
                "return _merged(events, entries)",
                "return _merged(events, list({(str(e.when), e.record.id): e for e in entries}.values()))",
            ),
        ),
    ),
    Named(
        "window boundary moved by a day (>= to >)",
        "src/ruiran/dataset/chronology.py",
        (
            (
                "range(bisect_left(starts, recent, 0, begin), begin) if ends[p] >= lo]",
                "range(bisect_left(starts, recent, 0, begin), begin) if ends[p] > lo]",
            ),
        ),
    ),
    Named(
        "a month-precision February ends on the 28th in leap years",
        "src/ruiran/model/dates.py",
        (
            (
                "latest = dt.date(year, month, _days_in(year, month))",
                "latest = dt.date(year, month, _DAYS[month - 1])",
            ),
        ),
    ),
    Named(
        "interval intersection with start and end swapped",
        "src/ruiran/query/timespan.py",
        (("return (lo, hi) if lo <= hi else None", "return (hi, lo) if lo <= hi else None"),),
    ),
)
#: The property tests that must catch the named bugs.
PROPERTY_TESTS: Final = ("tests/test_boundaries.py", "tests/test_laws.py")


def named(profile: str) -> int:
    """Apply each named bug in a scratch copy, run the property tests, report who caught it.

    Returns the number of bugs not caught (or no longer applicable).
    """
    escaped = 0
    for number, bug in enumerate(NAMED, 1):
        work = SCRATCH / "named" / str(number)
        if work.exists():
            shutil.rmtree(work)
        for folder in ("src", "tests"):
            shutil.copytree(
                ROOT / folder,
                work / folder,
                ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"),
            )
        shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
        target = work / bug.path
        text = target.read_text(encoding="utf-8")
        for old, new in bug.replacements:
            if text.count(old) != 1:
                print(
                    f"{number}. {bug.name}: no longer applies ({old!r} not found once in {bug.path})"
                )
                escaped += 1
                break
            text = text.replace(old, new)
        else:
            target.write_text(text, encoding="utf-8")
            env = dict(os.environ, PYTHONPATH=str(work / "src"), HYPOTHESIS_PROFILE=profile)
            command = ["nice", "-n", "19", sys.executable, "-m", "pytest", "-n", "0", "-q"]
            command += ["-p", "no:cacheprovider", *PROPERTY_TESTS]
            started = time.monotonic()
            result = subprocess.run(
                command, cwd=work, env=env, capture_output=True, text=True, check=False
            )
            seconds = time.monotonic() - started
            failed = [
                line.split()[1] for line in result.stdout.splitlines() if line.startswith("FAILED ")
            ]
            if failed:
                print(f"{number}. {bug.name}: caught in {seconds:.0f} s by")
                for test in failed:
                    print(f"     {test.split(' ')[0]}")
            else:
                escaped += 1
                print(f"{number}. {bug.name}: NOT CAUGHT ({seconds:.0f} s)")
        shutil.rmtree(work)
    return escaped


#: mutmut's exit codes: what a mutant's test run ended with.
_KILLED: Final = frozenset({1, 3})
_TIMEOUT: Final = frozenset({36, 24, -24, 152, 255})
_SURVIVED: Final = frozenset({0})
#: No selected test runs the mutated function: it survives, untested.
_UNTESTED: Final = frozenset({5, 33})


@dataclass
class Score:
    """The outcome of a module's mutants."""

    module: str
    killed: list[str] = field(default_factory=list)
    timeout: list[str] = field(default_factory=list)
    survived: list[str] = field(default_factory=list)
    untested: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    other: dict[str, str] = field(default_factory=dict)  # not run, no tests, ...

    @property
    def total(self) -> int:
        """Every mutant."""
        return sum(
            map(
                len,
                (
                    self.killed,
                    self.timeout,
                    self.survived,
                    self.untested,
                    self.equivalent,
                    self.other,
                ),
            )
        )

    @property
    def percent(self) -> float:
        """Killed (or timed out) among the non-equivalent mutants (untested ones count as
        surviving)."""
        caught = len(self.killed) + len(self.timeout)
        counted = caught + len(self.survived) + len(self.untested)
        return 100.0 * caught / counted if counted else 0.0


def _pyproject(module: Module) -> str:
    """The repository's pyproject.toml, plus the module's ``[tool.mutmut]`` section."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = {
        "source_paths": ["src"],
        "only_mutate": [module.path],
        # One worker, no xdist: mutmut runs each mutant's tests itself.
        "pytest_add_cli_args": ["-n", "0", "-q", "-x", "-p", "no:cacheprovider"],
        "pytest_add_cli_args_test_selection": list(module.tests),
        "timeout_multiplier": module.timeout_multiplier,
        "timeout_constant": module.timeout_constant,
        # Each mutant's tests run in a process forked from a server that has only collected
        # the tests. The default ("fork") forks from the process that ran the whole selection
        # to collect stats, so whatever the tests cached there (a dataset loaded once, a
        # store's indexes, ruiran.load()) is inherited already computed, and the mutants of
        # the code that computed it are never run: they survive unseen.
        "process_isolation": "forkserver",
        "forkserver_warmup": "collect",
    }
    if module.also_copy:
        section["also_copy"] = list(module.also_copy)
    lines = ["", "[tool.mutmut]"]
    for key, value in section.items():
        lines.append(f"{key} = {json.dumps(value)}")
    return text + "\n".join(lines) + "\n"


def _prepare(module: Module, *, fresh: bool) -> Path:
    """The module's scratch copy, with the current src/ and tests/."""
    work = SCRATCH / module.name
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    for folder in ("src", "tests", *module.also_copy):
        target = work / folder
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(
            ROOT / folder,
            target,
            ignore=shutil.ignore_patterns("__pycache__", ".hypothesis", "*.pyc"),
        )
    (work / "pyproject.toml").write_text(_pyproject(module), encoding="utf-8")
    return work


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # mutmut puts its mutated copy of src/ first on the path
    env["HYPOTHESIS_PROFILE"] = "mutation"
    return env


def run(module: Module, *, fresh: bool, children: int, names: list[str] | None = None) -> None:
    """Run mutmut over ``module`` at the lowest priority (only the mutants ``names``, if given:
    mutmut tests them again even when it has a result)."""
    work = _prepare(module, fresh=fresh)
    command = ["nice", "-n", "19", sys.executable, "-m", "mutmut", "run"]
    command += ["--max-children", str(children), *(names or [])]
    subprocess.run(command, cwd=work, env=_env(), check=False)


def _equivalent() -> dict[str, str]:
    if not EQUIVALENT.exists():
        return {}
    data = yaml.safe_load(EQUIVALENT.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def score(module: Module) -> Score | None:
    """The outcome of the last run over ``module``, or None if it was never run."""
    meta = SCRATCH / module.name / "mutants" / (module.path + ".meta")
    if not meta.exists():
        return None
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    equivalent = _equivalent()
    found = Score(module.name)
    for name, code in sorted(codes.items()):
        if code in _KILLED:
            found.killed.append(name)
        elif code in _TIMEOUT:
            found.timeout.append(name)
        elif name in equivalent:
            found.equivalent.append(name)
        elif code in _SURVIVED:
            found.survived.append(name)
        elif code in _UNTESTED:
            found.untested.append(name)
        else:
            found.other[name] = "not checked" if code is None else f"exit code {code}"
    return found


def show(module: Module, names: list[str]) -> None:
    """Print the diff of each mutant in ``names``."""
    work = SCRATCH / module.name
    for name in names:
        subprocess.run(
            [sys.executable, "-m", "mutmut", "show", name], cwd=work, env=_env(), check=False
        )


def report(modules: list[Module]) -> None:
    """One line per module that was run; the modules not yet run are named."""
    print(
        f"{'module':<12} {'mutants':>7} {'killed':>6} {'timeout':>7} {'equiv.':>6} "
        f"{'survived':>8} {'untested':>8} {'other':>5} {'score':>7}"
    )
    for module in modules:
        found = score(module)
        if found is None:
            print(f"{module.name:<12} not run yet")
            continue
        print(
            f"{module.name:<12} {found.total:>7} {len(found.killed):>6} {len(found.timeout):>7} "
            f"{len(found.equivalent):>6} {len(found.survived):>8} {len(found.untested):>8} "
            f"{len(found.other):>5} "
            f"{found.percent:>6.1f}%"
        )


def markdown(modules: list[Module]) -> None:
    """The scores as a Markdown table, then the equivalent mutants (for docs/testing.md)."""
    print("| module | tests | mutants | killed | equivalent | surviving | score |")
    print("|---|---|---|---|---|---|---|")
    for module in modules:
        found = score(module)
        tests = ", ".join(f"`{Path(t).name}`" for t in module.tests)
        if found is None:
            print(f"| `{module.name}` | {tests} | not run yet | | | | |")
            continue
        caught = len(found.killed) + len(found.timeout)
        left = len(found.survived) + len(found.untested)
        print(
            f"| `{module.name}` | {tests} | {found.total} | {caught} | {len(found.equivalent)} "
            f"| {left} | {found.percent:.1f}% |"
        )
    equivalent = _equivalent()
    for module in modules:
        # mutmut's names start with the module's dotted path: ruiran.coded.store.x...
        dotted = module.path.removeprefix("src/").removesuffix(".py").replace("/", ".") + ".x"
        mine = {name: why for name, why in equivalent.items() if name.startswith(dotted)}
        if mine:
            print(f"\n`{module.name}` ({len(mine)}):\n")
            for name, why in mine.items():
                print(f"- `{name}`: {why}")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"some of: {', '.join(MODULES)}")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    parser.add_argument("--report", action="store_true", help="scores of the modules run so far")
    parser.add_argument("--show", action="store_true", help="the diffs of surviving mutants")
    parser.add_argument(
        "--markdown", action="store_true", help="the scores and equivalent mutants in Markdown"
    )
    parser.add_argument("--fresh", action="store_true", help="forget earlier results")
    parser.add_argument(
        "--rerun",
        action="store_true",
        help="test the surviving mutants again, with the tests as they are now (new tests in "
        "the module's test files; a change to the list of test files makes mutmut start over)",
    )
    parser.add_argument(
        "--named", action="store_true", help="check that the property tests catch issue 14's bugs"
    )
    parser.add_argument("--profile", default="ci", help="hypothesis profile for --named")
    parser.add_argument("--children", type=int, default=1, help="mutants tested at once")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown modules {unknown!r}: choose from {sorted(MODULES)!r}")
    chosen = [MODULES[m] for m in args.modules] or list(MODULES.values())
    if args.named:
        return 1 if named(args.profile) else 0
    if args.list:
        for module in chosen:
            print(f"{module.name:<12} {module.path:<28} {' '.join(module.tests)}")
        return 0
    if args.markdown:
        markdown(chosen)
        return 0
    if args.show:
        for module in chosen:
            found = score(module)
            if found is not None:
                show(module, found.survived + found.untested)
        return 0
    if not args.report:
        if not args.modules:
            parser.error("name the modules to run (a full run takes hours)")
        if shutil.which("nice") is None:
            parser.error("needs `nice` (Linux or macOS)")
        for module in chosen:
            if args.rerun:
                found = score(module)
                left = [] if found is None else found.survived + found.untested
                if left:
                    run(module, fresh=False, children=args.children, names=left)
            else:
                run(module, fresh=args.fresh, children=args.children)
    report(chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
