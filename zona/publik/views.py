"""The public transparency pages (`/publik/`): no login, no session, no cookie, cacheable.

Like the public survey (`zona.surveys.public_views`) they never touch `request.session` or
`request.user` and render without the staff context processors, always in Bahasa Indonesia,
so one cached copy serves everyone: `Cache-Control: public, max-age=…`
(`ZONA_PUBLIC_MAX_AGE`, five minutes by default) and no `Vary: Cookie`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_safe

from zona.publik import listing

PUBLIC_LANGUAGE = "id"


def _page(template: str, context: Mapping[str, Any], status: int = 200) -> HttpResponse:
    context = {**context, "complaints": _complaints()}
    response = HttpResponse(render_to_string(template, context), status=status)
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_MAX_AGE}"
    response["Content-Language"] = PUBLIC_LANGUAGE
    return response


def _complaints() -> list[tuple[str, str, str]]:
    """(name, address, link) of each complaint channel; the link is empty for a number."""
    channels = []
    for name, address in settings.COMPLAINT_CHANNELS:
        if address.startswith(("https://", "http://")):
            link = address
        elif "@" in address:
            link = f"mailto:{address}"
        else:
            link = ""
        channels.append((name, address, link))
    return channels


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    with translation.override(PUBLIC_LANGUAGE):
        form = listing.FinderForm(request.GET, listing.provinces(), listing.lines())
        page = Paginator(listing.filtered(form), listing.PER_PAGE).get_page(
            request.GET.get("halaman")
        )
        units = list(page.object_list)
        ids = [unit.pk for unit in units]
        periods = listing.newest_published()
        published = listing.published_results(periods[0], units) if periods else None
        standings = listing.standings(ids)
        declared = listing.declarations(ids)
        ministers = listing.ministers()
        rows = [
            {
                "unit": unit,
                "standing": standings.get(unit.pk),
                "surveys": published.surveys.get(unit.pk, []) if published else [],
                "declared": declared.get(unit.pk),
            }
            for unit in units
        ]
        query = {
            key: value
            for key, value in request.GET.items()
            if key in form.fields and value and key in getattr(form, "cleaned_data", {})
        }
        context = {
            "form": form,
            "page": page,
            "rows": rows,
            "published": published,
            "minister": ministers[max(ministers)] if ministers else None,
            "query": urlencode(query),
            "filtered": bool(query),
        }
        return _page("publik/index.html", context)


@require_safe
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    with translation.override(PUBLIC_LANGUAGE):
        found = listing.public_units().filter(pk=pk).first()
        if found is None:
            return _page("publik/missing.html", {}, status=404)
        periods = [
            listing.published_results(period, [found])
            for period in listing.newest_published(listing.PERIODS_SHOWN)
        ]
        declared = listing.declarations_of(found)
        ministers = listing.ministers([d.year for d in declared])
        context = {
            "unit": found,
            "grants": listing.grants_of(found),
            "periods": [(p, p.surveys.get(found.pk, [])) for p in periods],
            "declared": [(d, ministers.get(d.year)) for d in declared],
        }
        return _page("publik/unit.html", context)
