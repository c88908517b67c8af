from django.urls import path

from apps.families import views_staff

app_name = "families_staff"

urlpatterns = [
    path("", views_staff.lookup, name="lookup"),
    path("<str:kk_number>/", views_staff.detail, name="detail"),
    path("<str:kk_number>/anggota/<int:member_id>/konfirmasi/", views_staff.confirm, name="confirm"),
]
