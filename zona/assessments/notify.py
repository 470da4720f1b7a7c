"""Who hears about a move of an LKE: the next actor along the chain, or the satker."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from zona.accounts.models import MINISTRY_WIDE_ROLES, Membership, Role, User
from zona.assessments.models import Assessment, Transition
from zona.assessments.workflow import (
    RETURNED_BY,
    TIER_OF_STATUS,
    VERIFIED_BY,
    VERIFIER_ROLE,
    Status,
    Tier,
    verifying_unit,
)
from zona.notifications.services import notify

SATKER_ROLES = (Role.OPERATOR_SATKER, Role.KEPALA_SATKER)


def recipients(assessment: Assessment, status: str) -> list[User]:
    unit = assessment.unit
    if status in RETURNED_BY.values() or status in VERIFIED_BY.values():
        members = Membership.objects.filter(unit=unit, role__in=SATKER_ROLES)
    else:
        tier = TIER_OF_STATUS[Status(status)]
        role = VERIFIER_ROLE[tier]
        members = Membership.objects.filter(role=role)
        if role not in MINISTRY_WIDE_ROLES:
            members = members.filter(unit=verifying_unit(unit, Tier(tier)))
    return [m.user for m in members.select_related("user") if m.user.is_active]


def notify_next_actor(assessment_id: int, transition_id: int) -> None:
    transition = Transition.objects.select_related(
        "assessment__unit__parent", "assessment__unit__pembina", "assessment__assessment_year"
    ).get(pk=transition_id, assessment_id=assessment_id)
    assessment = transition.assessment
    title = _("LKE %(year)s of %(unit)s: %(status)s") % {
        "year": assessment.assessment_year.year,
        "unit": assessment.unit.display_short,
        "status": transition.get_to_status_display(),
    }
    notify(
        recipients(assessment, transition.to_status),
        title=title,
        body=transition.note,
        url=reverse("assessments:lke", args=[assessment.pk]),
        at=transition.at,  # dated by the move it tells of (an earlier year's, in the demo)
    )
