"""A coded event as a typed record: built only for a row a caller touches.

A :class:`CodedEvent` is machine-coded evidence: a row of a coded dataset (GDELT), known by
its dataset and row id (``GLOBALEVENTID``), with the actors as coded (CAMEO codes, names,
countries, roles) and as resolved to ruiran's actors, the CAMEO event codes, QuadClass,
Goldstein score, counts, tone, places, when it was added, and the article it was coded from.
It is shown as "coded by GDELT from <url>", never as a quote: no words of the article are
held, and the fidelity rules of cited records (verbatim quotes) do not apply to it.

Examples:
    >>> row = {"GLOBALEVENTID": 1, "SQLDATE": 20240105, "Actor1CountryCode": "RUS",
    ...        "Actor2CountryCode": "IRN", "EventCode": "042", "EventBaseCode": "042",
    ...        "EventRootCode": "04", "QuadClass": 1, "GoldsteinScale": 1.9,
    ...        "SOURCEURL": "https://news.invalid/a", "Version": 2}
    >>> event = CodedEvent.from_row(row, {"RUS": "russia", "IRN": "iran"})
    >>> event.id, event.kind, event.actor1.resolved
    ('gdelt:1', <EventKind.VISIT: 'visit'>, 'russia')
    >>> event.provenance
    'coded by GDELT 2.0 from https://news.invalid/a'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ruiran.model import EventKind

__all__ = ["CodedActor", "CodedEvent", "CodedPlace"]

_KINDS = {kind.cameo: kind for kind in EventKind}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CodedActor(_Frozen):
    """An actor of a coded event, as coded (CAMEO) and as resolved to a ruiran actor."""

    code: str | None = Field(default=None, description="The CAMEO actor code ('RUSGOV').")
    name: str | None = Field(default=None, description="The name as coded ('RUSSIA').")
    country: str | None = Field(default=None, description="The CAMEO country code ('RUS').")
    known_group: str | None = Field(default=None, description="CAMEO known group code.")
    ethnic: str | None = Field(default=None, description="CAMEO ethnic code.")
    religions: tuple[str, ...] = Field(default=(), description="CAMEO religion codes.")
    types: tuple[str, ...] = Field(default=(), description="CAMEO type (role) codes ('GOV').")
    resolved: str | None = Field(
        default=None,
        description="Id of the ruiran state the country code stands for (None for a region, "
        "or a country the dataset does not hold).",
    )


class CodedPlace(_Frozen):
    """A place of a coded event (GDELT's geographic fields)."""

    type: int = Field(
        description="Geographic resolution: 1 country ... 4 world city, 5 US; 0 when GDELT "
        "typed none, though the row may still give a name or coordinates (kept as given)."
    )
    name: str | None = Field(default=None, description="Full name of the place.")
    country: str | None = Field(default=None, description="FIPS 10-4 country code.")
    adm1: str | None = Field(default=None, description="ADM1 code.")
    adm2: str | None = Field(default=None, description="ADM2 code (GDELT 2.0).")
    latitude: float | None = Field(default=None, description="Latitude, as the file wrote it.")
    longitude: float | None = Field(default=None, description="Longitude, as the file wrote it.")
    feature_id: str | None = Field(default=None, description="GNS or GNIS feature id.")


class CodedEvent(_Frozen):
    """One machine-coded event, as its dataset coded it."""

    type: Literal["coded_event"] = Field(default="coded_event", description="Record kind.")
    dataset: str = Field(description="The coded dataset ('gdelt').")
    version: int | None = Field(default=None, description="The dataset's version (1 or 2).")
    row_id: int = Field(description="The row's id in the dataset (GDELT's GLOBALEVENTID).")
    date: dt.date = Field(description="The day of the event (SQLDATE).")
    actor1: CodedActor = Field(description="The first actor (the source of the action).")
    actor2: CodedActor = Field(description="The second actor (the target).")
    is_root_event: bool | None = Field(default=None, description="Whether in a lead paragraph.")
    event_code: str = Field(description="CAMEO event code, as text ('042').")
    event_base_code: str | None = Field(default=None, description="CAMEO base code ('042').")
    event_root_code: str | None = Field(default=None, description="CAMEO root code ('04').")
    quad_class: int | None = Field(
        default=None,
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
        "4 material conflict.",
    )
    goldstein: float | None = Field(default=None, description="Goldstein scale, -10 to +10.")
    mentions: int | None = Field(default=None, description="Mentions in the first 15 minutes.")
    sources: int | None = Field(default=None, description="Distinct sources mentioning it.")
    articles: int | None = Field(default=None, description="Articles mentioning it.")
    tone: float | None = Field(default=None, description="Average tone of those articles.")
    actor1_place: CodedPlace | None = Field(default=None, description="Where actor 1 was.")
    actor2_place: CodedPlace | None = Field(default=None, description="Where actor 2 was.")
    action_place: CodedPlace | None = Field(default=None, description="Where it happened.")
    date_added: dt.datetime | None = Field(default=None, description="When GDELT added it.")
    source_url: str | None = Field(default=None, description="The article it was coded from.")

    @property
    def id(self) -> str:
        """``'<dataset>:<row id>'``: unique among the coded events of a Dataset."""
        return f"{self.dataset}:{self.row_id}"

    @property
    def evidence(self) -> Literal["coded"]:
        """What kind of evidence this is: always ``'coded'`` (cited records say ``'cited'``)."""
        return "coded"

    @property
    def kind(self) -> EventKind | None:
        """The ruiran event kind with this exact CAMEO code, if the vocabulary has one."""
        return _KINDS.get(self.event_code)

    @property
    def provenance(self) -> str:
        """Where it comes from: ``'coded by GDELT 2.0 from <url>'`` (never a quote)."""
        name = self.dataset.upper() + (f" {self.version}.0" if self.version else "")
        source = self.source_url or f"row {self.row_id} (no source URL in this version)"
        return f"coded by {name} from {source}"

    @property
    def label(self) -> str:
        """A one-line description for tables and plots: who, CAMEO code, whom."""
        who = self.actor1.name or self.actor1.code or "?"
        whom = self.actor2.name or self.actor2.code or "-"
        return f"{who} {self.event_code} {whom}"

    def __repr__(self) -> str:
        return f"<CodedEvent {self.id!r} {self.date}: {self.label}, {self.provenance}>"

    def __str__(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        """The event in HTML (Jupyter): what was coded, and where from (every value escaped)."""
        from ruiran.model.display import definition_html, escape

        kind = self.kind
        rows = [
            ("date", self.date.isoformat()),
            ("actor 1", self.actor1.name or self.actor1.code or ""),
            ("event code", self.event_code + (f" ({kind.value})" if kind is not None else "")),
            ("actor 2", self.actor2.name or self.actor2.code or ""),
            ("quad class", "" if self.quad_class is None else str(self.quad_class)),
            ("goldstein", "" if self.goldstein is None else f"{self.goldstein:g}"),
            ("provenance", self.provenance),
        ]
        return definition_html(f"CodedEvent {self.id}", [(n, escape(v)) for n, v in rows])

    @classmethod
    def from_row(
        cls, row: Mapping[str, Any], resolve: Mapping[str, str], dataset: str = "gdelt"
    ) -> CodedEvent:
        """Build the record from one row of the store (GDELT column names)."""

        def actor(prefix: str) -> CodedActor:
            country = row.get(f"{prefix}CountryCode")
            return CodedActor(
                code=row.get(f"{prefix}Code"),
                name=row.get(f"{prefix}Name"),
                country=country,
                known_group=row.get(f"{prefix}KnownGroupCode"),
                ethnic=row.get(f"{prefix}EthnicCode"),
                religions=_present(row, f"{prefix}Religion1Code", f"{prefix}Religion2Code"),
                types=_present(
                    row, f"{prefix}Type1Code", f"{prefix}Type2Code", f"{prefix}Type3Code"
                ),
                resolved=None if country is None else resolve.get(country),
            )

        def place(prefix: str) -> CodedPlace | None:
            # what the file holds is kept: a place typed 0 (GDELT's "no match") that still
            # has a name or coordinates is a place; None only when every field is empty
            values = {key: row.get(f"{prefix}_{name}") for key, name in _PLACE.items()}
            kind = row.get(f"{prefix}_Type")
            if not kind and all(v is None or v == "" for v in values.values()):
                return None
            return CodedPlace(type=kind or 0, **values)

        root = row.get("IsRootEvent")
        return cls(
            dataset=dataset,
            version=row.get("Version"),
            row_id=row["GLOBALEVENTID"],
            date=_day(row["SQLDATE"]),
            actor1=actor("Actor1"),
            actor2=actor("Actor2"),
            is_root_event=None if root is None else bool(root),
            event_code=row.get("EventCode") or "",
            event_base_code=row.get("EventBaseCode"),
            event_root_code=row.get("EventRootCode"),
            quad_class=row.get("QuadClass"),
            goldstein=_rounded(row.get("GoldsteinScale"), 1),
            mentions=row.get("NumMentions"),
            sources=row.get("NumSources"),
            articles=row.get("NumArticles"),
            tone=row.get("AvgTone"),
            actor1_place=place("Actor1Geo"),
            actor2_place=place("Actor2Geo"),
            action_place=place("ActionGeo"),
            date_added=_added(row.get("DATEADDED")),
            source_url=row.get("SOURCEURL"),
        )


#: The fields of a place in a record, and GDELT's column suffixes for them.
_PLACE = {
    "name": "FullName",
    "country": "CountryCode",
    "adm1": "ADM1Code",
    "adm2": "ADM2Code",
    "latitude": "Lat",
    "longitude": "Long",
    "feature_id": "FeatureID",
}


def _present(row: Mapping[str, Any], *names: str) -> tuple[str, ...]:
    return tuple(row[name] for name in names if row.get(name))


def _rounded(value: float | None, digits: int) -> float | None:
    """Goldstein scores are held as float32 to save memory: rounded back to GDELT's one
    decimal. (Coordinates are float64, exact as the file writes them: never rounded.)"""
    return None if value is None else round(float(value), digits)


def _day(number: int) -> dt.date:
    return dt.date(number // 10_000, number // 100 % 100, number % 100)


def _added(number: int | None) -> dt.datetime | None:
    """DATEADDED: YYYYMMDD (GDELT 1.0) or YYYYMMDDHHMMSS (2.0)."""
    if number is None:
        return None
    if number < 100_000_000:
        return dt.datetime.combine(_day(number), dt.time())
    day, clock = divmod(number, 1_000_000)
    return dt.datetime.combine(_day(day), dt.time(clock // 10_000, clock // 100 % 100, clock % 100))
