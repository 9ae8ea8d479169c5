"""The lines a GDELT read refused: DuckDB's rejects, each located in its own file, and counts.

Part of the reader, :mod:`ruiran.coded.gdelt`: ``_rejects`` lists the lines DuckDB refused,
``_located`` finds the lines whose date is none, ``_mixed`` the GDELT 1.0 files that mix lines of
57 and 58 fields, and ``_rows_scanned``/``_count_lines`` count the lines read.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ruiran.coded.columns import Schema
from ruiran.coded.gdelt_files import _open, _Origin, _Part
from ruiran.coded.gdelt_sql import _DATE_LAYOUT, _date_types, _scan, _Screened
from ruiran.coded.gdelt_summary import Refusal
from ruiran.errors import clip
from ruiran.read.limits import DEFAULT_LIMITS, Limits

__all__: list[str] = []

#: DuckDB's words for a line with another number of fields than its scan's.
_WIDTHS: Final = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def _mixed(connection: Any, parts: Sequence[_Part]) -> set[str]:
    """The GDELT 1.0 files (paths) that have a line refused for holding 57 fields where the
    file's layout has 58, or 58 where it has 57: files whose lines are to be split by width."""
    paths = {str(p.path) for p in parts}
    if not paths:
        return set()
    try:
        rows = connection.sql(
            "SELECT s.file_path, e.line, e.error_message FROM reject_errors e "
            "JOIN reject_scans s ON e.scan_id = s.scan_id AND e.file_id = s.file_id "
            "WHERE e.error_message LIKE '%Expected Number of Columns%'"
        ).fetchall()
    except Exception:  # no table: nothing was refused
        return set()
    # DuckDB says a line's width once per missing (or extra) field: 3, 4, ... 57 for a line
    # of 3 fields in a scan of 58; the line's own is the one farthest from the layout's
    said: dict[tuple[str, int], tuple[int, int]] = {}
    for path, line, message in rows:
        widths = _WIDTHS.search(str(message))
        if str(path) in paths and widths:
            expected, found = int(widths[1]), int(widths[2])
            key = (str(path), int(line))
            if key not in said or abs(found - expected) > abs(said[key][1] - expected):
                said[key] = (expected, found)
    return {path for (path, _), widths in said.items() if set(widths) == {57, 58}}


def _rows_scanned(connection: Any) -> int | None:
    """The rows DuckDB's CSV scans produced in the last query, from its profiler."""
    try:
        info = json.loads(connection.get_profiling_information(format="json"))
    except Exception:  # an older DuckDB, or another format: count instead
        return None
    found: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            name = str(node.get("name") or node.get("operator_name") or node.get("operator_type"))
            if "READ_CSV" in name or "READ_CSV" in json.dumps(node.get("extra_info", "")):
                for key in ("rows_scanned", "operator_rows_scanned", "cumulative_rows_scanned"):
                    if isinstance(node.get(key), int):
                        found.append(node[key])
                        return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(info)
    return sum(found) if found else None


def _count_lines(
    connection: Any,
    groups: dict[Schema, list[_Part]],
    screened: dict[Schema, _Screened],
    limits: Limits = DEFAULT_LIMITS,
) -> int:
    """Lines DuckDB reads without refusal, counted (the fallback when the profiler is silent)."""
    total = 0
    for schema, parts in groups.items():
        if schema in screened:
            total += screened[schema].candidates
            continue
        query = f"SELECT count(*) FROM {_scan([p.path for p in parts], schema, limits=limits)}"
        total += int(connection.sql(query).fetchall()[0][0])
    return total


