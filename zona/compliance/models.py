"""Compliance facts that feed the result components and the predicate criteria (Bab III A.3).

- TLHP: audit findings of a unit for an assessment year, their follow-ups (with evidence
  files) and the TPI's decisions; the share of settled findings is the TLHP input.
- LHKPN / LHKASN: for each employee on the unit's roster for the year
  (`zona.employees.Employee`, the list the Pakta Integritas is signed from too), which wealth
  report they must file, and whether they did.
- The ministry's BPK opinion and AKIP grade for the year, each entry with its source
  document; the newest entry per scale is the one in force.

Files are never overwritten: every upload is a new row pointing at an immutable StoredFile.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.files.models import StoredFile
from zona.organizations.models import Unit


class FindingSource(models.TextChoices):
    BPK = "BPK", _("BPK (Audit Board)")
    ITJEN = "ITJEN", _("Itjen (Inspectorate General)")
    BPKP = "BPKP", _("BPKP (Finance and Development Supervisory Agency)")
    OMBUDSMAN = "OMBUDSMAN", _("Ombudsman")


class FindingStatus(models.TextChoices):
    OPEN = "belum_ditindaklanjuti", _("Not yet followed up")
    SUBMITTED = "menunggu_penilaian", _("Follow-up submitted, awaiting the TPI")
    RETURNED = "belum_sesuai", _("Follow-up not yet in line with the recommendation")
    FOLLOWED_UP = "sesuai", _("Followed up in line with the recommendation")
    NOT_APPLICABLE = "tidak_dapat_ditindaklanjuti", _("Cannot be followed up (valid reason)")


# Findings that count as followed up in the TLHP percentage: nothing is outstanding on them.
SETTLED_STATUSES = frozenset({FindingStatus.FOLLOWED_UP, FindingStatus.NOT_APPLICABLE})


class Finding(models.Model):
    """One audit finding (temuan) of a unit with its recommendation, counted in one year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="audit_findings")
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="audit_findings"
    )
    source = models.CharField(_("source"), max_length=16, choices=FindingSource.choices)
    report_number = models.CharField(_("report number"), max_length=120)
    report_date = models.DateField(_("report date"))
    number = models.CharField(_("finding number"), max_length=32)
    finding = models.TextField(_("finding"))
    recommendation = models.TextField(_("recommendation"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report_date", "report_number", "number", "pk"]
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "assessment_year", "source", "report_number", "number"],
                name="finding_unique_in_report",
            )
        ]
        indexes = [
            models.Index(fields=["assessment_year", "unit", "status"], name="finding_year_unit_idx")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.report_number} #{self.number}"

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES


class FollowUp(models.Model):
    """What the unit did about a finding, as it reported it; never edited, only added."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_ups")
    note = models.TextField(_("follow-up"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.finding} — {self.created_at:%Y-%m-%d}"


class FollowUpEvidence(models.Model):
    """One uploaded evidence file of a follow-up (a new row per upload)."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="evidence")
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("follow-up evidence")
        verbose_name_plural = _("follow-up evidence")

    def __str__(self) -> str:
        return self.name


class ReviewDecision(models.TextChoices):
    ACCEPT = "accept", _("Accept as followed up")
    RETURN = "return", _("Return: not yet in line with the recommendation")
    NOT_APPLICABLE = "not_applicable", _("Declare it cannot be followed up")
    REOPEN = "reopen", _("Reopen")


class FindingReview(models.Model):
    """A decision of the TPI Itjen (or the administrator) on a finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(_("decision"), max_length=16, choices=ReviewDecision.choices)
    status_before = models.CharField(max_length=32, choices=FindingStatus.choices)
    status_after = models.CharField(max_length=32, choices=FindingStatus.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("finding review")
        verbose_name_plural = _("finding reviews")

    def __str__(self) -> str:
        return f"{self.finding} — {self.decision}"


class Obligation(models.TextChoices):
    LHKPN = "LHKPN", _("LHKPN (to the KPK)")
    LHKASN = "LHKASN", _("LHKASN (through SiHARKA)")


class ReportStatus(models.TextChoices):
    FILED = "sudah", _("Filed")
    NOT_FILED = "belum", _("Not filed")


class WealthReport(models.Model):
    """The wealth report due from one employee on the unit's roster for the year: which one
    (LHKPN or LHKASN), and whether it was filed."""

    employee = models.OneToOneField(
        Employee, on_delete=models.PROTECT, related_name="wealth_report"
    )
    obligation = models.CharField(_("obligation"), max_length=8, choices=Obligation.choices)
    status = models.CharField(
        _("report status"),
        max_length=8,
        choices=ReportStatus.choices,
        default=ReportStatus.NOT_FILED,
    )
    report_date = models.DateField(_("report date"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        # LHKPN (officials) before LHKASN
        ordering = ["-obligation", "employee__name", "employee__nip"]
        verbose_name = _("wealth report")
        verbose_name_plural = _("wealth reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sudah", report_date__isnull=False)
                | models.Q(status="belum", report_date__isnull=True),
                name="wealth_report_date_iff_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} ({self.obligation})"


class MinistryGrade(models.Model):
    """One entry of the ministry's BPK opinion or AKIP grade for a year; the newest counts."""

    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="ministry_grades"
    )
    scale = models.CharField(_("scale"), max_length=32)  # a ministry scale of the instrument
    grade = models.CharField(_("grade"), max_length=8)
    reference = models.CharField(_("source document reference"), max_length=300)
    document = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    document_name = models.CharField(_("file name"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ministry grade")
        verbose_name_plural = _("ministry grades")
        indexes = [
            models.Index(
                fields=["assessment_year", "scale", "-created_at"], name="ministry_grade_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_year} {self.scale} {self.grade}"
