from django.urls import path

from apps.applications import views_receipt, views_staff

app_name = "applications_staff"

urlpatterns = [
    path("", views_staff.queue, name="queue"),
    path("berikutnya/", views_staff.claim_next, name="claim_next"),
    path("<str:number>/", views_staff.detail, name="detail"),
    path("<str:number>/tanda-terima/", views_receipt.receipt, name="receipt"),
    path("<str:number>/tanda-terima.pdf", views_receipt.receipt_pdf, name="receipt_pdf"),
    path("<str:number>/ambil/", views_staff.claim, name="claim"),
    path("<str:number>/lepas/", views_staff.release, name="release"),
    path("<str:number>/putuskan/", views_staff.decide, name="decide"),
    path("<str:number>/keluarga/<int:member_id>/konfirmasi/", views_staff.confirm_member, name="confirm_member"),
]
