"""Demo notices: the online service and the Friday schedule (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.announcements.models import Notice, NoticeKind, Severity


def load(stdout: Any) -> None:
    now = timezone.now()
    Notice.objects.get_or_create(
        title="Pengajuan KTP-el kini bisa dari ponsel",
        defaults={
            "kind": NoticeKind.GENERAL,
            "severity": Severity.INFO,
            "summary": "Ajukan KTP-el hilang, rusak atau perubahan data lewat Sipon, lalu pantau berkas Anda.",
            "starts_at": now - dt.timedelta(days=1),
            "ends_at": now + dt.timedelta(days=30),
        },
    )
    Notice.objects.get_or_create(
        title="Layanan hari Jumat sampai pukul 11.00",
        defaults={
            "kind": NoticeKind.SCHEDULE_CHANGE,
            "severity": Severity.WARNING,
            "summary": "Setiap Jumat loket tutup pukul 11.00 WIB. Ambil nomor antrean sebelum pukul 10.30.",
            "starts_at": now - dt.timedelta(days=1),
            "ends_at": now + dt.timedelta(days=14),
        },
    )
    stdout.write("Demo notices ready.")
