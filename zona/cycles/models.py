"""The assessment year, tied to one LKE instrument, and its dated stages."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zona.cycles.schedule import STAGES
from zona.instruments.models import Instrument
from zona.organizations.models import Unit


class AssessmentYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="years"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("assessment year")
        verbose_name_plural = _("assessment years")

    def __str__(self) -> str:
        return str(self.year)


class Stage(models.Model):
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="stages"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    key = models.CharField(_("key"), max_length=32, choices=[(s.key, s.name) for s in STAGES])
    name = models.CharField(_("name"), max_length=200)
    responsible = models.CharField(_("responsible"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["assessment_year", "number"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["assessment_year", "key"], name="stage_unique_key"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="stage_window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def is_open_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class StageReopening(models.Model):
    """A window opened again for one unit, with a reason, by the ministry team."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="reopenings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="stage_reopenings")
    until = models.DateField(_("open until"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("reopened window")
        verbose_name_plural = _("reopened windows")

    def __str__(self) -> str:
        return f"{self.stage} — {self.unit} s.d. {self.until}"
