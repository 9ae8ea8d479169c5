"""Running the GDELT ingest's plan on Apache Spark: event files in, Parquet by year out.

:func:`run` reads GDELT event files with Spark (local files, or ``hdfs://``, ``s3a://``,
``gs://`` URIs; plain text, or compressed with a codec Hadoop knows, such as ``.gz`` or
``.bz2``), parses each line into typed columns, runs the plan's Spark SQL
(:meth:`~ruiran.coded.plan.Plan.render` with ``"spark"``) over them, and writes the kept rows as
Parquet partitioned by year, with the manifest that makes the folder one :func:`ruiran.load`
reads back (:mod:`ruiran.coded.parquet`).

Parsing follows the DuckDB reader (:mod:`ruiran.coded.gdelt`) so that both give the same rows:
fields split on tabs, nothing quoted, an empty field is NULL, CAMEO codes stay text. A line's
layout is found from its number of fields (57 or 58: GDELT 1.0; 61: GDELT 2.0), one line at a
time, since Spark reads files in parallel and cannot look at each file first. Nothing is dropped
in silence: a line with another number of fields, a number that is not one (or does not fit its
type), or no ``GLOBALEVENTID`` or ``SQLDATE`` is refused, counted, and listed with its file and
why (Spark does not number lines, so no line number is given). Counts come from Spark's
observed metrics, collected while the files are written, so the files are read once (a second,
partial read lists the refused lines, only when there are some).

What Spark is given: a local path (no URI scheme, or ``file://``) is resolved by ruiran
(:func:`ruiran.coded.gdelt.expand`: an existing file is that file, a pattern is ruiran's glob),
and each file is handed to Spark as an absolute ``file:`` URI with Hadoop's glob characters
(``[ ] { } * ? \\``) escaped, so that Spark reads exactly the files named (Hadoop would read
``c[x].tsv`` as a pattern matching ``cx.tsv``). A URI with another scheme is given to Spark as
it is, and Spark globs it. ``~`` is not expanded, by either.

The output folder follows the rules of :mod:`ruiran.coded.output`, applied through Hadoop's file
system API (so ``out`` may be any place Spark writes to): checked before any input is read;
replaced only when its manifest lists every file it holds; written beside (Spark writes into
``.<name>.ruiran-new-*`` next to it, the manifest listing every file goes in last) and swapped
in by renames (a local ``out`` is checked and swapped by :mod:`ruiran.coded.output` itself,
which does not follow links as Hadoop's local file system does). Bad output paths and failed
jobs raise ruiran's one-line errors, not Java's
traces. This needs a classic SparkSession (with a JVM on the driver), not a Spark Connect
client. pyspark is not imported by ruiran: the caller brings a SparkSession (the ``spark``
extra installs pyspark).

Examples:
    >>> import ruiran
    >>> from pyspark.sql import SparkSession  # doctest: +SKIP
    >>> spark = SparkSession.builder.master("local[2]").getOrCreate()  # doctest: +SKIP
    >>> summary = ruiran.ingest.gdelt_spark(  # doctest: +SKIP
    ...     spark, "gdelt/*.export.CSV.gz", between=("Russia", "Iran"), out="ru-ir/")
    >>> len(ruiran.load("ru-ir/").coded) == summary.kept  # doctest: +SKIP
    True
    >>> print(parse_expressions()[0])
    CASE _w WHEN 61 THEN _f[0] WHEN 58 THEN _f[0] WHEN 57 THEN _f[0] END AS _t0
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, GDELT2
from ruiran.coded.gdelt import MAX_LISTED, STORE_COLUMNS, ReadSummary, Refusal
from ruiran.coded.output import FILES_KEY, MANIFEST, new_manifest
from ruiran.coded.plan import Plan, type_in
from ruiran.errors import QueryError, clip
from ruiran.read import limits

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["VIEW", "parse_expressions", "run"]

#: The temporary view of parsed lines that the plan's Spark SQL reads.
VIEW: Final = "ruiran_gdelt_events"
#: The layouts by number of fields, and the GDELT version of each.
_WIDTHS: Final = ((61, GDELT2, 2), (58, GDELT1, 1), (57, GDELT1_NO_URL, 1))
#: Columns that must hold a value (as in the DuckDB reader).
_REQUIRED: Final = ("GLOBALEVENTID", "SQLDATE")


def parse_expressions() -> list[str]:
    """Spark SQL expressions that give each GDELT 2.0 column's text (``_t0``, ``_t1``, ...)
    from a line's fields ``_f`` (an array) and their number ``_w``: the field of that name
    in the line's layout, or NULL when the layout has none (``*_ADM2Code`` in 1.0)."""
    found = []
    for i, (name, _) in enumerate(GDELT2):
        branches = []
        for width, schema, _version in _WIDTHS:
            names = [n for n, _ in schema]
            if name in names:
                branches.append(f"WHEN {width} THEN _f[{names.index(name)}]")
        found.append(f"CASE _w {' '.join(branches)} END AS _t{i}")
    return found


