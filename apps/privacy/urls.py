from django.urls import path

from apps.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("unduh/", views.download, name="download"),
]
