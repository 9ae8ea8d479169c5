"""A quarterly series of coded events between Russia and Iran, with the milestones of their
agreements marked: the figure ``ruiran series Russia Iran --freq quarter --plot OUT.png`` draws.

The events are synthetic (``ruiran.testing.synthetic_gdelt``, 20,000 rows, seed 1), so the
figure runs anywhere without downloading GDELT, and it says so under its title: the curve says
nothing about Russia and Iran; the milestones are the bundled data's. It draws
docs/img/events-series-synthetic.png.

Run: python examples/series_figure.py [OUT.png]   (needs ruiran[events,plot])
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import ruiran
from ruiran.coded.figure import is_synthetic, milestones, series_figure
from ruiran.testing import synthetic_gdelt


def draw(out: Path, rows: int = 20_000, seed: int = 1) -> Path:
    """Write the series figure of ``rows`` synthetic GDELT events to ``out``."""
    with tempfile.TemporaryDirectory() as folder:
        events = synthetic_gdelt(Path(folder) / "events.export.CSV.zip", rows, seed=seed)
        ds = ruiran.ingest.gdelt(events, between=("Russia", "Iran"))
        assert ds.coded is not None
        frame = ds.event_series("Russia", "Iran", freq="quarter")
        synthetic = is_synthetic(ds.coded)
        coded = "synthetic, in GDELT's format" if synthetic else "coded by GDELT"
        return series_figure(
            frame,
            out,
            title=f"Russia – Iran: count per quarter ({coded})",
            marks=milestones(ds.timeline("Russia", "Iran")),
            synthetic=synthetic,
        )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("series.png")
    print(f"wrote {draw(target)}")
