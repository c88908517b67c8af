from django.urls import path

from apps.accounts import views_staff

app_name = "accounts_staff"

urlpatterns = [
    path("meja/", views_staff.desk, name="desk"),
    path("petugas/", views_staff.staff_list, name="staff_list"),
    path("petugas/baru/", views_staff.staff_create, name="staff_create"),
    path("petugas/<int:user_id>/", views_staff.staff_detail, name="staff_detail"),
    path("petugas/<int:user_id>/nonaktifkan/", views_staff.staff_set_active, {"active": False},
         name="staff_deactivate"),
    path("petugas/<int:user_id>/aktifkan/", views_staff.staff_set_active, {"active": True}, name="staff_activate"),
    path("petugas/<int:user_id>/reset-2fa/", views_staff.reset_device, name="reset_device"),
]
