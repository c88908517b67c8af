"""W4: the section head's dashboard and search at Klaten scale.

Run against a database filled by ``manage.py generate_klaten --bulk`` (1.3 M residents, ~2 M applications with their
history, ~3 M tickets), without the harness's demo set-up:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sipon_dash_scale \\
        .venv/bin/python bench/run.py dashboard --port 8150 --no-setup

Latency (p50/p95/p99) is measured with one client making sequential requests (the server otherwise idle), so the
figures are response times, not queueing under overload; throughput is measured with wrk (8 connections) beside
the hello-world baseline of the same run. Search requests use a different NIK / application number each time,
sampled from the database. The EXPLAIN ANALYZE plans of the main queries are written to
``var/bench-<port>/w_dashboard_plans.txt`` (copied into docs/performance.md).
"""

from __future__ import annotations

import json
import statistics
import time
import urllib.request
from pathlib import Path

from harness import Harness, Result

SEQUENTIAL_REQUESTS = 60
SEARCH_REQUESTS = 150
TARGET_PAGE_P95_MS = 200.0
TARGET_SEARCH_P95_MS = 50.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(round(share * (len(ordered) - 1)), len(ordered) - 1)
    return ordered[index]


def _timed(h: Harness, paths: list[str], cookie: str) -> list[float]:
    out = []
    for path in paths:
        # S310: always http://127.0.0.1:<port>/... built by h.url()
        request = urllib.request.Request(h.url(path), headers={"Cookie": cookie})  # noqa: S310
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
        out.append((time.perf_counter() - started) * 1000)
    return out


def _result(h: Harness, name: str, times: list[float], target: float) -> Result:
    p95 = _percentile(times, 0.95)
    verdict = "meets" if p95 < target else "MISSES"
    result = Result(
        name=name, rps=len(times) / (sum(times) / 1000), p50_ms=_percentile(times, 0.5),
        p90_ms=_percentile(times, 0.9), p99_ms=_percentile(times, 0.99), avg_ms=statistics.fmean(times),
        requests=len(times), baseline=None, tool="sequential",
        note=f"p95 {p95:.1f} ms ({verdict} < {target:.0f} ms)", extra={"p95_ms": p95},
    )
    h.results.append(result)  # the table prints the harness's results
    return result


SETUP = """
import json, random
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from apps.accounts.models import User
from apps.applications.models import Application
user, created = User.objects.get_or_create(username="bench-kasi", defaults={"is_active": True})
if created:
    user.set_password("Rahasia-bench-123"); user.save()
user.groups.add(Group.objects.get_or_create(name="section_head")[0])
TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
count = Application.objects.count()
rng = random.Random(4)
ids = [rng.randrange(1, count) for _ in range(%(n)d)] if count > 1 else []
rows = list(Application.objects.filter(pk__in=ids).values_list("nik", "number"))
print(json.dumps({"applications": count, "niks": [r[0] for r in rows], "numbers": [r[1] for r in rows]}))
"""

PLANS = r"""
import datetime as dt
from django.db import connection
from django.db.models import Count, Sum
from django.http import QueryDict
from django.utils import timezone
from apps.dashboards import metrics, drilldown
from apps.dashboards.filters import parse
from apps.applications.models import Application
from apps.applications.workflow import OPEN, Status
f = parse(QueryDict(""))
year = parse(QueryDict("dari=" + (timezone.localdate() - dt.timedelta(days=365)).isoformat()))
today = timezone.localdate()
sample = Application.objects.order_by("pk").values_list("nik", "number")[1000]
queries = {
    "pipeline (open files per status)": metrics.scope(f).filter(status__in=OPEN).values_list("status").annotate(
        n=Count("status")),
    "service level (overdue and due soon)": metrics.scope(f).filter(
        status__in=metrics.NOT_DONE, due_date__lte=metrics.due_soon_until(today)).values("status").annotate(
        n=Count("due_date")),
    "period figures, last 30 days (daily aggregate)": metrics.daily_scope(f).values("channel").annotate(
        n=Sum("submitted")),
    "period figures, whole months of a year (monthly aggregate)": metrics.monthly_scope(
        year, year.start.replace(day=1), year.end.replace(day=1)).values("channel").annotate(n=Sum("submitted")),
    "monthly series, 12 months (monthly aggregate)": metrics.monthly_scope(
        f, (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1), today.replace(day=1)).values(
        "month", "channel").annotate(n=Sum("submitted")),
    "drill-down: overdue, first page": drilldown.records("overdue", f).queryset[:50],
    "search by NIK": drilldown.search(sample[0]).queryset,
    "search by application number": drilldown.search(sample[1]).queryset,
    "work queue: submitted, oldest first": Application.objects.filter(status=Status.SUBMITTED).order_by(
        "submitted_at")[:25],
    "queue today (tickets per location and status)": __import__("apps.queueing.models", fromlist=["Ticket"]).Ticket
        .objects.filter(date=today, location_id__in=[1, 2]).values_list("location_id", "status").annotate(
        n=Count("id")),
}
for name, qs in queries.items():
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("### " + name)
        print("\n".join(row[0] for row in cursor.fetchall()))
        print()
"""


