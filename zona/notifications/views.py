"""The person's own notifications: the list, and marking one or all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zona.core.http import AuthedRequest
from zona.notifications.services import mark_all_read, mark_one_read, notifications_of

PER_PAGE = 20


@require_GET
@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    notifications = notifications_of(request.user).only(
        "title", "body", "url", "created_at", "read_at"
    )
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
@login_required
def read_one(request: AuthedRequest, pk: int) -> HttpResponse:
    mark_one_read(user=request.user, pk=pk)
    return _back(request, anchor=f"notification-{pk}")


@require_POST
@login_required
def read_all(request: AuthedRequest) -> HttpResponse:
    mark_all_read(user=request.user)
    return _back(request)


def _back(request: AuthedRequest, anchor: str = "") -> HttpResponse:
    """To the page of the list the form was on (a number only, never an address)."""
    url = reverse("notifications:inbox")
    page = request.POST.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))
