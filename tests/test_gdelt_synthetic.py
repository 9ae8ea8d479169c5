"""Synthetic GDELT files: the layout of GDELT's, deterministic, skewed, compressed by suffix."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

from gdelt_rows import FIXTURES, read_rows
from ruiran.testing import synthetic_gdelt


@pytest.mark.parametrize("suffix", [".tsv", ".tsv.gz", ".CSV.zip"])
@pytest.mark.parametrize("version", [1, 2])
def test_the_layout_is_gdelts(tmp_path: Path, suffix: str, version: int) -> None:
    path = synthetic_gdelt(tmp_path / f"events{suffix}", 300, seed=3, version=version)
    rows = read_rows(path)
    assert len(rows) == 300
    assert {len(row) for row in rows} == {61 if version == 2 else 58}
    ids = [int(row[0]) for row in rows]
    assert ids == sorted(ids)
    assert len(set(ids)) == 300
    code, base, root = 26, 27, 28  # EventCode, EventBaseCode, EventRootCode (0-based)
    for row in rows:
        assert row[code].isdigit()
        assert len(row[code]) in (3, 4)
        assert row[base] == row[code][:3]
        assert row[root] == row[code][:2]
        assert len(row[1]) == 8
        assert row[1].isdigit()
        assert len(row[-2]) == (14 if version == 2 else 8)
        assert row[-2][:8] >= row[1]  # added on or after the event's day
        assert row[-1].startswith("https://")
    assert any(row[code].startswith("0") for row in rows)  # leading zeros kept


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    first = synthetic_gdelt(tmp_path / "a.tsv", 500, seed=7)
    second = synthetic_gdelt(tmp_path / "b.tsv", 500, seed=7)
    third = synthetic_gdelt(tmp_path / "c.tsv", 500, seed=8)
    assert first.read_bytes() == second.read_bytes() != third.read_bytes()


def test_a_few_busy_dyads_russia_iran_among_them(tmp_path: Path) -> None:
    rows = read_rows(synthetic_gdelt(tmp_path / "e.tsv", 20_000, seed=0))
    dyads = Counter(frozenset((row[7], row[17])) for row in rows if row[7] and row[17])
    top = [set(pair) for pair, _ in dyads.most_common(7)]
    assert {"RUS", "IRN"} in top
    share = dyads[frozenset(("RUS", "IRN"))] / len(rows)
    assert 0.03 < share < 0.06
    # skewed: the busiest dyad has many times the events of the median one
    counts = sorted(dyads.values())
    assert counts[-1] > 50 * counts[len(counts) // 2]
    assert any(not row[17] for row in rows)  # events without a second actor
    assert any(row[7] in ("EUR", "MEA", "AFR") for row in rows)  # regional CAMEO codes
    urls = Counter(row[-1] for row in rows)
    assert len(urls) < len(rows) / 2  # several events per source article


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'version' must be one of"):
        synthetic_gdelt(tmp_path / "x.tsv", 10, version=3)
    with pytest.raises(ValueError, match="'n_rows' must be at least 0"):
        synthetic_gdelt(tmp_path / "x.tsv", -1)
    assert read_rows(synthetic_gdelt(tmp_path / "empty.tsv", 0)) == []


@pytest.mark.parametrize(("name", "width"), [("gdelt1", 58), ("gdelt2", 61)])
def test_the_real_fixture_rows_are_gdelt_shaped(name: str, width: int) -> None:
    rows = read_rows(FIXTURES / f"{name}-events-sample.tsv")
    assert len(rows) == 50
    assert {len(row) for row in rows} == {width}
