"""The life of a complaint, following SP4N-LAPOR! (PermenPAN-RB 62/2018).

States, the allowed transitions, deadlines in working days and the words a resident reads.
Every change goes through :func:`apps.complaints.services.transition`, which enforces
``TRANSITIONS`` and appends a :class:`~apps.complaints.models.ComplaintStatusChange`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    VERIFIED = "verified", _("Terverifikasi")
    PLANNED = "planned", _("Tindak lanjut direncanakan")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Selesai")
    POSTPONED = "postponed", _("Ditunda")
    FORWARDED = "forwarded", _("Diteruskan (bukan kewenangan kami)")


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Pengaduan")
    SUGGESTION = "suggestion", _("Saran")
    COMPLIMENT = "compliment", _("Apresiasi")
    INFORMATION = "information", _("Permintaan informasi")


class Category(models.TextChoices):
    SERVICE_TIME = "service_time", _("Lama penyelesaian")
    QUEUE = "queue", _("Antrean")
    STAFF_CONDUCT = "staff_conduct", _("Sikap petugas")
    ILLEGAL_FEE = "illegal_fee", _("Pungutan liar")
    REQUIREMENTS = "requirements", _("Persyaratan")
    BLANK_STOCK = "blank_stock", _("Blangko KTP-el")
    DATA_ERROR = "data_error", _("Kesalahan data")
    ONLINE_SERVICE = "online_service", _("Layanan daring/aplikasi")
    FACILITIES = "facilities", _("Sarana dan prasarana")
    OTHER = "other", _("Lainnya")


class Unit(models.TextChoices):
    """The counter or desk a complaint is about. Each value is the staff role that works there: the staff of a unit
    never handle a complaint about it (apps.complaints.access)."""

    INFORMATION_DESK = "information_desk", _("Meja informasi")
    FILE_RECEIVER = "file_receiver", _("Loket pemeriksaan berkas")
    OPERATOR = "operator", _("Loket perekaman dan pencetakan")
    PICKUP_OFFICER = "pickup_officer", _("Loket pengambilan KTP-el")
    CUSTOMER_SERVICE = "customer_service", _("Layanan pengaduan")
# Categories a report may be filed in without any identity. SP4N-LAPOR! (PermenPAN-RB 62/2018) lets a reporter
# stay anonymous, and its anonymity matters most where reporters fear retaliation: illegal fees (pungli) and staff
# conduct. Other reports usually need an answer to the person (a file, a date), so they keep a contact; the
# "keep my identity confidential" option stays for every category. Change here to widen it.
ANONYMOUS_CATEGORIES: frozenset[str] = frozenset({Category.ILLEGAL_FEE, Category.STAFF_CONDUCT})


class Complexity(models.TextChoices):
    """Which SP4N-LAPOR! deadline applies."""

    SIMPLE = "simple", _("Sederhana / permintaan informasi (5 hari kerja)")
    DISPUTE = "dispute", _("Sengketa tanpa pemeriksaan lapangan (14 hari kerja)")
    DISPUTE_FIELD_CHECK = "dispute_field_check", _("Sengketa dengan pemeriksaan lapangan (60 hari kerja)")


class Source(models.TextChoices):
    ONLINE = "online", _("Daring (warga)")
    COUNTER = "counter", _("Loket / datang langsung")
    SUGGESTION_BOX = "suggestion_box", _("Kotak saran")
    PHONE = "phone", _("Telepon / WhatsApp")


S = Status

TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.VERIFIED, S.POSTPONED, S.FORWARDED}),
    S.VERIFIED: frozenset({S.PLANNED, S.ANSWERED, S.POSTPONED, S.FORWARDED}),
    S.PLANNED: frozenset({S.ANSWERED, S.POSTPONED}),
    S.POSTPONED: frozenset({S.VERIFIED, S.PLANNED, S.ANSWERED, S.FORWARDED}),
    S.ANSWERED: frozenset({S.CLOSED, S.PLANNED}),  # PLANNED again when the resident reopens
    S.CLOSED: frozenset({S.PLANNED}),  # reopened by the resident within the window
    S.FORWARDED: frozenset({S.CLOSED}),
}

# Still waiting for the office: counted against deadlines and escalated when late.
OPEN: frozenset[str] = frozenset({S.RECEIVED, S.VERIFIED, S.PLANNED, S.POSTPONED})
REOPENABLE: frozenset[str] = frozenset({S.ANSWERED, S.CLOSED})

# Working days allowed for each step (SP4N-LAPOR!).
VERIFY_WITHIN_DAYS = 3
PLAN_WITHIN_DAYS = 5
ANSWER_WITHIN_DAYS: dict[str, int] = {
    Complexity.SIMPLE: 5,
    Complexity.DISPUTE: 14,
    Complexity.DISPUTE_FIELD_CHECK: 60,
}

RESIDENT_TEXT: dict[str, Any] = {  # lazy translations
    S.RECEIVED: _("Laporan Anda sudah kami terima dan akan diperiksa paling lambat 3 hari kerja."),
    S.VERIFIED: _("Laporan Anda sudah diperiksa. Petugas sedang menyiapkan tindak lanjut."),
    S.PLANNED: _("Tindak lanjut sudah direncanakan. Jawaban menyusul sebelum batas waktu."),
    S.ANSWERED: _("Laporan Anda sudah dijawab. Jika belum puas, Anda dapat membukanya kembali."),
    S.CLOSED: _("Laporan selesai. Terima kasih."),
    S.POSTPONED: _("Penanganan ditunda sementara. Petugas akan mengabari Anda."),
    S.FORWARDED: _("Laporan ini bukan kewenangan kantor kami dan diteruskan ke instansi yang berwenang."),
}


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


class InvalidTransition(Exception):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"Cannot move a complaint from {current} to {target}.")
        self.current = current
        self.target = target
