"""Seed the other adminduk services (KK, akta, pindah, KIA): data, not code. Each service's route follows from
its ``product_kind`` (card on a blank, or signed digital document) and its stages; administrators edit the
rows afterwards."""

from __future__ import annotations

from typing import Any

from django.db import migrations

LEGAL_ADMINDUK = (
    "Undang-Undang Nomor 24 Tahun 2013 tentang Perubahan atas UU 23/2006 tentang Administrasi Kependudukan; "
    "Peraturan Presiden Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan "
    "Pencatatan Sipil; Permendagri Nomor 109 Tahun 2019 tentang Formulir dan Buku yang Digunakan dalam "
    "Administrasi Kependudukan (dokumen dicetak pada kertas HVS A4 dengan tanda tangan elektronik)."
)
LEGAL_KIA = "Permendagri Nomor 2 Tahun 2016 tentang Kartu Identitas Anak; " + LEGAL_ADMINDUK
IMG_PDF = ["image", "pdf"]


def doc(kind: str, name: str, help_text: str = "") -> dict[str, Any]:
    return {"kind": kind, "name": name, "help_text": help_text, "max_size_kb": 5120}


KK = doc("kk", "Kartu Keluarga (KK) lama", "Foto seluruh halaman KK, tidak terpotong, tulisan terbaca jelas.")
BUKU_NIKAH = doc("buku-nikah", "Buku nikah / akta perkawinan", "Halaman identitas kedua mempelai.")

SERVICES: list[dict[str, Any]] = [
    {
        "code": "kk-baru", "name": "KK baru", "category": "kk", "order": 10, "service_level_days": 1,
        "form_code": "F-1.01", "queue_code": "D", "changes_data": True,
        "description": "KK baru untuk keluarga yang baru menikah atau belum pernah memiliki KK.",
        "eligibility": "Kepala keluarga yang sudah menikah atau keluarga yang belum terdaftar dalam KK.",
        "documents": [BUKU_NIKAH, doc("kk-asal", "KK asal kedua suami istri", "Foto KK orang tua masing-masing.")],
    },
    {
        "code": "kk-perubahan", "name": "KK perubahan data", "category": "kk", "order": 11, "service_level_days": 1,
        "form_code": "F-1.06", "queue_code": "D", "changes_data": True,
        "description": "KK yang diterbitkan ulang karena ada perubahan data anggota keluarga.",
        "eligibility": "Kepala atau anggota keluarga yang data dalam KK-nya berubah.",
        "documents": [KK, doc("bukti-perubahan", "Bukti perubahan data", "Misalnya ijazah, akta, buku nikah.")],
    },
    {
        "code": "kk-pisah", "name": "Pisah KK", "category": "kk", "order": 12, "service_level_days": 1,
        "form_code": "F-1.01", "queue_code": "D", "min_age_years": 17, "allow_if_married": True,
        "description": "Anggota keluarga yang memisahkan diri dan membentuk KK sendiri.",
        "eligibility": "Anggota keluarga berumur 17 tahun ke atas atau sudah/pernah menikah.",
        "documents": [KK, BUKU_NIKAH],
    },
    {
        "code": "akta-kelahiran", "name": "Akta kelahiran", "category": "akta", "order": 20, "service_level_days": 1,
        "form_code": "F-2.01", "queue_code": "E",
        "description": "Akta kelahiran untuk anak dalam KK pemohon; KK diterbitkan ulang dengan anak tersebut.",
        "eligibility": "Orang tua atau anggota keluarga dari anak yang lahir, dengan KK yang sama.",
        "documents": [
            doc("surat-lahir", "Surat keterangan lahir", "Dari rumah sakit, puskesmas, bidan atau desa."),
            KK, BUKU_NIKAH,
        ],
    },
    {
        "code": "akta-kematian", "name": "Akta kematian", "category": "akta", "order": 21, "service_level_days": 1,
        "form_code": "F-2.01", "queue_code": "E",
        "description": "Akta kematian; KK keluarga diterbitkan ulang tanpa almarhum/almarhumah.",
        "eligibility": "Anggota keluarga dari penduduk yang meninggal dunia.",
        "documents": [
            doc("surat-kematian", "Surat keterangan kematian", "Dari rumah sakit, dokter atau kepala desa."),
            KK,
        ],
    },
    {
        "code": "pindah-keluar", "name": "Pindah keluar (SKPWNI)", "category": "other", "order": 30,
        "service_level_days": 1, "form_code": "F-1.03", "queue_code": "D", "changes_data": True,
        "description": "Surat Keterangan Pindah WNI untuk penduduk yang pindah ke luar Kabupaten Klaten.",
        "eligibility": "Penduduk Kabupaten Klaten yang akan pindah ke daerah lain.",
        "documents": [KK],
    },
    {
        "code": "pindah-datang", "name": "Pindah datang (KK baru)", "category": "kk", "order": 31,
        "service_level_days": 1, "form_code": "F-1.03", "queue_code": "D", "changes_data": True,
        "description": "KK baru dengan alamat Kabupaten Klaten; KTP-el alamat baru diajukan lewat layanan "
                       "KTP-el pindah datang.",
        "eligibility": "Penduduk yang pindah ke Kabupaten Klaten dan membawa SKPWNI dari daerah asal.",
        "documents": [doc("skpwni", "Surat Keterangan Pindah WNI (SKPWNI)", "Dari Disdukcapil daerah asal.")],
    },
    {
        "code": "kia", "name": "Kartu Identitas Anak (KIA)", "category": "other", "order": 40,
        "product_kind": "card", "max_age_years": 17, "service_level_days": 3, "form_code": "F-1.02",
        "queue_code": "C", "legal_basis": LEGAL_KIA,
        "description": "KIA untuk anak di bawah 17 tahun.",
        "eligibility": "Anak yang belum berumur 17 tahun (diajukan oleh orang tua). Anak 5 tahun ke atas "
                       "melampirkan pas foto.",
        "documents": [doc("akta-kelahiran", "Akta kelahiran anak", "Halaman depan akta."), KK],
    },
]


def seed(apps: Any, schema_editor: Any) -> None:
    ServiceType = apps.get_model("applications", "ServiceType")
    RequiredDocument = apps.get_model("applications", "RequiredDocument")
    for spec in SERVICES:
        spec = dict(spec)
        documents = spec.pop("documents")
        defaults = {"product_kind": "digital", "legal_basis": LEGAL_ADMINDUK, **spec}
        code = defaults.pop("code")
        if ServiceType.objects.filter(code=code).exists():
            continue  # never overwrite an administrator's edits
        service = ServiceType.objects.create(code=code, **defaults)
        for order, item in enumerate(documents, start=1):
            item = dict(item)
            RequiredDocument.objects.create(
                service_type=service, kind=item.pop("kind"), mandatory=True, accepted_formats=IMG_PDF,
                order=order, max_pages=10, **item,
            )


def unseed(apps: Any, schema_editor: Any) -> None:
    ServiceType = apps.get_model("applications", "ServiceType")
    ServiceType.objects.filter(code__in=[s["code"] for s in SERVICES], applications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0006_servicetype_product_kind")]
    operations = [migrations.RunPython(seed, unseed)]
