"""For a quote not found verbatim in its source: the closest passage, and what differs.

Most quotes that fail the verbatim check were copied by hand and differ in typography alone: a
straight apostrophe where the source has a curly one, a hyphen for a dash, one space for a line
break or a non-breaking space, a capital letter. :func:`closest_passage` finds the passage
that differs only in those (one regular expression search, at C speed), and failing that, the
passage most similar to it around the places where runs of its words occur verbatim (a bounded
number of searches and small comparisons). :func:`differences` says what differs, character by character.

Examples:
    >>> text = "He said Iran’s “partner” was Russia."
    >>> passage = closest_passage(text, "Iran's partner")
    >>> passage is not None and passage.text
    'Iran’s “partner'
    >>> differences("Iran's partner", passage.text)[0]
    "the source has ’ (a curly apostrophe) where the quote has ' (a straight apostrophe)"
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Final

import attrs

__all__ = ["Passage", "closest_passage", "differences", "passage_hint"]

_APOSTROPHES: Final = "'‘’‛ʼ′`´"
_QUOTATION_MARKS: Final = '"“”„‟«»″'
_DASHES: Final = "-‐‑‒–—―−"
_ELLIPSES: Final = ("…", "...")

#: The names a character is given in a difference.
_NAMES: Final = {
    "'": "a straight apostrophe",
    "‘": "a left single quotation mark",
    "’": "a curly apostrophe",
    "ʼ": "a modifier-letter apostrophe",
    "`": "a backtick",
    "´": "an acute accent",
    '"': "a straight quotation mark",
    "“": "a left curly quotation mark",
    "”": "a right curly quotation mark",
    "„": "a low quotation mark",
    "«": "a left guillemet",
    "»": "a right guillemet",
    "-": "a hyphen",
    "‐": "a Unicode hyphen",
    "‑": "a non-breaking hyphen",
    "‒": "a figure dash",
    "–": "an en dash",
    "—": "an em dash",
    "―": "a horizontal bar",
    "−": "a minus sign",
    " ": "a space",
    "\n": "a line break",
    "\r\n": "a line break (CRLF)",
    "\t": "a tab",
    "\xa0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u2009": "a thin space",
    "…": "an ellipsis character",
    "...": "three dots",
}

#: Quotes longer than this get no similarity search (the typographic search still runs).
_LONGEST_FUZZY: Final = 1_000
#: At most this many places of the rarest word are compared with the quote.
_ANCHORS: Final = 8
#: At most this many runs of words of the quote are looked for in the text (3 places each).
_PIECES: Final = 8
#: At most this many words of the quote are counted in the text to find the rarest.
_COUNTED_WORDS: Final = 12
#: A passage less similar than this (difflib ratio) is not offered.
_SIMILAR: Final = 0.6


@attrs.frozen
class Passage:
    """A passage of a source's text close to a quote.

    Attributes:
        start: Where it starts in the text (a character offset).
        text: The passage, exactly as in the source.
        line: The line of the text it starts on, counting from 1.
        typographic: Whether it differs from the quote only in apostrophes, quotation
            marks, dashes, spaces and case.
    """

    start: int
    text: str
    line: int
    typographic: bool


def _pattern(quote: str) -> str:
    """A regular expression matching ``quote`` whatever its apostrophes, dashes and spaces."""
    parts: list[str] = []
    i = 0
    while i < len(quote):
        char = quote[i]
        if quote.startswith("...", i) or char == "…":
            parts.append(r"(?:…|\.\.\.)")
            i += 3 if char == "." else 1
            continue
        if char.isspace():
            if not parts or parts[-1] not in (r"\s+", "DASH"):
                parts.append(r"\s+")
        elif char in _DASHES:
            if parts and parts[-1] == r"\s+":
                parts.pop()
            if not parts or parts[-1] != "DASH":
                parts.append("DASH")
        elif char in _APOSTROPHES:
            parts.append(f"[{re.escape(_APOSTROPHES)}]")
        elif char in _QUOTATION_MARKS:
            parts.append(f"[{re.escape(_QUOTATION_MARKS)}]")
        else:
            parts.append(re.escape(char))
        i += 1
    dash = rf"\s*[{re.escape(_DASHES)}]+\s*"
    return "".join(dash if part == "DASH" else part for part in parts)


def closest_passage(text: str, quote: str) -> Passage | None:
    """The passage of ``text`` closest to ``quote``, or None when none is close.

    First a passage that differs only in apostrophes, quotation marks, dashes, spaces and
    case; failing that, for a quote of at most a thousand characters, the passage most
    similar to it around a few places where runs of its words occur verbatim.

    Examples:
        >>> closest_passage("signed the treaty\\non 17 January", "the treaty on").text
        'the treaty\\non'
        >>> closest_passage("signed the treaty on 17 January", "singed the treaty").text
        'signed the treaty'
        >>> closest_passage("signed the treaty on 17 January", "nothing alike") is None
        True
    """
    if not quote.strip():
        return None
    try:
        found = re.search(_pattern(quote), text, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, MemoryError):
        found = None
    if found is not None:
        return _passage(text, found.start(), found.end(), typographic=True)
    if len(quote) > _LONGEST_FUZZY:
        return None
    return _similar(text, quote)


def _passage(text: str, start: int, end: int, *, typographic: bool) -> Passage:
    return Passage(start, text[start:end], text.count("\n", 0, start) + 1, typographic)


def _similar(text: str, quote: str) -> Passage | None:
    """The passage most like ``quote`` around the places where pieces of it occur verbatim."""
    slack = len(quote) // 4 + 10
    best: tuple[float, int, int] | None = None
    previous = -(2**62)
    for anchor in sorted(_anchors(text, quote)):
        if anchor - previous < slack:
            continue  # the window around the previous anchor covers it
        previous = anchor
        lo = max(anchor - slack, 0)
        window = text[lo : anchor + len(quote) + slack]
        blocks = [
            b
            for b in difflib.SequenceMatcher(None, window, quote, False).get_matching_blocks()
            if b.size
        ]
        if not blocks:
            continue
        start, end = blocks[0].a, blocks[-1].a + blocks[-1].size
        score = difflib.SequenceMatcher(None, window[start:end], quote, False).ratio()
        if best is None or score > best[0]:
            best = (score, lo + start, lo + end)
    if best is None or best[0] < _SIMILAR:
        return None
    start, end = best[1], best[2]
    # Whole words: "on 2 March" for "on 2 May", not "on 2 Ma".
    while start > 0 and (text[start - 1] + text[start]).isalnum() and start > best[1] - 40:
        start -= 1
    while end < len(text) and (text[end - 1] + text[end]).isalnum() and end < best[2] + 40:
        end += 1
    return _passage(text, start, end, typographic=False)


def _anchors(text: str, quote: str) -> set[int]:
    """Where the quote would start in ``text``, judged from pieces of it found there.

    The pieces are runs of three words, as the quote writes them, from its start to its end:
    a quote with a typo or two still has runs that occur verbatim. When none does, the places
    of its rarest word (of three letters or more) are used.
    """
    spans = [m.span() for m in re.finditer(r"\w+", quote)]
    step = max(len(spans) // _PIECES, 1)
    anchors: set[int] = set()
    for i in range(0, len(spans), step):
        begin, end = spans[i][0], spans[min(i + 2, len(spans) - 1)][1]
        if end - begin >= 4:
            anchors.update(place - begin for place in _places(text, quote[begin:end], 3))
    if anchors:
        return anchors
    words = sorted(set(re.findall(r"\w{3,}", quote)), key=len, reverse=True)[:_COUNTED_WORDS]
    present = sorted((count, -len(w), w) for w in words if (count := text.count(w)))
    if not present:
        return anchors
    word = present[0][2]
    offset = quote.find(word)
    return {place - offset for place in _places(text, word, _ANCHORS)}


def _places(text: str, piece: str, most: int) -> Iterator[int]:
    """The first ``most`` places of ``piece`` in ``text``."""
    start = text.find(piece)
    for _ in range(most):
        if start < 0:
            return
        yield start
        start = text.find(piece, start + 1)


_TOKEN: Final = re.compile(rf"\s*[{re.escape(_DASHES)}]+\s*|\s+|…|\.\.\.|\w+|.", re.DOTALL)


def _named(run: str) -> str:
    """A run of characters as a reader can tell them apart: "two spaces", "’ (a curly ...)"."""
    if not run:
        return "nothing"
    name = _NAMES.get(run)
    if name is not None:
        return name if run.isspace() or run in _ELLIPSES else f"{run} ({name})"
    core = run.strip()
    if core and core != run and core in _NAMES:
        head, tail = _spacing(run)
        where = "around" if head and tail else "before" if head else "after"
        return f"{_named(core)} with space {where} it"
    if len(set(run)) == 1 and run[0] in _NAMES:
        count = {2: "two", 3: "three"}.get(len(run), str(len(run)))
        plural = _NAMES[run[0]].split(" ", 1)[1] + "s"
        return f"{count} {plural}" if run[0].isspace() else f"{run!r} ({count} {plural})"
    if run.isspace():
        return " then ".join(_named(c) for c in run)
    return repr(run)


def _spacing(run: str) -> tuple[str, str]:
    core = run.strip()
    if not core:
        return run, ""
    head = run[: run.index(core)]
    return head, run[len(head) + len(core) :]


def differences(quote: str, passage: str, limit: int = 4, noun: str = "quote") -> list[str]:
    """What differs between a quote and the passage of the source it was meant to copy.

    Words, runs of spaces, dashes and punctuation are compared one with another, so a
    difference names a whole word or a whole run of spaces.

    Examples:
        >>> differences("signed  the Treaty", "signed the treaty")
        ['the source has a space where the quote has two spaces', "the source has 'treaty' where the quote has 'Treaty'"]
        >>> differences("in 2024-2025", "in 2024 – 2025")
        ['the source has – (an en dash) with space around it where the quote has - (a hyphen)']
    """
    ours_tokens, theirs_tokens = _TOKEN.findall(quote), _TOKEN.findall(passage)
    found: list[str] = []
    matcher = difflib.SequenceMatcher(None, ours_tokens, theirs_tokens, False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ours, theirs = "".join(ours_tokens[i1:i2]), "".join(theirs_tokens[j1:j2])
        if ours.strip() != ours and theirs.strip() != theirs and _spacing(ours) == _spacing(theirs):
            ours, theirs = ours.strip(), theirs.strip()  # " - " for " – ": the dash differs
        if not ours:
            phrase = f"the source has {_named(theirs)} that the {noun} lacks"
        elif not theirs:
            phrase = f"the {noun} has {_named(ours)} that the source lacks"
        else:
            phrase = f"the source has {_named(theirs)} where the {noun} has {_named(ours)}"
        if phrase not in found:
            found.append(phrase)
    if len(found) > limit:
        found[limit:] = [f"and {len(found) - limit} more differences"]
    return found


def passage_hint(text: str, quote: str, shown: int = 200, noun: str = "quote") -> str:
    """What a message about a missing quote adds: the closest passage and what differs.

    Args:
        text: The source's text.
        quote: The words not found verbatim in it.
        shown: The passage is cut to this many characters.
        noun: What the words are called in the message ("quote", "passage").

    Examples:
        >>> passage_hint("It is Russia’s ally.", "Russia's ally")
        "; the source has it at line 1 as 'Russia’s ally': the source has ’ (a curly apostrophe) where the quote has ' (a straight apostrophe)"
        >>> passage_hint("It is Russia’s ally.", "an unrelated remark")
        '; no passage of the source comes close to it (is it the right source?)'
    """
    passage = closest_passage(text, quote)
    if passage is None:
        return "; no passage of the source comes close to it (is it the right source?)"
    shown_text = (
        repr(passage.text)
        if len(passage.text) <= shown
        else (f"{passage.text[:shown]!r}... ({len(passage.text)} characters)")
    )
    what = "has it" if passage.typographic else "comes closest"
    return f"; the source {what} at line {passage.line} as {shown_text}: " + "; ".join(
        differences(quote, passage.text, noun=noun)
    )
