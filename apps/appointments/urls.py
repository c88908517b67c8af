from django.urls import path

from apps.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.new, name="new"),
    path("pesan/", views.book, name="book"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/batal/", views.cancel, name="cancel"),
    path("<str:code>/pulihkan/", views.restore, name="restore"),
    path("<str:code>/ubah/", views.reschedule, name="reschedule"),
]
