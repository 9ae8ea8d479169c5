"""Shared test set-up: hypothesis profiles and the bundled dataset."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, settings

import ruiran

#: Every phase but ``explain``: after shrinking, it tries each part of the failing input again
#: to say which ones matter; on the datasets' nested strategies that tripled the time a
#: failure takes to report (95 s instead of 32 for one of issue 14's bugs).
_REPORT_FAST = [p for p in Phase if p is not Phase.explain]

# CI must never flake: no deadline (a slow 2-core machine is not a bug), derandomized examples,
# and enough of them to mean something. Locally, random exploration finds new cases.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=100,
    phases=_REPORT_FAST,
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
    phases=_REPORT_FAST,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


#: Set by mutmut (scripts/mutation.py) while it runs every selected test once to learn which
#: test calls which function; it then runs only those tests against each mutant of a function.
_MUTMUT_STATS = os.environ.get("MUTANT_UNDER_TEST") == "stats"


def _bundled_scope(fixture_name: str, config: pytest.Config) -> str:
    return "function" if _MUTMUT_STATS else "session"


@pytest.fixture(scope=_bundled_scope)  # type: ignore[arg-type]
def bundled() -> ruiran.Dataset:
    """The bundled dataset, loaded once (once per test while mutmut collects its stats)."""
    return ruiran.load()


@pytest.fixture(autouse=True)
def _forget_what_tests_share(request: pytest.FixtureRequest) -> Iterator[None]:
    """While mutmut collects its stats, forget after each test what tests share in-process.

    A dataset loaded once, or a store built by a cached helper, is otherwise built during the
    first test that needs it only, and mutmut would credit the code that builds it to that
    test alone, never running the later tests against that code's mutants.
    """
    yield
    if not _MUTMUT_STATS:
        return
    import ruiran.io

    ruiran.io._bundled = None
    for value in vars(request.module).values():
        forget = getattr(value, "cache_clear", None)
        if callable(forget):
            forget()