def _typed_expressions() -> list[str]:
    """Each column typed from its text (``''`` is NULL), as Spark SQL over ``_t0``..."""
    typed = []
    for i, (name, kind) in enumerate(GDELT2):
        text = f"NULLIF(_t{i}, '')"
        if kind == "VARCHAR":
            typed.append(f"{text} AS {name}")
        else:
            typed.append(f"TRY_CAST({text} AS {type_in('spark', kind)}) AS {name}")
    typed.append("CAST(CASE WHEN _w = 61 THEN 2 ELSE 1 END AS TINYINT) AS Version")
    return typed


def _refusal_expression() -> str:
    """Why a line is refused (NULL: it is not), as Spark SQL over the texts ``_t0``..., the
    typed columns and ``_w``: a number that did not cast is a field that is not empty but
    whose typed column is NULL."""
    reasons = [
        "WHEN _w NOT IN (57, 58, 61) THEN concat('not a GDELT event line: ', _w, "
        "' tab-separated fields; GDELT 1.0 has 57 or 58, GDELT 2.0 has 61')",
    ]
    index = {name: i for i, (name, _) in enumerate(GDELT2)}
    reasons += [f"WHEN NULLIF(_t{index[name]}, '') IS NULL THEN 'no {name}'" for name in _REQUIRED]
    for i, (name, kind) in enumerate(GDELT2):
        if kind != "VARCHAR":
            reasons.append(
                f"WHEN {name} IS NULL AND _t{i} <> '' THEN "
                f"concat('{name} is not a {kind} number: ', _t{i})"
            )
    return f"CASE {' '.join(reasons)} END AS _refused"


def parse(spark: SparkSession, paths: Sequence[str], *, keep_lines: bool = False) -> DataFrame:
    """The lines of ``paths``, parsed: GDELT 2.0's columns, ``Version``, ``_w`` (the number
    of fields) and ``_refused`` (why the line is refused, or NULL); with ``keep_lines``, also
    ``_line`` (the line) and ``_file`` (its file), to list refusals."""
    from pyspark.errors import AnalysisException

    kept = ["_line", "_file"] if keep_lines else []
    try:
        lines = spark.read.text(list(paths))
        if keep_lines:
            lines = lines.select("value", "_metadata.file_path")
    except AnalysisException as error:
        said = " ".join(str(error).split())
        if "PATH_NOT_FOUND" in said or "does not exist" in said:
            raise FileNotFoundError(
                f"no GDELT file at the path or pattern given: {clip(said)}"
            ) from None
        raise
    fields = lines.where("length(value) > 0").selectExpr(  # blank lines are no lines of data
        *(["value AS _line", "file_path AS _file"] if keep_lines else []),  # (DuckDB skips them)
        "split(value, '\\t', -1) AS _f",
    )
    texts = fields.selectExpr(*kept, "size(_f) AS _w", *parse_expressions())
    text_columns = [f"_t{i}" for i in range(len(GDELT2))]
    typed = texts.selectExpr(*kept, "_w", *text_columns, *_typed_expressions())
    columns = [*(name for name, _ in GDELT2), "Version"]
    return typed.selectExpr(*kept, "_w", *columns, _refusal_expression())


