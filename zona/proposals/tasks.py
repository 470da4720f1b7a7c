"""Background work from candidate to predicate (Django tasks API): building the PMPZI package."""

from __future__ import annotations

from django_tasks import task

from zona.proposals import bundle


@task()
def build_package(package_id: int, attempt: int) -> str:
    """Build attempt `attempt` of the package; "ready", or "superseded" when it was asked for
    again meanwhile. A failure is recorded on the package and raised for the worker's log."""
    return bundle.build(package_id, attempt)
