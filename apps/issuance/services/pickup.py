"""Handing the card over, and reminders for uncollected cards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.links import follow_url
from apps.applications.models import Application
from apps.applications.services import lock, transition
from apps.applications.workflow import Status
from apps.core import audit
from apps.issuance.models import (
    Handover,
    PickupReady,
)
from apps.issuance.services.common import IssuanceError
from apps.issuance.services.printing import hours_text
from apps.notifications.services import in_language, notify


# --- pickup ---------------------------------------------------------------------------------
def find_for_pickup(query: str) -> list[Application]:
    """By application number, NIK, or the content of the QR on the receipt (a URL ending in the number)."""
    text = (query or "").strip()
    if not text:
        return []
    if "/" in text:
        text = [part for part in text.split("/") if part][-1]
    text = text.upper()
    queryset = Application.objects.select_related("service_type").filter(
        status__in=[Status.READY_FOR_PICKUP, Status.PRINTED, Status.COLLECTED]
    )
    if text.isdigit():
        return list(queryset.filter(nik=text).order_by("-id")[:20])
    return list(queryset.filter(number=text)[:1])


@transaction.atomic
def hand_over(
    application: Application,
    *,
    actor: Any,
    recipient_kind: str,
    recipient_name: str,
    recipient_nik: str,
    id_checked: bool,
    id_document: str,
    proxy_relation: str = "",
    poa_reference: str = "",
    poa_document: UploadedFile[bytes] | None = None,
    request: HttpRequest | None = None,
) -> Handover:
    locked = lock(application.pk)
    if locked.status != Status.READY_FOR_PICKUP:
        raise IssuanceError(_("Kartu ini belum siap diambil atau sudah diserahkan."))
    if not id_checked or not id_document.strip():
        raise IssuanceError(_("Periksa identitas penerima dan catat dokumen yang dilihat."))
    if recipient_kind == Handover.Recipient.PROXY:
        if not proxy_relation.strip() or not (poa_reference.strip() or poa_document):
            raise IssuanceError(
                _(
                    "Penerima kuasa wajib menunjukkan surat kuasa: isi hubungan dan nomor surat kuasa "
                    "atau unggah pindaiannya."
                )
            )
    else:
        recipient_name, recipient_nik = recipient_name or locked.full_name, recipient_nik or locked.nik
    handover = Handover(
        application=locked,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name.strip(),
        recipient_nik=recipient_nik.strip(),
        id_checked=True,
        id_document=id_document.strip(),
        proxy_relation=proxy_relation.strip(),
        poa_reference=poa_reference.strip(),
        handed_by=actor,
    )
    if poa_document is not None:
        handover.poa_document.save(poa_document.name or "surat-kuasa", poa_document, save=False)
    handover.save()
    if recipient_kind == Handover.Recipient.PROXY:
        note = _("Diserahkan kepada %(name)s (kuasa, %(relation)s).") % {
            "name": handover.recipient_name,
            "relation": handover.proxy_relation,
        }
    else:
        note = _("Diserahkan kepada pemohon.")
    transition(
        locked,
        Status.COLLECTED,
        actor=actor,
        request=request,
        note=note,
        data={"handover": handover.pk, "recipient_kind": recipient_kind},
    )
    audit.record(
        "card.handed_over",
        actor=actor,
        obj=locked,
        request=request,
        subject_nik=locked.nik,
        data={"recipient_kind": recipient_kind, "recipient_nik": handover.recipient_nik},
    )
    application.status = locked.status
    return handover


REMINDER_AFTER_DAYS = (7, 14, 30)


def remind_uncollected(now: dt.datetime | None = None) -> int:
    """Remind residents whose card has waited 7, 14 and 30 days."""
    now = now or timezone.now()
    sent = 0
    waiting = PickupReady.objects.filter(application__status=Status.READY_FOR_PICKUP).select_related(
        "application__applicant", "location"
    )
    for ready in waiting:
        if ready.reminders_sent >= len(REMINDER_AFTER_DAYS):
            continue
        if now - ready.ready_at < dt.timedelta(days=REMINDER_AFTER_DAYS[ready.reminders_sent]):
            continue
        with transaction.atomic():
            if not PickupReady.objects.filter(pk=ready.pk, reminders_sent=ready.reminders_sent).update(
                reminders_sent=F("reminders_sent") + 1, last_reminder_at=now
            ):
                continue
            application = ready.application
            with in_language(application.applicant):
                notify(
                    event="card.pickup_reminder",
                    recipient=application.applicant,
                    phone=application.form_data.get("contact_phone", ""),
                    subject=_("KTP-el Anda menunggu diambil"),
                    body=_(
                        "KTP-el untuk permohonan %(number)s sudah menunggu %(days)s hari di %(place)s. "
                        "Jam layanan: %(hours)s."
                    )
                    % {
                        "number": application.number,
                        "days": (now - ready.ready_at).days,
                        "place": ready.location.name,
                        "hours": hours_text(ready.location),
                    },
                    url=follow_url(application),
                )
            sent += 1
    return sent
