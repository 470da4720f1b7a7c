"""What waits for a user: LKE to fill or correct, and LKE to verify at the user's tier."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zona.accounts.models import Role, User
from zona.accounts.scoping import memberships_of
from zona.assessments.models import Assessment
from zona.assessments.workflow import EDITABLE_STATUSES, Status
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit


def waiting_for(user: User, year: AssessmentYear) -> QuerySet[Assessment]:
    wanted = Q(pk__in=[])
    for membership in memberships_of(user):
        unit_id, role = membership.unit_id, membership.role
        if role in (Role.OPERATOR_SATKER, Role.KEPALA_SATKER):
            wanted |= Q(unit_id=unit_id, status__in=EDITABLE_STATUSES)
        elif role == Role.TIM_KERJA_KANWIL:
            wanted |= Q(unit__parent_id=unit_id, status=Status.AT_KANWIL)
        elif role == Role.TIM_PENILAI_ESELON_I:
            wanted |= Q(unit__pembina_id=unit_id, status=Status.AT_ESELON_I)
        elif role == Role.TPI_ITJEN:
            wanted |= Q(status=Status.AT_TPI)
    return (
        Assessment.objects.filter(
            wanted, assessment_year=year, unit__in=Unit.objects.visible_to(user)
        )
        .select_related("unit")
        .order_by("updated_at")
    )
