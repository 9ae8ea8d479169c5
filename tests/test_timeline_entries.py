"""A timeline entry shows exactly what it is: its repr and its HTML table, to the character.

The rules, written out here: the repr is ``<TimelineEntry {when} {kind} {record id!r}:
{label}>``, the label clipped to 80 characters with an ellipsis when it is longer; the HTML
table is captioned ``TimelineEntry`` and has the rows when, kind, label and record, in that
order, their values escaped.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from ruiran import Dataset, TimelineEntry
from ruiran.model import Citation, Event, PartialDate, Participant, Role

LIMIT = 80


class _Table(HTMLParser):
    """The caption, the row headings and each row's text of a definition table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.caption = ""
        self.headings: list[str] = []
        self.cells: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        if tag == "th":
            self.headings.append("")
        elif tag == "td" and self._in.count("td") == 1:
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if "caption" in self._in:
            if self._in.count("table") == 1:  # the entry's own, not its record's
                self.caption += data
        elif "td" in self._in:
            self.cells[-1] += data
        elif "th" in self._in:
            self.headings[-1] += data


def _shown(label: str) -> str:
    return label if len(label) <= LIMIT else label[: LIMIT - 1] + "…"


def test_every_bundled_entry_repr_is_exactly_its_line(bundled: Dataset) -> None:
    entries = bundled.timeline("Iran")
    assert entries
    for entry in entries:
        expected = (
            f"<TimelineEntry {entry.when} {entry.kind} {entry.record.id!r}: {_shown(entry.label)}>"
        )
        assert repr(entry) == expected


def _event(title: str) -> Event:
    return Event(
        id="e",
        kind="visit",  # type: ignore[arg-type]
        title=title,
        date=PartialDate.parse("2000-02-29"),
        participants=(Participant(actor="iran", role=Role.PARTICIPANT),),
        citations=(Citation(source="s", quote="q"),),
    )


@pytest.mark.parametrize("length", [1, LIMIT - 1, LIMIT, LIMIT + 1, 3 * LIMIT])
def test_a_label_is_clipped_only_past_the_limit(length: int) -> None:
    title = ("<Tehran & Moscow> " * length)[:length]
    entry = TimelineEntry(PartialDate.parse("2000-02-29"), _event(title))
    shown = repr(entry).removeprefix("<TimelineEntry 2000-02-29 event 'e': ").removesuffix(">")
    assert shown == (title if length <= LIMIT else title[: LIMIT - 1] + "…")
    assert len(shown) == min(length, LIMIT)


def test_an_entry_in_html_is_its_four_rows_escaped(bundled: Dataset) -> None:
    for entry in bundled.timeline("Russia", "Iran")[:20]:
        table = _Table()
        table.feed(entry._repr_html_())
        assert table.caption == "TimelineEntry"
        assert table.headings[:4] == ["when", "kind", "label", "record"]
        assert table.cells[:3] == [str(entry.when), entry.kind, entry.label]
        assert entry.record.id in table.cells[3]


def test_hostile_text_is_escaped_in_the_html_of_an_entry() -> None:
    title = "<script>alert('x')</script> & more"
    entry = TimelineEntry(PartialDate.parse("2000-02-29"), _event(title))
    html = entry._repr_html_()
    assert "<script>" not in html
    table = _Table()
    table.feed(html)
    assert table.cells[2] == title
