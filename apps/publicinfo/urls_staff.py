from django.urls import path

from apps.publicinfo import views_staff

app_name = "publicinfo_staff"

urlpatterns = [
    path("", views_staff.standards, name="standards"),
    path("<slug:code>/", views_staff.edit, name="edit"),
]
