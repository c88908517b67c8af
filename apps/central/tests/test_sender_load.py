"""What keeps a backlog draining fast with several workers: the link row is written once per batch and never
held while estimates are recomputed, late failures cannot declare an outage after the link came back, and a
batch's answers are written in a few statements."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.announcements.models import Notice
from apps.applications.models import Application
from apps.applications.workflow import Status
from apps.central import health, outbox
from apps.central.gateway import SendResult, TransientError, use_gateway
from apps.central.models import CentralRecord, CentralStateChange, LinkHealth, OutboxMessage
from apps.central.services import enrolment_payload, send_for_enrolment
from apps.issuance.tests.factories import make_application

pytestmark = pytest.mark.django_db


class Gateway:
    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def send_civil_update(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        raise NotImplementedError("enrolment only")

    def send_enrolment(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        if isinstance(self.answer, Exception):
            raise self.answer
        return SendResult(record_id=f"R-{payload['reference']}", state=self.answer)

    def fetch_updates(self, since: int, limit: int = 500) -> list[Any]:
        return []

    def fetch_allocations(self, since: int) -> list[Any]:
        return []


@pytest.fixture
def gateway() -> Any:
    def install(answer: Any) -> Gateway:
        installed = Gateway(answer)
        use_gateway(installed)
        return installed

    yield install
    use_gateway(None)


def _link_writes(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].startswith('UPDATE "central_linkhealth"'))


def test_a_failed_batch_is_counted_on_the_link_row_in_one_write(gateway: Any, settings: Any) -> None:
    settings.CENTRAL_RETRY_BASE_SECONDS = 0
    for _ in range(4):
        send_for_enrolment(make_application(code="ktp-hilang"), actor=None)
    gateway(TransientError("HTTP 503"))
    with CaptureQueriesContext(connection) as queries:
        assert outbox.drain(batch=10).failed == 4
    assert _link_writes(queries) == 1
    row = LinkHealth.get()
    assert row.consecutive_failures == 4 and row.failing_since is not None and "503" in row.last_error
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


def test_a_failure_of_a_send_made_before_the_link_came_back_does_not_declare_an_outage(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CENTRAL_OUTAGE_AFTER_SECONDS = 0
    attempted = timezone.now()
    health.record_success()  # another worker got through after that send started
    assert not health.record_failure("HTTP 503", count=200, attempted_at=attempted)
    assert LinkHealth.get().consecutive_failures == 0
    assert not health.check_outage()
    assert not Notice.objects.filter(system_key=health.NOTICE_KEY).exists()
    # A send that started after the last success does count, and with no wait set the outage is on.
    with django_capture_on_commit_callbacks(execute=True):  # the notice is raised after commit
        assert health.record_failure("HTTP 503", attempted_at=timezone.now() + dt.timedelta(seconds=1))
    assert LinkHealth.get().consecutive_failures == 1
    assert health.outage_since() is not None
    assert Notice.objects.filter(system_key=health.NOTICE_KEY, ends_at__isnull=True).exists()


def _refresh_queries(files: int) -> int:
    for _ in range(files):
        make_application(status=Status.SUBMITTED, code="ktp-hilang")
    with CaptureQueriesContext(connection) as queries:
        health.refresh_estimates()
    Application.objects.all().delete()
    return len(queries.captured_queries)


def test_refreshing_estimates_costs_the_same_queries_for_few_or_many_files() -> None:
    """What every stage's delay source reads is loaded with the chunk (no query per file)."""
    LinkHealth.get()
    LinkHealth.objects.filter(pk=1).update(outage_since=timezone.now() - dt.timedelta(days=3))
    _refresh_queries(1)  # the inputs' cache warm, as between two runs
    assert _refresh_queries(3) == _refresh_queries(12)


def test_refreshing_estimates_reads_the_link_state_once_however_many_files_wait() -> None:
    waiting = [make_application(status=Status.SUBMITTED, code="ktp-hilang") for _ in range(6)]
    LinkHealth.get()
    LinkHealth.objects.filter(pk=1).update(outage_since=timezone.now() - dt.timedelta(days=3))
    with CaptureQueriesContext(connection) as queries:
        assert health.refresh_estimates() >= 6
    link_reads = [q for q in queries.captured_queries if '"central_linkhealth"' in q["sql"]]
    assert len(link_reads) == 1
    for application in waiting:
        application.refresh_from_db()
        assert application.estimated_completion_date is not None
    # The outage ends: every date comes back (one UPDATE per distinct date, all six the same here).
    LinkHealth.objects.filter(pk=1).update(outage_since=None)
    moved = {application.pk: application.estimated_completion_date for application in waiting}
    health.refresh_estimates()
    for application in waiting:
        application.refresh_from_db()
        before = moved[application.pk]
        assert application.estimated_completion_date is not None and before is not None
        assert application.estimated_completion_date < before


def test_estimates_are_recomputed_after_the_transaction_that_ends_an_outage(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CENTRAL_OUTAGE_AFTER_SECONDS = 0
    health.record_failure("HTTP 503")
    assert health.outage_since() is not None
    depth_outside = len(connection.atomic_blocks)
    seen: list[int] = []

    def refresh() -> int:
        seen.append(len(connection.atomic_blocks))
        return 0

    monkeypatch.setattr(health, "refresh_estimates", refresh)
    health.record_success()
    assert seen == [depth_outside]  # the link row's transaction has committed before the long work starts
    assert health.outage_since() is None
    assert not Notice.objects.filter(system_key=health.NOTICE_KEY, ends_at__isnull=True).exists()


def test_a_batch_of_answers_creates_missing_records_and_updates_existing_ones(gateway: Any) -> None:
    through_service = make_application(code="ktp-hilang")
    send_for_enrolment(through_service, actor=None)  # has its central record already
    bare = make_application(status=Status.SENT_TO_CENTRAL, code="ktp-rusak")
    bare = Application.objects.select_related("service_type", "location").get(pk=bare.pk)
    OutboxMessage.objects.create(application=bare, payload=enrolment_payload(bare))  # no record yet
    gateway("RECEIVED_AT_CENTRAL")
    assert outbox.drain(batch=10).sent == 2
    for application in (through_service, bare):
        record = CentralRecord.objects.get(application=application)
        assert record.state == "RECEIVED_AT_CENTRAL"
        assert record.record_id == f"R-{application.number}"
        assert CentralStateChange.objects.filter(record=record, state="RECEIVED_AT_CENTRAL").count() == 1
    # The same answers again (a resend after a lost "sent" mark) change nothing.
    OutboxMessage.objects.update(status="pending", lease_until=None)
    assert outbox.drain(batch=10).sent == 2
    assert CentralStateChange.objects.filter(state="RECEIVED_AT_CENTRAL").count() == 2


def test_a_failed_send_of_a_message_another_worker_has_sent_meanwhile_is_not_a_link_failure(gateway: Any) -> None:
    send_for_enrolment(make_application(code="ktp-hilang"), actor=None)
    token, messages = outbox.claim(10)
    OutboxMessage.objects.update(status="sent")  # our lease ran out while central was slow; another worker sent it
    slow = gateway(TransientError("timed out"))
    assert outbox.send_batch(messages, token, slow) == (0, 1)
    assert LinkHealth.get().consecutive_failures == 0
    assert OutboxMessage.objects.get().status == "sent"
