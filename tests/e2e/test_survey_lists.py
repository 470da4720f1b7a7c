"""Balitbangkumham sorts the survey results and the codes: by the column headers on a desktop,
by the "Urutkan menurut" list on a 320 px phone, with the search kept, accessible."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import Ministry, build_ministry
from tests.e2e.conftest import (
    DESKTOP,
    accessibility_violations,
    log_in,
    no_sideways_scroll,
    screenshot,
)
from tests.surveys.conftest import YEAR, period_with_codes, token_for
from zona.surveys import intake

NARROW = {"width": 320, "height": 700}


@pytest.fixture
def answered(transactional_db: None) -> Ministry:
    ministry = build_ministry()
    period = period_with_codes(ministry)
    for key, values in (("lapas_dps", (3,) * 8 + (2,)), ("kanim_sby", (4,) * 8 + (3,))):
        target = intake.resolve(token_for(period, ministry.units[key]).token)
        assert target is not None
        ticket = intake.FormTicket(
            target.token, uuid.uuid4(), int(timezone.now().timestamp()) - 300
        )
        answers = intake.Answers(values, {}, "tidak")
        submission = intake.Submission(target.basis, ticket, answers, uuid.uuid4().hex[:20], "")
        assert intake.submit(submission) == intake.Outcome.STORED
    return ministry


def first_unit(page: Any, table: str) -> str:
    return str(page.locator(f"#{table} tbody tr td a").first.inner_text())


def test_the_results_sort_by_their_headers_and_keep_the_search(
    browser: Any, live_server: Any, answered: Ministry
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, answered.users["tpi_balitbang"].email)
    page.goto(f"{live_server.url}/survei/{YEAR}/hasil/")
    assert first_unit(page, "result-table") == "Kantor Imigrasi Kelas I TPI Surabaya"  # data
    page.locator("#result-table thead").get_by_role("link", name="IKM").click()
    page.wait_for_url("**urut=ikm**")
    header = page.locator("#result-table th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending" and "IKM" in header.inner_text()
    assert first_unit(page, "result-table") == "Lapas Kelas IIA Kerobokan"  # 3.x before 4.x
    page.locator("#result-table thead").get_by_role("link", name="IKM").click()
    page.wait_for_url("**urut=-ikm**")
    assert page.locator("#result-table th[aria-sort]").get_attribute("aria-sort") == "descending"
    assert page.get_by_label("Urutkan menurut").input_value() == "-ikm"
    page.get_by_label("Cari menurut nama, kode, atau provinsi").fill("Kerobokan")  # htmx, in place
    page.wait_for_url("**q=Kerobokan**")
    assert "urut=-ikm" in page.url
    page.locator("#result-table tbody tr").first.wait_for()
    assert page.locator("#result-table tbody tr").count() == 1
    assert page.locator("#result-table th[aria-sort]").get_attribute("aria-sort") == "descending"
    assert accessibility_violations(page) == []
    context.close()


@pytest.mark.parametrize("path", ["hasil", "kode"])
def test_a_320px_phone_sorts_with_the_list(
    browser: Any, live_server: Any, answered: Ministry, path: str
) -> None:
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, answered.users["tpi_balitbang"].email)
    page.goto(f"{live_server.url}/survei/{YEAR}/{path}/")
    table = "result-table" if path == "hasil" else "code-table"
    assert first_unit(page, table) == "Kantor Imigrasi Kelas I TPI Surabaya"
    page.get_by_label("Urutkan menurut").select_option("-nama")
    page.wait_for_url("**urut=-nama**")
    page.locator(f"#{table} th[aria-sort='descending']").wait_for(state="attached")
    assert first_unit(page, table) == "Sekretariat Jenderal"
    no_sideways_scroll(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert accessibility_violations(page) == []
    screenshot(page, f"survey-{path}-sorted-320")
    context.close()
