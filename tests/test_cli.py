"""The ``ruiran`` command line, end to end: CliRunner for every command, and the real script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import ruiran
from ruiran.cli import cli
from ruiran.dataset.coverage import NO_COVERAGE

SOURCES_YAML = """\
- id: note
  title: A note on Caspian shipping
  kind: news_report
  publisher: Example News
  date: 2025-03
  text_file: texts/note.txt
"""

ACTORS_YAML = """\
- type: state
  id: russia
  name: Russia
  aliases: [Russian Federation]
  iso_alpha2: RU
  iso_alpha3: RUS
  cow_code: 365
  citations:
    - {source: note, quote: Russia}
- type: state
  id: iran
  name: Iran
  iso_alpha2: IR
  iso_alpha3: IRN
  citations:
    - {source: note, quote: Iran}
"""

AGREEMENTS_YAML = """\
- id: caspian-port-deal
  title: Caspian port deal
  kind: contract
  parties: [russia, iran]
  areas: [transport]
  citations:
    - {source: note, quote: signed a port agreement}
  milestones:
    - stage: signed
      date: 2025-03-02
      actors: [russia, iran]
      citations:
        - {source: note, quote: signed a port agreement on 2 March}
"""

EVENTS_YAML = """\
- id: port-deal-signing
  kind: sign_agreement
  title: Russia and Iran sign the port deal
  date: 2025-03-02
  participants:
    - {actor: russia, role: participant}
    - {actor: iran, role: participant}
  citations:
    - {source: note, quote: Russia and Iran signed a port agreement on 2 March}
"""

NOTE = "Russia and Iran signed a port agreement on 2 March."


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A small valid dataset folder in the bundled format."""
    folder = tmp_path / "my-data"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "note.txt").write_text(NOTE, encoding="utf-8")
    for name, text in (
        ("sources.yaml", SOURCES_YAML),
        ("actors.yaml", ACTORS_YAML),
        ("agreements.yaml", AGREEMENTS_YAML),
        ("events.yaml", EVENTS_YAML),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(runner: CliRunner, *args: str, code: int = 0) -> Result:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    if code == 0:
        assert result.exception is None
    return result


#: The commands whose ``--json`` is an answer: ``{"complete", "gaps", "as_of", "records"}``.
ANSWERING = frozenset({"agreements", "events", "sanctions", "timeline"})


def run_answer(runner: CliRunner, *args: str) -> dict[str, Any]:
    """The JSON object a command that answers a question prints, its shape checked."""
    printed = json.loads(run(runner, *args, "--json").stdout)
    assert isinstance(printed, dict), printed
    assert list(printed) == ["complete", "gaps", "as_of", "records"], list(printed)
    assert printed["complete"] is (not printed["gaps"])
    assert all(isinstance(gap, str) for gap in printed["gaps"])
    return printed


def run_json(runner: CliRunner, *args: str) -> Any:
    """What ``--json`` prints; for a command that answers a question, its ``records``."""
    if ANSWERING & set(args):
        return run_answer(runner, *args)["records"]
    return json.loads(run(runner, *args, "--json").stdout)


def dumps(records: Any) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in records]


