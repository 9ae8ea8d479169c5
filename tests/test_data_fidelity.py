"""Data fidelity of the bundled dataset: every fact traced to the exact words of its source.

- every quote occurs verbatim in its source's shipped text, and every shipped text is used;
- the article's text is the original page without its debris, and no quote comes from the debris;
- every record and every milestone cites something, and every date (and every milestone's
  party) is supported by a citation;
- every sentence of the article is cited or deliberately excluded (scripts/coverage.py);
- an analyst's first questions, answered through the public API.

The original page, debris included, is kept byte for byte in ``tests/fixtures/``: the suite reads
nothing outside the repository, so a fresh clone passes on its own. Texts are read as exact bytes
(no newline translation), as a quote must match them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

import loading
import ruiran
from ruiran import Dataset, Modality, PartialDate, Period, Stage
from ruiran.dataset.index import all_citations
from ruiran.model import (
    Agreement,
    AnyRecord,
    Bloc,
    Citation,
    Derivation,
    Event,
    EventKind,
    Person,
    Role,
    Sanction,
    SanctionStatus,
    Source,
    State,
)

ROOT = Path(__file__).absolute().parents[1]
DATA = Path(ruiran.__file__).parent / "data"
ARTICLE = "russia-iran-deepening-alliance"
ORIGINAL_PAGE = ROOT / "tests" / "fixtures" / f"{ARTICLE}.txt"
#: Where the page debris begins in the original page.
DEBRIS_START = "- Anna Malygons"
#: Strings of the page debris that must never reach the shipped data.
DEBRIS_STRINGS = ("Anna Malygons", "Movierulz", "Map Pictures", "Russia Beyond FR")


# -- helpers and fixtures ---------------------------------------------------------------------


def _citations(record: AnyRecord) -> Iterator[Citation]:
    """Every citation of a record: its own, its milestones' (and a source's, if any)."""
    if isinstance(record, Source):
        yield from record.citations
    else:
        yield from all_citations(record)


def _exact_text(path: Path) -> str:
    """A file's text as its bytes say (``read_text`` would turn CRLF into LF)."""
    return path.read_bytes().decode("utf-8")


def _shipped_texts(ds: Dataset) -> dict[str, str]:
    """The shipped text of each source that has one, read from disk (not through the loader)."""
    return {s.id: _exact_text(DATA / s.text_file) for s in ds.sources if s.text_file is not None}


@pytest.fixture(scope="module")
def original_page() -> str:
    """The article page as first stored, debris included."""
    page = _exact_text(ORIGINAL_PAGE)
    assert DEBRIS_START in page, f"{ORIGINAL_PAGE} no longer holds {DEBRIS_START!r}"
    return page


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """scripts/coverage.py, loaded from its path."""
    return loading.script("coverage")


@pytest.fixture(scope="module")
def cov(script: ModuleType) -> Any:
    """The coverage map of the article, computed once (a ``Coverage`` of scripts/coverage.py)."""
    return script.coverage()


@pytest.fixture(scope="module")
def article(bundled: Dataset) -> str:
    return bundled.source_texts[ARTICLE]


# -- 1. quotes and source texts ---------------------------------------------------------------


def test_every_quote_occurs_verbatim_in_its_source_text(bundled: Dataset) -> None:
    texts = _shipped_texts(bundled)
    problems = []
    checked = 0
    for record in bundled:
        for citation in _citations(record):
            if citation.derived_from is Derivation.ADDRESS:
                source = bundled[citation.source]
                assert isinstance(source, Source)
                if source.url is None or citation.quote not in source.url:
                    problems.append(
                        f"{record.id}: not in {citation.source}'s url: {citation.quote!r}"
                    )
                continue
            text = texts.get(citation.source)
            if text is None:
                problems.append(f"{record.id}: source {citation.source!r} has no shipped text")
            elif citation.quote not in text:
                problems.append(f"{record.id}: not in {citation.source}: {citation.quote!r}")
            else:
                checked += 1
    assert not problems, "\n".join(problems)
    assert checked > 100  # the check really ran over the data


def test_the_loader_keeps_every_source_text_exactly(bundled: Dataset) -> None:
    # Quotes are checked against what the loader read: it must be the file's exact text.
    assert dict(bundled.source_texts) == _shipped_texts(bundled)


