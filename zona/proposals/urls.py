from django.urls import path

from zona.proposals import package_views, views

app_name = "proposals"

urlpatterns = [
    path("usulan/", views.index, name="index"),
    path("usulan/<int:year>/", views.board, name="board"),
    path("usulan/lke/<int:pk>/usul/", views.make_proposal, name="propose"),
    path("usulan/<int:year>/unit/<int:pk>/", views.candidate, name="candidate"),
    path("usulan/<int:year>/penetapan/", views.decree, name="decree"),
    path("usulan/<int:year>/kuota/", views.quota, name="quota"),
    path("usulan/<int:year>/keputusan/", views.new_decree, name="new_decree"),
    path("usulan/<int:year>/tpn/", views.tpn, name="tpn"),
    path("usulan/kandidat/<int:pk>/tpn/", views.tpn_step, name="tpn_step"),
    path("usulan/<int:year>/pmpzi/", package_views.package_page, name="package"),
    path("usulan/<int:year>/pmpzi/bangun/", package_views.request_build, name="package_build"),
    path("usulan/paket/<int:pk>/unduh/", package_views.download, name="package_download"),
    path("predikat/", views.register_page, name="register"),
    path("predikat/unduh/<str:fmt>/", views.register_export, name="register_export"),
    path("predikat/tambah/", views.earlier_grant, name="earlier_grant"),
]