def one_line_error(result: Result) -> str:
    """The error a failed command printed: one line on stderr, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    return lines[0]


# -- the group ------------------------------------------------------------------------------------


def test_version(runner: CliRunner) -> None:
    assert ruiran.__version__ in run(runner, "--version").stdout


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["actors"],
        ["actor"],
        ["agreements"],
        ["events"],
        ["sanctions"],
        ["timeline"],
        ["cite"],
        ["export"],
        ["validate"],
    ],
)
def test_help_everywhere_with_examples(runner: CliRunner, command: list[str]) -> None:
    result = run(runner, *command, "--help")
    assert "Usage: " in result.stdout
    assert "Examples:" in result.stdout


def test_no_subcommand_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, [])
    assert "Commands:" in result.output
    assert "agreements" in result.output


# -- listings match the API -------------------------------------------------------------------


def test_actors(runner: CliRunner, bundled: ruiran.Dataset) -> None:
    assert run_json(runner, "actors") == dumps(bundled.actors)
    blocs = run_json(runner, "actors", "--type", "bloc")
    assert blocs == dumps(a for a in bundled.actors if a.type == "bloc")
    table = run(runner, "actors").stdout.splitlines()
    assert table[0].split() == ["ID", "TYPE", "NAME", "CODES"]
    assert len(table) == len(bundled.actors) + 1
    assert any(line.startswith("iran ") and "IRN" in line for line in table)


def test_actor(runner: CliRunner, bundled: ruiran.Dataset) -> None:
    assert run_json(runner, "actor", "Soviet Union") == bundled.actor("russia").model_dump(
        mode="json"
    )
    text = run(runner, "actor", "Putin").stdout
    assert text.startswith("Vladimir Putin  [vladimir-putin, person]")
    assert "President of Russia" in text
    assert "source: " in text
    bloc = run(runner, "actor", "EAEU").stdout
    assert "member" in bloc
    assert "Armenia" in bloc


def test_agreements(runner: CliRunner, bundled: ruiran.Dataset) -> None:
    assert run_json(runner, "agreements", "--between", "Russia", "Iran") == dumps(
        bundled.agreements_between("Russia", "Iran")
    )
    assert run_json(
        runner, "agreements", "--between", "Iran", "Russia", "--stage", "signed", "--on", "2025-02"
    ) == dumps(bundled.agreements_between("Iran", "Russia", stage="signed", on="2025-02"))
    assert run_json(runner, "agreements", "--involving", "Armenia", "--area", "trade") == dumps(
        bundled.agreements_involving("Armenia", area="trade")
    )
    everything = run_json(runner, "agreements")
    assert sorted(a["id"] for a in everything) == sorted(a.id for a in bundled.agreements)
    table = run(runner, "agreements", "--between", "Russia", "Iran").stdout
    assert "treaty-comprehensive-strategic-partnership" in table
    assert table.splitlines()[0].split() == ["SIGNED", "STAGE", "ID", "PARTIES", "TITLE"]


def test_events(runner: CliRunner, bundled: ruiran.Dataset) -> None:
    assert run_json(
        runner, "events", "--between", "Russia", "Iran", "--from", "2024", "--to", "2025-01"
    ) == dumps(bundled.events_between("Russia", "Iran", start="2024", end="2025-01"))
    assert run_json(runner, "events", "--involving", "Israel", "--kind", "19") == dumps(
        bundled.events_involving("Israel", kind="19")
    )
    everything = run_json(runner, "events")
    assert sorted(e["id"] for e in everything) == sorted(e.id for e in bundled.events)
    june = run_json(runner, "events", "--from", "2025-06", "--to", "2025-06")
    assert "israeli-strikes-on-iran-2025" in [e["id"] for e in june]
    assert "russo-persian-wars" in run(runner, "events").stdout


def test_sanctions(runner: CliRunner, bundled: ruiran.Dataset) -> None:
    assert run_json(runner, "sanctions", "--target", "Iran", "--by", "United States") == dumps(
        bundled.sanctions_on("Iran", by="United States")
    )
    assert run_json(runner, "sanctions", "--by", "the West", "--status", "imposed") == dumps(
        bundled.sanctions_by("the West", status="imposed")
    )
    everything = run_json(runner, "sanctions")
    assert sorted(s["id"] for s in everything) == sorted(s.id for s in bundled.sanctions)
    assert "western-sanctions-on-russia" in run(runner, "sanctions").stdout


def _periods(table: str) -> dict[str, str]:
    """A sanctions table's PERIOD column by id, in the table's order."""
    rows = [re.split(r"\s{2,}", line) for line in table.splitlines()[1:]]
    return {row[2]: row[0] for row in rows}


def test_sanctions_are_listed_oldest_first_with_their_dates(
    runner: CliRunner, bundled: ruiran.Dataset
) -> None:
    # The library orders sanctions by their milestones; the listing keeps that order and
    # shows the dates it knows (not "undated" for every regime with milestones).
    periods = _periods(run(runner, "sanctions", "--target", "Iran").stdout)
    assert list(periods) == [s.id for s in bundled.sanctions_on("Iran")]
    assert periods["unsc-sanctions-on-iran"].startswith("2006")  # resolution 1737
    # "before 2016-01-16 – …": a regime first held at a step changing measures in force
    starts = [int(p.removeprefix("before ")[:4]) for p in periods.values() if p != "undated"]
    assert len(starts) >= 5
    assert starts == sorted(starts)
    # Without --target or --by: every sender's sanctions in the library's order.
    listed = [s["id"] for s in run_json(runner, "sanctions")]
    for sender in bundled.actors:
        answer = [s.id for s in bundled.sanctions_by(sender)]
        assert [i for i in listed if i in answer] == answer, sender.id
    every = _periods(run(runner, "sanctions").stdout)
    assert list(every) == listed
    dated = [int(p.removeprefix("before ")[:4]) for p in every.values() if p != "undated"]
    assert dated == sorted(dated)
    assert list(every.values())[len(dated) :] == ["undated"] * (len(every) - len(dated))


def test_timeline(runner: CliRunner, bundled: ruiran.Dataset) -> None:
    entries = run_json(runner, "timeline", "Russia", "Iran", "--from", "2024")
    expected = bundled.timeline("Russia", "Iran", start="2024")
    assert entries == [
        {"when": str(e.when), "kind": e.kind, "record": e.record.id, "label": e.label}
        for e in expected
    ]
    single = run_json(runner, "timeline", "Iran", "--from", "2025-06", "--to", "2025-06")
    assert len(single) == len(bundled.timeline("Iran", start="2025-06", end="2025-06"))
    table = run(runner, "timeline", "Russia", "Iran").stdout
    assert "Comprehensive Strategic Partnership Treaty: signed" in table
    assert "Comprehensive Strategic Partnership Treaty: ratified (Russia)" in table


def test_empty_listing_says_so(runner: CliRunner) -> None:
    result = run(runner, "events", "--between", "Russia", "Iran", "--from", "1500", "--to", "1501")
    assert result.stdout == ""
    assert "no matching records" in result.stderr
    assert run_json(runner, "events", "--from", "1500", "--to", "1501") == []


# -- provenance -----------------------------------------------------------------------------------


def test_cite(runner: CliRunner, bundled: ruiran.Dataset) -> None:
    record_id = "treaty-comprehensive-strategic-partnership"
    treaty = bundled[record_id]
    assert isinstance(treaty, ruiran.Agreement)
    text = run(runner, "cite", record_id).stdout
    assert text.startswith(treaty.title)
    first = treaty.citations[0]
    assert " ".join(first.quote.split()[:6]) in " ".join(text.split())
    source = bundled[first.source]
    assert isinstance(source, ruiran.Source)
    assert source.title in text
    assert "milestones[" in text
    assert "url: https://" in text

    payload = run_json(runner, "cite", record_id)
    assert payload["record"] == treaty.model_dump(mode="json")
    quotes = [c["quote"] for c in payload["citations"]]
    assert quotes[: len(treaty.citations)] == [c.quote for c in treaty.citations]
    assert len(quotes) == len(treaty.citations) + sum(len(m.citations) for m in treaty.milestones)
    assert payload["citations"][0]["source_record"]["title"] == source.title


def test_cite_shows_a_derived_date_mark_beside_its_quote(runner: CliRunner) -> None:
    # A quote of the page's dateline or address supports a date derived from there: the text
    # says so beside the quote, as --json does (derived_from)
    for record_id, mark, of in [
        ("shoigu-visit-tehran-2023", "dateline", "Вторник, 19 сентября 2023, 17:08"),
        ("masoud-pezeshkian", "address", "/n3/2024/0731/"),
    ]:
        payload = run_json(runner, "cite", record_id)
        derived = [c for c in payload["citations"] if c["derived_from"] == mark]
        assert [c["quote"] for c in derived][:1] == [of]
        lines = run(runner, "cite", record_id).stdout.splitlines()
        at = next(i for i, line in enumerate(lines) if f"“{of}”" in line)
        assert lines[at + 1].strip() == f"derived_from: {mark} (the page's {mark}, not its text)"
        marked = [line for line in lines if line.strip().startswith("derived_from: ")]
        assert len(marked) == len(derived)


def test_cite_a_source_lists_who_cites_it(runner: CliRunner, bundled: ruiran.Dataset) -> None:
    payload = run_json(runner, "cite", "russia-iran-deepening-alliance")
    assert payload["cited_by"] == [r.id for r in bundled.citing("russia-iran-deepening-alliance")]
    assert "cited by" in run(runner, "cite", "russia-iran-deepening-alliance").stdout


def test_cite_unknown_id(runner: CliRunner) -> None:
    result = run(runner, "cite", "treaty-comprehensive", code=1)
    line = one_line_error(result)
    assert "did you mean 'treaty-comprehensive-strategic-partnership'" in line


# -- lifecycles per party -------------------------------------------------------------------------


def _rows(table: str) -> dict[str, list[str]]:
    """A listing's rows by record id (the third column), each split on runs of 2+ spaces."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in table.splitlines()[1:]]
    return {row[2]: row for row in rows}


