"""W-submission: residents submit a lost-card application with two 300 KB documents (a KK photo
and a police-report PDF) at 50 concurrent users.

One submission is one multipart POST to ``/api/v1/permohonan/kirim`` (the same services the pages
use: create the draft, save the F-1.02 answers, check, normalise and store each document, submit,
history, estimate, notifications queued after commit). The uploads stream to temporary files
(FILE_UPLOAD_MAX_MEMORY_SIZE is 256 KB), so a worker never holds a whole request body.

Phases, on one server in one run:

1. ``submission 50 users, 1 s think``: 50 wrk connections, each a resident who submits, waits 1 s
   (wrk's ``delay()``), and submits again: the office's rush modelled as 50 people at their phones.
2. ``submission 50 conn, closed loop``: the same 50 connections without a pause: the server's
   capacity. Latency here is queueing: with 50 requests always in flight, mean latency = 50 / rate.

After the run the database is checked: every 201 answer is one submitted application with two
stored documents. p95 comes from wrk's own latency histogram (the Lua ``done`` hook).

    .venv/bin/python bench/run.py submission --port 8110
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sipon_apps_bench \
        .venv/bin/python bench/run.py submission --port 8111
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import tempfile
from pathlib import Path

from harness import Harness, Result, RssSampler, parse_wrk

USERS = 50
RESIDENTS = 400  # sessions cycled by the script, so one resident never has two submissions in flight
CSRF = "benchsubmitcsrfsecret0123456789a"  # 32 alphanumerics: a valid CSRF secret (cookie and header)
BOUNDARY = "----SiponBenchBoundary7MA4YWxkTrZu0gW"
TARGET_KB = 300
THINK_MS = 1000

SETUP = r"""
import datetime as dt, json, secrets
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from apps.accounts.models import ResidentProfile, User
from apps.regions.models import Region

PREFIX = "bench-submit-"
village = Region.objects.filter(level=Region.Level.VILLAGE, code__startswith="33.10.").order_by("code").first()
now = timezone.now()
existing = set(User.objects.filter(username__startswith=PREFIX).values_list("username", flat=True))
User.objects.bulk_create([
    User(username=f"{PREFIX}{i}", email=f"{PREFIX}{i}@bench.invalid", password="!unusable", first_name="WARGA UJI",
         contact_confirmed_at=now)
    for i in range(COUNT) if f"{PREFIX}{i}" not in existing], batch_size=1000)
users = list(User.objects.filter(username__startswith=PREFIX).order_by("id")[:COUNT])
have = set(ResidentProfile.objects.filter(user__in=users).values_list("user_id", flat=True))
ResidentProfile.objects.bulk_create([
    ResidentProfile(user=u, nik=f"33102501019{u.pk % 100000:05d}", kk_number=f"3310{u.pk:012d}",
                    full_name="WARGA UJI", birth_place="Klaten", birth_date=dt.date(1990, 1, 1), sex="L",
                    address="Jl. Uji 1", district_id=village.parent_id, village_id=village.code)
    for u in users if u.pk not in have], batch_size=1000)
keys = []
for u in users:
    store = SessionStore()
    store[SESSION_KEY] = str(u.pk)
    store[BACKEND_SESSION_KEY] = "apps.accounts.backends.IdentifierBackend"
    store[HASH_SESSION_KEY] = u.get_session_auth_hash()
    store.save()
    keys.append(store.session_key)
