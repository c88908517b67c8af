from django.urls import path

from apps.announcements import views
from apps.announcements.feeds import NoticeFeed

app_name = "announcements"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("feed/", NoticeFeed(), name="feed"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/story.png", views.story_image, name="story"),
    path("status/", views.status_index, name="status_index"),
    path("status/<slug:slug>/", views.location_status, name="status"),
    path("layar/", views.display_notices, name="display"),
]
