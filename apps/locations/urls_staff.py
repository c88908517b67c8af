from django.urls import path

from apps.locations import views_staff

app_name = "locations_staff"

urlpatterns = [
    path("", views_staff.location_list, name="list"),
    path("<slug:slug>/", views_staff.location_detail, name="detail"),
    path("<slug:slug>/jam-buka/", views_staff.opening_hours, name="opening_hours"),
    path("<slug:slug>/penutupan/", views_staff.closure_create, name="closure_create"),
]
