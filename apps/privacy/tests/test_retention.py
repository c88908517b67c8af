"""Retention with time travel: records past their period are deleted or anonymised; younger
ones stay."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from apps.applications.models import Application, ServiceType
from apps.applications.services import create_application, transition
from apps.applications.workflow import Status
from apps.core import audit
from apps.core.models import AuditEvent
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.privacy.retention import YEAR, all_kinds, run_retention
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _later(years: float = 0, days: int = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=int(365 * years) + days)


def _service() -> ServiceType:
    return ServiceType.objects.filter(is_active=True).first() or ServiceType.objects.create(code="uji", name="Uji")


def test_every_kind_has_a_period_and_an_action() -> None:
    kinds = all_kinds()
    assert {"notifications", "audit_events", "unsubmitted_drafts", "closed_application_documents",
            "closed_complaints", "sessions", "sign_in_attempts"} <= {k.key for k in kinds}
    for kind in kinds:
        assert kind.period > dt.timedelta(0)
        assert kind.action in ("delete", "anonymise")


def test_it_deletes_notifications_after_a_year_and_keeps_younger_ones() -> None:
    resident = make_resident()
    notify(event="uji", subject="Halo", body="Isi", recipient=resident, channels=("in_app",))
    assert run_retention(now=_later(days=300))["notifications"] == 0
    assert Notification.objects.count() == 1
    assert run_retention(now=_later(days=366))["notifications"] == 1
    assert Notification.objects.count() == 0


def test_it_deletes_drafts_never_submitted_with_their_files_but_keeps_submitted_ones() -> None:
    resident = make_resident()
    draft = create_application(service_type=_service(), channel="online", nik=resident.resident.nik,
                               applicant=resident)
    submitted = create_application(service_type=_service(), channel="online", nik=resident.resident.nik,
                                   applicant=resident)
    transition(submitted, Status.SUBMITTED, actor=resident)
    run_retention(now=_later(days=30))
    assert Application.objects.filter(pk=draft.pk).exists()
    counts = run_retention(now=_later(days=91))
    assert counts["unsubmitted_drafts"] == 1
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert Application.objects.filter(pk=submitted.pk).exists()


def test_it_deletes_uploaded_documents_of_closed_applications_after_two_years(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from apps.documents.models import Document, DocumentVersion

    resident = make_resident()
    application = create_application(service_type=_service(), channel="online", nik=resident.resident.nik,
                                     applicant=resident)
    name = default_storage.save("documents/uji.jpg", ContentFile(b"jpeg"))
    document = Document.objects.create(application=application, kind="ktp")
    DocumentVersion.objects.create(document=document, number=1, file=name, format="image",
                                   content_type="image/jpeg", size=4, sha256="0" * 64)
    transition(application, Status.CANCELLED, actor=resident)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_retention(now=_later(years=1))["closed_application_documents"] == 0
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_retention(now=_later(years=2, days=2))["closed_application_documents"] == 1
    assert not DocumentVersion.objects.exists()
    assert not default_storage.exists(name)
    assert Application.objects.filter(pk=application.pk).exists()  # the record itself stays


def test_it_deletes_audit_events_after_five_years_despite_the_append_only_guard() -> None:
    resident = make_resident()
    audit.record("application.viewed", actor=resident, subject_nik=resident.resident.nik)
    assert run_retention(now=_later(years=4))["audit_events"] == 0
    assert run_retention(now=_later(years=5, days=2))["audit_events"] == 1
    remaining = list(AuditEvent.objects.values_list("action", flat=True))
    assert remaining == ["privacy.audit_events_purged"]  # the purge itself is on record


def test_it_anonymises_closed_complaints_after_three_years() -> None:
    from apps.complaints.models import Complaint
    from apps.complaints.services import file_complaint

    resident = make_resident()
    complaint = file_complaint(kind="complaint", category="other", subject="Lama sekali",
                               description="Nama saya Budi, HP 081234567890", filer=resident)
    Complaint.objects.filter(pk=complaint.pk).update(status="closed", status_changed_at=timezone.now())
    assert run_retention(now=_later(years=2))["closed_complaints"] == 0
    assert run_retention(now=_later(years=3, days=2))["closed_complaints"] == 1
    complaint.refresh_from_db()
    assert complaint.filer_id is None and complaint.description == "" and complaint.email == ""
    assert complaint.subject == "Lama sekali"  # statistics stay
    assert run_retention(now=_later(years=3, days=3))["closed_complaints"] == 0  # done once


def test_it_deletes_expired_sessions_and_old_sign_in_attempts(client: Any) -> None:
    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session

    resident = make_resident()
    client.force_login(resident, backend="apps.accounts.backends.IdentifierBackend")
    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", user_agent="t", failures_since_start=1,
                                 get_data="", post_data="", http_accept="", path_info="/")
    assert Session.objects.count() == 1
    counts = run_retention(now=_later(days=91) + dt.timedelta(weeks=3))
    assert counts["sessions"] == 1 and counts["sign_in_attempts"] >= 1
    assert Session.objects.count() == 0 and AccessAttempt.objects.count() == 0


def test_one_broken_kind_does_not_stop_the_others(monkeypatch: Any) -> None:
    from apps.privacy import retention

    def broken(cutoff: dt.datetime, now: dt.datetime) -> int:
        raise RuntimeError("boom")

    kinds = [retention.RecordKind("broken", "x", YEAR, "delete", broken), *retention.BUILTIN]
    monkeypatch.setattr(retention, "all_kinds", lambda: kinds)
    counts = run_retention(now=_later(years=10))
    assert counts["broken"] == -1
    assert counts["notifications"] == 0


def test_the_scheduler_runs_retention() -> None:
    from apps.core.scheduler import all_jobs

    assert "privacy.retention" in {job.name for job in all_jobs()}
