"""Every example script runs as it is, from a fresh working directory, and does its job."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import readable
import ruiran
from ruiran.synthetic import synthetic_dataset

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))


def _run(script: str, cwd: Path, *args: str) -> str:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_there_are_examples() -> None:
    assert {
        "quickstart.py",
        "timeline_figure.py",
        "network_figure.py",
        "sanctions_figure.py",
        "series_figure.py",
        "pulse_figure.py",
        "sanctions_agreements_pandas.py",
        "ftm_export.py",
        "own_dataset.py",
    } <= set(SCRIPTS)


@pytest.mark.parametrize(
    "script",
    [
        "timeline_figure.py",
        "network_figure.py",
        "sanctions_figure.py",
        "series_figure.py",
        "pulse_figure.py",
    ],
)
def test_figures_are_written_as_png(script: str, tmp_path: Path) -> None:
    out = tmp_path / "figure.png"
    assert "wrote" in _run(script, tmp_path, str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 10_000 < out.stat().st_size < 300_000


@pytest.mark.parametrize(
    "name",
    [
        "timeline.png",
        "network.png",
        "sanctions.png",
        "events-series-synthetic.png",
        "votes.png",
        "pulse.png",
    ],
)
def test_the_docs_figures_stay_small(name: str) -> None:
    assert (ROOT / "docs" / "img" / name).stat().st_size < 300_000


def test_every_docs_figure_is_drawn_by_an_example() -> None:
    # docs/img/*.png are refreshed by running the example that draws each (docs/development.md).
    drawn = {
        "timeline.png": "timeline_figure.py",
        "network.png": "network_figure.py",
        "sanctions.png": "sanctions_figure.py",
        "events-series-synthetic.png": "series_figure.py",
        "votes.png": "votes_figure.py",
        "pulse.png": "pulse_figure.py",
    }
    assert {p.name for p in (ROOT / "docs" / "img").glob("*.png")} == set(drawn)
    assert set(drawn.values()) <= set(SCRIPTS)
    page = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    for name, script in drawn.items():
        assert f"python examples/{script} docs/img/{name}" in page


# --- What the figures show -----------------------------------------------------------------


@cache
def _example(name: str) -> ModuleType:
    """An example script imported as a module, to look inside the figures it draws."""
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_figures_share_their_colours_legend_and_saving() -> None:
    # One copy of the palette, the legend lines and the small-PNG saving: examples/_figures.py.
    modules = [_example(name) for name in ("timeline_figure", "network_figure", "sanctions_figure")]
    shared = sys.modules["_figures"]
    assert all(module.save is shared.save for module in modules)
    assert _example("timeline_figure").COLOURS["sanction"] == _example("network_figure").SANCTION
    assert _example("sanctions_figure").TARGET_COLOURS["iran"] == shared.BLUE


@cache
def _grown() -> tuple[ruiran.TimelineEntry, ...]:
    """The bundled timeline plus about 120 synthetic entries over 1990–2025: the size the
    bundled data will grow to, with dated sanctions and agreements since 1991."""
    ds = synthetic_dataset(n_events=300, n_actors=12, seed=3, n_agreements=40, n_sanctions=15)
    mixed = [*ruiran.load().timeline("Russia", "Iran"), *ds.timeline("state-1")]
    return tuple(sorted(mixed, key=lambda e: e.sort_key()))


@cache
def _timeline(which: str) -> Any:
    """The timeline of the bundled data, or of the grown data."""
    entries = ruiran.load().timeline("Russia", "Iran") if which == "bundled" else _grown()
    return _example("timeline_figure").figure(entries, "Russia and Iran")


@cache
def _network(actors: str) -> Any:
    """The network of the bundled data, with the actors asked for ("states", "people", "all")."""
    return _example("network_figure").figure(ruiran.load(), actors=actors)


def _texts(fig: Any) -> list[tuple[str, Any]]:
    """Every text drawn on the figure, with its box in pixels."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [*fig.texts, *(t for legend in fig.legends for t in legend.get_texts())]
    for ax in fig.axes:
        texts += ax.texts
        if ax.axison:
            texts += ax.get_xticklabels()
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in texts
        if t.get_visible() and t.get_text().strip()
    ]


