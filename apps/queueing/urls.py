from django.urls import path

from apps.queueing import views

app_name = "queueing"

urlpatterns = [
    path("tiket/<str:token>/", views.ticket, name="ticket"),
    path("tiket/<str:token>/cetak/", views.ticket_print, name="ticket_print"),
    path("layar/<slug:slug>/", views.display, name="display"),
    path("layar/<slug:slug>/papan/", views.display_fragment, name="display_fragment"),
]
