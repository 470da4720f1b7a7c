from django.urls import path

from zona.core.downloads import TABLE
from zona.organizations import masterdata_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("data-induk/", masterdata_views.master_data, name="master_data"),
    path("data-induk/unit/impor/", masterdata_views.import_units_view, name="import_units"),
    path(
        f"data-induk/unit/ekspor.<{TABLE}:fmt>",
        masterdata_views.export_units,
        name="export_units",
    ),
    path("data-induk/pengguna/impor/", masterdata_views.import_users_view, name="import_users"),
    path(
        f"data-induk/pengguna/ekspor.<{TABLE}:fmt>",
        masterdata_views.export_users,
        name="export_users",
    ),
]
