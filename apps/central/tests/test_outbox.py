from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from apps.applications.models import Application
from apps.applications.workflow import Status
from apps.central import outbox, services
from apps.central.gateway import SendResult, TransientError, use_gateway
from apps.central.models import CentralRecord, CentralStateChange, OutboxMessage
from apps.central.services import BiometricsRequired, send_for_enrolment
from apps.issuance.tests.factories import make_application
from simulator import control

pytestmark = pytest.mark.django_db


class FakeGateway:
    def __init__(self, answers: list[Any]) -> None:
        self.answers = answers
        self.sent: list[str] = []

    def send_civil_update(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        raise NotImplementedError("enrolment only")

    def send_enrolment(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        self.sent.append(idempotency_key)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return SendResult(record_id="R1", state=answer, reason="alasan pusat", raw={"state": answer})

    def fetch_updates(self, since: int, limit: int = 500) -> list[Any]:
        return []

    def fetch_allocations(self, since: int) -> list[Any]:
        return []


@pytest.fixture
def fake(settings: Any) -> Any:
    settings.CENTRAL_RETRY_BASE_SECONDS = 0
    holder: dict[str, FakeGateway] = {}

    def install(answers: list[Any]) -> FakeGateway:
        holder["g"] = FakeGateway(answers)
        use_gateway(holder["g"])
        return holder["g"]

    yield install
    use_gateway(None)


def test_it_writes_the_outbox_message_in_the_same_transaction_as_the_status_change() -> None:
    application = make_application(code="ktp-hilang")
    with pytest.raises(RuntimeError), transaction.atomic():
        send_for_enrolment(application, actor=None)
        raise RuntimeError("crash before commit")
    application.refresh_from_db()
    assert application.status == Status.VERIFIED
    assert not OutboxMessage.objects.exists()
    message = send_for_enrolment(application, actor=None)
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    assert message.payload["reference"] == application.number
    assert CentralRecord.objects.get(application=application).state == "SENT_FOR_ENROLLMENT"


def test_it_refuses_to_send_a_pemula_record_without_biometrics() -> None:
    application = make_application(status=Status.AWAITING_BIOMETRICS, code="ktp-baru")
    with pytest.raises(BiometricsRequired):
        send_for_enrolment(application, actor=None)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_BIOMETRICS
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("RECEIVED_AT_CENTRAL", Status.SENT_TO_CENTRAL),
        ("PRINT_READY_RECORD", Status.PRINT_READY),
        ("DUPLICATE_RECORD", Status.REJECTED),
        ("ENROLL_FAILURE_AT_CENTRAL", Status.AWAITING_BIOMETRICS),
        ("ENROLL_FAILURE_AT_REGIONAL", Status.AWAITING_BIOMETRICS),
        ("ADJUDICATE_RECORD", Status.SENT_TO_CENTRAL),
    ],
)
def test_it_maps_central_states_onto_the_workflow(fake: Any, answer: str, expected: str) -> None:
    application = make_application(code="ktp-hilang")
    send_for_enrolment(application, actor=None)
    fake([answer])
    assert outbox.drain().sent == 1
    application.refresh_from_db()
    assert application.status == expected
    record = CentralRecord.objects.get(application=application)
    assert record.state == answer
    assert list(record.history.values_list("state", flat=True)) == ["SENT_FOR_ENROLLMENT", answer]
    if expected in (Status.REJECTED, Status.AWAITING_BIOMETRICS):
        assert application.history.get(to_status=expected).note  # the reason is visible on the timeline


def test_it_retries_with_backoff_and_the_same_key_and_applies_the_answer_once(fake: Any) -> None:
    application = make_application(code="ktp-rusak")
    message = send_for_enrolment(application, actor=None)
    gateway = fake([TransientError("HTTP 503"), "RECEIVED_AT_CENTRAL", "RECEIVED_AT_CENTRAL"])
    assert outbox.drain().failed == 1
    message.refresh_from_db()
    assert (
        message.attempts == 1
        and message.status == "pending"
        and message.next_attempt_at >= timezone.now() - dt.timedelta(seconds=1)
    )
    outbox.drain()
    message.refresh_from_db()
    assert message.status == "sent"
    # A second worker whose lease had expired sends it again: same key, answer applied once.
    OutboxMessage.objects.filter(pk=message.pk).update(status="pending", lease_until=None)
    outbox.drain()
    assert gateway.sent == [message.idempotency_key] * 3
    assert CentralStateChange.objects.filter(state="RECEIVED_AT_CENTRAL").count() == 1


def test_it_backs_off_exponentially_with_jitter(settings: Any) -> None:
    import random

    settings.CENTRAL_RETRY_BASE_SECONDS = 2
    settings.CENTRAL_RETRY_MAX_SECONDS = 60
    rng = random.Random(1)
    delays = [outbox.backoff_seconds(n, rng=rng) for n in range(1, 9)]
    assert 1 <= delays[0] < 3 and 2 <= delays[1] < 6 and 4 <= delays[2] < 12
    assert max(delays) < 90  # capped
    assert len({round(d, 3) for d in delays}) == len(delays)


