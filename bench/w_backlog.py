"""W5: after an outage, a backlog of 10,000 messages to central drains at no less than half the
simulator's raw accept rate, measured in the same run.

1. A central simulator (``simulator/central.py``) is started on its own port with a fixed per-record accept
   latency (``--latency``, default 5 ms: the time central takes to take a record).
2. Raw accept rate: ``WORKERS x CONCURRENCY`` threads (as many requests in flight as Sipon's workers use)
   post records straight to the simulator (one HTTP connection per record, as the adapter does), no database.
3. The simulator is switched to "down", 10,000 outbox messages are written (bulk), ``SENDERS`` real
   ``manage.py central_worker`` processes start and fail against it (backing off); the fault is switched
   off; the time from then until the simulator has every record is the drain time (it includes the
   workers' backoff at the end of the outage). Then every message must be marked sent in Sipon's database.
   The simulator's counters must show exactly 10,000 distinct records.

    .venv/bin/python bench/w_backlog.py --port 8130                   # SQLite file under var/bench-8130
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sipon_w5 .venv/bin/python bench/w_backlog.py --port 8131

(or through ``bench/run.py backlog``). Ports: the harness's ``port`` and ``port + 5`` for the simulator.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from harness import PYTHON, ROOT, Harness, Result  # noqa: E402  (path set just above)

from simulator import control  # noqa: E402

BACKLOG = int(os.environ.get("W5_BACKLOG", "10000"))
WORKERS = int(os.environ.get("W5_WORKERS", "2"))
CONCURRENCY = int(os.environ.get("W5_CONCURRENCY", "4"))  # HTTP calls in flight per worker
SENDERS = WORKERS * CONCURRENCY  # the raw rate is measured with as many connections as Sipon uses
RAW_RECORDS = int(os.environ.get("W5_RAW_RECORDS", "3000"))
LATENCY = float(os.environ.get("W5_LATENCY", "0.005"))
BATCH = int(os.environ.get("W5_BATCH", "200"))
PROFILE = os.environ.get("W5_PROFILE", "") == "1"  # workers under cProfile (var dir, w5-worker-N.prof)

SETUP = r"""
import datetime as dt
from django.utils import timezone
from apps.applications.models import Application, ServiceType
from apps.applications.workflow import Status
from apps.central.models import LinkHealth, OutboxMessage
from apps.central.services import enrolment_payload
from apps.locations.models import Location

OutboxMessage.objects.filter(application__number__startswith="W5-").delete()
Application.objects.filter(number__startswith="W5-").delete()
LinkHealth.objects.update_or_create(pk=1, defaults={"consecutive_failures": 0, "failing_since": None,
                                                    "outage_since": None})
service = ServiceType.objects.get(code="ktp-hilang")
place = Location.objects.filter(kind="main_office").first()
now = timezone.now()
Application.objects.bulk_create([Application(number=f"W5-{i:06d}", service_type=service, channel="walk_in",
    status=Status.SENT_TO_CENTRAL, nik=f"3310250101{i % 100:02d}{i:04d}"[:16], full_name=f"WARGA {i}",
    location=place, submitted_at=now, status_changed_at=now) for i in range({backlog})], batch_size=2000)
apps = Application.objects.filter(number__startswith="W5-").select_related("service_type", "location")
OutboxMessage.objects.bulk_create([OutboxMessage(application=a, payload=enrolment_payload(a)) for a in apps],
                                  batch_size=2000)
from django.db import connection
if connection.vendor == "postgresql":  # what autovacuum does on a server after a backlog has built up
    with connection.cursor() as cursor:
        for table in ("central_outboxmessage", "central_centralrecord", "central_centralstatechange",
                      "applications_application"):
            cursor.execute(f"VACUUM ANALYZE {table}")
