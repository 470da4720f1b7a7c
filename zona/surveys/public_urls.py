"""The public survey pages, mounted at /s/ (no login, no session)."""

from django.urls import path

from zona.surveys import public_views

app_name = "survey_public"

urlpatterns = [
    path("", public_views.landing, name="landing"),
    path("<str:token>/", public_views.survey, name="form"),
    path("<str:token>/terima-kasih/", public_views.thanks, name="thanks"),
]
