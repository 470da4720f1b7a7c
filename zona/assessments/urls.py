from django.urls import path

from zona.assessments import evidence_views, export_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("mulai/<int:unit_pk>/", views.start, name="start"),
    path("<int:pk>/", views.lke, name="lke"),
    path("<int:pk>/jawab/<int:question_pk>/", views.answer, name="answer"),
    path("<int:pk>/tinjau/<int:question_pk>/", views.review, name="review"),
    path("<int:pk>/kirim/", views.submit, name="submit"),
    path("<int:pk>/kirim-ulang/", views.resubmit, name="resubmit"),
    path("<int:pk>/selesai/", views.finish, name="finish"),
    path("<int:pk>/terima-semua/", views.accept_pending, name="accept_pending"),
    path("<int:pk>/bukti/<int:question_pk>/", evidence_views.add, name="evidence_add"),
    path(
        "<int:pk>/bukti/unduh/<int:version_pk>/",
        evidence_views.download,
        name="evidence_download",
    ),
    path("<int:pk>/pmpzi/<str:tier>.xlsx", export_views.pmpzi, name="pmpzi"),
    path("<int:pk>/berita-acara/<str:tier>.pdf", export_views.berita_acara, name="berita_acara"),
    path("<int:pk>/luring.xlsx", export_views.offline_export, name="offline_export"),
    path("<int:pk>/luring/impor/", export_views.offline_import, name="offline_import"),
]