def _rejects(connection: Any, labels: Mapping[str, str | _Origin]) -> tuple[list[Refusal], int]:
    """Every refused line, in file order, with DuckDB's message (a file read twice lists its
    lines once), and how many lines were refused (a file read twice counts twice).

    ``labels`` names each file DuckDB read: its label, or, for a scratch file made of other
    files' lines (zip members, a mixed file's lines by width), where each line comes from, so
    that a refusal names the line's own file and its number in it."""
    try:
        rows = connection.sql(
            "SELECT e.scan_id, e.file_id, s.file_path, e.line, e.error_message, e.csv_line "
            "FROM reject_errors e JOIN reject_scans s "
            "ON e.scan_id = s.scan_id AND e.file_id = s.file_id "
            "ORDER BY s.file_path, e.line, "  # a line's number of fields is said first
            "e.error_message NOT LIKE '%Expected Number of Columns%', e.column_idx"
        ).fetchall()
    except Exception:  # no table: nothing was refused
        return [], 0
    found: list[Refusal] = []
    seen: set[tuple[str, int]] = set()
    refused = len({(int(scan), int(file), int(line)) for scan, file, _, line, _, _ in rows})
    for _, _, path, line, message, text in rows:
        named = labels.get(str(path), str(path))
        label, number = (named, int(line)) if isinstance(named, str) else named.locate(int(line))
        key = (label, number)
        if key in seen:
            continue  # one refusal per line, with its first error
        seen.add(key)
        said = " ".join(str(message).split()) if message else "could not be read"
        found.append(Refusal(label, number, clip(said), None if text is None else clip(text)))
    return _in_order(found, labels), refused


def _in_order(found: list[Refusal], labels: Mapping[str, str | _Origin]) -> list[Refusal]:
    """Refusals in the order of the files read (``labels``, see :func:`_rejects`), then of
    their lines."""
    order = [v for named in labels.values() for v in ([named] if isinstance(named, str) else
             named.labels)]  # fmt: skip
    rank = {label: i for i, label in reversed(list(enumerate(order)))}
    return sorted(found, key=lambda r: (rank.get(r.file, len(rank)), r.line or 0))


def _located(
    bad: Sequence[tuple[int, int, str]], parts: Sequence[_Part], limits: Limits = DEFAULT_LIMITS
) -> list[Refusal]:
    """A refusal for each row whose date is none, ``(_rank, GLOBALEVENTID, _bad)`` (see
    :data:`Sink`), with its file and line: the files of its rank are read in Python, line by
    line, for a line with its GLOBALEVENTID and its date's text (the lines of a scratch file
    are named through its :class:`_Origin`). Only done when a date is none."""
    wanted: dict[int, dict[bytes, Counter[tuple[str, str]]]] = {}
    for rank, event, said in bad:
        column, _, text = said.partition("\t")
        wanted.setdefault(rank, {}).setdefault(str(event).encode(), Counter())[(column, text)] += 1
    found: list[Refusal] = []
    for part in parts:
        by_event = wanted.get(part.rank)
        if not by_event:
            continue
        names = [name for name, _ in part.schema]
        kinds = _date_types(part.schema)
        with _open(part.path) as source:
            number = 0
            while (line := source.readline(limits.gdelt_line_bytes + 1)) and by_event:
                number += 1
                if len(line) > limits.gdelt_line_bytes and not line.endswith(b"\n"):
                    while (more := source.readline(limits.gdelt_line_bytes + 1)) and not (
                        more.endswith(b"\n")
                    ):
                        pass  # a line too long, DuckDB refused it: on to its end
                    continue
                counts = by_event.get(line[: line.find(b"\t")])
                if counts is None:
                    continue
                fields = line.rstrip(b"\r\n").split(b"\t")
                for column, text in counts:
                    at = names.index(column)
                    if at < len(fields) and fields[at].decode("utf-8", "replace") == text:
                        break
                else:
                    continue
                counts[(column, text)] -= 1
                if not counts[(column, text)]:
                    del counts[(column, text)]
                    if not counts:
                        del by_event[line[: line.find(b"\t")]]
                label, at_line = part.origin.locate(number) if part.origin else (part.label, number)
                found.append(
                    Refusal(
                        label,
                        at_line,
                        _no_date(column, kinds[column], text),
                        clip(line.rstrip(b"\r\n").decode("utf-8", "replace")),
                    )
                )
    for rank, by_event in wanted.items():  # never expected: told, without a line
        label = next((p.label for p in parts if p.rank == rank), "?")
        for key, counts in by_event.items():
            for (column, text), times in counts.items():
                message = f"event {key.decode()}: " + _no_date(column, "DATE", text)
                found.extend([Refusal(label, None, message)] * times)
    return found


def _no_date(column: str, kind: str, text: str) -> str:
    """Why a date is refused, and what would be valid."""
    layout = _DATE_LAYOUT[kind][0]
    return clip(
        f'{column} "{text}" is no date: {column} must be a real calendar date, {layout} '
        f"({len(layout)} digits, year 0001 to 9999)"
    )
