"""Proof that Sipon scales out: two gunicorn app servers, two task workers and a scheduler
against one fresh PostgreSQL database, driven through both servers at once; one app server
and one worker are killed with SIGKILL half way. Afterwards no record is lost or duplicated
and no quota is exceeded.

Everything is driven over HTTP through both servers, as a load balancer would: bookings by
residents (``POST /reservasi/pesan/``), counter calls by file receivers
(``POST /staf/antrean/loket/<id>/next/``), and central messages by operators recording
biometrics (``POST /staf/kartu/biometrik/<number>/``) and by file receivers approving files
through the staff API (``POST /api/v1/staf/permohonan/<number>/ambil`` then ``.../keputusan``);
both send the record to central through the outbox, and the two workers deliver it to the
central simulator. Every staff member is signed in with the second factor passed. Each biometric
recording is posted twice, once through each server (a double click, or a retry after a dead
server), and two verifiers race for every file: each must be recorded, approved and sent once.

The kill is not timed: it happens once each stream has done part of its work, with requests
still in flight, and a second wave of bookings starts only after it (so the dead server is
certainly in the path). Ports: ``SIPON_SCALEOUT_PORT`` (the first of three; default 8160).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.backup.installation import PYTHON, ROOT, Installation, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

_BASE = int(os.environ.get("SIPON_SCALEOUT_PORT", "8160"))
PORTS = (_BASE, _BASE + 1)
SIMULATOR_PORT = _BASE + 2
RESIDENTS = 60
QUOTA = 25
TICKETS = 40
COUNTERS = 4
APPLICATIONS = 30  # waiting for biometrics
OPERATORS = 2
VERIFICATIONS = 20  # waiting for verification (a service without biometrics: approval sends to central)
VERIFIERS = 2
CENTRAL = APPLICATIONS + VERIFICATIONS
CSRF = "s" * 32

SEED = r"""
import json, datetime as dt
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from apps.regions.services import load_regions
from apps.accounts.demo import ensure_groups
load_regions(("33.10",)); ensure_groups()
from tests.factories import make_resident, make_staff, nik_for
from apps.appointments.tests.factories import make_location, make_service, make_counter, make_slot
from apps.applications.models import Application
from apps.applications.services import create_application
from apps.queueing.models import Ticket
from django_otp.plugins.otp_totp.models import TOTPDevice

def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "apps.accounts.backends.IdentifierBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key

location = make_location(opening_hours={str(d): ["00:00", "23:59"] for d in range(7)})
booking_service = make_service("ktp-hilang", "KTP-el hilang", queue_code="B")
slot = make_slot(location, booking_service, quota=QUOTA_VALUE)
residents = [make_resident(birth=dt.date(1980, 1, 1) + dt.timedelta(days=n)) for n in range(RESIDENT_COUNT)]
queue_service = make_service("ktp-rusak", "KTP-el rusak", queue_code="C")
today = timezone.localdate()
start = timezone.now() - dt.timedelta(hours=1)
Ticket.objects.bulk_create([
    Ticket(location=location, date=today, service=queue_service, queue_code="C", number=n, token=f"t{n:05d}",
           rank=2, queued_at=start + dt.timedelta(seconds=n))
    for n in range(1, TICKET_COUNT + 1)
])
operators = []
for n in range(1, COUNTER_COUNT + 1):
    counter = make_counter(location, n)
    staff = make_staff("file_receiver", location=location)
    operators.append([session_for(staff), counter.pk])
# First-time applicants (pemula), verified and waiting for their biometrics to be recorded.
central_service = make_service("ktp-baru")
central_service.requires_biometrics = True
central_service.save()
apps = []
for n in range(APPLICATION_COUNT):
    nik = nik_for(dt.date(2008, 1, 1) + dt.timedelta(days=n), serial=5000 + n)
    app = create_application(service_type=central_service, channel="walk_in", nik=nik, full_name=f"WARGA {n}",
                             location=location)
    Application.objects.filter(pk=app.pk).update(status="awaiting_biometrics")
    apps.append(app.number)
recorders = [session_for(make_staff("operator", location=location)) for _ in range(OPERATOR_COUNT)]
# Files submitted for a service without biometrics, waiting at the verification desk.
lost_card = make_service("ktp-hilang")
files = []
for n in range(VERIFICATION_COUNT):
    nik = nik_for(dt.date(1975, 1, 1) + dt.timedelta(days=n), serial=7000 + n)
    app = create_application(service_type=lost_card, channel="walk_in", nik=nik, full_name=f"PEMOHON {n}",
                             location=location)
    Application.objects.filter(pk=app.pk).update(status="submitted", submitted_at=timezone.now())
    files.append(app.number)
