"""Write docs/coverage.md: which records cite each sentence of the bundled article.

The article body (``src/ruiran/data/sources/russia-iran-deepening-alliance.txt``) is split into
paragraphs (its lines; the first is the title) and each paragraph into sentences. A section
heading glued to the end of a paragraph ("...partnership.The Strategic Imperative for
Alliance") is a unit of its own. Each sentence is either cited by records (their citations
overlap it, as :meth:`ruiran.Dataset.citing` finds them) or deliberately left out, with a reason,
in ``scripts/coverage_exclusions.yaml``. The map ends with a summary and the list of every
external source the dataset cites.

Usage::

    python scripts/coverage.py           # write docs/coverage.md
    python scripts/coverage.py --check   # exit 1 if docs/coverage.md is stale or has gaps

Only the public API is used: ``ruiran.load()``, ``Dataset.citing`` and records' fields.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml

import ruiran

__all__ = [
    "ARTICLE",
    "EXCLUSIONS",
    "OUTPUT",
    "Coverage",
    "Unit",
    "coverage",
    "main",
    "read_exclusions",
    "render",
    "split_paragraph",
]

#: Id of the source whose sentences are mapped.
ARTICLE: Final = "russia-iran-deepening-alliance"
#: The sentences deliberately not turned into data, each with its reason.
EXCLUSIONS: Final = Path(__file__).resolve().with_name("coverage_exclusions.yaml")
#: The generated map.
OUTPUT: Final = Path(__file__).resolve().parents[1] / "docs" / "coverage.md"

# A sentence ends at . ! or ? (and a closing quote after it) followed by space and a capital,
# possibly behind an opening quote.
_SENTENCE_END: Final = re.compile(r"[.!?][\"”’]?(?=\s+[\"“‘]?[A-Z])")
# A heading glued to the end of a paragraph: the last sentence's end is directly followed by
# a capital, and what follows has no sentence-ending punctuation.
_GLUED_HEADING: Final = re.compile(r"^(.*[.!?\"”’])([A-Z][^.!?\"”’]*)$")
_FIRST_WORDS: Final = 8


@dataclass(frozen=True)
class Unit:
    """One sentence (or heading) of the article and how it is accounted for.

    Attributes:
        paragraph: Number of the paragraph (line of the text), from 1.
        number: Number of the sentence within its paragraph, from 1.
        text: The sentence, verbatim.
        cited_by: Ids of the records whose citations overlap the sentence, in dataset order.
        reason: Why the sentence is deliberately not data (from the exclusions), or None.
    """

    paragraph: int
    number: int
    text: str
    cited_by: tuple[str, ...]
    reason: str | None

    @property
    def accounted(self) -> bool:
        """Whether the sentence is cited or excluded."""
        return bool(self.cited_by) or self.reason is not None


@dataclass(frozen=True)
class Coverage:
    """The coverage map of the article.

    Attributes:
        units: Every sentence, in text order.
        problems: Exclusions that do not hold (not in the article, not a sentence, or cited).
    """

    units: tuple[Unit, ...]
    problems: tuple[str, ...]

    @property
    def cited(self) -> int:
        """Number of sentences cited by at least one record."""
        return sum(1 for u in self.units if u.cited_by)

    @property
    def excluded(self) -> int:
        """Number of sentences excluded and not cited."""
        return sum(1 for u in self.units if u.reason is not None and not u.cited_by)

    @property
    def unaccounted(self) -> tuple[Unit, ...]:
        """Sentences neither cited nor excluded (there should be none)."""
        return tuple(u for u in self.units if not u.accounted)


def split_paragraph(line: str) -> list[str]:
    """Split one paragraph into sentences, with a glued heading as a unit of its own.

    Example:
        >>> split_paragraph('He said "No." Then he left.The End')
        ['He said "No."', 'Then he left.', 'The End']
    """
    heading = None
    glued = _GLUED_HEADING.match(line)
    if glued is not None:
        line, heading = glued.group(1), glued.group(2)
    units = []
    start = 0
    for end in _SENTENCE_END.finditer(line):
        units.append(line[start : end.end()].strip())
        start = end.end()
    units.append(line[start:].strip())
    if heading is not None:
        units.append(heading.strip())
    return [u for u in units if u]


def read_exclusions(path: Path = EXCLUSIONS) -> dict[str, str]:
    """The excluded sentences and their reasons, read from ``path``.

    Raises:
        ValueError: when an entry lacks a ``sentence`` or a ``reason``, or repeats a sentence.
    """
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise ValueError(f"{path.name} must hold a list of entries (got {type(entries).__name__})")
    found: dict[str, str] = {}
    for i, entry in enumerate(entries):
        sentence = entry.get("sentence") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(sentence, str) or not isinstance(reason, str) or not reason.strip():
            raise ValueError(
                f"{path.name}[{i}] must have a 'sentence' and a 'reason' (got {entry!r})"
            )
        if sentence in found:
            raise ValueError(f"{path.name}[{i}] repeats the sentence {sentence!r}")
        found[sentence] = reason.strip()
    return found


def coverage(dataset: ruiran.Dataset | None = None, exclusions: Path = EXCLUSIONS) -> Coverage:
    """Map every sentence of the article to the records citing it or to its exclusion reason."""
    ds = dataset if dataset is not None else ruiran.load()
    text = ds.source_texts[ARTICLE]
    excluded = read_exclusions(exclusions)
    units: list[Unit] = []
    for p, line in enumerate(text.splitlines(), start=1):
        for n, sentence in enumerate(split_paragraph(line), start=1):
            cited_by = tuple(r.id for r in ds.citing(ARTICLE, sentence))
            units.append(Unit(p, n, sentence, cited_by, excluded.get(sentence)))
    problems = []
    texts = {u.text: u for u in units}
    for sentence in excluded:
        unit = texts.get(sentence)
        if sentence not in text:
            problems.append(f"excluded sentence not in the article: {sentence!r}")
        elif unit is None:
            problems.append(f"excluded text is not one whole sentence of the article: {sentence!r}")
        elif unit.cited_by:
            problems.append(
                f"excluded sentence {unit.paragraph}.{unit.number} is cited by "
                f"{', '.join(unit.cited_by)}: remove its exclusion"
            )
    return Coverage(tuple(units), tuple(problems))


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:_FIRST_WORDS]) + (" …" if len(words) > _FIRST_WORDS else "")


def _markdown(text: str) -> str:
    """``text`` with the characters Markdown would read as markup escaped."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _cell(value: str | None) -> str:
    return "—" if value is None else _markdown(value)


