"""A folder of coded events in Parquet: written whole, read back inside its boundary, checked.

The machinery beneath :mod:`ruiran.coded.parquet` (the public functions, which take and give a
Dataset): :func:`write_store` writes a store as ``<folder>/year=YYYY/part-0.parquet`` plus the
manifest ``ruiran-coded.json`` (:mod:`ruiran.coded.output` makes the write whole or nothing);
:func:`read_table` reads such a folder back into one Arrow table in the store's columns and
types, and :func:`read_files_table` the Parquet files another engine wrote. Each reads only
regular files inside the folder (:func:`ruiran.read.boundary.open_inside`), the ones the
manifest lists, each checked for the store's columns and types; an event held twice is kept
once (:mod:`ruiran.coded.duplicates`). Building the store beside a Dataset's states is the
caller's: nothing here knows a Dataset.

Examples:
    >>> import pathlib, tempfile
    >>> from ruiran.coded.gdelt import empty_table
    >>> from ruiran.coded.store import CodedStore
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> _ = write_store(CodedStore.build(empty_table(), {}, "gdelt"), folder)
    >>> table, dataset = read_table(folder)
    >>> table.num_rows, dataset
    (0, 'gdelt')
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ruiran.coded import extras
from ruiran.coded.duplicates import drop_duplicates
from ruiran.coded.output import (
    FILES_KEY,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    listing,
    new_manifest,
    staged,
)
from ruiran.errors import DatasetError, Problem

if TYPE_CHECKING:
    from ruiran.coded.store import CodedStore

__all__ = ["FORMAT_VERSION", "read_files_table", "read_table", "write_store"]

#: Columns every event has: a file with a null in one is refused.
_REQUIRED: Final = ("GLOBALEVENTID", "SQLDATE")
#: Data files of cited records: refused beside a manifest (they would not be read).
_RECORD_SUFFIXES: Final = (".yaml", ".yml", ".json", ".jsonl")


def write_store(
    store: CodedStore,
    folder: str | Path,
    *,
    overwrite: bool = False,
    about: dict[str, Any] | None = None,
) -> Path:
    """Write ``store`` as Parquet partitioned by year, with a manifest; the manifest's path.

    The writer behind :func:`ruiran.coded.parquet.write_folder`, which says what each argument
    does and what is refused (:class:`~ruiran.errors.OutputExistsError`,
    :class:`~ruiran.errors.ExportError`).
    """
    pa = extras.pyarrow()
    import pyarrow.dataset as pads

    table = _decoded(store.table)
    years = pa.compute.divide(table.column("SQLDATE"), 10_000).cast(pa.int16())
    table = table.append_column("year", years)
    manifest = new_manifest(
        dataset=store.dataset,
        rows=len(store),
        columns=table.schema.names[:-1],
        summary=store.summary.to_dict() if store.summary is not None else None,
        about=about,
    )
    with staged(folder, overwrite=overwrite) as new:
        pads.write_dataset(
            table,
            new.path,
            format="parquet",
            partitioning=pads.partitioning(pa.schema([("year", pa.int16())]), flavor="hive"),
            basename_template="part-{i}.parquet",
            existing_data_behavior="overwrite_or_ignore",
        )
        new.finish(manifest)
    return Path(folder) / MANIFEST


def _decoded(table: Any) -> Any:
    """The table with its dictionary columns as plain text.

    Each slice of a dictionary array keeps the whole dictionary, so writing the store's
    table as it is would write every URL and name again in every row group (files larger
    than the GDELT text, slow to read back); Parquet encodes repeated values by itself.
    """
    pa = extras.pyarrow()
    columns = [
        column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column
        for column in table.columns
    ]
    return pa.table(columns, names=table.schema.names)


def read_table(folder: str | Path) -> tuple[Any, str]:
    """The coded events of a folder written by :func:`write_store`, as one Arrow table in the
    store's columns and types (each event once), and the coded dataset's name.

    The reader behind :func:`ruiran.coded.parquet.read_folder`, which says what is read and
    what is refused.

    Raises:
        DatasetError: listing every problem of the folder (see ``read_folder``).
    """
    from ruiran.coded.gdelt import empty_table

    pa = extras.pyarrow()
    target = Path(folder)
    root = target.resolve()
    manifest = _manifest(target, root)
    problems: list[Problem] = []
    names = _parquet_names(target, manifest, problems)
    tables = [
        table
        for name in names
        if (table := _parquet(target / name, root, str(target / name), problems)) is not None
    ]
    if problems:
        raise DatasetError(problems)
    dataset = str(manifest.get("dataset", "gdelt"))
    if not tables:  # no event passed the filter: nothing was written
        return empty_table(), dataset
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    table, _ = drop_duplicates(table)  # files of two ingests may repeat events
    return table, dataset


def _manifest(target: Path, root: Path) -> dict[str, Any]:
    """The folder's manifest, read inside its boundary and checked."""
    from ruiran.read.boundary import open_inside
    from ruiran.read.limits import Limits

    label = str(target / MANIFEST)

    def refused(message: str, field: str | None = None) -> DatasetError:
        return DatasetError([Problem(None, field, message, label)])

    handle, trouble = open_inside(target / MANIFEST, root, f"manifest {MANIFEST!r}")
    if handle is None:
        raise refused(str(trouble))
    limit = Limits().document_bytes
    with handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise refused(f"the manifest is larger than {limit // 2**20} MiB")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except ValueError as error:
        raise refused(f"cannot read the manifest: {error}") from None
    except RecursionError:
        raise refused("cannot read the manifest: it is nested too deep for JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise refused(f"not a manifest of coded events (format must be {FORMAT!r})")
    version = manifest.get("format_version", 1)
    if version not in (1, 2) or isinstance(version, bool):
        raise refused(
            f"must be 1 or 2 (got {version!r}): a folder written by a newer ruiran?",
            "format_version",
        )
    listed = manifest.get(FILES_KEY)
    if version == 2 and (
        not isinstance(listed, list) or not all(isinstance(name, str) for name in listed)
    ):
        raise refused(
            f"must be the list of the folder's files in manifest format 2 (got {listed!r})",
            FILES_KEY,
        )
    return manifest


def _parquet_names(target: Path, manifest: dict[str, Any], problems: list[Problem]) -> list[str]:
    """The Parquet files to read, relative to the folder; files the folder must not hold, or
    that its manifest lists and it lacks, are problems."""
    from ruiran.read.layout import portable_parts

    for entry in sorted(target.iterdir(), key=lambda e: e.name):
        if entry.name != MANIFEST and entry.name.lower().endswith(_RECORD_SUFFIXES):
            problems.append(
                Problem(
                    None,
                    None,
                    "a file of records beside coded events would not be read: move it to a "
                    "folder of its own and put the coded events on top of its records, "
                    "ruiran.load(coded_folder, base=ruiran.load(records_folder))",
                    str(entry),
                )
            )
    if manifest.get("format_version", 1) == 1:
        return sorted(p.relative_to(target).as_posix() for p in target.glob("year=*/*.parquet"))
    listed: list[str] = manifest[FILES_KEY]
    label = str(target / MANIFEST)
    names: list[str] = []
    for given in listed:
        parts = portable_parts(given)
        name = "/".join(parts) if parts is not None else given  # "./a" is "a"
        if parts is None:
            problems.append(
                Problem(
                    None,
                    FILES_KEY,
                    f"lists {name!r}: a file of the folder is named by a relative path with "
                    "forward slashes, no empty part and no '..'",
                    label,
                )
            )
        elif not os.path.lexists(target / name):
            problems.append(
                Problem(None, None, "listed in the manifest, but missing", str(target / name))
            )
        elif name.lower().endswith(".parquet"):
            names.append(name)
    try:
        found = listing(target)
    except OSError as error:
        problems.append(
            Problem(
                None,
                None,
                f"cannot list the folder ({error.strerror or error}): it may hold files the "
                "manifest does not list",
                str(error.filename or target),
            )
        )
        found = []
    unlisted = set(found) - {"/".join(p) for n in listed if (p := portable_parts(n))} - {MANIFEST}
    for name in sorted(unlisted):
        if name.lower().endswith(".parquet"):
            problems.append(
                Problem(
                    None,
                    None,
                    "a Parquet file the manifest does not list: ruiran did not write it with "
                    "the others; move it away, or read it with ruiran.coded.parquet.read_files",
                    str(target / name),
                )
            )
    return sorted(names)


def _parquet(path: Path, root: Path, label: str, problems: list[Problem]) -> Any | None:
    """One Parquet file of the folder, read inside its boundary, in the store's types; or
    None, with its problems added."""
    from ruiran.read.boundary import open_inside

    pa = extras.pyarrow()
    import pyarrow.parquet as pq

    handle, trouble = open_inside(path, root, f"Parquet file {path.name!r}")
    if handle is None:
        problems.append(Problem(None, None, str(trouble), label))
        return None
    with handle:
        try:
            found = pq.ParquetFile(handle)
            wrong = _schema_problems(found.schema_arrow, label)
            if wrong:
                problems.extend(wrong)
                return None
            table = found.read(columns=[field.name for field in _expected()])
        except (OSError, pa.ArrowInvalid) as error:
            message = " ".join(str(error).split())
            problems.append(Problem(None, None, f"not a readable Parquet file: {message}", label))
            return None
    before = len(problems)
    for name in _REQUIRED:
        nulls = table.column(name).null_count
        if nulls:
            problems.append(
                Problem(
                    None,
                    name,
                    f"{nulls:,} row{'s' if nulls != 1 else ''} without a value; every coded "
                    "event has one",
                    label,
                )
            )
    if len(problems) > before:
        return None
    columns = []
    for field, column in zip(_expected(), table.columns, strict=True):
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        columns.append(column.cast(field.type))
    return pa.table(columns, schema=_expected())


def _expected() -> Any:
    """The schema of :data:`~ruiran.coded.gdelt.STORE_COLUMNS` (pyarrow)."""
    from ruiran.coded.gdelt import empty_table

    return empty_table().schema


def _schema_problems(schema: Any, label: str) -> list[Problem]:
    """What keeps a Parquet file's columns from being coded events, one problem per column.

    A column fits when it has the type of :data:`~ruiran.coded.gdelt.STORE_COLUMNS` or the
    store's own (:func:`ruiran.coded.store.compact`: what :func:`write_store` writes), text
    plain or dictionary-encoded, a DOUBLE as float32 too (folders of older versions).
    """
    from ruiran.coded.gdelt import empty_table
    from ruiran.coded.store import compact

    pa = extras.pyarrow()
    expected = _expected()
    stored = compact(empty_table()).schema
    problems = []
    for field in expected:
        where = schema.get_all_field_indices(field.name)
        if len(where) != 1:
            said = "is missing" if not where else "appears more than once"
            problems.append(
                Problem(
                    None,
                    field.name,
                    f"the column {said}: a file of coded events holds every column of "
                    "STORE_COLUMNS once (is it a Parquet file of another kind?)",
                    label,
                )
            )
            continue
        got = _plain(schema.field(where[0]).type)
        ours = _plain(stored.field(field.name).type)
        text = (pa.string(), pa.large_string(), pa.string_view())
        fits = (
            got in (field.type, ours)
            or (field.type == pa.float64() and got == pa.float32())
            or (field.type == pa.string() and got in text)
        )
        if not fits:
            accepted = field.type if ours == field.type else f"{field.type} or {ours}"
            problems.append(
                Problem(
                    None,
                    field.name,
                    f"the column is {got}; coded events hold it as {accepted}",
                    label,
                )
            )
    return problems


def _plain(kind: Any) -> Any:
    """A dictionary type's value type; any other type as it is."""
    pa = extras.pyarrow()
    return kind.value_type if pa.types.is_dictionary(kind) else kind


def read_files_table(paths: str | Path | Sequence[str | Path]) -> Any:
    """Parquet files of coded events written by another engine, as one Arrow table in the
    store's columns and types (each event once).

    The reader behind :func:`ruiran.coded.parquet.read_files`, which says what is read.

    Raises:
        DatasetError: when a file is not Parquet, lacks a column, or holds a value that does
            not fit the column's type; FileNotFoundError for a path that matches nothing.
    """
    from ruiran.coded.gdelt import STORE_COLUMNS, empty_table, expand

    pa = extras.pyarrow()
    import pyarrow.dataset as pads

    files = [str(f) for f in expand(paths)]
    label = files[0] if len(files) == 1 else f"{len(files)} files"
    schema = empty_table().schema
    try:
        table = pads.dataset(files, format="parquet").to_table()
    except (OSError, pa.ArrowInvalid) as error:
        raise DatasetError(
            [Problem(None, None, f"cannot read the Parquet files: {error}", label)]
        ) from None
    missing = [name for name, _ in STORE_COLUMNS if name not in table.schema.names]
    if missing:
        raise DatasetError(
            [
                Problem(
                    None,
                    None,
                    f"the files lack the columns {missing!r} of coded events (the query of "
                    "ruiran.ingest.gdelt_sql gives every one)",
                    label,
                )
            ]
        )
    columns = []
    for field in schema:
        column = table.column(field.name)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        try:
            columns.append(column.cast(field.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
            raise DatasetError(
                [Problem(None, field.name, f"cannot be read as {field.type}: {error}", label)]
            ) from None
    kept, _ = drop_duplicates(pa.table(columns, schema=schema))  # one row per GLOBALEVENTID
    return kept
