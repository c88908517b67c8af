from django.urls import path

from apps.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("bench/hello", views.hello, name="hello"),
    path("bench/hello-signed-in", views.hello_signed_in, name="hello-signed-in"),
]
