"""zona.wsgi's two stacks: the public survey behind PUBLIC_MIDDLEWARE, the staff site behind
MIDDLEWARE, through the WSGI application gunicorn serves."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.conftest import Ministry
from tests.surveys.conftest import GOOD_IKM, ticket_of, token_for
from zona.core.handlers import dispatching_application
from zona.surveys.models import Response, SurveyPeriod

Answer = tuple[int, dict[str, str], SimpleCookie, bytes]


@pytest.fixture
def call() -> Iterator[Any]:
    """Calls the WSGI application inside the test's transaction (as Django's test client
    does, the request signals leave the test's connection open)."""
    application = dispatching_application()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def request(method: str, path: str, body: bytes = b"", cookie: str = "") -> Answer:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "REMOTE_ADDR": "198.51.100.20",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            answer["status"], answer["headers"] = int(status[:3]), headers

        content = b"".join(application(environ, start_response))
        cookies: SimpleCookie = SimpleCookie()
        for name, value in answer["headers"]:
            if name == "Set-Cookie":
                cookies.load(value)
        headers = {name: value for name, value in answer["headers"] if name != "Set-Cookie"}
        return answer["status"], headers, cookies, content

    yield request
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_public_survey_runs_on_its_own_stack(
    ministry: Ministry, period: SurveyPeriod, call: Any
) -> None:
    token = token_for(period, ministry.units["kanim_sby"]).token
    status, headers, cookies, content = call("GET", f"/s/{token}/")
    assert status == 200 and "Kirim jawaban" in content.decode()
    assert list(cookies) == ["zona_survey_device"]  # no session, no CSRF cookie
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert "Content-Language" not in headers  # the staff language middleware did not run
    device = cookies["zona_survey_device"]
    body = urlencode({"ticket": ticket_of(content.decode()), "directed": "tidak", **GOOD_IKM})
    status, headers, cookies, _ = call(
        "POST", f"/s/{token}/", body.encode(), cookie=f"{device.key}={device.value}"
    )
    assert (status, headers["Location"]) == (303, f"/s/{token}/terima-kasih/")
    assert not cookies and Response.objects.count() == 1
    assert call("GET", f"/s/{token}/terima-kasih/")[0] == 200


def test_public_errors_and_the_slash_redirect(ministry: Ministry, call: Any) -> None:
    status, _, cookies, content = call("GET", "/s/tidakada00/")
    assert status == 404 and not cookies and "tidak" in content.decode().lower()
    status, headers, _, _ = call("GET", "/s/abc")
    assert (status, headers["Location"]) == (301, "/s/abc/")


def test_the_staff_site_keeps_its_stack(ministry: Ministry, call: Any) -> None:
    status, headers, _, _ = call("GET", "/")
    assert status == 302 and re.match(r"^/akun/masuk/", headers["Location"])
    assert headers["Content-Language"] == "id"
