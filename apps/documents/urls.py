from django.urls import path

from apps.documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:public_id>/", views.file, name="file"),
]
