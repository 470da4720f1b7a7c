"""One access function per protected object.

"Missing" and "not yours" give the same 404, so ids reveal nothing; 403 only when the
object is visible but the action is not allowed to this user.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zona.accounts.models import Role
from zona.accounts.scoping import memberships_of
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User


class UnitAction(StrEnum):
    VIEW = "view"
    MANAGE = "manage"  # master data: edit, import


def can_manage_master_data(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(m.role == Role.ADMINISTRATOR for m in memberships_of(user))


def get_unit_for_user(user: User, pk: int, action: UnitAction = UnitAction.VIEW) -> Unit:
    unit = Unit.objects.visible_to(user).select_related("parent", "pembina").filter(pk=pk).first()
    if unit is None:
        raise Http404
    if action == UnitAction.MANAGE and not can_manage_master_data(user):
        raise PermissionDenied
    return unit


def require_master_data_manager(user: User) -> None:
    if not can_manage_master_data(user):
        raise PermissionDenied
