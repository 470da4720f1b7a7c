"""Every scoring test builds the instruments' lookup tables itself."""

from __future__ import annotations

import pytest

from zona.scoring.plan import plan_for


@pytest.fixture(autouse=True)
def fresh_plans() -> None:
    """`plan_for` is cached per process: clear it, so that no test leans on another having built
    the tables (and a mutation run, which forks after a first run, tests the code that builds
    them)."""
    plan_for.cache_clear()
