from django.urls import path

from apps.publicinfo import views

app_name = "publicinfo"

urlpatterns = [
    path("layanan/", views.standards, name="standards"),
    path("layanan/<slug:code>/", views.standard, name="standard"),
    path("layanan/<slug:code>/poster.pdf", views.standard_poster, name="poster"),
    path("kinerja/", views.performance_page, name="performance"),
    path("kinerja/data.csv", views.performance_csv, name="performance_csv"),
    path("kinerja/data.json", views.performance_json, name="performance_json"),
    path("panduan/", views.guide_index, name="guides"),
    path("panduan/<slug:slug>/", views.guide_detail, name="guide"),
]
