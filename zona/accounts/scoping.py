"""Who sees which units. Every list, lookup, export and API starts from here.

- Ministry-wide roles (TPI, ministry team, leadership, administrator) see every unit.
- Every other membership sees the subtree of its unit (a Kanwil its province's UPT, a UPT
  itself), and a membership in a Unit Eselon I also sees the satker it guides through the
  pembina line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from zona.accounts.models import MINISTRY_WIDE_ROLES, Membership
from zona.organizations.models import UnitKind

if TYPE_CHECKING:
    from zona.accounts.models import User

_CACHE_ATTR = "_zona_memberships"


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships with their units, loaded once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def sees_whole_ministry(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(m.role in MINISTRY_WIDE_ROLES for m in memberships_of(user))


def unit_scope_q(user: User) -> Q | None:
    """A filter on Unit for what `user` sees; None means everything."""
    if sees_whole_ministry(user):
        return None
    scope = Q(pk__in=[])
    if not user.is_authenticated or not user.is_active:
        return scope
    for membership in memberships_of(user):
        unit = membership.unit
        if not unit.is_active:
            continue
        scope |= Q(path__startswith=unit.path)
        if unit.kind == UnitKind.ESELON_I:
            scope |= Q(pembina_id=unit.pk)
    return scope