def test_two_claims_never_take_the_same_message() -> None:
    for _ in range(5):
        send_for_enrolment(make_application(code="ktp-hilang"), actor=None)
    _token1, first = outbox.claim(3)
    _token2, second = outbox.claim(3)
    assert len(first) == 3 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}
    # An expired lease is taken again.
    later = timezone.now() + dt.timedelta(seconds=outbox.lease_seconds() + 1)
    _token3, third = outbox.claim(10, now=later)
    assert len(third) == 5


def test_it_sends_to_the_simulator_and_the_record_becomes_print_ready(simulator: str) -> None:
    application = make_application(code="ktp-hilang")
    send_for_enrolment(application, actor=None)
    assert outbox.drain().sent == 1
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        services.poll_updates()
        application.refresh_from_db()
        if application.status == Status.PRINT_READY:
            break
        time.sleep(0.2)
    assert application.status == Status.PRINT_READY
    states = list(CentralRecord.objects.get(application=application).history.values_list("state", flat=True))
    assert states == ["SENT_FOR_ENROLLMENT", "RECEIVED_AT_CENTRAL", "PRINT_READY_RECORD"]
    assert control.counters(simulator)["received"] == 1


def test_a_nik_already_enrolled_comes_back_as_a_duplicate(simulator: str) -> None:
    first = make_application(code="ktp-hilang", nik="3310250101900011")
    second = make_application(code="ktp-rusak", nik="3310250101900011")
    send_for_enrolment(first, actor=None)
    outbox.drain()
    send_for_enrolment(second, actor=None)
    outbox.drain()
    first.refresh_from_db()
    assert first.status == Status.SENT_TO_CENTRAL
    second.refresh_from_db()
    assert second.status == Status.REJECTED
    assert "ganda" in second.history.get(to_status=Status.REJECTED).note


def test_an_answer_lost_on_the_way_back_is_sent_again_and_counted_once(simulator: str) -> None:
    application = make_application(code="ktp-hilang")
    message = send_for_enrolment(application, actor=None)
    control.fault(simulator, "lost")
    assert outbox.drain().failed == 1
    control.fault(simulator, "none")
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox.drain().sent == 1
    counters = control.counters(simulator)
    assert counters["received"] == 1 and counters["duplicates_by_key"] == 1
    assert Application.objects.get(pk=application.pk).central.state == "RECEIVED_AT_CENTRAL"


def test_the_staff_banner_shows_the_outage_and_the_number_waiting(
    simulator: str, settings: Any, staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from apps.announcements.models import Notice

    settings.CENTRAL_OUTAGE_AFTER_SECONDS = 0
    client = staff_client("operator")
    staff = client.user
    for _ in range(3):
        send_for_enrolment(make_application(code="ktp-hilang"), actor=staff)
    waiting = make_application(status=Status.SUBMITTED, code="ktp-hilang")
    from apps.applications import estimates

    estimates.refresh(waiting)
    waiting.refresh_from_db()
    before = waiting.estimated_completion_date
    control.fault(simulator, "down")
    with django_capture_on_commit_callbacks(execute=True):  # the outage is published after commit
        outbox.drain()
    assert Notice.objects.filter(system_key="central_down", ends_at__isnull=True).exists()
    waiting.refresh_from_db()
    assert waiting.estimated_completion_date is not None and before is not None
    assert waiting.estimated_completion_date > before
    page = client.get("/staf/pusat/").content.decode()
    assert "3 berkas menunggu" in page
    control.fault(simulator, "none")
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        outbox.drain()
    assert OutboxMessage.objects.filter(status="sent").count() == 3
    assert not Notice.objects.filter(system_key="central_down", ends_at__isnull=True).exists()
    waiting.refresh_from_db()
    assert waiting.estimated_completion_date == before
    assert "menunggu" not in client.get("/staf/pusat/").content.decode().split("<main", 1)[1].split("central-banner")[0]


def test_when_the_link_comes_back_messages_in_backoff_go_at_once(fake: Any, settings: Any) -> None:
    from apps.central import health

    settings.CENTRAL_RETRY_BASE_SECONDS = 60
    message = send_for_enrolment(make_application(code="ktp-hilang"), actor=None)
    fake([TransientError("HTTP 503")])
    outbox.drain()
    message.refresh_from_db()
    assert message.next_attempt_at > timezone.now() + dt.timedelta(seconds=25)
    assert outbox.claim(10)[1] == []  # waiting out its backoff
    health.record_success()  # e.g. a status poll got through
    assert [m.pk for m in outbox.claim(10)[1]] == [message.pk]
