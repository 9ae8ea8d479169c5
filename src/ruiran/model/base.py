"""The smallest shared pieces of the model: record ids, frozen values, and a claim's modality.

Records are frozen pydantic models (``extra="forbid"``): they validate at the border, write
themselves as JSON, publish a JSON Schema, and cannot be changed after they are made.
"""

import enum
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, StringConstraints

from ruiran.model import display

__all__ = ["ID_PATTERN", "Modality", "RecordId", "Value"]

#: Record ids: lower-case letters, digits, ``.`` and ``-``; also valid FollowTheMoney entity ids.
ID_PATTERN: Final = r"^[a-z0-9]([a-z0-9.-]{0,198}[a-z0-9])?$"

#: A readable, stable record identifier such as ``"treaty-comprehensive-strategic-partnership"``.
RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


class Modality(enum.StrEnum):
    """How a claim stands in its source (close to PLOVER's ``context``).

    - ``occurred``: the source states that it happened.
    - ``stated_intent``: an actor said it will or intends to happen.
    - ``reported_statement``: the source reports that someone said or holds it.
    - ``hypothetical``: a possibility the source considers, not a fact.
    """

    OCCURRED = "occurred"
    STATED_INTENT = "stated_intent"
    REPORTED_STATEMENT = "reported_statement"
    HYPOTHETICAL = "hypothetical"


class Value(BaseModel):
    """Base of the frozen value objects nested inside records (milestones, positions, ...).

    Its repr is short: the fields set away from their defaults, long texts clipped, nested
    values counted (see :mod:`ruiran.model.display`); in Jupyter it shows as a small table.
    """

    # defer_build: a class's validator is built on its first validation, not at import. Most
    # programs never validate a single model of their own (the bundled data comes from a
    # pre-validated snapshot; user files go through one TypeAdapter over all kinds), and
    # building validators also runs pydantic's plugin discovery (an entry-point scan).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    def __repr__(self) -> str:
        return display.value_repr(self)

    def _repr_html_(self) -> str:
        """The value as an HTML definition table (Jupyter), every value escaped."""
        return display.record_html(self)
