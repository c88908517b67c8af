"""W3b: complaint submission in Sipon beside django-helpdesk's public ticket creation.

django-helpdesk is installed from PyPI into its own virtualenv (``var/bench-helpdesk/venv``, created here with
``python3 -m venv`` + ``pip install django-helpdesk gunicorn psycopg[binary]``), never into Sipon's ``.venv``. The
minimal project in ``bench/helpdesk/`` serves it with gunicorn (same worker count as Sipon) on the harness port + 1,
against the same database server: a PostgreSQL database ``<sipon db>_helpdesk`` when the harness runs on
PostgreSQL, else a SQLite file in WAL mode like Sipon's.

Both are driven by wrk with the same connections, threads and duration, in the same run, each with a POST of a
valid form (CSRF token fetched first) that ends in a redirect. Rows created are counted before and after, so a
form that silently failed validation (django-helpdesk answers 200 with the form again) is caught.

Besides requests/s, each measurement records the CPU time the server's processes (gunicorn master and workers)
and the PostgreSQL backends serving its database spent per request (``app_cpu_ms``, ``db_cpu_ms``, read from
``/proc`` before and after the measured wrk run). On a shared 2-core machine requests/s moves with the outside
load; CPU time per request barely does, so the ratio of the CPU costs is printed too as a load-independent check.

    .venv/bin/python bench/run.py complaints --port 8140
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sipon_cmp_bench .venv/bin/python bench/run.py complaints --port 8140
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from harness import ROOT, Harness, Result, RssSampler, parse_wrk
from measures import CpuMeter

# Every request comes from 127.0.0.1, as thousands of residents: the per-address filing limit is lifted, as W1
# lifts the booking limit. A real resident's one complaint never reaches the shared counter (see
# apps.complaints.ratelimit: a process lets an address's first filing through unasked), so this leaves out no
# cost a resident pays.
os.environ.setdefault("COMPLAINTS_RATE_PER_IP", "0")
HD_DIR = ROOT / "bench" / "helpdesk"
HD_VAR = ROOT / "var" / "bench-helpdesk"
HD_VENV = HD_VAR / "venv"
HD_PY = HD_VENV / "bin" / "python"
# Pinned so that the comparison is reproducible; a newer release is a deliberate change of this line.
HELPDESK_REQUIREMENT = "django-helpdesk==2.6.1"
HELPDESK_NAME = "django-helpdesk public ticket"
SIPON_NAME = "complaint submit (anonymous)"

LUA = """
wrk.method = "POST"
wrk.body = {body!r}
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = {cookie!r}
"""


def ensure_helpdesk_venv(h: Harness) -> None:
    if (
        HD_PY.exists()
        and subprocess.run([str(HD_PY), "-c", "import helpdesk, gunicorn, psycopg"], capture_output=True).returncode
        == 0
    ):
        return
    h.say(f"creating the django-helpdesk virtualenv (pip install {HELPDESK_REQUIREMENT} gunicorn psycopg[binary])")
    HD_VAR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["python3", "-m", "venv", str(HD_VENV)], check=True)
    subprocess.run(
        [str(HD_VENV / "bin" / "pip"), "install", "-q", HELPDESK_REQUIREMENT, "gunicorn", "psycopg[binary]"],
        check=True,
    )


def helpdesk_version() -> str:
    proc = subprocess.run(
        [
            str(HD_PY),
            "-c",
            "from importlib.metadata import version; print(version('django-helpdesk'), version('django'))",
        ],
        capture_output=True,
        text=True,
    )
    parts = proc.stdout.split()
    return f"django-helpdesk {parts[0]} (Django {parts[1]})" if len(parts) == 2 else "django-helpdesk"


def helpdesk_env(h: Harness) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SIPON_", "DATABASE_URL"))}
    env["HD_STATIC_ROOT"] = str(HD_VAR / "static")
    env["HD_MEDIA_ROOT"] = str(HD_VAR / "media")
    if h.is_postgres:
        url = urllib.parse.urlparse(h.database_url)
        name = url.path.lstrip("/") + "_helpdesk"
        subprocess.run(
            [
                "createdb",
                "-h",
                url.hostname or "127.0.0.1",
                "-p",
                str(url.port or 5432),
                "-U",
                url.username or "postgres",
                name,
            ],
            capture_output=True,
        )
        env.update(
            HD_PG_NAME=name,
            HD_PG_HOST=url.hostname or "127.0.0.1",
            HD_PG_PORT=str(url.port or 5432),
            HD_PG_USER=url.username or "postgres",
        )
    else:
        env["HD_SQLITE"] = str(HD_VAR / "helpdesk.sqlite3")
    return env


def hd_manage(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run([str(HD_PY), "manage.py", *args], cwd=HD_DIR, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"helpdesk manage.py {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def hd_count(env: dict[str, str]) -> int:
    out = hd_manage(env, "shell", "-v", "0", "-c", "from helpdesk.models import Ticket; print(Ticket.objects.count())")
    return int(out.strip().splitlines()[-1])


def form_token(url: str) -> tuple[str, str]:
    """GET a form page: (Cookie header with the CSRF cookie, csrfmiddlewaretoken)."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (always http://127.0.0.1)
        html = response.read().decode()
        cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError(f"no CSRF token on {url}")
    return "; ".join(cookies), match.group(1)


