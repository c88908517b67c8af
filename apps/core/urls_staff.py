from django.urls import path

from apps.core import views_staff

app_name = "core_staff"

urlpatterns = [
    path("audit/", views_staff.audit_log, name="audit"),
]
