from django.urls import path

from apps.central import views_staff

app_name = "central_staff"

urlpatterns = [path("", views_staff.status, name="status")]
