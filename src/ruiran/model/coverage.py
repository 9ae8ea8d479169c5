"""Coverage: what a dataset states it holds completely, and the date it is current to.

A dataset may ship a coverage file (``coverage.yaml`` beside its data files) holding one
:class:`Coverage`: its ``as_of`` date and a list of :class:`Statement`, each saying "every
record of this kind, with these actors in these roles, in this period, is here". A question is
complete when one statement (or several, for its period) holds all of it; see
:mod:`ruiran.dataset.coverage` for the rule and the sentences an answer's ``gaps`` are made of.
A statement of ``extent`` ``"researched"`` says less: the records were searched for (its
``note`` says how, and how far), not that all are held; it never makes an answer complete.

Examples:
    >>> cover = Coverage.model_validate({
    ...     "as_of": "2025-12-15",
    ...     "covers": [{"kind": "sanction", "senders": ["un-security-council"],
    ...                 "targets": ["iran"], "period": "2006/.."}],
    ... })
    >>> cover.as_of.isoformat(), str(cover.covers[0].period)
    ('2025-12-15', '2006/..')
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ruiran.model.base import RecordId, Value
from ruiran.model.dates import Period

__all__ = ["Coverage", "CoveredKind", "Extent", "Statement"]

#: The kinds of record a coverage statement may speak of.
CoveredKind = Literal["agreement", "sanction", "event", "office", "membership"]
#: How far a statement vouches for its records: ``"complete"`` (every record is here) or
#: ``"researched"`` (the records were searched for, as its note says; some may be missing).
Extent = Literal["complete", "researched"]


class Statement(Value):
    """One claim of completeness: every record of ``kind`` with these actors, in ``period``.

    Actor lists are record ids. ``senders`` and ``targets`` (sanctions) list alternatives: the
    statement covers sanctions sent by any one of the senders on any one of the targets; an
    empty list stands for every actor in that role. ``parties`` (agreements and events) lists
    actors that all take part: ``[russia, iran]`` covers what is between Russia and Iran,
    ``[russia]`` everything Russia takes part in, an empty list every record of the kind.
    For offices, ``parties`` lists the states (or organizations) whose offices are covered (any
    one of them; none: every actor's) and ``titles`` the offices covered (none: every office):
    the statement says every holder of those offices in ``period`` is in the data. For
    memberships, ``parties`` lists the blocs whose members are covered (any one of them; none:
    every bloc's): every member of those blocs in ``period``, with the days it joined and left.

    For events, ``cameo`` narrows the statement to the kinds whose CAMEO code starts with it
    (``"04"``: the meetings: visits, consultations, talks, calls; none: every kind). ``extent``
    ``"researched"`` (agreements, events and sanctions) says the records were searched for,
    not that all are held: such a statement never makes an answer complete, and an answer
    inside it names its ``note`` instead of "... are not covered".

    Examples:
        >>> Statement(kind="agreement", parties=("russia", "iran"), period="1992/..")
        Statement(kind='agreement', parties=('russia', 'iran'), period='1992/..')
        >>> met = Statement(kind="event", parties=("russia", "iran"), cameo="04",
        ...                 extent="researched", period="2000/..", note="swept by source")
        >>> met.cameo, met.extent
        ('04', 'researched')
        >>> from pydantic import ValidationError
        >>> try:
        ...     Statement(kind="event", extent="partial", period="2000/..")
        ... except ValidationError as error:
        ...     print(error.errors()[0]["loc"], error.errors()[0]["msg"])
        ('extent',) Input should be 'complete' or 'researched'
    """

    kind: CoveredKind = Field(description="The kind of record covered.")
    senders: tuple[RecordId, ...] = Field(
        default=(), description="Sanctions: the senders covered (any one of them; none: every)."
    )
    targets: tuple[RecordId, ...] = Field(
        default=(), description="Sanctions: the targets covered (any one of them; none: every)."
    )
    parties: tuple[RecordId, ...] = Field(
        default=(),
        description="Agreements and events: the actors that all take part (none: every record); "
        "offices: the states or organizations whose offices are covered; memberships: the blocs "
        "whose members are covered.",
    )
    titles: tuple[str, ...] = Field(
        default=(),
        description="Offices: the titles covered, e.g. 'President' (none: every office).",
    )
    period: Period = Field(
        description="The period covered, e.g. '2006/..' (an open end runs to the as-of date)."
    )
    note: str | None = Field(default=None, description="What the statement rests on, in words.")
    cameo: str | None = Field(
        default=None,
        description="Events: the CAMEO code prefix of the kinds covered, e.g. '04' (the "
        "meetings: visits, consultations, talks, calls); none: every kind.",
    )
    extent: Extent = Field(
        default="complete",
        description="'complete': every record is here; 'researched': the records were searched "
        "for as the note says, some may be missing (never makes an answer complete).",
    )

    @field_validator("cameo")
    @classmethod
    def _cameo_code(cls, value: str | None) -> str | None:
        from ruiran.model.cameo import cameo_code

        return None if value is None else cameo_code(value, "cameo")

    @field_validator("period", mode="before")
    @classmethod
    def _parse_period(cls, value: object) -> object:
        return Period.parse(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _roles_fit_kind(self) -> Statement:
        if self.kind == "sanction" and self.parties:
            raise ValueError(
                "'parties' is for agreements and events; a sanction's statement "
                "names 'senders' and 'targets'"
            )
        if self.kind != "sanction" and (self.senders or self.targets):
            raise ValueError(
                f"'senders' and 'targets' are for sanctions; an {self.kind}'s "
                "statement names 'parties'"
            )
        if self.kind != "office" and self.titles:
            raise ValueError(
                f"'titles' is for offices; {'a' if self.kind == 'sanction' else 'an'} "
                f"{self.kind}'s statement names none "
                f"(got {list(self.titles)!r})"
            )
        if self.kind != "event" and self.cameo is not None:
            raise ValueError(
                f"'cameo' is for events; {'a' if self.kind == 'sanction' else 'an'} "
                f"{self.kind}'s statement names none (got {self.cameo!r})"
            )
        if self.extent == "researched" and self.kind not in ("agreement", "event", "sanction"):
            raise ValueError(
                f"'extent' 'researched' is for agreements, events and sanctions; the statement "
                f"of {'an' if self.kind == 'office' else 'a'} {self.kind} is 'complete' (the "
                "default)"
            )
        return self


class Coverage(Value):
    """What a dataset covers completely, and the date it is current to.

    Examples:
        >>> Coverage(as_of=dt.date(2025, 12, 15)).covers
        ()
    """

    as_of: dt.date = Field(
        description="The date the data is current to: open-ended periods end here for queries."
    )
    covers: tuple[Statement, ...] = Field(
        default=(), description="The statements of what the data holds completely."
    )
