"""The ministry's team asks for the PMPZI package on a desktop, watches its progress bar (which
a reload does not lose), and downloads it; the same page on a phone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import Ministry, build_ministry
from tests.e2e.conftest import (
    PHONE,
    accessibility_violations,
    log_in,
    no_sideways_scroll,
    screenshot,
)
from zona.assessments.services import open_assessment
from zona.cycles.services import create_year
from zona.files.services import store_bytes
from zona.instruments.models import Instrument
from zona.proposals import bundle
from zona.proposals.models import Candidate, Decree, Level, Package, PackageStatus, Proposal

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
UNITS = ("kanim_sby", "lapas_sby", "kanim_smg", "kanwil_jatim")


@pytest.fixture
def live_data(transactional_db: None, settings: Any, tmp_path: Path) -> tuple[Ministry, int]:
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    # Queued, not run at once: the test plays the worker, so the page shows it waiting.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ministry = build_ministry()
    call_command("load_instruments", verbosity=0)
    today = timezone.localdate()
    year = create_year(
        actor=None, year=2026, instrument=Instrument.objects.get(code="permenkumham-29-2019")
    )
    year.stages.update(starts_on=today - timedelta(days=20), ends_on=today + timedelta(days=20))
    year.stages.filter(key="pmpzi").update(
        starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=9)
    )
    actor = ministry.users["tpi_itjen"]
    decree = Decree.objects.create(
        assessment_year=year,
        number="M.HH-07.OT.01.01 TAHUN 2026",
        signed_on=today - timedelta(days=5),
        document=store_bytes(actor=actor, data=PDF),
        recorded_by=actor,
    )
    for key in UNITS:
        unit = ministry.units[key]
        lke = open_assessment(actor=actor, unit=unit, assessment_year=year)
        proposal = Proposal.objects.create(
            assessment=lke,
            unit=unit,
            assessment_year=year,
            level=Level.TPI,
            target="WBK",
            proposed_by=actor,
            proposed_at=timezone.now(),
            total=82,
            verdict={},
        )
        Candidate.objects.create(decree=decree, unit=unit, target="WBK", recommendation=proposal)
    return ministry, year.year


def test_the_team_builds_the_package_and_follows_its_progress(
    page: Any, browser: Any, live_server: Any, live_data: tuple[Ministry, int]
) -> None:
    ministry, year = live_data
    log_in(page, live_server.url, ministry.users["tim_kementerian"].email)
    page.goto(f"{live_server.url}/usulan/{year}/pmpzi/")
    page.get_by_role("heading", name=f"Paket PMPZI {year}").wait_for()
    assert "9" in page.locator(".package-facts").inner_text()  # days left
    assert accessibility_violations(page) == []
    screenshot(page, "package-form-desktop")

    page.get_by_label("Jabatan penanda tangan").fill("a.n. Menteri, Sekretaris Jenderal")
    page.get_by_label("Nama penanda tangan").fill("Dr. Andi Wijaya, S.H., M.H.")
    page.get_by_label("NIP penanda tangan").fill("197001011995031001")
    page.get_by_role("button", name="Bangun paket").click()
    page.get_by_text("Paket sedang dibangun. Anda boleh meninggalkan halaman ini.").wait_for()
    page.get_by_text("Menunggu pemroses…").wait_for()

    # The worker takes the task and is half-way: the bar follows without a reload…
    package = Package.objects.get()
    Package.objects.filter(pk=package.pk).update(
        status=PackageStatus.BUILDING, units_done=2, units_total=4, heartbeat_at=timezone.now()
    )
    page.get_by_text("Membangun: 2 dari 4 unit").wait_for(timeout=6_000)
    assert page.locator("#package-status progress").get_attribute("value") == "2"
    screenshot(page, "package-building-desktop")
    # …and survives one.
    page.reload()
    page.get_by_text("Membangun: 2 dari 4 unit").wait_for()
    assert accessibility_violations(page) == []

    # The worker builds it for real (from the start of its attempt).
    Package.objects.filter(pk=package.pk).update(
        status=PackageStatus.QUEUED, units_done=0, units_total=0
    )
    assert bundle.build(package.pk, package.attempt) == "ready"
    page.get_by_role("button", name="Unduh paket (.zip)").wait_for(timeout=6_000)
    assert page.locator("#package-status").get_attribute("hx-trigger") is None  # polling stops
    screenshot(page, "package-ready-desktop")
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh paket (.zip)").click()
    assert info.value.suggested_filename == f"paket-pmpzi-{year}.zip"
    assert accessibility_violations(page) == []

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    small = phone.new_page()
    small.set_default_timeout(10_000)
    log_in(small, live_server.url, ministry.users["tim_kementerian"].email)
    small.goto(f"{live_server.url}/usulan/{year}/pmpzi/")
    small.get_by_role("button", name="Unduh paket (.zip)").wait_for()
    no_sideways_scroll(small)
    screenshot(small, "package-ready-phone")
    small.get_by_text("Bangun ulang").click()
    small.get_by_label("Nama penanda tangan").wait_for()
    assert small.get_by_label("Nama penanda tangan").input_value() == "Dr. Andi Wijaya, S.H., M.H."
    no_sideways_scroll(small)
    screenshot(small, "package-rebuild-phone")
    phone.close()
