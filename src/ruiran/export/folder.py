"""The folder format in YAML: a dataset written the way the bundled one is, to read and edit.

``to_folder`` writes ``sources.yaml``, ``actors.yaml``, ``agreements.yaml``, ``sanctions.yaml``
and ``events.yaml`` (each a list of records, ``type`` left out where the file name implies it,
fields left out where they hold their default), ``coverage.yaml`` when the dataset states its
coverage, and each Source's text at its ``text_file`` path. ``ruiran.load(folder)`` reads back an equal dataset. It is the way to get a copy of the
bundled data to learn the format from::

    ruiran export --format yaml --out bundled-copy/

Only PyYAML, a dependency of ruiran, is needed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruiran.dataset import Dataset
from ruiran.export.files import Output, text_writer, write_files
from ruiran.export.jsonfiles import KIND_STEMS, _stem, _text_outputs
from ruiran.model import AnyRecord
from ruiran.model.actors import Actor

__all__ = ["to_folder"]


def _plain(record: AnyRecord) -> dict[str, Any]:
    """A record as the folder format writes it: no defaults, ``type`` only for actors."""
    dumped = record.model_dump(mode="json", exclude_defaults=True)
    dumped.pop("type", None)
    if isinstance(record, Actor):  # actors.yaml holds four kinds: each record says which
        return {"type": record.type, **dumped}
    return dumped


def _dump(records: list[dict[str, Any]] | dict[str, Any]) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Quotes every string that YAML 1.1 *or* 1.2 would read as something else."""

    # PyYAML quotes what its YAML 1.1 resolver would read as a number; ruiran reads YAML 1.2,
    # where 0o17 is an octal integer and 1e3 a float too: quote those as well.
    Dumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^0o[0-7]+$"), ["0"])
    Dumper.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
        list("-+0123456789."),
    )
    text: str = yaml.dump(
        records,
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return text


def to_folder(ds: Dataset, folder: str | Path, *, overwrite: bool = False) -> dict[str, Path]:
    """Write a dataset as a folder of YAML files, one per kind, with its source texts.

    Args:
        ds: The dataset.
        folder: Where to write; created if needed. It must be empty unless ``overwrite``.
        overwrite: Write into a non-empty folder, replacing files of the same names.

    Returns:
        The path of each kind's file, by file stem (kinds with no record get no file), and
        ``"coverage"``: the coverage file, when the dataset states its coverage.

    Raises:
        ExportConflictError: when a source text cannot be written (see ``to_jsonl``).
        OutputExistsError: when the folder is not empty and ``overwrite`` is False.
        ExportError: when the file system refuses; the message names the path.

    Examples:
        >>> import tempfile, pathlib, ruiran
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     paths = to_folder(ruiran.load(), pathlib.Path(tmp) / "copy")
        ...     again = ruiran.load(pathlib.Path(tmp) / "copy")
        >>> sorted(paths), again == ruiran.load()
        (['actors', 'agreements', 'coverage', 'events', 'sanctions', 'sources'], True)
    """
    target = Path(folder)
    by_kind: dict[str, list[dict[str, Any]]] = {stem: [] for stem in KIND_STEMS}
    for record in ds:
        by_kind[_stem(record)].append(_plain(record))
    paths = {stem: target / f"{stem}.yaml" for stem, records in by_kind.items() if records}
    outputs = [
        Output(paths[stem], text_writer(_dump(by_kind[stem])), f"the {stem} of the dataset")
        for stem in paths
    ]
    if ds.coverage is not None:
        paths["coverage"] = target / "coverage.yaml"
        text = _dump(ds.coverage.model_dump(mode="json", exclude_defaults=True))
        outputs.append(Output(paths["coverage"], text_writer(text), "the dataset's coverage"))
    texts, problems = _text_outputs(ds, target)
    write_files([*outputs, *texts], overwrite=overwrite, folder=target, problems=problems)
    return paths
