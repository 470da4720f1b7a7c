"""An employee signs their own Pakta Integritas on a phone; the operator keeps the unit's
pencanangan and the list of signatures on a desktop."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import PASSWORD, Ministry, build_ministry
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    accessibility_violations,
    log_in,
    no_sideways_scroll,
    screenshot,
)
from zona.accounts.services import create_user
from zona.core.tabular import read_table
from zona.cycles.models import Stage
from zona.cycles.services import create_year
from zona.employees.models import Employee
from zona.instruments.models import Instrument
from zona.pencanangan.importing import import_employees
from zona.pencanangan.models import AppSignature
from zona.pencanangan.services import (
    add_publication,
    add_witness,
    save_declaration,
    upload_charter,
    upload_scan,
)

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
EMPLOYEE_NIP = "199503032020121004"
EMPLOYEES = f"""nip,nama,jabatan,pimpinan
198001012005011001,"Dr. Ahmad Fauzi, S.H., M.Hum.",Kepala Kantor,ya
198502022010121002,Siti Rahmawati,Kepala Seksi Lalu Lintas Keimigrasian,ya
199002022015022003,Ani Wijaya,Analis Keimigrasian,tidak
{EMPLOYEE_NIP},Budi Santoso,Pengolah Data,tidak
199604042021011005,Citra Lestari,Pengadministrasi Umum,tidak
"""


@pytest.fixture
def live_data(transactional_db: None, settings: Any, tmp_path: Path) -> tuple[Ministry, int]:
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    ministry = build_ministry()
    call_command("load_instruments", verbosity=0)
    year = create_year(
        actor=None, year=2026, instrument=Instrument.objects.get(code="permenkumham-29-2019")
    )
    today = timezone.localdate()
    Stage.objects.filter(assessment_year=year, key="pencanangan").update(
        starts_on=today - timedelta(days=7), ends_on=today + timedelta(days=7)
    )
    save_declaration(  # the Minister's pencanangan comes first (row 5)
        actor=ministry.users["tim_kementerian"],
        unit=ministry.units["kementerian"],
        assessment_year=year,
        declared_on=today - timedelta(days=5),
        place="Graha Pengayoman, Jakarta",
        declared_by="Menteri Hukum dan HAM",
        declared_by_position="Menteri Hukum dan Hak Asasi Manusia",
    )
    unit = ministry.units["kanim_sby"]
    operator = ministry.users["operator_sby"]
    kw: dict[str, Any] = {"actor": operator, "unit": unit, "assessment_year": year}
    save_declaration(
        **kw,
        declared_on=today - timedelta(days=2),
        place="Aula Kantor Imigrasi Kelas I TPI Surabaya",
        declared_by="Dr. Ahmad Fauzi, S.H., M.Hum.",
        declared_by_position="Kepala Kantor Imigrasi Kelas I TPI Surabaya",
    )
    add_witness(**kw, kind="ombudsman", name="Agus Widodo", institution="Ombudsman RI Jawa Timur")
    add_witness(
        **kw, kind="akademisi", name="Prof. Rina Hapsari", institution="Universitas Airlangga"
    )
    add_witness(**kw, kind="media", name="Dimas Pratama", institution="Jawa Pos")
    add_publication(**kw, medium="Jawa Pos", url="https://www.jawapos.com/surabaya/pencanangan-zi")
    upload_charter(**kw, upload=SimpleUploadedFile("piagam-pencanangan.pdf", PDF))
    import_employees(**kw, table=read_table(EMPLOYEES.encode(), "pegawai.csv", max_rows=100))
    head = Employee.objects.get(nip="198001012005011001")
    upload_scan(actor=operator, employee=head, upload=SimpleUploadedFile("pakta-kepala.pdf", PDF))
    create_user(
        actor=None,
        nip=EMPLOYEE_NIP,
        email="budi.santoso@example.go.id",
        full_name="Budi Santoso",
        password=PASSWORD,
    )
    return ministry, year.year


def test_an_employee_signs_their_pact_on_a_phone(
    browser: Any, live_server: Any, live_data: tuple[Ministry, int]
) -> None:
    ministry, year = live_data
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, EMPLOYEE_NIP)
    page.goto(f"{live_server.url}/pencanangan/pakta-saya/")
    page.get_by_role("heading", name="Pakta Integritas saya").wait_for()
    no_sideways_scroll(page)
    screenshot(page, "pencanangan-mine-phone")
    page.get_by_role("button", name="Baca dan tandatangani").click()
    page.get_by_role("heading", name="PAKTA INTEGRITAS", exact=True).wait_for()
    document = page.locator(".pact-document")
    assert "Budi Santoso" in document.inner_text()
    assert EMPLOYEE_NIP in document.inner_text()
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in document.inner_text()
    no_sideways_scroll(page)
    screenshot(page, "pencanangan-pact-phone")

    # The box must be ticked: the browser keeps the form until it is.
    page.get_by_role("button", name="Tandatangani Pakta Integritas").click()
    assert not AppSignature.objects.exists()
    page.get_by_label("Saya telah membaca Pakta Integritas ini").check()
    page.get_by_role("button", name="Tandatangani Pakta Integritas").click()
    page.get_by_text("Terima kasih: Pakta Integritas Anda telah ditandatangani.").wait_for()
    page.get_by_text("Anda telah menandatangani pakta ini di Zona.").wait_for()
    assert page.get_by_role("button", name="Tandatangani Pakta Integritas").count() == 0
    no_sideways_scroll(page)
    screenshot(page, "pencanangan-pact-signed-phone")

    signature = AppSignature.objects.get()
    assert signature.employee.nip == EMPLOYEE_NIP
    assert signature.user.nip == EMPLOYEE_NIP
    assert signature.ip_address == "127.0.0.1"
    assert "Budi Santoso" in signature.text
    context.close()


def test_the_operator_sees_the_pencanangan_and_the_signatures(
    browser: Any, live_server: Any, live_data: tuple[Ministry, int]
) -> None:
    ministry, year = live_data
    unit = ministry.units["kanim_sby"]
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, is_mobile=name == "phone")
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, ministry.users["operator_sby"].nip or "")
        page.goto(f"{live_server.url}/pencanangan/unit/{unit.pk}/")
        page.get_by_role(
            "heading", name="Pencanangan Kantor Imigrasi Kelas I TPI Surabaya"
        ).wait_for()
        # The Ombudsman, an academic and the media came; a UPT also invites community and
        # religious leaders: both are named, at the top and in the list of witnesses.
        missing = "Saksi belum tercatat: Tokoh masyarakat, Tokoh agama"
        assert missing in page.locator("#kelengkapan .checklist").inner_text()
        needs = page.locator(".witness-needs").inner_text()
        assert "Ombudsman RI atau Forkopimda/OPD" in needs and "Tokoh agama" in needs
        assert "Pencanangan oleh Menteri" in page.locator("#pencanangan-menteri").inner_text()
        assert page.locator("#pencanangan-menteri .warning").count() == 0  # it follows
        assert accessibility_violations(page) == []
        if name == "phone":
            no_sideways_scroll(page)
        screenshot(page, f"pencanangan-unit-{name}")

        page.get_by_role("link", name="Buka pakta").click()
        page.get_by_role("heading", name="Pakta Integritas Kantor Imigrasi").wait_for()
        table = page.locator("#employee-table")
        assert "5 pegawai" in table.inner_text()
        assert "Ditandatangani di kertas" in table.inner_text()
        page.get_by_label("Pakta", exact=True).select_option("belum")
        page.wait_for_function(
            "() => document.querySelector('#employee-table').innerText.includes('4 pegawai')"
        )
        assert "Dr. Ahmad Fauzi" not in page.locator("#employee-table").inner_text()
        page.get_by_label("Pakta", exact=True).select_option("")
        page.wait_for_function(
            "() => document.querySelector('#employee-table').innerText.includes('5 pegawai')"
        )
        if name == "phone":
            no_sideways_scroll(page)
        screenshot(page, f"pencanangan-pakta-{name}")

        page.locator("main").get_by_role("link", name="Pencanangan", exact=True).click()
        page.get_by_role("heading", name="Pencanangan dan pakta integritas 2026").wait_for()
        assert "Kantor Imigrasi Kelas I TPI Surabaya" in page.locator("#unit-table").inner_text()
        if name == "phone":
            no_sideways_scroll(page)
        screenshot(page, f"pencanangan-index-{name}")
        context.close()


def test_the_ministry_team_sees_the_ministers_pencanangan(
    browser: Any, live_server: Any, live_data: tuple[Ministry, int]
) -> None:
    """The Minister's declaration has no witnesses yet: the KPK and the Ombudsman RI are named."""
    ministry, year = live_data
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, is_mobile=name == "phone")
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, ministry.users["tim_kementerian"].nip or "")
        page.goto(f"{live_server.url}/pencanangan/")
        page.get_by_role("link", name="Buka pencanangan Menteri").click()
        page.get_by_role("heading", name="Pencanangan Kementerian Hukum dan HAM").wait_for()
        checklist = page.locator("#kelengkapan .checklist").inner_text()
        assert "Saksi belum tercatat: KPK, Ombudsman RI" in checklist
        assert "Pakta Integritas" not in checklist
        assert accessibility_violations(page) == []
        if name == "phone":
            no_sideways_scroll(page)
        screenshot(page, f"pencanangan-minister-{name}")
        context.close()

    # Recorded late as today, the Minister's pencanangan now comes after Surabaya's (two days
    # ago): the satker's page points it out, and keeps the satker's record as it is.
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, ministry.users["tim_kementerian"].nip or "")
    kementerian, unit = ministry.units["kementerian"], ministry.units["kanim_sby"]
    page.goto(f"{live_server.url}/pencanangan/unit/{kementerian.pk}/")
    page.get_by_label("Tanggal pencanangan").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Simpan pencanangan").click()
    page.get_by_text("Pencanangan disimpan.").wait_for()
    page.goto(f"{live_server.url}/pencanangan/unit/{unit.pk}/")
    warning = page.locator("#pencanangan-menteri .warning")
    assert "mendahului pencanangan oleh Menteri" in warning.inner_text()
    assert accessibility_violations(page) == []
    no_sideways_scroll(page)
    screenshot(page, "pencanangan-unit-before-minister-phone")
    context.close()
