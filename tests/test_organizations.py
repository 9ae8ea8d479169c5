"""Organizations the relationship runs through (issue 23): resolved by their names and
acronyms, each with its country and kind as its cited page gives them, and the makers the
sanctions data lists found by the very names the sanctions use."""

from __future__ import annotations

import pytest

from ruiran import Dataset, Organization, Sanction


@pytest.mark.parametrize(
    ("name", "actor_id", "kind", "country"),
    [
        ("IRGC", "irgc", "military", "iran"),
        ("Revolutionary Guards", "irgc", "military", "iran"),
        ("IRGC Aerospace Force", "irgc-aerospace-force", "military", "iran"),
        ("IRGC-QF", "quds-force", "military", "iran"),
        ("MODAFL", "modafl", "government_body", "iran"),
        ("QAI", "qods-aviation-industries", "company", "iran"),
        ("HESA", "hesa", "company", "iran"),
        ("Shahed Aviation Industries", "shahed-aviation-industries", "company", "iran"),
        ("Rosoboronexport", "rosoboronexport", "company", "russia"),
        ("Rosatom", "rosatom", "company", "russia"),
        ("Central Bank of Iran", "central-bank-of-iran", "government_body", "iran"),
        ("Rosneft", "rosneft", "company", "russia"),
        ("AEOI", "atomic-energy-organization-of-iran", "government_body", "iran"),
        ("IAEA", "iaea", "intergovernmental", None),
        ("Bank of Russia", "central-bank-of-russia", "government_body", "russia"),
        ("NIOC", "national-iranian-oil-company", "company", "iran"),
        ("NIGC", "national-iranian-gas-company", "company", "iran"),
        ("Gazprom", "gazprom", "company", "russia"),
        ("Gazprombank OAO", "gazprombank", "company", "russia"),
        ("Vnesheconombank", "veb", "company", "russia"),
        ("OAO Novatek", "novatek", "company", "russia"),
        ("Mahan Air", "mahan-air", "company", "iran"),
        ("Saha Airlines", "saha-airlines", "company", "iran"),
        ("Safiran Airport Services", "safiran-airport-services", "company", "iran"),
        ("Paravar Pars Company", "paravar-pars-company", "company", "iran"),
        (
            "Design and Manufacturing of Aircraft Engines",
            "design-and-manufacturing-of-aircraft-engines",
            "company",
            "iran",
        ),
        ("Baharestan Kish Company", "baharestan-kish-company", "company", "iran"),
        (
            "Shahed Aviation Industries Research Center",
            "shahed-aviation-industries-research-center",
            "company",
            "iran",
        ),
    ],
)
def test_organizations_resolve_with_their_country(
    bundled: Dataset, name: str, actor_id: str, kind: str, country: str | None
) -> None:
    found = bundled.actor(name)
    assert isinstance(found, Organization)
    assert (found.id, found.kind.value, found.country) == (actor_id, kind, country)
    assert any({"name", "kind"} & set(c.supports) for c in found.citations)


@pytest.mark.parametrize(
    ("name", "wikidata"),
    [
        ("Gazprom", "Q102673"),
        ("Rosneft", "Q1141123"),
        ("IAEA", "Q41984"),
        ("Central Bank of Iran", "Q1261157"),
        ("Bank of Russia", "Q806651"),
    ],
)
def test_organizations_with_a_wikidata_id_resolve_by_it(
    bundled: Dataset, name: str, wikidata: str
) -> None:
    found = bundled.actor(name)
    assert found.wikidata == wikidata
    assert bundled.actor(wikidata) == found


def test_every_organization_the_sanctions_list_is_an_actor(bundled: Dataset) -> None:
    """Every organization named in a sanction's ``listed`` resolves (the persons need not)."""
    persons = {
        "Sergei Aksyonov", "Vladislav Surkov", "Sergey Glazyev", "Leonid Slutsky",
        "Andrei Klishas", "Valentina Matviyenko", "Dmitry Rogozin", "Yelena Mizulina",
        "Mohammad Hossein Bagheri", "Sayed Hojatollah Qureishi", "Seyed Hojjatollah Qureishi",
        "Saeed Aghajani", "Seyed Hamzeh Ghalandari",
    }  # fmt: skip
    unresolved = [
        name
        for s in bundled.sanctions
        if isinstance(s, Sanction)
        for name in s.listed
        if name not in persons and not bundled.sanctions_naming(name)
    ]
    assert unresolved == []


def test_the_makers_the_sanctions_list_resolve_to_their_records(bundled: Dataset) -> None:
    """Sanctions name whom they list as the sources name them (``listed``: text, not ids);
    the makers among them resolve by those very names."""
    listed = {name for s in bundled.sanctions if isinstance(s, Sanction) for name in s.listed}
    for name, actor_id in (
        ("Shahed Aviation Industries", "shahed-aviation-industries"),
        ("Qods Aviation Industries", "qods-aviation-industries"),
    ):
        assert name in listed
        assert bundled.actor(name).id == actor_id
