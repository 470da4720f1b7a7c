from django.urls import path

from zona.assessments import evidence_views, views

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
]
