"""The schedule page: every logged-in role reads it; the ministry team changes and reopens."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PERSONAS, Ministry
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear, Stage, StageReopening
from zona.cycles.services import create_year
from zona.instruments.models import Instrument
from zona.instruments.spec import DATA_DIR

MANAGERS = {"tim_kementerian", "admin"}


@pytest.fixture
def year(ministry: Ministry) -> AssessmentYear:
    call_command("load_instruments", str(DATA_DIR / "permenkumham-29-2019.toml"), verbosity=0)
    return create_year(actor=None, year=2030, instrument=Instrument.objects.get())


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_schedule_matrix(ministry: Ministry, year: AssessmentYear, persona: str) -> None:
    client = ministry.client_for(persona)
    stage = year.stages.get(key="pengisian_lke")
    page = client.get(reverse("cycles:schedule"))
    change = client.post(
        reverse("cycles:change_window", args=[stage.pk]),
        {"starts_on": "2030-01-01", "ends_on": "2030-04-15"},
    )
    reopen = client.post(
        reverse("cycles:reopen", args=[stage.pk]),
        {
            "unit_code": "KANIM_SBY",
            "until": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "reason": "Server e-RB mati",
        },
    )
    missing = client.post(reverse("cycles:reopen", args=[999_999]), {})
    if persona == "anonymous":
        assert [page.status_code, change.status_code, reopen.status_code] == [302, 302, 302]
        return
    assert page.status_code == 200
    if persona in MANAGERS:
        assert change.status_code == reopen.status_code == 302
        assert missing.status_code == 404
        stage.refresh_from_db()
        assert stage.ends_on.isoformat() == "2030-04-15"
        assert StageReopening.objects.filter(stage=stage, unit__code="KANIM_SBY").exists()
        assert Event.objects.filter(action="stage.reopened").exists()
    else:
        assert change.status_code == reopen.status_code == missing.status_code == 403
        assert not StageReopening.objects.exists()


def test_bad_windows_and_unknown_units_are_explained(
    ministry: Ministry, year: AssessmentYear
) -> None:
    client = ministry.client_for("tim_kementerian")
    stage = year.stages.get(key="pengisian_lke")
    response = client.post(
        reverse("cycles:change_window", args=[stage.pk]),
        {"starts_on": "2030-05-01", "ends_on": "2030-04-01"},
        follow=True,
    )
    assert "Tanggal akhir tahap tidak boleh sebelum tanggal mulainya." in response.content.decode()
    response = client.post(
        reverse("cycles:reopen", args=[stage.pk]),
        {"unit_code": "TIDAK_ADA", "until": "2099-01-01", "reason": "x"},
        follow=True,
    )
    assert "Tidak ada unit dengan kode TIDAK_ADA." in response.content.decode()
    assert Stage.objects.get(pk=stage.pk).ends_on.month == 3
