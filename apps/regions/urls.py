from django.urls import path

from apps.regions import views

app_name = "regions"

urlpatterns = [
    path("desa/", views.villages, name="villages"),
]
