from django.urls import path

from apps.applications import views_catalogue, views_receipt, views_staff

app_name = "applications_staff"

urlpatterns = [
    path("", views_staff.queue, name="queue"),
    # The catalogue (section head), before the file-number routes below.
    path("katalog/", views_catalogue.index, name="catalogue"),
    path("katalog/<slug:code>/", views_catalogue.edit, name="catalogue_edit"),
    path("katalog/<slug:code>/persyaratan/", views_catalogue.save_requirement, name="catalogue_requirement_add"),
    path("katalog/<slug:code>/persyaratan/<int:pk>/", views_catalogue.save_requirement,
         name="catalogue_requirement"),
    path("katalog/<slug:code>/persyaratan/<int:pk>/hapus/", views_catalogue.remove_requirement,
         name="catalogue_requirement_remove"),
    path("berikutnya/", views_staff.claim_next, name="claim_next"),
    path("<str:number>/", views_staff.detail, name="detail"),
    path("<str:number>/tanda-terima/", views_receipt.receipt, name="receipt"),
    path("<str:number>/tanda-terima.pdf", views_receipt.receipt_pdf, name="receipt_pdf"),
    path("<str:number>/ambil/", views_staff.claim, name="claim"),
    path("<str:number>/lepas/", views_staff.release, name="release"),
    path("<str:number>/putuskan/", views_staff.decide, name="decide"),
    path("<str:number>/keluarga/<int:member_id>/konfirmasi/", views_staff.confirm_member, name="confirm_member"),
]
