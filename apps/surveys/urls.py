from django.urls import path

from apps.surveys import views

app_name = "surveys"

urlpatterns = [
    path("terima-kasih/", views.thanks, name="thanks"),
    path("kios/<slug:slug>/", views.kiosk, name="kiosk"),
    path("<str:token>/", views.answer, name="answer"),
    path("<str:token>/qr.svg", views.qr, name="qr"),
]