def _assert_readable(fig: Any) -> None:
    """No text runs off the figure, and no two texts overlap."""
    texts = _texts(fig)
    readable.assert_apart(texts, fig.bbox)


def _legend(fig: Any, heading: str) -> list[str]:
    """The labels of the legend line that starts with ``heading`` (none: no such line)."""
    for legend in fig.legends:
        labels = [t.get_text() for t in legend.get_texts()]
        if labels[0] == heading:
            return labels[1:]
    return []


@pytest.mark.parametrize("which", ["bundled", "grown"])
def test_timeline_is_readable(which: str) -> None:
    tf = _example("timeline_figure")
    entries = ruiran.load().timeline("Russia", "Iran") if which == "bundled" else _grown()
    fig = _timeline(which)
    _assert_readable(fig)
    if which == "grown":  # records share lines where they have room; meetings take one strip
        records = len({e.record.id for e in entries if not tf.is_meeting(e)})
        strip = (1 + len(tf.MEETING_LINES) + 1.4) * tf.ROW  # heading, lines, gap below
        assert fig.get_figheight() < 0.75 * records * tf.ROW + strip


@pytest.mark.parametrize("which", ["bundled", "grown"])
def test_timeline_labels_leave_the_marks_visible(which: str) -> None:
    fig = _timeline(which)
    ax = fig.axes[0]
    labels = [box for _, box in _texts(fig)]
    marks = [
        ax.transData.transform(xy)
        for line in ax.lines
        if line.get_marker() not in ("None", "", None)
        for xy in line.get_xydata()
    ]
    assert marks
    for x, y in marks:
        assert not [b for b in labels if b.x0 + 1 < x < b.x1 - 1 and b.y0 + 1 < y < b.y1 - 1]


@pytest.mark.parametrize("which", ["bundled", "grown"])
def test_timeline_legend_lists_the_kinds_and_stages_drawn(which: str) -> None:
    tf = _example("timeline_figure")
    entries = ruiran.load().timeline("Russia", "Iran") if which == "bundled" else _grown()
    fig = _timeline(which)
    headings = {legend.get_texts()[0].get_text() for legend in fig.legends} - {tf.DATES}
    assert headings == {
        tf.MEETING_GROUP if tf.is_meeting(e) else tf.GROUPS[e.kind] for e in entries
    }
    stages = {e.milestone.stage for e in entries if e.milestone is not None}
    assert _legend(fig, tf.GROUPS["milestone"]) == [
        s.value.replace("_", " ") for s in ruiran.Stage if s in stages
    ]


def _captions(fig: Any) -> list[str]:
    """The labels drawn in the plot, a wrapped one on one line."""
    return [" ".join(t.get_text().split()) for t in fig.axes[0].texts]


@pytest.mark.parametrize("which", ["bundled", "grown"])
def test_timeline_labels_are_whole_and_dated(which: str) -> None:
    # Issue 22: no label is cut short ("Russian construction of the Bushehr nuclear po…"):
    # one too long for its line is wrapped, and keeps its dates.
    tf = _example("timeline_figure")
    entries = ruiran.load().timeline("Russia", "Iran") if which == "bundled" else _grown()
    fig = _timeline(which)
    captions = _captions(fig)
    assert not [c for c in captions if "…" in c]
    grouped: dict[str, list[Any]] = {}
    for entry in entries:
        grouped.setdefault(entry.record.id, []).append(entry)
    for group in grouped.values():
        dated = tf.Item(tuple(group), 0.0, 1.0, (0.0, 1.0)).captions()[0]
        # a meeting is a tick in the meetings' strip, with no label of its own
        assert (dated in captions) is not tf.is_meeting(group[0]), dated
    wrapped = [t for t in fig.axes[0].texts if "\n" in t.get_text()]
    assert wrapped  # the bundled data has labels too long for one line
    box = fig.axes[0].get_window_extent()
    for text, extent in _texts(fig):
        if text in {t.get_text() for t in fig.axes[0].texts}:
            assert box.x0 - 1 <= extent.x0, f"{text!r} leaves the plot on the left"
            assert extent.x1 <= box.x1 + 1, f"{text!r} leaves the plot on the right"


