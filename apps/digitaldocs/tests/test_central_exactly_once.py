"""A digital document goes through central exactly once (SQLite and PostgreSQL): VERIFIED -> SENT_TO_CENTRAL (the
outbox message in the same transaction) -> central registers it -> one signed document, one DOCUMENT_ISSUED, one
e-mail, whatever happens on the way: the same message sent twice, a worker killed after sending, two workers
draining at once, central down and back, an event lost after its commit."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import TestCase
from django.utils import timezone

from apps.applications.models import Application, StatusChange
from apps.applications.reconcile import republish_stuck
from apps.applications.services import save_form, submit, transition
from apps.applications.tests.factories import complete_draft, death_draft, resident
from apps.applications.workflow import Status
from apps.central import civil, health, outbox
from apps.central.gateway import HttpCentralGateway, use_gateway
from apps.central.models import CentralRecord, OutboxMessage
from apps.digitaldocs.models import SignedDocument
from apps.families.models import Relationship
from apps.families.services import add_member
from apps.notifications.models import Notification
from simulator import control
from tests.concurrency import needs_file_database
from tests.factories import nik_for

_serial = iter(range(1, 10_000))


@pytest.fixture
def http_central(simulator: str, central: Any, settings: Any) -> str:
    """The simulator over HTTP; the outbox drained by the test (as the worker would), not on commit."""
    use_gateway(None)
    settings.CENTRAL_SEND_ON_COMMIT = False
    return simulator


def _file(code: str = "akta-kelahiran", *, child: bool = True) -> Application:
    user = resident()
    if code == "akta-kematian":  # the deceased is a member of the applicant's KK, entered through the event form
        spouse = add_member(user, full_name="WARSINI", birth_date=dt.date(1960, 5, 5), sex="P",
                            relationship=Relationship.SPOUSE, nik=nik_for(dt.date(1960, 5, 5), "P"))
        application = death_draft(user, spouse)
    else:
        application = complete_draft(user, code)
    if child:  # a newborn without a NIK: central allocates one
        save_form(application, {}, extra={"child_name": f"ANAK KE {next(_serial)}", "child_birth_date": "2026-11-20",
                                          "child_sex": "P"})
    submit(application, user=user)
    application.refresh_from_db()
    return application


def _verify(application: Application) -> None:
    transition(application, Status.IN_VERIFICATION)
    transition(application, Status.VERIFIED)


def _verified(code: str = "akta-kelahiran", *, child: bool = True) -> Application:
    """A verified file, its routing delivered after commit: SENT_TO_CENTRAL with its message in the outbox."""
    application = _file(code, child=child)
    if connection.in_atomic_block:
        with TestCase.captureOnCommitCallbacks(execute=True):
            _verify(application)
    else:
        _verify(application)
    application.refresh_from_db()
    return application


def _drain(**kwargs: Any) -> outbox.DrainResult:
    if connection.in_atomic_block:
        with TestCase.captureOnCommitCallbacks(execute=True):  # what a worker's commit sets off
            return outbox.drain(**kwargs)
    return outbox.drain(**kwargs)


def _exactly_once(application: Application) -> SignedDocument:
    application.refresh_from_db()
    assert application.status == Status.DOCUMENT_ISSUED
    (document,) = SignedDocument.objects.filter(application=application)
    assert StatusChange.objects.filter(application=application, to_status=Status.DOCUMENT_ISSUED).count() == 1
    assert StatusChange.objects.filter(application=application, to_status=Status.SENT_TO_CENTRAL).count() == 1
    assert OutboxMessage.objects.filter(application=application).count() == 1
    assert Notification.objects.filter(event="digitaldocs.issued", recipient=application.applicant).count() == 1
    assert len([m for m in mail.outbox if m.attachments and document.number in m.body]) == 1
    return document


@pytest.mark.django_db
def test_a_newborn_gets_central_s_nik_on_the_birth_deed_and_a_second_send_changes_nothing(http_central: str) -> None:
    application = _verified()
    assert application.status == Status.SENT_TO_CENTRAL
    (message,) = OutboxMessage.objects.filter(application=application, kind="civil")
    assert message.payload["kind"] == "birth" and message.payload["subject"]["nik"] is None
    assert _drain().sent == 1
    document = _exactly_once(application)
    answer = CentralRecord.objects.get(application=application).answer
    nik = answer["nik"]
    assert document.subject_nik == nik and answer["nik_allocated"]
    # the kecamatan of the KK, the birth date with 40 added to the day (a girl), a serial
    assert nik[:6] == application.kk_number[:6] and nik[6:12] == "601126" and nik[12:] != "0000"
    assert document.registration_number == answer["registration_number"] != ""
    # The same message sent again with the same key: central answers the same, nothing more is issued.
    OutboxMessage.objects.filter(pk=message.pk).update(status="pending", lease_until=None,
                                                       next_attempt_at=timezone.now())
    assert _drain().sent == 1
    assert _exactly_once(application) == document
    counters = control.counters(http_central)
    assert counters["civil_received"] == 1 and counters["civil_duplicates_by_key"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_after_sending_before_marking_sent_leads_to_one_document(
    http_central: str, settings: Any
) -> None:
    settings.CENTRAL_LEASE_SECONDS = 0.3
    application = _verified("kk-perubahan", child=False)
    _token, (message,) = outbox.claim(10)
    # The worker sends, central registers it ... and the worker dies before it writes anything down.
    HttpCentralGateway(http_central).send_civil_update(message.payload, idempotency_key=message.idempotency_key)
    assert outbox.claim(10)[1] == []  # still leased
    time.sleep(0.4)  # the lease expires
    assert _drain().sent == 1  # another worker sends it again with the same key
    _exactly_once(application)
    counters = control.counters(http_central)
    assert counters["civil_received"] == 1 and counters["civil_duplicates_by_key"] == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_draining_at_once_issue_each_document_once(http_central: str, settings: Any) -> None:
    needs_file_database()
    # Leases shorter than central's answer: the two workers also send the same messages, and both answers come back.
    settings.CENTRAL_LEASE_SECONDS = 0.05
    control.call(http_central, "/admin/config", {"latency": 0.1})
    files = [_verified() for _ in range(3)] + [_verified("kk-baru", child=False) for _ in range(2)]
    files.append(_verified("akta-kematian", child=False))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(20):
                outbox.drain(batch=2)
                if not OutboxMessage.objects.filter(status="pending").exists():
                    break
                time.sleep(0.05)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert not OutboxMessage.objects.exclude(status="sent").exists()
    documents = [_exactly_once(application) for application in files]
    assert len({document.number for document in documents}) == len(files)
    nik = [d.subject_nik for d in documents if d.kind == SignedDocument.Kind.BIRTH]
    assert len(set(nik)) == 3  # three newborns, three NIKs
    assert control.counters(http_central)["civil_received"] == len(files)


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["lost", "drop", "error500"])
def test_an_answer_lost_or_refused_on_the_way_is_retried_with_the_same_key_and_issues_once(
    http_central: str, fault: str
) -> None:
    application = _verified()
    control.fault(http_central, fault)
    assert _drain().failed == 1
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    control.fault(http_central, "none")
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert _drain().sent == 1
    _exactly_once(application)
    counters = control.counters(http_central)
    assert counters["civil_received"] == 1  # "lost": registered the first time, answered again the second
    assert counters["civil_duplicates_by_key"] == (1 if fault == "lost" else 0)


@pytest.mark.django_db
def test_while_central_is_down_the_file_waits_with_a_later_date_and_catches_up(
    http_central: str, settings: Any
) -> None:
    from apps.announcements.models import Notice

    settings.CENTRAL_OUTAGE_AFTER_SECONDS = 0
    application = _verified("kk-pisah", child=False)
    before = application.estimated_completion_date
    control.fault(http_central, "down")
    assert _drain().failed == 1
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    assert not SignedDocument.objects.filter(application=application).exists()
    assert Notice.objects.filter(system_key="central_down", ends_at__isnull=True).exists()
    assert health.delay_for(application) >= 1
    assert before is not None and application.estimated_completion_date is not None
    assert application.estimated_completion_date > before
    control.fault(http_central, "none")
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert _drain().sent == 1
    _exactly_once(application)
    assert not Notice.objects.filter(system_key="central_down", ends_at__isnull=True).exists()


@pytest.mark.django_db
def test_an_event_lost_after_central_s_answer_is_republished_and_issues_once(central: Any) -> None:
    application = _file("kk-perubahan", child=False)
    # The process dies between the commit that applied central's answer and the handler: its event is lost.
    with mock.patch("apps.central.civil.events"), TestCase.captureOnCommitCallbacks(execute=True):
        _verify(application)
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    assert CentralRecord.objects.get(application=application).state == "CIVIL_REGISTERED"
    assert civil.republish_registered() == 0  # not yet: it may only be slow
    later = timezone.now() + dt.timedelta(seconds=settings_stuck() + 1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert civil.republish_registered(now=later) == 1
    _exactly_once(application)
    assert civil.republish_registered(now=later) == 0


@pytest.mark.django_db
def test_a_verified_file_whose_routing_was_lost_is_sent_to_central_once_by_reconciliation(central: Any) -> None:
    application = _file("akta-kelahiran")
    with TestCase.captureOnCommitCallbacks(execute=False):  # the routing never ran
        _verify(application)
    application.refresh_from_db()
    assert application.status == Status.VERIFIED
    later = timezone.now() + dt.timedelta(seconds=settings_stuck() + 1)
    central.mode = "down"  # keep it waiting in SENT_TO_CENTRAL
    for _ in range(2):  # delivered twice: routed once
        with TestCase.captureOnCommitCallbacks(execute=True):
            republish_stuck(now=later)
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    assert OutboxMessage.objects.filter(application=application).count() == 1
    central.mode = "none"
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    _drain()
    _exactly_once(application)


def settings_stuck() -> int:
    from django.conf import settings

    return int(settings.SIPON_EVENTS_STUCK_AFTER_SECONDS)
