from django.urls import path

from zona.compliance import views
from zona.core.downloads import TABLE

app_name = "compliance"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.overview, name="overview"),
    path("<int:year>/temuan/impor/", views.import_year_findings, name="import_year_findings"),
    path(
        f"<int:year>/temuan/ekspor.<{TABLE}:fmt>",
        views.export_year_findings,
        name="export_year_findings",
    ),
    path("unit/<int:pk>/", views.unit_latest, name="unit_latest"),
    path("<int:year>/unit/<int:pk>/", views.unit_page, name="unit"),
    path("<int:year>/unit/<int:pk>/temuan/baru/", views.finding_new, name="finding_new"),
    path(
        "<int:year>/unit/<int:pk>/temuan/impor/",
        views.import_unit_findings,
        name="import_unit_findings",
    ),
    path(
        f"<int:year>/unit/<int:pk>/temuan/ekspor.<{TABLE}:fmt>",
        views.export_unit_findings,
        name="export_unit_findings",
    ),
    path("<int:year>/unit/<int:pk>/lhkpn/impor/", views.import_wealth, name="import_wealth"),
    path(
        f"<int:year>/unit/<int:pk>/lhkpn/ekspor.<{TABLE}:fmt>",
        views.export_wealth,
        name="export_wealth",
    ),
    path("temuan/<int:pk>/", views.finding_detail, name="finding"),
    path("temuan/<int:pk>/ubah/", views.finding_edit, name="finding_edit"),
    path("temuan/<int:pk>/tindak-lanjut/", views.follow_up, name="follow_up"),
    path("temuan/<int:pk>/penilaian/", views.review, name="review"),
    path("bukti/<int:pk>/", views.evidence_download, name="evidence"),
    path("lhkpn/<int:pk>/", views.wealth_row, name="wealth_row"),
    path("lhkpn/<int:pk>/ubah/", views.wealth_edit, name="wealth_edit"),
    path("kementerian/", views.ministry_latest, name="ministry_latest"),
    path("<int:year>/kementerian/", views.ministry, name="ministry"),
    path("<int:year>/kementerian/<slug:scale>/", views.ministry_record, name="ministry_record"),
    path("kementerian/dokumen/<int:pk>/", views.ministry_document, name="ministry_document"),
]