def _meeting_ticks(fig: Any) -> dict[str, list[float]]:
    """The meetings' strip: each line's legend label and the places of its ticks."""
    tf = _example("timeline_figure")
    return {
        str(line.get_label()): [float(x) for x in line.get_xdata()]
        for line in fig.axes[0].lines
        if line.get_color() == tf.MEETING_COLOUR and line.get_marker() == "|"
    }


def test_timeline_draws_the_meetings_as_ticks_in_one_strip() -> None:
    # Issue: ~90 cited meetings made the figure 5351 px tall. A meeting (MEETING_KINDS, as the
    # pulse counts them) is a tick at its date on one of the strip's two lines; the other
    # events keep their labelled lines, and the strip's heading points to the pulse figure.
    tf = _example("timeline_figure")
    entries = ruiran.load().timeline("Russia", "Iran")
    fig = _timeline("bundled")
    meetings = [e for e in entries if tf.is_meeting(e)]
    assert len(meetings) >= 80
    phone = ruiran.EventKind.DISCUSS_BY_TELEPHONE
    calls = [e for e in meetings if isinstance(e.record, ruiran.Event) and e.record.kind == phone]
    ticks = _meeting_ticks(fig)
    assert list(ticks) == list(tf.MEETING_LINES)
    met, by_phone = ticks.values()
    assert len(met) == len(meetings) - len(calls)
    assert len(by_phone) == len(calls) > 0
    assert fig.get_figheight() * fig.dpi < 2200  # pixels; it was 5351
    assert any("pulse figure" in t for t in _captions(fig))
    assert _legend(fig, tf.MEETING_GROUP) == list(tf.MEETING_LINES)
    # still the readable events: a signing is not a meeting, and keeps its label
    assert "Putin and Pezeshkian sign the Comprehensive Strategic Partnership Treaty" in " ".join(
        _captions(fig)
    )


def test_timeline_does_not_grow_with_the_meetings() -> None:
    # Three times as many meetings: more ticks, not a taller figure nor other labels.
    tf = _example("timeline_figure")
    entries = ruiran.load().timeline("Russia", "Iran")
    meetings = [e for e in entries if tf.is_meeting(e)]
    fig = tf.figure([*entries, *meetings, *meetings], "Russia and Iran")
    assert fig.get_figheight() == _timeline("bundled").get_figheight()
    assert _captions(fig) == _captions(_timeline("bundled"))
    assert sum(map(len, _meeting_ticks(fig).values())) == 3 * len(meetings)
    _assert_readable(fig)


def test_timeline_says_no_year_twice() -> None:
    # Issue 22: "... peaceful use of nuclear energy (1992) (1992)": a title that ends in its
    # year takes the span in its place, and the axis labels a year once.
    fig = _timeline("bundled")
    captions = _captions(fig)
    assert not [c for c in captions if re.search(r"\(\d{4}\) \(", c)]
    assert (
        "Russia–Iran agreement on cooperation in the peaceful use of nuclear energy (1992)"
        in captions
    )
    assert (
        "Treaty on the Basis for Mutual Relations and the Principles of Cooperation between "
        "Russia and Iran (signed 2001 – in force 2002)" in captions
    )
    for which in ("bundled", "grown"):
        years = [t.get_text() for t in _timeline(which).axes[0].get_xticklabels()]
        assert len(years) == len(set(years)), years


