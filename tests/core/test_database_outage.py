"""A database outage answers 503 with Retry-After and says honestly what happened to what
was sent, on the public survey and on staff pages alike."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from tests.conftest import Ministry
from zona.notifications.models import Notification
from zona.notifications.services import mark_all_read, notify

pytestmark = pytest.mark.django_db


def down(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def assert_unavailable(response: Any) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "<script" not in page and "style=" not in page
    return page


def test_a_survey_post_during_an_outage_says_its_answers_may_not_be_stored() -> None:
    client = Client(raise_request_exception=False)
    with mock.patch("zona.surveys.intake.resolve", side_effect=down):
        page = assert_unavailable(client.post("/s/ABCDEF/", {"ticket": "x"}))
        assert "tidak dapat memastikan jawaban survei Anda tersimpan" in page
        assert "tidak ada data yang hilang" not in page
        opened = assert_unavailable(client.get("/s/ABCDEF/"))
        assert "buka lagi halaman survei" in opened


def test_a_staff_page_during_an_outage_answers_503(ministry: Ministry) -> None:
    client = ministry.client_for("operator_sby")
    client.raise_request_exception = False
    with mock.patch("zona.notifications.views.render", side_effect=down):
        page = assert_unavailable(client.get("/notifikasi/"))
    assert "muat ulang halaman ini" in page


def test_a_write_whose_connection_drops_after_commit_says_it_may_be_saved(
    ministry: Ministry,
) -> None:
    user = ministry.users["operator_sby"]
    notify([user], title="Tenggat")
    client = ministry.client_for("operator_sby")
    client.raise_request_exception = False

    def saved_then_lost(**kwargs: Any) -> None:
        mark_all_read(**kwargs)
        raise InterfaceError("connection already closed")

    with mock.patch("zona.notifications.views.mark_all_read", side_effect=saved_then_lost):
        page = assert_unavailable(client.post("/notifikasi/baca-semua/"))
    assert "mungkin sudah tersimpan" in page and "muat ulang halaman sebelumnya" in page
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_other_errors_keep_the_500_page(ministry: Ministry) -> None:
    client = ministry.client_for("operator_sby")
    client.raise_request_exception = False
    with mock.patch("zona.notifications.views.render", side_effect=RuntimeError("bug")):
        response = client.get("/notifikasi/")
    assert response.status_code == 500
    assert "Retry-After" not in response
