from django.urls import path

from apps.digitaldocs import views

app_name = "digitaldocs"

urlpatterns = [
    path("verifikasi/<str:number>/", views.verify, name="verify"),
    path("<str:number>/unduh/", views.download, name="download"),
]
