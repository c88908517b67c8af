from django.urls import path

from apps.issuance import views

app_name = "issuance"

urlpatterns = [
    path("stok/", views.public_stock, name="stock"),
    path("suket/<str:code>/", views.suket_verify, name="suket_verify"),
]
