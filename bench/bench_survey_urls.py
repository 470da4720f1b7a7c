"""Zona's URLs plus the baseline the survey submission is measured against: a Django view
that validates a small form and inserts one row (into `bench_baseline`, created by the
benchmark), behind the same gunicorn and database connection. It answers twice: at
/bench/baseline/ behind the staff site's middleware (settings.MIDDLEWARE, Django's usual
stack), and at /s/bench-baseline/ behind the public pages' shorter one (PUBLIC_MIDDLEWARE),
the stack the survey itself runs on."""

from __future__ import annotations

from django import forms
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from zona.urls import urlpatterns as zona_urlpatterns


class BaselineForm(forms.Form):
    name = forms.CharField(max_length=100)
    value = forms.IntegerField(min_value=1, max_value=4)


@csrf_exempt  # as the public survey form: no session to protect
@require_POST
def baseline(request: HttpRequest) -> HttpResponse:
    form = BaselineForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_baseline (name, value, created_at) VALUES (%s, %s, now())",
            [form.cleaned_data["name"], form.cleaned_data["value"]],
        )
    return HttpResponse(status=303, headers={"Location": "/bench/done/"})


urlpatterns = [
    path("bench/baseline/", baseline),
    path("s/bench-baseline/", baseline),  # before Zona's s/<code>/
    *zona_urlpatterns,
]
