from django.urls import path

from apps.surveys import views_staff

app_name = "surveys_staff"

urlpatterns = [
    path("laporan/", views_staff.report, name="report"),
    path("laporan/unduh/<str:fmt>/", views_staff.report_file, name="report_file"),
]
