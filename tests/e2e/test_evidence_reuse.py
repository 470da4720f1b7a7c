"""The Kanwil verifier sees on a 320 px phone that a file is also evidence elsewhere: named in
her province, counted outside it; the page reflows and stays accessible."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.assessments.test_evidence_reuse import attach
from tests.conftest import Ministry, build_ministry
from tests.e2e.conftest import accessibility_violations, log_in, screenshot
from zona.assessments.models import Assessment
from zona.assessments.services import open_assessment
from zona.cycles.services import create_year
from zona.instruments.models import Instrument
from zona.instruments.spec import DATA_DIR

NARROW = {"width": 320, "height": 700}


@pytest.fixture
def shared(transactional_db: None, tmp_path, settings) -> tuple[Ministry, Assessment]:  # type: ignore[no-untyped-def]
    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        }
    }
    ministry = build_ministry()
    call_command("load_instruments", str(DATA_DIR / "permenkumham-29-2019.toml"), verbosity=0)
    year = create_year(actor=None, year=2030, instrument=Instrument.objects.get())
    today = timezone.localdate()
    year.stages.update(starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=10))
    lkes = {
        key: open_assessment(actor=None, unit=ministry.units[key], assessment_year=year)
        for key in ("kanim_sby", "lapas_sby", "kanim_dps")
    }
    for key, code in (("kanim_sby", "MP.1.a"), ("lapas_sby", "MP.2.a"), ("kanim_dps", "MP.1.a")):
        attach(ministry, lkes[key], code)
    return ministry, lkes["kanim_sby"]


def test_the_reuse_note_on_a_320px_phone(
    browser: Any, live_server: Any, shared: tuple[Ministry, Assessment]
) -> None:
    ministry, lke = shared
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, ministry.users["verifier_jatim"].email)
    page.goto(f"{live_server.url}/lke/{lke.pk}/")
    note = page.locator(".evidence-reuse")
    note.wait_for()
    text = note.inner_text()
    assert "Lapas Kelas I Surabaya · 2030 · MP.2.a" in text
    assert "dan di 1 tempat lain di luar cakupan Anda" in text and "Denpasar" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    note.scroll_into_view_if_needed()
    assert accessibility_violations(page) == []
    screenshot(page, "lke-evidence-reuse-320")
    context.close()
