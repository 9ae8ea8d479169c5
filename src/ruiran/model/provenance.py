"""Where facts come from: :class:`Source` (a document) and :class:`Citation` (its exact words).

Examples:
    >>> c = Citation(source="article", quote="became operational in 2013", supports=("date",))
    >>> c.quote in "which became operational in 2013."
    True
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ruiran.model.base import RecordId, Value
from ruiran.model.dates import PartialDate

__all__ = ["Citation", "Source", "SourceKind"]


class SourceKind(enum.StrEnum):
    """What kind of document a source is."""

    ARTICLE = "article"
    NEWS_REPORT = "news_report"
    ENCYCLOPEDIA = "encyclopedia"
    OFFICIAL_DOCUMENT = "official_document"
    TREATY_TEXT = "treaty_text"
    DATASET = "dataset"
    OTHER = "other"


class Citation(Value):
    """A verbatim quote from a source and the fields of the record it supports.

    The quote is checked against the source's text when the dataset ships that text.
    """

    source: RecordId = Field(description="Id of the Source record quoted.")
    quote: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="The source's exact words, character for character."
    )
    supports: tuple[str, ...] = Field(
        default=(),
        description="Names of the record's fields this quote supports (empty: the record as a whole).",
    )
    note: str | None = Field(
        default=None, description="How the quote supports the record, when that is not obvious."
    )


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
