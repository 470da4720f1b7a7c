"""Users (who log in with NIP or e-mail) and their roles in units."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from zona.organizations.models import Unit, UnitKind

nip_validator = RegexValidator(r"^\d{18}$", _("A NIP has exactly 18 digits."))


class ZonaUserManager(UserManager["User"]):
    def get_by_login(self, login: str) -> User:
        """The user whose NIP or e-mail is `login` (e-mail compared case-insensitively)."""
        login = login.strip()
        if login.isdigit():
            return self.get(nip=login)
        return self.get(email__iexact=login)


class User(AbstractUser):
    nip = models.CharField(
        "NIP", max_length=18, unique=True, null=True, blank=True, validators=[nip_validator]
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    objects: ClassVar[ZonaUserManager] = ZonaUserManager()  # type: ignore[assignment]  # narrower manager

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
            )
        ]

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    def __str__(self) -> str:
        return self.get_full_name() or self.get_username()


class Role(models.TextChoices):
    OPERATOR_SATKER = "operator_satker", _("Satker operator")
    KEPALA_SATKER = "kepala_satker", _("Head of satker")
    TIM_KERJA_KANWIL = "tim_kerja_kanwil", _("Kanwil working team (verifier)")
    TIM_PENILAI_ESELON_I = "tim_penilai_eselon_i", _("Echelon I assessment team")
    TPI_ITJEN = "tpi_itjen", _("TPI Inspectorate General")
    TPI_BALITBANG = "tpi_balitbang", _("TPI Balitbangkumham")
    TIM_KERJA_KEMENTERIAN = "tim_kerja_kementerian", _("Ministry working team / Planning Bureau")
    PIMPINAN = "pimpinan", _("Leadership (minister's office)")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that see the whole ministry, whatever unit they are attached to.
MINISTRY_WIDE_ROLES = frozenset(
    {
        Role.TPI_ITJEN,
        Role.TPI_BALITBANG,
        Role.TIM_KERJA_KEMENTERIAN,
        Role.PIMPINAN,
        Role.ADMINISTRATOR,
    }
)

# Where each role may be held.
ROLE_UNIT_KINDS: dict[str, frozenset[str]] = {
    Role.OPERATOR_SATKER: frozenset({UnitKind.UPT, UnitKind.KANWIL, UnitKind.ESELON_I}),
    Role.KEPALA_SATKER: frozenset({UnitKind.UPT, UnitKind.KANWIL, UnitKind.ESELON_I}),
    Role.TIM_KERJA_KANWIL: frozenset({UnitKind.KANWIL}),
    Role.TIM_PENILAI_ESELON_I: frozenset({UnitKind.ESELON_I}),
    Role.TPI_ITJEN: frozenset({UnitKind.ESELON_I, UnitKind.KEMENTERIAN}),
    Role.TPI_BALITBANG: frozenset({UnitKind.ESELON_I, UnitKind.KEMENTERIAN}),
    Role.TIM_KERJA_KEMENTERIAN: frozenset({UnitKind.ESELON_I, UnitKind.KEMENTERIAN}),
    Role.PIMPINAN: frozenset({UnitKind.KEMENTERIAN}),
    Role.ADMINISTRATOR: frozenset(UnitKind.values),
}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class ResetRequest(models.Model):
    """One asked-for password reset e-mail, kept to limit them per account and per address.

    The e-mail asked for is kept as a salted hash: the limit needs only to recognise it."""

    login_hash = models.CharField(max_length=64)
    ip = models.CharField(max_length=45, blank=True)
    requested_at = models.DateTimeField()

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [
            models.Index(fields=["login_hash", "requested_at"], name="reset_request_login"),
            models.Index(fields=["ip", "requested_at"], name="reset_request_ip"),
        ]

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.ip}"
