"""Running the GDELT ingest's plan on Apache Spark: event files in, Parquet by year out.

:func:`run` reads GDELT event files with Spark (any path or glob Spark reads: local,
``hdfs://``, ``s3a://``, ``gs://``; plain text, or compressed with a codec Hadoop knows, such
as ``.gz`` or ``.bz2``), parses each line into typed columns, runs the plan's Spark SQL
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

pyspark is not imported by ruiran: the caller brings a SparkSession (the ``spark`` extra
installs pyspark). The folder's emptiness is checked and its manifest written through Hadoop's
file system API, so ``out`` may be any place Spark writes to; this needs a classic SparkSession
(with a JVM on the driver), not a Spark Connect client.

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

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ruiran.coded.columns import GDELT1, GDELT1_NO_URL, GDELT2
from ruiran.coded.gdelt import MAX_LISTED, STORE_COLUMNS, ReadSummary, Refusal
from ruiran.coded.parquet import FORMAT, MANIFEST
from ruiran.coded.plan import Plan, type_in
from ruiran.errors import QueryError, clip

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

    Args:
        spark: A classic SparkSession (local mode or a cluster's).
        paths: Paths or glob patterns Spark reads (``"hdfs:///gdelt/2024*.export.CSV.gz"``).
        plan: The plan to run; its ``version`` is ignored (each line's own is used).
        out: The folder to write: Parquet partitioned by year and ``ruiran-coded.json``.
        overwrite: Write into a non-empty folder, replacing an earlier ingest's partitions
            and manifest (other files are left alone).
        about: More to record in the manifest (e.g. the filter as given).

    Returns:
        What was read: lines read, kept and refused (the first refused lines listed).

    Raises:
        QueryError: for ``.zip`` archives (Spark cannot read them), or a session without a JVM.
        FileNotFoundError: for a path that does not exist or a pattern that matches nothing.
        OutputExistsError: when ``out`` is not empty and ``overwrite`` is False.
    """
    from pyspark.sql import Observation

    names = _paths(paths)
    target = os.fspath(out)
    folder = _Folder(spark, target)
    folder.prepare(overwrite)

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
    result.write.mode("append").partitionBy("year").parquet(target)

    metrics = read.get
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
        refusals = tuple(Refusal(str(r[0]), None, clip(str(r[2])), clip(str(r[1]))) for r in rows)
    versions = tuple(v for v, key in ((1, "v1"), (2, "v2")) if int(metrics[key] or 0))
    summary = ReadSummary(
        files=tuple(names),
        lines_read=int(metrics["lines"] or 0),
        kept=int(kept.get["kept"] or 0),
        refused=refused,
        refusals=refusals,
        versions=versions,
        where=where,
    )
    folder.write_manifest(
        {
            "format": FORMAT,
            "format_version": 1,
            "dataset": "gdelt",
            "rows": summary.kept,
            "partitioned_by": "year (SQLDATE // 10000)",
            "columns": columns,
            "summary": summary.to_dict(),
            "engine": f"Apache Spark {spark.version}",
            **(about or {}),
        }
    )
    return summary


def _count(condition: str) -> Any:
    from pyspark.sql import functions

    return functions.count_if(functions.expr(condition))


def _paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """The paths as strings; ``.zip`` archives refused (Hadoop has no codec for them)."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    names = [os.fspath(item) for item in items]
    if not names:
        raise QueryError("'paths' must name at least one file or pattern (got none)")
    zipped = [name for name in names if name.lower().endswith(".zip")]
    if zipped:
        raise QueryError(
            f"Spark cannot read .zip archives (got {zipped[0]!r}): unpack them first "
            "(unzip), or recompress them as .gz, which Spark reads; ruiran.ingest.gdelt "
            "(DuckDB) reads .zip as it is"
        )
    return names


class _Folder:
    """The output folder, through Hadoop's file system API (any place Spark writes to)."""

    def __init__(self, spark: SparkSession, path: str) -> None:
        try:
            context: Any = spark.sparkContext
            jvm = context._jvm
            conf = context._jsc.hadoopConfiguration()
        except Exception as error:  # Spark Connect: no JVM on this side
            raise QueryError(
                "ruiran.ingest.gdelt_spark needs a classic SparkSession with a JVM on the "
                f"driver, not a Spark Connect client ({type(error).__name__}: {error})"
            ) from None
        self.path_type: Any = jvm.org.apache.hadoop.fs.Path
        self.root: Any = self.path_type(path)
        self.fs: Any = self.root.getFileSystem(conf)
        self.label = path

    def children(self) -> list[Any]:
        if not self.fs.exists(self.root):
            return []
        return list(self.fs.listStatus(self.root))

    def prepare(self, overwrite: bool) -> None:
        """Check the folder is empty, or clear an earlier ingest's files from it."""
        from ruiran.export.files import OutputExistsError

        children = self.children()
        if not children:
            return
        if not overwrite:
            raise OutputExistsError(f"the folder {self.label!r} is not empty", Path(self.label))
        for child in children:
            name = str(child.getPath().getName())
            if name.startswith("year=") or name in (MANIFEST, "_SUCCESS"):
                self.fs.delete(child.getPath(), True)

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        data = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        self.fs.setWriteChecksum(False)  # no .crc file beside it on a local disk
        stream = self.fs.create(self.path_type(self.root, MANIFEST), True)
        try:
            stream.write(bytearray(data.encode("utf-8")))
        finally:
            stream.close()
