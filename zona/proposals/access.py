"""Who proposes whom, and who records the decree, the TPN's steps and the register.

The lines of proposal (Gambar 8): a Kanwil's working team proposes the UPT of its province to
their Unit Eselon I Pembina; a Unit Eselon I's assessment team proposes the Kanwil and UPT
whose pembina it is, and itself, to the TPI; TPI Itjen recommends to the Minister. The
ministry's working team and TPI Itjen record the quota, the decree and the TPN's steps.
Missing or out of scope → 404; visible but not allowed → 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from zona.accounts.models import Role, User
from zona.accounts.scoping import memberships_of
from zona.assessments.models import Assessment
from zona.organizations.models import Unit, UnitKind
from zona.proposals.models import Candidate, Level, Package

PROPOSING_ROLE: dict[str, str] = {
    Level.KANWIL: Role.TIM_KERJA_KANWIL,
    Level.ESELON_I: Role.TIM_PENILAI_ESELON_I,
    Level.TPI: Role.TPI_ITJEN,
}
RECORDING_ROLES = frozenset({Role.TPI_ITJEN, Role.TIM_KERJA_KEMENTERIAN, Role.ADMINISTRATOR})


def proposing_units(user: User, level: str) -> list[int]:
    """The units from which the user proposes at `level` (empty: not at all)."""
    role = PROPOSING_ROLE[level]
    return [m.unit_id for m in memberships_of(user) if m.role == role]


def levels_of(user: User) -> list[str]:
    """The levels at which the user proposes, in the order of the chain."""
    return [level for level in Level.values if proposing_units(user, level)]


def line_of(user: User, level: str) -> Q:
    """The LKE the user may propose at `level`, as a filter on Assessment."""
    units = proposing_units(user, level)
    if not units:
        return Q(pk__in=[])
    if level == Level.KANWIL:
        return Q(unit__parent_id__in=units, unit__kind=UnitKind.UPT)
    if level == Level.ESELON_I:
        return Q(unit__pembina_id__in=units, unit__kind__in=[UnitKind.UPT, UnitKind.KANWIL]) | Q(
            unit_id__in=units
        )
    return Q()  # the TPI: every unit of the ministry


def may_propose(user: User, assessment: Assessment, level: str) -> bool:
    return Assessment.objects.filter(line_of(user, level), pk=assessment.pk).exists()


def may_record(user: User) -> bool:
    """The quota, the Minister's decree, the TPN's steps and earlier grants."""
    return user.is_superuser or any(m.role in RECORDING_ROLES for m in memberships_of(user))


def require_recorder(user: User) -> None:
    if not may_record(user):
        raise PermissionDenied


def may_see_candidates(user: User) -> bool:
    """The TPI's candidate list, the decree and the TPN's steps: the ministry-level roles."""
    return may_record(user) or any(m.role == Role.PIMPINAN for m in memberships_of(user))


def get_unit_for_user(user: User, pk: int) -> Unit:
    unit = Unit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def get_candidate_for_recorder(user: User, pk: int) -> Candidate:
    found = (
        Candidate.objects.select_related("decree__assessment_year", "unit")
        .filter(pk=pk, unit__in=Unit.objects.visible_to(user))
        .first()
    )
    if found is None:
        raise Http404
    require_recorder(user)
    return found


def get_package_for_recorder(user: User, pk: int) -> Package:
    """A PMPZI package, seen by the ministry-level roles (404 for anyone else, as if missing),
    downloaded by the recorders (403 for the pimpinan, who reads its page)."""
    found = Package.objects.select_related("decree__assessment_year", "file").filter(pk=pk).first()
    if found is None or not may_see_candidates(user):
        raise Http404
    require_recorder(user)
    return found
