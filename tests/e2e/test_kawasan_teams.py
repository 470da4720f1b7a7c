"""The kawasan page and the team page, looked at on a desktop and on a 390 px phone: the TPI
scores a kawasan's integration and records another agency's predicate; a satker head records
its working team's decree."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.assessments.conftest import make_year
from tests.conftest import Ministry, build_ministry
from tests.e2e.conftest import (
    PHONE,
    accessibility_violations,
    log_in,
    no_sideways_scroll,
    screenshot,
)
from zona.accounts.models import Membership
from zona.accounts.services import create_user
from zona.files.services import store_bytes
from zona.organizations.models import Kawasan
from zona.organizations.services import create_kawasan
from zona.proposals.kawasan.services import record_team
from zona.proposals.models import KawasanIntegration, MemberPredicate
from zona.proposals.services import record_earlier_grant

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
MEMBERS = [
    ("Kementerian Perhubungan", "Kantor Otoritas Bandar Udara Wilayah III Juanda"),
    ("Kementerian Keuangan", "Kantor Pengawasan dan Pelayanan Bea dan Cukai Tipe Madya Juanda"),
    ("Kementerian Hukum dan Hak Asasi Manusia", "Kantor Imigrasi Kelas I TPI Surabaya"),
    ("Kementerian Kesehatan", "Balai Besar Kekarantinaan Kesehatan Surabaya"),
    ("Kementerian Pertanian", "Balai Besar Karantina Pertanian Surabaya"),
]


@pytest.fixture
def live_data(transactional_db: None, settings: Any, tmp_path: Path) -> tuple[Ministry, Kawasan]:
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    ministry = build_ministry()
    year = make_year()
    itjen = ministry.users["tpi_itjen"]
    kawasan = create_kawasan(
        actor=None,
        code="KWS-JUANDA",
        name="Kawasan Bandar Udara Internasional Juanda",
        kind="bandara",
        province="Jawa Timur",
        members=[
            {
                "instansi": agency,
                "unit_name": name,
                "unit": ministry.units["kanim_sby"] if "Imigrasi" in name else None,
            }
            for agency, name in MEMBERS
        ],
    )
    record_team(
        actor=itjen,
        kawasan=kawasan,
        year=year,
        decree_number="KEP-01/TIMSUS-ZI/JUANDA/2030",
        signed_on=date(2030, 1, 27),
        issued_by="Para pimpinan instansi kawasan",
        document=store_bytes(actor=itjen, data=PDF),
        members=[
            ("Kementerian Hukum dan Hak Asasi Manusia", "Siti Rahmawati", "Ketua (TPI Itjen)"),
            ("Kementerian Perhubungan", "Arif Budiman", "Anggota"),
            ("Kementerian Keuangan", "Lestari Handayani", "Anggota"),
            ("Kementerian Kesehatan", "Nur Aini", "Anggota"),
            ("Kementerian Pertanian", "Rudi Hartono", "Sekretaris"),
        ],
    )
    record_earlier_grant(
        actor=itjen,
        unit=ministry.units["kanim_sby"],
        predicate="WBK",
        year=2028,
        decree_number="B/1234/M.KT.02/2028",
        granted_on=date(2028, 12, 10),
    )
    create_user(
        actor=None,
        nip="199105052015032005",
        email="dian@example.go.id",
        full_name="Dian Permata Sari",
        password=None,
    )
    return ministry, kawasan


def test_the_tpi_scores_the_kawasan_and_records_a_member_predicate(
    page: Any, browser: Any, live_server: Any, live_data: tuple[Ministry, Kawasan]
) -> None:
    ministry, kawasan = live_data
    log_in(page, live_server.url, ministry.users["tpi_itjen"].email)
    page.goto(f"{live_server.url}/predikat/")
    page.get_by_role("link", name="Semua kawasan dan penilaiannya").click()
    page.get_by_role("link", name=kawasan.name).click()
    page.get_by_role("heading", name=kawasan.name, level=1).wait_for()

    page.get_by_text("Catat nilai dari tim").click()
    for label, value in (
        ("1. Tersedianya peta proses bisnis", "8"),
        ("2. Peta proses bisnis sudah dijabarkan", "7.5"),
        ("3. SOP telah diterapkan", "7"),
        ("4. Peta proses bisnis dan prosedur operasional", "6.5"),
        ("5. Terdapat sistem informasi", "6"),
    ):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Catat nilai").click()
    page.get_by_text("Skor integrasi 7,00 telah dicatat.").wait_for()
    assert KawasanIntegration.objects.get().score == 7

    row = page.get_by_role("row").filter(has_text="Kantor Otoritas Bandar Udara")
    row.get_by_text("Catat predikatnya").click()
    row.get_by_label("Predikat").select_option("WBK")
    row.get_by_label("Tahun ditetapkan").fill("2023")
    row.get_by_label("Sumber").fill("Keputusan Menteri PANRB Nomor 1088 Tahun 2023")
    row.get_by_role("button", name="Catat predikat").click()
    page.get_by_text("telah dicatat").first.wait_for()
    assert MemberPredicate.objects.get().year == 2023
    text = page.locator("main").inner_text()
    assert "Memegang predikat Menuju WBK pada register (2028" in text
    assert "Belum memenuhi seluruh kriteria kawasan Menuju WBK" in text
    assert accessibility_violations(page) == []
    screenshot(page, "kawasan-desktop")

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    small = phone.new_page()
    small.set_default_timeout(10_000)
    log_in(small, live_server.url, ministry.users["operator_sby"].nip or "")
    small.goto(f"{live_server.url}/kawasan/{kawasan.pk}/2030/")
    small.get_by_role("heading", name="Integrasi proses bisnis").wait_for()
    no_sideways_scroll(small)
    assert accessibility_violations(small) == []
    screenshot(small, "kawasan-phone")
    small.goto(f"{live_server.url}/kawasan/")
    no_sideways_scroll(small)
    screenshot(small, "kawasan-list-phone")
    phone.close()


def test_the_head_records_the_working_team_on_a_phone(
    page: Any, browser: Any, live_server: Any, live_data: tuple[Ministry, Kawasan]
) -> None:
    ministry, _kawasan = live_data
    unit = ministry.units["kanim_sby"]
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    small = phone.new_page()
    small.set_default_timeout(10_000)
    log_in(small, live_server.url, ministry.users["kepala_sby"].nip or "")
    small.goto(f"{live_server.url}/unit/{unit.pk}/")
    small.get_by_role("link", name="Tim dan SK pembentukannya").click()
    small.get_by_role("button", name="Catat keputusan").click()
    small.get_by_label("Nomor keputusan").fill("W15.IMI.IMI.1-UM.01.01-0012 TAHUN 2030")
    small.get_by_label("Tanggal ditandatangani").fill("2030-01-06")
    small.get_by_label("Keputusan yang ditandatangani (PDF)").set_input_files(
        [{"name": "sk-tim-kerja.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    small.get_by_label("Anggota sebagai Operator satker").fill(
        f"199105052015032005\n{ministry.users['operator_sby'].email}\n198001019999990000"
    )
    small.get_by_role("button", name="Catat keputusan").click()
    refused = small.get_by_role("alert")
    refused.wait_for()
    assert "198001019999990000" in refused.inner_text()  # refused, naming the one without
    assert "199105052015032005" not in refused.inner_text()
    no_sideways_scroll(small)
    screenshot(small, "team-record-refused-phone")
    small.get_by_label("Keputusan yang ditandatangani (PDF)").set_input_files(
        [{"name": "sk-tim-kerja.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    small.get_by_label("Anggota sebagai Operator satker").fill(
        f"199105052015032005\n{ministry.users['operator_sby'].email}"
    )
    small.get_by_role("button", name="Catat keputusan").click()
    small.get_by_text("2 anggota memegang perannya").wait_for()
    assert Membership.objects.filter(user__nip="199105052015032005", unit=unit).exists()
    no_sideways_scroll(small)
    assert accessibility_violations(small) == []
    screenshot(small, "team-phone")
    phone.close()

    log_in(page, live_server.url, ministry.users["tpi_itjen"].email)
    page.goto(f"{live_server.url}/tim/{unit.pk}/2030/")
    page.get_by_role("cell", name="Dian Permata Sari").wait_for()
    assert accessibility_violations(page) == []
    screenshot(page, "team-desktop")
