"""The query helpers bound to the bundled dataset: ``ruiran.actor(...)``, ``ruiran.timeline(...)``.

Each is the :class:`~ruiran.Dataset` method of the same name, asked of ``ruiran.load()`` (looked
up on the face each time, so a replaced ``ruiran.load`` is the one asked). The face
(``ruiran/__init__.py``) re-exports them by name, on first use.

Examples:
    >>> from ruiran import _api
    >>> _api.actor("Soviet Union").id
    'russia'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ruiran.model import (
    Agreement,
    AnyActor,
    AnyRecord,
    Area,
    Bloc,
    DateLike,
    Event,
    EventKind,
    Listing,
    Measure,
    Office,
    Sanction,
    SanctionStatus,
    Source,
    Stage,
    record_adapter,
)

if TYPE_CHECKING:
    import pandas as pd

    from ruiran.dataset import ActorLike, Dataset
    from ruiran.dataset.index import Involvement, Relation
    from ruiran.query.entries import TimelineEntry
    from ruiran.query.results import Records

__all__ = [
    "actor",
    "agreements_between",
    "agreements_involving",
    "blocs_of",
    "citing",
    "events_between",
    "events_involving",
    "involvement",
    "json_schema",
    "margins",
    "members",
    "offices",
    "partners",
    "pulse",
    "related_to",
    "sanctions_by",
    "sanctions_naming",
    "sanctions_on",
    "stage_of",
    "timeline",
    "undated",
]


def _bundled() -> Dataset:
    """The bundled Dataset, through ``ruiran.load`` (a test may have replaced it)."""
    import ruiran

    return ruiran.load()


def actor(query: ActorLike) -> AnyActor:
    """Resolve an actor of the bundled dataset; see :meth:`Dataset.actor`.

    Examples:
        >>> ruiran.actor("IRN").name
        'Iran'
    """
    return _bundled().actor(query)


def agreements_between(
    a: ActorLike,
    b: ActorLike,
    *,
    on: DateLike | None = None,
    area: Area | str | None = None,
    stage: Stage | str | None = None,
    include_undated: bool = False,
) -> Records[Agreement]:
    """Agreements of the bundled dataset binding both actors; see :meth:`Dataset.agreements_between`.

    ``stage=`` judges the stage the two reached (the less advanced of theirs), not every party's.

    Examples:
        >>> "treaty-comprehensive-strategic-partnership" in [
        ...     x.id for x in ruiran.agreements_between("Russia", "Iran")]
        True
    """
    return _bundled().agreements_between(
        a, b, on=on, area=area, stage=stage, include_undated=include_undated
    )


def events_between(
    a: ActorLike,
    b: ActorLike,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    kind: EventKind | str | None = None,
    include_undated: bool = False,
    cameo: str | None = None,
    about: bool = False,
) -> Records[Event]:
    """Events of the bundled dataset involving both actors (or, with ``about``, one acting
    about the other); see :meth:`Dataset.events_between`."""
    return _bundled().events_between(
        a,
        b,
        start=start,
        end=end,
        kind=kind,
        include_undated=include_undated,
        cameo=cameo,
        about=about,
    )


def events_involving(
    a: ActorLike,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    kind: EventKind | str | None = None,
    include_undated: bool = False,
    cameo: str | None = None,
) -> Records[Event]:
    """Events of the bundled dataset involving an actor; see :meth:`Dataset.events_involving`."""
    return _bundled().events_involving(
        a, start=start, end=end, kind=kind, include_undated=include_undated, cameo=cameo
    )


def sanctions_on(
    target: ActorLike,
    *,
    by: ActorLike | None = None,
    on: DateLike | None = None,
    measure: Measure | str | None = None,
    status: SanctionStatus | str | None = None,
    include_undated: bool = False,
) -> Records[Sanction]:
    """Sanctions of the bundled dataset on an actor; see :meth:`Dataset.sanctions_on`."""
    return _bundled().sanctions_on(
        target, by=by, on=on, measure=measure, status=status, include_undated=include_undated
    )


def sanctions_by(
    sender: ActorLike,
    *,
    on: DateLike | None = None,
    measure: Measure | str | None = None,
    status: SanctionStatus | str | None = None,
    include_undated: bool = False,
) -> Records[Sanction]:
    """Sanctions of the bundled dataset by an actor; see :meth:`Dataset.sanctions_by`."""
    return _bundled().sanctions_by(
        sender, on=on, measure=measure, status=status, include_undated=include_undated
    )


def sanctions_naming(actor: ActorLike) -> Records[Listing]:
    """The sanctions of the bundled dataset whose listings name an actor, with the quotes that
    name it; see :meth:`Dataset.sanctions_naming`.

    Examples:
        >>> import ruiran
        >>> [x.sanction for x in ruiran.sanctions_naming("Qods Aviation Industries")]
        ['us-sanctions-on-iran-over-military-support-to-russia']
    """
    return _bundled().sanctions_naming(actor)


def timeline(
    a: ActorLike,
    b: ActorLike | None = None,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    about: bool = False,
) -> Records[TimelineEntry]:
    """Dated entries of the bundled dataset about an actor or a pair; see :meth:`Dataset.timeline`.

    Examples:
        >>> [(str(e.when), e.kind) for e in ruiran.timeline("Russia", "Iran", start="2025-01-17",
        ...                                                   end="2025-01-17")]
        [('1991-12/..', 'event'), ('2022-08/..', 'event'), ('2025-01-17', 'event'), ('2025-01-17', 'event'), ('2025-01-17', 'milestone'), ('2025-01-17', 'event')]
    """
    return _bundled().timeline(a, b, start=start, end=end, about=about)


def json_schema(*, line: bool = False) -> dict[str, object]:
    """The JSON Schema (Draft 2020-12) of one record of the dataset format, any kind.

    Its ``$defs`` also describe the coverage statement the JSON exports write with the
    records: ``CoverageLine`` is the first line of a JSON Lines export
    (``{"type": "coverage", "as_of": ..., "covers": [...]}``; ``Coverage`` without the
    ``type`` is ``coverage.yaml`` and the JSON export's ``"coverage"`` entry).

    Args:
        line: The schema of one line of a JSON Lines export (``export.to_jsonl``) instead:
            a record or the coverage line, told apart by ``type`` (``"coverage"``).

    Examples:
        >>> schema = ruiran.json_schema()
        >>> schema["$schema"], sorted(schema["discriminator"]["mapping"])[:3]
        ('https://json-schema.org/draft/2020-12/schema', ['agreement', 'bloc', 'event'])
        >>> schema["$defs"]["CoverageLine"]["properties"]["type"]["const"]
        'coverage'
        >>> ruiran.json_schema(line=True)["discriminator"]["mapping"]["coverage"]
        '#/$defs/CoverageLine'
    """
    from ruiran.export.coverage import coverage_schema

    record = record_adapter().json_schema()
    stated = coverage_schema()
    defs = {**record["$defs"], **stated["$defs"]}
    schema: dict[str, object] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ruiran record",
        **record,
        "$defs": defs,
    }
    if line:
        schema["title"] = "ruiran JSON Lines line"
        schema["oneOf"] = [*record["oneOf"], {"$ref": "#/$defs/CoverageLine"}]
        schema["discriminator"] = {
            **record["discriminator"],
            "mapping": {**record["discriminator"]["mapping"], "coverage": "#/$defs/CoverageLine"},
        }
    return schema


def agreements_involving(
    a: ActorLike,
    *,
    on: DateLike | None = None,
    area: Area | str | None = None,
    stage: Stage | str | None = None,
    include_undated: bool = False,
) -> Records[Agreement]:
    """Agreements of the bundled dataset binding an actor; see :meth:`Dataset.agreements_involving`.

    ``stage=`` judges that actor's own stage (:func:`stage_of` with ``party=``).

    Examples:
        >>> "eaeu-iran-free-trade-agreement" in [
        ...     x.id for x in ruiran.agreements_involving("Armenia", area="trade")]
        True
    """
    return _bundled().agreements_involving(
        a, on=on, area=area, stage=stage, include_undated=include_undated
    )


def stage_of(
    agreement: Agreement | str,
    *,
    on: DateLike | None = None,
    party: ActorLike | None = None,
) -> Stage | None:
    """The stage an agreement of the bundled dataset reached, overall (the least advanced of
    its parties) or for one party; see :meth:`Dataset.stage_of`.

    Examples:
        >>> t = "treaty-comprehensive-strategic-partnership"
        >>> ruiran.stage_of(t, on="2025-04-30"), ruiran.stage_of(t, on="2025-04-30", party="Iran")
        (<Stage.SIGNED: 'signed'>, <Stage.SIGNED: 'signed'>)
        >>> ruiran.stage_of(t, on="2025-04-30", party="Russia")
        <Stage.RATIFIED: 'ratified'>
    """
    return _bundled().stage_of(agreement, on=on, party=party)


def offices(
    actor: ActorLike,
    *,
    on: DateLike | None = None,
    title: str | None = None,
    include_undated: bool = False,
) -> Records[Office]:
    """Who held the offices of a state or organization, or the offices a person held, in the
    bundled dataset; see :meth:`Dataset.offices`.

    Examples:
        >>> [(o.title, o.holder) for o in ruiran.offices("Iran", on="2012-06-01",
        ...                                              title="President")]
        [('President', 'mahmoud-ahmadinejad')]
        >>> [p.title for p in ruiran.offices("Masoud Pezeshkian", on="2024-10-23")]
        ['President']
    """
    return _bundled().offices(actor, on=on, title=title, include_undated=include_undated)


def members(bloc: ActorLike, *, on: DateLike | None = None) -> Records[AnyActor]:
    """The members of a bloc in the bundled dataset; see :meth:`Dataset.members`.

    Examples:
        >>> "iran" in [m.id for m in ruiran.members("BRICS", on="2024")]
        True
    """
    return _bundled().members(bloc, on=on)


def blocs_of(actor: ActorLike, *, on: DateLike | None = None) -> Records[Bloc]:
    """The blocs an actor belonged to, in the bundled dataset; see :meth:`Dataset.blocs_of`.

    Examples:
        >>> [b.id for b in ruiran.blocs_of("Iran")]
        ['brics', 'sco', 'opec', 'caspian-littoral-states']
    """
    return _bundled().blocs_of(actor, on=on)


def partners(
    actor: ActorLike, *, on: DateLike | None = None, include_undated: bool = False
) -> Records[AnyActor]:
    """Actors sharing an agreement with this one, in the bundled dataset; see
    :meth:`Dataset.partners`.

    Examples:
        >>> "armenia" in [p.id for p in ruiran.partners("Iran")]
        True
    """
    return _bundled().partners(actor, on=on, include_undated=include_undated)


def involvement(
    record: Relation | str, actor: ActorLike, *, on: DateLike | None = None
) -> Involvement | None:
    """How an actor takes part in a bundled record; see :meth:`Dataset.involvement`.

    Examples:
        >>> ruiran.involvement("eaeu-iran-free-trade-agreement", "Russia").via
        'eaeu'
    """
    return _bundled().involvement(record, actor, on=on)


def citing(source: Source | str, passage: str | None = None) -> Records[AnyRecord]:
    """The bundled records that cite a source (or a passage of it); see :meth:`Dataset.citing`.

    Examples:
        >>> len(ruiran.citing("russia-iran-deepening-alliance")) > 50
        True
    """
    return _bundled().citing(source, passage)


def undated(a: ActorLike, b: ActorLike | None = None) -> Records[Relation]:
    """Bundled records about an actor (or pair) with no date; see :meth:`Dataset.undated`.

    Examples:
        >>> all(r.id for r in ruiran.undated("Russia", "Iran"))
        True
    """
    return _bundled().undated(a, b)


def related_to(record: AnyRecord | str) -> Records[Event]:
    """The bundled events that name a record in their ``related``; see
    :meth:`Dataset.related_to`.

    Examples:
        >>> [e.id for e in ruiran.related_to("brics-summit-kazan-2024")]
        ['putin-pezeshkian-kazan-meeting']
    """
    return _bundled().related_to(record)


def margins(summit: Event | str) -> Records[Event]:
    """The bundled meetings on the margin of an event (a summit), with the gaps of the
    meetings of each pair of its states on its days; see :meth:`Dataset.margins`.

    Examples:
        >>> [e.id for e in ruiran.margins("brics-summit-kazan-2024")]
        ['putin-pezeshkian-kazan-meeting']
        >>> ruiran.margins("cica-summit-istanbul-2010").complete
        False
    """
    return _bundled().margins(summit)


def pulse(
    a: ActorLike,
    b: ActorLike,
    *,
    by: str = "year",
    start: DateLike | None = None,
    end: DateLike | None = None,
    dataset: Dataset | None = None,
) -> pd.DataFrame:
    """The relationship of two actors per year, as one tidy DataFrame: high-level meetings,
    GDELT cooperation and conflict (when coded events are loaded), UN voting agreement, the
    agreements' milestones and the sanctions regimes in force; see
    :func:`ruiran.overview.yearly.pulse`.

    Asks the bundled dataset unless ``dataset`` is given.

    Examples:
        >>> frame = ruiran.pulse("Russia", "Iran", start="2024", end="2025")
        >>> frame["year"].tolist(), bool(frame["meetings"].sum() > 0)
        ([2024, 2025], True)
    """
    from ruiran.overview import pulse as table

    return table(
        a, b, by=by, start=start, end=end, dataset=_bundled() if dataset is None else dataset
    )