print(json.dumps(keys))
"""

COUNT_SQL = r"""
from apps.applications.models import Application
from apps.documents.models import DocumentVersion
apps = Application.objects.filter(applicant__username__startswith="bench-submit-", status="submitted")
print(apps.count(), DocumentVersion.objects.filter(document__application__in=apps).count())
"""


def _photo(target_kb: int) -> bytes:
    """A phone-like photo of a document: a 1600 x 1200 JPEG with fine detail, about ``target_kb``."""
    from PIL import Image

    rng = random.Random(17)
    width, height = 1600, 1200
    base = Image.new("RGB", (width, height), (236, 232, 220))
    noise = Image.frombytes("L", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height)))
    image = Image.merge("RGB", (noise.point(lambda v: 200 + v // 8),) * 3)
    image = Image.blend(base, image, 0.6)
    best = b""
    for quality in range(95, 20, -5):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        best = out.getvalue()
        if len(best) <= target_kb * 1024:
            break
    return best


def _pdf(target_kb: int) -> bytes:
    """A scanned police report: one A4 page holding a scan image, about ``target_kb``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.drawImage(ImageReader(io.BytesIO(_photo(target_kb - 4))), 20, 20, width=555, height=800)
    pdf.drawString(40, 810, "SURAT TANDA PENERIMAAN LAPORAN KEHILANGAN")
    pdf.save()
    return out.getvalue()


def _body() -> bytes:
    fields = {"service": "ktp-hilang", "full_name": "WARGA UJI", "kk_number": "3310250101100001",
              "birth_place": "Klaten", "birth_date": "1990-01-01", "sex": "L", "address": "Jl. Uji 1",
              "rt": "1", "rw": "2", "contact_phone": "081234567890"}
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, ctype, data in (("kk", "foto-kk.jpg", "image/jpeg", _photo(TARGET_KB)),
                                        ("surat-kehilangan", "laporan.pdf", "application/pdf", _pdf(TARGET_KB))):
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n"
        )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


LUA = r"""
local keys = {KEYS}
local f = io.open("{BODY}", "rb")
local body = f:read("*a")
f:close()
local think = {THINK}
local counter = 0
local offset = 0
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 97)
  table.insert(threads, thread)
end
function init(args)
  offset = wrk.thread:get("offset") or 0
end
function delay()
  return think
end
function request()
  counter = counter + 1
  local key = keys[((offset + counter) % #keys) + 1]
  local headers = {
    ["Content-Type"] = "multipart/form-data; boundary={BOUNDARY}",
    ["X-CSRFToken"] = "{CSRF}",
    ["Cookie"] = "sessionid=" .. key .. "; csrftoken={CSRF}",
  }
  return wrk.format("POST", "/api/v1/permohonan/kirim", headers, body)
end
function done(summary, latency, requests)
  local out = io.open("{P95}", "w")
  out:write(string.format("%d %d %d", latency:percentile(95), summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
  out:close()
end
"""


def _script(keys: list[str], body_path: str, p95_path: str, think_ms: int) -> str:
    return (LUA.replace("{KEYS}", "{" + ",".join(json.dumps(k) for k in keys) + "}")
            .replace("{BODY}", body_path).replace("{P95}", p95_path).replace("{THINK}", str(think_ms))
            .replace("{BOUNDARY}", BOUNDARY).replace("{CSRF}", CSRF))


CPU_SNIPPET = r"""
import sys, time
sys.path.insert(0, BENCH_DIR)
from django.test import Client
from apps.accounts.models import User
body = open(BODY_PATH, "rb").read()
users = list(User.objects.filter(username__startswith="bench-submit-").order_by("-id")[:41])
client = Client(HTTP_HOST="127.0.0.1")
def once(user):
    client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    response = client.generic("POST", "/api/v1/permohonan/kirim", body,
                              content_type="multipart/form-data; boundary=" + BOUNDARY)
    assert response.status_code == 201, response.content[:300]
once(users[0])
cpu, wall = time.process_time(), time.perf_counter()
for user in users[1:41]:
    once(user)
print(f"{(time.process_time() - cpu) / 40 * 1000:.1f} {(time.perf_counter() - wall) / 40 * 1000:.1f}")
"""


