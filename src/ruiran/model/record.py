"""The base of every top-level record: a stable ``id`` and the citations that support it."""

from typing import Literal, Self

from pydantic import Field, model_validator

from ruiran.model import display
from ruiran.model.base import RecordId, Value
from ruiran.model.provenance import Citation

__all__ = ["Record"]


class Record(Value):
    """Base of every top-level record: a stable ``id`` and the citations that support it.

    Its repr is one line, ``<Agreement 'id': Title (7 milestones, 23 citations)>`` (the
    citations counted with its milestones'); in Jupyter it shows as a table of its fields with
    every citation's quote. ``==``, hashing, pickling and ``model_dump`` are pydantic's.
    """

    id: RecordId = Field(description="Stable, readable identifier, unique in a dataset.")
    citations: tuple[Citation, ...] = Field(
        min_length=1,
        description="Where the record's facts come from: at least one verbatim quote.",
    )

    @model_validator(mode="after")
    def _citations_support_real_fields(self) -> Self:
        known = type(self).__pydantic_fields__  # the class attribute: cheap on the hot path
        for citation in self.citations:
            for name in citation.supports:
                if name not in known:
                    raise ValueError(
                        f"citation supports unknown field {name!r}; "
                        f"fields of {type(self).__name__} are {sorted(known)!r}"
                    )
        return self

    @property
    def evidence(self) -> Literal["cited"]:
        """What kind of evidence this is: always ``'cited'`` (coded events say ``'coded'``)."""
        return "cited"

    def __repr__(self) -> str:
        return display.record_repr(self)