def render(dataset: ruiran.Dataset | None = None) -> str:
    """The Markdown text of docs/coverage.md (for the bundled dataset unless one is given)."""
    ds = dataset if dataset is not None else ruiran.load()
    return _render(ds, coverage(ds))


def _render(ds: ruiran.Dataset, cov: Coverage) -> str:
    article = ds[ARTICLE]
    assert isinstance(article, ruiran.Source)
    out = [
        "# Coverage of the article by the bundled data",
        "",
        "<!-- Generated by scripts/coverage.py; do not edit. "
        "Regenerate with: python scripts/coverage.py -->",
        "",
        f"Source `{ARTICLE}`: “{article.title}”. Each paragraph is a line of the article body"
        f" (`src/ruiran/data/{article.text_file}`); each sentence (a heading glued to the end of"
        " a paragraph counts as one) shows the ids of the records whose citations overlap it,"
        " or why it was deliberately not turned into data"
        " (`scripts/coverage_exclusions.yaml`).",
        "",
    ]
    paragraph = 0
    for unit in cov.units:
        if unit.paragraph != paragraph:
            paragraph = unit.paragraph
            first = next(u.text for u in cov.units if u.paragraph == paragraph)
            out += ["", f"## ¶{paragraph}: {_markdown(_first_words(first))}", ""]
        if unit.cited_by:
            status = "cited by " + ", ".join(f"`{i}`" for i in unit.cited_by)
        elif unit.reason is not None:
            status = f"*excluded:* {unit.reason}"
        else:
            status = "**UNACCOUNTED: neither cited nor excluded**"
        out.append(f"- {unit.paragraph}.{unit.number} {_markdown(unit.text)} — {status}")
    out += [
        "",
        "",
        "## Summary",
        "",
        f"- Sentences: {len(cov.units)}",
        f"- Cited: {cov.cited}",
        f"- Excluded: {cov.excluded}",
        f"- Unaccounted: {len(cov.unaccounted)}",
        f"- Records citing the article: {len(ds.citing(ARTICLE))}",
    ]
    if cov.problems:
        out += ["", "Exclusions that do not hold:", ""]
        out += [f"- {problem}" for problem in cov.problems]
    external = [s for s in ds.sources if s.id != ARTICLE and ds.citing(s)]
    out += [
        "",
        "## External sources cited by the dataset",
        "",
        "Everything the data takes from outside the article (see docs/data-notes.md).",
        "",
        "| Source id | Title | Publisher | URL | Records |",
        "|---|---|---|---|---|",
    ]
    for source in external:
        url = f"<{source.url}>" if source.url else "—"
        out.append(
            f"| `{source.id}` | {_cell(source.title)} | {_cell(source.publisher)} "
            f"| {url} | {len(ds.citing(source))} |"
        )
    uncited = [s.id for s in ds.sources if s.id != ARTICLE and not ds.citing(s)]
    if uncited:
        out += ["", "Sources listed but cited by no record: " + ", ".join(uncited)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write docs/coverage.md, or with ``--check`` say whether it is up to date and complete."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if docs/coverage.md is stale or the map has gaps",
    )
    args = parser.parse_args(argv)
    ds = ruiran.load()
    cov = coverage(ds)
    text = _render(ds, cov)
    if not args.check:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(OUTPUT.parents[1])}")
        return 0
    failed = False
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if current != text:
        print("docs/coverage.md is stale: run `python scripts/coverage.py`", file=sys.stderr)
        failed = True
    for unit in cov.unaccounted:
        print(
            f"sentence {unit.paragraph}.{unit.number} is neither cited nor excluded: {unit.text!r}",
            file=sys.stderr,
        )
        failed = True
    for problem in cov.problems:
        print(problem, file=sys.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
