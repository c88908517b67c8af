from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.login, name="login"),
    path("keluar/", views.logout, name="logout"),
    path("verifikasi-2fa/", views.otp_verify, name="otp_verify"),
    path("daftar/", views.register, name="register"),
    path("beranda/", views.start, name="start"),
]