def _cpu_per_submission(h: Harness, body_path: Path) -> Result:
    """Load-independent: one client in-process (Django test client, a sign-in per submission), 40
    submissions after a warm-up one; CPU time (``time.process_time``) and wall time per submission."""
    code = (CPU_SNIPPET.replace("BENCH_DIR", repr(str(Path(__file__).resolve().parent)))
            .replace("BODY_PATH", repr(str(body_path))).replace("+ BOUNDARY", f"+ {BOUNDARY!r}"))
    cpu_ms, wall_ms = (float(v) for v in h.django(code).strip().splitlines()[-1].split())
    result = Result(name="submission in-process, 1 client", rps=1000 / wall_ms, avg_ms=wall_ms, requests=40,
                    baseline=None, tool="test client",
                    note=f"{cpu_ms:.0f} ms CPU per submission; 2 cores / CPU = {2000 / cpu_ms:.0f}/s at most",
                    extra={"cpu_ms": cpu_ms})
    h.results.append(result)
    h.say(f"in-process: {cpu_ms:.0f} ms CPU, {wall_ms:.0f} ms wall per submission")
    return result


def _counts(h: Harness) -> tuple[int, int]:
    submitted, documents = h.django(COUNT_SQL).split()
    return int(submitted), int(documents)


def _wrk(h: Harness, name: str, script: str, workdir: Path) -> Result:
    """wrk with a 30 s timeout (a slow submission is measured, not dropped as a timeout), and the
    server's peak worker RSS sampled during the run."""
    if h.server is None:
        raise RuntimeError("the server is not running")
    script_path = workdir / "script.lua"
    script_path.write_text(script)
    cmd = ["wrk", "--latency", "--timeout", "30s", "-t", "2", "-c", str(USERS), "-d", f"{h.duration:.0f}s",
           "-s", str(script_path), h.url("/api/v1/permohonan/kirim")]
    h.say(f"wrk {name} for {h.duration:.0f}s")
    with RssSampler(h.server.pid) as sampler:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed:\n{proc.stdout}\n{proc.stderr}")
    data = parse_wrk(proc.stdout)
    result = Result(
        name=name, rps=data["rps"], p50_ms=data.get("p50_ms"), p90_ms=data.get("p90_ms"),
        p99_ms=data.get("p99_ms"), avg_ms=data.get("avg_ms"), requests=int(data.get("requests", 0)),
        errors=int(data.get("errors", 0)), peak_rss_mb=round(sampler.peak_mb, 1), baseline="hello", tool="wrk",
        note="multipart POST, 2 x 300 KB documents; 1 request = 1 submission",
        extra={"peak_worker_rss_mb": round(sampler.peak_single_mb, 1)},
    )
    h.results.append(result)
    return result


def run(h: Harness) -> list[Result]:
    keys = json.loads(h.django(SETUP.replace("COUNT", str(RESIDENTS))).strip().splitlines()[-1])
    workdir = Path(tempfile.mkdtemp(prefix="bench-submit-"))
    body_path = workdir / "body.bin"
    body = _body()
    body_path.write_bytes(body)
    h.say(f"submission body {len(body) / 1024:.0f} KB (two documents of about {TARGET_KB} KB)")
    results = []
    phases = ((f"submission {USERS} users, 1 s think", THINK_MS), (f"submission {USERS} conn, closed loop", 0))
    for name, think in phases:
        p95_path = workdir / f"p95-{think}.txt"
        before = _counts(h)
        result = _wrk(h, name, _script(keys, str(body_path), str(p95_path), think), workdir)
        after = _counts(h)
        p95_us, requests, errors = (int(v) for v in p95_path.read_text().split())
        result.extra["p95_ms"] = round(p95_us / 1000, 1)
        result.extra["submitted"] = after[0] - before[0]
        result.extra["documents_stored"] = after[1] - before[1]
        h.say(f"{name}: {result.rps:.1f}/s, p95 {p95_us / 1000:.0f} ms, errors {errors}/{requests}, "
              f"{after[0] - before[0]} submitted, {after[1] - before[1]} documents, "
              f"peak worker RSS {result.extra.get('peak_worker_rss_mb')} MB")
        results.append(result)
    results.append(_cpu_per_submission(h, body_path))
    if not os.environ.get("BENCH_KEEP"):
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    return results
