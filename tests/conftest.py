"""Shared test set-up: hypothesis profiles and the bundled dataset."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

import ruiran

# CI must never flake: no deadline (a slow 2-core machine is not a bug), derandomized examples,
# and enough of them to mean something. Locally, random exploration finds new cases.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=100,
    print_blob=True,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Mutation runs (scripts/mutation.py): reproducible, and no time spent shrinking a failure
# (a mutant only needs one).
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    max_examples=50,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    deadline=None,
    max_examples=100,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def bundled() -> ruiran.Dataset:
    """The bundled dataset, loaded once."""
    return ruiran.load()