def test_the_original_page_lives_in_the_repository() -> None:
    assert ORIGINAL_PAGE.resolve().is_relative_to(ROOT.resolve())
    assert ORIGINAL_PAGE.is_file()


def test_every_source_text_is_cited_and_every_text_file_belongs_to_a_source(
    bundled: Dataset,
) -> None:
    with_text = [s for s in bundled.sources if s.text_file is not None]
    assert [s.id for s in with_text if not bundled.citing(s)] == []
    named = {(DATA / s.text_file).resolve() for s in with_text if s.text_file is not None}
    shipped = {p.resolve() for p in (DATA / "sources").iterdir() if p.is_file()}
    assert sorted(p.name for p in shipped - named) == [], "text files no Source names"
    assert sorted(p.name for p in named - shipped) == [], "text files named but not shipped"


def test_the_article_text_is_the_original_page_up_to_its_debris(
    bundled: Dataset, original_page: str
) -> None:
    article = bundled[ARTICLE]
    assert isinstance(article, Source)
    assert article.text_file is not None
    shipped = _exact_text(DATA / article.text_file)
    body = original_page[: original_page.index(DEBRIS_START)]
    assert shipped.removesuffix("\n") == body


# -- 2. nothing from the page debris ----------------------------------------------------------


def test_no_quote_comes_from_the_page_debris(bundled: Dataset, original_page: str) -> None:
    cut = original_page.index(DEBRIS_START)
    body, debris = original_page[:cut], original_page[cut:]
    from_debris = [
        (record.id, c.quote)
        for record in bundled
        for c in _citations(record)
        if c.quote in debris and c.quote not in body
    ]
    assert from_debris == []


