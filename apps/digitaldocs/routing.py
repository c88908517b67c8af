"""Routing a digital-document file through central: VERIFIED -> SENT_TO_CENTRAL -> DOCUMENT_ISSUED.

A KK, akta kelahiran/kematian or SKPWNI changes the civil registry, so central (SIAK Terpusat) registers it
before the office signs the document:

1. :func:`route_verified` (subscriber of ``StatusChanged`` to VERIFIED): the file moves to SENT_TO_CENTRAL and
   the update is written to central's outbox in the same transaction (:func:`apps.central.civil.send_civil_update`).
   The outbox sends it with its idempotency key, retries while central is down (the file's estimate moves as for
   a card), and applies the answer once.
2. :func:`central_registered` (subscriber of ``CivilUpdateRegistered``) queues :func:`issue_registered` as a task
   (the signing runs in the task worker, not in the loop that talks to central), which signs and stores the
   document with central's registration number (and, for a newborn without a NIK, the NIK central allocated) and
   closes the file as DOCUMENT_ISSUED (:func:`apps.digitaldocs.services.issue`, idempotent per application and
   kind).

Both handlers re-read the file under a row lock, so a repeated delivery (the reconciliation jobs
``applications.republish_stuck`` and ``central.republish_registered``) changes nothing the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from apps.applications.events import StatusChanged
from apps.applications.models import Application, ServiceType
from apps.applications.services import lock, transition
from apps.applications.workflow import Status
from apps.central.civil import civil_answer, civil_update_payload, send_civil_update
from apps.central.events import CivilUpdateRefused, CivilUpdateRegistered
from apps.digitaldocs.models import SignedDocument
from apps.digitaldocs.services import issue, kind_for

log = logging.getLogger("sipon.digitaldocs")
Kind = SignedDocument.Kind
# The document kinds as central names them.
CENTRAL_KIND = {Kind.KK: "kk", Kind.BIRTH: "birth", Kind.DEATH: "death", Kind.SKPWNI: "skpwni"}


def _is_digital(application: Application) -> bool:
    return bool(application.service_type.product_kind == ServiceType.ProductKind.DIGITAL)


def subject_of(application: Application, kind: str) -> dict[str, Any]:
    """The person the update is about, from the form: the child (birth), the deceased (death), else the applicant."""
    data = application.form_data or {}
    if kind == Kind.BIRTH and data.get("child_name"):
        return {"nik": str(data.get("child_nik", "")), "name": str(data["child_name"]),
                "birth_date": str(data.get("child_birth_date", "")) or None, "sex": str(data.get("child_sex", ""))}
    if kind == Kind.DEATH and data.get("deceased_nik"):
        return {"nik": str(data["deceased_nik"]), "name": str(data.get("deceased_name", "")),
                "birth_date": str(data.get("deceased_birth_date", "")) or None,
                "sex": str(data.get("deceased_sex", ""))}
    return {"nik": application.nik, "name": application.full_name, "birth_date": application.birth_date,
            "sex": application.sex}


def payload_for(application: Application, *, members: Iterable[Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The civil-registry update of a digital-document file. ``members``: the family after the update, when the
    caller knows it (each ``nik``, ``name``, ``birth_date``, ``sex``, ``relation``)."""
    kind = kind_for(application.service_type)
    subject = subject_of(application, kind)
    return civil_update_payload(
        document_kind=CENTRAL_KIND[Kind(kind)],
        reference=application.number,
        kk_number=application.kk_number,
        subject_nik=subject["nik"],
        subject_name=subject["name"],
        subject_birth_date=subject["birth_date"],
        subject_sex=subject["sex"],
        members=members,
    )


def route_verified(event: StatusChanged) -> None:
    """Subscriber: a verified digital-document file goes to central (SENT_TO_CENTRAL and the outbox message)."""
    if event.to_status != Status.VERIFIED:
        return
    with transaction.atomic():
        application = lock(event.application_id)
        if application.status != Status.VERIFIED or not _is_digital(application):
            return  # routed already (a second delivery), moved by hand, or a card (issuance routes it)
        actor = get_user_model().objects.filter(pk=event.actor_id).first() if event.actor_id else None
        send_civil_update(application, payload_for(application), actor=actor)


def central_refused(event: CivilUpdateRefused) -> None:
    """Subscriber: central refused the update for good. The file goes back to the desk's queue (SUBMITTED, not
    claimed) with central's reason in its history, so an officer reads it and returns the file to the resident
    for correction or decides again; the applicant is told it is being checked again. Idempotent."""
    with transaction.atomic():
        application = lock(event.application_id)
        if application.status != Status.SENT_TO_CENTRAL or not _is_digital(application):
            return
        transition(application, Status.SUBMITTED, data={"central_refused": event.reason},
                   note=_("Pusat (Ditjen Dukcapil) belum dapat mencatat data ini dan mengembalikannya ke petugas "
                          "untuk diperiksa ulang. Alasan dari pusat: %(reason)s") % {"reason": event.reason})


def _registered_file(application_id: int) -> Application | None:
    """The file, if it is a digital document still waiting for central."""
    application = Application.objects.select_related("service_type").filter(pk=application_id).first()
    if application is None or application.status != Status.SENT_TO_CENTRAL or not _is_digital(application):
        return None
    return application


def central_registered(event: CivilUpdateRegistered) -> None:
    """Subscriber: central registered the update; queue the signing. A task that cannot be queued is not lost:
    ``central.republish_registered`` publishes the event again while the file waits in SENT_TO_CENTRAL."""
    if _registered_file(event.application_id) is None:
        return  # issued already (a repeated delivery), or not a digital document
    from apps.digitaldocs.tasks import issue_registered_document

    try:
        issue_registered_document.enqueue(event.application_id)
    except Exception:
        log.exception("could not queue a registered document's signing", extra={"application": event.application_id})


def issue_registered(application_id: int) -> SignedDocument | None:
    """Sign and store the document of a file central registered, with central's answer; close the file as issued.
    Idempotent (:func:`apps.digitaldocs.services.issue` re-reads the file under a row lock)."""
    application = _registered_file(application_id)
    answer = civil_answer(application_id) if application is not None else None
    if application is None or answer is None:
        return None
    return issue(application, answer=answer)
