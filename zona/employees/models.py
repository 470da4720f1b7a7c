"""The employee roster: one list of a unit's employees per assessment year, which every
feature that concerns the unit's people reads.

Compliance keeps each employee's wealth report against it (`WealthReport`, LHKPN or LHKASN),
the pencanangan each employee's Pakta Integritas (`AppSignature`, `PactScan`). The roster is
imported from a file (`zona.employees.importing`); an employee whom a later file no longer
names is taken off the list (`listed=False`), never deleted, so nothing recorded against
them is lost, and is listed again when a later file names them again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit


class Employee(models.Model):
    """One employee on a unit's roster for a year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employees")
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="employees"
    )
    nip = models.CharField("NIP", max_length=18)
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    is_leader = models.BooleanField(_("leader (pimpinan)"), default=False)
    # False once a later import no longer lists the employee: kept with whatever was recorded
    # against them, out of every count; listed again when a later import names them again.
    listed = models.BooleanField(_("on the current list"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-is_leader", "name", "nip"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "assessment_year", "nip"], name="employee_unique_nip"
            )
        ]
        indexes = [
            models.Index(fields=["nip", "assessment_year"], name="employee_nip_idx"),
            models.Index(fields=["unit", "assessment_year", "listed"], name="employee_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.name}"
