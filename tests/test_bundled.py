"""Example tests on the bundled dataset: an analyst's first questions."""

from __future__ import annotations

import pytest

import ruiran
from ruiran import Dataset, Stage
from ruiran.model import Agreement


def test_the_three_agreements_the_article_names(bundled: Dataset) -> None:
    ids = {a.id for a in ruiran.agreements_between("Russia", "Iran")}
    assert {
        "treaty-comprehensive-strategic-partnership",
        "eaeu-iran-free-trade-agreement",
        "payment-systems-integration",
    } <= ids
    assert all(a.citations for a in bundled.agreements)


def test_who_signed_the_treaty_and_when(bundled: Dataset) -> None:
    treaty = bundled["treaty-comprehensive-strategic-partnership"]
    assert isinstance(treaty, Agreement)
    signed = next(m for m in treaty.milestones if m.stage is Stage.SIGNED)
    assert str(signed.date) == "2025-01-17"
    assert set(signed.actors) == {"vladimir-putin", "masoud-pezeshkian"}
    assert {"politics", "security", "trade", "transport", "energy"} <= set(treaty.areas)


def test_the_trade_agreement_binds_russia_through_the_eaeu(bundled: Dataset) -> None:
    inv = bundled.involvement("eaeu-iran-free-trade-agreement", "Russia")
    assert inv is not None
    assert inv.via == "eaeu"
    trade = ruiran.agreements_between("RU", "IR", area="trade")
    assert "eaeu-iran-free-trade-agreement" in [a.id for a in trade]


def test_agreements_in_force_at_a_date() -> None:
    in_2024 = {a.id for a in ruiran.agreements_between("Russia", "Iran", on="2024-06")}
    assert "bushehr-nuclear-cooperation" in in_2024
    assert "treaty-comprehensive-strategic-partnership" not in in_2024
    signed = {a.id for a in ruiran.agreements_between("Russia", "Iran", stage="signed")}
    assert "treaty-comprehensive-strategic-partnership" in signed


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Iran", "iran"),
        ("IRN", "iran"),
        ("Q794", "iran"),
        ("russia", "russia"),
        ("Soviet Union", "russia"),
        ("Russian Empire", "russia"),
        ("Q15180", "russia"),
        ("Vladimir Putin", "vladimir-putin"),
    ],
)
def test_actor_names_identifiers_and_names_over_time(name: str, expected: str) -> None:
    assert ruiran.actor(name).id == expected


def test_an_unknown_actor_suggests_close_names() -> None:
    with pytest.raises(ruiran.UnknownActorError, match="did you mean") as info:
        ruiran.actor("Rusia")
    assert "Russia" in info.value.suggestions


def test_results_are_ordered_by_date_then_id(bundled: Dataset) -> None:
    from ruiran.dataset.index import sort_key

    found = bundled.agreements_between("Russia", "Iran")
    assert list(found) == sorted(found, key=sort_key)


def test_the_dataset_is_a_sized_iterable(bundled: Dataset) -> None:
    assert len(bundled) == len(list(bundled)) > 50
    assert bundled.get("no-such-id") is None
    with pytest.raises(KeyError, match="no-such-id"):
        bundled["no-such-id"]
    assert len(bundled.actors) + len(bundled.agreements) + len(bundled.sanctions) + len(
        bundled.events
    ) + len(bundled.sources) == len(bundled)
