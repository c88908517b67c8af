from django.urls import path

from apps.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.start, name="start"),
    path("baru/", views.file, name="file"),
    path("lacak/", views.track, name="track"),
    path("<str:code>/terkirim/", views.filed, name="filed"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/balas/", views.reply, name="reply"),
    path("<str:code>/buka-kembali/", views.reopen, name="reopen"),
    path("<str:code>/lampiran/<int:pk>/", views.attachment, name="attachment"),
]
