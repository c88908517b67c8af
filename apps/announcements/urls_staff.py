from django.urls import path

from apps.announcements import views_staff

app_name = "announcements_staff"

urlpatterns = [
    path("", views_staff.notice_list, name="list"),
    path("baru/", views_staff.notice_create, name="create"),
    path("<int:pk>/", views_staff.notice_detail, name="detail"),
    path("<int:pk>/ubah/", views_staff.notice_edit, name="edit"),
    path("<int:pk>/akhiri/", views_staff.notice_end, name="end"),
    path("lokasi/<slug:slug>/pindah/", views_staff.relocate, name="relocate"),
    path("webhook/", views_staff.webhook_list, name="webhooks"),
    path("webhook/<int:pk>/", views_staff.webhook_edit, name="webhook_edit"),
    path("webhook/<int:pk>/matikan/", views_staff.webhook_set_active, {"active": False}, name="webhook_disable"),
    path("webhook/<int:pk>/aktifkan/", views_staff.webhook_set_active, {"active": True}, name="webhook_enable"),
]