def post_once(url: str, body: str, cookie: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    request = urllib.request.Request(  # noqa: S310  (always http://127.0.0.1)
        url,
        data=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
        },
    )
    try:
        return int(urllib.request.build_opener(NoRedirect).open(request, timeout=10).status)
    except urllib.error.HTTPError as error:
        return error.code


def warm_up(h: Harness, url: str, script: str) -> None:
    """The harness's warm-up run, done here so that the CPU meter covers the measured run only."""
    if h.warmup <= 0:
        return
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        subprocess.run(
            [
                "wrk",
                "-t",
                str(h.wrk_threads),
                "-c",
                str(h.connections),
                "-s",
                handle.name,
                "-d",
                f"{h.warmup:.0f}s",
                url,
            ],
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(handle.name)


def wrk_other(h: Harness, name: str, url: str, script: str, pid: int, note: str, meter: CpuMeter) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    base = ["wrk", "--latency", "-t", str(h.wrk_threads), "-c", str(h.connections), "-s", handle.name]
    try:
        warm_up(h, url, script)
        h.say(f"wrk {name}: {url} for {h.duration:.0f}s")
        with RssSampler(pid) as sampler, meter:
            proc = subprocess.run([*base, "-d", f"{h.duration:.0f}s", url], capture_output=True, text=True)
    finally:
        os.unlink(handle.name)
    data = parse_wrk(proc.stdout)
    result = Result(
        name=name,
        rps=data["rps"],
        p50_ms=data.get("p50_ms"),
        p90_ms=data.get("p90_ms"),
        p99_ms=data.get("p99_ms"),
        avg_ms=data.get("avg_ms"),
        requests=int(data.get("requests", 0)),
        errors=int(data.get("errors", 0)),
        peak_rss_mb=round(sampler.peak_mb, 1),
        baseline=None,
        note=note,
    )
    meter.record(result)
    h.results.append(result)
    return result


class HelpdeskServer:
    """django-helpdesk under gunicorn on the harness port + 1, for the whole workload."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        self.port = h.port + 1
        self.url = f"http://127.0.0.1:{self.port}/tickets/submit/"
        self.server: subprocess.Popen[bytes] | None = None
        self.env: dict[str, str] = {}
        self.version = "django-helpdesk"

    def __enter__(self) -> HelpdeskServer:
        h = self.h
        ensure_helpdesk_venv(h)
        self.version = helpdesk_version()
        self.env = env = helpdesk_env(h)
        hd_manage(env, "migrate", "--noinput", "-v", "0")
        hd_manage(env, "collectstatic", "--noinput", "-v", "0")
        hd_manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "from helpdesk.models import Queue; Queue.objects.get_or_create(slug='pengaduan', "
            "defaults={'title': 'Pengaduan', 'allow_public_submission': True})",
        )
        log = (HD_VAR / f"gunicorn-{self.port}.log").open("wb")
        self.server = subprocess.Popen(
            [
                str(HD_VENV / "bin" / "gunicorn"),
                "hdproject.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(h.workers),
                "--threads",
                str(h.threads),
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=HD_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(150):
            try:
                form_token(self.url)
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise RuntimeError("django-helpdesk did not start")

    def __exit__(self, *exc: object) -> None:
        if self.server is None:
            return
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()

    def measure(self, name: str) -> Result:
        cookie, token = form_token(self.url)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "title": "KTP-el belum jadi setelah 30 hari",
                "body": "Saya rekam tanggal 1 Maret, sampai sekarang belum ada kabar dari kantor.",
                "submitter_email": "warga@contoh.id",
            }
        )
        status = post_once(self.url, body, cookie)
        if status != 302:
            raise RuntimeError(f"django-helpdesk answered {status} to a valid ticket, expected 302")
        assert self.server is not None
        before = hd_count(self.env)
        result = wrk_other(
            self.h,
            name,
            self.url,
            LUA.format(body=body, cookie=cookie),
            self.server.pid,
            f"{self.version} (PyPI, own venv), PublicTicketForm POST -> 302: ticket + follow-up + "
            "submitter e-mail rendered and sent (dummy backend)",
            CpuMeter(self.server.pid, self.env.get("HD_PG_NAME"), self.h.database_url if self.h.is_postgres else None),
        )
        created = hd_count(self.env) - before
        result.extra["rows_created"] = created
        if created < result.requests:
            raise RuntimeError(f"django-helpdesk created {created} tickets for {result.requests} requests")
        return result


def sipon_count(h: Harness) -> int:
    return int(h.django("from apps.complaints.models import Complaint; print(Complaint.objects.count())").strip())


def run_sipon(h: Harness, name: str, baseline: str | None) -> Result:
    url = h.url("/pengaduan/baru/")
    cookie, token = form_token(url)
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "kind": "complaint",
            "category": "service_time",
            "subject": "KTP-el belum jadi setelah 30 hari",
            "description": "Saya rekam tanggal 1 Maret, sampai sekarang belum ada kabar dari kantor.",
            "reference": "",
            "name": "Warga",
            "email": "warga@contoh.id",
            "phone": "",
        }
    )
    status = post_once(url, body, cookie)
    if status != 302:
        raise RuntimeError(f"Sipon answered {status} to a valid complaint, expected 302")
    before = sipon_count(h)
    script = LUA.format(body=body, cookie=cookie)
    warm_up(h, url, script)
    assert h.server is not None
    database = urllib.parse.urlparse(h.database_url).path.lstrip("/") if h.is_postgres else None
    with CpuMeter(h.server.pid, database, h.database_url if h.is_postgres else None) as meter:
        result = h.wrk(
            name,
            "/pengaduan/baru/",
            script=script,
            baseline=baseline,
            expect_status=None,
            warmup=0,
            note="anonymous POST /pengaduan/baru/ -> 302: complaint + history + deadlines + e-mail notification "
            "row (sent by a drain task each process queues at most once a second, in the same transaction) + "
            "signed-cookie grant",
        )
    meter.record(result)
    created = sipon_count(h) - before
    result.extra["rows_created"] = created
    if created < result.requests:
        raise RuntimeError(f"Sipon created {created} complaints for {result.requests} requests")
    return result


def run(h: Harness) -> list[Result]:
    """Alternate the two systems for ROUNDS rounds (the machine's load drifts during a run; each
    round's ratio compares two measurements taken one right after the other)."""
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    results: list[Result] = []
    try:
        with HelpdeskServer(h) as helpdesk:
            for i in range(1, rounds + 1):
                # who goes first alternates, so a load that drifts one way does not favour either system
                if i % 2:
                    other = helpdesk.measure(f"{HELPDESK_NAME} #{i}")
                    mine = run_sipon(h, f"{SIPON_NAME} #{i}", other.name)
                else:
                    mine = run_sipon(h, f"{SIPON_NAME} #{i}", f"{HELPDESK_NAME} #{i}")
                    other = helpdesk.measure(f"{HELPDESK_NAME} #{i}")
                results += [other, mine]
    except (RuntimeError, subprocess.CalledProcessError) as error:
        h.say(f"django-helpdesk could not be measured: {error}")
        results.append(run_sipon(h, SIPON_NAME, None))
    pairs = list(zip(results[::2], results[1::2], strict=False))
    ratios = sorted(s.rps / o.rps for o, s in pairs if o.rps)
    if ratios:
        h.say(
            f"Sipon / django-helpdesk per round: {', '.join(f'{r:.2f}' for r in ratios)}; "
            f"median {ratios[len(ratios) // 2]:.2f}"
        )
    costs = sorted(
        (o.extra["app_cpu_ms"] + o.extra["db_cpu_ms"]) / (s.extra["app_cpu_ms"] + s.extra["db_cpu_ms"])
        for o, s in pairs
        if s.extra.get("app_cpu_ms") and o.extra.get("app_cpu_ms") and "db_cpu_ms" in s.extra and "db_cpu_ms" in o.extra
    )
    for o, s in pairs:
        h.say(
            f"CPU per request (server processes + database backends): {o.name}: {o.extra.get('app_cpu_ms')} + "
            f"{o.extra.get('db_cpu_ms')} ms; {s.name}: {s.extra.get('app_cpu_ms')} + {s.extra.get('db_cpu_ms')} ms"
        )
    if costs:
        h.say(
            f"django-helpdesk / Sipon CPU per request: {', '.join(f'{c:.2f}' for c in costs)}; "
            f"median {costs[len(costs) // 2]:.2f}"
        )
    return results


if __name__ == "__main__":  # pragma: no cover - manual use
    print(Path(__file__).name, "is run through bench/run.py")
