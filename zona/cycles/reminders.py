"""Deadline reminders: 7 days and 1 day before a stage closes, to the people it concerns.

Run daily (`zona send-reminders`, e.g. from cron or a systemd timer); each reminder is
sent once per person, stage and lead time, so running it twice a day changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from zona.accounts.models import Membership, Role
from zona.cycles.models import AssessmentYear, Stage, StageReopening
from zona.cycles.services import acting_moment
from zona.notifications.services import notify

LEAD_DAYS = (7, 1)
SATKER = (Role.OPERATOR_SATKER, Role.KEPALA_SATKER)
VERIFIERS = (Role.TIM_KERJA_KANWIL, Role.TIM_PENILAI_ESELON_I, Role.TPI_ITJEN)

# Which roles a stage's deadline concerns (the schedule's "penanggung jawab" column).
CONCERNS: dict[str, tuple[str, ...]] = {
    "survei": (Role.TPI_BALITBANG, *SATKER),
    "hasil_survei": (Role.TPI_BALITBANG,),
    "tim_kerja": (Role.KEPALA_SATKER,),
    "tpi": (Role.TPI_ITJEN, Role.TPI_BALITBANG),
    "pencanangan": SATKER,
    "pengisian_lke": SATKER,
    "verifikasi": VERIFIERS,
    "penguatan": (Role.TIM_KERJA_KANWIL, Role.TIM_PENILAI_ESELON_I),
    "usulan_ke_tpi": (Role.TIM_PENILAI_ESELON_I,),
    "penilaian_tpi": (Role.TPI_ITJEN, Role.TPI_BALITBANG),
    "penetapan_calon": (Role.TPI_ITJEN, Role.TPI_BALITBANG, Role.PIMPINAN),
    "pmpzi": (Role.TPI_ITJEN, Role.TPI_BALITBANG, Role.TIM_KERJA_KEMENTERIAN),
    "kelengkapan_tpn": (Role.TIM_KERJA_KEMENTERIAN,),
    "reviu_tpn": (Role.TIM_KERJA_KEMENTERIAN,),
    "penetapan_predikat": (Role.TIM_KERJA_KEMENTERIAN, Role.PIMPINAN),
}


def send_deadline_reminders(today: date) -> int:
    """Notify everyone concerned by a window closing in 7 or 1 days; return how many."""
    year = AssessmentYear.objects.first()
    if year is None:
        return 0
    sent = 0
    ends = [today + timedelta(days=days) for days in LEAD_DAYS]
    for stage in Stage.objects.filter(assessment_year=year, ends_on__in=ends):
        days = (stage.ends_on - today).days
        members = Membership.objects.filter(role__in=CONCERNS.get(stage.key, ()))
        sent += _remind(stage, members, days, stage.ends_on, key=f"stage:{stage.pk}:{days}d")
    reopened = StageReopening.objects.filter(stage__assessment_year=year, until__in=ends)
    for reopening in reopened.select_related("stage"):
        days = (reopening.until - today).days
        members = Membership.objects.filter(
            Q(unit=reopening.unit), role__in=CONCERNS.get(reopening.stage.key, SATKER)
        )
        key = f"reopening:{reopening.pk}:{days}d"
        sent += _remind(reopening.stage, members, days, reopening.until, key=key)
    return sent


def _remind(stage: Stage, members, days: int, until: date, *, key: str) -> int:  # type: ignore[no-untyped-def]
    users = [m.user for m in members.select_related("user") if m.user.is_active]
    title = _("%(days)d day(s) left: %(stage)s closes on %(date)s") % {
        "days": days,
        "stage": stage.name,
        "date": date_format(until, "j F Y"),
    }
    url = reverse("assessments:inbox")
    return len(notify(users, title=title, url=url, key=key, at=acting_moment()))


@task()
def deadline_reminders_task(today_iso: str) -> int:
    return send_deadline_reminders(date.fromisoformat(today_iso))
