from django.urls import path

from apps.issuance import views_staff as v

app_name = "issuance_staff"

urlpatterns = [
    path("biometrik/", v.biometrics_list, name="biometrics"),
    path("biometrik/<str:number>/", v.biometrics_record, name="biometrics_record"),
    path("cetak/", v.print_queue, name="print_queue"),
    path("cetak/<str:number>/", v.print_card, name="print_card"),
    path("cetak/<str:number>/siap-diambil/", v.ready_for_pickup, name="ready_for_pickup"),
    path("cetak/<str:number>/suket/", v.suket_issue, name="suket_issue"),
    path("suket/<int:suket_id>/perpanjang/", v.suket_renew, name="suket_renew"),
    path("suket/<int:suket_id>/pdf/", v.suket_pdf, name="suket_pdf"),
    path("stok/", v.stock, name="stock"),
    path("ambil/", v.pickup, name="pickup"),
    path("ambil/belum-diambil/", v.uncollected, name="uncollected"),
    path("ambil/<str:number>/", v.handover, name="handover"),
]
