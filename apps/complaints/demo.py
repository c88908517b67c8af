"""Demo complaints in every state, answer templates and an evaluation action item (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.complaints import services
from apps.complaints.models import ActionItem, AnswerTemplate, Complaint
from apps.complaints.workflow import Category, Complexity, Kind, Source, Status

TEMPLATES = [
    (
        "Blangko habis",
        Category.BLANK_STOCK,
        "Terima kasih atas laporan Anda. Persediaan blangko KTP-el sedang menunggu kiriman dari pusat. "
        "Selama menunggu, Anda dapat memakai Surat Keterangan (Suket) yang berlaku seperti KTP-el. "
        "Kami akan mengabari Anda begitu kartu dapat dicetak.",
    ),
    (
        "Status permohonan",
        Category.SERVICE_TIME,
        "Terima kasih. Permohonan Anda sudah kami periksa: data sedang diproses di pusat (Ditjen Dukcapil). Anda dapat "
        "mengikuti statusnya di menu Permohonan; kami kirim pemberitahuan saat KTP-el siap diambil.",
    ),
    (
        "Bukan kewenangan",
        Category.OTHER,
        "Terima kasih. Laporan Anda bukan kewenangan Disdukcapil Kabupaten Klaten, sehingga kami teruskan ke instansi "
        "yang berwenang melalui SP4N-LAPOR!.",
    ),
    (
        "Layanan gratis",
        Category.ILLEGAL_FEE,
        "Semua layanan adminduk gratis (UU 24/2013 Pasal 79A). Terima kasih telah melapor; kami menindaklanjuti "
        "laporan ini dan menjaga kerahasiaan identitas Anda.",
    ),
]


def load(stdout: Any) -> None:
    for order, (title, category, body) in enumerate(TEMPLATES):
        AnswerTemplate.objects.get_or_create(title=title, defaults={"category": category, "body": body, "order": order})
    if Complaint.objects.filter(subject__startswith="[demo]").exists():
        stdout.write("Demo complaints already loaded.")
        return
    users = get_user_model().objects
    cs = users.filter(username="pengaduan").first()
    head = users.filter(username="kasi").first()
    resident = users.filter(resident__isnull=False).order_by("id").first()
    now = timezone.now()

    def days_ago(n: int) -> dt.datetime:
        return now - dt.timedelta(days=n)

    services.file_complaint(
        kind=Kind.COMPLAINT,
        category=Category.QUEUE,
        subject="[demo] Antrean penuh sebelum loket buka",
        description="Saya datang jam 06.00 dan nomor antrean C sudah habis jam 07.30. Mohon kuota ditambah.",
        filer=resident,
        now=days_ago(0),
    )
    verified = services.file_complaint(
        kind=Kind.COMPLAINT,
        category=Category.SERVICE_TIME,
        subject="[demo] KTP-el belum jadi setelah 30 hari",
        description="Rekam 2 bulan lalu di Kecamatan Wedi, sampai sekarang belum ada kabar.",
        filer=resident,
        now=days_ago(2),
    )
    services.transition(verified, Status.VERIFIED, actor=cs, now=days_ago(1))
    services.post_message(
        verified,
        body="Cek di SIAK: status SENT_FOR_ENROLLMENT sejak 40 hari. Tanyakan ke pusat.",
        author=cs,
        from_staff=True,
        internal=True,
        now=days_ago(1),
    )
    answered = services.file_complaint(
        kind=Kind.INFORMATION,
        category=Category.BLANK_STOCK,
        subject="[demo] Kapan blangko tersedia lagi?",
        description="Petugas bilang blangko habis. Kapan saya bisa mengambil KTP-el?",
        name="Sutrisno",
        phone="081229876543",
        now=days_ago(6),
    )
    services.answer(answered, body=TEMPLATES[0][2], actor=cs, now=days_ago(4))
    forwarded = services.file_complaint(
        kind=Kind.COMPLAINT,
        category=Category.OTHER,
        subject="[demo] Jalan rusak menuju kantor kecamatan",
        description="Jalan di depan kantor Kecamatan Trucuk berlubang dan membahayakan warga yang datang.",
        name="Wahyu",
        email="wahyu@contoh.id",
        now=days_ago(5),
    )
    services.transition(
        forwarded,
        Status.FORWARDED,
        actor=cs,
        forwarded_to="DPUPR Kabupaten Klaten",
        note="Bukan kewenangan Disdukcapil.",
        now=days_ago(4),
    )
    services.file_complaint(
        kind=Kind.COMPLAINT,
        category=Category.DATA_ERROR,
        subject="[demo] Nama di KK salah ketik",
        description="Nama anak saya di KK tertulis SETIYAWAN, seharusnya SETIAWAN.",
        name="Ngatini",
        phone="085640001122",
        now=days_ago(20),
    )
    pungli = services.file_complaint(
        kind=Kind.COMPLAINT,
        category=Category.ILLEGAL_FEE,
        subject="[demo] Diminta uang untuk percepatan",
        description="Ada orang di depan kantor menawarkan KTP-el jadi sehari dengan bayar Rp150.000.",
        name="Pelapor",
        phone="081377778888",
        confidential=True,
        now=days_ago(3),
    )
    services.transition(pungli, Status.VERIFIED, actor=head, now=days_ago(2))
    services.set_complexity(pungli, Complexity.DISPUTE, actor=head, now=days_ago(2))
    services.transition(pungli, Status.PLANNED, actor=head, note="Koordinasi dengan Inspektorat.", now=days_ago(2))
    services.file_complaint(
        kind=Kind.SUGGESTION,
        category=Category.FACILITIES,
        subject="[demo] Kursi ruang tunggu kurang",
        description="Kotak saran: banyak lansia berdiri menunggu. Mohon tambah kursi dan kipas.",
        source=Source.SUGGESTION_BOX,
        entered_by=cs,
        now=days_ago(1),
    )
    services.file_complaint(
        kind=Kind.COMPLIMENT,
        category=Category.STAFF_CONDUCT,
        subject="[demo] Petugas loket 2 ramah",
        description="Terima kasih, ibu di loket 2 sabar menjelaskan syarat untuk ibu saya yang sudah sepuh.",
        source=Source.COUNTER,
        name="Yuliani",
        entered_by=cs,
        now=days_ago(0),
    )
    services.escalate_overdue(now=now)
    if head is not None and cs is not None:
        ActionItem.objects.get_or_create(
            title="Tambah 20 kursi dan 2 kipas di ruang tunggu",
            defaults={
                "assignee": cs,
                "due_date": timezone.localdate() + dt.timedelta(days=14),
                "created_by": head,
                "meeting_month": timezone.localdate().replace(day=1),
                "ikm_element": 9,
            },
        )
    stdout.write("Demo complaints ready (8 in different states, overdue ones escalated).")
