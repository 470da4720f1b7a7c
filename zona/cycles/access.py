from django.core.exceptions import PermissionDenied

from zona.accounts.models import Role, User
from zona.accounts.scoping import memberships_of

SCHEDULE_MANAGERS = frozenset({Role.TIM_KERJA_KEMENTERIAN, Role.ADMINISTRATOR})


def can_manage_schedule(user: User) -> bool:
    return user.is_superuser or any(m.role in SCHEDULE_MANAGERS for m in memberships_of(user))


def require_schedule_manager(user: User) -> None:
    if not can_manage_schedule(user):
        raise PermissionDenied
