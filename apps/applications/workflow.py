"""The life of an application (permohonan), from draft to collected card.

One explicit workflow: the states, the allowed transitions, and the words a
resident sees. Every change goes through
:func:`apps.applications.services.transition`, which enforces ``TRANSITIONS``
and appends a :class:`~apps.applications.models.StatusChange`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    IN_VERIFICATION = "in_verification", _("Sedang diverifikasi")
    NEEDS_CORRECTION = "needs_correction", _("Perlu perbaikan")
    VERIFIED = "verified", _("Terverifikasi")
    AWAITING_BIOMETRICS = "awaiting_biometrics", _("Menunggu perekaman biometrik")
    SENT_TO_CENTRAL = "sent_to_central", _("Dikirim ke pusat")
    PRINT_READY = "print_ready", _("Siap cetak")
    PRINTED = "printed", _("Sudah dicetak")
    READY_FOR_PICKUP = "ready_for_pickup", _("Siap diambil")
    COLLECTED = "collected", _("Sudah diambil")
    # A digital document (KK, akta, SKPWNI): signed, downloadable and e-mailed; no blank, no pickup.
    DOCUMENT_ISSUED = "document_issued", _("Dokumen terbit")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


S = Status

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.CANCELLED}),
    S.SUBMITTED: frozenset({S.IN_VERIFICATION, S.CANCELLED}),
    S.IN_VERIFICATION: frozenset({S.SUBMITTED, S.NEEDS_CORRECTION, S.VERIFIED, S.REJECTED}),
    S.NEEDS_CORRECTION: frozenset({S.SUBMITTED, S.CANCELLED}),
    S.VERIFIED: frozenset({S.AWAITING_BIOMETRICS, S.SENT_TO_CENTRAL, S.PRINT_READY, S.DOCUMENT_ISSUED}),
    S.AWAITING_BIOMETRICS: frozenset({S.SENT_TO_CENTRAL, S.CANCELLED}),
    # A failure at central (duplicate, enrolment failure) sends the file back to recording or to rejection.
    # A KK or deed update central refused for good goes back to the desk (SUBMITTED) with central's reason.
    S.SENT_TO_CENTRAL: frozenset({S.PRINT_READY, S.AWAITING_BIOMETRICS, S.REJECTED, S.DOCUMENT_ISSUED, S.SUBMITTED}),
    S.PRINT_READY: frozenset({S.PRINTED}),
    S.PRINTED: frozenset({S.READY_FOR_PICKUP, S.PRINT_READY}),
    S.READY_FOR_PICKUP: frozenset({S.COLLECTED}),
    S.COLLECTED: frozenset(),
    S.DOCUMENT_ISSUED: frozenset(),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
}

TERMINAL: frozenset[str] = frozenset({S.COLLECTED, S.DOCUMENT_ISSUED, S.REJECTED, S.CANCELLED})
OPEN: frozenset[str] = frozenset(set(Status.values) - TERMINAL - {S.DRAFT})
# States after which the card itself is done from the service-level point of view.
DONE_FOR_SERVICE_LEVEL: frozenset[str] = frozenset({S.PRINTED, S.READY_FOR_PICKUP, S.COLLECTED, S.DOCUMENT_ISSUED})

# What the resident reads on the timeline, and what (if anything) they must do.
RESIDENT_TEXT: dict[str, StrOrPromise] = {
    S.DRAFT: _("Permohonan belum diajukan. Lengkapi dan ajukan."),
    S.SUBMITTED: _("Permohonan sudah kami terima dan menunggu diperiksa petugas."),
    S.IN_VERIFICATION: _("Petugas sedang memeriksa data dan dokumen Anda."),
    S.NEEDS_CORRECTION: _("Ada yang perlu Anda perbaiki. Lihat catatan petugas lalu kirim ulang."),
    S.VERIFIED: _("Data dan dokumen Anda sudah benar."),
    S.AWAITING_BIOMETRICS: _("Datang ke kantor untuk perekaman foto, sidik jari, iris mata dan tanda tangan."),
    # (a card's record and a KK or deed update alike)
    S.SENT_TO_CENTRAL: _("Data Anda dikirim ke pusat (Ditjen Dukcapil) untuk diperiksa dan dicatat."),
    S.PRINT_READY: _("Data Anda sudah disetujui pusat dan menunggu dicetak."),
    S.PRINTED: _("KTP-el Anda sudah dicetak."),
    S.READY_FOR_PICKUP: _("KTP-el Anda siap diambil. Bawa bukti permohonan."),
    S.COLLECTED: _("KTP-el sudah diambil. Terima kasih."),
    S.DOCUMENT_ISSUED: _("Dokumen Anda sudah terbit dan ditandatangani secara elektronik. Unduh di halaman ini; "
                         "salinannya juga kami kirim ke e-mail Anda."),
    S.REJECTED: _("Permohonan ditolak. Lihat alasannya di bawah."),
    S.CANCELLED: _("Permohonan dibatalkan."),
}

ACTION_NEEDED: frozenset[str] = frozenset({S.DRAFT, S.NEEDS_CORRECTION, S.AWAITING_BIOMETRICS, S.READY_FOR_PICKUP})


class InvalidTransition(Exception):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"Cannot move an application from {current} to {target}.")
        self.current = current
        self.target = target


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
