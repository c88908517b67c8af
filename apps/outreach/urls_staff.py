from django.urls import path

from apps.outreach import views_staff

app_name = "outreach_staff"

urlpatterns = [
    path("", views_staff.overview, name="overview"),
    path("desa/<str:code>/", views_staff.village, name="village"),
    path("kunjungan/", views_staff.visit_list, name="visits"),
    path("kunjungan/baru/", views_staff.visit_create, name="visit_create"),
    path("kunjungan/<int:pk>/", views_staff.visit_detail, name="visit"),
    path("kunjungan/<int:pk>/batal/", views_staff.visit_cancel, name="visit_cancel"),
]
