from django.urls import path

from zona.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/baca/", views.read_one, name="read_one"),
    path("baca-semua/", views.read_all, name="read_all"),
]
