"""Listings (issue 23): the sanctions whose ``listed`` names resolve to an actor.

A sanction names whom it lists as its sources write them (text, not ids); the Dataset resolves
each name once, by the names ``actor()`` knows, and ``sanctions_naming`` answers the listings
of one actor with the quotes that name it. Checked on the bundled data (the organizations of
issue 23), against a brute-force scan of every sanction, and on a small dataset built here
(aliases, unknown and ambiguous names); the ``ruiran actor`` command shows them.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import ruiran
from ruiran import Dataset, Listing, Organization, UnknownActorError
from ruiran.cli import cli
from ruiran.dataset.sanctions import LISTED_IN_PART
from ruiran.model import (
    Citation,
    OrganizationKind,
    Period,
    Sanction,
    SanctionStatus,
    Source,
    SourceKind,
    State,
    TargetScope,
)


def listed(found: tuple[Listing, ...]) -> list[tuple[str, str]]:
    return [(x.sanction, x.name) for x in found]


# -- the bundled data ------------------------------------------------------------------------------


def test_the_sanctions_that_list_shahed_aviation_industries(bundled: Dataset) -> None:
    found = bundled.sanctions_naming("Shahed Aviation Industries")
    assert listed(found) == [
        ("eu-sanctions-on-iran-over-military-support-to-russia", "Shahed Aviation Industries"),
        ("uk-sanctions-on-iran-over-military-support-to-russia", "Shahed Aviation Industries"),
    ]
    for listing in found:
        assert listing.actor == "shahed-aviation-industries"
        assert listing.citations, listing
        for citation in listing.citations:
            assert "listed" in citation.supports
            assert "Shahed Aviation Industries" in citation.quote


def test_the_listing_is_found_by_any_name_of_the_actor(bundled: Dataset) -> None:
    assert bundled.sanctions_naming("QAI") == bundled.sanctions_naming("Qods Aviation Industries")
    assert listed(bundled.sanctions_naming("qods-aviation-industries")) == [
        ("us-sanctions-on-iran-over-military-support-to-russia", "Qods Aviation Industries")
    ]


@pytest.mark.parametrize(
    ("name", "sanction", "as_listed"),
    [
        ("IRGC", "us-caatsa-sanctions-on-iran", "IRGC"),
        (
            "IRGC Aerospace Force",
            "us-sanctions-on-iran-over-military-support-to-russia",
            "Islamic Revolutionary Guard Corps Aerospace Force",
        ),
        ("Gazprombank", "us-ukraine-related-sanctions-on-russia", "Gazprombank OAO"),
        ("Novatek", "us-ukraine-related-sanctions-on-russia", "OAO Novatek"),
        ("Mahan Air", "eu-sanctions-on-iran-over-military-support-to-russia", "Mahan Air"),
        (
            "Baharestan Kish Company",
            "us-sanctions-on-iran-over-military-support-to-russia",
            "Baharestan Kish Company",
        ),
    ],
)
def test_the_organizations_of_issue_23_are_linked_to_the_sanctions_listing_them(
    bundled: Dataset, name: str, sanction: str, as_listed: str
) -> None:
    found = bundled.sanctions_naming(name)
    assert (sanction, as_listed) in listed(found)
    assert isinstance(bundled.actor(name), Organization)
    (listing,) = (x for x in found if x.sanction == sanction)
    assert listing.citations, f"no quote names {as_listed!r} in {sanction}"


def test_an_actor_no_sanction_lists_has_no_listing_and_the_answer_says_it_is_partial(
    bundled: Dataset,
) -> None:
    found = bundled.sanctions_naming("IAEA")
    assert len(found) == 0
    assert (found.complete, found.gaps) == (False, (LISTED_IN_PART,))
    assert bundled.sanctions_naming("Shahed Aviation Industries").gaps == (LISTED_IN_PART,)


def test_an_unknown_actor_is_refused(bundled: Dataset) -> None:
    with pytest.raises(UnknownActorError):
        bundled.sanctions_naming("No Such Company")


def test_the_bundled_helper_is_the_datasets_method() -> None:
    assert ruiran.sanctions_naming("Rosneft") == ruiran.load().sanctions_naming("Rosneft")


def test_the_index_is_a_brute_force_scan_of_every_listed_name(bundled: Dataset) -> None:
    """Every listed name that resolves to one actor is a listing of that actor, in the order of
    the sanctions by sender (oldest first) and of ``listed``; nothing else is."""
    expected: dict[str, set[tuple[str, str]]] = {}
    for sanction in bundled.sanctions:
        assert isinstance(sanction, Sanction)
        for name in sanction.listed:
            try:
                actor = bundled.actor(name)
            except UnknownActorError:
                continue
            expected.setdefault(actor.id, set()).add((sanction.id, name))
    for actor in bundled.actors:
        found = bundled.sanctions_naming(actor)
        assert set(listed(found)) == expected.get(actor.id, set()), actor.id
        assert all(x.actor == actor.id for x in found)
    assert len(expected) >= 18  # the organizations and persons the sanctions list


def test_every_linked_listing_cites_a_quote_that_names_it(bundled: Dataset) -> None:
    missing = [
        (x.sanction, x.name)
        for actor in bundled.actors
        for x in bundled.sanctions_naming(actor)
        if not x.citations
    ]
    assert missing == []


# -- a dataset built here --------------------------------------------------------------------------

CITE = (Citation(source="s", quote="Acme Drones Ltd and the Ministry were listed"),)


def _dataset(listed_names: tuple[str, ...]) -> Dataset:
    return Dataset(
        [
            Source(id="s", title="S", kind=SourceKind.NEWS_REPORT),
            State(id="iran", name="Iran", citations=CITE),
            State(id="united-states", name="United States", citations=CITE),
            Organization(
                id="acme",
                name="Acme Drones",
                aliases=("Acme Drones Ltd",),
                kind=OrganizationKind.COMPANY,
                country="iran",
                citations=CITE,
            ),
            Organization(
                id="ministry-a",
                name="Ministry A",
                aliases=("The Ministry",),
                kind=OrganizationKind.GOVERNMENT_BODY,
                citations=CITE,
            ),
            Organization(
                id="ministry-b",
                name="Ministry B",
                aliases=("The Ministry",),
                kind=OrganizationKind.GOVERNMENT_BODY,
                citations=CITE,
            ),
            Sanction(
                id="designations",
                title="Designations",
                senders=("united-states",),
                target="iran",
                status=SanctionStatus.IMPOSED,
                scope=TargetScope.PERSONS_AND_ENTITIES,
                listed=listed_names,
                period=Period.parse("2022/2023"),
                citations=(
                    Citation(
                        source="s",
                        quote="Acme Drones Ltd and the Ministry were listed",
                        supports=("listed",),
                    ),
                    Citation(source="s", quote="Acme Drones Ltd", supports=("target",)),
                ),
            ),
        ]
    )


def test_a_listed_alias_links_its_actor_with_the_quotes_supporting_the_listing() -> None:
    ds = _dataset(("Acme Drones Ltd", "Someone Unknown"))
    (listing,) = ds.sanctions_naming("Acme Drones")
    assert (listing.sanction, listing.actor, listing.name) == (
        "designations",
        "acme",
        "Acme Drones Ltd",
    )
    # only the quote that supports the listing, not the one supporting the target
    assert [c.quote for c in listing.citations] == ["Acme Drones Ltd and the Ministry were listed"]


def test_a_listed_name_is_matched_in_any_case_and_spacing() -> None:
    ds = _dataset(("acme  drones ltd",))
    assert [x.actor for x in ds.sanctions_naming("acme")] == ["acme"]


def test_a_name_two_actors_share_links_neither() -> None:
    ds = _dataset(("The Ministry",))
    assert ds.sanctions_naming("ministry-a") == ()
    assert ds.sanctions_naming("ministry-b") == ()


# -- the command line ------------------------------------------------------------------------------


def test_ruiran_actor_shows_the_sanctions_listing_it() -> None:
    result = CliRunner().invoke(cli, ["actor", "Shahed Aviation Industries"])
    assert result.exit_code == 0, result.output
    assert "listed by" in result.output
    assert "eu-sanctions-on-iran-over-military-support-to-russia" in result.output
    assert "uk-sanctions-on-iran-over-military-support-to-russia" in result.output


def test_ruiran_actor_says_nothing_of_listings_for_an_actor_none_lists() -> None:
    result = CliRunner().invoke(cli, ["actor", "IAEA"])
    assert result.exit_code == 0, result.output
    assert "listed by" not in result.output
