from django.urls import path

from zona.core.downloads import TABLE
from zona.pencanangan import views

app_name = "pencanangan"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:pk>/", views.unit_page, name="unit"),
    path("unit/<int:pk>/<int:year>/", views.unit_page, name="unit_year"),
    path("unit/<int:pk>/<int:year>/deklarasi/", views.declaration, name="declaration"),
    path("unit/<int:pk>/<int:year>/saksi/", views.witness_add, name="witness_add"),
    path("unit/<int:pk>/<int:year>/publikasi/", views.publication_add, name="publication_add"),
    path("unit/<int:pk>/<int:year>/piagam/", views.charter_upload, name="charter_upload"),
    path("unit/<int:pk>/<int:year>/pakta/", views.pakta_page, name="pakta"),
    path("unit/<int:pk>/<int:year>/pakta/impor/", views.pakta_import, name="pakta_import"),
    path(
        f"unit/<int:pk>/<int:year>/pakta/ekspor.<{TABLE}:fmt>",
        views.pakta_export,
        name="pakta_export",
    ),
    path("saksi/<int:pk>/hapus/", views.witness_remove, name="witness_remove"),
    path("publikasi/<int:pk>/hapus/", views.publication_remove, name="publication_remove"),
    path("piagam/<int:pk>/", views.charter_download, name="charter_download"),
    path("pakta-saya/", views.mine, name="mine"),
    path("pakta/<int:pk>/", views.pact, name="pact"),
    path("pakta/<int:pk>/tandatangani/", views.pact_sign, name="pact_sign"),
    path("pakta/<int:pk>/pindaian/", views.scan_upload, name="scan_upload"),
    path("pindaian/<int:pk>/", views.scan_download, name="scan_download"),
]
