"""Civil-registry updates to central (KK baru/perubahan/pisah, akta kelahiran and kematian, SKPWNI).

The same path as enrolment (:mod:`apps.central.services`): the message is written to the outbox in the
transaction that moves the file to SENT_TO_CENTRAL, sent by :mod:`apps.central.outbox` with its idempotency key
(claims, leases, retries, outage handling), and central's answer is applied here, idempotently: the first worker
to apply it stores it on the file's :class:`~apps.central.models.CentralRecord` and publishes
:class:`~apps.central.events.CivilUpdateRegistered` after commit; any later copy of the same answer changes nothing.
The stage that asked (``apps.digitaldocs``) subscribes to that event and issues its document.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.applications.models import Application
from apps.applications.services import transition
from apps.applications.workflow import Status
from apps.central.events import CivilUpdateRefused, CivilUpdateRegistered
from apps.central.models import CentralRecord, CentralState, OutboxMessage
from apps.central.services import _enqueue_drain, _history
from apps.core import events

log = logging.getLogger("sipon.central")

DOCUMENT_KINDS = frozenset({"kk", "birth", "death", "skpwni"})
_MEMBER_FIELDS = ("nik", "name", "birth_date", "sex", "relation")


class CivilUpdateError(ValueError):
    """A civil-registry update that central could never accept (unknown kind, no reference)."""


def _date(value: dt.date | str | None) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def civil_update_payload(
    *,
    document_kind: str,
    reference: str,
    kk_number: str,
    subject_nik: str = "",
    subject_name: str = "",
    subject_birth_date: dt.date | str | None = None,
    subject_sex: str = "",
    members: Iterable[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The message for ``POST /civil-updates``, from what the caller knows. ``subject_nik`` empty: a newborn
    without a NIK (central allocates one). ``members``: the family as it will be after the update (each a
    mapping of ``nik``, ``name``, ``birth_date``, ``sex``, ``relation``), or None when not given."""
    if document_kind not in DOCUMENT_KINDS:
        raise CivilUpdateError(f"unknown document kind {document_kind!r}")
    if not reference:
        raise CivilUpdateError("a civil-registry update needs the application number")
    payload: dict[str, Any] = {
        "kind": document_kind,
        "reference": reference,
        "kk_number": kk_number or "",
        "subject": {
            "nik": subject_nik or None,
            "name": subject_name,
            "birth_date": _date(subject_birth_date),
            "sex": subject_sex or "",
        },
    }
    if members is not None:
        payload["members"] = [
            {name: (_date(member.get(name)) if name == "birth_date" else member.get(name) or "") for name in
             _MEMBER_FIELDS}
            for member in members
        ]
    return payload


@transaction.atomic
def send_civil_update(
    application: Application, payload: dict[str, Any], *, actor: Any, request: HttpRequest | None = None
) -> OutboxMessage:
    """Move the (locked, VERIFIED) file to SENT_TO_CENTRAL and write the update to the outbox in the same
    transaction. Sent by the outbox worker; the file moves on when central's answer is applied."""
    transition(application, Status.SENT_TO_CENTRAL, actor=actor, request=request)
    message = OutboxMessage.objects.create(application=application, kind=OutboxMessage.Kind.CIVIL, payload=payload)
    record, _created = CentralRecord.objects.get_or_create(application=application)
    _history(record, CentralState.CIVIL_SENT, f"local:{message.idempotency_key}:sent", {"kind": payload["kind"]})
    record.state = CentralState.CIVIL_SENT
    record.reason = ""
    record.save(update_fields=["state", "reason", "updated_at"])
    if getattr(settings, "CENTRAL_SEND_ON_COMMIT", True):
        transaction.on_commit(_enqueue_drain)
    return message


def _stored_answer(registration_number: str, answer: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "registration_number": registration_number,
        "kind": str(answer.get("kind", "")),
        "kk_number": str(answer.get("kk_number", "")),
        "nik": str(answer.get("nik") or ""),
        "nik_allocated": bool(answer.get("nik_allocated", False)),
        "registered_at": str(answer.get("registered_at", "")),
    }


