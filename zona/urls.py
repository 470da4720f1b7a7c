from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("s/", include("zona.surveys.public_urls")),
    path("publik/", include("zona.publik.urls")),
    path("healthz", healthz, name="healthz"),
    path("akun/", include("zona.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("lke/", include("zona.assessments.urls")),
    path("jadwal/", include("zona.cycles.urls")),
    path("notifikasi/", include("zona.notifications.urls")),
    path("dasbor/", include("zona.dashboards.urls")),
    path("survei/", include("zona.surveys.urls")),
    path("kepatuhan/", include("zona.compliance.urls")),
    path("pencanangan/", include("zona.pencanangan.urls")),
    path("", include("zona.proposals.urls")),
    path("", include("zona.teams.urls")),
    path("kawasan/", include("zona.proposals.kawasan.urls")),
    path("data-induk/", include("zona.accounts.masterdata_urls")),
    path("", include("zona.home.urls")),
]

# An uncaught database outage answers 503 with Retry-After (zona/core/outage.py).
handler500 = "zona.core.outage.server_error"

admin.site.site_header = "Zona — administrasi data induk"
admin.site.site_title = "Zona"
