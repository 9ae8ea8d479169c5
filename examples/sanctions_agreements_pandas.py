"""Sanctions and agreements in pandas: tidy tables, a groupby and a merge.

Run: python examples/sanctions_agreements_pandas.py   (needs ruiran[pandas])
"""

from __future__ import annotations

import pandas as pd

import ruiran
from ruiran import export


def main() -> None:
    frames = export.to_pandas(ruiran.load())
    print("tables:", ", ".join(f"{name} ({len(df)})" for name, df in frames.items()))

    # Which actors are parties to agreements with Iran, directly or through a bloc?
    parties = frames["agreement_parties"]
    with_iran = parties[parties["party"] == "iran"]["agreement"]
    partners = parties[parties["agreement"].isin(with_iran) & (parties["party"] != "iran")]
    print("\nIran's agreement partners (via = the bloc they take part through):")
    print(partners[["agreement", "party", "via"]].to_string(index=False))

    # Areas covered by the agreements, counted.
    print("\nAreas covered by agreements:")
    print(
        frames["agreement_areas"]
        .groupby("area", observed=True)
        .size()
        .sort_values(ascending=False)
        .to_string()
    )

    # Who sanctions whom, with what status: a merge of the sides table with itself.
    sides = frames["sanction_sides"]
    sides = sides[sides["via"].isna()]  # the named senders and targets, not the blocs' members
    pairs = sides[sides["role"] == "sender"].merge(
        sides[sides["role"] == "target"], on="sanction", suffixes=("_sender", "_target")
    )
    status = frames["sanctions"][["id", "status", "modality"]].rename(columns={"id": "sanction"})
    print("\nSanctions, sender → target:")
    print(
        pairs.merge(status, on="sanction")[
            ["actor_sender", "actor_target", "status", "modality"]
        ].to_string(index=False)
    )

    # Milestones per year, from their first day.
    milestones = frames["milestones"].dropna(subset=["date_start"])
    per_year = milestones.groupby(pd.to_datetime(milestones["date_start"]).dt.year).size()
    print("\nAgreement milestones per year:")
    print(per_year.to_string())


if __name__ == "__main__":
    main()
