"""Who sees a kawasan, and who records for it.

A kawasan is seen by the ministry-wide roles and by whoever sees one of the ministry's units
in it; the member units' own verdicts are shown only to those who see those units. The special
team, the integration scores, other agencies' predicates and the penetapan are recorded by the
roles that record the ministry's decrees and the TPN's results (TPI Itjen, the ministry's
working team, the administrator: `zona.proposals.access.may_record`). Missing or not seen →
404; seen but not a recorder → 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zona.accounts.models import User
from zona.accounts.scoping import sees_whole_ministry
from zona.organizations.models import Kawasan, KawasanMember, Unit
from zona.proposals.access import may_record
from zona.proposals.models import KawasanTeam


def visible_kawasan(user: User) -> QuerySet[Kawasan]:
    if sees_whole_ministry(user):
        return Kawasan.objects.all()
    seen = Unit.objects.visible_to(user)
    return Kawasan.objects.filter(
        pk__in=KawasanMember.objects.filter(unit__in=seen).values("kawasan_id")
    )


def get_kawasan_for_user(user: User, pk: int) -> Kawasan:
    kawasan = visible_kawasan(user).filter(pk=pk).first()
    if kawasan is None:
        raise Http404
    return kawasan


def get_kawasan_for_recorder(user: User, pk: int) -> Kawasan:
    kawasan = get_kawasan_for_user(user, pk)
    require_recorder(user)
    return kawasan


def get_member_for_recorder(user: User, pk: int) -> KawasanMember:
    member = (
        KawasanMember.objects.select_related("kawasan")
        .filter(pk=pk, kawasan__in=visible_kawasan(user))
        .first()
    )
    if member is None:
        raise Http404
    require_recorder(user)
    return member


def get_team_for_user(user: User, pk: int) -> KawasanTeam:
    team = (
        KawasanTeam.objects.select_related("document", "kawasan")
        .filter(pk=pk, kawasan__in=visible_kawasan(user))
        .first()
    )
    if team is None:
        raise Http404
    return team


def require_recorder(user: User) -> None:
    if not may_record(user):
        raise PermissionDenied


def units_seen(user: User, kawasan: Kawasan) -> set[int]:
    """The kawasan's ministry units whose own records (verdict, LKE) the user may see."""
    members = KawasanMember.objects.filter(kawasan=kawasan, unit__isnull=False)
    return set(
        Unit.objects.visible_to(user)
        .filter(pk__in=members.values("unit_id"))
        .values_list("pk", flat=True)
    )
