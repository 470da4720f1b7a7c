"""Who may see and change compliance data. Missing or out of scope → 404; visible but not
allowed → 403.

- see a unit's compliance page, its files and exports: everyone who sees the unit
  (`Unit.objects.visible_to`);
- record, edit and import findings; accept a follow-up, return it, declare a finding
  impossible to follow up, reopen it: TPI Itjen and the administrator;
- record a follow-up with its evidence: the operator and the head of that very unit;
- import the employee list, change an employee's report status: the operator and the head
  of that very unit, TPI Itjen, the administrator;
- see the ministry's BPK opinion and AKIP grade and their documents: everyone logged in;
- enter the ministry's BPK opinion and AKIP grade: the ministry working team and the
  administrator.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zona.accounts.models import Role
from zona.accounts.scoping import memberships_of
from zona.compliance.models import Finding, FollowUpEvidence, MinistryGrade, WealthReport
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit, UnitKind

if TYPE_CHECKING:
    from zona.accounts.models import User


class Action(StrEnum):
    VIEW = "view"
    MANAGE_FINDINGS = "manage_findings"  # record, edit, import, review findings
    FOLLOW_UP = "follow_up"  # record the unit's follow-up and its evidence
    EDIT_WEALTH = "edit_wealth"  # employees' wealth reports


# Units that build an integrity zone and so have compliance data (not the ministry itself).
COMPLIANCE_KINDS = (UnitKind.ESELON_I, UnitKind.KANWIL, UnitKind.UPT)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _holds_anywhere(user: User, *roles: str) -> bool:
    return any(m.role in roles for m in memberships_of(user))


def _holds_in(user: User, unit: Unit, *roles: str) -> bool:
    return any(m.unit_id == unit.pk and m.role in roles for m in memberships_of(user))


def is_administrator(user: User) -> bool:
    return _active(user) and (user.is_superuser or _holds_anywhere(user, Role.ADMINISTRATOR))


def can(user: User, action: Action, unit: Unit) -> bool:
    """Whether `user` may do `action` on the compliance data of `unit` (which they see)."""
    if not _active(user):
        return False
    match action:
        case Action.VIEW:
            return True
        case Action.MANAGE_FINDINGS:
            return is_administrator(user) or _holds_anywhere(user, Role.TPI_ITJEN)
        case Action.FOLLOW_UP:
            return _holds_in(user, unit, Role.OPERATOR_SATKER, Role.KEPALA_SATKER)
        case Action.EDIT_WEALTH:
            return (
                is_administrator(user)
                or _holds_anywhere(user, Role.TPI_ITJEN)
                or _holds_in(user, unit, Role.OPERATOR_SATKER, Role.KEPALA_SATKER)
            )
    raise AssertionError(action)


def can_manage_findings_anywhere(user: User) -> bool:
    """The ministry-wide findings import (TPI Itjen, administrator)."""
    return _active(user) and (is_administrator(user) or _holds_anywhere(user, Role.TPI_ITJEN))


def can_enter_ministry_grades(user: User) -> bool:
    return _active(user) and (
        is_administrator(user) or _holds_anywhere(user, Role.TIM_KERJA_KEMENTERIAN)
    )


def permissions(user: User, unit: Unit) -> dict[str, bool]:
    """Every action at once, for templates (which show only what the user may do)."""
    return {action.value: can(user, action, unit) for action in Action}


def _require(user: User, action: Action, unit: Unit) -> None:
    if not can(user, action, unit):
        raise PermissionDenied


def get_year(year: int) -> AssessmentYear:
    found = AssessmentYear.objects.select_related("instrument").filter(year=year).first()
    if found is None:
        raise Http404
    return found


def get_unit_for_compliance(user: User, pk: int, action: Action = Action.VIEW) -> Unit:
    unit = (
        Unit.objects.visible_to(user)
        .filter(pk=pk, kind__in=COMPLIANCE_KINDS)
        .select_related("parent", "pembina")
        .first()
    )
    if unit is None:
        raise Http404
    _require(user, action, unit)
    return unit


def get_finding_for_user(user: User, pk: int, action: Action = Action.VIEW) -> Finding:
    finding = (
        Finding.objects.select_related("unit", "assessment_year__instrument")
        .filter(pk=pk, unit__in=Unit.objects.visible_to(user))
        .first()
    )
    if finding is None:
        raise Http404
    _require(user, action, finding.unit)
    return finding


def get_evidence_for_user(user: User, pk: int) -> FollowUpEvidence:
    evidence = (
        FollowUpEvidence.objects.select_related("stored_file", "follow_up__finding")
        .filter(pk=pk, follow_up__finding__unit__in=Unit.objects.visible_to(user))
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def get_wealth_report_for_user(user: User, pk: int, action: Action = Action.VIEW) -> WealthReport:
    """The report of an employee on the roster (one taken off the list is not shown)."""
    report = (
        WealthReport.objects.select_related("employee__unit", "employee__assessment_year")
        .filter(pk=pk, employee__listed=True, employee__unit__in=Unit.objects.visible_to(user))
        .first()
    )
    if report is None:
        raise Http404
    _require(user, action, report.employee.unit)
    return report


def get_ministry_grade_for_user(user: User, pk: int) -> MinistryGrade:
    """Every logged-in user sees the ministry's grades and their documents."""
    grade = MinistryGrade.objects.select_related("document").filter(pk=pk).first()
    if grade is None or not _active(user):
        raise Http404
    return grade


def require_ministry_team(user: User) -> None:
    if not can_enter_ministry_grades(user):
        raise PermissionDenied


def require_findings_manager(user: User) -> None:
    if not can_manage_findings_anywhere(user):
        raise PermissionDenied
