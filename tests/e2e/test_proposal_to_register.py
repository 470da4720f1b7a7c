"""From a Kanwil's proposal to the register, in a browser: the Kanwil and the Unit Eselon I
propose on their boards, the ministry's team records the quota, TPI Itjen recommends on the
candidate page, the team records the Minister's decree and the TPN's steps, and the unit shows
on the register. Every page is checked with axe-core and photographed (desktop and phone)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import build_ministry
from tests.e2e.conftest import (
    PHONE,
    accessibility_violations,
    log_in,
    log_out,
    no_sideways_scroll,
    screenshot,
)
from tests.proposals.conftest import (
    PDF,
    answered_lke,
    grade_the_ministry,
    reports_filed,
    survey_period,
    surveyed,
    verify,
)
from zona.assessments.workflow import Tier
from zona.proposals.models import Grant


@pytest.fixture
def world(transactional_db: None, tmp_path: Path, settings: Any) -> Any:
    from tests.assessments.conftest import make_year

    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        }
    }
    ministry = build_ministry()
    year = make_year()
    survey_period(ministry, year)
    grade_the_ministry(ministry, year, bpk="WTP", akip="A")
    surveyed(year, ministry.units["kanim_sby"].pk)
    surveyed(year, ministry.units["lapas_sby"].pk, answer=2)
    reports_filed(ministry, year, "kanim_sby")
    good = answered_lke(ministry, year, "kanim_sby")
    weak = answered_lke(ministry, year, "lapas_sby", best=False)
    for lke in (good, weak):
        verify(ministry, lke, Tier.KANWIL)
    pdf = tmp_path / "sk.pdf"
    pdf.write_bytes(PDF)
    return ministry, good, pdf


def check(page: Any, name: str) -> None:
    assert accessibility_violations(page) == [], name
    screenshot(page, name)


def test_from_a_kanwil_proposal_to_the_register(page: Any, live_server: Any, world: Any) -> None:
    ministry, lke, pdf = world
    base = live_server.url
    today = timezone.localdate()

    log_in(page, base, ministry.users["verifier_jatim"].nip)
    page.goto(f"{base}/usulan/2030/")
    page.get_by_role("heading", name="Tetap dalam pembinaan").wait_for()
    check(page, "proposals-board-kanwil-desktop")
    page.get_by_role("button", name="Usulkan").click()
    page.get_by_text("diusulkan untuk Menuju WBK").wait_for()
    log_out(page)

    verify(ministry, lke, Tier.ESELON_I)
    log_in(page, base, ministry.users["penilai_imigrasi"].nip)
    page.goto(f"{base}/usulan/2030/")
    page.get_by_role("button", name="Usulkan").click()
    page.get_by_text("diusulkan untuk Menuju WBK").wait_for()
    log_out(page)

    verify(ministry, lke, Tier.TPI)
    log_in(page, base, ministry.users["tim_kementerian"].nip)
    page.goto(f"{base}/usulan/2030/penetapan/")
    page.get_by_text("Catat surat kuota").click()
    page.get_by_label("Unit yang boleh diusulkan kementerian").fill("5")
    page.get_by_label("Nomor surat KemenPAN-RB").fill("B/45/D.RB.01/2030")
    page.get_by_label("Tanggal surat").fill((today - timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Catat kuota").click()
    page.get_by_text("Kuota dicatat.").wait_for()
    log_out(page)

    log_in(page, base, ministry.users["tpi_itjen"].nip)
    page.goto(f"{base}/usulan/2030/unit/{lke.unit_id}/")
    page.get_by_role("heading", name="Penilaian").wait_for()
    check(page, "proposals-candidate-desktop")
    for box in page.locator("input[name=requirements]").all():
        box.check()
    page.get_by_role("button", name="Rekomendasikan kepada Menteri").click()
    page.get_by_text("diusulkan untuk Menuju WBK").wait_for()
    log_out(page)

    log_in(page, base, ministry.users["tim_kementerian"].nip)
    page.goto(f"{base}/usulan/2030/penetapan/")
    page.get_by_text("Catat keputusan").first.click()
    page.get_by_label("Nomor keputusan").fill("M.HH-12.OT.01.01 TAHUN 2030")
    page.get_by_label("Tanggal ditandatangani").fill(today.isoformat())
    page.get_by_label("Keputusan yang ditandatangani (PDF)").set_input_files(str(pdf))
    page.get_by_label("Kantor Imigrasi Kelas I TPI Surabaya — Menuju WBK").check()
    page.get_by_role("button", name="Catat keputusan").click()
    page.get_by_text("Keputusan Menteri dicatat.").wait_for()
    check(page, "proposals-decree-desktop")

    page.goto(f"{base}/usulan/2030/tpn/")
    for step, finding in (("formal", "passed"), ("review", "passed"), ("result", "granted")):
        page.get_by_text("Catat tahap").click()
        form = page.locator("details[open] form")
        form.get_by_label("Tahap").select_option(step)
        form.get_by_label("Temuan").select_option(finding)
        form.get_by_label("Tanggal", exact=True).fill(today.isoformat())
        if step == "result":
            form.get_by_label("Nomor keputusan KemenPAN-RB (hasil)").fill("B/999/M.SM.01/2030")
        form.get_by_role("button", name="Catat").click()
        page.get_by_text("Dicatat untuk").wait_for()
    check(page, "proposals-tpn-desktop")
    assert Grant.objects.get().unit == lke.unit

    page.goto(f"{base}/predikat/")
    page.get_by_role("cell", name="Kantor Imigrasi Kelas I TPI Surabaya").wait_for()
    check(page, "register-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    no_sideways_scroll(page)
    screenshot(page, "register-phone")
    page.goto(f"{base}/usulan/2030/unit/{lke.unit_id}/")
    no_sideways_scroll(page)
    screenshot(page, "proposals-candidate-phone")
