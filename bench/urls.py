"""Zona's URLs plus the site's empty page, which exists only for the benchmarks: the base
template for a logged-in user, with no data. A page benchmark reports its page as a ratio to
it, measured in the same run, so that figures compare across machines."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from zona.urls import urlpatterns as zona_urlpatterns


@login_required
def empty_page(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [path("_bench/empty/", empty_page), *zona_urlpatterns]