def _data_files() -> Iterator[tuple[Path, str]]:
    for path in sorted(DATA.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def test_no_debris_string_is_shipped() -> None:
    found = [
        (str(path.relative_to(DATA)), s)
        for path, text in _data_files()
        for s in DEBRIS_STRINGS
        if s in text
    ]
    assert found == []


def test_no_line_of_the_page_debris_is_shipped(original_page: str) -> None:
    debris = original_page[original_page.index(DEBRIS_START) :]
    lines = [line.strip().removeprefix("- ").strip() for line in debris.splitlines()]
    lines = [line for line in lines if line]
    assert len(lines) >= 5
    found = [
        (str(path.relative_to(DATA)), line)
        for path, text in _data_files()
        for line in lines
        if line in text
    ]
    assert found == []


# -- 3. every record and milestone cites something ------------------------------------------


def test_every_record_and_milestone_has_a_citation(bundled: Dataset) -> None:
    uncited = [r.id for r in bundled if not isinstance(r, Source) and not r.citations]
    bare_milestones = [
        f"{a.id} milestones[{i}] ({m.stage.value})"
        for a in bundled.agreements
        for i, m in enumerate(a.milestones)
        if not m.citations
    ]
    assert uncited == []
    assert bare_milestones == []


def test_every_citation_names_a_source_of_the_dataset(bundled: Dataset) -> None:
    source_ids = {s.id for s in bundled.sources}
    dangling = [
        (r.id, c.source) for r in bundled for c in _citations(r) if c.source not in source_ids
    ]
    assert dangling == []


# -- 4. every date is supported by a citation -------------------------------------------------


def _holds_a_date(value: object) -> bool:
    if isinstance(value, (PartialDate, Period)):
        return True
    if isinstance(value, tuple):
        return any(_holds_a_date(v) for v in value)
    if isinstance(value, BaseModel):
        return any(_holds_a_date(getattr(value, name)) for name in type(value).model_fields)
    return False


def _dated_fields(record: AnyRecord) -> list[str]:
    """Fields of a record that hold a date (milestones and legal acts are checked with their
    own citations)."""
    return [
        name
        for name in type(record).model_fields
        if name not in ("citations", "milestones", "legal_basis")
        and _holds_a_date(getattr(record, name))
    ]


def test_the_date_walk_finds_dates_nested_in_values() -> None:
    cite = (Citation(source="s", quote="q"),)
    sanction = Sanction(
        id="x",
        title="t",
        senders=("a",),
        target="b",
        status=SanctionStatus.IMPOSED,
        period=Period.parse("2012/.."),
        citations=cite,
    )
    assert _dated_fields(sanction) == ["period"]
    assert _dated_fields(sanction.model_copy(update={"period": None})) == []
    russia = ruiran.load()["russia"]
    assert _dated_fields(russia) == ["historical_names", "system_membership"]


def test_the_date_walk_sees_every_kind_of_date_in_the_data(bundled: Dataset) -> None:
    seen = {
        (r.type, name) for r in bundled if not isinstance(r, Source) for name in _dated_fields(r)
    }
    assert {
        ("event", "date"),
        ("person", "positions"),
        ("bloc", "members"),
        ("state", "historical_names"),
    } <= seen


def test_every_date_is_supported_by_a_citation(bundled: Dataset) -> None:
    unsupported = []
    for record in bundled:
        if isinstance(record, Source):
            continue  # a source's own date is its metadata
        supported = {name for c in record.citations for name in c.supports}
        unsupported += [
            f"{record.id}.{name}" for name in _dated_fields(record) if name not in supported
        ]
    assert unsupported == [], "dated fields no citation supports: " + ", ".join(unsupported)


def test_an_event_date_whose_year_no_quote_names_rests_on_a_marked_dateline(
    bundled: Dataset,
) -> None:
    # A quote that names no year ("MINSK, October 31. /TASS/.", "said on Thursday") dates an
    # event only through the page's own date: a citation of the date must then say that it is
    # the page's dateline or address (derived_from), with a note on how the day follows.
    unmarked = []
    checked = 0
    for event in bundled.events:
        if event.date is None:
            continue
        quotes = [c for c in event.citations if "date" in c.supports]
        if any(c.derived_from is not None for c in quotes):
            continue
        checked += 1
        years = sorted(set(re.findall(r"[0-9]{4}", str(event.date))))
        missing = [year for year in years if not any(year in c.quote for c in quotes)]
        if missing:
            unmarked.append(f"{event.id} ({', '.join(missing)})")
    assert unmarked == [], "event dates whose year no quote names, no dateline marked: " + (
        ", ".join(unmarked)
    )
    assert checked > 50  # the check really ran over the data


#: An agency dateline at the start of a quote: the place (if any), the day and month (and
#: year, if any), then the agency: "MOSCOW, April 13 (Reuters)", "Sept 20 (Reuters)", "MINSK,
#: October 31. /TASS/.", "Moscow, Oct 10, IRNA", "TEHERAN, 26 septembre (Xinhua)", "MOSCOW,
#: August 31 – RIA Novosti", "Moscow, 5 April 2002 (RFE/RL)". Kept narrow: a quote that merely names an agency later on ("Iran's
#: state news agency IRNA said ...") is not a dateline.
AGENCY_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z]+, )?"  # the place: "MOSCOW, ", "Geneva, "
    r"(?:[A-Z][a-z]{2,8}\.? [0-9]{1,2}|[0-9]{1,2} [A-Za-zé]{3,9})"  # "Sept 20", "26 septembre"
    r"(?:,? [0-9]{4})?[.,]? ?[-–—]? ?"  # the year, if any, and the separator
    r"(?:\((?:Reuters|AP|AFP|Xinhua|MNA|Sputnik|RIA Novosti|Prensa Latina|RFE/RL)\)"
    r"|/(?:ITAR-)?TASS/|IRNA\b|RIA Novosti)"
)


