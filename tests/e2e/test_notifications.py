"""An operator sees her unread count on the bell, opens her notifications with the keyboard,
marks them all read; the list checked with axe-core at desktop and phone widths, and
reflowed at 320 px."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import build_ministry
from tests.e2e.conftest import accessibility_violations, log_in, screenshot
from zona.notifications.services import mark_read, notify


@pytest.fixture
def live_ministry(transactional_db: None):  # type: ignore[no-untyped-def]
    ministry = build_ministry()
    operator = ministry.users["operator_sby"]
    now = timezone.now()
    lke = reverse("assessments:inbox")
    sent = [
        ("LKE 2026 Kanim Surabaya: Terverifikasi Kanwil", "", 40),
        ("7 hari lagi: Pengisian LKE ditutup pada 30 Juni 2026", "", 12),
        (
            "LKE 2027 Kanim Surabaya: Dikembalikan Kanwil",
            "Butir 1.a.i: SK tim kerja belum ditandatangani Kepala Kantor; unggah versi yang "
            "sudah ditandatangani.",
            2,
        ),
        ("1 hari lagi: Pencanangan ditutup pada 9 Desember 2026", "", 1),
        ("LKE 2027 Kanim Surabaya: Diverifikasi Kanwil", "", 0),
    ]
    made = [
        notify([operator], title=title, body=body, url=lke, at=now - timedelta(days=days))[0]
        for title, body, days in sent
    ]
    mark_read(user=operator, notification_ids=[made[0].pk, made[1].pk])
    return ministry


def bell(page: Any) -> Any:
    return page.locator("a.bell")


def test_notifications_bell_list_and_mark_all_read(
    page: Any, live_server: Any, live_ministry: Any
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, live_ministry.users["operator_sby"].email)
    assert bell(page).get_attribute("aria-label") == "Notifikasi, 3 belum dibaca"
    page.get_by_role("link", name="Notifikasi, 3 belum dibaca").wait_for()

    page.keyboard.press("Tab")  # the skip link, the brand, then the bell
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('bell')")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Notifikasi", exact=True).wait_for()
    assert page.locator("li.notif-unread").count() == 3
    assert page.locator("li.notif").count() == 5
    assert accessibility_violations(page) == []
    screenshot(page, "notifications-desktop")

    for width in (375, 320):  # a phone, and the reflow width of WCAG 1.4.10
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert bell(page).is_visible()
    assert accessibility_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "notifications-phone")

    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    page.get_by_text("Semua sudah dibaca.").wait_for()
    assert bell(page).get_attribute("aria-label") == "Notifikasi, 0 belum dibaca"
    assert page.locator("li.notif-unread").count() == 0
    assert accessibility_violations(page) == []
