"""The central system (SIAK Terpusat) side of an application: sending a record for enrolment
(through the outbox, in the caller's transaction) and applying what central answers."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.applications.models import Application
from apps.applications.services import lock, transition
from apps.applications.workflow import Status
from apps.central import health
from apps.central.gateway import TransientError, get_gateway
from apps.central.models import CentralRecord, CentralState, CentralStateChange, LinkHealth, OutboxMessage

log = logging.getLogger("sipon.central")

# How far along a record is; a late answer never moves a record back.
_RANK: dict[str, int] = {
    CentralState.BIO_CAPTURED: 0,
    CentralState.SENT_FOR_ENROLLMENT: 1,
    CentralState.RECEIVED_AT_CENTRAL: 2,
}
BACK_TO_RECORDING = frozenset(
    {
        CentralState.ENROLL_FAILURE_AT_REGIONAL,
        CentralState.ENROLL_FAILURE_AT_CENTRAL,
        CentralState.SEARCH_FAILURE_AT_CENTRAL,
    }
)


MOVES_APPLICATION = frozenset({CentralState.PRINT_READY_RECORD, CentralState.DUPLICATE_RECORD, *BACK_TO_RECORDING})
KNOWN_STATES = frozenset(CentralState.values)  # (``.values`` builds a new list on every access)


class BiometricsRequired(Exception):
    """A pemula record cannot go to central before its biometrics were recorded."""


def enrolment_payload(application: Application) -> dict[str, Any]:
    return {
        "reference": application.number,
        "nik": application.nik,
        "name": application.full_name,
        "birth_date": application.birth_date.isoformat() if application.birth_date else None,
        "service": application.service_type.code,
        "biometrics": application.service_type.requires_biometrics,
        "location": application.location.slug if application.location is not None else "",
    }


def _history(record: CentralRecord, state: str, event_key: str, detail: dict[str, Any] | None = None) -> bool:
    try:
        with transaction.atomic():
            CentralStateChange.objects.create(record=record, state=state, event_key=event_key, detail=detail or {})
    except IntegrityError:
        return False
    return True


@transaction.atomic
def send_for_enrolment(
    application: Application, *, actor: Any, request: HttpRequest | None = None, captured: Any = None
) -> OutboxMessage:
    """Move the application to SENT_TO_CENTRAL and write the message to central in the same
    transaction. A service that needs biometrics must have a recorded capture first: ``captured`` is the
    latest biometric capture (issuance passes it; central does not read issuance's tables)."""
    if application.service_type.requires_biometrics and captured is None:
        raise BiometricsRequired(application.number)
    transition(application, Status.SENT_TO_CENTRAL, actor=actor, request=request)
    message = OutboxMessage.objects.create(application=application, payload=enrolment_payload(application))
    record, _created = CentralRecord.objects.get_or_create(application=application)
    if captured is not None:
        _history(
            record,
            CentralState.BIO_CAPTURED,
            f"local:{message.idempotency_key}:bio",
            {"capture": captured.pk, "device": captured.device_id},
        )
    _history(record, CentralState.SENT_FOR_ENROLLMENT, f"local:{message.idempotency_key}:sent")
    record.state = CentralState.SENT_FOR_ENROLLMENT
    record.reason = ""
    record.save(update_fields=["state", "reason", "updated_at"])
    if getattr(settings, "CENTRAL_SEND_ON_COMMIT", True):
        transaction.on_commit(_enqueue_drain)
    return message


def _enqueue_drain() -> None:
    from apps.central.tasks import drain_outbox

    try:
        drain_outbox.enqueue()
    except Exception:  # the scheduler sweep sends it anyway
        log.exception("could not enqueue the outbox drain")


@transaction.atomic
def apply_central_state(
    *, application_id: int, record_id: str, state: str, reason: str = "", source: str = "", at: str = ""
) -> bool:
    """Apply one state central reported for a record. Idempotent: the same (record, state) is
    applied once however often, and by however many workers, it is reported. Returns True if applied."""
    if state not in CentralState.values:
        log.warning("unknown central state %s for application %s", state, application_id)
        return False
    record, _created = CentralRecord.objects.get_or_create(application_id=application_id)
    if not _history(record, state, f"{record_id}:{state}", {"reason": reason, "source": source, "at": at}):
        return False
    record = CentralRecord.objects.select_for_update().get(pk=record.pk)
    if _RANK.get(state, 9) >= _RANK.get(record.state, -1) or not record.state:
        record.state = state
        record.reason = reason
    record.record_id = record_id or record.record_id
    record.save(update_fields=["state", "reason", "record_id", "updated_at"])
    if state not in MOVES_APPLICATION:
        return True  # RECEIVED, ADJUDICATE, ...: the record shows it, the application stays
    application = lock(application_id)
    if application.status != Status.SENT_TO_CENTRAL:
        return True
    if state == CentralState.PRINT_READY_RECORD:
        transition(
            application,
            Status.PRINT_READY,
            note=_("Pusat menyetujui rekaman (Print Ready Record)."),
            data={"central_record": record_id},
        )
    elif state == CentralState.DUPLICATE_RECORD:
        transition(
            application,
            Status.REJECTED,
            note=_("Pusat menemukan rekaman ganda untuk NIK ini. Datang ke kantor dengan KK untuk penyelesaian."),
            data={"central_record": record_id, "central_reason": reason},
        )
    elif state in BACK_TO_RECORDING:
        transition(
            application,
            Status.AWAITING_BIOMETRICS,
            note=_("Perekaman perlu diulang atas permintaan pusat. Datang ke kantor untuk rekam ulang."),
            data={"central_record": record_id, "central_reason": reason},
        )
    return True


def moves_application(state: str) -> bool:
    """Whether applying this central state may move the application (or is unknown, and goes the careful way)."""
    return state in MOVES_APPLICATION or state not in KNOWN_STATES


def apply_answers(answers: list[tuple[int, str, str, str]]) -> int:
    """Apply a batch of send answers ``(application_id, record_id, state, reason)`` in few statements
    (inside the caller's transaction). States that move an application go one by one through
    :func:`apply_central_state`; the rest (RECEIVED_AT_CENTRAL, ADJUDICATE_RECORD, ...) are written in
    bulk, still idempotent: a history row that exists already is skipped by its unique event key."""
    moving = [a for a in answers if moves_application(a[2])]
    for application_id, record_id, state, reason in moving:
        apply_central_state(
            application_id=application_id, record_id=record_id, state=state, reason=reason, source="send"
        )
    rest = [a for a in answers if a not in moving]
    if not rest:
        return len(moving)
    ids = [a[0] for a in rest]
    # Every record exists and carries central's record id: one upsert (INSERT ... ON CONFLICT DO UPDATE)
    # instead of a read, an insert of the missing ones and a CASE update per row.
    record_ids = {app: rid for app, rid, _state, _reason in rest if rid}
    upserted = CentralRecord.objects.bulk_create(
        [CentralRecord(application_id=app, record_id=rid) for app, rid in record_ids.items()],
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=["record_id", "updated_at"],
    )
    records = {row.application_id: row.pk for row in upserted if row.pk is not None}  # RETURNING where supported
    no_id = {i for i in ids if i not in record_ids}
    if no_id:
        CentralRecord.objects.bulk_create([CentralRecord(application_id=i) for i in no_id], ignore_conflicts=True)
    if len(records) < len(set(ids)):
        records = dict(CentralRecord.objects.filter(application_id__in=ids).values_list("application_id", "pk"))
    CentralStateChange.objects.bulk_create(
        [
            CentralStateChange(
                record_id=records[app],
                state=state,
                event_key=f"{rid}:{state}",
                detail={"reason": reason, "source": "send"},
            )
            for app, rid, state, reason in rest
        ],
        ignore_conflicts=True,
    )
    for state in {a[2] for a in rest}:
        rank = _RANK.get(state, 9)
        earlier = ["", *[s for s, r in _RANK.items() if r <= rank]]
        pks = [records[a[0]] for a in rest if a[2] == state]
        query = CentralRecord.objects.filter(pk__in=pks)
        if rank < 9:
            query = query.filter(state__in=earlier)
        query.update(state=state, reason="")
    return len(answers)


def apply_update(update: Any) -> bool:
    """Apply a polled :class:`~apps.central.gateway.StatusUpdate` (matched by key, then by number)."""
    application_id = None
    if update.idempotency_key:
        application_id = (
            OutboxMessage.objects.filter(idempotency_key=update.idempotency_key)
            .values_list("application_id", flat=True)
            .first()
        )
    if application_id is None and update.reference:
        application_id = Application.objects.filter(number=update.reference).values_list("pk", flat=True).first()
    if application_id is None:
        return False
    return apply_central_state(
        application_id=application_id,
        record_id=update.record_id,
        state=update.state,
        reason=update.reason,
        source="poll",
        at=update.at,
    )


def poll_updates(*, limit: int = 500) -> int:
    """Fetch state changes from central since the stored cursor and apply them."""
    gateway = get_gateway()
    applied = 0
    while True:
        cursor = LinkHealth.get().updates_cursor
        try:
            updates = gateway.fetch_updates(cursor, limit)
        except TransientError as exc:
            health.record_failure(str(exc))
            return applied
        health.record_success()
        for update in updates:
            if apply_update(update):
                applied += 1
        if updates:
            last = max(u.seq for u in updates)
            LinkHealth.objects.filter(pk=1, updates_cursor__lt=last).update(updates_cursor=last)
        if len(updates) < limit:
            return applied