@transaction.atomic
def apply_civil_answer(
    *, application_id: int, registration_number: str, state: str, answer: Mapping[str, Any], source: str = "send"
) -> bool:
    """Apply central's answer to a civil-registry update. Idempotent: the same registration is applied, and
    :class:`CivilUpdateRegistered` published, once however often and by however many workers it arrives.
    Returns True if this call applied it."""
    if state != CentralState.CIVIL_REGISTERED or not registration_number:
        log.warning("unexpected civil-update answer %s for application %s", state, application_id)
        return False
    stored = _stored_answer(registration_number, answer)
    record, _created = CentralRecord.objects.get_or_create(application_id=application_id)
    if not _history(record, state, f"{registration_number}:{state}", {**stored, "source": source}):
        return False
    record = CentralRecord.objects.select_for_update().get(pk=record.pk)
    record.state = state
    record.reason = ""
    record.record_id = registration_number
    record.answer = stored
    record.save(update_fields=["state", "reason", "record_id", "answer", "updated_at"])
    events.publish(_event(application_id, stored))
    return True


def _event(application_id: int, stored: Mapping[str, Any], *, replay: bool = False) -> CivilUpdateRegistered:
    return CivilUpdateRegistered(
        application_id=application_id,
        registration_number=str(stored.get("registration_number", "")),
        nik=str(stored.get("nik", "")),
        nik_allocated=bool(stored.get("nik_allocated", False)),
        replay=replay,
    )


def civil_answer(application_id: int) -> dict[str, Any] | None:
    """Central's applied answer to the file's civil-registry update (see ``CentralRecord.answer``), or None."""
    row = (
        CentralRecord.objects.filter(application_id=application_id, state=CentralState.CIVIL_REGISTERED)
        .values_list("answer", flat=True)
        .first()
    )
    return dict(row) if row else None


def republish_registered(*, now: dt.datetime | None = None) -> int:
    """Periodic job: a file whose update central registered but which still waits in SENT_TO_CENTRAL longer than
    ``SIPON_EVENTS_STUCK_AFTER_SECONDS`` lost its event (a crash between the commit and the subscriber): publish
    it again, as a replay. The subscriber is idempotent, so a file that was only slow is not issued twice."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.SIPON_EVENTS_STUCK_AFTER_SECONDS)
    stuck = CentralRecord.objects.filter(
        state=CentralState.CIVIL_REGISTERED, application__status=Status.SENT_TO_CENTRAL, updated_at__lt=cutoff
    ).values_list("application_id", "answer")[:1000]
    count = 0
    for application_id, answer in stuck:
        log.warning("republishing a registered civil update", extra={"application": application_id})
        events.publish(_event(application_id, answer or {}, replay=True))
        count += 1
    return count


def refused(message: OutboxMessage, reason: str) -> None:
    """Call in the transaction that marked a civil message failed for good (once: only the worker whose update
    marked it): keep central's reason on the record and publish :class:`CivilUpdateRefused` after the commit."""
    if message.kind != OutboxMessage.Kind.CIVIL or message.application_id is None:
        return
    said = central_reason(reason)
    record, _created = CentralRecord.objects.get_or_create(application_id=message.application_id)
    record.reason = said
    record.save(update_fields=["reason", "updated_at"])
    events.publish(CivilUpdateRefused(application_id=message.application_id, reason=said))


def central_reason(error: str) -> str:
    """What central said, from the gateway's error text (``HTTP 422: b'{"error": "..."}'``): its ``error`` field
    when there is one, else the text as it is."""
    found = re.search(r'"error":\s*"((?:[^"\\]|\\.)*)"', error)
    return (found.group(1) if found else re.sub(r"^HTTP \d+:\s*", "", error))[:300]
