from django.urls import path

from zona.teams import views

app_name = "teams"

urlpatterns = [
    path("tim/<int:pk>/<int:year>/", views.team, name="team"),
    path("tim/<int:pk>/<int:year>/<str:kind>/catat/", views.record, name="record"),
    path("tim/sk/<int:pk>/berkas/", views.decree_file, name="decree_file"),
]
