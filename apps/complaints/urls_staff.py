from django.urls import path

from apps.complaints import views_staff

app_name = "complaints_staff"

urlpatterns = [
    path("", views_staff.inbox, name="inbox"),
    path("baru/", views_staff.new, name="new"),
    path("ekspor-lapor/<str:fmt>/", views_staff.export_lapor, name="export"),
    path("evaluasi/", views_staff.evaluation, name="evaluation"),
    path("tindak-lanjut/", views_staff.my_actions, name="my_actions"),
    path("tindak-lanjut/<int:pk>/selesai/", views_staff.action_done, name="action_done"),
    path("<str:code>/", views_staff.detail, name="detail"),
    path("<str:code>/balas/", views_staff.reply, name="reply"),
    path("<str:code>/status/", views_staff.change_status, name="status"),
    path("<str:code>/penanganan/", views_staff.change_complexity, name="complexity"),
    path("<str:code>/petugas/", views_staff.assign, name="assign"),
    path("<str:code>/lampiran/<int:pk>/", views_staff.attachment, name="attachment"),
]