print(OutboxMessage.objects.filter(status="pending", application__number__startswith="W5-").count())
"""

PENDING = r"""
from apps.central.models import OutboxMessage
print(OutboxMessage.objects.filter(status="pending", application__number__startswith="W5-").count())
"""


def raw_accept_rate(url: str, records: int, senders: int) -> float:
    """Records per second the simulator accepts from ``senders`` threads posting directly."""
    host, port = url.removeprefix("http://").split(":")
    per_thread = records // senders

    def send() -> None:
        for index in range(per_thread):
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            body = json.dumps({"reference": f"RAW-{uuid.uuid4().hex}", "nik": f"9{index:015d}"})
            conn.request(
                "POST",
                "/records",
                body,
                {
                    "Idempotency-Key": uuid.uuid4().hex,
                    "Content-Type": "application/json",
                    "Authorization": "Bearer sipon-demo-token",
                },
            )
            conn.getresponse().read()
            conn.close()

    threads = [threading.Thread(target=send) for _ in range(senders)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return per_thread * senders / (time.monotonic() - started)


def run(h: Harness) -> list[Result]:
    sim_port = h.port + 5
    url = f"http://127.0.0.1:{sim_port}"
    sim = control.start(sim_port, print_delay=3600, latency=LATENCY)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        h.say(f"W5: raw accept rate, {SENDERS} senders, {RAW_RECORDS} records, latency {LATENCY * 1000:.0f} ms")
        raw = raw_accept_rate(url, RAW_RECORDS, SENDERS)
        control.call(url, "/admin/reset", {})
        control.fault(url, "down")
        h.say(f"W5: writing a backlog of {BACKLOG} messages")
        assert int(h.django(SETUP.replace("{backlog}", str(BACKLOG))).strip()) == BACKLOG
        env = {
            **h.env,
            "CENTRAL_URL": url,
            "CENTRAL_SEND_ON_COMMIT": "0",
            "CENTRAL_RETRY_BASE_SECONDS": "0.2",
            "CENTRAL_RETRY_MAX_SECONDS": os.environ.get("W5_RETRY_MAX_SECONDS", "0.5"),
            "CENTRAL_OUTAGE_AFTER_SECONDS": "1",
        }
        log = (h.var_dir / "w5-workers.log").open("ab")
        workers = [
            subprocess.Popen(
                [
                    PYTHON,
                    *(["-m", "cProfile", "-o", str(h.var_dir / f"w5-worker-{n}.prof")] if PROFILE else []),
                    "manage.py",
                    "central_worker",
                    "--batch",
                    str(BATCH),
                    "--poll-every",
                    "0",
                    "--interval",
                    "0.2",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for n in range(WORKERS)
        ]
        # The outage: workers fail and back off. At least 5 s, and at least 3 s after the first failed send
        # (on a loaded machine the workers take longer to start; their start-up must not count as drain time).
        outage_started = time.monotonic()
        while not control.counters(url)["faults"]:
            if time.monotonic() - outage_started > 120:
                raise RuntimeError("the workers did not reach the simulator in 2 minutes")
            time.sleep(0.1)
        time.sleep(max(3.0, 5.0 - (time.monotonic() - outage_started)))
        h.say("W5: link back, draining")
        control.fault(url, "none")
        started = time.monotonic()
        while control.counters(url)["received"] < BACKLOG:
            if time.monotonic() - started > 900:
                raise RuntimeError("backlog did not drain in 15 minutes")
            time.sleep(0.05)
        elapsed = time.monotonic() - started  # every record is at central
        while int(h.django(PENDING).strip()):  # and Sipon has written every answer down (not timed: the
            time.sleep(0.2)  # check itself starts a Python process)
        counters = control.counters(url)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(10)
        control.stop(sim)
    drain = BACKLOG / elapsed
    raw_result = Result(
        name="W5 simulator raw accept",
        rps=raw,
        requests=RAW_RECORDS,
        baseline=None,
        tool="threads",
        note=f"{SENDERS} threads (same in flight), {LATENCY * 1000:.0f} ms accept latency",
    )
    drain_result = Result(
        name="W5 backlog drain",
        rps=drain,
        requests=BACKLOG,
        baseline=raw_result.name,
        tool="central_worker",
        note=f"{WORKERS} workers x {CONCURRENCY} in flight; {BACKLOG} messages in {elapsed:.1f}s; "
        f"central received {counters['received']}, "
        f"repeated keys {counters['duplicates_by_key']}",
        extra={"ratio": drain / raw, "received": counters["received"]},
    )
    h.say(f"W5: raw {raw:.0f}/s, drain {drain:.0f}/s, ratio {drain / raw:.2f}, received {counters['received']}")
    assert counters["received"] == BACKLOG, counters
    h.results += [raw_result, drain_result]
    return [raw_result, drain_result]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--no-setup", action="store_true")
    args = parser.parse_args()
    h = Harness(port=args.port, database_url=args.database_url, setup=not args.no_setup)
    if h.setup_db:
        h.prepare()
    results = run(h)
    for result in results:
        print(f"{result.name}: {result.rps:.0f}/s  {result.note}")
    print(f"ratio drain/raw: {results[1].rps / results[0].rps:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
