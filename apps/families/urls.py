from django.urls import path

from apps.families import views

app_name = "families"

urlpatterns = [
    path("", views.index, name="index"),
    path("tambah/", views.add, name="add"),
]
