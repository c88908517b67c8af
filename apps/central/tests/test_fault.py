"""The "done when" fault test: 1,000 applications go to central while it is down, then flaky
(HTTP 500, dropped connections, lost answers), with real worker processes, one of them killed
with SIGKILL in the middle of sending. Every record must reach central exactly once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone

from apps.announcements.models import Notice
from apps.applications import estimates
from apps.applications.models import Application, ServiceType, StatusChange
from apps.applications.workflow import Status
from apps.central.models import CentralRecord, CentralStateChange, OutboxMessage
from apps.central.services import enrolment_payload, send_for_enrolment
from apps.issuance.tests.factories import location, make_application
from simulator import control
from tests.factories import nik_for

ROOT = Path(django_settings.BASE_DIR)
COUNT = 1000


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603  (manage.py with fixed arguments)
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "central_worker",
            "--batch",
            "20",
            "--interval",
            "0.2",
            "--poll-every",
            "0",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _bulk_sent_to_central(indexes: range) -> None:
    service = ServiceType.objects.get(code="ktp-hilang")
    place = location()
    now = timezone.now()
    applications = Application.objects.bulk_create(
        Application(
            number=f"KTP-FAULT-{index:05d}",
            service_type=service,
            channel="walk_in",
            status=Status.SENT_TO_CENTRAL,
            nik=nik_for(dt.date(1990, 1, 1), serial=index + 1),
            full_name=f"WARGA {index}",
            location=place,
            submitted_at=now,
            status_changed_at=now,
        )
        for index in indexes
    )
    applications = list(
        Application.objects.filter(number__startswith="KTP-FAULT-").select_related("service_type", "location")
    )
    StatusChange.objects.bulk_create(
        StatusChange(application=a, from_status=Status.VERIFIED, to_status=Status.SENT_TO_CENTRAL) for a in applications
    )
    CentralRecord.objects.bulk_create(CentralRecord(application=a, state="SENT_FOR_ENROLLMENT") for a in applications)
    OutboxMessage.objects.bulk_create(OutboxMessage(application=a, payload=enrolment_payload(a)) for a in applications)


def _estimate(application: Application) -> dt.date | None:
    application.refresh_from_db()
    return application.estimated_completion_date


def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_record_reaches_central_exactly_once_through_outage_flakiness_and_a_killed_worker(
    simulator: str, settings: Any, tmp_path: Path, staff_client: Any
) -> None:
    settings.CENTRAL_OUTAGE_AFTER_SECONDS = 1
    control.fault(simulator, "down")
    # A file still in verification: its estimated date must move during the outage.
    waiting = make_application(status=Status.SUBMITTED, code="ktp-hilang")
    estimates.refresh(waiting)
    waiting.refresh_from_db()
    normal_estimate = waiting.estimated_completion_date

    started = time.monotonic()
    # The first ones through the real service; the rest written the same way in bulk (the machine
    # running CI is small, and what this test is about is what happens after the commit).
    with transaction.atomic():
        for index in range(20):
            application = make_application(code="ktp-hilang", nik=nik_for(dt.date(1990, 1, 1), serial=index + 1))
            send_for_enrolment(application, actor=None)
        _bulk_sent_to_central(range(20, COUNT))
    timings = {"create": time.monotonic() - started}
    assert OutboxMessage.objects.filter(status="pending").count() == COUNT

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CENTRAL_URL": simulator,
        "SIPON_LOCAL": "1",
        "SIPON_TESTING": "0",
        "CENTRAL_SEND_ON_COMMIT": "0",
        "CENTRAL_RETRY_BASE_SECONDS": "0.05",
        "CENTRAL_RETRY_MAX_SECONDS": "1",
        "CENTRAL_LEASE_SECONDS": "3",
        "CENTRAL_OUTAGE_AFTER_SECONDS": "1",
        "CENTRAL_TIMEOUT_SECONDS": "5",
        "TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("SIPON_SQLITE_TEST_NAME", None)
    log = Path(os.environ.get("SIPON_VAR_DIR", str(tmp_path))) / "central-workers.log"
    workers = [_start_worker(env, log) for _ in range(3)]
    try:
        # 1. Down: the outage is declared, staff see the banner, the public notice is up, estimates move.
        _wait(lambda: Notice.objects.filter(system_key="central_down", ends_at__isnull=True).exists(), 60, "outage")
        assert not [w for w in workers if w.poll() is not None], "a worker died"
        client = staff_client("operator")
        page = client.get("/staf/pusat/").content.decode()
        assert f"{COUNT} berkas menunggu" in page
        assert normal_estimate is not None
        # Estimates are recomputed right after the outage is committed (not under the link row's lock).
        _wait(lambda: (_estimate(waiting) or normal_estimate) > normal_estimate, 30, "estimates to move")
        assert control.counters(simulator)["received"] == 0

        # 2. Flaky: errors, dropped connections, answers lost after the record was taken.
        for mode in ("error500", "drop", "lost", "error500", "drop", "lost"):
            control.fault(simulator, mode, rate=0.3)
            time.sleep(0.6)
        # 3. Every worker blocked inside a slow send; one is killed there with SIGKILL.
        _wait(lambda: control.counters(simulator)["received"] > 100, 30, "some progress")
        control.fault(simulator, "slow", rate=1.0, delay=1.5)
        time.sleep(0.5)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(5)
        time.sleep(1.2)
        control.fault(simulator, "lost", rate=0.2)
        workers.append(_start_worker(env, log))
        time.sleep(1.0)
        control.fault(simulator, "none")

        timings["until_drain_start"] = time.monotonic() - started
        _wait(lambda: not OutboxMessage.objects.filter(status="pending").exists(), 90, "the backlog to drain")
        timings["drained"] = time.monotonic() - started
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in workers:
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                worker.kill()

    counters = control.counters(simulator)
    assert counters["received"] == COUNT, counters  # exactly once at central
    assert counters["duplicates_by_key"] >= 1, counters  # resends happened, deduplicated by key
    assert OutboxMessage.objects.filter(status="sent").count() == COUNT
    assert CentralStateChange.objects.filter(state="RECEIVED_AT_CENTRAL").count() == COUNT  # applied once each
    assert Application.objects.filter(status=Status.SENT_TO_CENTRAL).count() == COUNT
    # The link is back: the notice closed by itself, the banner is gone, estimates are back.
    assert not Notice.objects.filter(system_key="central_down", ends_at__isnull=True).exists()
    assert Notice.objects.filter(system_key="central_down").count() >= 1
    assert "berkas menunggu" not in client.get("/staf/pusat/").content.decode()
    _wait(lambda: _estimate(waiting) == normal_estimate, 30, "estimates to come back")
