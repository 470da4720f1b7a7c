"""Balitbangkumham works through the review queue on a phone: each flagged response a card,
all of a page chosen at once, rejected with a reason."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Ministry, build_ministry
from tests.e2e.conftest import DESKTOP, PHONE, log_in, no_sideways_scroll, screenshot
from tests.surveys.conftest import YEAR, period_with_codes, send, token_for
from zona.surveys import intake
from zona.surveys.models import Response, ResponseStatus


@pytest.fixture
def flagged(transactional_db: None) -> Ministry:
    ministry = build_ministry()
    period = period_with_codes(ministry)
    target = intake.resolve(token_for(period, ministry.units["kanim_sby"]).token)
    assert target is not None
    send(target, (1, 2, 1, 2, 1, 2, 1, 2, 1), check="ya")  # an officer directed the answers
    send(target, (4,) * 9)  # straight-lining
    send(target, (3,) * 8 + (2,))  # clean: counted at once, not in the queue
    return ministry


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_queue_is_read_and_decided_on_a_phone(
    browser: Any, live_server: Any, flagged: Ministry, viewport: str
) -> None:
    phone = viewport == "phone"
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, flagged.users["tpi_balitbang"].email)
    page.goto(f"{live_server.url}/survei/{YEAR}/tinjauan/")
    page.get_by_role("heading", name="Jawaban bertanda").wait_for()
    cards = page.locator("table.sv-queue tbody tr")
    assert cards.count() == 2
    first = cards.first.inner_text()
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in first and "IKM" in first
    if phone:
        no_sideways_scroll(page)
        # the flags and answers stay in view: nothing of the card is off the screen
        for cell in ("sv-flags", "sv-answers", "sv-survey"):
            box = cards.first.locator(f"td.{cell}").bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE["width"], cell
    screenshot(page, f"survey-review-{viewport}")

    page.locator("[data-select-all]:visible").check()
    assert page.locator("input[name=ids]:checked").count() == 2
    page.get_by_label("Tolak").check()
    page.get_by_label("Alasan (wajib untuk menolak)").fill("Diarahkan petugas loket")
    page.get_by_role("button", name="Putuskan yang dipilih").click()
    page.get_by_text("Tidak ada yang menunggu penelaahan.").wait_for()
    assert Response.objects.filter(status=ResponseStatus.REJECTED).count() == 2
    assert Response.objects.filter(status=ResponseStatus.ACCEPTED).count() == 1
    context.close()
