"""Log-in protection: what django-axes counts failures by, its lockout page, and the security
events (log-in, failure, lockout) written to the audit trail and the log.

An account is counted by who it is, not by what was typed: its NIP, its e-mail and its
username are one key, so switching between them gives no extra guesses. A login that matches
nobody is counted as typed (folded), so guessing unknown names is limited too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zona.accounts import twofactor
from zona.accounts.models import User
from zona.accounts.services import record_security_event
from zona.core.http import client_ip

LOGIN_FIELD = "username"


def account_of(login: str) -> User | None:
    login = login.strip()
    if not login:
        return None
    try:
        return User.objects.get_by_login(login)
    except User.DoesNotExist:
        return User.objects.filter(username=login).first()


def account_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """What failures are counted by (AXES_USERNAME_CALLABLE)."""
    login = (credentials or {}).get(LOGIN_FIELD)
    if login is None and request is not None:
        login = request.POST.get(LOGIN_FIELD, "")
    login = str(login or "")[:254]
    user = account_of(login)
    return f"user:{user.pk}" if user is not None else login.strip().casefold()


def request_ip(request: HttpRequest) -> str:
    """The client's address as the rest of Zona reads it (AXES_CLIENT_IP_CALLABLE)."""
    return client_ip(request.META)


def locked_out_page(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The page a locked-out log-in gets (AXES_LOCKOUT_CALLABLE): 429, in the user's language."""
    minutes = int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1))
    page = render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    page["Retry-After"] = str(minutes * 60)
    return page


@receiver(user_logged_in, dispatch_uid="zona.security.login")
def _logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record_security_event("security.login", user=user, ip=_ip(request), by_user=True)
    if request is not None and hasattr(request, "session"):
        request.session[twofactor.NEEDS_CODE] = twofactor.needs_code(user)


@receiver(user_login_failed, dispatch_uid="zona.security.failure")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    user = account_of(str(credentials.get(LOGIN_FIELD) or "")[:254])
    record_security_event("security.login_failed", user=user, ip=_ip(request))


@receiver(user_locked_out, dispatch_uid="zona.security.lockout")
def _locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    user = None
    if username and username.startswith("user:"):
        user = User.objects.filter(pk=username.removeprefix("user:")).first()
    record_security_event("security.locked_out", user=user, ip=ip_address or _ip(request))


def _ip(request: HttpRequest | None) -> str:
    return client_ip(request.META) if request is not None else ""