def run(
    spark: SparkSession,
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    plan: Plan,
    out: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    about: dict[str, Any] | None = None,
) -> ReadSummary:
    """Read GDELT files with Spark, keep what ``plan`` keeps, write Parquet by year to ``out``.

    The output folder is checked before any input is read, then written beside and swapped
    in, by the rules of :mod:`ruiran.coded.output` applied through Hadoop's file system API:
    Spark writes into a new folder next to ``out``; the manifest listing every file written
    goes in last; then the new folder takes ``out``'s place (renames), so a failure before
    then leaves ``out`` as it was.

    Args:
        spark: A classic SparkSession (local mode or a cluster's).
        paths: Local files or patterns (no URI scheme, or ``file://``), found by ruiran
            (:func:`~ruiran.coded.gdelt.expand`) and given to Spark as exact file names; or
            URIs with another scheme (``"hdfs:///gdelt/2024*.export.CSV.gz"``), which Spark
            reads and globs itself.
        plan: The plan to run; its ``version`` is ignored (each line's own is used).
        out: The folder to write: Parquet partitioned by year and ``ruiran-coded.json``. A
            path without a URI scheme is a local folder.
        overwrite: Replace a folder an earlier ingest wrote (one whose manifest lists every
            file it holds); a folder holding anything else is refused even then.
        about: More to record in the manifest (e.g. the filter as given).

    Returns:
        What was read: lines read, kept and refused (the first refused lines listed).

    Raises:
        QueryError: for ``.zip`` archives (Spark cannot read them), a local file whose name
            Hadoop cannot read, a session without a JVM, or a Spark job that fails.
        FileNotFoundError: for a path that does not exist or a pattern that matches nothing.
        OutputExistsError: when ``out`` is not empty and may not be replaced (see above), or
            is not a folder.
        ExportError: when ``out`` cannot be written (a parent that is a file, an unknown
            URI scheme, a file system error): one line naming the path and Java's reason.
    """
    from pyspark.sql import Observation

    given = _given(paths)
    target = _target(out)
    folder = _Folder(spark, target, os.fspath(out))
    folder.check(overwrite)  # before any input is read
    names = _paths(given)
    with folder.staged(overwrite) as stage:
        parsed = parse(spark, names)
        read = Observation("ruiran-read")
        observed = parsed.observe(
            read,
            _count("1 = 1").alias("lines"),
            _count("_refused IS NOT NULL").alias("refused"),
            _count("_refused IS NULL AND _w = 61").alias("v2"),
            _count("_refused IS NULL AND _w IN (57, 58)").alias("v1"),
        )
        columns = [name for name, _ in STORE_COLUMNS]
        observed.where("_refused IS NULL").select(*columns).createOrReplaceTempView(VIEW)
        where = plan.where()
        result = spark.sql(Plan(plan.filter, version=None).render("spark", VIEW))
        kept = Observation("ruiran-kept")
        result = result.observe(kept, _count("1 = 1").alias("kept"))
        with _spark_job(folder.label):
            result.write.mode("append").partitionBy("year").parquet(stage)
            metrics = read.get
            kept_count = int(kept.get["kept"] or 0)
            refused = int(metrics["refused"] or 0)
            refusals: tuple[Refusal, ...] = ()
            if refused:
                rows = (
                    parse(spark, names, keep_lines=True)
                    .where("_refused IS NOT NULL")
                    .select("_file", "_line", "_refused")
                    .limit(MAX_LISTED)
                    .collect()
                )
                refusals = tuple(
                    Refusal(str(r[0]), None, clip(str(r[2])), clip(str(r[1]))) for r in rows
                )
        versions = tuple(v for v, key in ((1, "v1"), (2, "v2")) if int(metrics[key] or 0))
        summary = ReadSummary(
            files=tuple(_unescaped(name) for name in names),
            lines_read=int(metrics["lines"] or 0),
            kept=kept_count,
            refused=refused,
            refusals=refusals,
            versions=versions,
            where=where,
        )
        folder.finish(
            new_manifest(
                dataset="gdelt",
                rows=summary.kept,
                columns=columns,
                summary=summary.to_dict(),
                about={"engine": f"Apache Spark {spark.version}", **(about or {})},
            )
        )
    return summary


def _count(condition: str) -> Any:
    from pyspark.sql import functions

    return functions.count_if(functions.expr(condition))


