"""A visitor opens the public transparency page, searches, opens a unit: on a desktop and on a
phone, by keyboard, with no WCAG 2.1 AA violation and nothing scrolling sideways."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import build_ministry
from tests.e2e.conftest import accessibility_violations, screenshot
from tests.publik.test_pages import answer
from tests.surveys.conftest import period_with_codes
from zona.proposals.models import Grant
from zona.surveys.models import PeriodStatus, SurveyPeriod

SMALL = {"width": 320, "height": 700}  # reflow (WCAG 1.4.10): 1280 px at 400 %
PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 900}
PAGE_BUDGET = 50 * 1024  # the page and its stylesheets, as the public survey's


@pytest.fixture
def live_public(transactional_db: None) -> Any:
    ministry = build_ministry()
    period = period_with_codes(ministry)
    answer(period, ministry.units["kanim_sby"], (4, 4, 3, 4, 3, 4, 4, 3, 3))
    answer(period, ministry.units["kanim_dps"], (3, 3, 3, 2, 3, 3, 2, 3, 3))
    SurveyPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.PUBLISHED)
    Grant.objects.create(
        unit=ministry.units["kanim_sby"], predicate="WBK", year=2025,
        decree_number="B/1/2025", granted_on=date(2025, 12, 10),
        recorded_by=ministry.users["tim_kementerian"],
    )  # fmt: skip
    return ministry


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_visitor_finds_a_unit_and_reads_its_page(
    browser: Any, served: str, live_public: Any, viewport: str
) -> None:
    size = WIDE if viewport == "desktop" else PHONE
    phone = viewport == "phone"
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(10_000)
    received: list[int] = []
    page.on("response", lambda r: received.append(len(r.body())) if r.ok else None)
    page.goto(f"{served}/publik/")
    page.get_by_role("heading", level=1, name="Keterbukaan Zona Integritas").wait_for()
    assert page.locator("html").get_attribute("lang") == "id"
    assert sum(received) <= PAGE_BUDGET, f"{sum(received)} bytes"  # as light as the survey
    assert not context.cookies()  # nothing stored on the visitor's device
    assert accessibility_violations(page) == []
    screenshot(page, f"publik-index-{viewport}")

    # search by keyboard: the box, its label, Enter
    search = page.get_by_label("Nama unit, kode, atau kota")
    search.focus()
    page.keyboard.type("surabaya")
    page.get_by_label("Predikat").select_option("WBK")
    search.press("Enter")
    page.wait_for_url("**q=surabaya**")
    result = page.get_by_role("link", name="Kantor Imigrasi Kelas I TPI Surabaya")
    result.wait_for()
    assert page.get_by_role("heading", level=3).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    result.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Kantor Imigrasi Kelas I TPI Surabaya").wait_for()
    page.get_by_text("Menuju WBK").first.wait_for()
    page.get_by_role("heading", name="Hasil survei publik").wait_for()
    page.get_by_text("Per unsur").first.click()
    assert accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    screenshot(page, f"publik-unit-{viewport}")
    assert not context.cookies()
    context.close()


def test_the_public_pages_reflow_at_320_pixels(browser: Any, served: str, live_public: Any) -> None:
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    unit = live_public.units["kanim_sby"].pk
    for url in (f"{served}/publik/?q=kantor", f"{served}/publik/unit/{unit}/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL["width"], url
    context.close()
