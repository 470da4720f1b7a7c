from django.urls import path

from zona.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("unit/<int:pk>/", views.unit_dashboard, name="unit"),
    path("unit/<int:pk>/ekspor.xlsx", views.unit_export, name="unit_export"),
    path("lke/", views.lke_list, name="lke_list"),
    path("lke/ekspor.xlsx", views.lke_export, name="lke_export"),
]
