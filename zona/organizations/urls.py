from django.urls import path, register_converter

from zona.organizations import masterdata_views, views


class TableFormat:
    regex = "xlsx|csv"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TableFormat, "tablefmt")

urlpatterns = [
    path("", views.home, name="home"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("data-induk/", masterdata_views.master_data, name="master_data"),
    path("data-induk/unit/impor/", masterdata_views.import_units_view, name="import_units"),
    path(
        "data-induk/unit/ekspor.<tablefmt:fmt>",
        masterdata_views.export_units,
        name="export_units",
    ),
    path("data-induk/pengguna/impor/", masterdata_views.import_users_view, name="import_users"),
    path(
        "data-induk/pengguna/ekspor.<tablefmt:fmt>",
        masterdata_views.export_users,
        name="export_users",
    ),
]