def test_agreements_show_the_signing_date_and_the_stage_every_party_reached(
    runner: CliRunner,
) -> None:
    rows = _rows(run(runner, "agreements", "--between", "Russia", "Iran").stdout)
    # The signing, not the authorization of 2024-09 (the first dated milestone).
    assert rows["treaty-comprehensive-strategic-partnership"][:2] == ["2025-01-17", "in_force"]
    assert rows["eaeu-iran-free-trade-agreement"][0] == "2023-12-25"
    assert rows["payment-systems-integration"][:2] == ["-", "in_force"]  # no dated signing
    assert rows["caucasus-axis"][:2] == ["-", "-"]
    # Russia alone had ratified by 30 April 2025: the treaty stood at 'signed' for both.
    april = _rows(
        run(runner, "agreements", "--between", "Russia", "Iran", "--on", "2025-04-30").stdout
    )
    assert april["treaty-comprehensive-strategic-partnership"][:2] == ["2025-01-17", "signed"]
    ratified = run_json(
        runner,
        "agreements",
        "--between",
        "Russia",
        "Iran",
        "--stage",
        "ratified",
        "--on",
        "2025-04-30",
    )
    assert "treaty-comprehensive-strategic-partnership" not in [a["id"] for a in ratified]


def test_timeline_and_cite_name_the_party_of_its_own_steps(runner: CliRunner) -> None:
    table = run(
        runner, "timeline", "Russia", "Iran", "--from", "2025-04", "--to", "2025-06-11"
    ).stdout
    assert "Comprehensive Strategic Partnership Treaty: ratified (Russia)" in table
    assert "Comprehensive Strategic Partnership Treaty: ratified (Iran)" in table
    entries = run_json(
        runner, "timeline", "Russia", "Iran", "--from", "2025-01-17", "--to", "2025-01-17"
    )
    assert "Russia–Iran Comprehensive Strategic Partnership Treaty: signed" in [
        e["label"] for e in entries
    ]  # a joint step names no party
    text = run(runner, "cite", "treaty-comprehensive-strategic-partnership").stdout
    assert "milestones[4] (ratified (Russia), 2025-04-21):" in text
    assert "milestones[5] (ratified (Iran), 2025-06-11):" in text
    assert "milestones[3] (signed, 2025-01-17, by Vladimir Putin, Masoud Pezeshkian):" in text
    payload = run_json(runner, "cite", "treaty-comprehensive-strategic-partnership")
    assert [m["party"] for m in payload["record"]["milestones"]][3:6] == [None, "russia", "iran"]


