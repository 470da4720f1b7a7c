from django.urls import path

from zona.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
]
