from __future__ import annotations

import time
from typing import Any

import pytest

from apps.applications.workflow import Status
from apps.central import health
from apps.central.models import LinkHealth, OutboxMessage
from apps.central.services import send_for_enrolment
from apps.central.tests.conftest import _port
from apps.issuance import services as issuance_services
from apps.issuance.models import BlankBatch
from apps.issuance.services import balance_of
from apps.issuance.tests.factories import location, make_application
from simulator import control

pytestmark = pytest.mark.django_db


def test_verification_does_not_wait_for_a_central_that_is_down(
    simulator: str, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CENTRAL_SEND_ON_COMMIT = True
    settings.CENTRAL_TIMEOUT_SECONDS = 1
    control.fault(simulator, "down")
    application = make_application(code="ktp-hilang")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        send_for_enrolment(application, actor=None)  # what the verification desk calls
    assert time.monotonic() - started < 5
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    # The worker (a task queued after commit, or the scheduler sweep) meets the outage later.
    from apps.central import outbox

    assert outbox.drain().failed == 1
    message = OutboxMessage.objects.get(application=application)
    assert message.status == "pending" and message.attempts == 1 and "503" in message.last_error
    assert LinkHealth.get().consecutive_failures == 1


def test_an_outage_is_declared_only_after_the_set_time(settings: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    settings.CENTRAL_OUTAGE_AFTER_SECONDS = 600
    health.record_failure("HTTP 503")
    assert not health.check_outage()
    assert health.expected_delay_working_days() == 0
    assert health.check_outage(timezone.now() + dt.timedelta(minutes=11))
    assert health.expected_delay_working_days() == 1
    health.record_success()
    assert health.outage_since() is None and health.expected_delay_working_days() == 0


def test_blank_allocations_from_central_reach_the_ledger_once(simulator: str) -> None:
    place = location()
    control.call(simulator, "/admin/allocations", {"location": place.slug, "quantity": 500})
    assert issuance_services.fetch_allocations() == 1
    assert issuance_services.fetch_allocations() == 0
    LinkHealth.objects.update(allocations_cursor=0)  # a cursor lost: still applied once
    assert issuance_services.fetch_allocations() == 0
    assert balance_of(place) == 500
    assert BlankBatch.objects.get().quantity == 500


def test_the_simulator_keeps_its_state_across_a_restart(tmp_path: Any) -> None:
    import json

    state = tmp_path / "state.json"
    process = control.start(_port(1), state=str(state), print_delay=60)
    url = f"http://127.0.0.1:{_port(1)}"
    try:
        import urllib.request

        request = urllib.request.Request(  # noqa: S310  (local http URL)
            url + "/records",
            data=json.dumps({"reference": "KTP-1", "nik": "3310250101900001"}).encode(),
            headers={
                "Idempotency-Key": "k1",
                "Authorization": "Bearer sipon-demo-token",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  (local http URL)
            first = json.loads(response.read())
    finally:
        control.stop(process)
    process = control.start(_port(1), state=str(state), print_delay=60)
    try:
        assert control.counters(url)["received"] == 1
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  (local http URL)
            assert json.loads(response.read()) == first
        assert control.counters(url)["duplicates_by_key"] == 1
    finally:
        control.stop(process)
