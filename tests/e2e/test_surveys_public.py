"""A visitor scans a unit's QR code with a phone and fills the survey (no JavaScript needed)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import build_ministry
from tests.e2e.conftest import PHONE, accessibility_violations, screenshot
from tests.surveys.conftest import YEAR, period_with_codes, token_for
from zona.surveys import qr
from zona.surveys.models import Response, ResponseStatus

PAGE_BUDGET = 50 * 1024


@pytest.fixture
def live_survey(transactional_db: None) -> Any:
    ministry = build_ministry()
    return ministry, period_with_codes(ministry)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_phone_fills_the_survey_from_its_qr_code(
    browser: Any, served: str, live_survey: Any, javascript: bool
) -> None:
    ministry, period = live_survey
    unit = ministry.units["kanim_sby"]
    token = token_for(period, unit)
    with override_settings(SITE_URL=served):
        url = qr.survey_url(token.token, served)
        # the address printed under the QR code on the unit's codes page is the one it encodes
        staff = Client()
        staff.force_login(ministry.users["verifier_jatim"])
        codes = staff.get(reverse("surveys:unit_codes", args=[YEAR, unit.pk])).content.decode()
        assert url in codes and qr.qr_inline(token.token, served) in codes

    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )
    page = context.new_page()
    page.audit_visits = False  # the listener below reads bodies: axe runs once it is gone
    received: list[int] = []

    def weigh(response: Any) -> None:
        if response.ok:
            received.append(len(response.body()))

    page.on("response", weigh)
    page.goto(url)
    page.get_by_role("heading", name="Survei Kepuasan Masyarakat").wait_for()
    assert sum(received) <= PAGE_BUDGET, f"{sum(received)} bytes"
    page.remove_listener("response", weigh)
    if javascript:
        assert accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("html").get_attribute("lang") == "id"
    screenshot(page, f"survey-form-phone{'' if javascript else '-nojs'}")

    answers = [
        "Sangat sesuai",
        "Mudah",
        "Cepat",
        "Gratis",
        "Sesuai",
        "Kompeten",
        "Sangat sopan dan ramah",
        "Dikelola dengan baik",
    ]
    for number, label in enumerate(answers, 1):
        page.locator(f"#q-u{number}").get_by_text(label, exact=True).tap()
    # the last element by keyboard: focus its first option, then arrow to "Baik"
    page.locator("#q-u9 input[value='1']").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#q-u9 input[value='3']").is_checked()
    page.locator("#q-gender").get_by_text("Perempuan").tap()
    page.locator("#q-service").get_by_text("Paspor").tap()
    page.locator("#q-directed").get_by_text("Tidak", exact=True).tap()
    page.get_by_role("button", name="Kirim jawaban").tap()
    page.get_by_role("heading", name="Terima kasih").wait_for()
    assert page.get_by_role("link", name="Survei Persepsi Anti Korupsi").is_visible()
    screenshot(page, f"survey-thanks-phone{'' if javascript else '-nojs'}")
    stored = Response.objects.get()
    assert stored.status == ResponseStatus.ACCEPTED
    assert stored.answers(9) == [4, 3, 3, 4, 3, 3, 4, 4, 3]
    assert stored.profile == {"gender": "P", "service": "paspor"}

    page.go_back()  # the browser's back button and a second try: one response per device
    page.reload()
    page.get_by_role("heading", name="Anda sudah menjawab").wait_for()
    assert Response.objects.count() == 1
    context.close()


def test_a_missed_question_is_pointed_out_on_a_phone(
    browser: Any, served: str, live_survey: Any
) -> None:
    ministry, period = live_survey
    token = token_for(period, ministry.units["kanim_sby"])
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{served}/s/{token.token}/")
    page.locator("#q-u1").get_by_text("Sesuai", exact=True).tap()
    page.evaluate(
        "document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))"
    )
    page.get_by_role("button", name="Kirim jawaban").tap()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Arahan petugas: Mohon jawab pertanyaan ini." in alert.inner_text()
    assert page.locator("#q-u1 input[value='3']").is_checked()  # the answer given is kept
    screenshot(page, "survey-error-phone")
    assert Response.objects.count() == 0
    context.close()
