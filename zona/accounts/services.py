"""Changes to accounts and memberships, each with its audit event."""

from __future__ import annotations

import logging
from binascii import unhexlify
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from zona.accounts.models import ROLE_UNIT_KINDS, Membership, ResetRequest, Role, User
from zona.audit.services import Change, change_of, diff, record, snapshot
from zona.organizations.models import Unit

DEVICE_NAME = "Aplikasi autentikator"

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


# --- security events and password resets --------------------------------------------------

security_log = logging.getLogger("zona.security")
RESET_WINDOW = timedelta(hours=1)


@transaction.atomic
def record_security_event(
    action: str, *, user: User | None, ip: str, by_user: bool = False, **details: Any
) -> None:
    """A log-in, a failure, a lockout or a reset, about `user` (None: no such account), in the
    audit trail and the log; `by_user` when the user did it (a log-in), not someone trying."""
    after = {"ip": ip, **details}
    record(
        user if by_user else None,
        Change(
            action=action,
            object_type=User._meta.label_lower,
            object_id=str(user.pk) if user is not None else "",
            object_repr=str(user) if user is not None else "",
            after=after,
        ),
    )
    security_log.info("%s user=%s ip=%s", action, user.pk if user else "-", ip or "-")


class TooManyResets(Exception):
    """Reset e-mails asked for too often, for this account or from this address."""


@transaction.atomic
def request_password_reset(*, login: str, ip: str, now: datetime | None = None) -> None:
    """Count an asked-for reset e-mail, or refuse it over the hourly limits (TooManyResets).

    The limit applies to what was typed, whether or not an account has that e-mail, so its
    answer tells nothing about who exists."""
    now = now or timezone.now()
    login_hash = salted_hmac("zona.accounts.reset", login.strip().casefold()).hexdigest()
    recent = ResetRequest.objects.filter(requested_at__gte=now - RESET_WINDOW)
    if recent.filter(login_hash=login_hash).count() >= settings.RESET_LIMIT_PER_ACCOUNT or (
        ip and recent.filter(ip=ip).count() >= settings.RESET_LIMIT_PER_ADDRESS
    ):
        security_log.warning("security.reset_limited ip=%s", ip or "-")
        raise TooManyResets
    ResetRequest.objects.filter(requested_at__lt=now - timedelta(days=1)).delete()
    ResetRequest.objects.create(login_hash=login_hash, ip=ip, requested_at=now)
    user = User.objects.filter(email__iexact=login.strip(), is_active=True).first()
    record_security_event("security.password_reset_requested", user=user, ip=ip)


KEY_SALT = "zona.accounts.totp-key"


def offered_totp_key() -> str:
    """A new authenticator key, signed for the form that confirms it (nothing is stored yet)."""
    return signing.dumps(default_key(), salt=KEY_SALT)


def totp_key_of(signed: str) -> str | None:
    try:
        return str(signing.loads(signed, salt=KEY_SALT, max_age=3600))
    except signing.BadSignature:
        return None


@transaction.atomic
def confirm_totp(*, actor: User, signed_key: str, code: str) -> TOTPDevice:
    """Turn log-in codes on: the app shows the code of the offered key, so it holds that key."""
    key = totp_key_of(signed_key)
    if key is None:
        raise ValidationError(_("This page was open too long. Scan the new code and try again."))
    totp = TOTP(unhexlify(key))
    if not totp.verify(int(code), tolerance=1):
        raise ValidationError(_("The code is not correct. Enter the code shown now."))
    TOTPDevice.objects.filter(user=actor).delete()
    device = TOTPDevice.objects.create(
        user=actor, key=key, name=DEVICE_NAME, confirmed=True, last_t=totp.t()
    )
    record(actor, change_of("security.codes_on", actor, after={"device": device.pk}))
    return device


@transaction.atomic
def remove_totp(*, actor: User, code: str) -> None:
    """Turn log-in codes off, with a current code; not where a role requires them."""
    from zona.accounts.twofactor import required_for

    if required_for(actor):
        raise ValidationError(_("Your role requires log-in codes: they cannot be turned off."))
    device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=True).first()
    if device is None:
        return
    if not device.verify_token(code):
        raise ValidationError(_("The code is not correct. Enter the code shown now."))
    device.delete()
    record(actor, change_of("security.codes_off", actor, before={"device": device.pk}))