@pytest.mark.parametrize(
    ("quote", "is_dateline"),
    [
        ("MOSCOW, April 13 (Reuters) - Russian President Vladimir Putin signed", True),
        ("Sept 20 (Reuters)", True),
        ("TEHRAN, Oct 16 (AP): Russian President Vladimir Putin arrived", True),
        ("ASTANA, June 15, 2011 (AFP)", True),
        ("MINSK, October 31. /TASS/.", True),
        ("MOSCOW, January 09. /ITAR-TASS/.", True),
        ("TEHRAN, Aug. 24 (MNA)", True),
        ("Moscow, Oct 10, IRNA -- Iranian President Hassan Rouhani", True),
        ("TEHERAN, 26 septembre (Xinhua) -- Le président iranien", True),
        ("MOSCOW, August 31 – RIA Novosti. Iranian Foreign Minister", True),
        ("Moscow, Sep 19 (Prensa Latina) The president of Russia", True),
        ("Moscow, 5 April 2002 (RFE/RL) -- The foreign ministers", True),
        ("Iran’s state news agency IRNA said Lavrov would meet", False),
        ("Selon un article d'IRNA publié ce vendredi soir 13 juin", False),
        ("April 13, 2015", False),  # a page's date line, not an agency dateline
        ("The leaders met in Moscow on June 13 (Reuters reported)", False),
    ],
)
def test_the_agency_dateline_pattern(quote: str, is_dateline: bool) -> None:
    assert bool(AGENCY_DATELINE.match(quote)) is is_dateline


def test_a_date_quote_that_begins_with_an_agency_dateline_is_marked(bundled: Dataset) -> None:
    # "Sept 20 (Reuters) - ... said on Wednesday": the day comes from the agency's dateline, so
    # the citation that supports the date must say so (derived_from: dateline). Quote the
    # dateline on its own, marked, and the text apart for what the text states.
    unmarked = []
    checked = 0
    for record in bundled:
        if isinstance(record, Source):
            continue
        for citation in _citations(record):
            if "date" not in citation.supports or not AGENCY_DATELINE.match(citation.quote):
                continue
            checked += 1
            if citation.derived_from is None:
                unmarked.append(f"{record.id} ({citation.source}): {citation.quote[:60]!r}")
    assert unmarked == [], "date quotes that begin with an agency dateline, unmarked: " + (
        "; ".join(unmarked)
    )
    assert checked > 20  # the check really ran over the data


def test_every_milestone_date_is_supported_by_its_own_citations(bundled: Dataset) -> None:
    dated = [(a, i, m) for a in bundled.agreements for i, m in enumerate(a.milestones) if m.date]
    assert len(dated) >= 5
    unsupported = [
        f"{a.id} milestones[{i}] ({m.stage.value}, {m.date})"
        for a, i, m in dated
        if not any("date" in c.supports for c in m.citations)
    ]
    assert unsupported == [], "milestone dates none of their citations supports"


def test_every_sanction_step_and_legal_act_is_supported_by_its_own_citations(
    bundled: Dataset,
) -> None:
    steps = [(s, i, m) for s in bundled.sanctions for i, m in enumerate(s.milestones)]
    assert len(steps) >= 20
    unsupported = [
        f"{s.id} milestones[{i}] ({m.action.value}, {m.date}): {field}"
        for s, i, m in steps
        for field in ("action", "date")
        if (field != "date" or m.date is not None)
        and not any(field in c.supports for c in m.citations)
    ]
    acts = [(s, i, a) for s in bundled.sanctions for i, a in enumerate(s.legal_basis)]
    unsupported += [
        f"{s.id} legal_basis[{i}] ({a.identifier}): {field}"
        for s, i, a in acts
        for field in ("identifier", "date")
        if (field != "date" or a.date is not None)
        and not any(field in c.supports for c in a.citations)
    ]
    assert unsupported == [], "steps and acts none of their citations supports"


def test_every_milestone_party_is_supported_by_its_own_citations(bundled: Dataset) -> None:
    # A milestone that names no party is joint: it claims the step for every party. One that
    # names a party claims the step was that party's alone: a quote must say whose it was.
    own = [(a, i, m) for a in bundled.agreements for i, m in enumerate(a.milestones) if m.party]
    assert len(own) >= 2
    unsupported = [
        f"{a.id} milestones[{i}] ({m.stage.value}, party {m.party})"
        for a, i, m in own
        if not any("party" in c.supports for c in m.citations)
    ]
    assert unsupported == [], "milestone parties none of their citations supports"
    assert all(m.party in a.parties for a, _, m in own)


