"""``rows.insert`` writes a new row as ``save()`` would (defaults, ``auto_now_add``, conversions, the key read
back), and a refused row raises the database's error like the ORM does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from apps.complaints.models import Complaint, ComplaintStatusChange
from apps.complaints.workflow import Status
from apps.core.rows import insert
from apps.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db


def _complaint(code: str) -> Complaint:
    now = timezone.now()
    today = timezone.localdate(now)
    return Complaint(
        code=code,
        subject="KTP-el belum jadi",
        description="Sudah 30 hari.",
        email="warga@contoh.id",
        created_at=now,
        received_on=today,
        verify_by=today + dt.timedelta(days=3),
        plan_by=today + dt.timedelta(days=7),
        due_date=today + dt.timedelta(days=14),
        status_changed_at=now,
    )


def test_it_writes_a_row_with_defaults_and_auto_now_add_like_save() -> None:
    before = timezone.now()
    fast = insert(Notification(address="a@contoh.id", channel=Channel.EMAIL, event="t", subject="s", body="b"))
    slow = Notification(address="a@contoh.id", channel=Channel.EMAIL, event="t", subject="s", body="b")
    slow.save()
    assert fast.pk is not None and not fast._state.adding and fast.pk != slow.pk
    stored = Notification.objects.get(pk=fast.pk)
    assert before <= stored.created_at == fast.created_at
    assert stored.status == "pending" and stored.attempts == 0 and stored.language == "id"
    ignore = {"id", "created_at"}
    assert {k: v for k, v in model_to_dict(stored).items() if k not in ignore} == {
        k: v for k, v in model_to_dict(Notification.objects.get(pk=slow.pk)).items() if k not in ignore
    }


def test_it_stores_dates_foreign_keys_and_booleans_as_the_orm_does() -> None:
    complaint = insert(_complaint("ADU-TEST001"))
    insert(ComplaintStatusChange(complaint=complaint, to_status=Status.RECEIVED, created_at=complaint.created_at))
    stored = Complaint.objects.get(code="ADU-TEST001")
    for field in ("received_on", "verify_by", "plan_by", "due_date", "created_at", "confidential", "kind", "status"):
        assert getattr(stored, field) == getattr(complaint, field), field
    assert stored.history.get().to_status == Status.RECEIVED


def test_a_row_the_database_refuses_raises_its_integrity_error() -> None:
    insert(_complaint("ADU-TWICE01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        insert(_complaint("ADU-TWICE01"))
    assert Complaint.objects.filter(code="ADU-TWICE01").count() == 1
