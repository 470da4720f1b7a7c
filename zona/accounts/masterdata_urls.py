"""The master data pages (units; users with their roles), under /data-induk/."""

from django.urls import path

from zona.accounts import masterdata_views as views
from zona.core.downloads import TABLE

urlpatterns = [
    path("", views.master_data, name="master_data"),
    path("unit/impor/", views.import_units_view, name="import_units"),
    path(f"unit/ekspor.<{TABLE}:fmt>", views.export_units, name="export_units"),
    path("pengguna/impor/", views.import_users_view, name="import_users"),
    path(f"pengguna/ekspor.<{TABLE}:fmt>", views.export_users, name="export_users"),
]
