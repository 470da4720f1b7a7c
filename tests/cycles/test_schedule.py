from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from tests.conftest import Ministry
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear, Stage
from zona.cycles.services import (
    StageClosed,
    change_stage_window,
    create_year,
    reopen_stage,
    require_stage_open,
)
from zona.instruments.models import Instrument


@pytest.fixture
def year_2026(ministry: Ministry) -> AssessmentYear:
    call_command("load_instruments", verbosity=0)
    instrument = Instrument.objects.get(code="permenkumham-29-2019")
    return create_year(actor=ministry.users["tim_kementerian"], year=2026, instrument=instrument)


def window(year: AssessmentYear, key: str) -> tuple[date, date]:
    stage = Stage.objects.get(assessment_year=year, key=key)
    return stage.starts_on, stage.ends_on


def test_the_fifteen_stages_of_the_schedule_with_default_dates(year_2026: AssessmentYear) -> None:
    assert year_2026.stages.count() == 15
    assert window(year_2026, "survei") == (date(2025, 10, 1), date(2025, 11, 30))
    assert window(year_2026, "pencanangan") == (date(2026, 1, 1), date(2026, 1, 31))
    assert window(year_2026, "usulan_ke_tpi")[1] == date(2026, 3, 14)  # week 2 of March
    assert window(year_2026, "penilaian_tpi")[0] == date(2026, 3, 15)
    assert window(year_2026, "pmpzi")[1] == date(2026, 5, 31)
    assert window(year_2026, "penetapan_predikat") == (date(2026, 12, 1), date(2026, 12, 31))
    assert Event.objects.filter(action="stage.created").count() == 15


def test_an_action_in_a_closed_stage_names_the_stage_and_its_dates(
    year_2026: AssessmentYear, ministry: Ministry
) -> None:
    unit = ministry.units["kanim_sby"]
    assert require_stage_open(year=year_2026, key="pengisian_lke", unit=unit, on=date(2026, 3, 31))
    with translation.override("id"), pytest.raises(StageClosed) as closed:
        require_stage_open(year=year_2026, key="pengisian_lke", unit=unit, on=date(2026, 4, 1))
    message = str(closed.value)
    assert "Tahap 6" in message
    assert "1 Januari 2026" in message and "31 Maret 2026" in message


def test_a_window_reopened_for_one_unit_only(year_2026: AssessmentYear, ministry: Ministry) -> None:
    stage = Stage.objects.get(assessment_year=year_2026, key="pengisian_lke")
    change_stage_window(
        actor=ministry.users["tim_kementerian"],
        stage=stage,
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 1, 2),
    )
    today = timezone.localdate()
    reopen_stage(
        actor=ministry.users["tim_kementerian"],
        stage=stage,
        unit=ministry.units["kanim_sby"],
        until=today + timedelta(days=7),
        reason="Aplikasi e-RB tidak dapat diakses tiga hari terakhir.",
    )
    assert require_stage_open(year=year_2026, key="pengisian_lke", unit=ministry.units["kanim_sby"])
    with pytest.raises(StageClosed):
        require_stage_open(year=year_2026, key="pengisian_lke", unit=ministry.units["kanim_smg"])
    event = Event.objects.latest("seq")
    assert event.action == "stage.reopened"
    assert "e-RB" in event.after["reason"]


def test_reopening_needs_a_reason_and_a_future_date(
    year_2026: AssessmentYear, ministry: Ministry
) -> None:
    stage = Stage.objects.get(assessment_year=year_2026, key="pengisian_lke")
    actor, unit = ministry.users["tim_kementerian"], ministry.units["kanim_sby"]
    future = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):
        reopen_stage(actor=actor, stage=stage, unit=unit, until=future, reason="  ")
    with pytest.raises(ValidationError):
        reopen_stage(actor=actor, stage=stage, unit=unit, until=date(2020, 1, 1), reason="x")
    with pytest.raises(ValidationError):
        change_stage_window(
            actor=actor, stage=stage, starts_on=date(2026, 3, 1), ends_on=date(2026, 2, 1)
        )


def test_reminders_go_out_7_and_1_days_before_a_deadline_once(
    year_2026: AssessmentYear, ministry: Ministry
) -> None:
    from zona.cycles.reminders import send_deadline_reminders
    from zona.notifications.models import Notification

    year_2026.stages.exclude(key="pengisian_lke").update(ends_on=date(2026, 12, 31))
    stage = Stage.objects.get(assessment_year=year_2026, key="pengisian_lke")
    assert send_deadline_reminders(stage.ends_on - timedelta(days=3)) == 0
    sent = send_deadline_reminders(stage.ends_on - timedelta(days=7))
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {
        ministry.users[p].username for p in ("operator_sby", "kepala_sby", "operator_dps")
    }
    assert sent == 3
    assert send_deadline_reminders(stage.ends_on - timedelta(days=7)) == 0  # not twice
    assert send_deadline_reminders(stage.ends_on - timedelta(days=1)) == 3
    assert "unggah data dukung" in Notification.objects.first().title


def test_a_reopened_window_reminds_only_its_unit(
    year_2026: AssessmentYear, ministry: Ministry
) -> None:
    from zona.cycles.reminders import send_deadline_reminders
    from zona.notifications.models import Notification

    year_2026.stages.update(ends_on=date(2026, 12, 31))
    stage = Stage.objects.get(assessment_year=year_2026, key="pengisian_lke")
    until = timezone.localdate() + timedelta(days=10)
    reopen_stage(
        actor=ministry.users["tim_kementerian"],
        stage=stage,
        unit=ministry.units["kanim_dps"],
        until=until,
        reason="Gangguan jaringan",
    )
    send_deadline_reminders(until - timedelta(days=1))
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        ministry.users["operator_dps"].username
    }
