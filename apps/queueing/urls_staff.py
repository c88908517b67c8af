from django.urls import path

from apps.queueing import views_desk, views_staff

app_name = "queueing_staff"

urlpatterns = [
    path("informasi/", views_staff.information_desk, name="information_desk"),
    path("anjungan/<slug:slug>/", views_staff.kiosk, name="kiosk"),
    path("anjungan/<slug:slug>/reservasi/", views_staff.kiosk_checkin, name="kiosk_checkin"),
    path("loket/", views_staff.counters, name="counters"),
    path("loket/<int:counter_id>/", views_staff.console, name="console"),
    path("loket/<int:counter_id>/tiket/<int:ticket_id>/berkas/", views_desk.file_desk, name="file_desk"),
    path("loket/<int:counter_id>/<slug:action>/", views_staff.console_action, name="console_action"),
]
