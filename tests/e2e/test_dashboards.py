"""The Pimpinan opens Zona on a desktop and on a 320 px phone: her home is the ministry's
dashboard, every chart readable as a table; she sorts and filters the LKE of all units and
opens a unit's dashboard. Accessible (axe), no sideways scroll."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Ministry, build_ministry
from tests.dashboards.conftest import best_answers, paper_answers, year_with_period
from tests.e2e.conftest import (
    DESKTOP,
    accessibility_violations,
    log_in,
    no_sideways_scroll,
    screenshot,
)

NARROW = {"width": 320, "height": 700}


@pytest.fixture
def scored(transactional_db: None) -> Ministry:
    ministry = build_ministry()
    year, period = year_with_period(ministry)
    best_answers(ministry, year, "kanim_sby")
    paper_answers(ministry, period, "kanim_sby", value=4, n=3)
    return ministry


def test_the_pimpinan_reads_the_dashboards(browser: Any, served: str, scored: Ministry) -> None:
    for name, viewport in (("desktop", DESKTOP), ("phone", NARROW)):
        context = browser.new_context(viewport=viewport, is_mobile=name == "phone")
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, served, scored.users["pimpinan"].nip)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Dasbor")
        page.get_by_text("Sebagai tabel").first.click()  # the histogram as a table
        assert page.locator(".db-table table").first.is_visible()
        assert accessibility_violations(page) == []
        if name == "phone":
            no_sideways_scroll(page)
        screenshot(page, f"dashboard-ministry-{name}")

        page.goto(f"{served}/dasbor/lke/")
        table = page.locator("#lke-table")
        first = table.locator("tbody th").first
        assert first.inner_text() == "Kantor Imigrasi Kelas I TPI Surabaya"  # highest total
        page.get_by_label("Provinsi").select_option("Bali")  # htmx swaps the table
        page.wait_for_url(lambda url: "province=Bali" in url)
        assert "Surabaya" not in table.inner_text()
        if name == "desktop":
            table.get_by_role("link", name="Unit", exact=True).click()
            page.wait_for_url(lambda url: "urut=unit" in url and "province=Bali" in url)
            header = page.locator("th[aria-sort]")
            assert header.get_attribute("aria-sort") == "ascending"
        assert accessibility_violations(page) == []
        if name == "phone":
            no_sideways_scroll(page)
        screenshot(page, f"dashboard-lke-list-{name}")

        page.goto(f"{served}/dasbor/unit/{scored.units['kanim_sby'].pk}/")
        assert page.locator(".db-radar").is_visible()
        assert "Nilai total" in page.locator("main").inner_text()
        assert accessibility_violations(page) == []
        if name == "phone":
            no_sideways_scroll(page)
        screenshot(page, f"dashboard-unit-{name}")
        context.close()
