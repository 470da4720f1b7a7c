"""A NUL typed into a search box (which PostgreSQL cannot take in text) answers a page, not
a 500, on every page with a search box that needs no year's data."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import Ministry


@pytest.mark.parametrize(
    "url", ["/", "/pencanangan/", "/predikat/", "/usulan/", "/dasbor/", "/survei/", "/kepatuhan/"]
)
def test_a_nul_in_a_staff_search_is_not_a_500(ministry: Ministry, url: str) -> None:
    response = ministry.client_for("admin").get(url, {"q": "a\x00b"}, follow=True)
    assert response.status_code < 500


def test_a_nul_in_the_public_search_is_not_a_500(ministry: Ministry) -> None:
    response = Client().get("/publik/", {"q": "a\x00b"}, follow=True)
    assert response.status_code < 500
