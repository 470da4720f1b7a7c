"""Changes to accounts and memberships, each with its audit event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zona.accounts.models import ROLE_UNIT_KINDS, Membership, Role, User
from zona.audit.services import change_of, diff, record, snapshot
from zona.organizations.models import Unit

USER_FIELDS = ("username", "nip", "email", "full_name", "is_active", "is_staff", "is_superuser")


def check_role_fits_unit(role: str, unit: Unit) -> None:
    if unit.kind not in ROLE_UNIT_KINDS[role]:
        raise ValidationError(
            _("The role %(role)s cannot be held in a unit of kind %(kind)s.")
            % {"role": Role(role).label, "kind": unit.get_kind_display()}
        )


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    nip: str | None,
    email: str,
    full_name: str,
    password: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=nip or email.lower(),
        nip=nip or None,
        email=email.lower(),
        full_name=full_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(actor, change_of("user.created", user, after=snapshot(user, USER_FIELDS)))
    return user


@transaction.atomic
def grant_membership(*, actor: User | None, user: User, unit: Unit, role: str) -> Membership:
    check_role_fits_unit(role, unit)
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if role == Role.ADMINISTRATOR:
        set_admin_flags(actor, user, True)
    if created:
        record(
            actor,
            change_of(
                "membership.granted",
                membership,
                after={"user": user.pk, "unit": unit.pk, "role": role},
            ),
        )
    return membership


@transaction.atomic
def revoke_membership(*, actor: User, membership: Membership) -> None:
    record(
        actor,
        change_of(
            "membership.revoked",
            membership,
            before={
                "user": membership.user_id,
                "unit": membership.unit_id,
                "role": membership.role,
            },
        ),
    )
    membership.delete()
    if (
        membership.role == Role.ADMINISTRATOR
        and not membership.user.memberships.filter(role=Role.ADMINISTRATOR).exists()
    ):
        set_admin_flags(actor, membership.user, False)


def set_admin_flags(actor: User | None, user: User, on: bool) -> None:
    """The administrator role is what opens the Django admin for master data."""
    before = snapshot(user, USER_FIELDS)
    user.is_staff = user.is_superuser = on
    old, new = diff(before, snapshot(user, USER_FIELDS))
    if new:
        user.save(update_fields=["is_staff", "is_superuser"])
        record(actor, change_of("user.updated", user, before=old, after=new))
