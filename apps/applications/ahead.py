"""The steps still ahead of an application, for the resident's timeline: in plain words, in order, with the
estimated completion date on the step where the card is ready (a digital document: where it is issued)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from apps.applications.models import Application, ServiceType
from apps.applications.workflow import TERMINAL, Status

S = Status

# The path a file takes when nothing goes wrong (a correction or a central failure sends it back a few steps).
HAPPY_PATH: tuple[str, ...] = (
    S.SUBMITTED,
    S.IN_VERIFICATION,
    S.VERIFIED,
    S.AWAITING_BIOMETRICS,
    S.SENT_TO_CENTRAL,
    S.PRINT_READY,
    S.PRINTED,
    S.READY_FOR_PICKUP,
    S.COLLECTED,
)

# A signed digital document (KK, akta, SKPWNI): central registers it, then it is issued.
DIGITAL_PATH: tuple[str, ...] = (S.SUBMITTED, S.IN_VERIFICATION, S.VERIFIED, S.SENT_TO_CENTRAL, S.DOCUMENT_ISSUED)
DIGITAL_AHEAD_TEXT: dict[str, StrOrPromise] = {
    S.SENT_TO_CENTRAL: _("Data Anda dikirim ke pusat (Ditjen Dukcapil) untuk dicatat."),
    S.DOCUMENT_ISSUED: _("Dokumen terbit dengan tanda tangan elektronik; Anda mengunduhnya di halaman ini dan "
                         "menerima salinannya lewat e-mail."),
}

# What will happen, in the future tense a resident reads ahead of time.
AHEAD_TEXT: dict[str, StrOrPromise] = {
    S.SUBMITTED: _("Anda mengajukan permohonan setelah data dan dokumen lengkap."),
    S.IN_VERIFICATION: _("Petugas memeriksa data dan dokumen Anda."),
    S.VERIFIED: _("Data dan dokumen dinyatakan benar."),
    S.AWAITING_BIOMETRICS: _("Anda datang ke kantor untuk perekaman foto, sidik jari, iris mata dan tanda tangan."),
    S.SENT_TO_CENTRAL: _("Data Anda dikirim ke pusat (Ditjen Dukcapil) untuk pemeriksaan keunikan."),
    S.PRINT_READY: _("Pusat menyetujui data Anda; KTP-el menunggu dicetak."),
    S.PRINTED: _("KTP-el Anda dicetak."),
    S.READY_FOR_PICKUP: _("KTP-el siap diambil di kantor; Anda mendapat pemberitahuan."),
    S.COLLECTED: _("Anda mengambil KTP-el dengan membawa bukti permohonan."),
}


@dataclass(frozen=True)
class Step:
    status: str
    label: StrOrPromise
    text: StrOrPromise
    estimate: dt.date | None


def steps_ahead(application: Application) -> list[Step]:
    """The steps after the current one, next first; none for a finished, rejected or cancelled file."""
    if application.status in TERMINAL:
        return []
    digital = application.service_type.product_kind == ServiceType.ProductKind.DIGITAL
    path = list(DIGITAL_PATH) if digital else [
        s for s in HAPPY_PATH if s != S.AWAITING_BIOMETRICS or application.service_type.requires_biometrics
    ]
    last = path[-1] if digital else S.READY_FOR_PICKUP
    # A draft and a returned file are before "submitted"; every other state is on the path.
    position = path.index(application.status) if application.status in path else -1
    estimate = application.estimated_completion_date
    return [
        Step(
            status=status,
            label=S(status).label,
            text=(DIGITAL_AHEAD_TEXT.get(status) if digital else None) or AHEAD_TEXT[status],
            estimate=estimate if status == last else None,
        )
        for status in path[position + 1 :]
    ]
