"""The central system (SIAK Terpusat) as Sipon sees it: the outbox of messages to send,
each application's central record with its state history, and the health of the link."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return uuid.uuid4().hex


class CentralState(models.TextChoices):
    BIO_CAPTURED = "BIO_CAPTURED", _("Biometrik terekam")
    SENT_FOR_ENROLLMENT = "SENT_FOR_ENROLLMENT", _("Dikirim untuk pendaftaran")
    RECEIVED_AT_CENTRAL = "RECEIVED_AT_CENTRAL", _("Diterima di pusat")
    PRINT_READY_RECORD = "PRINT_READY_RECORD", _("Siap cetak (PRR)")
    DUPLICATE_RECORD = "DUPLICATE_RECORD", _("Rekaman ganda")
    ENROLL_FAILURE_AT_REGIONAL = "ENROLL_FAILURE_AT_REGIONAL", _("Gagal daftar di daerah")
    ENROLL_FAILURE_AT_CENTRAL = "ENROLL_FAILURE_AT_CENTRAL", _("Gagal daftar di pusat")
    SEARCH_FAILURE_AT_CENTRAL = "SEARCH_FAILURE_AT_CENTRAL", _("Gagal pencarian di pusat")
    ADJUDICATE_RECORD = "ADJUDICATE_RECORD", _("Perlu adjudikasi")
    # A civil-registry update (KK, akta kelahiran/kematian, SKPWNI): sent, then registered by central.
    CIVIL_SENT = "CIVIL_SENT", _("Dikirim untuk pencatatan")
    CIVIL_REGISTERED = "CIVIL_REGISTERED", _("Tercatat di pusat")


class OutboxMessage(models.Model):
    """One message to central, written in the same transaction as the state change that caused it."""

    class Kind(models.TextChoices):
        ENROL = "enrol", _("Kirim rekaman untuk pendaftaran")
        CIVIL = "civil", _("Kirim pencatatan KK/akta")

    class State(models.TextChoices):
        PENDING = "pending", _("Menunggu dikirim")
        SENT = "sent", _("Terkirim")
        DEAD = "dead", _("Gagal permanen")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ENROL)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="central_messages", null=True
    )
    idempotency_key = models.CharField(max_length=64, unique=True, default=new_key)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=64, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        # (status, next_attempt_at, id) is the claim's filter and order: the oldest due messages are read
        # straight from the index, so a claim costs the batch, not the whole backlog.
        indexes = [models.Index(fields=["status", "next_attempt_at", "id"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key} ({self.status})"


class CentralRecord(models.Model):
    """The central system's record of one application, with its latest state."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="central")
    record_id = models.CharField(max_length=64, blank=True, db_index=True)
    state = models.CharField(max_length=32, choices=CentralState.choices, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    # Central's answer to a civil-registry update, as applied: ``registration_number``, ``nik`` (the subject's,
    # allocated by central for a newborn without one), ``nik_allocated``, ``kind``, ``kk_number``.
    answer = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.state}"


class CentralStateChange(models.Model):
    """Append-only history of a record's central states. ``event_key`` makes applying an answer
    idempotent: the same event (from a send answer or a poll, by any worker) is applied once."""

    record = models.ForeignKey(CentralRecord, on_delete=models.CASCADE, related_name="history")
    state = models.CharField(max_length=32, choices=CentralState.choices)
    event_key = models.CharField(max_length=120, unique=True)
    detail = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.state}"


class LinkHealth(models.Model):
    """One row (pk=1): how the link to central is doing, plus the polling cursors."""

    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    outage_since = models.DateTimeField(null=True, blank=True)
    updates_cursor = models.BigIntegerField(default=0)
    allocations_cursor = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="link_health_singleton")]

    def __str__(self) -> str:
        return f"link: {self.consecutive_failures} failures, outage since {self.outage_since}"

    @classmethod
    def get(cls) -> LinkHealth:
        row, _created = cls.objects.get_or_create(pk=1)
        return row
