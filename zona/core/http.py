"""Request helpers: the type of views behind `login_required` (for the type checker), the
client's address behind a reverse proxy, and the address absolute links start with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from zona.accounts.models import User


MAX_ID = 2**63 - 1  # the largest primary key (bigint) a database can hold


def parse_id(value: str) -> int | None:
    """A row's id as sent by a form or an address: ASCII digits within a bigint; None for
    anything else ("abc", "²", 10**25), which then matches no row instead of raising."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


DEFAULT_SITE_URL = "http://127.0.0.1:8000"  # `zona serve`'s and `zona demo`'s default address


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]  # login_required guarantees a real user
    htmx: HtmxDetails


def site_url(request: HttpRequest | None = None) -> str:
    """The start of an absolute link, without a trailing slash: ZONA_SITE_URL when it is set;
    else the address the request came to (a QR code made on a page served at another port or
    host names that one); else, without a request (the background worker's e-mails), the
    default address."""
    if settings.SITE_URL:
        return str(settings.SITE_URL).rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEFAULT_SITE_URL


def client_ip(meta: Mapping[str, str]) -> str:
    """The client's address: REMOTE_ADDR, or the nearest untrusted X-Forwarded-For hop when
    REMOTE_ADDR is one of settings.TRUSTED_PROXIES (the reverse proxies in front of Zona).
    Hops further out are not trusted: a client can write anything there."""
    remote = meta.get("REMOTE_ADDR", "")
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote


def query_without(request: HttpRequest, key: str = "page") -> str:
    """The request's query string without `key`: what a pager or a tab adds its own to."""
    params = request.GET.copy()
    params.pop(key, None)
    return params.urlencode()
