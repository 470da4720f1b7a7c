"""The public survey and the staff site through the WSGI application gunicorn serves: one
middleware list, and the public pages still set no session or CSRF cookie."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from tests.conftest import Ministry
from tests.surveys.conftest import GOOD_IKM, ticket_of, token_for
from zona.surveys.models import Response, SurveyPeriod


def test_the_public_survey_through_the_served_application(
    ministry: Ministry, period: SurveyPeriod, call: Any
) -> None:
    token = token_for(period, ministry.units["kanim_sby"]).token
    status, headers, cookies, content = call("GET", f"/s/{token}/")
    assert status == 200 and "Kirim jawaban" in content.decode()
    assert list(cookies) == ["zona_survey_device"]  # no session, no CSRF cookie
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Language"] == "id"
    assert "Cookie" not in headers.get("Vary", "")  # the session was never read
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


def test_the_staff_site_through_the_served_application(ministry: Ministry, call: Any) -> None:
    status, headers, _, _ = call("GET", "/")
    assert status == 302 and re.match(r"^/akun/masuk/", headers["Location"])
    assert headers["Content-Language"] == "id"
