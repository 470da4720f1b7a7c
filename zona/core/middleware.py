"""Headers every response carries beyond Django's own security middleware, and the limit on
the size of a request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` from the PERMISSIONS_POLICY setting (ZONA_PERMISSIONS_POLICY; empty
    sends none)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request whose `Content-Length` is over MAX_REQUEST_BYTES with a 413 page,
    before anything reads the body: a huge upload costs one header, not the whole transfer.
    (A body sent without a length is bounded by the reverse proxy, docs/deploy.md.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.limit = settings.MAX_REQUEST_BYTES

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > self.limit:
            return too_large_page(self.limit)
        return self.get_response(request)


def too_large_page(limit: int) -> HttpResponse:
    """The 413 page; touches neither the database nor the session."""
    megabytes = max(1, limit // (1024 * 1024))
    body = render_to_string("413.html", {"megabytes": megabytes})
    return HttpResponse(body, status=413)
