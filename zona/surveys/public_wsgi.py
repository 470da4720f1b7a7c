"""The usual survey post, answered before Django builds a request.

Nearly every post to `/s/<code>/` is a complete form with a current ticket, sent from the
device its page was given to, and its answer is a bodiless 303 to the thank-you page. For that
post Django's handler builds a request object, runs the public middleware, resolves the URL
and builds a response around the one call that matters (`public_views.usual_post`): about a
fifth of the submission's Python (docs/surveys.md, *Performance*). This layer answers such a
post itself: the same host check, the same `usual_post` (ticket, device cookie, answers,
intake.submit), the request signals, and the headers the public middleware gives the redirect
(a test holds them equal).

Everything else goes on to Django as if this layer were not there: any other method or path,
a host Django would refuse, a body it would have to parse itself, a post with problems to
show, an outcome that shows a page (Django is told the outcome, so nothing is submitted
twice), and any error here, which is logged (a submission sent again is harmless: the form's
key makes it the same response). Settings under which the middleware would act on such a post
(an HTTPS redirect, HSTS, refused user agents, another public stack) turn the layer off.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import get_script_name
from django.http import HttpResponseRedirect
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.urls import resolve, set_script_prefix
from django.utils import timezone
from django.utils.http import parse_header_parameters

from zona.surveys import public_views
from zona.surveys.intake import Outcome

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
Application = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

SURVEY_PATH = re.compile(r"/s/([0-9A-Za-z]{1,24})/")
FORM_TYPE = "application/x-www-form-urlencoded"
REPRODUCED_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)


def redirect_headers() -> list[tuple[str, str]]:
    """What HttpResponseRedirect and the public middleware give a bodiless redirect under
    these settings, but its Location."""
    headers = [("Content-Type", HttpResponseRedirect("/").headers["Content-Type"])]
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    policy = settings.SECURE_REFERRER_POLICY
    if policy:
        values = policy.split(",") if isinstance(policy, str) else policy
        headers.append(("Referrer-Policy", ",".join(value.strip() for value in values)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.append(("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()))
    headers.append(("Content-Length", "0"))
    return headers


def is_reproducible() -> bool:
    """Whether the public middleware would only add `redirect_headers` to a usual post's
    redirect, and the URLs send `/s/<code>/` to the survey view."""
    return (
        tuple(settings.PUBLIC_MIDDLEWARE) == REPRODUCED_MIDDLEWARE
        and not settings.SECURE_SSL_REDIRECT
        and not settings.SECURE_HSTS_SECONDS
        and not settings.DISALLOWED_USER_AGENTS
        and not settings.PREPEND_WWW
        and not settings.USE_X_FORWARDED_HOST
        and bool(settings.ALLOWED_HOSTS)
        and settings.DEFAULT_CHARSET.lower() == "utf-8"
        and resolve("/s/0/").func is public_views.survey
    )


def usual_post_first(django: Application) -> Application:
    """`django`, preceded by this layer when the settings allow it."""
    if not is_reproducible():
        return django
    headers = redirect_headers()

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            path = SURVEY_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if path is not None and _host_allowed(environ):
                location = _answer(environ, path.group(1))
                if location is not None:
                    start_response("303 See Other", [("Location", location), *headers])
                    return []
        return django(environ, start_response)

    return application


def _host_allowed(environ: dict[str, Any]) -> bool:
    """HttpRequest.get_host's check, for a request that names its host (others: Django)."""
    domain, _ = split_domain_port(environ.get("HTTP_HOST", ""))
    return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)


def _answer(environ: dict[str, Any], token: str) -> str | None:
    """The thank-you page's address for a stored post; None to let Django answer."""
    body = _form_body(environ)
    if body is None:
        return None
    set_script_prefix(get_script_name(environ))
    signals.request_started.send(sender=__name__, environ=environ)
    try:
        posted = public_views.form_fields(body.decode("utf-8", "replace"))
        cookie = parse_cookie(environ.get("HTTP_COOKIE", "")).get(public_views.DEVICE_COOKIE, "")
        outcome = None
        if posted is not None:
            outcome = public_views.usual_post(posted, cookie, environ, token, timezone.now())
        environ[public_views.TRIED] = outcome
        if outcome in (Outcome.STORED, Outcome.DUPLICATE):
            return public_views.thanks_url(token)
    except Exception:
        logger.exception("a survey post fell back to Django's handler")
        environ.pop(public_views.TRIED, None)
    finally:
        signals.request_finished.send(sender=__name__)
    return None


def _form_body(environ: dict[str, Any]) -> bytes | None:
    """The body of a URL-encoded UTF-8 form within Django's size limit, read and handed on to
    Django as a fresh stream; None (unread) for anything else."""
    content_type, parameters = parse_header_parameters(environ.get("CONTENT_TYPE", ""))
    if content_type != FORM_TYPE or parameters.get("charset", "utf-8").lower() != "utf-8":
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if length <= 0 or (limit is not None and length > limit):
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body