def test_python_m_ruiran_names_the_party_of_its_own_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ruiran.__main__ import main as show

    show([])  # not the command line: that is pytest's
    out = capsys.readouterr().out
    assert "    - ratified (Russia): 2025-04-21\n" in out
    assert "    - ratified (Iran): 2025-06-11\n" in out
    assert "    - signed: 2025-01-17 by Vladimir Putin, Masoud Pezeshkian\n" in out


# -- errors ---------------------------------------------------------------------------------------


def test_unknown_actor_exits_1_with_suggestions(runner: CliRunner) -> None:
    line = one_line_error(run(runner, "actor", "Irann", code=1))
    assert "did you mean 'Iran'" in line
    line = one_line_error(run(runner, "agreements", "--between", "Rusia", "Iran", code=1))
    assert "did you mean" in line


def test_bad_date_is_a_one_line_usage_error(runner: CliRunner) -> None:
    line = one_line_error(run(runner, "events", "--from", "2024-13", code=2))
    assert "--from must be a date" in line
    assert "'2024-13'" in line
    line = one_line_error(run(runner, "agreements", "--on", "soon", code=2))
    assert "--on must be a date" in line


def test_usage_errors_exit_2_on_one_line(runner: CliRunner) -> None:
    line = one_line_error(run(runner, "agreements", "--area", "football", code=2))
    assert "'--area'" in line
    assert "ruiran agreements --help" in line
    line = one_line_error(
        run(runner, "events", "--between", "Russia", "Iran", "--involving", "Iran", code=2)
    )
    assert "cannot be used together" in line
    line = one_line_error(run(runner, "events", "--kind", "99", code=2))
    assert "CAMEO" in line
    one_line_error(run(runner, "agreements", "--between", "Iran", "Iran", code=2))
    one_line_error(run(runner, "no-such-command", code=2))


def test_missing_data_path_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    line = one_line_error(run(runner, "--data", str(tmp_path / "nowhere"), "actors", code=1))
    assert "nowhere" in line


@pytest.mark.parametrize(
    "command",
    [
        ["--data", "", "actors"],
        ["validate", ""],
        ["export", "--format", "jsonl", "--out", ""],
    ],
)
def test_an_empty_path_is_a_usage_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # An empty path must not mean the working directory: nothing is loaded or written.
    def no_load(*args: object, **kwargs: object) -> ruiran.Dataset:
        raise AssertionError("nothing may be loaded")

    monkeypatch.setattr(ruiran, "load", no_load)
    line = one_line_error(run(runner, *command, code=2))
    assert "not an empty string" in line


def test_json_answers_carry_complete_gaps_and_the_as_of_date(
    runner: CliRunner, bundled: ruiran.Dataset
) -> None:
    unsc = ("sanctions", "--target", "Iran", "--by", "United Nations Security Council")
    answer = bundled.sanctions_on("Iran", by="European Union", on="2019")
    eu = ("sanctions", "--target", "Iran", "--by", "European Union")
    printed = run_answer(runner, *eu, "--on", "2019")
    assert answer.gaps
    assert printed["gaps"] == list(answer.gaps)
    assert printed["complete"] is False
    assert printed["as_of"] == ruiran.DATA_AS_OF.isoformat()
    covered = run_answer(runner, *unsc, "--on", "2007")
    assert covered["complete"] is True
    assert covered["gaps"] == []
    assert covered["records"] == dumps(bundled.sanctions_on("Iran", on="2007", by="UNSC"))
    pair = bundled.timeline("Russia", "Iran", start="2024")
    assert run_answer(runner, "timeline", "Russia", "Iran", "--from", "2024")["gaps"] == list(
        pair.gaps
    )


@pytest.mark.parametrize(
    ("args", "kind"),
    [(["sanctions"], "sanction"), (["agreements"], "agreement"), (["events"], "event")],
)
def test_a_listing_naming_no_actor_says_its_gaps(
    runner: CliRunner, bundled: ruiran.Dataset, args: list[str], kind: Any
) -> None:
    # Every record of a kind is a question too: the data does not hold every sanction.
    gaps = bundled.gaps(kind)
    assert gaps
    printed = run_answer(runner, *args)
    assert printed["gaps"] == list(gaps)
    assert printed["complete"] is False
    note = run(runner, *args).stderr
    assert all(f"note: {gap}" in note for gap in gaps)


# -- a user's dataset -----------------------------------------------------------------------------


