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
    ],
)
def test_organizations_resolve_with_their_country(
    bundled: Dataset, name: str, actor_id: str, kind: str, country: str | None
) -> None:
    found = bundled.actor(name)
    assert isinstance(found, Organization)
    assert (found.id, found.kind.value, found.country) == (actor_id, kind, country)
    assert any({"name", "kind"} & set(c.supports) for c in found.citations)


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
