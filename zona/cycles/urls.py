from django.urls import path

from zona.cycles import views

app_name = "cycles"

urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("tahap/<int:stage_pk>/jadwal/", views.change_window, name="change_window"),
    path("tahap/<int:stage_pk>/buka-kembali/", views.reopen, name="reopen"),
]
