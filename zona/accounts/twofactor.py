"""The optional second factor: a TOTP code from an authenticator app (django-otp).

Anyone may turn it on for their own account; settings.OTP_REQUIRED_ROLES makes it required
for the holders of those roles (production: the verifiers, the TPI and administrators). Once
a user has a confirmed device, every log-in asks for a code.

Whether a session needs a code is decided at log-in and kept in the session (NEEDS_CODE), so
that a page costs no query for it; turning codes on or off updates it.
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from zona.accounts.models import Role, User
from zona.accounts.services import DEVICE_NAME, totp_key_of


def required_for(user: User) -> bool:
    roles = set(settings.OTP_REQUIRED_ROLES)
    if not roles:
        return False
    if Role.ADMINISTRATOR in roles and (user.is_superuser or user.is_staff):
        return True
    return user.memberships.filter(role__in=roles).exists()


NEEDS_CODE = "zona_needs_code"


def needs_code(user: User) -> bool:
    """Whether this user's log-in must be confirmed with a code."""
    return user_has_device(user) or required_for(user)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def offered(user: User, signed_key: str) -> TOTPDevice | None:
    """The device an offered key would make (unsaved), to show as a QR code and as text."""
    key = totp_key_of(signed_key)
    return None if key is None else TOTPDevice(user=user, key=key, name=DEVICE_NAME)


def secret_of(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed in (base32)."""
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, title=DEVICE_NAME))
