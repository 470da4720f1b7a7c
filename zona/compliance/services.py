"""Every change to compliance data, each in one transaction with its audit event.

Reading functions for other apps (`compliance_for`, `compliance_for_units`, `tlhp_percents`,
`ministry_standing`) live in `zona.compliance.summary` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.services import change_of, diff, record, snapshot
from zona.compliance.models import (
    Finding,
    FindingReview,
    FindingStatus,
    FollowUp,
    FollowUpEvidence,
    MinistryGrade,
    ReportStatus,
    ReviewDecision,
    WealthReport,
)
from zona.compliance.summary import (
    ComplianceSummary,
    compliance_for,
    compliance_for_units,
    current_ministry_grades,
    ministry_standing,
    tlhp_percents,
)
from zona.cycles.models import AssessmentYear
from zona.files.services import FileKind, store_upload
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User

__all__ = [
    "DOCUMENT_KINDS",
    "EVIDENCE_KINDS",
    "FINDING_FIELDS",
    "FOLLOW_UP_FROM",
    "REVIEW_TRANSITIONS",
    "ComplianceSummary",
    "compliance_for",
    "compliance_for_units",
    "create_finding",
    "current_ministry_grades",
    "ministry_standing",
    "record_follow_up",
    "record_ministry_grade",
    "review_finding",
    "set_wealth_report_status",
    "tlhp_percents",
    "update_finding",
]

FINDING_FIELDS = (
    "source",
    "report_number",
    "report_date",
    "number",
    "finding",
    "recommendation",
    "due_date",
)
WEALTH_FIELDS = ("obligation", "status", "report_date")  # an employee's, on the roster

# Follow-up evidence: what offices scan, photograph and write (judged by content, not name).
EVIDENCE_KINDS = frozenset(
    {FileKind.PDF, FileKind.JPEG, FileKind.PNG, FileKind.DOCX, FileKind.XLSX, FileKind.PPTX}
)
# The ministry's source documents (the BPK audit report, the AKIP evaluation letter).
DOCUMENT_KINDS = frozenset({FileKind.PDF, FileKind.JPEG, FileKind.PNG})
MAX_FILES_PER_FOLLOW_UP = 10

# The unit may report a follow-up on a finding in these states; it then awaits the TPI.
FOLLOW_UP_FROM = frozenset({FindingStatus.OPEN, FindingStatus.SUBMITTED, FindingStatus.RETURNED})

# decision → (states it may be taken from, state it leads to); REOPEN goes back to RETURNED
# when the unit already reported a follow-up, to OPEN when it never did.
REVIEW_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    ReviewDecision.ACCEPT: (frozenset({FindingStatus.SUBMITTED}), FindingStatus.FOLLOWED_UP),
    ReviewDecision.RETURN: (frozenset({FindingStatus.SUBMITTED}), FindingStatus.RETURNED),
    ReviewDecision.NOT_APPLICABLE: (
        frozenset({FindingStatus.OPEN, FindingStatus.SUBMITTED, FindingStatus.RETURNED}),
        FindingStatus.NOT_APPLICABLE,
    ),
    ReviewDecision.REOPEN: (
        frozenset({FindingStatus.FOLLOWED_UP, FindingStatus.NOT_APPLICABLE}),
        FindingStatus.RETURNED,
    ),
}
NOTE_REQUIRED = frozenset(
    {ReviewDecision.RETURN, ReviewDecision.NOT_APPLICABLE, ReviewDecision.REOPEN}
)


# --- findings ------------------------------------------------------------------------------


def _finding_snapshot(finding: Finding) -> dict[str, Any]:
    return snapshot(finding, (*FINDING_FIELDS, "status", "unit", "assessment_year"))


def _check_unique(
    unit: Unit, year: AssessmentYear, data: Mapping[str, Any], pk: int | None
) -> None:
    clash = Finding.objects.filter(
        unit=unit,
        assessment_year=year,
        source=data["source"],
        report_number=data["report_number"],
        number=data["number"],
    )
    if pk is not None:
        clash = clash.exclude(pk=pk)
    if clash.exists():
        raise ValidationError(
            _("This report already has a finding number %(number)s for this unit and year.")
            % {"number": data["number"]},
            code="duplicate",
        )


@transaction.atomic
def create_finding(
    *, actor: User, unit: Unit, assessment_year: AssessmentYear, data: Mapping[str, Any]
) -> Finding:
    _check_unique(unit, assessment_year, data, None)
    finding = Finding(unit=unit, assessment_year=assessment_year, created_by=actor)
    for name in FINDING_FIELDS:
        setattr(finding, name, data.get(name))
    finding.full_clean()
    finding.save()
    record(actor, change_of("finding.created", finding, after=_finding_snapshot(finding)))
    return finding


@transaction.atomic
def update_finding(*, actor: User, finding: Finding, data: Mapping[str, Any]) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    _check_unique(finding.unit, finding.assessment_year, data, finding.pk)
    before = _finding_snapshot(finding)
    for name in FINDING_FIELDS:
        setattr(finding, name, data.get(name))
    finding.full_clean()
    old, new = diff(before, _finding_snapshot(finding))
    if new:
        finding.save(update_fields=[*FINDING_FIELDS, "updated_at"])
        record(actor, change_of("finding.updated", finding, before=old, after=new))
    return finding


@transaction.atomic
def record_follow_up(
    *, actor: User, finding: Finding, note: str, uploads: Sequence[UploadedFile] = ()
) -> FollowUp:
    """The unit reports what it did (and its evidence); the finding then awaits the TPI.
    Raises ValidationError on a settled finding, FileRejected on a refused file (then
    nothing is recorded)."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status not in FOLLOW_UP_FROM:
        raise ValidationError(
            _("This finding is already settled (%(status)s); the TPI must reopen it first.")
            % {"status": finding.get_status_display()},
            code="settled",
        )
    note = note.strip()
    if not note:
        raise ValidationError(_("Describe the follow-up."), code="required")
    if len(uploads) > MAX_FILES_PER_FOLLOW_UP:
        raise ValidationError(
            _("At most %(max)d files per follow-up.") % {"max": MAX_FILES_PER_FOLLOW_UP},
            code="too_many",
        )
    follow_up = FollowUp.objects.create(finding=finding, note=note, created_by=actor)
    files = []
    for upload in uploads:
        stored = store_upload(actor=actor, upload=upload, allowed=EVIDENCE_KINDS)
        evidence = FollowUpEvidence.objects.create(
            follow_up=follow_up,
            stored_file=stored,
            name=(upload.name or "")[:255],
            uploaded_by=actor,
        )
        files.append({"evidence": evidence.pk, "file": stored.pk, "name": evidence.name})
    status_before = finding.status
    finding.status = FindingStatus.SUBMITTED
    finding.save(update_fields=["status", "updated_at"])
    record(
        actor,
        change_of(
            "finding.follow_up_recorded",
            finding,
            before={"status": status_before},
            after={
                "status": finding.status,
                "follow_up": follow_up.pk,
                "note": note,
                "files": files,
            },
        ),
    )
    return follow_up


