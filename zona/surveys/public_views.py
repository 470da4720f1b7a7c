"""The public survey pages (`/s/<code>/`): no login, no session, Bahasa Indonesia.

They never touch `request.session` or `request.user` and render without the staff context
processors, so nothing of the staff site is read or written. The form carries a signed ticket
(code, idempotency key, time issued) instead of a CSRF token: there is no session to protect,
and the ticket is what ties a post to a page the server gave out.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from zona.core.http import client_ip
from zona.surveys import intake
from zona.surveys.intake import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_AGE,
    DEVICE_SALT,
    Answers,
    FormTicket,
    Outcome,
    Submission,
    Target,
)
from zona.surveys.models import Questionnaire, SurveyToken

PUBLIC_LANGUAGE = "id"
COOKIE_PATH = "/s/"


def _page(template: str, context: Mapping[str, Any], status: int = 200) -> HttpResponse:
    response = HttpResponse(render_to_string(template, dict(context)), status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Each state's heading, also the page's title (a screen reader announces it first).
HEADINGS = {
    "already": gettext_lazy("You have already answered"),
    "busy": gettext_lazy("Too many responses at once"),
    "closed": gettext_lazy("The survey is closed"),
    "not_yet": gettext_lazy("The survey has not started yet"),
    "landing": gettext_lazy("Public survey"),
    "unknown": gettext_lazy("Survey code not recognised"),
}


def _message(kind: str, status: int, target: Target | None = None, **extra: Any) -> HttpResponse:
    context = {"kind": kind, "heading": HEADINGS[kind], "target": target, **extra}
    return _page("surveys/public/message.html", context, status)


def _device(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)
    return value if value and len(value) <= 32 else None


def _set_device(response: HttpResponse, device: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device,
        salt=DEVICE_SALT,
        max_age=DEVICE_COOKIE_AGE,
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """The short address's page: what to do, and a box to type the code printed on a poster
    (the code alone, or the whole address pasted)."""
    with translation.override(PUBLIC_LANGUAGE):
        typed = request.GET.get("kode", "").strip()
        if not typed:
            return _message("landing", 200)
        code = typed.rstrip("/").rsplit("/", 1)[-1].replace(" ", "")
        if code.isalnum() and len(code) <= 24:
            return HttpResponseRedirect(reverse("survey_public:form", args=[code]))
        return _message(
            "landing",
            400,
            typed=typed,
            error=_("A code has only letters and digits, as printed under the QR code."),
        )


@csrf_exempt  # no session to protect: the signed ticket ties the post to its page
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()
    outcome = _usual_post(request, token, now) if request.method == "POST" else None
    if outcome in (Outcome.STORED, Outcome.DUPLICATE):
        return _thanks(token)
    with translation.override(PUBLIC_LANGUAGE):
        target = intake.resolve(token)
        if target is None:
            return _message("unknown", 404)
        today = timezone.localdate(now)
        if not target.is_open(today):
            return _message("not_yet" if today < target.opens_on else "closed", 410, target)
        if outcome is not None:  # taken in, but refused: the page says why
            return _answered(outcome, target)
        if request.method == "POST":
            return _post(request, target, now)
        device = _device(request)
        if device and intake.device_seen(target, device):
            return _message("already", 200, target)
        given = device or secrets.token_urlsafe(16)
        response = _form(target, intake.new_ticket(target.basis, now, given), None, {})
        if device is None:
            _set_device(response, given)
        return response


def _usual_post(request: HttpRequest, token: str, now: datetime) -> Outcome | None:
    """The usual post: a complete form with a current ticket, from the device its page was
    given to, stored without looking the code up first (the ticket says what it points at;
    `intake.submit` reads whether the code is still active and open). None when the post
    needs the page: problems to show, an old ticket, a cookie missing or naming another
    device."""
    ticket = intake.read_ticket(request.POST.get("ticket", ""), token)
    if ticket is None or ticket.basis is None or ticket.device is None:
        return None
    if not _names(request, ticket.device):
        return None
    basis = ticket.basis
    try:
        spec = basis.spec
    except Questionnaire.DoesNotExist:  # signed for a questionnaire version since replaced
        return None
    answers, problems = intake.parse_answers(spec, basis.unit_type, request.POST)
    if problems:
        return None
    submission = Submission(basis, ticket, answers, ticket.device, client_ip(request.META))
    return intake.submit(submission, now)


def _post(request: HttpRequest, target: Target, now: datetime) -> HttpResponse:
    """A posted form: its problems shown with the answers kept, or stored. A form is stored
    under the device its page was given to (or, for a ticket from before tickets named it,
    the cookie's); a device that has answered may not send another's form. A post whose
    cookie did not come back is given it again, naming the form's device."""
    answers, problems = intake.parse_answers(target.spec, target.unit_type, request.POST)
    ticket = intake.read_ticket(request.POST.get("ticket", ""), target.token)
    device = _device(request)
    if ticket is None:  # tampered with, or older than a day: keep the answers, issue anew
        ticket = intake.new_ticket(target.basis, now, device or secrets.token_urlsafe(16))
        problems["ticket"] = "expired"
    elif ticket.device and _names(request, ticket.device):
        device = ticket.device  # the ticket's signature vouches for the device it names
    if device is None:  # the page's cookie did not come back: blocked, or cleared meanwhile
        problems["device"] = "cookies"
    if problems:
        response = _form(target, ticket, answers, problems, status=400)
        if device is None:
            _set_device(response, ticket.device or secrets.token_urlsafe(16))
        return response
    assert device is not None
    if ticket.device not in (None, device) and intake.device_seen(target, device):
        return _answered(Outcome.ALREADY_ANSWERED, target)
    submission = Submission(
        target.basis, ticket, answers, ticket.device or device, client_ip(request.META)
    )
    return _answered(intake.submit(submission, now), target)


def _thanks(token: str) -> HttpResponse:
    return HttpResponseRedirect(reverse("survey_public:thanks", args=[token]), status=303)


def _names(request: HttpRequest, device: str) -> bool:
    """Whether the device cookie came back naming this device (its own signature aside)."""
    return request.COOKIES.get(DEVICE_COOKIE, "").startswith(f"{device}:")


def _answered(outcome: Outcome, target: Target) -> HttpResponse:
    """The page after a post was taken in."""
    if outcome in (Outcome.STORED, Outcome.DUPLICATE):
        return _thanks(target.token)
    if outcome == Outcome.ALREADY_ANSWERED:
        return _message("already", 200, target)
    if outcome == Outcome.RATE_LIMITED:
        response = _message("busy", 429, target)
        response["Retry-After"] = "60"
        return response
    if outcome == Outcome.UNKNOWN:
        return _message("unknown", 404)
    return _message("closed", 410, target)


MESSAGES = {
    "invalid": gettext_noop("Choose one of the answers shown."),
    "required": gettext_noop("Please answer this question."),
    "none": gettext_noop("Answer at least one question about the service."),
    "expired": gettext_noop(
        "This page was open for a long time. Your answers are kept: please send them again."
    ),
    "cookies": gettext_noop(
        "Your browser did not keep this survey's cookie. Allow cookies for this site, then "
        "send again; your answers are kept."
    ),
}


def _form(
    target: Target,
    ticket: FormTicket,
    answers: Answers | None,
    problems: Mapping[str, str],
    status: int = 200,
) -> HttpResponse:
    spec = target.spec
    chosen: dict[str, str] = {}
    if answers is not None:
        for index, value in enumerate(answers.values):
            if value is not None:
                chosen[intake.element_field(index)] = str(value)
        chosen.update(answers.profile)
        if answers.check:
            chosen[spec.check.key] = answers.check
    errors = {field: _(MESSAGES[code]) for field, code in problems.items()}
    elements = [
        {
            "number": index + 1,
            "field": intake.element_field(index),
            "element": element,
            "options": [(str(value), label) for value, label in enumerate(element.options, 1)],
            "chosen": chosen.get(intake.element_field(index), ""),
            "error": errors.get(intake.element_field(index)),
        }
        for index, element in enumerate(spec.elements)
    ]
    profile = [
        {
            "question": question,
            "options": question.options_for(target.unit_type),
            "chosen": chosen.get(question.key, ""),
            "error": errors.get(question.key),
        }
        for question in spec.profile
    ]
    check = {
        "question": spec.check,
        "chosen": chosen.get(spec.check.key, ""),
        "error": errors.get(spec.check.key),
    }
    names = {
        intake.element_field(index): f"{index + 1}. {element.name}"
        for index, element in enumerate(spec.elements)
    }
    names |= {question.key: question.text for question in spec.profile}
    names[spec.check.key] = _("Direction by an officer")
    summary = [
        (
            f"#q-{field}" if field in names else None,  # about the form: said, not linked
            f"{names[field]}: {message}" if field in names else message,
        )
        for field, message in errors.items()
    ]
    context = {
        "target": target,
        "spec": spec,
        "ticket": ticket.dumps(),
        "elements": elements,
        "profile": profile,
        "check": check,
        "summary": summary,
        "action": reverse("survey_public:form", args=[target.token]),
    }
    return _page("surveys/public/form.html", context, status)


@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    with translation.override(PUBLIC_LANGUAGE):
        target = intake.resolve(token)
        others: list[tuple[str, str]] = []
        if target is not None:
            siblings = (
                SurveyToken.objects.filter(
                    unit_id=target.unit_id,
                    survey__period__surveys__pk=target.survey_id,
                    revoked_at__isnull=True,
                )
                .exclude(pk=target.token_id)
                .select_related("survey__questionnaire")
                .only("token", "survey__order", "survey__questionnaire__source_sha256")
                .order_by("survey__order")
            )
            others = [
                (
                    reverse("survey_public:form", args=[sibling.token]),
                    intake.questionnaire_spec(
                        sibling.survey.questionnaire_id, sibling.survey.questionnaire.source_sha256
                    ).short_title,
                )
                for sibling in siblings
            ]
        return _page("surveys/public/thanks.html", {"target": target, "others": others})
