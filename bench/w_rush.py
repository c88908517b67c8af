"""W1: the rush. 200 connections of signed-in residents book one slot with a quota of 500.

Phases, all on one server in one run (ratios are the figures to read):

1. ``rush``: 200 wrk connections POST /reservasi/pesan/ for one slot (quota 500), each request as a different
   resident (a session per resident, cycled by the Lua script). Afterwards the database is checked: exactly 500
   bookings for the slot, ``slot.booked == 500``, no NIK twice, and the Lua script's count of 5xx answers is 0.
2. ``booking path``: the same, against a slot with an unlimited quota and residents who have not booked this
   service yet: every request takes the full booking transaction (conditional UPDATE + INSERT). Compared with
   ``pgbench`` running that same SQL transaction (``bench/sql/w1_book.sql``) on the same PostgreSQL.
3. ``full answer``: the slot from phase 1 is full; the answer comes from the cache, compared with hello-world.
4. ``signed-in hello``: the same 200 connections and residents GET a bare view that only finds the signed-in
   resident (session and user rows): the least any booking design must do per request, as a bound for the
   rush's latency on this machine.

The requests all come from 127.0.0.1, so the per-address rate limit is lifted for this run
(``APPOINTMENTS_RATE_PER_IP``); the per-account limit stays on. Run with ``REDIS_URL`` set, as in production
(the rate limits and the "full" answer use the cache):

    REDIS_URL=redis://127.0.0.1:6379/5 CACHE_KEY_PREFIX=bench-rush \
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sipon_queue_bench \
    .venv/bin/python bench/run.py rush --port 8121
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from harness import Harness, Result

SQL_DIR = Path(__file__).resolve().parent / "sql"
os.environ.setdefault("APPOINTMENTS_RATE_PER_IP", "100000000")
CSRF = "benchrushcsrfsecret0123456789abc"  # 32 alphanumerics: a valid CSRF secret (cookie and header)
RUSH_CONNECTIONS = 200
RUSH_SECONDS = float(os.environ.get("BENCH_RUSH_SECONDS", "30"))  # long enough to fill the quota
# PostgreSQL here allows 100 connections, shared with other users of the server: pgbench uses 50.
PG_CLIENTS = int(os.environ.get("BENCH_PG_CLIENTS", "50"))
QUOTA = 500
WRK_THREADS = 2

SETUP = r"""
import datetime as dt, json, secrets
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from apps.accounts.models import ResidentProfile, User
from apps.applications.models import ServiceType
from apps.appointments.models import Booking, Slot
from apps.core.calendar import next_working_day
from apps.locations.models import Location
from apps.regions.models import Region

PREFIX = {prefix!r}
COUNT = {count}
location = Location.objects.get(slug="kantor-utama")
service = ServiceType.objects.get(code={service!r})
day = next_working_day(timezone.localdate() + dt.timedelta(days=1))
start = dt.time({hour}, 0)
Booking.objects.filter(slot__location=location, slot__service=service, slot__date=day, slot__start_time=start).delete()
slot, _ = Slot.objects.update_or_create(location=location, service=service, date=day, start_time=start,
    defaults={{"end_time": dt.time({hour}, 59), "quota": {quota}, "booked": 0}})
village = Region.objects.filter(level=Region.Level.VILLAGE, code__startswith="33.10.").order_by("code").first()
existing = set(User.objects.filter(username__startswith=PREFIX).values_list("username", flat=True))
users = [User(username=f"{{PREFIX}}{{i}}", email=f"{{PREFIX}}{{i}}@bench.invalid", password="!unusable",
              first_name="WARGA UJI") for i in range(COUNT) if f"{{PREFIX}}{{i}}" not in existing]
User.objects.bulk_create(users, batch_size=2000)
users = list(User.objects.filter(username__startswith=PREFIX).order_by("id"))
have = set(ResidentProfile.objects.filter(user__in=users).values_list("user_id", flat=True))
profiles = [ResidentProfile(user=u, nik=f"{{{nikbase} + u.pk:016d}}", kk_number=f"3310{{u.pk:012d}}",
            full_name="WARGA UJI", birth_place="Klaten", birth_date=dt.date(2008, 1, 1), sex="L", address="Jl. Uji",
            district_id=village.parent_id, village_id=village.code) for u in users if u.pk not in have]
ResidentProfile.objects.bulk_create(profiles, batch_size=2000)
Booking.objects.filter(user__in=users, service=service).delete()
keys = []
sessions = []
expire = timezone.now() + dt.timedelta(days=1)
store = SessionStore()
try:  # what a session remembers after its first page (a resident reaches the button from the booking page)
    from apps.accounts.staff_session import SESSION_KEY as ACCESS_KEY
except ImportError:
    ACCESS_KEY = None
