"""A satker operator keeps the unit's compliance up to date on a phone; the TPI decides on a
desktop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import Ministry, build_ministry
from tests.e2e.conftest import PHONE, log_in, no_sideways_scroll, screenshot
from zona.compliance.models import Finding, FindingSource, FindingStatus, WealthReport
from zona.cycles.models import AssessmentYear
from zona.cycles.services import create_year
from zona.employees.models import Employee
from zona.instruments.models import Instrument

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


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
        actor=None,
        year=2026,
        instrument=Instrument.objects.get(code="permenkumham-29-2019"),
    )
    unit = ministry.units["kanim_sby"]
    findings = [
        (
            "BPK",
            "12/LHP/XV/05/2025",
            "3.1",
            "Kelebihan pembayaran perjalanan dinas pada "
            "Seksi Lalu Lintas Keimigrasian sebesar Rp12.500.000.",
            FindingStatus.OPEN,
        ),
        (
            "ITJEN",
            "LHA-07/IJ/2025",
            "1",
            "SOP pelayanan paspor belum ditetapkan kepala kantor.",
            FindingStatus.FOLLOWED_UP,
        ),
        (
            "OMBUDSMAN",
            "LAHP-0042/2025",
            "1",
            "Penundaan berlarut penerbitan izin tinggal.",
            FindingStatus.SUBMITTED,
        ),
    ]
    for source, report, number, text, status in findings:
        Finding.objects.create(
            unit=unit,
            assessment_year=year,
            source=FindingSource(source),
            report_number=report,
            report_date="2025-09-01",
            number=number,
            finding=text,
            recommendation="Menindaklanjuti sesuai rekomendasi pemeriksa.",
            due_date="2025-11-30",
            status=status,
        )
    people = [
        ("198001012005011001", "Dr. Ahmad Fauzi, S.H., M.Hum.", "Kepala Kantor", "LHKPN", True),
        ("198502022010121002", "Siti Rahmawati", "Kepala Seksi Lalu Lintas", "LHKPN", True),
        ("199002022015022003", "Ani Wijaya", "Analis Keimigrasian", "LHKASN", True),
        ("199503032020121004", "Budi Santoso", "Pengolah Data", "LHKASN", False),
    ]
    for nip, name, position, obligation, filed in people:
        employee = Employee.objects.create(
            unit=unit, assessment_year=year, nip=nip, name=name, position=position
        )
        WealthReport.objects.create(
            employee=employee,
            obligation=obligation,
            status="sudah" if filed else "belum",
            report_date="2026-01-15" if filed else None,
        )
    return ministry, year.year


def test_operator_updates_compliance_on_a_phone(
    browser: Any, live_server: Any, live_data: tuple[Ministry, int]
) -> None:
    ministry, year = live_data
    unit = ministry.units["kanim_sby"]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, ministry.users["operator_sby"].nip or "")
    page.goto(f"{live_server.url}/kepatuhan/{year}/unit/{unit.pk}/")
    page.get_by_role("heading", name="Kepatuhan Kantor Imigrasi Kelas I TPI Surabaya").wait_for()
    summary = page.locator("#compliance-summary")
    assert "33,33 %" in summary.inner_text()  # 1 of 3 findings accepted
    assert "Belum seluruh laporan" in summary.inner_text()
    no_sideways_scroll(page)
    screenshot(page, "compliance-unit-phone")

    # change Budi's report status in place (htmx), the figures follow
    page.get_by_role("button", name="Ubah status laporan Budi Santoso").click()
    row = page.locator("#wealth-table tr.editing")
    row.get_by_label("Status laporan").select_option("sudah")
    assert row.get_by_label("Tanggal laporan").get_attribute("placeholder") == "hh/bb/tttt"
    row.get_by_label("Tanggal laporan").fill("10/02/2026")  # day first, whatever the locale
    screenshot(page, "compliance-unit-phone-editing")
    row.get_by_role("button", name="Simpan").click()
    summary.get_by_text("Seluruh pegawai telah menyampaikan").wait_for()
    report = WealthReport.objects.get(employee__nip="199503032020121004")
    assert (report.status, report.report_date.isoformat()) == ("sudah", "2026-02-10")
    assert "Budi Santoso" in page.locator("#wealth-table").inner_text()
    no_sideways_scroll(page)

    # filter the findings to those not yet followed up (htmx)
    page.get_by_label("Status", exact=True).select_option("belum_ditindaklanjuti")
    page.wait_for_function(
        "() => document.querySelectorAll('#finding-table tbody tr').length === 1"
    )

    # report a follow-up of the BPK finding with a scanned receipt
    page.locator("#finding-table a").first.click()
    page.get_by_role("heading", name="Temuan 3.1 BPK").wait_for()
    page.get_by_label("Tindak lanjut yang telah dilakukan").fill(
        "Kelebihan pembayaran telah disetor ke kas negara (NTPN terlampir)."
    )
    page.get_by_label("Berkas bukti tindak lanjut").set_input_files(
        [{"name": "ntpn.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Kirim ke TPI").click()
    page.get_by_text("Tindak lanjut dicatat dan kini menunggu penilaian TPI.").wait_for()
    assert page.get_by_role("link", name="ntpn.pdf").is_visible()
    no_sideways_scroll(page)
    screenshot(page, "compliance-finding-phone")
    context.close()
    finding = Finding.objects.get(number="3.1")
    assert finding.status == FindingStatus.SUBMITTED


def test_tpi_accepts_a_follow_up_and_sees_the_overview(
    page: Any, live_server: Any, live_data: tuple[Ministry, int]
) -> None:
    ministry, year = live_data
    log_in(page, live_server.url, ministry.users["tpi_itjen"].email)
    page.goto(f"{live_server.url}/kepatuhan/{year}/")
    page.get_by_role("heading", name=f"Kepatuhan TLHP dan LHKPN/LHKASN {year}").wait_for()
    screenshot(page, "compliance-overview-desktop")
    page.get_by_label("Hanya unit yang masih ada kekurangan").check()
    page.wait_for_url("**attention=on**")
    page.get_by_role("link", name="Kantor Imigrasi Kelas I TPI Surabaya").click()
    page.get_by_role("heading", name="Kepatuhan Kantor Imigrasi Kelas I TPI Surabaya").wait_for()
    screenshot(page, "compliance-unit-desktop")
    page.get_by_role("button", name="Tambah temuan").click()
    page.get_by_label("Sumber").select_option("BPKP")
    page.get_by_label("Nomor laporan").fill("LHA-112/PW13/2025")
    page.get_by_label("Tanggal laporan").fill("2025-10-15")
    page.get_by_label("Nomor temuan").fill("2")
    page.get_by_label("Temuan", exact=True).fill("Aset tetap belum diinventarisasi.")
    page.get_by_label("Rekomendasi").fill("Lakukan inventarisasi aset tetap.")
    screenshot(page, "compliance-finding-form-desktop")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Temuan dicatat.").wait_for()
    page.get_by_role("link", name="Kantor Imigrasi Kelas I TPI Surabaya").click()
    assert "1 dari 4 temuan" in page.locator("#compliance-summary").inner_text()
    page.get_by_role("link", name="Penundaan berlarut penerbitan izin tinggal.").click()
    page.get_by_label("Keputusan", exact=True).select_option("accept")
    screenshot(page, "compliance-finding-desktop")
    page.get_by_role("button", name="Catat keputusan").click()
    page.get_by_text("Keputusan dicatat.").wait_for()
    assert Finding.objects.get(source="OMBUDSMAN").status == FindingStatus.FOLLOWED_UP
    page.goto(f"{live_server.url}/kepatuhan/{year}/kementerian/")
    page.get_by_role("heading", name=f"Syarat tingkat kementerian {year}").wait_for()
    screenshot(page, "compliance-ministry-desktop")
    assert AssessmentYear.objects.count() == 1


def test_ministry_team_enters_the_bpk_opinion_on_a_phone(
    browser: Any, live_server: Any, live_data: tuple[Ministry, int]
) -> None:
    ministry, year = live_data
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, ministry.users["tim_kementerian"].email)
    page.goto(f"{live_server.url}/kepatuhan/kementerian/")
    card = page.get_by_role("article").filter(has_text="Opini BPK atas laporan keuangan")
    card.get_by_text("Isi nilai").click()
    card.get_by_label("Nilai").select_option("WTP")
    card.get_by_label("Dokumen sumber").fill("LHP BPK No. 12/LHP/XV/05/2026 atas LK 2025")
    card.get_by_label("Berkas dokumen").set_input_files(
        [{"name": "lhp-bpk-2025.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    screenshot(page, "compliance-ministry-phone-form")
    card.get_by_role("button", name="Simpan").click()
    page.get_by_text("Opini BPK atas laporan keuangan dicatat.").wait_for()
    assert page.get_by_role("link", name="lhp-bpk-2025.pdf").first.is_visible()
    no_sideways_scroll(page)
    screenshot(page, "compliance-ministry-phone")
    page.get_by_role("link", name=f"Kepatuhan {year}").click()
    page.get_by_role("heading", name=f"Kepatuhan TLHP dan LHKPN/LHKASN {year}").wait_for()
    no_sideways_scroll(page)
    screenshot(page, "compliance-overview-phone")
    context.close()
    from zona.compliance.services import ministry_standing

    assert ministry_standing(AssessmentYear.objects.get(year=year)) == {"bpk_opinion": "WTP"}
