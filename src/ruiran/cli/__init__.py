"""The ``ruiran`` command line: query, cite, validate and export datasets from a shell.

Built with click over the public API (``ruiran.load`` and the :class:`~ruiran.Dataset`
methods, :mod:`ruiran.export`, :mod:`ruiran.ingest`). Every command reads the bundled dataset,
or the user's dataset given with the group option ``--data PATH``. Listings print aligned text
columns, or with ``--json`` a JSON array of records (``model_dump(mode="json")``); each
command's ``--json`` help says what it prints (an array, or for ``actor`` and ``cite`` one
object).

Exit codes: 0 success; 1 an invalid dataset, a missing file, no such record or a file an
export would replace; 2 a usage error (an unknown option, a bad date or vocabulary value, an
empty path). Errors are one line on stderr starting with ``error:`` (an invalid dataset adds one
line per problem), never a traceback. Entries of a dataset folder that were not read are shown
as ``warning:`` lines on stderr. A reader that stops early (``ruiran events | head -1``) is not
an error: the exit code is 0, with or without ``--json``.

The package, one module per command group; this module holds the group and registers them:

- :mod:`~ruiran.cli.records`: ``actors``, ``actor``, ``agreements``, ``events``,
  ``sanctions``, ``timeline``;
- :mod:`~ruiran.cli.offices`: ``offices``;
- :mod:`~ruiran.cli.blocs`: ``members``, ``blocs``;
- :mod:`~ruiran.cli.provenance`: ``cite``, ``validate``;
- :mod:`~ruiran.cli.exports`: ``export``;
- :mod:`~ruiran.cli.coded`: ``series``, ``ingest gdelt``;
- :mod:`~ruiran.cli.votes`: ``votes`` (UN General Assembly voting agreement);
- :mod:`~ruiran.cli.pulse`: ``pulse`` (the relationship per year, every kind of evidence);

and what they share: :mod:`~ruiran.cli.options` (each shared option defined once),
:mod:`~ruiran.cli.output` (the one place errors become messages and exit codes; tables, JSON),
:mod:`~ruiran.cli.describe` (records as text) and :mod:`~ruiran.cli.session` (the dataset the
commands ask). Nothing else in ruiran imports the command line; the command modules import
the shared ones, never this one.

Examples:
    $ ruiran agreements --between Russia Iran --area trade
    $ ruiran --data my-data/ events --involving Iran --from 2025 --json
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

import ruiran
from ruiran.cli import blocs, coded, exports, offices, options, provenance, pulse, records, votes
from ruiran.cli.output import BadUsage, Group
from ruiran.cli.session import Session

__all__ = ["cli", "main"]


@click.group("ruiran", cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    metavar="PATH",
    default=None,
    callback=options.path,
    help="Query this dataset (a folder or file in the ruiran format) instead of the bundled one.",
)
@click.option(
    "--with-bundled",
    is_flag=True,
    help="Put the --data records on top of the bundled dataset: they may name its actors and "
    "sources.",
)
@click.version_option(
    ruiran.__version__,
    "--version",
    prog_name="ruiran",
    # The data has a version of its own (ruiran.versions): a citation names both.
    message=f"%(prog)s %(version)s, data {ruiran.DATA_VERSION} (as of {ruiran.DATA_AS_OF})",
)
@click.pass_context
def cli(ctx: click.Context, data: Path | None, with_bundled: bool) -> None:
    """Query the Russia–Iran knowledge base: every fact with its source's exact words.

    Actors are named by id, name, alias, ISO code or Wikidata id, in any case ("Iran", "IRN",
    "Soviet Union"). Dates are partial: 2024, 2024-10, 2024-10-23, or a period 2024/2025.

    \b
    Examples:
      ruiran agreements --between Russia Iran
      ruiran actor Putin
      ruiran timeline Russia Iran --from 2024
      ruiran cite treaty-comprehensive-strategic-partnership
      ruiran --data my-data/ events --involving Iran --json
      ruiran --data my-events.yaml --with-bundled timeline Russia Iran
      ruiran validate my-data/
      ruiran votes Russia Iran --by year
      ruiran pulse Russia Iran --by year
    """
    if with_bundled and data is None:
        raise BadUsage("--with-bundled needs --data: the records to put on top of the bundled ones")
    ctx.obj = Session(data, with_bundled)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (the ``ruiran`` console script)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="ruiran")


for _command in (
    records.actors,
    records.actor,
    records.agreements,
    records.events,
    records.sanctions,
    records.timeline,
    offices.offices,
    blocs.members,
    blocs.blocs,
    provenance.cite,
    provenance.validate,
    exports.export,
    coded.series,
    coded.ingest,
    votes.votes,
    pulse.pulse,
):
    cli.add_command(_command)
