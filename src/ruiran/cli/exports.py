"""``ruiran export``: the dataset written in another ecosystem's format, by :mod:`ruiran.export`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ruiran.cli import options
from ruiran.cli.describe import counts
from ruiran.cli.session import Session

__all__ = ["FORMATS", "export"]

#: The formats ``--format`` takes.
FORMATS = ("yaml", "json", "jsonl", "csv", "parquet", "graphml", "ftm")


@click.command(short_help="Write the dataset as yaml, json, jsonl, csv, parquet, graphml or ftm.")
@click.option(
    "--format", "fmt", type=options.choice(FORMATS), required=True, help="The output format."
)
@click.option(
    "--out",
    "out",
    metavar="PATH",
    callback=options.path,
    required=True,
    help="Where to write: a file (json, jsonl, graphml, ftm) or a folder (yaml, csv, parquet).",
)
@options.force("Replace existing files (for yaml, csv and parquet: write into a non-empty folder).")
@click.pass_obj
def export(session: Session, fmt: str, out: Path, force: bool) -> None:
    """Write the dataset in another ecosystem's format.

    Nothing is replaced without --force: an existing file, or a non-empty folder for yaml, csv
    and parquet, is an error. The files appear only once all are written, so a failed export
    leaves nothing behind. json and jsonl write each source's text beside the file, at its
    text_file path; a text_file that would be the export itself is refused.

    \b
    Formats:
      yaml     a folder in the bundled data's own format, one YAML file per kind, with the
               source texts (ruiran.load reads it back): a copy to learn from and edit
      json     one JSON file (ruiran.load reads it back)
      jsonl    JSON Lines, one record per line (ruiran.load reads it back)
      csv      a folder of tidy tables, one <table>.csv each, with the data's coverage
               beside it in <table>.coverage.json, and datapackage.json: a Frictionless
               Data Package of the tables (needs ruiran[pandas])
      parquet  a folder of Parquet tables, the coverage in each file's metadata under the
               key "ruiran" (needs ruiran[parquet])
      graphml  the actor graph for Gephi, yEd, networkx (needs ruiran[graph])
      ftm      FollowTheMoney entities as JSON lines (needs ruiran[ftm])

    \b
    Examples:
      ruiran export --format yaml --out bundled-copy/
      ruiran export --format jsonl --out ruiran.jsonl
      ruiran export --format csv --out tables/
      ruiran export --format csv --out tables/ --force
      ruiran --data my-data/ export --format graphml --out graph.graphml
    """
    from ruiran import export as exporter  # lazily: only this command needs it

    ds = session.dataset
    fmt = fmt.lower()
    writers: dict[str, Callable[..., object]] = {
        "yaml": exporter.to_folder,
        "json": exporter.to_json,
        "jsonl": exporter.to_jsonl,
        "csv": exporter.to_csv,
        "parquet": exporter.to_parquet,
        "graphml": exporter.to_graphml,
        "ftm": exporter.to_ftm_jsonl,
    }
    writers[fmt](ds, out, overwrite=force)
    click.echo(f"wrote {fmt} of {counts(ds)} to {out}")
