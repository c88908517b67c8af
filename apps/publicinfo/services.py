"""Writes of the public information app: the service standards (seeded, then edited by the section head)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from apps.applications import catalogue
from apps.applications.models import ServiceType
from apps.core import audit
from apps.publicinfo.models import INTERNAL_FIELDS, PUBLIC_FIELDS, ServiceStandard

PRODUCTS: dict[str, str] = {
    ServiceType.Category.KTP: (
        "KTP-el (Kartu Tanda Penduduk elektronik).\n"
        "Bila blangko habis: Surat Keterangan (Suket) pengganti KTP-el yang berlaku sampai kartu dicetak."
    ),
    ServiceType.Category.KK: "Kartu Keluarga (KK) yang ditandatangani secara elektronik.",
    ServiceType.Category.CIVIL_RECORD: "Kutipan akta pencatatan sipil.",
    ServiceType.Category.OTHER: "Dokumen kependudukan sesuai permohonan.",
}

ONLINE_STEPS = (
    "Daftar atau masuk ke Sipon dengan NIK dan nomor HP.\n"
    "Pilih layanan, isi data dan unggah foto dokumen persyaratan.\n"
    "Periksa ringkasan, lalu kirim permohonan; simpan nomor permohonan.\n"
    "Petugas memeriksa berkas; bila ada yang kurang, Anda diberi tahu lewat SMS/e-mail dan bisa memperbaikinya.\n"
    "{biometrics}"
    "Ambil KTP-el di lokasi yang Anda pilih dengan membawa bukti permohonan (atau diwakilkan dengan surat kuasa)."
)
WALK_IN_STEPS = (
    "Datang ke kantor Disdukcapil atau lokasi layanan kecamatan pada jam layanan; sebaiknya pesan jadwal dulu.\n"
    "Ambil nomor antrean di anjungan (prioritas untuk lansia, penyandang disabilitas, ibu hamil).\n"
    "Serahkan dokumen persyaratan asli di loket; petugas memeriksa dan memasukkan data.\n"
    "{biometrics}"
    "Terima bukti permohonan; KTP-el dicetak sesuai jangka waktu dan diambil di loket pengambilan."
)
BIOMETRICS = "Datang untuk perekaman foto, sidik jari, iris mata dan tanda tangan.\n"
BIOMETRICS_HERE = "Lakukan perekaman foto, sidik jari, iris mata dan tanda tangan di ruang perekaman.\n"

COMMON: dict[str, str] = {
    "cost": (
        "Gratis, tidak dipungut biaya apa pun.\n"
        "UU 23/2006 jo. UU 24/2013 tentang Administrasi Kependudukan, Pasal 79A: pengurusan dan penerbitan "
        "dokumen kependudukan tidak dipungut biaya. Laporkan setiap pungutan lewat menu Pengaduan."
    ),
    "complaint_handling": (
        "Menu Pengaduan di Sipon (daring, dengan nomor laporan untuk memantau jawaban).\n"
        "SP4N-LAPOR! (lapor.go.id) atau SMS 1708.\n"
        "Langsung di loket pengaduan kantor atau kotak saran.\n"
        "Laporan diperiksa paling lambat 3 hari kerja dan dijawab paling lambat 5 hari kerja (kasus sederhana)."
    ),
    "facilities": (
        "Ruang tunggu dengan kursi, anjungan antrean, layar panggilan, loket layanan, alat perekaman biometrik, "
        "printer KTP-el, toilet, jalur kursi roda dan loket prioritas."
    ),
    "staff_competence": (
        "Memahami peraturan administrasi kependudukan, mampu mengoperasikan SIAK dan alat perekaman, "
        "berkomunikasi dengan santun, menjaga kerahasiaan data pribadi."
    ),
    "supervision": "Kepala seksi dan kepala bidang melakukan pengawasan melekat; Inspektorat Kabupaten.",
    "staffing": "Petugas informasi, petugas penerima berkas, operator perekaman dan pencetakan, petugas pengambilan.",
    "guarantee": "Pelayanan sesuai standar ini, dengan maklumat pelayanan yang dipasang di ruang layanan.",
    "security": (
        "Data pribadi dilindungi (UU 27/2022), dokumen diperiksa keasliannya, blangko KTP-el dicatat per keping, "
        "akses petugas dengan faktor kedua dan jejak audit."
    ),
    "performance_evaluation": (
        "Survei Kepuasan Masyarakat (IKM) tiap semester, pemantauan ketepatan waktu tiap bulan, "
        "rapat evaluasi tindak lanjut pengaduan; hasil dipublikasikan di halaman Kinerja."
    ),
}


def default_values(service: ServiceType) -> dict[str, str]:
    biometrics = BIOMETRICS if service.requires_biometrics else ""
    return {
        "procedure_online": ONLINE_STEPS.format(biometrics=biometrics),
        "procedure_walk_in": WALK_IN_STEPS.format(biometrics=BIOMETRICS_HERE if service.requires_biometrics else ""),
        "time_note": "Dihitung sejak berkas dinyatakan lengkap; hari Sabtu, Minggu dan libur nasional tidak dihitung.",
        "product": PRODUCTS.get(service.category, PRODUCTS[ServiceType.Category.OTHER]),
        "legal_basis": service.legal_basis or "UU 24/2013; Perpres 96/2018; Permendagri 109/2019.",
        **COMMON,
    }


@transaction.atomic
def seed_standards() -> int:
    """Give every active service without a standard the default one; never overwrites an edited standard.
    Returns how many were created."""
    missing = ServiceType.objects.filter(is_active=True, standard__isnull=True)
    created = [ServiceStandard(service_type=service, **default_values(service)) for service in missing]
    ServiceStandard.objects.bulk_create(created)
    return len(created)


@transaction.atomic
def update_standard(standard: ServiceStandard, data: dict[str, Any], *, actor: Any) -> ServiceStandard:
    """The section head's edit: save the fields that changed and write the audit log."""
    locked = ServiceStandard.objects.select_for_update().get(pk=standard.pk)
    fields = (*PUBLIC_FIELDS, *INTERNAL_FIELDS)
    changed = [name for name in fields if name in data and getattr(locked, name) != data[name]]
    for name in changed:
        setattr(locked, name, data[name])
    locked.updated_by = actor
    locked.save()
    if "legal_basis" in changed:  # one legal basis: the application pages read the catalogue's copy
        catalogue.update_service(locked.service_type, {"legal_basis": locked.legal_basis}, actor=actor)
    audit.record("publicinfo.standard_updated", actor=actor, obj=locked, data={"fields": changed})
    return locked
