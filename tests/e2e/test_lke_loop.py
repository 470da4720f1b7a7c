"""The whole LKE loop in a browser: the operator answers and uploads, the head submits, the
Kanwil returns one question, the operator fixes it, and Kanwil, Eselon I and TPI accept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import build_ministry
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_violations, log_in, log_out, screenshot
from tests.proposals.conftest import grade_the_ministry, survey_period, surveyed
from zona.assessments.models import Assessment
from zona.assessments.services import open_assessment, save_answer
from zona.assessments.workflow import Status
from zona.cycles.services import create_year
from zona.instruments.models import Instrument, Question
from zona.instruments.spec import DATA_DIR


@pytest.fixture
def world(transactional_db: None, tmp_path, settings):  # type: ignore[no-untyped-def]
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
    survey_period(ministry, year)
    surveyed(year, ministry.units["kanim_sby"].pk)
    grade_the_ministry(ministry, year, bpk="WTP", akip="A")
    lke = open_assessment(actor=None, unit=ministry.units["kanim_sby"], assessment_year=year)
    for question in Question.objects.exclude(code="MP.1.a"):  # the operator answers the last one
        value = question.options[0]["label"] if question.options else "1"
        save_answer(
            actor=ministry.users["operator_sby"],
            assessment=lke,
            question=question,
            value=value,
            note="",
            expected_version=0,
        )
    return ministry, lke, tmp_path


def visit_lke(page: Any, base: str, lke: Assessment) -> None:
    page.goto(f"{base}/lke/{lke.pk}/")
    page.get_by_role("heading", name="Nilai", exact=True).wait_for()


def test_the_whole_loop(page: Any, live_server: Any, world: Any) -> None:
    ministry, lke, tmp_path = world
    base = live_server.url
    question = Question.objects.get(code="MP.1.a")
    row = f"#q-{question.pk}"

    log_in(page, base, ministry.users["operator_sby"].nip)
    visit_lke(page, base, lke)
    page.locator(row).get_by_label("Ya — Jika Tim telah dibentuk di dalam unit kerja").check()
    page.locator(f"{row} textarea[name=note]").fill("SK Kepala Kantor No. W15.IMI.1-UM.01.01-123")
    page.locator(f"{row} .answer-form button").focus()
    page.keyboard.press("Enter")
    page.locator("#score-panel", has_text="81 dari 81 terjawab").wait_for()
    # the keyboard stays where it was, and a screen reader hears that it is saved
    page.locator("#lke-announcer", has_text="Tersimpan: MP.1.a").wait_for(state="attached")
    assert page.evaluate("document.activeElement.id") == f"save-{question.pk}"
    assert page.locator(f"{row} .saved-mark").is_visible()
    page.locator(f"{row} summary").click()
    page.locator(f"{row} input[name=title]").fill("SK Tim Kerja ZI")
    pdf = tmp_path / "sk-tim.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator(f"{row} input[type=file]").set_input_files(str(pdf))
    page.locator(f"{row} .evidence-add button").click()
    page.locator(f"{row} .evidence a", has_text="SK Tim Kerja ZI").wait_for()
    screenshot(page, "lke-operator-desktop")
    assert accessibility_violations(page) == []  # every option's radio named by its label
    page.set_viewport_size({"width": 320, "height": 800})  # the options' texts wrap on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert accessibility_violations(page) == []  # a table scrolling sideways takes focus
    screenshot(page, "lke-operator-phone")
    page.set_viewport_size(DESKTOP)
    log_out(page)

    log_in(page, base, ministry.users["kepala_sby"].nip)
    visit_lke(page, base, lke)
    page.get_by_label("Saya menyatakan").check()
    page.get_by_role("button", name="Kirim LKE untuk diverifikasi").click()
    page.wait_for_load_state()
    screenshot(page, "lke-after-submit")
    page.locator("#lke-status", has_text="Sedang diverifikasi Kanwil").wait_for()
    log_out(page)

    log_in(page, base, ministry.users["verifier_jatim"].nip)
    visit_lke(page, base, lke)
    page.locator(f"{row} input[value=return]").check()
    page.locator(f"{row} textarea[name=note]").last.fill("Unggah SK yang sudah ditandatangani.")
    page.locator(f"{row} .review-form button").click()
    page.locator(f"{row} .badge.review-returned").wait_for()
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Terima semua butir yang masih menunggu").click()
    assert "butir yang masih menunggu?" in asked[0] and "tanpa data dukung" in asked[0]
    assert page.locator(".badge.review-accepted").count() == 0  # dismissed: nothing accepted
    page.on("dialog", lambda dialog: dialog.accept())  # from here on, every confirmation: yes
    page.get_by_role("button", name="Terima semua butir yang masih menunggu").click()
    page.get_by_role("button", name="Selesaikan verifikasi saya").click()
    page.locator("#lke-status", has_text="Dikembalikan Kanwil").wait_for()
    screenshot(page, "lke-kanwil-returned-desktop")
    log_out(page)

    log_in(page, base, ministry.users["operator_sby"].nip)
    visit_lke(page, base, lke)
    assert "Unggah SK yang sudah ditandatangani." in page.locator(row).inner_text()
    page.locator(f"{row} textarea[name=note]").first.fill("SK bertanda tangan diunggah.")
    page.locator(f"{row} .answer-form button").click()
    page.locator(f"{row} textarea[name=note]", has_text="bertanda tangan").wait_for()
    log_out(page)

    log_in(page, base, ministry.users["kepala_sby"].nip)
    visit_lke(page, base, lke)
    page.get_by_role("button", name="Kirim ulang setelah perbaikan").click()
    page.locator("#lke-status", has_text="Sedang diverifikasi Kanwil").wait_for()
    log_out(page)

    for persona, verified, proposes in [
        ("verifier_jatim", "Terverifikasi Kanwil", True),
        ("penilai_imigrasi", "Terverifikasi Unit Eselon I", True),
        ("tpi_itjen", "Terverifikasi TPI", False),
    ]:
        log_in(page, base, ministry.users[persona].nip)
        visit_lke(page, base, lke)
        page.get_by_role("button", name="Terima semua butir yang masih menunggu").click()
        page.get_by_role("button", name="Selesaikan verifikasi saya").click()
        page.locator("#lke-status", has_text=verified).wait_for()
        if proposes:  # a verified unit goes up when its tier proposes it, on the board
            page.goto(f"{base}/usulan/2030/")
            page.get_by_role("button", name="Usulkan").click()
            page.get_by_text("diusulkan untuk Menuju WBK").wait_for()
        log_out(page)

    lke.refresh_from_db()
    assert lke.status == Status.VERIFIED
    log_in(page, base, ministry.users["pimpinan"].nip)
    visit_lke(page, base, lke)
    header = page.locator(".score-table thead").inner_text()
    for tier in ("Satker", "Kanwil", "Unit Eselon I", "TPI"):
        assert tier in header
    screenshot(page, "lke-verified-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "lke-verified-phone")
    for width in (PHONE["width"], 320):  # reflow (WCAG 1.4.10): nothing scrolls sideways
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
    page.goto(f"{base}/unit/{lke.unit_id}/")  # its breadcrumb is the longest
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
