"""docs/cli.md shows what the commands print: its sample outputs are generated and checked.

``scripts/cli_samples.py`` runs the command named by each ``<!-- cli: ... -->`` marker and
writes its output in the block below; a block that differs from what its command prints today
fails here ("run python scripts/cli_samples.py"). The sanctions listing's PERIOD column, which
the samples made readable, is held here too.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

import loading
import ruiran
from ruiran.cli import cli

ROOT = Path(__file__).absolute().parents[1]
PAGE = ROOT / "docs" / "cli.md"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """scripts/cli_samples.py, loaded from its path."""
    return loading.script("cli_samples")


def test_docs_cli_samples_are_current(
    script: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert script.main(["--check"]) == 0, capsys.readouterr().err


def test_every_bundled_listing_sample_is_generated(script: ModuleType) -> None:
    # A console block that runs a command on the bundled dataset carries a marker; only
    # blocks on a user's files (--data, validate, export, ingest) or with a pipe are by hand.
    text = PAGE.read_text(encoding="utf-8")
    generated = {s.start for s in script.samples(text)}
    by_hand = re.compile(r"--data|validate|export|ingest|python -m|[|&]")
    for block in re.finditer(r"^```console\n(?P<body>.*?)^```$", text, re.MULTILINE | re.DOTALL):
        if block.start() not in generated:
            assert by_hand.search(block["body"]), block["body"].splitlines()[0]
    assert len(generated) >= 20


def test_a_stale_block_is_found_and_rewritten(
    script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "cli.md"
    page.write_text(
        "# x\n\n<!-- cli: ruiran actor Irann -->\n```console\n$ ruiran actor Irann\nold\n```\n"
        "\n<!-- cli: ruiran actors --type state | head -2 -->\n```console\n```\nend\n",
        encoding="utf-8",
    )
    assert script.main(["--check"], page=page) == 1
    err = capsys.readouterr().err
    assert "'ruiran actor Irann' is stale" in err
    assert "run python scripts/cli_samples.py" in err
    assert script.main([], page=page) == 0
    text = page.read_text(encoding="utf-8")
    assert "error: no actor is known as 'Irann'" in text
    assert "$ echo $?\n1\n```" in text  # the exit code of a failing command
    assert "$ ruiran actors --type state\nID" in text
    assert "\nrussia " in text
    assert "\n...\n```\nend\n" in text  # cut after two lines
    assert script.main(["--check"], page=page) == 0


def test_a_stale_record_count_is_found_and_rewritten(
    script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The hand-written export samples and the repr in docs/index.md state the bundled counts.
    ds = ruiran.load()
    page = tmp_path / "cli.md"
    page.write_text(
        "```console\n$ ruiran export --format csv --out t/\nwrote csv of 3 records (1 actors, "
        "1 agreements, 1 sanctions, 0 events, 0 sources) to t\n```\n"
        "ds  # <Dataset of 3 records: 1 actors, 15 agreements, ...>\n"
        "my-data: valid dataset of 5 records (2 actors, 1 agreement)\n",
        encoding="utf-8",
    )
    assert script.main(["--check"], page=page) == 1
    assert "'record counts' is stale" in capsys.readouterr().err
    assert script.main([], page=page) == 0
    text = page.read_text(encoding="utf-8")
    assert (
        f"wrote csv of {len(ds)} records ({len(ds.actors)} actors, {len(ds.agreements)} "
        f"agreements, {len(ds.sanctions)} sanctions, {len(ds.events)} events, "
        f"{len(ds.sources)} sources) to t"
    ) in text
    assert f"<Dataset of {len(ds)} records: {len(ds.actors)} actors, 15 agreements, ...>" in text
    assert "valid dataset of 5 records (2 actors, 1 agreement)" in text  # a user's, left alone
    assert script.main(["--check"], page=page) == 0


def test_a_sample_command_starts_with_ruiran(script: ModuleType) -> None:
    with pytest.raises(ValueError, match="must start with 'ruiran'"):
        script.run("python -m ruiran")


def _periods(table: str) -> dict[str, str]:
    rows = [re.split(r"\s{2,}", line) for line in table.splitlines()[1:]]
    return {row[2]: row[0] for row in rows}


def test_a_regime_in_force_does_not_read_as_ended_at_its_last_step(
    bundled: ruiran.Dataset,
) -> None:
    # us-ukraine-related-sanctions-on-russia was imposed on 2014-03-06 and tightened on
    # 2014-07-16, and is still in force: its PERIOD read "2014-03-06 – 2014-07-16".
    result = CliRunner().invoke(cli, ["sanctions", "--target", "Russia", "--by", "United States"])
    assert result.exit_code == 0, result.output
    periods = _periods(result.stdout)
    regime = bundled["us-ukraine-related-sanctions-on-russia"]
    assert isinstance(regime, ruiran.Sanction)
    assert regime.in_force_on(dt.date(2025, 1, 1)) is True
    assert periods[regime.id] == "2014-03-06 – … (in force; last step 2014-12-19)"  # E.O. 13685
    for sanction_id, shown in periods.items():
        sanction = bundled[sanction_id]
        assert isinstance(sanction, ruiran.Sanction)
        spans = sanction.in_force_spans()
        open_ended = spans is not None and bool(spans) and spans[-1][1] == dt.date.max
        assert ("(in force" in shown) == (open_ended and bool(sanction.milestones)), sanction_id
