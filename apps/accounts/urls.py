from django.urls import path

from apps.accounts import views, views_reset

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.login, name="login"),
    path("keluar/", views.logout, name="logout"),
    path("verifikasi-2fa/", views.otp_verify, name="otp_verify"),
    path("atur-2fa/", views.otp_enrol, name="otp_enrol"),
    path("daftar/", views.register, name="register"),
    path("lupa-sandi/", views_reset.request_reset, name="password_reset"),
    path("lupa-sandi/kode/", views_reset.reset_with_code, name="password_reset_code"),
    path("konfirmasi/", views.confirm_contact, name="confirm_contact"),
    path("konfirmasi/kirim-ulang/", views.resend_code, name="resend_code"),
    path("beranda/", views.start, name="start"),
    path("profil/", views.profile, name="profile"),
    path("profil/ubah/", views.profile_edit, name="profile_edit"),
    path("profil/nik-kk/", views.identity_change, name="identity_change"),
    path("meja/", views.staff_desk_redirect, name="staff_desk"),
]
