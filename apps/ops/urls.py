from django.urls import path

from apps.ops import views

app_name = "ops"

urlpatterns = [
    path("metrics", views.metrics, name="metrics"),
]
