"""Who may see and act on an LKE. Missing or out of scope → 404; visible but not allowed → 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zona.accounts.models import MINISTRY_WIDE_ROLES, Role, User
from zona.accounts.scoping import memberships_of
from zona.assessments.models import Assessment
from zona.assessments.workflow import AT_TIER, VERIFIER_ROLE, Tier, chain_of, verifying_unit
from zona.organizations.models import Unit


def get_assessment_for_user(user: User, pk: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related(
            "unit", "unit__parent", "unit__pembina", "assessment_year__instrument"
        )
        .filter(pk=pk, unit__in=Unit.objects.visible_to(user))
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def holds(user: User, unit: Unit, *roles: str) -> bool:
    return any(m.unit_id == unit.pk and m.role in roles for m in memberships_of(user))


def is_satker_member(user: User, unit: Unit) -> bool:
    return holds(user, unit, Role.OPERATOR_SATKER, Role.KEPALA_SATKER)


def is_head(user: User, unit: Unit) -> bool:
    return holds(user, unit, Role.KEPALA_SATKER)


def verifier_tiers(user: User, assessment: Assessment) -> list[Tier]:
    """The tiers of this LKE's chain at which the user's team verifies."""
    tiers = []
    for tier in chain_of(assessment.unit):
        role = VERIFIER_ROLE[tier]
        for membership in memberships_of(user):
            if membership.role != role:
                continue
            if role in MINISTRY_WIDE_ROLES or membership.unit_id == getattr(
                verifying_unit(assessment.unit, tier), "pk", None
            ):
                tiers.append(tier)
                break
    return tiers


def acting_tier(user: User, assessment: Assessment) -> Tier | None:
    """The tier at which the user may act on the LKE now, if any."""
    for tier in verifier_tiers(user, assessment):
        if assessment.status == AT_TIER[tier]:
            return tier
    return None


def require_satker_member(user: User, assessment: Assessment) -> None:
    if not is_satker_member(user, assessment.unit):
        raise PermissionDenied


def require_head(user: User, assessment: Assessment) -> None:
    if not is_head(user, assessment.unit):
        raise PermissionDenied


def require_acting_tier(user: User, assessment: Assessment) -> Tier:
    tier = acting_tier(user, assessment)
    if tier is None:
        raise PermissionDenied
    return tier
