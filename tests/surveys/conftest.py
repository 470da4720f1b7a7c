"""An open survey period over the test ministry, its codes, and helpers to fill a form."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import time, timedelta
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from tests.conftest import Ministry
from zona.cycles.models import AssessmentYear
from zona.cycles.services import create_year
from zona.instruments.models import Instrument
from zona.organizations.models import Unit
from zona.surveys import intake
from zona.surveys.access import SURVEYED_KINDS
from zona.surveys.models import (
    PeriodSurvey,
    Response,
    ServiceProfile,
    SurveyPeriod,
    SurveyToken,
)
from zona.surveys.services import issue_tokens, open_period, shipped_questionnaires

YEAR = 2026
EVERY_DAY = "1234567"


def make_period(actor: Any, year: int = YEAR, service_from: str = "ikm") -> SurveyPeriod:
    call_command("load_instruments", verbosity=0)
    assessment_year = create_year(
        actor=actor, year=year, instrument=Instrument.objects.get(code="permenkumham-29-2019")
    )
    today = timezone.localdate()
    questionnaires = sorted(
        shipped_questionnaires(actor=actor), key=lambda q: ["ikm", "spak", "ipkp"].index(q.code)
    )
    period = open_period(
        actor=actor,
        assessment_year=assessment_year,
        questionnaires=questionnaires,
        service_from=service_from,
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=10),
    )
    # Tests submit on any day, at any hour and at machine speed, through pages that read the
    # real clock: the timing rules get their own tests (test_integrity.py's `strict`).
    PeriodSurvey.objects.filter(period=period).update(min_seconds=0)
    SurveyPeriod.objects.filter(pk=period.pk).update(off_hours_grace_minutes=24 * 60)
    ServiceProfile.objects.bulk_create(
        ServiceProfile(period=period, unit=unit, service_days=EVERY_DAY, opens_at=time(0, 0))
        for unit in Unit.objects.filter(kind__in=SURVEYED_KINDS)
    )
    period.refresh_from_db()
    return period


def make_tokens(actor: Any, period: SurveyPeriod) -> None:
    issue_tokens(
        actor=actor,
        surveys=period.surveys.all(),
        units=Unit.objects.filter(kind__in=SURVEYED_KINDS),
    )


def period_with_codes(ministry: Ministry) -> SurveyPeriod:
    """A period opened by Balitbangkumham with a code per unit and survey."""
    actor = ministry.users["tpi_balitbang"]
    period = make_period(actor)
    make_tokens(actor, period)
    return period


@pytest.fixture
def period(ministry: Ministry) -> SurveyPeriod:
    return period_with_codes(ministry)


def token_for(period: SurveyPeriod, unit: Unit, code: str = "ikm") -> SurveyToken:
    return SurveyToken.objects.get(
        survey__period=period, survey__questionnaire__code=code, unit=unit, revoked_at__isnull=True
    )


def year_of(period: SurveyPeriod) -> AssessmentYear:
    return period.assessment_year


def ticket_of(html: str) -> str:
    found = re.search(r'name="ticket" value="([^"]+)"', html)
    assert found, "the form has no ticket"
    return found.group(1)


GOOD_IKM = {f"u{i}": str(v) for i, v in enumerate([4, 3, 3, 4, 3, 4, 4, 3, 3], 1)}


def fill(
    client: Client,
    token: str,
    answers: dict[str, str] | None = None,
    *,
    directed: str = "tidak",
    ip: str = "10.1.2.3",
    ticket: str | None = None,
    extra: dict[str, str] | None = None,
) -> Any:
    """Open the form (unless a ticket is given) and send it; the response of the post."""
    if ticket is None:
        page = client.get(f"/s/{token}/")
        assert page.status_code == 200, page.content[:300]
        ticket = ticket_of(page.content.decode())
    chosen = GOOD_IKM if answers is None else answers
    data = {"ticket": ticket, "directed": directed, **chosen, **(extra or {})}
    return client.post(f"/s/{token}/", data, REMOTE_ADDR=ip)


def send(target: intake.Target, values: tuple[int | None, ...], check: str = "tidak") -> Response:
    """Store one online response through the intake, as from its own phone."""
    ticket = intake.FormTicket(target.token, uuid.uuid4(), int(timezone.now().timestamp()) - 300)
    answers = intake.Answers(values, {}, check)
    outcome = intake.submit(
        intake.Submission(target.basis, ticket, answers, uuid.uuid4().hex[:20], "10.0.0.1")
    )
    assert outcome == intake.Outcome.STORED
    return Response.objects.get(idempotency_key=ticket.key)


Answer = tuple[int, dict[str, str], SimpleCookie, bytes]
Application = Callable[..., Any]


@pytest.fixture
def call() -> Iterator[Any]:
    """Calls a WSGI application (the one gunicorn serves unless `application` is given)
    inside the test's transaction: as with Django's test client, the request signals leave the
    test's connection open. `environ` adds to or replaces the request's WSGI variables."""
    from zona.wsgi import application as served

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def request(
        method: str,
        path: str,
        body: bytes = b"",
        cookie: str = "",
        *,
        application: Application | None = None,
        **environ: Any,
    ) -> Answer:
        variables = {
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
            **environ,
        }
        if cookie:
            variables["HTTP_COOKIE"] = cookie
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            answer["status"], answer["headers"] = int(status[:3]), headers

        content = b"".join((application or served)(variables, start_response))
        cookies: SimpleCookie = SimpleCookie()
        for name, value in answer["headers"]:
            if name == "Set-Cookie":
                cookies.load(value)
        headers = {name: value for name, value in answer["headers"] if name != "Set-Cookie"}
        return answer["status"], headers, cookies, content

    yield request
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