def test_timeline_bundled_has_no_sanction_in_its_legend() -> None:
    tf = _example("timeline_figure")
    fig = _timeline("bundled")
    assert not _legend(fig, tf.GROUPS["sanction"])
    assert _legend(fig, tf.GROUPS["event"]) == ["on a day", "over a period"]


def test_timeline_gives_the_recent_years_room() -> None:
    ax = _timeline("bundled").axes[0]
    ticks = {t.get_text(): x for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)}
    # Entries crowd 2023–2025: a year there gets several times the width of a year of
    # 1991–2022, and history before 1991 (three centuries) keeps a narrow band.
    recent = ticks["2025"] - ticks["2024"]
    earlier = (ticks["1995"] - ticks["1991"]) / 4
    assert recent >= 3 * earlier
    assert ticks["1991"] <= 0.3


def test_network_leaves_out_authors_and_media_unless_asked() -> None:
    nf = _example("network_figure")
    ds = ruiran.load()
    reporters = {"associated-press", "joseph-krauss", "jon-gambrell", "julia-frankel"}
    for actors in ("states", "people"):
        graph = nf.political_graph(ds, actors=actors)
        assert reporters.isdisjoint(graph)
        assert not [n for n in graph if nf.kind_of(ds, n) == "media"]
    assert reporters <= set(nf.political_graph(ds, actors="all"))
    names = {t for t, _ in _texts(_network("people"))}
    assert "Julia Frankel" not in names
    assert "Associated Press" not in names
    assert "Vladimir Putin" in names
    assert "Julia Frankel" in {t for t, _ in _texts(_network("all"))}


def test_network_shows_states_blocs_and_agreements_by_default() -> None:
    # Issue 22: readable by default; persons, ministries, companies and the media on request.
    nf = _example("network_figure")
    ds = ruiran.load()
    graph = nf.political_graph(ds)
    assert {ds[n].type for n in graph} == {"state", "bloc", "organization"}
    organizations = {n for n in graph if ds[n].type == "organization"}
    assert organizations == {"united-nations", "un-security-council"}  # bodies of states
    assert {"russia", "iran", "united-states", "european-union", "eaeu"} <= set(graph)
    names = {" ".join(t.split()) for t, _ in _texts(_network("states"))}
    for person in ("Vladimir Putin", "Masoud Pezeshkian", "Julia Frankel", "Sergei Lavrov"):
        assert person not in names
    assert "Rosatom" not in names
    assert "Associated Press" not in names
    assert set(_legend(_network("states"), "Actors:")) == {"state", "bloc", "organization"}
    with pytest.raises(ValueError, match="actors must be one of states, people, all"):
        nf.political_graph(ds, actors="everyone")


def test_network_ties_third_parties_only_to_the_pair() -> None:
    # A summit's guests are tied to Russia and Iran, not to each other (Kyrgyzstan and Belarus
    # met at the Eurasian Economic Union's summits, which is not the figure's story).
    nf = _example("network_figure")
    ds = ruiran.load()
    graph = nf.political_graph(ds, actors="people")
    pair = ("russia", "iran")
    ties = nf._ties(ds, graph, set(), pair)
    events = [(u, v) for u, v, kind in ties if kind == "event"]
    assert events
    for u, v in events:
        assert {u, v} & set(pair) or (nf._homes(ds, u) | nf._homes(ds, v)) & set(pair), (u, v)
    assert ("russia", "vladimir-putin", "event") in ties or (
        "vladimir-putin",
        "russia",
        "event",
    ) in ties
    everything = nf._ties(ds, graph, set(), ("kyrgyzstan", "belarus"))
    assert ("belarus", "kyrgyzstan", "event") in everything


def test_network_script_takes_the_actors_keyword(tmp_path: Path) -> None:
    out = tmp_path / "people.png"
    assert "wrote" in _run("network_figure.py", tmp_path, str(out), "--actors", "people")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    nf = _example("network_figure")
    with pytest.raises(SystemExit, match="--actors must be one of states, people, all"):
        nf.main([str(out), "--actors", "media"])


