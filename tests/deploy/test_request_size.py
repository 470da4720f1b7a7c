"""A request over the size limit is refused with a 413 page before its body is read."""

from __future__ import annotations

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, override_settings

from zona.core import tabular


class Unreadable(io.RawIOBase):
    """A body that fails the test when anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: object) -> int:
        raise AssertionError("the body of an over-limit request was read")


def call(environ: dict) -> tuple[str, bytes]:
    seen: dict[str, str] = {}

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        seen["status"] = status

    body = b"".join(WSGIHandler()(environ, start_response))
    return seen["status"], body


@pytest.mark.django_db  # the handler's end-of-request signal looks at the connection
def test_an_over_limit_upload_is_refused_without_reading_its_body() -> None:
    environ: dict = {}
    setup_testing_defaults(environ)
    environ |= {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/akun/masuk/",
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "CONTENT_LENGTH": str(200 * 1024 * 1024),
        "wsgi.input": Unreadable(),
    }
    status, body = call(environ)
    assert status.startswith("413")
    page = body.decode()
    assert "Kiriman terlalu besar" in page
    assert f"{settings.MAX_REQUEST_BYTES // (1024 * 1024)} MB" in page
    assert "<script" not in page and "style=" not in page


def test_the_limit_holds_the_largest_upload_zona_accepts_and_its_form() -> None:
    assert settings.MAX_REQUEST_BYTES >= settings.MAX_UPLOAD_BYTES + 64 * 1024
    assert settings.MAX_REQUEST_BYTES >= tabular.MAX_FILE_MB * tabular.MB + 64 * 1024


@pytest.mark.django_db
@override_settings(MAX_REQUEST_BYTES=4000)
def test_requests_within_the_limit_pass_and_one_byte_over_does_not() -> None:
    client = Client()
    within = client.post("/akun/masuk/", {"username": "x", "password": "y" * 3000})
    assert within.status_code != 413
    over = client.post("/akun/masuk/", {"username": "x", "password": "y" * 4000})
    assert over.status_code == 413
    assert "4000" not in over.content.decode()  # said in MB, never as a raw byte count
