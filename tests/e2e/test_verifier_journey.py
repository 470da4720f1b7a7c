"""A Kanwil verifier logs in, sees only the UPT of her province, and switches language."""

from typing import Any

import pytest

from tests.conftest import build_ministry
from tests.e2e.conftest import PHONE, log_in, screenshot


@pytest.fixture
def live_ministry(transactional_db: None):  # type: ignore[no-untyped-def]
    return build_ministry()


def test_verifier_sees_only_her_province_and_switches_language(
    page: Any, live_server: Any, live_ministry: Any
) -> None:
    verifier = live_ministry.users["verifier_jatim"]
    log_in(page, live_server.url, verifier.nip)

    page.get_by_role("heading", name="Unit Anda").wait_for()
    rows = page.locator("#unit-table tbody tr")
    names = sorted(rows.all_inner_texts())
    assert len(names) == 3
    assert any("Surabaya" in n for n in names)
    assert not any("Semarang" in n or "Denpasar" in n or "Kerobokan" in n for n in names)
    screenshot(page, "home-verifier-desktop")

    page.get_by_label("Cari menurut nama, kode, provinsi, atau kota").fill("Lapas")
    page.wait_for_function("() => document.querySelectorAll('#unit-table tbody tr').length === 1")
    assert "Lapas Kelas I Surabaya" in page.locator("#unit-table").inner_text()

    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()  # the choice alone does not leave the page
    page.get_by_role("heading", name="Your units").wait_for()
    assert "Log out" in page.content()

    page.get_by_label("Language").select_option("id")
    page.get_by_role("button", name="Change").click()
    page.get_by_role("heading", name="Unit Anda").wait_for()


def test_home_on_a_phone(browser: Any, live_server: Any, live_ministry: Any) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, live_ministry.users["tim_kementerian"].email)
    page.get_by_role("heading", name="Unit Anda").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page must not scroll sideways on a phone"
    screenshot(page, "home-ministry-phone")
    page.locator("#unit-table tbody tr a").first.click()
    page.get_by_role("heading", name="Kedudukan").wait_for()
    screenshot(page, "unit-detail-phone")
    context.close()


def test_a_wrong_password_is_refused_without_a_hint(
    page: Any, live_server: Any, live_ministry: Any
) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("NIP atau e-mail").fill("tidak-ada@example.go.id")
    page.get_by_label("Sandi", exact=True).fill("salah")
    page.get_by_role("button", name="Masuk").click()
    alert = page.get_by_role("alert")
    assert alert.inner_text().strip() == "NIP/e-mail atau kata sandi tidak benar."
    screenshot(page, "login-error-desktop")
