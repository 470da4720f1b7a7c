"""Who records which team's decree, and who sees it. The one place of the rule.

- the unit's working team (tim kerja): the head of that unit (kepala satker);
- the Unit Eselon I's assessment team: its head or its assessment team;
- the TPI: TPI Itjen and the ministry's working team (Itjen and Balitbangkumham form it, row 4;
  the ministry's team keeps the schedule);
- the ministry's working team: the ministry's working team;
- the administrator: every team.

A team page is seen by whoever sees the unit. Missing, out of scope, or a kind of team the unit
does not form → 404; visible but not the recorder → 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zona.accounts.models import Role, User
from zona.accounts.scoping import memberships_of
from zona.organizations.models import Unit
from zona.teams.models import TeamDecree, TeamKind, kinds_for


@dataclass(frozen=True)
class Recorders:
    roles: frozenset[str]
    own_unit: bool  # the role must be held in the team's own unit


RECORDERS: dict[str, Recorders] = {
    TeamKind.TIM_KERJA: Recorders(frozenset({Role.KEPALA_SATKER}), own_unit=True),
    TeamKind.TIM_PENILAI: Recorders(
        frozenset({Role.KEPALA_SATKER, Role.TIM_PENILAI_ESELON_I}), own_unit=True
    ),
    TeamKind.TPI: Recorders(
        frozenset({Role.TPI_ITJEN, Role.TIM_KERJA_KEMENTERIAN}), own_unit=False
    ),
    TeamKind.TIM_KERJA_KEMENTERIAN: Recorders(
        frozenset({Role.TIM_KERJA_KEMENTERIAN}), own_unit=False
    ),
}


def may_record(user: User, unit: Unit, kind: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    rule = RECORDERS[kind]
    for membership in memberships_of(user):
        if membership.role == Role.ADMINISTRATOR:
            return True
        if membership.role in rule.roles and (not rule.own_unit or membership.unit_id == unit.pk):
            return True
    return False


def get_unit_for_user(user: User, pk: int) -> Unit:
    unit = Unit.objects.visible_to(user).select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def get_unit_for_recorder(user: User, pk: int, kind: str) -> Unit:
    """The unit whose team of `kind` the user records: 404 if not seen or the unit forms no
    such team, 403 if seen but the user is not its recorder."""
    unit = get_unit_for_user(user, pk)
    if kind not in kinds_for(unit):
        raise Http404
    if not may_record(user, unit, kind):
        raise PermissionDenied
    return unit


def get_decree_for_user(user: User, pk: int) -> TeamDecree:
    decree = (
        TeamDecree.objects.select_related("document", "unit")
        .filter(pk=pk, unit__in=Unit.objects.visible_to(user))
        .first()
    )
    if decree is None:
        raise Http404
    return decree