@transaction.atomic
def review_finding(*, actor: User, finding: Finding, decision: str, note: str = "") -> Finding:
    """A TPI decision, checked against REVIEW_TRANSITIONS; ValidationError if not allowed."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if decision not in REVIEW_TRANSITIONS:
        raise ValidationError(_("Unknown decision."), code="invalid")
    allowed_from, target = REVIEW_TRANSITIONS[decision]
    if finding.status not in allowed_from:
        raise ValidationError(
            _("“%(decision)s” is not possible while the finding is “%(status)s”.")
            % {
                "decision": ReviewDecision(decision).label,
                "status": finding.get_status_display(),
            },
            code="transition",
        )
    note = note.strip()
    if decision in NOTE_REQUIRED and not note:
        raise ValidationError(_("Give the reason for this decision."), code="required")
    if decision == ReviewDecision.REOPEN and not finding.follow_ups.exists():
        target = FindingStatus.OPEN
    review = FindingReview.objects.create(
        finding=finding,
        decision=decision,
        status_before=finding.status,
        status_after=target,
        note=note,
        created_by=actor,
    )
    finding.status = target
    finding.save(update_fields=["status", "updated_at"])
    record(
        actor,
        change_of(
            f"finding.{decision}",
            finding,
            before={"status": review.status_before},
            after={"status": target, "review": review.pk, "note": note},
        ),
    )
    return finding


# --- wealth reports ------------------------------------------------------------------------


def check_report_date(status: str, report_date: date | None) -> dict[str, str]:
    """Problems of a status/date pair, by field (empty when fine)."""
    if status == ReportStatus.FILED:
        if report_date is None:
            return {"report_date": _("give the date the report was filed")}
        if report_date > timezone.localdate():
            return {"report_date": _("the date is in the future")}
    elif report_date is not None:
        return {"report_date": _("leave the date empty when the report is not filed")}
    return {}


@transaction.atomic
def set_wealth_report_status(
    *, actor: User, report: WealthReport, status: str, report_date: date | None
) -> WealthReport:
    report = WealthReport.objects.select_for_update().get(pk=report.pk)
    if status not in ReportStatus.values:
        raise ValidationError({"status": _("Unknown report status.")})
    problems = check_report_date(status, report_date)
    if problems:
        raise ValidationError(problems)
    before = snapshot(report, ("status", "report_date"))
    report.status, report.report_date, report.updated_by = status, report_date, actor
    old, new = diff(before, snapshot(report, ("status", "report_date")))
    if new:
        report.save(update_fields=["status", "report_date", "updated_by", "updated_at"])
        record(actor, change_of("wealth_report.status_changed", report, before=old, after=new))
    return report


# --- the ministry --------------------------------------------------------------------------


@transaction.atomic
def record_ministry_grade(
    *,
    actor: User,
    assessment_year: AssessmentYear,
    scale: str,
    grade: str,
    reference: str,
    upload: UploadedFile,
) -> MinistryGrade:
    """A new entry (never an overwrite) of the BPK opinion or the AKIP grade, with its document."""
    scales = {s.key: s for s in assessment_year.instrument.spec().ministry_scales}
    if scale not in scales:
        raise ValidationError({"scale": _("Unknown scale.")})
    if grade not in scales[scale].order:
        raise ValidationError(
            {
                "grade": _("must be one of: %(choices)s")
                % {"choices": ", ".join(scales[scale].order)}
            }
        )
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Name the source document.")})
    stored = store_upload(actor=actor, upload=upload, allowed=DOCUMENT_KINDS)
    entry = MinistryGrade.objects.create(
        assessment_year=assessment_year,
        scale=scale,
        grade=grade,
        reference=reference[:300],
        document=stored,
        document_name=(upload.name or "")[:255],
        created_by=actor,
    )
    previous = (
        MinistryGrade.objects.filter(assessment_year=assessment_year, scale=scale)
        .exclude(pk=entry.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    record(
        actor,
        change_of(
            "ministry_grade.recorded",
            entry,
            before={"grade": previous.grade, "entry": previous.pk} if previous else None,
            after={
                "year": assessment_year.year,
                "scale": scale,
                "grade": grade,
                "reference": entry.reference,
                "document": stored.pk,
            },
        ),
    )
    return entry