for u in users:
    key = secrets.token_hex(16)
    data = {{SESSION_KEY: str(u.pk), BACKEND_SESSION_KEY: "apps.accounts.backends.IdentifierBackend",
             HASH_SESSION_KEY: u.get_session_auth_hash()}}
    if ACCESS_KEY:
        data[ACCESS_KEY] = {{"user": u.pk, "stamp": getattr(u, "access_stamp", 0), "roles": [], "device": ""}}
    sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
    keys.append(key)
Session.objects.bulk_create(sessions, batch_size=2000)
from django.core.cache import cache
cache.delete(f"appt:full:{{slot.pk}}")
print(json.dumps({{"slot": slot.pk, "location": location.pk, "service": service.pk, "date": day.isoformat(),
                  "user": users[0].pk, "keys": keys}}))
"""

VERIFY = r"""
import json
from django.db.models import Count
from apps.appointments.models import Booking, Slot
slot = Slot.objects.get(pk={slot})
rows = Booking.objects.filter(slot=slot)
print(json.dumps({{"booked": slot.booked, "quota": slot.quota, "bookings": rows.count(),
                  "nik_twice": rows.values("nik").annotate(n=Count("id")).filter(n__gt=1).count()}}))
"""

LUA = r"""
local keys = {}
for line in io.lines("%(keys_file)s") do keys[#keys + 1] = line end
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  thread_id = id
  counter = id
  statuses = {}
end
wrk.method = "%(method)s"
wrk.body = %(body)s
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-CSRFToken"] = "%(csrf)s"
wrk.headers["Referer"] = "%(origin)s/reservasi/baru/"
function request()
  counter = counter + %(threads)d
  local key = keys[(counter %% #keys) + 1]
  wrk.headers["Cookie"] = "sessionid=" .. key .. "; csrftoken=%(csrf)s"
  return wrk.format()
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do total[code] = (total[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(total) do parts[#parts + 1] = '"' .. code .. '": ' .. n end
  io.write("STATUSES {" .. table.concat(parts, ", ") .. "}\n")
end
"""


def _setup(h: Harness, prefix: str, count: int, service: str, hour: int, quota: int, nikbase: int) -> dict[str, Any]:
    out = h.django(SETUP.format(prefix=prefix, count=count, service=service, hour=hour, quota=quota, nikbase=nikbase))
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return data


def _lua(h: Harness, data: dict[str, Any], name: str, threads: int, method: str = "POST") -> str:
    """The wrk script: each request as the next resident's session; a POST books ``data``'s slot."""
    keys_file = h.var_dir / f"rush-{name}.keys"
    keys_file.write_text("\n".join(data["keys"]) + "\n")
    slot = data["slot"]
    body = f'"slot={slot}"' if method == "POST" else "nil"
    return LUA % {
        "keys_file": keys_file,
        "method": method,
        "body": body,
        "csrf": CSRF,
        "origin": h.url(""),
        "threads": threads,
    }


LAST_STATUSES: dict[str, int] = {}


def _wrk_with_statuses(h: Harness, name: str, script: str, path: str = "/reservasi/pesan/", **kwargs: Any) -> Result:
    """h.wrk, plus the per-status counts the Lua script prints (wrk's own summary has only "non-2xx")."""
    import subprocess

    original_run = subprocess.run

    def capturing_run(*args: Any, **kw: Any) -> Any:
        proc = original_run(*args, **kw)
        out = getattr(proc, "stdout", "") or ""
        match = re.search(r"STATUSES (\{.*\})", out if isinstance(out, str) else "")
        if match:
            LAST_STATUSES.clear()
            LAST_STATUSES.update(json.loads(match.group(1)))
        return proc

    subprocess.run = capturing_run
    try:
        # kwargs are h.wrk's own keywords (connections, threads, baseline, ...)
        return h.wrk(name, path, script=script, **kwargs)
    finally:
        subprocess.run = original_run


def _drain(h: Harness, limit: float = 90.0) -> None:
    """Wait until the server has worked off the requests queued by the previous phase (wrk closes its
    connections at the end of a run, but requests already accepted are still served)."""
    import time
    import urllib.request

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(h.url("/bench/hello"), timeout=10):  # noqa: S310  (http://127.0.0.1)
                pass
        except OSError:
            pass
        if time.monotonic() - started < 0.2:
            return
        time.sleep(1)


def _steady_phase(
    h: Harness, name: str, script: str, *, expected: str, baseline: str, note: str, path: str = "/reservasi/pesan/"
) -> Result:
    """A phase where every answer must have the status ``expected`` (the rush's connections, 1 s warm-up)."""
    result = _wrk_with_statuses(
        h,
        name,
        script,
        path=path,
        connections=RUSH_CONNECTIONS,
        threads=WRK_THREADS,
        warmup=1,
        expect_status=None,
        baseline=baseline,
        note=note,
    )
    statuses = dict(LAST_STATUSES)
    result.note += f"; statuses {statuses}"
    if set(statuses) - {expected}:
        raise RuntimeError(f"{name}: not every answer was {expected}: {statuses}")
    return result


def run(h: Harness) -> list[Result]:
    if not h.is_postgres:
        raise RuntimeError("W1 compares with pgbench: run it with DATABASE_URL=postgres://...")
    results: list[Result] = []
    threads = WRK_THREADS
    # 1. The rush: quota 500, 6,000 residents, 200 connections.
    rush = _setup(h, "rush-a-", 6000, "ktp-baru", 9, QUOTA, 3310250000000000)
    script = _lua(h, rush, "a", threads)
    result = _wrk_with_statuses(
        h,
        "W1 rush (quota 500)",
        script,
        duration=max(h.duration, RUSH_SECONDS),
        connections=RUSH_CONNECTIONS,
        threads=threads,
        warmup=0,
        expect_status=None,
        baseline="W1 pgbench book",
        note="200 connections, one slot, quota 500; each request a different resident",
    )
    statuses = dict(LAST_STATUSES)
    check = json.loads(h.django(VERIFY.format(slot=rush["slot"])).strip().splitlines()[-1])
    fivexx = sum(n for code, n in statuses.items() if code.startswith("5"))
    result.extra.update(
        {"booked": check["booked"], "bookings": check["bookings"], "nik_twice": check["nik_twice"], "5xx": fivexx}
    )
    result.note += f"; statuses {statuses}; booked {check['bookings']}/{QUOTA}, NIK twice {check['nik_twice']}"
    h.say(f"rush: {statuses}, check {check}")
    if check["bookings"] > QUOTA or check["booked"] != check["bookings"] or check["nik_twice"] or fivexx:
        raise RuntimeError(f"W1 rush failed its check: {check}, statuses {statuses}")
    if check["bookings"] != QUOTA:
        result.note += " (the quota was not filled within the run: lengthen --duration)"
    results.append(result)

    _drain(h)
    # 2. The booking path itself: every request books (unlimited quota, residents new to this service).
    path = _setup(h, "rush-b-", 15000, "ktp-hilang", 10, 10_000_000, 3310260000000000)
    script_b = _lua(h, path, "b", threads)
    booked = _wrk_with_statuses(
        h,
        "W1 booking path",
        script_b,
        connections=RUSH_CONNECTIONS,
        threads=threads,
        warmup=0,
        expect_status=None,
        baseline="W1 pgbench book",
        note="every request a new booking (UPDATE slot ... AND booked < quota + INSERT)",
    )
    statuses_b = dict(LAST_STATUSES)
    booked.note += f"; statuses {statuses_b}"
    if any(code.startswith("5") for code in statuses_b):
        raise RuntimeError(f"W1 booking path answered 5xx: {statuses_b}")
    results.append(booked)

    _drain(h)
    # The same SQL transaction in pgbench, on the same PostgreSQL, same connections.
    pg_slot = _setup(h, "rush-c-", 1, "ktp-rusak", 11, 100_000_000, 3310270000000000)
    sql = (SQL_DIR / "w1_book.sql").read_text()
    h.django(
        "from django.db import connection\nconnection.cursor().execute('CREATE SEQUENCE IF NOT EXISTS bench_w1_seq')\n"
    )
    pg = h.pgbench(
        "W1 pgbench book",
        sql,
        clients=PG_CLIENTS,
        jobs=threads,
        baseline=None,
        variables={
            "slot": str(pg_slot["slot"]),
            "location": str(pg_slot["location"]),
            "service": str(pg_slot["service"]),
            "day": pg_slot["date"].replace("-", ""),
            "user": str(pg_slot["user"]),
        },
        note=f"bench/sql/w1_book.sql: UPDATE slot ... booked < quota; INSERT booking ({PG_CLIENTS} clients)",
    )
    results.insert(0, pg)

    _drain(h)
    # 3. The "full" answer for the slot of phase 1 (cached), beside hello-world.
    full = _steady_phase(
        h,
        "W1 full answer",
        script,
        expected="409",
        baseline="hello",
        note="POST to the full slot: answer from the cache, offers the next free date",
    )
    results.append(full)
    h.hello()
    _drain(h)
    hello_200 = h.wrk(
        "hello (200 connections)",
        "/bench/hello",
        connections=RUSH_CONNECTIONS,
        threads=threads,
        baseline=None,
        expect_status=None,
        note="baseline at the rush's connection count",
    )
    full.baseline = hello_200.name
    results.append(hello_200)
    _drain(h)
    # 4. The least any booking must do, beside the rush: find the signed-in resident (session and user rows),
    # with the rush's 200 connections and residents. Its p99 bounds what any design that identifies the
    # resident on each request can reach on this machine.
    signed_in = _steady_phase(
        h,
        "signed-in hello (200 connections)",
        _lua(h, rush, "a-get", threads, method="GET"),
        expected="200",
        baseline=hello_200.name,
        note="GET /bench/hello-signed-in as the rush's residents: session and user read, nothing written",
        path="/bench/hello-signed-in",
    )
    results.append(signed_in)
    return results


if __name__ == "__main__":
    from harness import run_alone

    run_alone(run, doc=__doc__, default_port=8121)
