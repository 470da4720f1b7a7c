from django.urls import path

from zona.proposals.kawasan import views

app_name = "kawasan"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/<int:year>/", views.page, name="page"),
    path("<int:pk>/<int:year>/tim/", views.team, name="team"),
    path("<int:pk>/<int:year>/integrasi/", views.integration, name="integration"),
    path("<int:pk>/<int:year>/penetapan/", views.grant, name="grant"),
    path("<int:pk>/<int:year>/predikat-sebelumnya/", views.earlier_grant, name="earlier_grant"),
    path("anggota/<int:pk>/<int:year>/predikat/", views.member_predicate, name="member_predicate"),
    path("tim/<int:pk>/berkas/", views.team_file, name="team_file"),
]
