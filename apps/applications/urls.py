from django.urls import path

from apps.applications import views, views_life

app_name = "applications"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("cek/", views.check, name="check"),
    path("layanan/<slug:code>/", views.start, name="start"),
    path("layanan/<slug:code>/mulai/", views.begin, name="begin"),
    path("<str:number>/", views.status, name="status"),
    path("<str:number>/data/", views.identity, name="identity"),
    path("<str:number>/perubahan/", views.changes, name="changes"),
    path("<str:number>/peristiwa/", views_life.event, name="event"),
    path("<str:number>/dokumen/", views.documents, name="documents"),
    path("<str:number>/dokumen/<slug:kind>/", views.upload, name="upload"),
    path("<str:number>/periksa/", views.review, name="review"),
    path("<str:number>/terkirim/", views.confirmation, name="confirmation"),
    path("<str:number>/bukti/", views.receipt, name="receipt"),
    path("<str:number>/batal/", views.cancel, name="cancel"),
]
