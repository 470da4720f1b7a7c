"""Staff pages of the surveys, mounted at /survei/."""

from django.urls import path, register_converter

from zona.surveys import views


class QrFormat:
    regex = "svg|png"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TokenAction:
    regex = "cabut|ganti"

    def to_python(self, value: str) -> str:
        return {"cabut": "revoke", "ganti": "rotate"}[value]

    def to_url(self, value: str) -> str:
        return {"revoke": "cabut", "rotate": "ganti"}[value]


register_converter(QrFormat, "qrfmt")
register_converter(TokenAction, "tokenaction")

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("buka/", views.open_period_view, name="open"),
    path("<int:year>/", views.period_page, name="period"),
    path("<int:year>/pengaturan/", views.period_settings, name="settings"),
    path("<int:year>/status/", views.period_status, name="status"),
    path("<int:year>/kode/", views.codes, name="codes"),
    path("<int:year>/kode/terbitkan/", views.issue_codes, name="issue"),
    path("<int:year>/tinjauan/", views.review, name="review"),
    path("<int:year>/hasil/", views.results, name="results"),
    path("<int:year>/unit/<int:pk>/", views.unit_page, name="unit"),
    path("<int:year>/unit/<int:pk>/kode/", views.unit_codes, name="unit_codes"),
    path("<int:year>/unit/<int:pk>/poster.pdf", views.unit_posters, name="unit_posters"),
    path("<int:year>/unit/<int:pk>/layanan/", views.unit_profile, name="profile"),
    path("<int:year>/unit/<int:pk>/impor/", views.unit_import, name="import"),
    path("kode/<int:pk>/qr.<qrfmt:fmt>", views.qr_file, name="qr"),
    path("kode/<int:pk>/poster.pdf", views.poster, name="poster"),
    path("kode/<int:pk>/<tokenaction:action>/", views.token_action, name="token_action"),
]
