"""Who may see and change a unit's pencanangan and Pakta Integritas. Missing or out of scope →
404; visible but not allowed → 403.

- see a unit's pencanangan page, its pakta page, the piagam and the scanned pacts: everyone
  who sees the unit (`Unit.objects.visible_to`): its own team, the Kanwil, the Eselon I
  (pembina), the TPI and the ministry roles, read-only unless named below;
- edit the declaration (date, place, witnesses, publications, piagam), import the employee
  list and upload scanned pacts: the operator and the head (kepala) of that very unit;
- the Minister's pencanangan, recorded as the Kementerian's own declaration (row 5: it opens
  the year, the satker follow): seen by whoever sees the Kementerian (the ministry-wide
  roles), edited by the ministry working team and the administrator, who also keep the
  schedule (no operator or head can be held there, ROLE_UNIT_KINDS). The Kementerian has no
  pakta list of its own: its people sign in their Unit Eselon I;
- sign a pact in Zona: only the employee it belongs to, i.e. the logged-in user whose NIP is
  the employee's NIP, whatever their memberships. Someone else's pact is 403 when its unit is
  visible to the user and 404 otherwise; an employee also sees and downloads their own pact.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from zona.accounts.models import Role
from zona.accounts.scoping import memberships_of
from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.organizations.models import Unit, UnitKind
from zona.pencanangan.models import CharterVersion, PactScan, Publication, Witness

if TYPE_CHECKING:
    from zona.accounts.models import User


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # declaration, witnesses, publications, piagam, employee list, scans


# Units that build an integrity zone: they declare it and their employees sign the pact.
PENCANANGAN_KINDS = (UnitKind.ESELON_I, UnitKind.KANWIL, UnitKind.UPT)
# The units with a declaration: those, and the Kementerian (the Minister's pencanangan).
DECLARING_KINDS = (UnitKind.KEMENTERIAN, *PENCANANGAN_KINDS)
EDITOR_ROLES = (Role.OPERATOR_SATKER, Role.KEPALA_SATKER)
# Who records the Minister's pencanangan: held anywhere, as for the schedule (zona.cycles).
MINISTER_RECORDERS = (Role.TIM_KERJA_KEMENTERIAN, Role.ADMINISTRATOR)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can(user: User, action: Action, unit: Unit) -> bool:
    """Whether `user` may do `action` on the pencanangan of `unit` (which they see)."""
    if not _active(user):
        return False
    match action:
        case Action.VIEW:
            return True
        case Action.EDIT:
            if unit.kind == UnitKind.KEMENTERIAN:
                return any(m.role in MINISTER_RECORDERS for m in memberships_of(user))
            return any(
                m.unit_id == unit.pk and m.role in EDITOR_ROLES for m in memberships_of(user)
            )
    raise AssertionError(action)


def permissions(user: User, unit: Unit) -> dict[str, bool]:
    """Every action at once, for templates (which show only what the user may do)."""
    return {action.value: can(user, action, unit) for action in Action}


def is_own(user: User, employee: Employee) -> bool:
    """The employee is the logged-in user (same NIP): only they sign this pact."""
    return _active(user) and bool(user.nip) and user.nip == employee.nip


def _require(user: User, action: Action, unit: Unit) -> None:
    if not can(user, action, unit):
        raise PermissionDenied


def current_year() -> AssessmentYear | None:
    return AssessmentYear.objects.select_related("instrument").first()


def get_year(year: int) -> AssessmentYear:
    found = AssessmentYear.objects.select_related("instrument").filter(year=year).first()
    if found is None:
        raise Http404
    return found


def visible_units(user: User, kinds: tuple[str, ...] = PENCANANGAN_KINDS) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user).filter(kind__in=kinds)


def visible_ministry(user: User) -> Unit | None:
    """The Kementerian, if `user` sees it (to link the Minister's pencanangan)."""
    return visible_units(user, (UnitKind.KEMENTERIAN,)).order_by("path").first()


def get_unit_for_pencanangan(user: User, pk: int, action: Action = Action.VIEW) -> Unit:
    """A unit that builds ZI, for its pakta pages."""
    return _get_unit(user, pk, action, PENCANANGAN_KINDS)


def get_unit_for_declaration(user: User, pk: int, action: Action = Action.VIEW) -> Unit:
    """A unit that builds ZI or the Kementerian, for the declaration pages."""
    return _get_unit(user, pk, action, DECLARING_KINDS)


def _get_unit(user: User, pk: int, action: Action, kinds: tuple[str, ...]) -> Unit:
    unit = visible_units(user, kinds).filter(pk=pk).select_related("parent", "pembina").first()
    if unit is None:
        raise Http404
    _require(user, action, unit)
    return unit


def get_witness_for_user(user: User, pk: int, action: Action = Action.VIEW) -> Witness:
    witness = (
        Witness.objects.select_related("declaration__unit", "declaration__assessment_year")
        .filter(pk=pk, declaration__unit__in=visible_units(user, DECLARING_KINDS))
        .first()
    )
    if witness is None:
        raise Http404
    _require(user, action, witness.declaration.unit)
    return witness


def get_publication_for_user(user: User, pk: int, action: Action = Action.VIEW) -> Publication:
    publication = (
        Publication.objects.select_related("declaration__unit", "declaration__assessment_year")
        .filter(pk=pk, declaration__unit__in=visible_units(user, DECLARING_KINDS))
        .first()
    )
    if publication is None:
        raise Http404
    _require(user, action, publication.declaration.unit)
    return publication


def get_charter_for_user(user: User, pk: int) -> CharterVersion:
    version = (
        CharterVersion.objects.select_related("stored_file", "declaration__unit")
        .filter(pk=pk, declaration__unit__in=visible_units(user, DECLARING_KINDS))
        .first()
    )
    if version is None:
        raise Http404
    return version


def get_employee_for_user(user: User, pk: int, action: Action = Action.VIEW) -> Employee:
    """An employee's pact as the unit's team sees it (VIEW, EDIT: upload a scan)."""
    employee = (
        Employee.objects.select_related("unit", "assessment_year")
        .filter(pk=pk, unit__in=visible_units(user))
        .first()
    )
    if employee is None:
        raise Http404
    _require(user, action, employee.unit)
    return employee


def get_own_pact(user: User, pk: int) -> Employee:
    """The pact `pk` for its own employee to read and sign.

    Someone else's pact: 403 if its unit is visible to the user (a colleague, the operator,
    the Kanwil), 404 otherwise, as for a pact that does not exist.
    """
    employee = (
        Employee.objects.select_related("unit", "assessment_year", "app_signature")
        .filter(pk=pk)
        .filter(Q(nip=user.nip or "-") | Q(unit__in=visible_units(user)))
        .first()
    )
    if employee is None or not _active(user):
        raise Http404
    if not is_own(user, employee):
        raise PermissionDenied
    return employee


def get_scan_for_user(user: User, pk: int) -> PactScan:
    """A scanned pact: for whoever sees its unit, and for the employee it belongs to."""
    scan = (
        PactScan.objects.select_related("stored_file", "employee")
        .filter(pk=pk)
        .filter(Q(employee__unit__in=visible_units(user)) | Q(employee__nip=user.nip or "-"))
        .first()
    )
    if scan is None or not _active(user):
        raise Http404
    return scan
