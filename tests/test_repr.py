"""How records, results and datasets show themselves: short reprs, and escaped HTML for Jupyter."""

from __future__ import annotations

import copy
import pickle
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given

import ruiran
from ruiran import Agreement, Dataset, Event, Records, TimelineEntry
from ruiran.model import (
    AnyRecord,
    Citation,
    Milestone,
    PartialDate,
    Period,
    Position,
    Sanction,
    Source,
    State,
)
from ruiran.query.results import HTML_ROWS, TEXT_ROWS
from ruiran.testing import datasets

HOSTILE = "<script>alert('x')</script> & \"quoted\" </td></table>"

#: The only tags ruiran's HTML may hold: anything else came from a value left unescaped.
TAGS = {
    "b", "caption", "details", "div", "li", "ol", "small", "summary", "table", "tbody", "td",
    "th", "thead", "tr",
}  # fmt: skip


class _Html(HTMLParser):
    """Collects the tags and the text (entities decoded) of an HTML fragment, checking nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open.pop() == tag, f"</{tag}> closes another tag"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> tuple[set[str], str]:
    """The tags used and the text shown by an HTML fragment; fails on tags left open."""
    parser = _Html()
    parser.feed(html)
    parser.close()
    assert parser.open == [], f"tags left open: {parser.open}"
    assert set(parser.tags) <= TAGS, set(parser.tags) - TAGS
    return set(parser.tags), "".join(parser.text)


def _cite(quote: str = "Iran", **extra: Any) -> tuple[Citation, ...]:
    return (Citation(source="s", quote=quote, **extra),)


def hostile_records() -> list[AnyRecord]:
    """A small valid dataset whose every free text is hostile HTML."""
    cite = _cite(HOSTILE, note=HOSTILE)
    return [
        Source(id="s", title=HOSTILE, kind="other", publisher=HOSTILE),  # type: ignore[arg-type]
        State(id="russia", name="Russia", aliases=(HOSTILE,), citations=cite),
        State(id="iran", name=HOSTILE, citations=cite),
        Agreement(
            id="deal",
            title=HOSTILE,
            kind="treaty",  # type: ignore[arg-type]
            parties=("russia", "iran"),
            milestones=(
                Milestone(
                    stage="signed",  # type: ignore[arg-type]
                    date=PartialDate.parse("2025-01-17"),
                    actors=("russia", "iran"),
                    note=HOSTILE,
                    citations=cite,
                ),
            ),
            summary=HOSTILE,
            citations=cite,
        ),
    ]


@pytest.fixture(scope="module")
def hostile() -> Dataset:
    return Dataset(hostile_records())


# -- records: one short line ------------------------------------------------------------------


def test_a_record_repr_is_one_short_line() -> None:
    treaty = hostile_records()[3]
    assert repr(treaty) == f"<Agreement 'deal': {HOSTILE} (2025-01-17, 1 milestone, 2 citations)>"
    iran = State(id="iran", name="Iran", citations=_cite())
    assert repr(iran) == "<State 'iran': Iran (1 citation)>"
    assert repr(Source(id="s", title="T", kind="other")) == "<Source 's': T>"  # type: ignore[arg-type]


def test_every_bundled_record_shows_in_one_short_line(bundled: Dataset) -> None:
    for record in bundled:
        text = repr(record)
        assert text.startswith(f"<{type(record).__name__} {record.id!r}: "), text
        assert "\n" not in text
        assert "Citation(" not in text  # nested values are counted, not dumped
        assert len(text) <= len(record.id) + 160, text


def test_the_treaty_repr_counts_what_it_holds(bundled: Dataset) -> None:
    treaty = bundled["treaty-comprehensive-strategic-partnership"]
    assert isinstance(treaty, Agreement)
    cited = len(treaty.citations) + sum(len(m.citations) for m in treaty.milestones)
    assert repr(treaty).endswith(f"{len(treaty.milestones)} milestones, {cited} citations)>")
    assert len(repr(treaty)) < 200 < len(str(treaty))  # str is still every field


def test_long_titles_are_clipped() -> None:
    event = Event(
        id="e",
        kind="visit",  # type: ignore[arg-type]
        title="x" * 500,
        participants=({"actor": "iran", "role": "host"},),  # type: ignore[arg-type]
        citations=_cite(),
    )
    assert repr(event) == f"<Event 'e': {'x' * 79}… (1 participant, 1 citation)>"


def test_a_value_repr_shows_what_is_set_and_counts_nested_values() -> None:
    milestone = Milestone(
        stage="signed",  # type: ignore[arg-type]
        date=PartialDate.parse("2025-01-17"),
        actors=("russia", "iran"),
        citations=_cite() * 2,
    )
    assert repr(milestone) == (
        "Milestone(stage='signed', date='2025-01-17', actors=('russia', 'iran'), "
        "citations=<2 citations>)"
    )
    assert repr(Position(title="President", period=Period.parse("2024/.."))) == (
        "Position(title='President', period='2024/..')"
    )
    assert repr(_cite(supports=("name",))[0]) == (
        "Citation(source='s', quote='Iran', supports=('name',))"
    )
    long = Citation(source="s", quote="q" * 300)
    assert repr(long) == f"Citation(source='s', quote='{'q' * 99}…')"
    assert long.quote == "q" * 300  # the data is whole


@given(datasets())
def test_reprs_of_any_record_are_short_and_html_is_escaped(records: list[AnyRecord]) -> None:
    for record in records:
        text = repr(record)
        assert text.startswith(f"<{type(record).__name__} {record.id!r}")
        assert len(text) <= len(record.id) + 200
        _, shown = parse(record._repr_html_())
        assert record.id in shown
        for citation in record.citations:
            assert citation.quote in shown


def test_equality_hashing_pickling_and_dumps_are_untouched(bundled: Dataset) -> None:
    for record in bundled:
        again = type(record).model_validate(record.model_dump())
        assert again == record
        assert hash(again) == hash(record)
        assert pickle.loads(pickle.dumps(record)) == record
        assert copy.deepcopy(record) == record
        assert "id" in record.model_dump()
        assert f"id={record.id!r}" in str(record)  # pydantic's str lists the fields


# -- records in HTML ----------------------------------------------------------------------------


def test_a_record_in_html_escapes_every_value() -> None:
    treaty = hostile_records()[3]
    html = treaty._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    tags, shown = parse(html)
    assert "li" in tags  # milestones and citations as lists
    assert shown.count(HOSTILE) >= 5  # title, summary, note, quotes, citation notes
    assert "2025-01-17" in shown
    assert "russia, iran" in shown


def test_a_value_and_a_source_in_html() -> None:
    _, shown = parse(hostile_records()[0]._repr_html_())
    assert HOSTILE in shown
    _, shown = parse(Position(title=HOSTILE)._repr_html_())
    assert HOSTILE in shown


def test_the_bundled_treaty_in_html_shows_every_quote(bundled: Dataset) -> None:
    treaty = bundled["treaty-comprehensive-strategic-partnership"]
    assert isinstance(treaty, Agreement)
    _, shown = parse(treaty._repr_html_())
    quotes = [c.quote for c in treaty.citations] + [
        c.quote for m in treaty.milestones for c in m.citations
    ]
    assert all(quote in shown for quote in quotes)


# -- timeline entries ---------------------------------------------------------------------------


def test_a_timeline_entry_repr_is_one_short_line(bundled: Dataset) -> None:
    entries = bundled.timeline("Russia", "Iran")
    assert entries
    for entry in entries:
        text = repr(entry)
        assert text.startswith(f"<TimelineEntry {entry.when} {entry.kind} {entry.record.id!r}: ")
        assert "Citation" not in text
        assert len(text) <= 60 + len(entry.record.id) + 80
    _, shown = parse(entries[0]._repr_html_())
    assert entries[0].label in shown
    assert entries[0].record.citations[0].quote in shown


def test_a_timeline_entry_in_html_escapes(hostile: Dataset) -> None:
    (entry,) = hostile.timeline("russia", "iran")
    assert isinstance(entry, TimelineEntry)
    html = entry._repr_html_()
    assert "<script>" not in html
    assert HOSTILE in parse(html)[1]


# -- Records: a real tuple ------------------------------------------------------------------------


def test_records_are_a_real_tuple() -> None:
    iran = State(id="iran", name="Iran", citations=_cite())
    russia = State(id="russia", name="Russia", citations=_cite())
    found = Records([iran, russia])
    assert isinstance(found, tuple)
    assert found == (iran, russia)
    assert (iran, russia) == found
    assert found != (russia, iran)
    assert hash(found) == hash((iran, russia))
    assert {found: 1}[(iran, russia)] == 1
    assert found[0] is iran
    assert found[-1] is russia
    assert found[:1] == (iran,)
    assert type(found[:1]) is tuple
    assert found + (iran,) == (iran, russia, iran)  # noqa: RUF005 - the tuple's own +
    first, second = found
    assert (first, second) == (iran, russia)
    assert list(found) == [iran, russia]
    assert len(found) == 2
    assert found.index(russia) == 1
    assert found.count(iran) == 1
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(found, protocol=protocol))
        assert type(again) is Records
        assert again == found
    assert type(copy.copy(found)) is Records
    assert copy.deepcopy(found) == found
    assert Records() == ()
    assert not Records()
    # Beyond the items, an answer holds only its coverage gaps (issue 22): not compared,
    # kept by pickling and copying.
    gapped = found.with_gaps(["a gap"])
    assert gapped == found
    assert hash(gapped) == hash(found)
    assert found.gaps == ()
    assert pickle.loads(pickle.dumps(gapped)).gaps == ("a gap",)
    assert copy.copy(gapped).gaps == ("a gap",)


def test_records_repr_lists_one_short_line_each() -> None:
    iran = State(id="iran", name="Iran", citations=_cite())
    assert repr(Records()) == "Records()"
    assert repr(Records([iran])) == "Records of 1 state:\n  <State 'iran': Iran (1 citation)>"
    many = Records(Position(title=f"Office {i}") for i in range(TEXT_ROWS + 7))
    lines = repr(many).splitlines()
    assert lines[0] == f"Records of {TEXT_ROWS + 7} positions:"
    assert lines[1] == "  Position(title='Office 0')"
    assert lines[-1] == f"  Position(title='Office {TEXT_ROWS + 6}')"
    assert "  … 7 more …" in lines
    assert len(lines) == 1 + TEXT_ROWS + 1


def test_records_repr_names_what_they_hold(bundled: Dataset) -> None:
    assert repr(bundled.actors).startswith(f"Records of {len(bundled.actors)} actors:")
    assert repr(bundled.timeline("Iran")).startswith("Records of ")
    assert " timeline entries (" in repr(bundled.timeline("Iran")).splitlines()[0]  # incomplete
    cited = bundled.citing("russia-iran-deepening-alliance")
    assert repr(cited).startswith(f"Records of {len(cited)} records:")


def test_records_in_html_are_a_table(hostile: Dataset) -> None:
    html = hostile.agreements_between("russia", "iran")._repr_html_()
    assert "<script>" not in html
    tags, shown = parse(html)
    assert {"table", "thead", "tr", "th", "td"} <= tags
    assert "1 agreement" in shown
    assert HOSTILE in shown
    assert "agreement (treaty)" in shown
    assert "2025-01-17" in shown
    assert parse(Records()._repr_html_())[1].startswith("no records")


def test_long_records_in_html_show_the_first_and_last_rows() -> None:
    many = Records(Position(title=f"Office {i}") for i in range(HTML_ROWS + 5))
    _, shown = parse(many._repr_html_())
    half = HTML_ROWS // 2
    assert f"Office {half - 1}" in shown
    assert f"Office {half}" not in shown
    assert f"Office {HTML_ROWS + 4}" in shown
    assert f"Office {half + 5}" in shown
    assert f"Office {half + 4}" not in shown
    assert "…" in shown
    assert many._repr_html_().count("<tr>") == 1 + HTML_ROWS + 1  # header, rows, the gap


QUERIES = [
    ("actors", lambda ds: ds.actors),
    ("agreements", lambda ds: ds.agreements),
    ("sanctions", lambda ds: ds.sanctions),
    ("events", lambda ds: ds.events),
    ("sources", lambda ds: ds.sources),
    ("agreements_between", lambda ds: ds.agreements_between("Russia", "Iran")),
    ("agreements_between on", lambda ds: ds.agreements_between("Russia", "Iran", on="2025")),
    ("agreements_involving", lambda ds: ds.agreements_involving("Iran", area="trade")),
    ("events_between", lambda ds: ds.events_between("Russia", "Iran", start="2024")),
    ("events_involving", lambda ds: ds.events_involving("Israel", kind="19")),
    ("sanctions_on", lambda ds: ds.sanctions_on("Iran")),
    ("sanctions_on by", lambda ds: ds.sanctions_on("Iran", by="United States")),
    ("sanctions_by", lambda ds: ds.sanctions_by("United States", on="2024", include_undated=True)),
    ("timeline", lambda ds: ds.timeline("Russia", "Iran")),
    ("undated", lambda ds: ds.undated("Russia", "Iran")),
    ("offices", lambda ds: ds.offices("Putin")),
    ("offices on", lambda ds: ds.offices("Putin", on="2024")),
    ("members", lambda ds: ds.members("EAEU", on="2024")),
    ("blocs_of", lambda ds: ds.blocs_of("Iran")),
    ("partners", lambda ds: ds.partners("Iran")),
    ("citing", lambda ds: ds.citing("russia-iran-deepening-alliance")),
    ("citing a passage", lambda ds: ds.citing("russia-iran-deepening-alliance", "in 2013")),
]


@pytest.mark.parametrize("query", [q for _, q in QUERIES], ids=[name for name, _ in QUERIES])
def test_every_query_returns_records(bundled: Dataset, query: Any) -> None:
    found = query(bundled)
    assert type(found) is Records
    assert found, "pick a query with an answer"
    assert found == tuple(found)
    parse(found._repr_html_())


def test_module_helpers_return_records() -> None:
    found: Records[Agreement] = ruiran.agreements_between("Russia", "Iran")
    first: Agreement = found[0]  # mypy keeps the item type
    assert type(found) is Records
    assert isinstance(first, Agreement)
    assert type(ruiran.timeline("Russia", "Iran")) is Records
    assert type(ruiran.sanctions_on("Iran")) is Records
    sanctions: tuple[Sanction, ...] = ruiran.sanctions_on("Iran")  # still a tuple to mypy
    assert sanctions == ruiran.sanctions_on("Iran")


# -- datasets ---------------------------------------------------------------------------------------


def test_dataset_repr_counts_in_words(hostile: Dataset) -> None:
    assert repr(hostile) == (
        "<Dataset of 4 records: 2 actors, 1 agreement, 0 sanctions, 0 events, 1 source>"
    )


def test_dataset_in_html(hostile: Dataset, bundled: Dataset) -> None:
    html = hostile._repr_html_()
    assert "<script>" not in html
    tags, shown = parse(html)
    assert "details" in tags
    assert "Dataset of 4 records" in shown
    assert HOSTILE in shown
    assert "1 agreement" in shown
    assert html.count("<details>") == 3  # actors, the agreement, the source: no empty kind
    _, shown = parse(bundled._repr_html_())
    assert f"the first 5 of {len(bundled.actors)} actors" in shown
    states = sum(1 for a in bundled.actors if a.type == "state")
    assert f"{states} states" in shown


def test_a_conflict_counts_the_fields_it_does_not_show(bundled: Dataset) -> None:
    from ruiran.dataset.integrity import conflict

    iran = bundled["iran"]
    changes: dict[str, object] = {"name": "P", "aliases": ("Q",), "description": "R"}
    assert not conflict(iran, iran.model_copy(update=changes)).endswith("more field")
    changes["wikidata"] = "Q1"
    assert conflict(iran, iran.model_copy(update=changes)).endswith(" and 1 more field")
    changes["cow_code"] = 1
    assert conflict(iran, iran.model_copy(update=changes)).endswith(" and 2 more fields")