SEARCH_QUERY_TIMING = r"""
import json, random, time
from apps.applications.models import Application
from apps.dashboards import drilldown
rng = random.Random(9)
count = Application.objects.count()
ids = [rng.randrange(1, count) for _ in range(300)]
pairs = list(Application.objects.filter(pk__in=ids).values_list("nik", "number"))
out = {}
for label, index in (("nik", 0), ("number", 1)):
    times = []
    for pair in pairs:
        started = time.perf_counter()
        rows = list(drilldown.search(pair[index]).queryset[:50])
        times.append((time.perf_counter() - started) * 1000)
        assert rows
    out[label] = times
print(json.dumps(out))
"""


QUERY_COUNTS = r"""
import json
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
client.cookies[settings.SESSION_COOKIE_NAME] = %(session)r
out = {}
for name, path in json.loads(%(pages)r).items():
    client.get(path)  # the session remembers the roles and device; caches are warm, as in the timed runs
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    out[name] = len(ctx.captured_queries)
print(json.dumps(out))
"""


def query_counts(h: Harness, cookie: str, pages: dict[str, str]) -> dict[str, int]:
    """Queries one signed-in request of each page makes (Django's test client in one process, same database)."""
    session = cookie.split("=", 1)[1]
    code = QUERY_COUNTS % {"session": session, "pages": json.dumps(pages)}
    counts: dict[str, int] = json.loads(h.django(code).strip().splitlines()[-1])
    return counts


def run(h: Harness) -> list[Result]:
    h.manage("createcachetable")
    if not (Path(__file__).resolve().parent.parent / "staticfiles" / "staticfiles.json").exists():
        h.manage("collectstatic", "--noinput", "-v", "0")
    info = json.loads(h.django(SETUP % {"n": SEARCH_REQUESTS * 2}).strip().splitlines()[-1])
    h.say(f"{info['applications']:,} applications in the database")
    cookie = h.session_cookie("bench-kasi")
    year_ago = time.strftime("%Y-%m-%d", time.localtime(time.time() - 365 * 86400))
    pages = {
        "dashboard (30 days)": "/staf/dasbor/",
        "dashboard (1 year)": f"/staf/dasbor/?dari={year_ago}",
        "dashboard (kecamatan)": "/staf/dasbor/?kecamatan=33.10.25",
        "drill-down overdue": "/staf/dasbor/daftar/?metrik=overdue",
        "drill-down submitted (30 d)": "/staf/dasbor/daftar/?metrik=submitted",
    }
    results: list[Result] = []
    # The same sequential client on the bare hello-world view: how slow the machine is right now.
    results.append(_result(h, "hello (sequential)", _timed(h, ["/bench/hello"] * 200, cookie), 1000.0))
    # Warm the cache (the blank forecast is computed by the scheduler every 10 minutes in production).
    _timed(h, ["/staf/dasbor/"] * 3, cookie)
    for name, path in pages.items():
        results.append(_result(h, name, _timed(h, [path] * SEQUENTIAL_REQUESTS, cookie), TARGET_PAGE_P95_MS))
    niks = info["niks"][:SEARCH_REQUESTS]
    numbers = info["numbers"][:SEARCH_REQUESTS]
    results.append(_result(h, "search by NIK", _timed(h, [f"/staf/dasbor/daftar/?q={n}" for n in niks], cookie),
                           TARGET_SEARCH_P95_MS))
    results.append(_result(h, "search by number",
                           _timed(h, [f"/staf/dasbor/daftar/?q={n}" for n in numbers], cookie),
                           TARGET_SEARCH_P95_MS))
    # The search itself (ORM query + rows, in one process, no HTTP): what the database and Django's ORM cost.
    timing = json.loads(h.django(SEARCH_QUERY_TIMING).strip().splitlines()[-1])
    results.append(_result(h, "search by NIK (query only)", timing["nik"], TARGET_SEARCH_P95_MS))
    results.append(_result(h, "search by number (query only)", timing["number"], TARGET_SEARCH_P95_MS))
    results.append(h.wrk("dashboard under load (wrk)", "/staf/dasbor/", headers={"Cookie": cookie}))
    counted = {**pages, "search by NIK": f"/staf/dasbor/daftar/?q={niks[0]}",
               "search by number": f"/staf/dasbor/daftar/?q={numbers[0]}"}
    counts = query_counts(h, cookie, counted)
    (h.var_dir / "w_dashboard_queries.json").write_text(json.dumps(counts, indent=1))
    h.say("queries per request: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    if h.is_postgres:
        plans = h.django(PLANS)
        target = h.var_dir / "w_dashboard_plans.txt"
        target.write_text(plans)
        h.say(f"query plans written to {target}")
    return results
