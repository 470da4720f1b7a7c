"""The public transparency pages, mounted at /publik/ (no login, no session)."""

from django.urls import path

from zona.publik import views

app_name = "publik"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:pk>/", views.unit, name="unit"),
]
