"""A roll call of the UN General Assembly as a typed, frozen record, built when asked for.

A :class:`RollCall` carries the data's own words: its ``description`` is the dataset's
description of the question put to the vote, quoted as the dataset gives it (upper case, with
its typos), and ``source`` names the dataset. It is recorded evidence of what the Assembly
voted on, not a cited claim about it.

Examples:
    >>> call = RollCall(rcid=3, session=1, date="1946-01-01", resolution="R/1/66",
    ...                 short_title="AMENDMENTS, RULES OF PROCEDURE", description="TO ADOPT ...",
    ...                 issues=(), important=False, amendment=True, paragraph=False,
    ...                 source="unvotes")
    >>> call.id, call.date.year, call.provenance
    ('unga-rc-3', 1946, "described by unvotes as: 'TO ADOPT ...'")
    >>> call
    <RollCall 'unga-rc-3': 1946-01-01, R/1/66, AMENDMENTS, RULES OF PROCEDURE>
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["RollCall"]


class RollCall(BaseModel):
    """One recorded vote of the UN General Assembly (a roll call), as the dataset describes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["roll_call"] = Field(default="roll_call", description="Record kind.")
    rcid: int = Field(description="The roll call's id in the data (Voeten's RCID).")
    session: int = Field(description="The General Assembly session (1 for 1946).")
    date: dt.date = Field(description="The day of the vote.")
    resolution: str | None = Field(
        default=None, description="The resolution symbol as the data gives it ('R/1/66')."
    )
    short_title: str | None = Field(default=None, description="The data's short description.")
    description: str = Field(description="The data's own description of the question voted on.")
    issues: tuple[str, ...] = Field(
        default=(), description="Issue codes: me, nu, di, hr, co, ec (ruiran.votes.ISSUES)."
    )
    important: bool | None = Field(
        default=None,
        description="Marked important by the U.S. State Department's 'Voting Practices in the "
        "United Nations' (None where the data does not say).",
    )
    amendment: bool | None = Field(default=None, description="A vote on an amendment.")
    paragraph: bool | None = Field(default=None, description="A vote on a paragraph.")
    source: str = Field(description="The dataset the description is quoted from.")

    @property
    def id(self) -> str:
        """A stable id: ``unga-rc-<rcid>``."""
        return f"unga-rc-{self.rcid}"

    def __repr__(self) -> str:
        """One short line, as ruiran's records show themselves in a list of answers."""
        what = self.short_title or self.description
        what = what.strip() if len(what) <= 60 else what[:59].rstrip() + "…"
        parts = [str(self.date), *([self.resolution] if self.resolution else []), what]
        return f"<RollCall {self.id!r}: {', '.join(parts)}>"

    @property
    def provenance(self) -> str:
        """Where the words come from, as a line."""
        return f"described by {self.source} as: {self.description!r}"
