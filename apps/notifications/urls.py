from django.urls import path

from apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sudah-dibaca/", views.mark_all_read, name="mark_all_read"),
]
