"""One open KTP-el application per NIK, whichever channel it came through.

A person holds one card: a lost-card, a damaged-card and a first-card application of the same NIK open together
would print two cards (and use two blanks). The rule is checked where a file enters the open states
(:func:`guard`, called by :func:`apps.applications.services.transition` under the application's row lock), and
early, before a draft is started, so the resident is not sent through the whole form for nothing.

Two submissions of one NIK could race (online and at the desk at the same moment): on PostgreSQL a transaction-scoped
advisory lock keyed on the NIK serialises them; SQLite takes its write lock at BEGIN (``transaction_mode=IMMEDIATE``),
so writers are already serialised there. A unique index cannot express the rule: "KTP-el" is the service's category,
on another table.
"""

from __future__ import annotations

import zlib
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from apps.applications.models import Application, ServiceType
from apps.applications.workflow import OPEN, InvalidTransition

_LOCK_NAMESPACE = 0x5E1  # first key of the two-key advisory lock: "one open application per NIK"


class AlreadyOpen(InvalidTransition):
    """The NIK already has an open KTP-el application (``existing``)."""

    def __init__(self, current: str, target: str, existing: Application) -> None:
        super().__init__(current, target)
        self.existing = existing


def is_card_service(service_type: ServiceType) -> bool:
    return service_type.category == ServiceType.Category.KTP


def open_card_application(nik: str, *, exclude_pk: int | None = None) -> Application | None:
    """The NIK's open KTP-el application, if any (oldest first)."""
    query = Application.objects.filter(
        nik=nik, status__in=OPEN, service_type__category=ServiceType.Category.KTP
    ).select_related("service_type")
    if exclude_pk is not None:
        query = query.exclude(pk=exclude_pk)
    return query.order_by("submitted_at", "pk").first()


def _lock_nik(nik: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, zlib.crc32(nik.encode()) - 2**31])


def guard(application: Application, previous: str, target: str) -> None:
    """Refuse (raise :class:`AlreadyOpen`) to open a KTP-el application while the NIK has another open one.
    Call inside the transaction that changes the status."""
    if target not in OPEN or previous in OPEN or not is_card_service(application.service_type):
        return
    _lock_nik(application.nik)
    existing = open_card_application(application.nik, exclude_pk=application.pk)
    if existing is not None:
        raise AlreadyOpen(previous, target, existing)


def refusal(existing: Application, user: Any) -> tuple[str, Application | None]:
    """The message a resident reads, and the open application to link to (only their own)."""
    own = user is not None and getattr(user, "is_authenticated", False) and existing.applicant_id == user.pk
    if own:
        message = _(
            "NIK Anda masih punya permohonan KTP-el yang sedang berjalan (%(number)s, %(service)s). Satu NIK hanya "
            "boleh punya satu permohonan KTP-el yang berjalan: ikuti permohonan itu, atau batalkan dulu jika "
            "keliru."
        ) % {"number": existing.number, "service": existing.service_type.name}
        return message, existing
    message = _(
        "NIK ini masih punya permohonan KTP-el yang sedang berjalan, dibuat di kantor atau dari akun lain. Satu "
        "NIK hanya boleh punya satu permohonan KTP-el yang berjalan. Cek statusnya dengan nomor pada bukti "
        "permohonan, atau tanyakan di loket informasi."
    )
    return message, None