def test_the_treatys_ratifications_are_each_partys_as_their_quotes_say(bundled: Dataset) -> None:
    treaty = bundled["treaty-comprehensive-strategic-partnership"]
    assert isinstance(treaty, Agreement)
    ratified = [m for m in treaty.milestones if m.stage is Stage.RATIFIED]
    assert [(str(m.date), m.party) for m in ratified] == [
        ("2025-04-21", "russia"),
        ("2025-06-11", "iran"),  # the Guardian Council's confirmation, not the vote of 21 May
    ]
    # The words that name the party: Russia's parliament and president, Iran's Guardian Council.
    for milestone, words in zip(ratified, ("Russia", "Iran"), strict=True):
        quotes = [c.quote for c in milestone.citations if "party" in c.supports]
        assert quotes
        assert all(words in q for q in quotes), quotes


# -- 5. the coverage map ----------------------------------------------------------------------


def test_every_sentence_of_the_article_is_cited_or_excluded(cov: Any) -> None:
    gaps = [f"{u.paragraph}.{u.number}: {u.text}" for u in cov.unaccounted]
    assert gaps == [], "add a record citing it, or an entry in scripts/coverage_exclusions.yaml"
    assert cov.cited + cov.excluded == len(cov.units) > 100


def test_exclusions_are_sentences_of_the_article_that_nothing_cites(
    script: ModuleType, cov: Any, bundled: Dataset, article: str
) -> None:
    exclusions: dict[str, str] = script.read_exclusions()
    assert exclusions
    for sentence, reason in exclusions.items():
        assert sentence in article, f"stale exclusion, not in the article: {sentence!r}"
        cited = [r.id for r in bundled.citing(ARTICLE, sentence)]
        assert cited == [], f"stale exclusion, cited by {cited}: {sentence!r}"
        assert reason.strip()
    assert cov.problems == ()  # each one whole sentence, none cited


def test_sentences_split_without_losing_text_and_see_glued_headings(
    script: ModuleType, cov: Any, article: str
) -> None:
    lines = article.splitlines()
    for line in lines:
        units: list[str] = script.split_paragraph(line)
        assert "".join(units).replace(" ", "") == line.replace(" ", "")
    units_of = {u.text for u in cov.units}
    assert {"The Strategic Imperative for Alliance", "Conclusion"} <= units_of
    assert {u.paragraph for u in cov.units} == set(range(1, len(lines) + 1))
    assert script.split_paragraph('He said "No." Then he left.The End') == [
        'He said "No."',
        "Then he left.",
        "The End",
    ]


