"""An operator turns log-in codes on with the keyboard alone, then logs in with a code; a
locked-out log-in explains itself. Desktop and phone, checked with axe-core."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, build_ministry
from tests.e2e.conftest import (
    PHONE,
    accessibility_violations,
    log_in,
    log_out,
    no_sideways_scroll,
    screenshot,
)


@pytest.fixture
def live_ministry(transactional_db: None):  # type: ignore[no-untyped-def]
    return build_ministry()


def code_of(secret: str) -> str:
    return f"{TOTP(base64.b32decode(secret)).token():06d}"


def test_log_in_codes_on_then_asked_at_log_in(
    page: Any, live_server: Any, live_ministry: Any
) -> None:
    operator = live_ministry.users["operator_sby"]
    log_in(page, live_server.url, operator.email)
    page.get_by_role("link", name="Keamanan").click()
    page.get_by_role("heading", name="Keamanan akun").wait_for()
    assert page.locator(".qr svg").is_visible()
    assert accessibility_violations(page) == []
    screenshot(page, "account-security-desktop")
    secret = page.locator(".secret").inner_text()
    page.get_by_label("Kode dari aplikasi autentikator").focus()
    page.keyboard.type(code_of(secret))
    page.keyboard.press("Enter")
    page.get_by_text("Kode masuk aktif untuk akun Anda.").wait_for()
    assert TOTPDevice.objects.get(user=operator).confirmed

    log_out(page)
    log_in(page, live_server.url, operator.email)
    page.get_by_role("heading", name="Masukkan kode masuk Anda").wait_for()
    assert accessibility_violations(page) == []
    screenshot(page, "login-code-desktop")
    TOTPDevice.objects.update(last_t=-1)  # the same 30 seconds: a code is used once
    page.get_by_label("Kode dari aplikasi autentikator").fill(code_of(secret))
    page.get_by_role("button", name="Konfirmasi").click()
    page.get_by_role("heading", name="Unit Anda").wait_for()


def test_security_page_and_lockout_on_a_phone(
    browser: Any, live_server: Any, live_ministry: Any
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, live_ministry.users["verifier_jatim"].email)
    page.goto(f"{live_server.url}/akun/keamanan/")
    page.get_by_role("heading", name="Keamanan akun").wait_for()
    no_sideways_scroll(page)
    screenshot(page, "account-security-phone")
    toggle = page.get_by_role("button", name="Menu")  # the site's menu folds on a phone
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Keamanan").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Keamanan").is_visible()
    screenshot(page, "menu-open-phone")
    page.get_by_role("button", name="Keluar").click()

    email = live_ministry.users["kepala_sby"].email
    for _ in range(5):
        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("NIP atau e-mail").fill(email)
        page.get_by_label("Sandi", exact=True).fill("salah-" + PASSWORD)
        page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Masuk dikunci untuk sementara").wait_for()
    assert "15 menit" in page.content()
    no_sideways_scroll(page)
    assert accessibility_violations(page) == []
    screenshot(page, "login-locked-phone")
    context.close()


def test_the_language_changes_with_its_button_not_with_the_arrow_keys(
    page: Any, live_server: Any, live_ministry: Any
) -> None:
    log_in(page, live_server.url, live_ministry.users["operator_sby"].email)
    page.get_by_role("heading", name="Unit Anda").wait_for()
    select = page.get_by_label("Bahasa")
    select.focus()
    page.keyboard.press("ArrowDown")  # moves the choice, does not leave the page (WCAG 3.2.2)
    assert select.input_value() == "en"
    assert page.get_by_role("heading", name="Unit Anda").is_visible()
    page.get_by_role("button", name="Ganti").click()
    page.get_by_role("heading", name="Your units").wait_for()
