"""Years and their windows: creation, changes, reopening, and the check every action makes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zona.audit.services import change_of, record, record_many
from zona.cycles.models import AssessmentYear, Stage, StageReopening
from zona.cycles.schedule import STAGES
from zona.instruments.models import Instrument
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User


class StageClosed(Exception):
    """An action of a stage whose window is closed (for this unit)."""


_RECORDED_DAY: ContextVar[date | None] = ContextVar("zona_recorded_day", default=None)


@contextmanager
def recording_history(day: date) -> Iterator[None]:
    """Record acts that took place on a past `day` (loading an earlier year's history, as the
    demo does): windows are judged on that day and the acts' own dates are that day. The audit
    trail still keeps the real moment each act was entered. Never used by a page."""
    if day > timezone.localdate():
        raise ValueError("history is in the past")
    token = _RECORDED_DAY.set(day)
    try:
        yield
    finally:
        _RECORDED_DAY.reset(token)


def acting_day() -> date:
    """The day of the act being recorded: today, or the day of `recording_history`."""
    return _RECORDED_DAY.get() or timezone.localdate()


def acting_moment() -> datetime:
    """The moment of the act being recorded: now, or office hours on the recorded day."""
    day = _RECORDED_DAY.get()
    if day is None:
        return timezone.now()
    return datetime.combine(day, time(10, 0), timezone.get_current_timezone())


@transaction.atomic
def create_year(*, actor: User | None, year: int, instrument: Instrument) -> AssessmentYear:
    assessment_year = AssessmentYear.objects.create(year=year, instrument=instrument)
    record(
        actor,
        change_of(
            "year.created", assessment_year, after={"year": year, "instrument": instrument.code}
        ),
    )
    create_default_stages(actor=actor, assessment_year=assessment_year)
    return assessment_year


@transaction.atomic
def create_default_stages(*, actor: User | None, assessment_year: AssessmentYear) -> None:
    """The 15 stages of the schedule with their default windows for this year."""
    year = assessment_year.year
    stages = []
    for template in STAGES:
        starts_on, ends_on = template.window(year)
        stages.append(
            Stage(
                assessment_year=assessment_year,
                number=template.number,
                key=template.key,
                name=template.name,
                responsible=template.responsible,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    Stage.objects.bulk_create(stages)
    record_many(
        actor,
        [
            change_of("stage.created", stage, after=_window(stage))
            for stage in Stage.objects.filter(assessment_year=assessment_year)
        ],
    )


@transaction.atomic
def change_stage_window(
    *, actor: User | None, stage: Stage, starts_on: date, ends_on: date
) -> Stage:
    if ends_on < starts_on:
        raise ValidationError(_("The window must end on or after its first day."))
    before = _window(stage)
    stage.starts_on, stage.ends_on = starts_on, ends_on
    stage.save(update_fields=["starts_on", "ends_on"])
    record(actor, change_of("stage.window_changed", stage, before=before, after=_window(stage)))
    return stage


@transaction.atomic
def reopen_stage(
    *, actor: User, stage: Stage, unit: Unit, until: date, reason: str
) -> StageReopening:
    if not reason.strip():
        raise ValidationError(_("A reason is required to reopen a window."))
    if until < timezone.localdate():
        raise ValidationError(_("The new closing date is already past."))
    reopening = StageReopening.objects.create(
        stage=stage, unit=unit, until=until, reason=reason.strip(), granted_by=actor
    )
    record(
        actor,
        change_of(
            "stage.reopened",
            reopening,
            after={
                "stage": stage.key,
                "unit": unit.pk,
                "until": until.isoformat(),
                "reason": reason,
            },
        ),
    )
    return reopening


def require_stage_open(
    *, year: AssessmentYear, key: str, unit: Unit | None, on: date | None = None
) -> Stage:
    """The stage `key` if its window is open today, or reopened for `unit` (None: an act of
    the ministry's, no unit's); StageClosed otherwise."""
    day = on or acting_day()
    stage = Stage.objects.get(assessment_year=year, key=key)
    if stage.is_open_on(day):
        return stage
    if (
        unit is not None
        and StageReopening.objects.filter(stage=stage, unit=unit, until__gte=day).exists()
    ):
        return stage
    raise StageClosed(
        _("Stage %(number)d (%(name)s) is closed: its window is %(start)s – %(end)s.")
        % {
            "number": stage.number,
            "name": stage.name,
            "start": date_format(stage.starts_on, "j F Y"),
            "end": date_format(stage.ends_on, "j F Y"),
        }
    )


def _window(stage: Stage) -> dict[str, str]:
    return {"starts_on": stage.starts_on.isoformat(), "ends_on": stage.ends_on.isoformat()}