def test_network_boxes_say_where_each_party_stands() -> None:
    # Issue 22: the JCPOA's US withdrawal is one party's step, not the agreement's end; the
    # INSTC's status is its founders' entry into force, not Azerbaijan's 2005 accession.
    captions = {" ".join(t.split()) for t, _ in _texts(_network("states"))}
    assert any(
        c.startswith("Joint Comprehensive Plan of Action")
        and c.endswith("memorandum, in force 2015-10-18; United States withdrawn 2018-05-08")
        for c in captions
    )
    instc = next(c for c in captions if c.startswith("Intergovernmental agreement"))
    assert instc.endswith("treaty, in force 2002-05")
    assert "2005" not in instc
    assert "terminated" not in " ".join(captions)
    caspian = next(c for c in captions if c.startswith("Convention on the Legal Status"))
    assert caspian.endswith("treaty, Russia ratified 2019-10-01, Iran signed 2018-08-12")


@pytest.mark.parametrize("actors", ["states", "people", "all"])
def test_network_is_readable(actors: str) -> None:
    _assert_readable(_network(actors))


@pytest.mark.parametrize("actors", ["states", "people", "all"])
def test_network_legend_lists_the_kinds_of_actor_drawn(actors: str) -> None:
    nf = _example("network_figure")
    ds = ruiran.load()
    fig = _network(actors)
    kinds = {nf.kind_of(ds, n) for n in nf.political_graph(ds, actors=actors)}
    assert set(_legend(fig, "Actors:")) == {nf.NODE_LABELS[k] for k in kinds}
    assert ("media, reporter" in _legend(fig, "Actors:")) is (actors == "all")


def test_network_shows_russia_and_iran_apart_and_every_agreement_labelled() -> None:
    ds = ruiran.load()
    fig = _network("states")
    texts = dict(_texts(fig))
    russia, iran = texts["Russia"], texts["Iran"]
    assert iran.x0 - russia.x1 >= 2 * fig.dpi  # two inches between their names, at least
    captions = [" ".join(t.split()) for t in texts]
    # Every bundled agreement binds both, if only through a bloc (Russia is in the EAEU).
    assert len(ds.agreements) >= 6
    for agreement in ds.agreements:
        assert any(c.startswith(agreement.title) for c in captions), agreement.title


def test_quickstart_answers_with_sources(tmp_path: Path) -> None:
    out = _run("quickstart.py", tmp_path)
    assert "2025-01-17" in out
    assert "Vladimir Putin, Masoud Pezeshkian" in out
    assert "bushehr-nuclear-cooperation" in out


def test_pandas_analysis(tmp_path: Path) -> None:
    out = _run("sanctions_agreements_pandas.py", tmp_path)
    assert "eaeu-iran-free-trade-agreement" in out
    assert "the-west" in out