#: A URI with a scheme of its own (``hdfs://``, ``s3a://``, ``gs://``): Spark reads it as it is.
_URI: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")
#: A local file given as a URI: ``file:///abs``, ``file://localhost/abs`` or ``file:/abs``.
_FILE_URI: Final = re.compile(r"file:(?://(?:localhost)?)?(?=/)", re.IGNORECASE)
#: The characters Hadoop's globber reads as a pattern (backslash escapes each one).
_GLOB_CHARS: Final = frozenset("\\[]{}*?")


def _given(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """The paths as strings; ``.zip`` archives refused (Hadoop has no codec for them)."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    names = [os.fspath(item) for item in items]
    if not names:
        raise QueryError("'paths' must name at least one file or pattern (got none)")
    _refuse_zip(names)
    return names


def _refuse_zip(names: Iterable[str]) -> None:
    zipped = [name for name in names if name.lower().endswith(".zip")]
    if zipped:
        raise QueryError(
            f"Spark cannot read .zip archives (got {zipped[0]!r}): unpack them first "
            "(unzip), or recompress them as .gz, which Spark reads; ruiran.ingest.gdelt "
            "(DuckDB) reads .zip as it is"
        )


def _local(name: str) -> str | None:
    """The local path ``name`` stands for (a plain path or a ``file:`` URI), or None for a
    URI with another scheme."""
    found = _FILE_URI.match(name)
    if found:
        return name[found.end() :]
    if _URI.match(name):
        return None
    return name


def _paths(names: Sequence[str]) -> list[str]:
    r"""What Spark is given: each local file found by ruiran, as an absolute ``file:`` URI with
    Hadoop's glob characters escaped (so Spark reads exactly that file); other URIs as given.

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ("c[x].tsv", "cx.tsv"):
        ...     _ = (folder / name).write_text("")
        >>> [p.replace(str(folder), "...") for p in _paths([str(folder / "c[x].tsv")])]
        ['file://.../c\\[x\\].tsv']
        >>> _paths(["hdfs:///gdelt/2024*.CSV.gz"])
        ['hdfs:///gdelt/2024*.CSV.gz']
    """
    from ruiran.coded.gdelt import expand

    given: list[str] = []
    for name in names:
        local = _local(name)
        if local is None:
            given.append(name)
            continue
        try:
            files = expand(local)
        except FileNotFoundError as error:
            raise FileNotFoundError(
                f"no GDELT file at the path or pattern given: {error}"
            ) from None
        for file in files:
            path = os.path.abspath(file)
            if ":" in path:  # Hadoop reads "a:b" as a URI with the scheme "a"
                raise QueryError(
                    f"Spark cannot read the local file {path!r}: Hadoop takes a ':' in a file "
                    "name for a URI scheme; rename or copy the file, or use ruiran.ingest.gdelt "
                    "(DuckDB)"
                )
            given.append("file://" + "".join("\\" + c if c in _GLOB_CHARS else c for c in path))
    _refuse_zip(given)
    return given


def _unescaped(name: str) -> str:
    r"""A name given to Spark as the user knows it: a local file's plain path, a URI as given.

    Examples:
        >>> _unescaped("file:///data/c\\[x\\].tsv"), _unescaped("hdfs:///g/*.gz")
        ('/data/c[x].tsv', 'hdfs:///g/*.gz')
    """
    if not name.startswith("file://"):
        return name
    return re.sub(r"\\(.)", r"\1", name[len("file://") :])


def _target(out: str | os.PathLike[str]) -> str:
    """``out`` as Hadoop is given it: a local folder as an absolute ``file:`` URI, a URI with
    another scheme as it is."""
    name = os.fspath(out)
    local = _local(name)
    if local is None:
        return name
    return "file://" + os.path.abspath(local)


def _reason(error: BaseException) -> str:
    """Java's short reason for ``error`` (its deepest cause: class and message, one line)."""
    java: Any = getattr(error, "java_exception", None)
    if java is None:
        lines = str(error).strip().splitlines()
        return clip(lines[0] if lines else type(error).__name__)
    try:
        for _ in range(32):  # the root cause, which says what happened
            cause = java.getCause()
            if cause is None or cause.equals(java):
                break
            java = cause
        message = java.getMessage()
        said = f"{java.getClass().getSimpleName()}: {message}" if message else str(java)
    except Exception:  # the JVM is gone
        said = str(error)
    return clip(" ".join(said.split()))


def _errors() -> tuple[type[BaseException], ...]:
    """The exceptions Spark and Py4J raise for what happens in the JVM."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    return (Py4JError, PySparkException)


@contextlib.contextmanager
def _spark_job(label: str) -> Iterator[None]:
    """Spark's job failing (a file that cannot be read or written): a one-line QueryError."""
    try:
        yield
    except _errors() as error:
        raise QueryError(
            f"Spark's job reading the GDELT files into {label!r} failed: {_reason(error)}"
        ) from None


class _Folder:
    """The output folder, through Hadoop's file system API (any place Spark writes to), kept
    by the rules of :mod:`ruiran.coded.output`: checked first, written beside, swapped in."""

    def __init__(self, spark: SparkSession, path: str, label: str) -> None:
        try:
            context: Any = spark.sparkContext
            jvm = context._jvm
            conf = context._jsc.hadoopConfiguration()
        except Exception as error:  # Spark Connect: no JVM on this side
            raise QueryError(
                "ruiran.ingest.gdelt_spark needs a classic SparkSession with a JVM on the "
                f"driver, not a Spark Connect client ({type(error).__name__}: {error})"
            ) from None
        self.label = label
        self.path_type: Any = jvm.org.apache.hadoop.fs.Path
        self.created: list[Any] = []  # the folders above the target that staging made
        self.stage: Any = None
        with self._io("cannot write"):
            root = self.path_type(path)
            fs = root.getFileSystem(conf)
            self.root: Any = fs.makeQualified(root)
            parent = self.root.getParent()
            if parent is None:
                raise QueryError("the root of a file system is no output folder")
            self.parent: Any = parent
            # a local disk: the raw file system, which writes no .crc file beside each file
            self.fs: Any = fs.getRawFileSystem() if str(fs.getScheme()) == "file" else fs
            #: a local folder: checked and swapped by coded/output itself, which does not
            #: follow links (Hadoop's local file system does) and keeps the current folder
            self.local: str | None = (
                str(self.root.toUri().getPath()) if str(fs.getScheme()) == "file" else None
            )

    @contextlib.contextmanager
    def _io(self, doing: str, path: str | None = None) -> Iterator[None]:
        """A file system error as one line: ExportError naming the path and Java's reason."""
        from ruiran.export.files import ExportError

        try:
            yield
        except QueryError as error:
            raise ExportError(f"{doing} {path or self.label!r}: {error}", self.label) from None
        except _errors() as error:
            raise ExportError(
                f"{doing} {path or self.label!r}: {_reason(error)}", self.label
            ) from None

    def _listing(self, root: Any) -> list[str]:
        """Every file under ``root``, relative and ``/``-separated (folders are not listed)."""
        base = str(root.toUri().getPath()).rstrip("/") + "/"
        found = []
        files = self.fs.listFiles(root, True)
        while files.hasNext():
            name = str(files.next().getPath().toUri().getPath())
            found.append(name[len(base) :] if name.startswith(base) else name)
        return sorted(found)

    def check(self, overwrite: bool) -> None:
        """Refuse a folder that may not be written (rule 1 and 2 of :mod:`~ruiran.coded.output`):
        a path that is not a folder, a parent that is a file, a non-empty folder without
        ``overwrite``, one with files its manifest does not list even with it."""
        from ruiran.coded.output import check_target, replaceable
        from ruiran.export.files import ExportError, OutputExistsError

        if self.local is not None and os.path.isdir(os.path.dirname(self.local)):
            check_target(self.local, overwrite=overwrite)
            return
        with self._io("cannot write"):
            if self.fs.exists(self.root):
                if not self.fs.getFileStatus(self.root).isDirectory():
                    raise OutputExistsError(
                        f"{self.label!r} exists and is not a folder", self.label
                    )
                listing = self._listing(self.root)
                if listing and not overwrite:
                    raise OutputExistsError(f"the folder {self.label!r} is not empty", self.label)
                text = self._read(MANIFEST) if MANIFEST in listing else None
                replaceable(listing, text, self.label)
                return
            above = self.parent
            while above is not None and not self.fs.exists(above):
                above = above.getParent()
            if above is not None and not self.fs.getFileStatus(above).isDirectory():
                raise ExportError(
                    f"cannot write {self.label!r}: {str(above)!r} is a file, not a folder",
                    self.label,
                )

    def _read(self, name: str) -> str:
        stream = self.fs.open(self.path_type(self.root, name))
        try:
            data = bytes(stream.readNBytes(limits.DEFAULT_LIMITS.document_bytes + 1))
        finally:
            stream.close()
        if len(data) > limits.DEFAULT_LIMITS.document_bytes:
            return ""  # not a manifest of ruiran's: replaceable() refuses it
        return data.decode("utf-8", errors="replace")

    @contextlib.contextmanager
    def staged(self, overwrite: bool) -> Iterator[str]:
        """A new folder beside the target for Spark to write into (its URI); swapped in when
        the block has called :meth:`finish`, deleted (and the target left whole) otherwise."""
        from ruiran.export.files import ExportError

        name = f".{self.root.getName()}.ruiran-new-{secrets.token_hex(4)}"
        with self._io("cannot write"):
            above = self.parent
            while above is not None and not self.fs.exists(above):
                self.created.append(above)  # made by mkdirs below: removed on failure
                above = above.getParent()
            self.stage = self.path_type(self.parent, name)
            if not self.fs.mkdirs(self.stage):
                raise ExportError(f"cannot make the folder {str(self.stage)!r}", self.label)
        self.finished = False
        try:
            yield str(self.stage.toString())
            if not self.finished:
                raise RuntimeError("the new folder was not finished: no manifest was written")
            self.check(overwrite)  # the target may have changed while Spark ran
            self._swap(overwrite)
        except BaseException:
            self._discard()
            raise

    def finish(self, manifest: dict[str, Any]) -> None:
        """Write the manifest into the new folder, listing every file Spark wrote."""
        with self._io("cannot write", str(self.stage)):
            self._drop_checksums()
            files = [n for n in self._listing(self.stage) if n != MANIFEST]
            body = {**manifest, FILES_KEY: files}
            data = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
            stream = self.fs.create(self.path_type(self.stage, MANIFEST), False)
            try:
                stream.write(bytearray(data.encode("utf-8")))
            finally:
                stream.close()
        self.finished = True

    def _drop_checksums(self) -> None:
        """Delete the ``.crc`` files Hadoop's local file system wrote beside Spark's files
        (``.part-0.parquet.crc`` beside ``part-0.parquet``): the folder holds what its
        manifest lists, nothing else."""
        names = set(self._listing(self.stage))
        for name in names:
            folder, _, base = name.rpartition("/")
            if base.startswith(".") and base.endswith(".crc"):
                partner = (folder + "/" if folder else "") + base[1 : -len(".crc")]
                if partner in names:
                    self.fs.delete(self.path_type(self.stage, name), False)

    def _swap(self, overwrite: bool) -> None:
        """Put the new folder in the target's place; delete the old one."""
        from ruiran.coded import output
        from ruiran.export.files import ExportError

        if self.local is not None:  # checked again once moved aside, as coded/output does
            stage = Path(str(self.stage.toUri().getPath()))
            output.swap(stage, Path(self.local), self.label, overwrite=overwrite)
            return
        with self._io("cannot replace"):
            if not self.fs.exists(self.root):
                if not self.fs.rename(self.stage, self.root):
                    raise ExportError(f"cannot rename the new folder to {self.label!r}", self.label)
                return
            old = self.path_type(
                self.parent, f".{self.root.getName()}.ruiran-old-{secrets.token_hex(4)}"
            )
            if not self.fs.rename(self.root, old):
                raise ExportError(f"cannot move {self.label!r} aside to replace it", self.label)
            try:
                if not self.fs.rename(self.stage, self.root):
                    raise ExportError(f"cannot rename the new folder to {self.label!r}", self.label)
            except BaseException:
                self.fs.rename(old, self.root)  # put the old folder back whole
                raise
            self.fs.delete(old, True)

    def _discard(self) -> None:
        """Remove the new folder, and the folders above it that staging made (if empty)."""
        with contextlib.suppress(*_errors()):
            if self.stage is not None:
                self.fs.delete(self.stage, True)
            for above in self.created:
                if self.fs.exists(above) and not list(self.fs.listStatus(above)):
                    self.fs.delete(above, False)
