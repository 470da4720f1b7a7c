"""A unit's LKE for a year: its answers per tier, item reviews, evidence and transitions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.assessments.workflow import Status, Tier
from zona.cycles.models import AssessmentYear
from zona.files.models import StoredFile
from zona.instruments.models import Question
from zona.organizations.models import Unit


class Assessment(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment_year", "unit__path"]
        verbose_name = _("LKE")
        verbose_name_plural = _("LKE")
        constraints = [
            models.UniqueConstraint(fields=["unit", "assessment_year"], name="assessment_unique")
        ]

    def __str__(self) -> str:
        return f"LKE {self.assessment_year} — {self.unit}"


class Answer(models.Model):
    """One tier's answer to one question; a higher tier never overwrites a lower one."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    value = models.CharField(_("answer"), max_length=32, blank=True)  # option label or a number
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=0)  # optimistic locking
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    manual = models.BooleanField(_("recorded from a manual verification"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question", "tier"], name="answer_unique_per_tier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code} [{self.tier}] {self.value}"


class ReviewState(models.TextChoices):
    PENDING = "pending", _("waiting")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class ItemReview(models.Model):
    """A verifying tier's decision on one question."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    note = models.TextField(_("verifier's note"), blank=True)
    returned_count = models.PositiveIntegerField(_("times returned"), default=0)
    due_on = models.DateField(_("correct by"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("item review")
        verbose_name_plural = _("item reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question", "tier"], name="review_unique_per_tier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code} [{self.tier}] {self.state}"


class Evidence(models.Model):
    """Data dukung of one question: a file (with every version kept) or a link."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    current = models.ForeignKey(
        "EvidenceVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["question", "created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class EvidenceVersion(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["evidence", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} (v{self.number})"


class Transition(models.Model):
    """The history of the LKE's status, shown to everyone who sees it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=24, choices=Status.choices)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    note = models.TextField(blank=True)
    manual = models.BooleanField(default=False)
    berita_acara = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class AssessmentSummary(models.Model):
    """What dashboards and lists show of an LKE, kept current by the services that change it
    (`zona.assessments.summary.refresh`, inside their transaction), so that no page scores the
    raw answers of many units."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    judged_tier = models.CharField(
        _("scored on the answers of"), max_length=16, choices=Tier.choices
    )
    leverage = models.DecimalField(_("leverage score"), max_digits=6, decimal_places=2)
    leverage_by_tier = models.JSONField(default=dict)  # tier -> score, for the tiers that acted
    area_percent = models.JSONField(default=dict)  # area key -> % of its weight (judged tier)
    leverage_meets_wbk = models.BooleanField(default=False)  # total and every area's minimum
    leverage_meets_wbbm = models.BooleanField(default=False)
    answered = models.PositiveIntegerField(default=0)
    with_evidence = models.PositiveIntegerField(default=0)
    questions = models.PositiveIntegerField(default=0)
    returned_due = models.JSONField(default=list)  # the due dates of the items returned now
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("LKE summary")
        verbose_name_plural = _("LKE summaries")

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.leverage}"

    @property
    def returned(self) -> int:
        return len(self.returned_due)

    def overdue(self, today: date) -> int:
        return sum(1 for due in self.returned_due if due and date.fromisoformat(due) < today)
