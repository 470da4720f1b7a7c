"""The ministry as a tree of units, with the second, pembina line beside it.

Geography: Kementerian → Unit Eselon I → Kanwil → UPT (`parent`, with `path` such as
`/1/7/42/` so a subtree is one indexed prefix query). Guidance: each satker has a
`pembina`, the Unit Eselon I of its technical field (Ditjen Imigrasi for immigration
offices, Setjen for the Kanwil), which is not its geographic parent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    KEMENTERIAN = "kementerian", _("Ministry")
    ESELON_I = "eselon_i", _("Echelon I unit")
    KANWIL = "kanwil", _("Regional office (Kanwil)")
    UPT = "upt", _("Technical unit (UPT)")


class UptType(models.TextChoices):
    KANIM = "KANIM", _("Immigration office (Kantor Imigrasi)")
    RUDENIM = "RUDENIM", _("Immigration detention house (Rudenim)")
    LAPAS = "LAPAS", _("Correctional institution (Lapas)")
    LPKA = "LPKA", _("Juvenile correctional institution (LPKA)")
    RUTAN = "RUTAN", _("Detention centre (Rutan)")
    BAPAS = "BAPAS", _("Probation office (Bapas)")
    RUPBASAN = "RUPBASAN", _("Seized property storage (Rupbasan)")
    BHP = "BHP", _("Estate office (Balai Harta Peninggalan)")
    BALAI_DIKLAT = "BALAI_DIKLAT", _("Training centre (Balai Diklat)")


PARENT_KIND = {
    UnitKind.KEMENTERIAN: None,
    UnitKind.ESELON_I: UnitKind.KEMENTERIAN,
    UnitKind.KANWIL: UnitKind.KEMENTERIAN,
    UnitKind.UPT: UnitKind.KANWIL,
}


_KIND_LABELS = dict(UnitKind.choices)
_UPT_LABELS = dict(UptType.choices)


# Who sees which units: a user -> the filter on Unit of what they see, None for every unit.
# The rule belongs to the accounts app (zona.accounts.scoping.unit_scope_q), which sits above
# this one and hands it in when the apps are ready, so the unit tree imports nothing of the
# people who look at it. (Any: the rule takes the project's own user model, named above.)
UnitScope = Callable[[Any], models.Q | None]
_unit_scope: UnitScope | None = None


def use_unit_scope(rule: UnitScope) -> None:
    """Set the rule of `Unit.objects.visible_to` (done once, by AccountsConfig.ready)."""
    global _unit_scope
    _unit_scope = rule


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> UnitQuerySet:
        """The units this user may see: the one scope every list and lookup starts from."""
        if _unit_scope is None:
            raise ImproperlyConfigured("No rule says who sees which units: install zona.accounts.")
        scope = _unit_scope(user)
        if scope is None:
            return self
        return self.filter(scope)

    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def satker(self) -> UnitQuerySet:
        return self.filter(kind__in=[UnitKind.KANWIL, UnitKind.UPT])


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    upt_type = models.CharField(_("UPT type"), max_length=16, choices=UptType.choices, blank=True)
    province = models.CharField(_("province"), max_length=80, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    pembina = models.ForeignKey(
        "self",
        verbose_name=_("Unit Eselon I Pembina"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guided_units",
        limit_choices_to={"kind": UnitKind.ESELON_I},
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["kind", "province"], name="unit_kind_province_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    @property
    def type_label(self) -> str:
        # not get_FOO_display, which rebuilds a dict of every choice on each call (lists)
        if self.upt_type:
            return str(_UPT_LABELS.get(self.upt_type, self.upt_type))
        return str(_KIND_LABELS.get(self.kind, self.kind))

    @property
    def is_satker(self) -> bool:
        return self.kind in (UnitKind.KANWIL, UnitKind.UPT)


class KawasanKind(models.TextChoices):
    BANDARA = "bandara", _("Airport area")
    PELABUHAN = "pelabuhan", _("Port area")


class Kawasan(models.Model):
    """A cross-agency area (Tabel I and II of the regulation) that builds ZI together."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=KawasanKind.choices)
    province = models.CharField(_("province"), max_length=80, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kawasan")
        verbose_name_plural = _("kawasan")

    def __str__(self) -> str:
        return self.name


class KawasanMember(models.Model):
    """A unit of the area: one of the ministry's own units, or another agency's, by name."""

    kawasan = models.ForeignKey(Kawasan, on_delete=models.CASCADE, related_name="members")
    instansi = models.CharField(_("agency"), max_length=120)
    unit_name = models.CharField(_("service unit"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("ministry unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kawasan_memberships",
    )

    class Meta:
        ordering = ["kawasan", "instansi", "unit_name"]
        verbose_name = _("kawasan member")
        verbose_name_plural = _("kawasan members")
        constraints = [
            models.UniqueConstraint(
                fields=["kawasan", "instansi", "unit_name"], name="kawasan_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} ({self.instansi})"
