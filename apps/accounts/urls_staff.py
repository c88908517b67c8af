from django.urls import path

from apps.accounts import views_staff

app_name = "accounts_staff"

urlpatterns = [
    path("meja/", views_staff.desk, name="desk"),
    path("petugas/", views_staff.staff_list, name="staff_list"),
    path("petugas/<int:user_id>/reset-2fa/", views_staff.reset_device, name="reset_device"),
]
