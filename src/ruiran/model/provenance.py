"""Where facts come from: :class:`Source` (a document) and :class:`Citation` (its exact words).

Examples:
    >>> c = Citation(source="article", quote="became operational in 2013", supports=("date",))
    >>> c.quote in "which became operational in 2013."
    True
"""

import enum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from ruiran.model import display
from ruiran.model.base import RecordId, Value
from ruiran.model.dates import PartialDate

__all__ = ["Citation", "Derivation", "Source", "SourceKind"]


class SourceKind(enum.StrEnum):
    """What kind of document a source is."""

    ARTICLE = "article"
    NEWS_REPORT = "news_report"
    ENCYCLOPEDIA = "encyclopedia"
    OFFICIAL_DOCUMENT = "official_document"
    TREATY_TEXT = "treaty_text"
    DATASET = "dataset"
    OTHER = "other"


class Derivation(enum.StrEnum):
    """Where a quote comes from when it is not the page's text: what a citation rests on.

    - ``dateline``: the page's dateline or byline ("April 21, 2025 3:54 PM"), quoted from the
      excerpt; it dates the page, which is not the same as the text stating a date.
    - ``address``: the page's address (``Source.url``); the quote is the part of the address
      that holds the fact (``"/2024/10/31/"``), checked against the url, not the text.
    """

    DATELINE = "dateline"
    ADDRESS = "address"


class Citation(Value):
    """A verbatim quote from a source and the fields of the record it supports.

    The quote is checked against the source's text when the dataset ships that text, as it is:
    never stripped or normalized. It must hold at least one letter or digit: a quote of spaces
    or punctuation alone would "occur verbatim" in almost any text and prove nothing.

    Examples:
        >>> Citation(source="article", quote="signed in Moscow").quote
        'signed in Moscow'
        >>> Citation(source="article", quote=" ")
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Citation
        quote
          Value error, 'quote' must contain at least one letter or digit (got ' ') ...
    """

    source: RecordId = Field(description="Id of the Source record quoted.")
    quote: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="The source's exact words, character for character (at least one letter or "
        "digit among them).",
    )
    supports: tuple[str, ...] = Field(
        default=(),
        description="Names of the record's fields this quote supports (empty: the record as a whole).",
    )
    note: str | None = Field(
        default=None, description="How the quote supports the record, when that is not obvious."
    )
    derived_from: Derivation | None = Field(
        default=None,
        description="Set when the quote is the page's dateline or address, not its text: what "
        "it supports is derived from there.",
    )

    @field_validator("quote")
    @classmethod
    def _quote_has_words(cls, quote: str) -> str:
        # Spaces or punctuation alone occur in almost any text: the verbatim check would pass
        # and prove nothing.
        if not any(char.isalnum() for char in quote):
            shown = repr(quote) if len(quote) <= 60 else f"{quote[:60]!r}... ({len(quote)} chars)"
            raise ValueError(f"'quote' must contain at least one letter or digit (got {shown})")
        return quote


class Source(Value):
    """A document that records cite: the article, an encyclopedia entry, an official text.

    ``text_file`` names a plain-text copy of the document shipped beside the dataset; when it
    is present, every quote from this source must occur in it verbatim.
    """

    type: Literal["source"] = Field(default="source", description="Record kind.")
    id: RecordId = Field(description="Stable, readable identifier, unique in a dataset.")
    title: str = Field(description="The document's title as published.")
    kind: SourceKind = Field(description="What kind of document this is.")
    publisher: str | None = Field(default=None, description="Who published it, if known.")
    author: str | None = Field(default=None, description="Who wrote it, if known.")
    url: str | None = Field(default=None, description="Where it can be read, if known.")
    date: PartialDate | None = Field(default=None, description="When it was published, if known.")
    text_file: str | None = Field(
        default=None,
        description="Path, relative to the dataset folder, of a plain-text copy used to check quotes.",
    )
    note: str | None = Field(default=None, description="Anything a reader should know about it.")
    citations: tuple[Citation, ...] = Field(
        default=(),
        description="Sources are the ground of provenance; they cite others only when derived from them.",
    )

    def __repr__(self) -> str:
        return display.record_repr(self)