def test_data_option_queries_a_user_dataset(runner: CliRunner, dataset: Path) -> None:
    mine = ruiran.load(dataset)
    data = ("--data", str(dataset))
    assert run_json(runner, *data, "actors") == dumps(mine.actors)
    assert run_json(runner, *data, "agreements", "--between", "RU", "IRN") == dumps(
        mine.agreements_between("russia", "iran")
    )
    assert run_json(runner, *data, "events", "--involving", "Iran") == dumps(mine.events)
    assert [e["record"] for e in run_json(runner, *data, "timeline", "Russia", "Iran")] == [
        "caspian-port-deal",
        "port-deal-signing",
    ]
    assert run_json(runner, *data, "sanctions") == []
    # no coverage file: no as-of date, and no answer is known complete
    answer = run_answer(runner, *data, "sanctions", "--target", "Iran")
    assert answer["as_of"] is None
    assert answer["complete"] is False
    assert answer["gaps"] == list(mine.sanctions_on("Iran").gaps)
    text = run(runner, *data, "cite", "caspian-port-deal").stdout
    assert "A note on Caspian shipping" in text
    assert "publisher: Example News" in text
    assert "url:" not in text  # the note has no url: no empty line for it
    # the bundled dataset's actors are not in the user's dataset (its states are: every
    # dataset resolves every state, from the reference table)
    line = one_line_error(run(runner, *data, "actor", "Vladimir Putin", code=1))
    assert "no actor is known as 'Vladimir Putin'" in line
    assert run_json(runner, *data, "actor", "Israel")["id"] == "israel"


def test_invalid_data_lists_problems_and_exits_1(runner: CliRunner, dataset: Path) -> None:
    (dataset / "agreements.yaml").write_text(
        AGREEMENTS_YAML.replace("[russia, iran]", "[russia, atlantis]", 1), encoding="utf-8"
    )
    result = run(runner, "--data", str(dataset), "actors", code=1)
    assert result.stderr.startswith("error: invalid dataset: 1 problem")
    assert "atlantis" in result.stderr
    assert "Traceback" not in result.output


def test_validate_a_valid_dataset(runner: CliRunner, dataset: Path) -> None:
    result = run(runner, "validate", str(dataset))
    assert "valid dataset of 5 records (2 actors, 1 agreement, 0 sanctions" in result.stdout
    assert run_json(runner, "validate", str(dataset)) == []


def test_validate_lists_every_problem(runner: CliRunner, dataset: Path) -> None:
    (dataset / "actors.yaml").write_text(
        ACTORS_YAML.replace("iso_alpha3: IRN", "iso_alpha3: XXX").replace(
            "cow_code: 365", "cow_code: 5000"
        ),
        encoding="utf-8",
    )
    (dataset / "agreements.yaml").write_text(
        AGREEMENTS_YAML.replace("[russia, iran]", "[russia, atlantis]", 1).replace(
            "kind: contract", "kind: handshake"
        ),
        encoding="utf-8",
    )
    (dataset / "events.yaml").write_text(
        EVENTS_YAML.replace("2 March}", "2 May}"), encoding="utf-8"
    )
    with pytest.raises(ruiran.DatasetError) as caught:
        ruiran.load(dataset)
    problems = caught.value.problems
    assert len(problems) >= 4

    result = run(runner, "validate", str(dataset), code=1)
    lines = result.stdout.strip().splitlines()
    assert lines == [str(p) for p in problems]
    for fragment in ("actors.yaml", "agreements.yaml", "events.yaml", "'kind'", "'iso_alpha3'"):
        assert any(fragment in line for line in lines), fragment
    assert f"invalid dataset, {len(problems)} problems" in result.stderr

    payload = json.loads(run(runner, "validate", str(dataset), "--json", code=1).stdout)
    assert [p["record"] for p in payload] == [p.record for p in problems]
    assert set(payload[0]) == {"file", "record", "field", "message"}


def test_validate_a_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    one_line_error(run(runner, "validate", str(tmp_path / "nowhere"), code=1))


# -- warnings: entries of a dataset folder that were not read --------------------------------------


def _warning_load(real: Any) -> Any:
    """``ruiran.load`` that first warns twice, as the loader does for entries it skips."""

    def load(*args: Any, **kwargs: Any) -> ruiran.Dataset:
        warnings.warn(ruiran.DatasetWarning("my-data/notes: subfolder not read"), stacklevel=2)
        warnings.warn(ruiran.DatasetWarning("my-data/a\nb.txt: file not read"), stacklevel=2)
        return real(*args, **kwargs)  # type: ignore[no-any-return]

    return load


def test_data_warnings_are_one_line_each(
    runner: CliRunner, dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ruiran, "load", _warning_load(ruiran.load))
    result = run(runner, "--data", str(dataset), "actors", "--json")
    assert result.stderr.splitlines() == [
        "warning: my-data/notes: subfolder not read",
        "warning: my-data/a\\nb.txt: file not read",  # one line, whatever the name holds
    ]
    assert len(json.loads(result.stdout)) == 2  # stdout stays clean JSON


def test_validate_shows_warnings(
    runner: CliRunner, dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ruiran, "load", _warning_load(ruiran.load))
    result = run(runner, "validate", str(dataset))
    assert "valid dataset" in result.stdout
    assert result.stderr.count("warning: ") == 2
    (dataset / "events.yaml").write_text("- {id: broken}", encoding="utf-8")
    failed = run(runner, "validate", str(dataset), code=1)
    assert failed.stderr.startswith("warning: my-data/notes: subfolder not read\n")
    assert "invalid dataset" in failed.stderr


