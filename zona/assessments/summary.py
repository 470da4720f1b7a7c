"""An LKE's summary row: its score on the answers of the highest tier that has acted, each
area's percentage, whether the leverage part meets WBK and WBBM, and its open returns.

`refresh` is called by every service that changes an LKE (answers, reviews, evidence,
status), inside that service's transaction: the summary moves with the data or not at all.
`refresh_all` rebuilds every summary (`zona refresh-summaries`, after an upgrade).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from zona.assessments.models import Assessment, AssessmentSummary
from zona.assessments.sheet import Sheet, leverage_criteria, load_sheet

Service = TypeVar("Service", bound=Callable[..., Any])


def refresh(assessment: Assessment) -> AssessmentSummary:
    sheet = load_sheet(assessment)
    judged = judged_tier(sheet)
    answers = sheet.effective[judged]
    spec = assessment.assessment_year.instrument.spec()
    meets = {
        target: all(c.passed for c in leverage_criteria(spec, answers, target))
        for target in ("WBK", "WBBM")
    }
    summary, _created = AssessmentSummary.objects.update_or_create(
        assessment=assessment,
        defaults={
            "judged_tier": judged,
            "leverage": sheet.leverage_by_tier[judged].total,
            "leverage_by_tier": {
                tier: str(score.total)
                for tier, score in sheet.leverage_by_tier.items()
                if tier in sheet.acted
            },
            "area_percent": {area.key: str(area.percent_by_tier[judged]) for area in sheet.areas},
            "leverage_meets_wbk": meets["WBK"],
            "leverage_meets_wbbm": meets["WBBM"],
            "answered": sheet.answered,
            "with_evidence": sheet.with_evidence,
            "questions": sheet.total,
            "returned_due": sorted(
                (review.due_on.isoformat() if review.due_on else "")
                for row in sheet.rows.values()
                for review in row.reviews.values()
                if review.state == "returned"
            ),
            "refreshed_at": timezone.now(),
        },
    )
    return summary


def summary_of(lke: Assessment | None) -> AssessmentSummary | None:
    """The LKE's summary row, loaded with it or fetched; None without an LKE or a row yet."""
    if lke is None:
        return None
    try:
        return lke.summary
    except AssessmentSummary.DoesNotExist:
        return None


def judged_tier(sheet: Sheet) -> str:
    """The highest tier of the chain that has acted: its answers are the LKE's score now."""
    return next(tier for tier in reversed(sheet.tiers) if tier in sheet.acted)


_batch: ContextVar[set[int] | None] = ContextVar("summary_batch", default=None)


def refreshes_summary(service: Service) -> Service:
    """After the service (inside its transaction), refresh the summary of its `assessment`
    (once at the end of a `batch`, when one is open)."""

    @functools.wraps(service)
    def run(*args: Any, **kwargs: Any) -> Any:
        result = service(*args, **kwargs)
        pending = _batch.get()
        if pending is None:
            refresh(Assessment.objects.get(pk=kwargs["assessment"].pk))
        else:
            pending.add(kwargs["assessment"].pk)
        return result

    return run  # type: ignore[return-value]


@contextmanager
def batch() -> Iterator[None]:
    """Many changes in one transaction (an imported worksheet): each LKE's summary is
    refreshed once, at the end, still inside the caller's transaction."""
    if _batch.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    for assessment in Assessment.objects.filter(pk__in=pending):
        refresh(assessment)


def refresh_all() -> int:
    count = 0
    for assessment in Assessment.objects.select_related("unit", "assessment_year__instrument"):
        with transaction.atomic():
            refresh(assessment)
        count += 1
    return count
