"""The page of an uncaught error: 503 with Retry-After when the database cannot be reached.

Django calls `server_error` (handler500 in zona/urls.py) inside the `except` block of any
uncaught exception, in a view or in a middleware, so the exception is at hand. An
OperationalError or InterfaceError is the database being down, restarting, out of
connections or locked; the page for it says when to try again and what happened to what was
sent, honestly: a connection lost while a change was being sent may have come after the
commit. The page touches neither the database nor the session.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 30
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SURVEY_PREFIX = "/s/"

logger = logging.getLogger("zona.outage")


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    return defaults.server_error(request)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503: the database could not be reached while answering `request`."""
    sent = request.method not in SAFE_METHODS
    survey = request.path.startswith(SURVEY_PREFIX)
    kind = ("survey_sent" if sent else "survey") if survey else ("sent" if sent else "read")
    logger.warning("database unavailable: %s %s answered 503", request.method, request.path)
    body = render_to_string("503.html", {"kind": kind, "seconds": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
