"""Seed the e-KTP service catalogue (Perpres 96/2018). Data, not code: administrators edit
it in the admin afterwards, and other services (KK, akta) are added the same way."""

from __future__ import annotations

from typing import Any

from django.db import migrations

LEGAL = (
    "Undang-Undang Nomor 24 Tahun 2013 tentang Perubahan atas UU 23/2006 tentang Administrasi Kependudukan "
    "(layanan gratis, Pasal 79A); Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara "
    "Pendaftaran Penduduk dan Pencatatan Sipil."
)
IMG_PDF = ["image", "pdf"]

KK = {"kind": "kk", "name": "Kartu Keluarga (KK)",
      "help_text": "Foto seluruh halaman KK, tidak terpotong, tulisan terbaca jelas.", "max_size_kb": 5120}

SERVICES: list[dict[str, Any]] = [
    {
        "code": "ktp-baru", "name": "KTP-el baru (pemula)", "order": 1, "requires_biometrics": True,
        "min_age_years": 17, "allow_if_married": True, "service_level_days": 14,
        "description": "Untuk penduduk yang berumur 17 tahun atau sudah/pernah menikah dan belum pernah memiliki KTP-el.",
        "eligibility": "Berumur 17 tahun ke atas, atau sudah/pernah menikah. Perekaman sidik jari, iris mata, foto "
                       "dan tanda tangan dilakukan langsung di kantor.",
        "documents": [KK],
    },
    {
        "code": "ktp-hilang", "name": "KTP-el hilang", "order": 2, "service_level_days": 3,
        "description": "Penggantian KTP-el yang hilang.",
        "eligibility": "Pemilik KTP-el yang kartunya hilang.",
        "documents": [KK, {"kind": "surat-kehilangan", "name": "Surat keterangan kehilangan dari kepolisian",
                           "help_text": "Surat dari Polsek/Polres, berstempel.", "max_size_kb": 5120}],
    },
    {
        "code": "ktp-rusak", "name": "KTP-el rusak", "order": 3, "service_level_days": 3,
        "description": "Penggantian KTP-el yang rusak (patah, terkelupas, chip rusak).",
        "eligibility": "Pemilik KTP-el yang kartunya rusak. Kartu lama diserahkan saat pengambilan.",
        "documents": [KK, {"kind": "ktp-rusak", "name": "Foto KTP-el yang rusak",
                           "help_text": "Foto sisi depan kartu yang rusak.", "max_size_kb": 5120}],
    },
    {
        "code": "ktp-perubahan-data", "name": "KTP-el perubahan data", "order": 4, "service_level_days": 5,
        "changes_data": True, "form_code": "F-1.02, F-1.06",
        "description": "Untuk mengubah elemen data KTP-el (misalnya status perkawinan, pekerjaan, nama, alamat).",
        "eligibility": "Pemilik KTP-el yang datanya berubah. Isi formulir perubahan data (F-1.06).",
        "documents": [
            KK,
            {"kind": "ktp-lama", "name": "KTP-el lama", "help_text": "Foto sisi depan KTP-el lama.", "max_size_kb": 5120},
            {"kind": "bukti-perubahan", "name": "Bukti perubahan data",
             "help_text": "Misalnya buku nikah, akta cerai, ijazah, atau surat keterangan kerja.", "max_size_kb": 8192},
        ],
    },
    {
        "code": "ktp-pindah-datang", "name": "KTP-el pindah datang", "order": 5, "service_level_days": 5,
        "description": "KTP-el baru dengan alamat Kabupaten Klaten untuk penduduk yang pindah dari daerah lain.",
        "eligibility": "Penduduk yang sudah pindah ke Kabupaten Klaten dan memiliki KK baru.",
        "documents": [
            {"kind": "skpwni", "name": "Surat Keterangan Pindah WNI (SKPWNI)",
             "help_text": "Dari Disdukcapil daerah asal.", "max_size_kb": 8192},
            {**KK, "name": "Kartu Keluarga (KK) baru"},
        ],
    },
]


def seed(apps: Any, schema_editor: Any) -> None:
    ServiceType = apps.get_model("applications", "ServiceType")
    RequiredDocument = apps.get_model("applications", "RequiredDocument")
    for spec in SERVICES:
        spec = dict(spec)
        documents = spec.pop("documents")
        service, _ = ServiceType.objects.update_or_create(
            code=spec.pop("code"), defaults={**spec, "category": "ktp", "legal_basis": LEGAL, "queue_code": "C"}
        )
        for order, doc in enumerate(documents, start=1):
            doc = dict(doc)
            RequiredDocument.objects.update_or_create(
                service_type=service, kind=doc.pop("kind"),
                defaults={**doc, "mandatory": True, "accepted_formats": IMG_PDF, "order": order, "max_pages": 10},
            )


def unseed(apps: Any, schema_editor: Any) -> None:
    ServiceType = apps.get_model("applications", "ServiceType")
    ServiceType.objects.filter(code__in=[s["code"] for s in SERVICES], applications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_requireddocument_max_pages_decision")]
    operations = [migrations.RunPython(seed, unseed)]
