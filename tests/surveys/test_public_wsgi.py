"""zona.surveys.public_wsgi: the usual survey post answered before Django builds a request,
everything else handed on to Django unchanged."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.signals import request_finished, request_started
from django.test import override_settings

from tests.conftest import Ministry
from tests.surveys.conftest import GOOD_IKM, ticket_of, token_for
from zona.core.handlers import PublicHandler
from zona.surveys import intake, public_views
from zona.surveys.intake import Outcome
from zona.surveys.models import Response, SurveyPeriod
from zona.surveys.public_wsgi import usual_post_first


def refused(environ: dict[str, Any], start_response: Any) -> Any:
    pytest.fail(f"Django was asked: {environ['REQUEST_METHOD']} {environ['PATH_INFO']}")


class Recorder:
    """A WSGI application standing for Django that keeps the environ it was given."""

    def __init__(self) -> None:
        self.environ: dict[str, Any] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.environ = environ
        start_response("204 No Content", [])
        return []


def opened(call: Any, token: str, cookie: str = "") -> tuple[str, str]:
    """A phone opens the form: its ticket and the device cookie it has or was given."""
    status, _, cookies, content = call("GET", f"/s/{token}/", cookie=cookie)
    assert status == 200
    if not cookie:
        device = cookies[public_views.DEVICE_COOKIE]
        cookie = f"{device.key}={device.value}"
    return ticket_of(content.decode()), cookie


def form(ticket: str, **changes: str) -> bytes:
    fields = {"ticket": ticket, "directed": "tidak", **GOOD_IKM, **changes}
    return urlencode({name: value for name, value in fields.items() if value}).encode()


@pytest.fixture
def token(ministry: Ministry, period: SurveyPeriod) -> str:
    return token_for(period, ministry.units["kanim_sby"]).token


def test_a_usual_post_is_stored_and_answered_without_django(token: str, call: Any) -> None:
    ticket, cookie = opened(call, token)
    status, headers, cookies, content = call(
        "POST", f"/s/{token}/", form(ticket), cookie, application=usual_post_first(refused)
    )
    assert (status, headers["Location"], content) == (303, f"/s/{token}/terima-kasih/", b"")
    assert not cookies
    stored = Response.objects.get()
    assert stored.a01 == 4 and stored.ip_hash == intake.hashed("ip", "198.51.100.20")
    # the same form again (a double tap): the same response, the same answer
    again = call(
        "POST", f"/s/{token}/", form(ticket), cookie, application=usual_post_first(refused)
    )
    assert again[0] == 303 and Response.objects.count() == 1


def test_its_redirect_carries_the_headers_django_would_give(
    ministry: Ministry, period: SurveyPeriod, call: Any
) -> None:
    answered = {}
    for name, unit, application in (
        ("layer", "lapas_sby", None),
        ("django", "rutan_smg", PublicHandler()),
    ):
        code = token_for(period, ministry.units[unit])
        ticket, cookie = opened(call, code.token)
        status, headers, _, _ = call(
            "POST", f"/s/{code.token}/", form(ticket), cookie, application=application
        )
        assert status == 303
        answered[name] = {key: value for key, value in headers.items() if key != "Location"}
    assert answered["layer"] == answered["django"]
    assert Response.objects.count() == 2


def test_the_request_signals_are_sent(token: str, call: Any) -> None:
    ticket, cookie = opened(call, token)
    sent: list[str] = []

    def started(**_: Any) -> None:
        sent.append("started")

    def finished(**_: Any) -> None:
        sent.append("finished")

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        call("POST", f"/s/{token}/", form(ticket), cookie, application=usual_post_first(refused))
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)
    assert sent == ["started", "finished"]


def test_a_post_with_problems_goes_to_django_with_its_body(token: str, call: Any) -> None:
    ticket, cookie = opened(call, token)
    status, _, _, content = call("POST", f"/s/{token}/", form(ticket, directed=""), cookie)
    page = content.decode()
    assert status == 400 and "Mohon jawab pertanyaan ini." in page
    assert 'value="4" checked' in page  # Django read the body the layer had read: answers kept
    assert not Response.objects.exists()


def test_a_refusal_is_shown_by_django_without_a_second_submission(
    token: str, call: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket, cookie = opened(call, token)
    second, _ = opened(call, token, cookie)  # the same phone, a second tab
    call("POST", f"/s/{token}/", form(ticket), cookie)
    django = Recorder()
    call("POST", f"/s/{token}/", form(second), cookie, application=usual_post_first(django))
    assert django.environ is not None
    assert django.environ[public_views.TRIED] == Outcome.ALREADY_ANSWERED
    submitted: list[Outcome] = []
    submit = intake.submit

    def counted(*args: Any, **kwargs: Any) -> Outcome:
        submitted.append(submit(*args, **kwargs))
        return submitted[-1]

    monkeypatch.setattr(intake, "submit", counted)
    status, _, _, content = call("POST", f"/s/{token}/", form(second), cookie)
    assert status == 200 and "Anda sudah menjawab" in content.decode()
    assert submitted == [Outcome.ALREADY_ANSWERED]  # the layer's; the view showed it
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "path", "environ"),
    [
        ("GET", "/s/{token}/", {}),
        ("POST", "/s/{token}/terima-kasih/", {}),
        ("POST", "/s/bad-code!/", {}),
        ("POST", "/s/{token}/", {"HTTP_HOST": "attacker.example"}),
        ("POST", "/s/{token}/", {"CONTENT_TYPE": "multipart/form-data; boundary=x"}),
        (
            "POST",
            "/s/{token}/",
            {"CONTENT_TYPE": "application/x-www-form-urlencoded; charset=latin-1"},
        ),
    ],
)
def test_other_requests_go_to_django_untouched(
    token: str, call: Any, method: str, path: str, environ: dict[str, str]
) -> None:
    django = Recorder()
    body = form("x")
    call(method, path.format(token=token), body, application=usual_post_first(django), **environ)
    assert django.environ is not None and public_views.TRIED not in django.environ
    assert django.environ["wsgi.input"].read() == body  # unread: Django reads it whole
    assert not Response.objects.exists()


def test_a_host_django_refuses_is_refused_by_django(token: str, call: Any) -> None:
    ticket, cookie = opened(call, token)
    status, _, _, _ = call(
        "POST", f"/s/{token}/", form(ticket), cookie, HTTP_HOST="attacker.example"
    )
    assert status == 400 and not Response.objects.exists()


def test_an_error_in_the_layer_is_logged_and_django_stores_the_post(
    token: str, call: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ticket, cookie = opened(call, token)
    submit = intake.submit
    calls: list[int] = []

    def failing_once(*args: Any, **kwargs: Any) -> Outcome:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the layer's first try fails")
        return submit(*args, **kwargs)

    monkeypatch.setattr(intake, "submit", failing_once)
    with caplog.at_level(logging.ERROR, logger="zona.surveys.public_wsgi"):
        status, headers, _, _ = call("POST", f"/s/{token}/", form(ticket), cookie)
    assert (status, headers["Location"]) == (303, f"/s/{token}/terima-kasih/")
    assert len(calls) == 2 and Response.objects.count() == 1
    assert "fell back to Django" in caplog.text


@pytest.mark.parametrize(
    "settings_changed",
    [
        {"SECURE_SSL_REDIRECT": True},
        {"SECURE_HSTS_SECONDS": 3600},
        {"DISALLOWED_USER_AGENTS": []},  # the default: still reproducible
        {"PUBLIC_MIDDLEWARE": ["django.middleware.common.CommonMiddleware"]},
        {"ALLOWED_HOSTS": []},
    ],
)
def test_settings_under_which_the_middleware_would_act_turn_the_layer_off(
    settings_changed: dict[str, Any],
) -> None:
    with override_settings(**settings_changed):
        application = usual_post_first(refused)
    expect_layer = settings_changed == {"DISALLOWED_USER_AGENTS": []}
    assert (application is not refused) == expect_layer
