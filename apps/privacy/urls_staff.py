from django.urls import path

from apps.privacy import views_staff

app_name = "privacy_staff"

urlpatterns = [
    path("koreksi/", views_staff.corrections, name="corrections"),
    path("koreksi/<int:pk>/", views_staff.correction_detail, name="correction"),
    path("insiden/", views_staff.breaches, name="breaches"),
    path("insiden/baru/", views_staff.breach_new, name="breach_new"),
    path("insiden/<int:pk>/", views_staff.breach_detail, name="breach"),
    path("akses/", views_staff.access_log, name="access_log"),
]