verifiers = [session_for(make_staff("file_receiver", location=location)) for _ in range(VERIFIER_COUNT)]
print(json.dumps({"slot": slot.pk, "residents": [session_for(r) for r in residents], "operators": operators,
                  "applications": apps, "recorders": recorders, "files": files, "verifiers": verifiers}))
"""

CHECK = r"""
import json
from django.db.models import Count
from apps.appointments.models import Booking, Slot
from apps.queueing.models import Ticket
from apps.central.models import OutboxMessage, CentralRecord
from apps.issuance.models import BiometricCapture
from apps.applications.models import Application, Decision
slot = Slot.objects.get(pk=SLOT)
bookings = Booking.objects.filter(slot=slot)
print(json.dumps({
    "slot_booked": slot.booked, "slot_quota": slot.quota,
    "active_bookings": bookings.filter(status="booked").count(),
    "bookings_per_user_max": max([r["n"] for r in bookings.values("user").annotate(n=Count("id"))] or [0]),
    "tickets": Ticket.objects.count(),
    "tickets_by_status": dict(Ticket.objects.values_list("status").annotate(n=Count("id"))),
    "tickets_called_twice": Ticket.objects.filter(call_count__gt=1).count(),
    "outbox": OutboxMessage.objects.count(),
    "outbox_by_status": dict(OutboxMessage.objects.values_list("status").annotate(n=Count("id"))),
    "outbox_per_application_max": max(
        [r["n"] for r in OutboxMessage.objects.values("application").annotate(n=Count("id"))] or [0]),
    "central_records": CentralRecord.objects.count(),
    "captures": BiometricCapture.objects.count(),
    "captures_per_application_max": max(
        [r["n"] for r in BiometricCapture.objects.values("application").annotate(n=Count("id"))] or [0]),
    "still_awaiting_biometrics": Application.objects.filter(status="awaiting_biometrics").count(),
    "approvals": Decision.objects.filter(outcome="approve").count(),
    "approvals_per_application_max": max(
        [r["n"] for r in Decision.objects.values("application").annotate(n=Count("id"))] or [0]),
    "still_at_the_desk": Application.objects.filter(status__in=("submitted", "in_verification")).count(),
}))
"""


def _free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(  # noqa: S603
        args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def _kill(process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def _wait_http(url: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not come up")


class Driver:
    """Sends each request to one server and, if that server is gone, to the other (as a load balancer)."""

    def __init__(self) -> None:
        self.dead: set[int] = set()
        self.lock = threading.Lock()
        self.failovers = 0

    def post(self, index: int, path: str, session: str, data: dict[str, str],
             json_body: dict[str, Any] | None = None) -> requests.Response:
        order = [PORTS[index % 2], PORTS[(index + 1) % 2]]
        last: Exception | None = None
        for attempt in range(6):
            for port in order:
                if port in self.dead and attempt == 0:
                    continue
                try:
                    return requests.post(
                        f"http://127.0.0.1:{port}{path}", data=data, json=json_body, allow_redirects=False,
                        timeout=20,
                        cookies={"sessionid": session, "csrftoken": CSRF},
                        headers={"X-CSRFToken": CSRF, "Referer": f"http://127.0.0.1:{port}/"},
                    )
                except requests.ConnectionError as error:
                    last = error
                    with self.lock:
                        self.dead.add(port)
                        self.failovers += 1
            time.sleep(0.2)
        raise AssertionError(f"no server answered {path}: {last}")


def test_two_servers_and_two_workers_lose_and_duplicate_nothing_when_one_of_each_is_killed(tmp_path: Path) -> None:
    require_postgres()
    for port in (*PORTS, SIMULATOR_PORT):
        if not _free(port):
            pytest.skip(f"port {port} is in use")
    inst = Installation(tmp_path, "scale", engine="postgresql")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        inst.env.update(
            CENTRAL_URL=f"http://127.0.0.1:{SIMULATOR_PORT}", CENTRAL_TOKEN="uji-token", CENTRAL_SEND_ON_COMMIT="1",
            CENTRAL_LEASE_SECONDS="5", CENTRAL_RETRY_BASE_SECONDS="1", OPS_TASK_STALE_AFTER_SECONDS="5",
            ALLOWED_HOSTS="127.0.0.1,localhost", APPOINTMENTS_RATE_PER_IP="100000",
            APPOINTMENTS_RATE_PER_ACCOUNT="1000", AXES_ENABLED="0", DB_CONN_MAX_AGE="0",
        )
        inst.manage("migrate", "--noinput", "-v", "0")
        inst.manage("createcachetable")
        seed_code = (SEED.replace("QUOTA_VALUE", str(QUOTA)).replace("RESIDENT_COUNT", str(RESIDENTS))
                     .replace("TICKET_COUNT", str(TICKETS)).replace("COUNTER_COUNT", str(COUNTERS))
                     .replace("APPLICATION_COUNT", str(APPLICATIONS)).replace("OPERATOR_COUNT", str(OPERATORS))
                     .replace("VERIFICATION_COUNT", str(VERIFICATIONS)).replace("VERIFIER_COUNT", str(VERIFIERS)))
        seed = json.loads(inst.shell(seed_code).strip().splitlines()[-1])

        env = inst.env
        processes.append(_start([PYTHON, "simulator/central.py", "--port", str(SIMULATOR_PORT), "--token",
                                 "uji-token", "--print-delay", "1", "--latency", "0.01"], env, tmp_path / "sim.log"))
        servers = [
            _start([str(Path(PYTHON).parent / "gunicorn"), "sipon.wsgi:application", "--bind", f"127.0.0.1:{port}",
                    "--workers", "2", "--threads", "4", "--graceful-timeout", "2"], env, tmp_path / f"web{port}.log")
            for port in PORTS
        ]
        workers = [
            _start([PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-reload"],
                   env, tmp_path / f"worker{n}.log")
            for n in range(2)
        ]
        scheduler = _start([PYTHON, "manage.py", "run_scheduler", "--interval", "1"], env, tmp_path / "sched.log")
        processes += [*servers, *workers, scheduler]
        for port in PORTS:
            _wait_http(f"http://127.0.0.1:{port}/healthz")
        _wait_http(f"http://127.0.0.1:{SIMULATOR_PORT}/healthz")

        driver = Driver()
        errors: list[str] = []
        booked_answers: list[int] = []
        recorded_answers: list[int] = []
        progress = {"calls": 0, "recordings": 0, "verifications": 0}
        approved_by: list[str] = []
        progress_lock = threading.Lock()

        def advance(stream: str) -> None:
            with progress_lock:
                progress[stream] += 1

        def book(index: int, session: str) -> None:
            try:
                response = driver.post(index, "/reservasi/pesan/", session, {"slot": str(seed["slot"])})
                booked_answers.append(response.status_code)
                if response.status_code >= 500:
                    errors.append(f"booking {index}: {response.status_code}")
            except (AssertionError, requests.RequestException) as error:
                errors.append(f"{type(error).__name__}: {error}")

        def call(index: int, session: str, counter: int) -> None:
            try:
                for _ in range(TICKETS // COUNTERS + 4):
                    response = driver.post(index, f"/staf/antrean/loket/{counter}/next/", session, {})
                    if response.status_code >= 400:
                        errors.append(f"counter {counter}: {response.status_code}")
                        return
                    advance("calls")
                    time.sleep(0.05)
            except (AssertionError, requests.RequestException) as error:
                errors.append(f"{type(error).__name__}: {error}")

        def record(index: int, session: str, numbers: list[str]) -> None:
            """An operator records biometrics; the other operator posts the same files through the other
            server in the opposite order, so every file is posted twice. The first one records and sends;
            the second finds it no longer waiting (409 with the reason, or the form's refusal if they cross)."""
            form = {"device_id": f"KLT-REK-{index + 1:02d}", "photo": "on", "fingerprints": "on", "iris": "on",
                    "signature": "on"}
            try:
                for number in numbers:
                    response = driver.post(index, f"/staf/kartu/biometrik/{number}/", session, form)
                    recorded_answers.append(response.status_code)
                    if response.status_code not in (200, 302, 409):
                        errors.append(f"biometrics {number}: {response.status_code}")
                    if response.status_code == 302 and any(
                        gate in response.headers.get("Location", "") for gate in ("/masuk/", "/verifikasi-2fa/")
                    ):
                        errors.append(f"biometrics {number}: operator sent to sign in")
                    advance("recordings")
            except (AssertionError, requests.RequestException) as error:
                errors.append(f"{type(error).__name__}: {error}")

        def verify(index: int, session: str, files: list[str]) -> None:
            """A file receiver claims each file through the staff API and approves it. Two verifiers go
            through the same files from opposite ends: a claim the other won is refused (409)."""
            try:
                for number in files:
                    base = f"/api/v1/staf/permohonan/{number}"
                    claimed = driver.post(index, f"{base}/ambil", session, {})
                    advance("verifications")
                    if claimed.status_code == 409:
                        continue
                    if claimed.status_code != 200:
                        errors.append(f"claim {number}: {claimed.status_code} {claimed.text[:200]}")
                        continue
                    decided = driver.post(index, f"{base}/keputusan", session, {}, json_body={"outcome": "approve"})
                    if decided.status_code == 200:
                        approved_by.append(number)
                    elif decided.status_code != 409:  # 409: decided already (an answer lost with a dead server)
                        errors.append(f"decide {number}: {decided.status_code} {decided.text[:200]}")
            except (AssertionError, requests.RequestException) as error:
                errors.append(f"{type(error).__name__}: {error}")

        numbers: list[str] = seed["applications"]
        files: list[str] = seed["files"]
        residents: list[str] = seed["residents"]
        first_wave, second_wave = residents[: RESIDENTS // 2], residents[RESIDENTS // 2:]
        threads = [threading.Thread(target=book, args=(n, s)) for n, s in enumerate(first_wave)]
        threads += [threading.Thread(target=call, args=(n, s, c)) for n, (s, c) in enumerate(seed["operators"])]
        threads += [threading.Thread(target=record, args=(n, s, numbers if n % 2 == 0 else numbers[::-1]))
                    for n, s in enumerate(seed["recorders"])]
        threads += [threading.Thread(target=verify, args=(n, s, files if n % 2 == 0 else files[::-1]))
                    for n, s in enumerate(seed["verifiers"])]
        for thread in threads:
            thread.start()
        # Half way (a quarter of the calls and of the recordings done, the rest in flight): one app server
        # and one worker die without any chance to clean up.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with progress_lock:
                if (progress["calls"] >= TICKETS // 4 and progress["recordings"] >= APPLICATIONS * OPERATORS // 4
                        and progress["verifications"] >= VERIFICATIONS * VERIFIERS // 4):
                    break
            time.sleep(0.02)
        _kill(servers[0])
        _kill(workers[0])
        with progress_lock:
            at_kill = dict(progress)
        second = [threading.Thread(target=book, args=(RESIDENTS // 2 + n, s)) for n, s in enumerate(second_wave)]
        for thread in second:
            thread.start()
        for thread in threads + second:
            thread.join(timeout=120)

        # Every ticket still waiting is called through the surviving server.
        status: dict[str, Any] = {}
        for _round in range(4):
            for _n, (session, counter) in enumerate(seed["operators"]):
                driver.post(1, f"/staf/antrean/loket/{counter}/next/", session, {})
        # The surviving worker (and the scheduler's sweeps) deliver every central message.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = json.loads(inst.shell(CHECK.replace("SLOT", str(seed["slot"]))).strip().splitlines()[-1])
            if status["outbox_by_status"].get("sent", 0) == CENTRAL:
                break
            time.sleep(2)
        counters = requests.get(f"http://127.0.0.1:{SIMULATOR_PORT}/counters", timeout=5).json()

        assert errors == [], errors
        # Bookings: the quota is never exceeded, every place is taken, nobody holds two.
        assert status["slot_booked"] == status["active_bookings"] == QUOTA, status
        assert status["bookings_per_user_max"] == 1, status
        assert len(booked_answers) == RESIDENTS
        # Counter calls: every ticket called, none twice, none lost.
        assert status["tickets"] == TICKETS, status
        assert status["tickets_called_twice"] == 0, status
        assert status["tickets_by_status"].get("waiting", 0) == 0, status
        # Central: one message per application, all delivered, central saw each record once.
        assert status["outbox"] == CENTRAL and status["outbox_per_application_max"] == 1, status
        assert status["outbox_by_status"] == {"sent": CENTRAL}, status
        assert status["central_records"] == CENTRAL, status
        received = counters.get("received", counters.get("counters", {}).get("received"))
        assert received == CENTRAL, counters
        assert counters.get("duplicate_records", 0) == 0, counters
        # Central: each file recorded once although posted twice, through both servers.
        assert len(recorded_answers) == APPLICATIONS * OPERATORS
        assert status["captures"] == APPLICATIONS and status["captures_per_application_max"] == 1, status
        assert status["still_awaiting_biometrics"] == 0, status
        assert at_kill["recordings"] < APPLICATIONS * OPERATORS, at_kill  # recordings went on after the kill
        # Verification: every file claimed by one verifier and approved once.
        assert status["approvals"] == VERIFICATIONS and status["approvals_per_application_max"] == 1, status
        assert status["still_at_the_desk"] == 0, status
        assert len(approved_by) <= VERIFICATIONS and len(set(approved_by)) == len(approved_by), approved_by
        assert driver.failovers >= 1  # the killed server really was in the path
    finally:
        for process in processes:
            _kill(process, signal.SIGTERM)
        time.sleep(0.5)
        for process in processes:
            _kill(process)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        inst.drop()