def test_the_coverage_map_is_up_to_date(
    script: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert script.main(["--check"]) == 0, capsys.readouterr().err
    text: str = script.render()
    assert "- Unaccounted: 0" in text
    assert "`wikipedia-bushehr-nuclear-power-plant`" in text  # external sources are listed


def test_the_coverage_check_fails_on_a_stale_map(
    script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "coverage.md"
    monkeypatch.setattr(script, "OUTPUT", target)
    assert script.main(["--check"]) == 1  # missing
    assert script.main([]) == 0
    assert target.read_text(encoding="utf-8") == script.render()
    assert script.main(["--check"]) == 0
    target.write_text("old\n", encoding="utf-8")
    assert script.main(["--check"]) == 1


# -- 6. an analyst's questions ----------------------------------------------------------------


def test_which_stage_the_treaty_had_reached_for_each_party(bundled: Dataset) -> None:
    treaty = "treaty-comprehensive-strategic-partnership"
    assert ruiran.stage_of(treaty, on="2025-04-30") is Stage.SIGNED  # Iran had not ratified
    assert ruiran.stage_of(treaty, on="2025-04-30", party="Russia") is Stage.RATIFIED
    assert ruiran.stage_of(treaty, on="2025-04-30", party="Iran") is Stage.SIGNED
    # Iran's parliament approved it on 21 May; its ratification is the Guardian Council's of June.
    assert ruiran.stage_of(treaty, on="2025-05-21", party="Iran") is Stage.SIGNED
    assert ruiran.stage_of(treaty, on="2025-06-11") is Stage.RATIFIED


def test_who_signed_the_comprehensive_treaty_and_when(bundled: Dataset) -> None:
    treaty = next(
        a
        for a in ruiran.agreements_between("Russia", "Iran", stage="signed")
        if a.id == "treaty-comprehensive-strategic-partnership"
    )
    signed = next(m for m in treaty.milestones if m.stage is Stage.SIGNED)
    assert [ruiran.actor(a).name for a in signed.actors] == ["Vladimir Putin", "Masoud Pezeshkian"]
    assert str(signed.date) == "2025-01-17"
    signing = bundled["treaty-csp-signing"]
    assert isinstance(signing, Event)
    assert signing.kind is EventKind.SIGN_AGREEMENT
    assert str(signing.date) == "2025-01-17"
    assert treaty.id in signing.related


def test_when_the_bushehr_plant_became_operational(bundled: Dataset) -> None:
    nuclear = ruiran.agreements_between("Russia", "Iran", area="nuclear")
    assert "bushehr-completion-contract-1995" in [a.id for a in nuclear]  # the 1995 contract
    bushehr = bundled["bushehr-nuclear-cooperation"]
    assert isinstance(bushehr, Agreement)
    assert bushehr in nuclear
    operational = next(m for m in bushehr.milestones if m.stage is Stage.IN_FORCE)
    assert str(operational.date) == "2013"
    assert any(
        c.source == ARTICLE and "date" in c.supports and "2013" in c.quote
        for c in operational.citations
    )
    assert bushehr in bundled.citing(ARTICLE, "which became operational in 2013")


def test_which_events_involve_israel(bundled: Dataset) -> None:
    involving = {e.id: e for e in bundled.events if "israel" in e.actors()}
    assert {
        "israeli-strikes-on-iran-2025",
        "putin-condemns-israeli-strikes",
        "iran-fm-letter-to-un-declaration-of-war",
    } <= set(involving)
    roles = {
        e_id: {p.role for p in e.participants if p.actor == "israel"}
        for e_id, e in involving.items()
    }
    assert roles["israeli-strikes-on-iran-2025"] == {Role.INITIATOR}
    assert roles["putin-condemns-israeli-strikes"] == {Role.TARGET}
    assert str(involving["israeli-strikes-on-iran-2025"].date) == "2025-06-13/2025-06-24"


def test_who_sanctions_iran(bundled: Dataset) -> None:
    # The article's own claim, undated: "the West" sanctions Iran.
    article = [
        s
        for s in bundled.sanctions
        if s.target == "iran" and any(c.source == ARTICLE for c in s.citations)
    ]
    assert [(s.senders, s.status) for s in article] == [
        (("the-west",), "imposed"),
        (("the-west",), "relief_discussed"),
    ]
    west = ruiran.actor("Western powers")
    assert isinstance(west, Bloc)
    assert west.id == "the-west"
    assert "united-states" in west.members_on(PartialDate(2025))
    prospects = [s for s in article if s.status != "imposed"]
    assert [(s.status, s.modality) for s in prospects] == [
        ("relief_discussed", Modality.HYPOTHETICAL)
    ]


def test_which_regimes_were_in_force_on_iran_and_russia(bundled: Dataset) -> None:
    # The questions of issue 11, answered from the dated regimes.
    on_iran = {s.id for s in ruiran.sanctions_on("Iran", on="2012-07-01")}
    assert {"unsc-sanctions-on-iran", "eu-nuclear-sanctions-on-iran"} <= on_iran
    on_russia = ruiran.sanctions_on("Russia", on="2022-03-01")
    senders = {x for s in on_russia for x in s.senders}
    assert {"european-union", "united-states"} <= senders
    un = bundled["unsc-sanctions-on-iran"]
    assert isinstance(un, Sanction)
    assert un.in_force_on(dt.date(2016, 1, 15)) is True
    assert un.in_force_on(dt.date(2020, 1, 1)) is True  # annex B of 2231 (issue 22)
    assert un.in_force_on(dt.date(2025, 12, 1)) is True  # the snapback


def test_which_states_form_the_caucasus_axis(bundled: Dataset) -> None:
    axes = [a for a in ruiran.agreements_between("Iran", "Armenia") if a.id == "caucasus-axis"]
    assert len(axes) == 1
    members = [bundled[p] for p in axes[0].parties]
    assert all(isinstance(m, State) for m in members)
    assert {m.id for m in members} == {"russia", "iran", "armenia"}


def test_the_eaeu_free_trade_agreement_reaches_russia_through_the_eaeu(bundled: Dataset) -> None:
    fta = bundled["eaeu-iran-free-trade-agreement"]
    assert isinstance(fta, Agreement)
    assert "russia" not in fta.parties
    via = bundled.involvement(fta, "Russia", on="2025-06")
    assert via is not None
    assert via.via == "eaeu"
    direct = bundled.involvement(fta, "Iran")
    assert direct is not None
    assert direct.via is None
    assert fta in ruiran.agreements_between("Russia", "Iran", area="trade", on="2025-06")


def test_lavrovs_stated_intent_and_his_words(bundled: Dataset) -> None:
    event = bundled["lavrov-comprehensive-treaty-statement"]
    assert isinstance(event, Event)
    assert event.kind is EventKind.INTENT_TO_COOPERATE
    assert event.modality is Modality.REPORTED_STATEMENT
    assert [p.actor for p in event.participants if p.role is Role.SPEAKER] == ["sergei-lavrov"]
    assert event.statement is not None
    assert "closer cooperation in the field of defence" in event.statement
    assert event in bundled.citing(
        ARTICLE, "Russia and Iran intend to sign a “comprehensive” treaty"
    )
    treaty = bundled["treaty-comprehensive-strategic-partnership"]
    assert isinstance(treaty, Agreement)
    intent = next(m for m in treaty.milestones if m.stage is Stage.ANNOUNCED_INTENT)
    assert intent.actors == ("sergei-lavrov",)
    assert str(intent.date) == str(event.date) == "2024-10-31"


def test_the_supreme_leaders_warning_reported_by_the_ap(bundled: Dataset) -> None:
    event = bundled["khamenei-warns-us-irreparable-damage"]
    assert isinstance(event, Event)
    roles = {(p.actor, p.role) for p in event.participants}
    assert {
        ("ali-khamenei", Role.SPEAKER),
        ("united-states", Role.ADDRESSEE),
        ("associated-press", Role.REPORTER),
    } <= roles
    assert event.statement == "irreparable damage"
    assert str(event.date) == "2025-06-18"
    khamenei = ruiran.actor("Khamenei")
    assert isinstance(khamenei, Person)
    assert [(p.title, p.of) for p in khamenei.positions_on(PartialDate(2025))] == [
        ("Supreme Leader", "iran")
    ]
    assert event in bundled.citing(ARTICLE, "of the Associated Press")


def test_the_offices_held_by_pezeshkian(bundled: Dataset) -> None:
    pezeshkian = ruiran.actor("Pezeshkian")
    assert isinstance(pezeshkian, Person)
    assert pezeshkian.id == "masoud-pezeshkian"
    assert [(p.title, p.of) for p in pezeshkian.positions] == [("President", "iran")]
    assert [p.title for p in pezeshkian.positions_on(PartialDate.parse("2025-01-17"))] == [
        "President"
    ]
    assert pezeshkian.positions_on(PartialDate(2023)) == ()
    assert any(
        c.source == ARTICLE and "positions" in c.supports and "Iranian President" in c.quote
        for c in pezeshkian.citations
    )


def test_every_party_target_sender_and_stage_is_supported(bundled: Dataset) -> None:
    """Each field that places a record (who, against whom, which step) is named by a citation's
    ``supports``: a milestone's stage by its own citations (a citation naming no field
    supports its milestone as a whole)."""

    def named(citations: tuple[Citation, ...]) -> set[str]:
        return {name for c in citations for name in c.supports}

    missing = [f"{a.id}.parties" for a in bundled.agreements if "parties" not in named(a.citations)]
    missing += [
        f"{s.id}.{field}"
        for s in bundled.sanctions
        for field in ("senders", "target")
        if field not in named(s.citations)
    ]
    missing += [
        f"{a.id} milestones[{i}] ({m.stage.value})"
        for a in bundled.agreements
        for i, m in enumerate(a.milestones)
        if "stage" not in named(m.citations) and all(c.supports for c in m.citations)
    ]
    missing += [
        f"{e.id}.participants"
        for e in bundled.events
        if "participants" not in named(e.citations) and all(c.supports for c in e.citations)
    ]
    assert missing == [], "fields no citation supports: " + ", ".join(missing)
