"""Who may do what with the surveys. Missing or out of scope → 404; visible but not allowed → 403.

- Survey managers (TPI Balitbangkumham, administrator): open and configure a period, issue,
  revoke and replace codes, review flagged responses, import paper surveys, publish, and see
  every result at any time.
- The codes (QR, poster) of a unit: survey managers, and members of the unit itself or of a
  unit above it in the tree (a Kanwil for its UPT), through a unit role (not a ministry-wide one).
- A unit's service users and hours: survey managers, and the operator and head of that unit.
- A unit's results: survey managers at any time; once the period is published, everyone who
  sees the unit (its Kanwil, its Eselon I, the unit itself, the ministry-wide roles).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zona.accounts.models import MINISTRY_WIDE_ROLES, Role
from zona.accounts.scoping import memberships_of
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit, UnitKind
from zona.surveys.models import SurveyPeriod

if TYPE_CHECKING:
    from zona.accounts.models import User

# Units that run the survey (Gambar 5–7): UPT, Kanwil and Unit Eselon I.
SURVEYED_KINDS = (UnitKind.UPT, UnitKind.KANWIL, UnitKind.ESELON_I)


class Action(StrEnum):
    RESULTS = "results"
    CODES = "codes"
    PROFILE = "profile"  # service users and hours
    MANAGE = "manage"  # codes issue/revoke/rotate, paper import


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_survey_manager(user: User) -> bool:
    if not _active(user):
        return False
    return user.is_superuser or any(
        m.role in (Role.TPI_BALITBANG, Role.ADMINISTRATOR) for m in memberships_of(user)
    )


def holds_code_line(user: User, unit: Unit) -> bool:
    """A member of the unit or of a unit above it, in a unit role (not a ministry-wide one)."""
    return any(
        m.role not in MINISTRY_WIDE_ROLES and m.unit.is_active and unit.path.startswith(m.unit.path)
        for m in memberships_of(user)
    )


def can(user: User, action: Action, unit: Unit, period: SurveyPeriod | None = None) -> bool:
    """Whether `user` may do `action` for `unit` (which they already see)."""
    if not _active(user):
        return False
    if is_survey_manager(user):
        return True
    match action:
        case Action.RESULTS:
            return period is not None and period.is_published
        case Action.CODES:
            return holds_code_line(user, unit)
        case Action.PROFILE:
            return any(
                m.unit_id == unit.pk and m.role in (Role.OPERATOR_SATKER, Role.KEPALA_SATKER)
                for m in memberships_of(user)
            )
        case Action.MANAGE:
            return False
    raise AssertionError(action)


def permissions(user: User, unit: Unit, period: SurveyPeriod | None) -> dict[str, bool]:
    return {action.value: can(user, action, unit, period) for action in Action}


def get_period(year: int) -> SurveyPeriod:
    period = (
        SurveyPeriod.objects.select_related("assessment_year__instrument")
        .defer("assessment_year__instrument__source_text")  # parsed once: Instrument.spec
        .filter(assessment_year__year=year)
        .first()
    )
    if period is None:
        raise Http404
    return period


def get_year(year: int) -> AssessmentYear:
    found = AssessmentYear.objects.select_related("instrument").filter(year=year).first()
    if found is None:
        raise Http404
    return found


def get_unit(user: User, pk: int, action: Action, period: SurveyPeriod | None = None) -> Unit:
    """A unit that runs surveys, seen by `user`, on which `action` is allowed."""
    unit = (
        Unit.objects.visible_to(user)
        .filter(pk=pk, kind__in=SURVEYED_KINDS)
        .select_related("parent", "pembina")
        .first()
    )
    if unit is None:
        raise Http404
    if not can(user, action, unit, period):
        raise PermissionDenied
    return unit


def require_manager(user: User) -> None:
    if not is_survey_manager(user):
        raise PermissionDenied


def can_see_some_codes(user: User) -> bool:
    return is_survey_manager(user) or any(
        m.role not in MINISTRY_WIDE_ROLES for m in memberships_of(user)
    )
