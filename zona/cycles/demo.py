"""The demo's assessment year: its working windows are opened around today, so that a
visitor can fill and verify an LKE whatever the date (recorded as audited changes)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zona.cycles.models import AssessmentYear
from zona.cycles.services import change_stage_window, create_year
from zona.instruments.models import Instrument

if TYPE_CHECKING:
    from zona.accounts.models import User

DEMO_OPEN_STAGES = (
    "tim_kerja",
    "tpi",
    "pencanangan",
    "pengisian_lke",
    "verifikasi",
    "usulan_ke_tpi",
    "penilaian_tpi",
)


def open_demo_year(actor: User | None) -> AssessmentYear:
    today = timezone.localdate()
    year_number = today.year + 1 if today.month >= 10 else today.year
    instrument = Instrument.objects.get(code="permenkumham-29-2019")
    year = create_year(actor=actor, year=year_number, instrument=instrument)
    for stage in year.stages.filter(key__in=DEMO_OPEN_STAGES):
        change_stage_window(
            actor=actor,
            stage=stage,
            starts_on=min(stage.starts_on, today - timedelta(days=7)),
            ends_on=max(stage.ends_on, today + timedelta(days=90)),
        )
    return year
