from django.urls import path

from apps.dashboards import views_staff

app_name = "dashboards_staff"

urlpatterns = [
    path("", views_staff.home, name="home"),
    path("daftar/", views_staff.drill, name="drill"),
    path("ekspor/<str:fmt>/", views_staff.export, name="export"),
    path("laporan-bulanan/", views_staff.monthly_report, name="monthly_report"),
]
