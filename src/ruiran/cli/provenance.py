"""Where the facts come from, and whether a dataset holds: ``cite`` and ``validate``."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import attrs
import click

import ruiran
from ruiran import DatasetError, Source
from ruiran.cli import options
from ruiran.cli.describe import (
    citation_groups,
    citation_lines,
    counts,
    source_json,
    source_lines,
    title,
)
from ruiran.cli.output import Failure, echo_json, warnings_on_stderr, wrap
from ruiran.cli.session import Session
from ruiran.model.display import count

__all__ = ["cite", "validate"]


@click.command(short_help="Show a record's quotes and their sources.")
@click.argument("record_id", metavar="ID")
@options.json(
    'one JSON object {"record", "citations"} (and "cited_by" for a source) instead of text'
)
@click.pass_obj
def cite(session: Session, record_id: str, as_json: bool) -> None:
    """Show a record with its verbatim quotes and their sources (title, publisher, url).

    ID is a record id (see the ID column of the listings). For a source id, lists the records
    that cite it.

    \b
    Examples:
      ruiran cite treaty-comprehensive-strategic-partnership
      ruiran cite western-sanctions-on-iran --json
      ruiran cite russia-iran-deepening-alliance
    """
    ds = session.dataset
    record = ds.get(record_id)
    if record is None:
        close = difflib.get_close_matches(record_id, [r.id for r in ds], n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise Failure(f"no record has id {record_id!r}{hint}")
    groups = list(citation_groups(ds, record))
    citing = ds.citing(record) if isinstance(record, Source) else ()
    if as_json:
        payload: dict[str, Any] = {
            "record": record.model_dump(mode="json"),
            "citations": [
                {
                    "where": where,
                    **citation.model_dump(mode="json"),
                    "source_record": source_json(ds, citation.source),
                }
                for where, citations in groups
                for citation in citations
            ],
        }
        if isinstance(record, Source):
            payload["cited_by"] = [r.id for r in citing]
        echo_json(payload)
        return
    lines = [f"{title(record)}  [{record.id}, {record.type}]"]
    summary = getattr(record, "summary", None) or getattr(record, "description", None)
    if isinstance(summary, str):
        lines.append(wrap(summary, "  "))
    if isinstance(record, Source):
        lines.extend(source_lines(record, "  "))
        lines.append("")
        lines.append(f"cited by {count(len(citing), 'record')}:")
        lines.extend(f"  {r.id}  ({r.type}) {title(r)}" for r in citing)
    for where, citations in groups:
        if not citations:
            continue
        lines.append("")
        lines.append(f"{where}:")
        lines.extend(citation_lines(ds, citations, indent="  "))
    click.echo("\n".join(lines))


@click.command(short_help="Check a dataset and list every problem.")
@click.argument("path", callback=options.path)
@click.option(
    "--with-bundled",
    is_flag=True,
    help="Check the records on top of the bundled dataset: they may name its actors and sources.",
)
@options.json(
    'the problems as a JSON array of {"record", "field", "message", "file"} ([] when the dataset is valid)'
)
@click.pass_context
def validate(ctx: click.Context, path: Path, with_bundled: bool, as_json: bool) -> None:
    """Check a dataset (folder or file) and list every problem, one per line.

    Each line reads: file, record, field: message. Exits 1 when the dataset is invalid, 0 with
    a summary when it is valid. Entries of the folder that were not read (subfolders, files of
    other formats) are listed on stderr as "warning:" lines.

    \b
    Examples:
      ruiran validate my-data/
      ruiran validate my-events.yaml --with-bundled
      ruiran validate my-data/records.jsonl --json
    """
    try:
        with warnings_on_stderr():
            ds = ruiran.load(path, base=ruiran.load() if with_bundled else None)
    except DatasetError as error:
        if as_json:
            echo_json([attrs.asdict(p) for p in error.problems])
        else:
            for problem in error.problems:
                click.echo(str(problem))
            click.echo(
                f"{path}: invalid dataset, {count(len(error.problems), 'problem')}", err=True
            )
        ctx.exit(1)
    if as_json:
        echo_json([])
        return
    click.echo(f"{path}: valid dataset of {counts(ds)}")
