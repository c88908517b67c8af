"""W2: 32 counters pressing "call next" at once.

wrk drives POST /staf/antrean/loket/<id>/next/ with 32 connections, as a signed-in file receiver (second factor
passed), spread round-robin over 32 counters of one location with 60,000 tickets waiting. Each request finishes
the counter's current ticket (a service record) and calls the next one: SELECT ... FOR UPDATE SKIP LOCKED, the
conditional claim UPDATE, and the call event. Afterwards the database is checked: no ticket called twice.

Beside it, ``pgbench`` runs the same SQL transaction (``bench/sql/w2_call_next.sql``) with 32 clients on the
same PostgreSQL over a second set of counters and tickets, and hello-world runs on the same server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sipon_queue_bench .venv/bin/python bench/run.py counters --port 8122
"""

from __future__ import annotations

import json
from pathlib import Path

from harness import Harness, Result

SQL_DIR = Path(__file__).resolve().parent / "sql"
COUNTERS = 32
CSRF = "benchcounterscsrf0123456789abcde"

SETUP = r"""
import datetime as dt, json
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from apps.accounts.models import User
from apps.applications.models import ServiceType
from apps.locations.models import Counter, Location
from apps.queueing.models import CallEvent, ServiceRecord, Ticket

slug = {slug!r}
location, _ = Location.objects.get_or_create(slug=slug, defaults={{"name": "Bench " + slug, "kind": "main_office",
    "address": "Jl. Uji", "opening_hours": {{str(d): ["00:00", "23:59"] for d in range(7)}}}})
service = ServiceType.objects.get(code="ktp-baru")
Ticket.objects.filter(location=location).delete()
counters = []
for number in range(1, {counters} + 1):
    counter, _ = Counter.objects.get_or_create(location=location, number=number,
        defaults={{"stages": ["document_check"], "is_open": True}})
    counter.services.set([service])
    counters.append(counter.pk)
today = timezone.localdate()
start = timezone.now() - dt.timedelta(hours=3)
Ticket.objects.bulk_create([Ticket(location=location, date=today, service=service, queue_code="C", number=n,
    token=f"{{slug}}-{{n}}", rank=0 if n % 7 == 0 else 2, priority_group="elderly" if n % 7 == 0 else "",
    queued_at=start + dt.timedelta(milliseconds=n)) for n in range(1, {tickets} + 1)], batch_size=5000)
from django.db import connection
connection.cursor().execute("ANALYZE queueing_ticket")
user, created = User.objects.get_or_create(username="bench-loket")
if created:
    user.set_unusable_password(); user.save()
    user.groups.add(Group.objects.get_or_create(name="file_receiver")[0])
    TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
print(json.dumps({{"location": location.pk, "service": service.pk, "counters": counters, "user": user.pk,
                  "date": today.strftime("%Y%m%d")}}))
"""

VERIFY = r"""
import json
from django.db.models import Count
from apps.queueing.models import CallEvent, Ticket
calls = CallEvent.objects.filter(location_id={location})
print(json.dumps({{"calls": calls.count(),
    "called_twice": calls.values("ticket").annotate(n=Count("id")).filter(n__gt=1).count(),
    "not_waiting": Ticket.objects.filter(location_id={location}).exclude(status="waiting").count()}}))
"""

LUA = r"""
local counters = {%(counters)s}
local counter = 0
function init(args)
  counter = id or 0
end
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
wrk.method = "POST"
wrk.body = ""
wrk.headers["Cookie"] = "%(cookie)s; csrftoken=%(csrf)s"
wrk.headers["X-CSRFToken"] = "%(csrf)s"
wrk.headers["Referer"] = "%(origin)s/staf/antrean/loket/"
function request()
  counter = counter + %(threads)d
  local c = counters[(counter %% #counters) + 1]
  return wrk.format(nil, "/staf/antrean/loket/" .. c .. "/next/")
end
"""


def run(h: Harness) -> list[Result]:
    if not h.is_postgres:
        raise RuntimeError("W2 compares with pgbench: run it with DATABASE_URL=postgres://...")
    threads = 2
    data = json.loads(
        h.django(SETUP.format(slug="bench-w2", counters=COUNTERS, tickets=60000)).strip().splitlines()[-1]
    )
    cookie = h.session_cookie("bench-loket", otp=True)
    script = LUA % {
        "counters": ", ".join(str(c) for c in data["counters"]),
        "cookie": cookie,
        "csrf": CSRF,
        "origin": h.url(""),
        "threads": threads,
    }
    first = data["counters"][0]
    result = h.wrk(
        "W2 call next (32 counters)",
        f"/staf/antrean/loket/{first}/next/",
        script=script,
        connections=COUNTERS,
        threads=threads,
        warmup=0,
        expect_status=None,
        baseline="W2 pgbench call next",
        note="POST .../loket/<id>/next/: finish current + SKIP LOCKED pick + claim + call event",
    )
    check = json.loads(h.django(VERIFY.format(location=data["location"])).strip().splitlines()[-1])
    result.note += f"; calls {check['calls']}, called twice {check['called_twice']}"
    result.extra.update({k: float(v) for k, v in check.items()})
    if check["called_twice"]:
        raise RuntimeError(f"W2: a ticket was called twice: {check}")

    pg = json.loads(
        h.django(SETUP.format(slug="bench-w2-pg", counters=COUNTERS, tickets=200000)).strip().splitlines()[-1]
    )
    sql = (SQL_DIR / "w2_call_next.sql").read_text()
    pgres = h.pgbench(
        "W2 pgbench call next",
        sql,
        clients=COUNTERS,
        jobs=threads,
        baseline=None,
        variables={
            "location": str(pg["location"]),
            "service": str(pg["service"]),
            "cfirst": str(min(pg["counters"])),
            "ncounters": str(COUNTERS),
            "day": pg["date"],
            "user": str(pg["user"]),
        },
        note="bench/sql/w2_call_next.sql, 32 clients, same statements as services.call_next",
    )
    pg_check = json.loads(h.django(VERIFY.format(location=pg["location"])).strip().splitlines()[-1])
    pgres.note += f"; called twice {pg_check['called_twice']}"
    h.hello()
    return [pgres, result]


if __name__ == "__main__":
    from harness import run_alone

    run_alone(run, doc=__doc__, default_port=8122)
