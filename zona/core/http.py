"""The request type of views behind `login_required`, for the type checker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from zona.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]  # login_required guarantees a real user
    htmx: HtmxDetails