def test_warnings_of_the_real_loader(runner: CliRunner, dataset: Path) -> None:
    (dataset / "notes").mkdir()
    (dataset / "README.md").write_text("about my data", encoding="utf-8")
    result = run(runner, "validate", str(dataset))
    lines = result.stderr.splitlines()
    assert lines, "the loader reports the entries it does not read"
    assert all(line.startswith("warning: ") for line in lines)
    assert any("README.md" in line for line in lines)
    assert any("notes" in line for line in lines)


# -- export (ruiran.export is written by another module) ------------------------------------------


def _export_ready() -> bool:
    try:
        from ruiran import export
    except ImportError:
        return False
    return hasattr(export, "to_jsonl")


needs_export = pytest.mark.skipif(not _export_ready(), reason="ruiran.export not yet available")


@needs_export
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_round_trips(runner: CliRunner, dataset: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = run(runner, "--data", str(dataset), "export", "--format", fmt, "--out", str(out))
    assert str(out) in result.stdout
    assert sorted(r.id for r in ruiran.load(out)) == sorted(r.id for r in ruiran.load(dataset))


@needs_export
@pytest.mark.parametrize(
    ("fmt", "library"),
    [("csv", "pandas"), ("parquet", "pyarrow"), ("graphml", "networkx"), ("ftm", "followthemoney")],
)
def test_export_other_formats(
    runner: CliRunner, dataset: Path, tmp_path: Path, fmt: str, library: str
) -> None:
    pytest.importorskip(library)
    out = tmp_path / f"out-{fmt}"
    run(runner, "--data", str(dataset), "export", "--format", fmt, "--out", str(out))
    assert out.exists()
    if fmt == "csv":
        assert list(out.glob("*.csv"))
    if fmt == "ftm":
        entities = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert {"id", "schema", "properties"} <= set(entities[0])


@needs_export
def test_export_names_a_missing_extra(
    runner: CliRunner, dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)  # import networkx now fails
    out = tmp_path / "graph.graphml"
    result = run(
        runner, "--data", str(dataset), "export", "--format", "graphml", "--out", str(out), code=1
    )
    assert "pip install 'ruiran[graph]'" in one_line_error(result)
    assert not out.exists()


def test_export_needs_format_and_out(runner: CliRunner) -> None:
    one_line_error(run(runner, "export", "--format", "xml", "--out", "x", code=2))
    one_line_error(run(runner, "export", "--format", "json", code=2))


@needs_export
def test_export_does_not_replace_without_force(
    runner: CliRunner, dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("mine", encoding="utf-8")
    args = ("--data", str(dataset), "export", "--format", "jsonl", "--out", str(out))
    line = one_line_error(run(runner, *args, code=1))
    assert f"{str(out)!r} (the JSON Lines export) already exists" in line
    assert "add --force" in line
    assert out.read_text(encoding="utf-8") == "mine"
    run(runner, *args, "--force")
    assert len(ruiran.load(out)) == len(ruiran.load(dataset))


# -- the installed console script -----------------------------------------------------------------


def _script() -> str:
    beside = Path(sys.executable).parent / "ruiran"
    found = str(beside) if beside.exists() else shutil.which("ruiran")
    if found is None:  # pragma: no cover - the package is always installed in the test venv
        pytest.skip("the ruiran console script is not installed")
    return found


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [_script(), *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )


def test_console_script(bundled: ruiran.Dataset) -> None:
    done = _console("agreements", "--between", "Russia", "Iran", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["records"] == dumps(bundled.agreements_between("Russia", "Iran"))

    failed = _console("actor", "Irann")
    assert failed.returncode == 1
    assert failed.stderr.strip().startswith(
        "error: no actor is known as 'Irann'; did you mean 'Iran'"
    )

    bad = _console("events", "--from", "2024-13")
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1
    assert "Traceback" not in bad.stderr


@pytest.fixture(scope="module")
def long_listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset whose event listing, as a table or as JSON, is far larger than a pipe holds."""
    from ruiran.synthetic import synthetic_records

    path = tmp_path_factory.mktemp("long") / "events.jsonl"
    lines = (json.dumps(r) + "\n" for r in synthetic_records(n_events=1200, n_actors=20))
    path.write_text("".join(lines), encoding="utf-8")
    return path


#: The environment of a user's shell: stdout to a pipe is block-buffered.
_BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


@pytest.mark.parametrize(
    "command",
    [["events"], ["events", "--json"], ["-m"]],
    ids=["table", "json", "python -m ruiran"],
)
def test_a_pipe_closed_before_any_output(long_listing: Path, command: list[str]) -> None:
    # The reader is gone before the first write: every write fails with EPIPE.
    if command == ["-m"]:
        argv = [sys.executable, "-m", "ruiran"]
    else:
        argv = [_script(), "--data", str(long_listing), *command]
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            argv, stdout=write_end, stderr=subprocess.PIPE, env=_BUFFERED, timeout=60
        )
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert _only_notes(done.stderr), done.stderr


def _only_notes(stderr: bytes) -> bool:
    """Whether stderr holds nothing but notes (the listing's coverage: no coverage file)."""
    return all(line.startswith(b"note: ") for line in stderr.splitlines())


@pytest.mark.parametrize("as_json", [[], ["--json"]], ids=["table", "json"])
def test_a_pipe_closed_after_one_line(long_listing: Path, as_json: list[str]) -> None:
    # `ruiran events | head -1`: the exit code must not depend on the output's shape.
    with subprocess.Popen(
        [_script(), "--data", str(long_listing), "events", *as_json],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_BUFFERED,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        code = process.wait(timeout=60)
    assert first.strip()
    assert code == 0
    assert _only_notes(stderr), stderr


def test_every_command_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"## `ruiran {name}" in doc, name


# -- one vocabulary, never silently partial, on top of the bundled data ---------------------------


def test_sanctions_say_on_for_the_date_like_python(
    runner: CliRunner, bundled: ruiran.Dataset
) -> None:
    expected = dumps(bundled.sanctions_on("Russia", on="2022-03-01"))
    assert run_json(runner, "sanctions", "--target", "Russia", "--on", "2022-03-01") == expected
    line = one_line_error(run(runner, "sanctions", "--on", "Iran", code=2))
    assert "--target" in line


@pytest.mark.parametrize(
    "args",
    [
        ("--at", "2022-03-01"),
        ("--target", "Russia", "--at", "2022-03-01"),
        ("--on", "Iran", "--at", "2022-03-01"),  # the target was silently dropped (issue 22)
        ("--at", "2022-03-01", "--on", "Iran"),
    ],
)
def test_sanctions_refuse_the_old_date_spelling_never_reading_it(
    runner: CliRunner, args: tuple[str, ...]
) -> None:
    result = run(runner, "sanctions", *args, code=2)
    assert result.stdout == ""
    line = one_line_error(result)
    assert "--target" in line
    assert "--at" in line or "'Iran'" in line


def test_the_old_date_spelling_says_the_new_one(runner: CliRunner) -> None:
    line = one_line_error(run(runner, "sanctions", "--target", "Iran", "--at", "2024", code=2))
    assert "--at is no longer accepted" in line
    assert "--on DATE" in line
    assert "--target A" in line


def test_events_about_lists_what_one_does_about_the_other(
    runner: CliRunner, bundled: ruiran.Dataset
) -> None:
    args = ("--between", "Russia", "Iran", "--from", "2025-06", "--kind", "11")
    about = run_json(runner, "events", *args, "--about")
    assert about == dumps(
        bundled.events_between("Russia", "Iran", start="2025-06", kind="11", about=True)
    )
    ids = [e["id"] for e in about]
    assert "putin-condemns-israeli-strikes" in ids
    assert "russia-votes-to-continue-iran-sanctions-relief-2025-09-19" in ids
    assert "putin-condemns-israeli-strikes" not in [
        e["id"] for e in run_json(runner, "events", *args)
    ]


def test_timeline_about_adds_what_one_does_about_the_other(runner: CliRunner) -> None:
    args = ("timeline", "Russia", "Iran", "--from", "2025-06-13", "--to", "2025-06-13")
    assert "putin-condemns-israeli-strikes" not in run(runner, *args).stdout
    assert "putin-condemns-israeli-strikes" in run(runner, *args, "--about").stdout


@pytest.mark.parametrize(
    "args",
    [
        ("events", "--involving", "Iran", "--about"),
        ("events", "--about"),
        ("timeline", "Iran", "--about"),
    ],
)
def test_about_without_a_pair_is_refused(runner: CliRunner, args: tuple[str, ...]) -> None:
    assert "--about asks about a pair" in one_line_error(run(runner, *args, code=2))


@pytest.mark.parametrize(
    ("args", "kind", "query"),
    [
        (["sanctions", "--target", "Iran", "--on", "2024"], "sanction", "sanctions_on"),
        (["agreements", "--between", "Russia", "Iran", "--on", "2025"], "agreement", None),
        (["events", "--involving", "Iran", "--from", "2025"], "event", None),
    ],
)
def test_dated_queries_say_what_they_leave_out(
    runner: CliRunner, bundled: ruiran.Dataset, args: list[str], kind: str, query: str | None
) -> None:
    shown = run_json(runner, *args)
    everything = run_json(runner, *args, "--include-undated")
    left_out = len(everything) - len(shown)
    assert everything[: len(shown)] == shown  # the undated come last
    note = run(runner, *args).stderr
    if left_out:
        assert f"note: {left_out} undated {kind}" in note
        assert "--include-undated" in note
    else:
        assert "undated" not in note
    assert "undated" not in run(runner, *args, "--include-undated").stderr
    if query == "sanctions_on":
        assert left_out == len(
            [s for s in bundled.sanctions_on("Iran") if s in bundled.undated("Iran")]
        )


def test_the_timeline_says_how_many_records_it_cannot_place(
    runner: CliRunner, bundled: ruiran.Dataset
) -> None:
    count = len(bundled.undated("Russia", "Iran"))
    assert count > 0
    note = run(runner, "timeline", "Russia", "Iran").stderr
    assert f"note: {count} undated records about Russia and Iran" in note


EVENT_ON_BUNDLED = (
    "- id: my-call\n  kind: consult\n  title: A phone call\n  date: 2025-07-03\n"
    "  participants: [{actor: russia, role: initiator}, {actor: iran, role: target}]\n"
    "  citations: [{source: russia-iran-deepening-alliance, quote: Russia}]\n"
)


def test_with_bundled(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "events.yaml"
    mine.write_text(EVENT_ON_BUNDLED, encoding="utf-8")
    # Russia and Iran are states of the reference table, which every dataset may name; the
    # bundled source is not.
    alone = run(runner, "validate", str(mine), code=1).stdout
    assert "'russia-iran-deepening-alliance' does not name any record" in alone
    assert "'russia' does not name" not in alone
    assert "valid dataset" in run(runner, "validate", str(mine), "--with-bundled").stdout
    found = run_json(
        runner, "--data", str(mine), "--with-bundled", "events", "--between", "Russia", "Iran"
    )
    assert "my-call" in [e["id"] for e in found]
    assert "--data" in one_line_error(run(runner, "--with-bundled", "actors", code=2))


def test_export_yaml_gives_a_copy_to_learn_from(
    runner: CliRunner, bundled: ruiran.Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "copy"
    run(runner, "export", "--format", "yaml", "--out", str(out))
    assert (out / "agreements.yaml").is_file()
    assert ruiran.load(out) == bundled
    assert "is not empty" in one_line_error(
        run(runner, "export", "--format", "yaml", "--out", str(out), code=1)
    )
    run(runner, "export", "--format", "yaml", "--out", str(out), "--force")


# -- small roughnesses: --json help, plurals, python -m ruiran --help ------------------------------

JSON_COMMANDS = {
    "actors": ["actors"],
    "actor": ["actor", "Iran"],
    "agreements": ["agreements", "--between", "Russia", "Iran"],
    "events": ["events", "--involving", "Israel"],
    "sanctions": ["sanctions", "--target", "Iran"],
    "timeline": ["timeline", "Russia", "Iran"],
    "cite": ["cite", "treaty-comprehensive-strategic-partnership"],
}


@pytest.mark.parametrize("name", sorted({*JSON_COMMANDS, "validate"}))
def test_json_help_says_what_json_prints(runner: CliRunner, dataset: Path, name: str) -> None:
    args = JSON_COMMANDS.get(name, ["validate", str(dataset)])
    (said,) = [p.help for p in cli.commands[name].params if p.name == "as_json"]
    assert said is not None
    assert said in " ".join(run(runner, name, "--help").stdout.split())
    printed = json.loads(run(runner, *args, "--json").stdout)
    if isinstance(printed, list):
        assert "JSON array" in said, said
        assert "object" not in said, said
    else:
        assert isinstance(printed, dict)
        assert "one JSON object" in said, said
        assert "array" not in said, said
        if name != "actor":
            assert all(f'"{key}"' in said for key in printed), said


def test_counts_are_worded_for_one(runner: CliRunner, tmp_path: Path) -> None:
    one = tmp_path / "one"
    one.mkdir()
    (one / "sources.yaml").write_text("- {id: s, title: A note, kind: other}\n", encoding="utf-8")
    result = run(runner, "validate", str(one))
    assert result.stdout.strip() == (
        f"{one}: valid dataset of 1 record (0 actors, 0 agreements, 0 sanctions, 0 events, 1 source)"
    )


def test_a_note_about_one_undated_record_says_it(runner: CliRunner, dataset: Path) -> None:
    undated = EVENTS_YAML + EVENTS_YAML.replace(
        "id: port-deal-signing", "id: undated-talk"
    ).replace("  date: 2025-03-02\n", "")
    (dataset / "events.yaml").write_text(undated, encoding="utf-8")
    note = run(runner, "--data", str(dataset), "events", "--from", "2025").stderr
    assert note.splitlines()[0] == (
        "note: 1 undated event not shown (--from/--to cannot place it in time); "
        "--include-undated shows it"
    )
    assert note.splitlines()[1:] == [f"note: {NO_COVERAGE}"]  # the listing's own gap


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "ruiran", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def test_python_m_ruiran_help_prints_usage_and_exits_0() -> None:
    for flag in ("--help", "-h"):
        done = _python_m(flag)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("usage: python -m ruiran [-h] [--version]\n")
        assert "ruiran --help" in done.stdout  # where to go to query the data
        assert "* Russia–Iran" not in done.stdout  # the help, not the main job
        assert "[bushehr-nuclear-cooperation]" not in done.stdout
        assert done.stderr == ""


def test_python_m_ruiran_refuses_arguments_it_does_not_take() -> None:
    done = _python_m("--data", "x")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("usage: python -m ruiran")
    assert "unrecognized arguments: --data x" in done.stderr
    version = _python_m("--version")
    assert (version.returncode, version.stdout.strip()) == (
        0,
        f"ruiran {ruiran.__version__}, data {ruiran.DATA_VERSION} (as of {ruiran.DATA_AS_OF})",
    )


def test_python_m_ruiran_words_its_counts(
    dataset: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ruiran.__main__ import main as python_m

    mine = ruiran.load(dataset)
    monkeypatch.setattr(ruiran, "load", lambda: mine)
    python_m([])
    out = capsys.readouterr().out
    assert "<Dataset of 5 records: 2 actors, 1 agreement, 0 sanctions, 1 event, 1 source>" in out
    assert "\n1 agreement between Russia and Iran:\n" in out
    assert "* Caspian port deal  [caspian-port-deal]" in out