def test_ftm_export(tmp_path: Path) -> None:
    out = _run("ftm_export.py", tmp_path, "entities.jsonl")
    lines = (tmp_path / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    assert f"wrote {len(lines)} entities" in out
    assert len(lines) > 50


def test_own_dataset_is_checked_then_merged(tmp_path: Path) -> None:
    # Russia and Iran are states of the reference table, which any dataset may name: alone,
    # the folder fails only on the agreement it names, which the bundled data alone holds.
    out = _run("own_dataset.py", tmp_path)
    alone = next(line for line in out.splitlines() if line.startswith("on its own: "))
    assert "field 'related.0': 'caspian-sea-convention' does not name any record" in alone
    # no record id 'russia' in it (the checkout's path may hold the word: this one's does)
    assert "'russia'" not in alone
    assert "Talks on Caspian shipping" in out
    assert "concerns: Convention on the Legal Status of the Caspian Sea" in out


# --- the sanctions regimes figure ------------------------------------------------------------


def test_sanctions_figure_has_a_lane_per_dated_regime_and_explains_its_marks() -> None:
    sf = _example("sanctions_figure")
    ds = ruiran.load()
    lanes = sf.regimes(ds)
    dated = [s for s in ds.sanctions if any(m.date for m in s.milestones)]
    assert sorted(s.id for s in lanes) == sorted(s.id for s in dated)
    assert [s.target for s in lanes] == sorted(
        (s.target for s in lanes), key=["iran", "russia"].index
    )
    fig = sf.figure(ds)
    (ax,) = fig.axes
    assert len(ax.get_yticklabels()) == len(lanes)
    # Two US listings regimes on Iran (CAATSA, the drone suppliers) read alike without a year.
    lane_names = [t.get_text() for t in ax.get_yticklabels()]
    assert len(set(lane_names)) == len(lane_names), lane_names
    labels = {t.get_text() for legend in fig.legends for t in legend.get_texts()}
    drawn = {sf.MARKERS[m.action][1] for s in lanes for m in s.milestones if m.date is not None}
    assert drawn <= labels
    assert {"in force on Iran", "in force on Russia"} <= labels
    assert f"{len(ds.sanctions) - len(lanes)} sanctions with no dated step" in ax.get_xlabel()
    import matplotlib.pyplot as plt

    plt.close(fig)


# --- the pulse figure -------------------------------------------------------------------------


@cache
def _pulse(coded: bool) -> Any:
    """The pulse figure of the bundled data since 2000; ``coded``: with synthetic GDELT events."""
    ds = ruiran.load()
    if coded:
        from ruiran.testing import synthetic_gdelt

        folder = Path(tempfile.mkdtemp())
        ds = ruiran.ingest.gdelt(
            synthetic_gdelt(folder / "events.tsv", 3000, seed=5), between=("Russia", "Iran")
        )
    frame = ruiran.pulse("Russia", "Iran", start="2000", dataset=ds)
    return _example("pulse_figure").figure(frame, "Russia", "Iran")


def _every_text(fig: Any) -> list[tuple[str, Any]]:
    """Every text of the figure with its box: titles, axis labels, tick labels (both axes,
    twins included), notes and the panels' legends, besides what ``_texts`` measures."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [*fig.texts]
    if fig._suptitle is not None:
        texts.append(fig._suptitle)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        texts += ax.texts
        # the labels of the ticks drawn: a locator also labels ticks outside the view
        # and not those a shared axis hides (labelbottom, labelleft, labelright off)
        for axis, at, sides in (
            (ax.xaxis, 0, ("labelbottom",)),
            (ax.yaxis, 1, ("labelleft", "labelright")),
        ):
            if not axis.get_visible() or not any(
                axis.get_tick_params().get(side, False) for side in sides
            ):
                continue
            lo, hi = sorted(axis.get_view_interval())
            texts += [t for t in axis.get_ticklabels() if lo <= t.get_position()[at] <= hi]
        legend = ax.get_legend()
        if legend is not None:
            texts += legend.get_texts()
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in dict.fromkeys(texts)  # the suptitle is also one of fig.texts
        if t.get_visible() and t.get_text().strip()
    ]


@pytest.mark.parametrize("coded", [False, True])
def test_pulse_is_readable(coded: bool) -> None:
    # Issue 25: readable at a glance: nothing runs off the figure, no two texts overlap.
    fig = _pulse(coded)
    texts = _every_text(fig)
    readable.assert_apart(texts, fig.bbox)
    _assert_readable(fig)


def test_pulse_panels_say_what_they_show() -> None:
    titles = [ax.get_title(loc="left") for ax in _pulse(False).axes]
    assert titles == [
        "High-level meetings (cited)",
        "GDELT coded events",
        "UN General Assembly: share of votes alike",
        "Agreements' milestones as held: a selection, not counted (a hollow dot per step)",
        "Sanctions regimes in force",
    ]
    notes = [t.get_text() for t in _pulse(False).axes[1].texts]
    assert notes == ["No coded events loaded: run with --gdelt FILE to draw GDELT's counts"]
    assert not _pulse(True).axes[1].texts  # drawn, not excused
    votes = " ".join(" ".join(t.get_text().split()) for t in _pulse(False).axes[2].texts)
    assert votes == "votes data ends 2019"


def test_pulse_sanctions_step_at_the_year_they_count_from() -> None:
    # A regime first in force in 2014 is drawn from the first day of 2014 (x = 2014), not
    # from the middle of 2013: each year's count holds over the whole of that year.
    from matplotlib.cbook import STEP_LOOKUP_MAP

    frame = ruiran.pulse("Russia", "Iran", start="2000")
    ax = _pulse(False).axes[-1]
    lines = {line.get_label(): line for line in ax.lines}
    # sanctions on Russia: the US's and the EU's are researched from 2014-03-06, so the years
    # from 2014 are counted and the legend says where the count starts
    assert frame.set_index("year")["sanctions_on_a"].loc[:2013].isna().all()
    assert RUSSIA_HELD not in lines
    held = frame.assign(sanctions_on_a=frame["sanctions_on_a"].fillna(0))
    for column, name in (("sanctions_on_b", "on Iran"), ("sanctions_on_a", RUSSIA_COUNTED)):
        line = lines[name]
        xs, ys = STEP_LOOKUP_MAP[line.get_drawstyle()](*line.get_data())
        flat = [
            (x0, x1, y) for x0, x1, y, y1 in zip(xs, xs[1:], ys, ys[1:], strict=False) if y == y1
        ]

        def drawn(x: float, flat: list[tuple[float, float, float]] = flat) -> float:
            return next(y for x0, x1, y in flat if x0 <= x <= x1)

        for year, count in zip(held["year"], held[column], strict=True):
            if count:  # nothing held on Russia before 2014: no line, not a line at 0
                assert drawn(year + 0.02) == count, (name, year)
                assert drawn(year + 0.98) == count, (name, year)
        assert len(set(held[column])) > 1  # the line steps: regimes come in since 2000


#: The legend of the sanctions on Russia as held: not counted, for want of coverage.
RUSSIA_HELD = "on Russia, as held\n(not counted)"
#: The legend of the sanctions on Russia as counted: from the researched statement's year.
RUSSIA_COUNTED = "on Russia,\ncounted from 2014"


def _without_russia_statement() -> ruiran.Dataset:
    """The bundled data less its statement on the sanctions on Russia: they are then held as
    found, not counted (as before session 23), so the figure draws them as held."""
    ds = ruiran.load()
    assert ds.coverage is not None
    covers = tuple(s for s in ds.coverage.covers if "russia" not in s.targets)
    assert len(covers) == len(ds.coverage.covers) - 1
    coverage = ds.coverage.model_copy(update={"covers": covers})
    return ruiran.Dataset(list(ds), coverage=coverage)


def test_pulse_draws_what_is_held_where_nothing_is_counted() -> None:
    # Issue 25 puts the meetings "beside the agreements' milestones and the sanctions
    # regimes": where no statement lets them be counted, the figure draws what the data holds,
    # light and apart from the counts: a hollow dot per held milestone, a dashed light line of
    # the regimes held on Russia; years after the as-of date stay grey (pulse3).
    import matplotlib.pyplot as plt

    frame = ruiran.pulse("Russia", "Iran", start="1995", end="2027")
    fig = _example("pulse_figure").figure(frame, "Russia", "Iran")
    steps, sanctions = fig.axes[3], fig.axes[4]
    assert RUSSIA_HELD not in [line.get_label() for line in sanctions.lines]  # counted now
    plt.close(fig)
    # without a statement on them, the sanctions on Russia are drawn as held
    frame = ruiran.pulse(
        "Russia", "Iran", start="1995", end="2027", dataset=_without_russia_statement()
    )
    fig = _example("pulse_figure").figure(frame, "Russia", "Iran")
    steps, sanctions = fig.axes[3], fig.axes[4]
    dots = [(x, y) for line in steps.lines for x, y in zip(*line.get_data(), strict=True)]
    held = {int(y): len(n) for y, n in zip(frame["year"], frame["milestone_names"], strict=True)}
    assert sorted({round(x - 0.5) for x, _ in dots}) == sorted(y for y, n in held.items() if n)
    assert len(dots) == sum(held.values())
    assert max(y for x, y in dots if round(x - 0.5) == 2025) == 5  # the treaty's steps, and more
    assert all(line.get_markerfacecolor() == "white" for line in steps.lines)  # hollow
    assert "not counted" in steps.get_title(loc="left")
    assert not steps.texts  # the dots say it, no note over them
    assert {round(p.get_x()) for p in steps.patches} == {2026, 2027}  # grey after as-of only
    (russia,) = [line for line in sanctions.lines if line.get_label() == RUSSIA_HELD]
    assert russia.get_linestyle() == "--"
    assert (russia.get_alpha() or 1) < 1
    ys = dict(zip(russia.get_xdata(), russia.get_ydata(), strict=True))
    assert ys[2022] == 7  # the regimes held in force on Russia in 2022
    assert all(y != y for x, y in ys.items() if x < 2014 or x >= 2026)  # none held; unknown
    assert RUSSIA_HELD in [t.get_text() for t in sanctions.get_legend().get_texts()]
    assert "Hollow dots, dashed light lines: what the data holds" in sanctions.get_xlabel()
    readable.assert_apart(_every_text(fig), fig.bbox)
    plt.close(fig)


def test_pulse_draws_a_year_the_data_cannot_give_as_a_gap_not_a_zero() -> None:
    # Before 2000 no statement covers the meetings, none the agreements or the sanctions on
    # Russia, after the as-of date nothing is cited:
    # those years have no bar (not a bar of 0) and are shaded, and the caption says why.
    import matplotlib.pyplot as plt

    frame = ruiran.pulse("Russia", "Iran", start="1995", end="2027")
    fig = _example("pulse_figure").figure(frame, "Russia", "Iran")
    meet, steps, sanctions = fig.axes[0], fig.axes[3], fig.axes[4]

    def bars(ax: Any) -> set[int]:
        return {round(p.get_x() - 0.15) for p in ax.patches if p.get_width() < 1}

    def shaded(ax: Any) -> set[int]:
        return {round(p.get_x()) for p in ax.patches if p.get_width() >= 1}

    assert bars(meet) == set(range(2000, 2026))
    assert shaded(meet) == {*range(1995, 2000), 2026, 2027}
    # no statement covers the agreements: no year of milestones is counted, none drawn as 0
    # (what is held is drawn as such: test_pulse_draws_what_is_held_where_nothing_is_counted)
    assert bars(steps) == set()
    assert shaded(steps) == {2026, 2027}
    assert shaded(sanctions) == {2026, 2027}
    assert "Grey: a year the data cannot give" in sanctions.get_xlabel()
    ys = sanctions.lines[1].get_ydata()  # Iran's
    assert all(y != y for y in ys[-3:])  # NaN after the as-of date: no line drawn
    # sanctions on Russia: researched from 2014-03-06, so a count's line from 2014 whose
    # legend says so; before 2014 no count (verify23b, item 2), never a line at 0
    assert [line.get_label() for line in sanctions.lines] == [RUSSIA_COUNTED, "on Iran"]
    russia = dict(zip(*sanctions.lines[0].get_data(), strict=True))
    assert all(y != y for x, y in russia.items() if x < 2014)
    assert 0 not in sanctions.lines[0].get_ydata()
    _assert_readable(fig)
    readable.assert_apart(_every_text(fig), fig.bbox)
    plt.close(fig)
