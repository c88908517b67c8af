"""Shared benchmark harness.

A workload module ``bench/w_<name>.py`` exposes ``run(h: Harness) -> list[Result]`` and uses:

* ``h.url(path)`` / ``h.wrk(name, path, ...)``: drive the running server with wrk (``--latency``), optionally
  with a Lua script (``script=``: a path, or Lua source text), and get requests/s, latency percentiles, errors and
  the peak RSS of the server's worker processes during the run;
* ``h.pgbench(name, sql, ...)``: run pgbench with a SQL script against a PostgreSQL database (the harness's own
  database when it is PostgreSQL, or ``database_url=``) to get the database's own rate for the same statements;
* ``h.manage(...)`` / ``h.django(code)``: run a management command or a Python snippet (Django set up) against
  the same database, for example to create the rows a workload needs;
* ``h.session_cookie(username, otp=True)``: a session cookie for a user (second factor marked as passed), so
  a workload can drive signed-in pages: ``h.wrk(..., headers={"Cookie": cookie})``.

Every ``Result`` carries the name of the baseline it is compared with: ``"hello"`` (the bare view at
``/bench/hello`` on the same server, measured in the same run) by default, or another result's name (for example
a pgbench run of the same SQL). On a 2-core machine the load tool shares the CPU with the server, so the ratio is
the figure to read; absolute numbers move from run to run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from measures import HELLO as HELLO  # re-exported: the workloads import these from harness
from measures import Result as Result
from measures import RssSampler as RssSampler
from measures import _children as _children
from measures import parse_pgbench as parse_pgbench
from measures import parse_wrk as parse_wrk
from measures import rss_mb as rss_mb

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable


# --------------------------------------------------------------------------- harness


class Harness:
    """Starts Sipon under gunicorn on ``port`` with ``database_url`` and measures it.

    ``database_url`` defaults to a SQLite file under ``var/bench-<port>``; the harness migrates it and loads the
    demo before starting the server. Use it as a context manager (``with Harness(...) as h:``) so the server is
    always stopped.
    """

    def __init__(
        self,
        port: int = 8100,
        database_url: str | None = None,
        *,
        var_dir: Path | None = None,
        workers: int = 2,
        threads: int = 1,
        duration: float = 10.0,
        connections: int = 8,
        wrk_threads: int = 2,
        warmup: float = 2.0,
        setup: bool = True,
        verbose: bool = True,
    ) -> None:
        self.port = port
        # one directory per port, so engineers benchmarking at the same time do not share a database
        self.var_dir = Path(var_dir or os.environ.get("BENCH_VAR_DIR") or ROOT / "var" / f"bench-{port}")
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url or f"sqlite:///{self.var_dir / 'bench.sqlite3'}"
        self.workers = workers
        self.threads = threads
        self.duration = duration
        self.connections = connections
        self.wrk_threads = wrk_threads
        self.warmup = warmup
        self.setup_db = setup
        self.verbose = verbose
        self.server: subprocess.Popen[bytes] | None = None
        self.results: list[Result] = []
        self._log = self.var_dir / f"gunicorn-{port}.log"

    # ------------------------------------------------------------ environment
    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            SIPON_LOCAL="1",
            DEBUG="0",
            HTTPS="0",
            DATABASE_URL=self.database_url,
            SIPON_VAR_DIR=str(self.var_dir),
            AXES_ENABLED=env.get("AXES_ENABLED", "1"),
            LOG_LEVEL=env.get("LOG_LEVEL", "WARNING"),
            PYTHONPATH=str(ROOT),
        )
        env.pop("SIPON_TESTING", None)
        env.setdefault("TASK_BACKEND", "django_tasks_db.DatabaseBackend")
        return env

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    def say(self, message: str) -> None:
        if self.verbose:
            print(f"[bench] {message}", file=sys.stderr, flush=True)

    def manage(self, *args: str, check: bool = True) -> str:
        """Run ``manage.py <args>`` against the benchmark database and return its output."""
        proc = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def django(self, code: str) -> str:
        """Run Python ``code`` with Django set up against the benchmark database; returns what it printed."""
        prelude = (
            "import django, os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'sipon.settings')\n"
            "django.setup()\n"
        )
        proc = subprocess.run([PYTHON, "-c", prelude + code], cwd=ROOT, env=self.env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"snippet failed:\n{code}\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def prepare(self) -> None:
        """Migrate, create the cache table, collect static files, and load the demo."""
        self.say(f"preparing database {self._safe_url(self.database_url)}")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("createcachetable")
        # always: a stale manifest makes every page that links a new static file answer 500
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("load_demo")

    @staticmethod
    def _safe_url(url: str) -> str:
        return re.sub(r"//([^:/@]+):[^@]+@", r"//\1:***@", url)

    # ------------------------------------------------------------ server
    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        if self.setup_db:
            self.prepare()
        gunicorn = str(VENV_BIN / "gunicorn") if (VENV_BIN / "gunicorn").exists() else "gunicorn"
        cmd = [
            gunicorn, "sipon.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--threads", str(self.threads),
            "--log-level", "warning",
            "--graceful-timeout", "5",
            "--timeout", "60",
        ]
        self.say(f"starting gunicorn on port {self.port} ({self.workers} workers x {self.threads} threads)")
        log = self._log.open("wb")
        self.server = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.wait_ready()

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server is not None and self.server.poll() is not None:
                raise RuntimeError(f"the server exited ({self.server.returncode}); see {self._log}:\n"
                                   + self._log.read_text()[-3000:])
            try:
                # S310: the URL is always http://127.0.0.1:<port>/..., built by self.url()
                with urllib.request.urlopen(self.url("/readyz"), timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"/readyz did not answer within {timeout:.0f}s; see {self._log}")

    def stop(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        self.say("stopping the server")
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()

    def __enter__(self) -> Harness:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ sessions
    def session_cookie(self, username: str, *, otp: bool = True) -> str:
        """A ``Cookie`` header value for ``username``, signed in, second factor passed (``otp``)."""
        code = f"""
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.conf import settings
from importlib import import_module
user = get_user_model().objects.get(username={username!r})
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = 'apps.accounts.backends.IdentifierBackend'
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
if {otp!r}:
    from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
    device = next(iter(devices_for_user(user)), None)
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
store.save()
print(settings.SESSION_COOKIE_NAME + '=' + store.session_key)
"""
        return self.django(code).strip().splitlines()[-1]

    # ------------------------------------------------------------ load
    def _script_file(self, script: str | Path | None, stack: contextlib.ExitStack) -> str | None:
        if script is None:
            return None
        candidate = Path(script) if not isinstance(script, str) or "\n" not in script else None
        if candidate is not None and candidate.exists():
            return str(candidate)
        fd, name = tempfile.mkstemp(suffix=".lua")
        with os.fdopen(fd, "w") as handle:
            handle.write(str(script))
        stack.callback(os.unlink, name)
        return name

    def wrk(
        self,
        name: str,
        path: str = "/",
        *,
        script: str | Path | None = None,
        headers: dict[str, str] | None = None,
        duration: float | None = None,
        connections: int | None = None,
        threads: int | None = None,
        baseline: str | None = HELLO,
        note: str = "",
        warmup: float | None = None,
        expect_status: int | None = 200,
    ) -> Result:
        """Drive ``path`` with wrk and return its Result (also kept in ``self.results``)."""
        if shutil.which("wrk") is None:
            raise RuntimeError("wrk is not installed: apt-get install -y wrk")
        if self.server is None:
            raise RuntimeError("the server is not running: use `with Harness(...) as h:`")
        if expect_status is not None and script is None:
            self._check_status(path, headers or {}, expect_status)
        duration = duration or self.duration
        warm = self.warmup if warmup is None else warmup
        with contextlib.ExitStack() as stack:
            script_file = self._script_file(script, stack)
            base = ["wrk", "--latency", "-t", str(threads or self.wrk_threads),
                    "-c", str(connections or self.connections)]
            for key, value in (headers or {}).items():
                base += ["-H", f"{key}: {value}"]
            if script_file:
                base += ["-s", script_file]
            if warm > 0:
                subprocess.run([*base, "-d", f"{warm:.0f}s", self.url(path)], capture_output=True, text=True)
            self.say(f"wrk {name}: {path} for {duration:.0f}s")
            with RssSampler(self.server.pid) as sampler:
                proc = subprocess.run([*base, "-d", f"{duration:.0f}s", self.url(path)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"wrk failed:\n{proc.stdout}\n{proc.stderr}")
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
            baseline=baseline if baseline != name else None,
            tool="wrk",
            note=note,
            extra={"peak_worker_rss_mb": round(sampler.peak_single_mb, 1)},
        )
        self.results.append(result)
        return result

    def _check_status(self, path: str, headers: dict[str, str], expected: int) -> None:
        """One request before the load, so a workload that only measures a redirect or an error is caught."""

        class _NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        opener = urllib.request.build_opener(_NoRedirect)
        request = urllib.request.Request(self.url(path), headers=headers)  # noqa: S310  (always http://127.0.0.1)
        try:
            status = opener.open(request, timeout=10).status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != expected:
            raise RuntimeError(
                f"{path} answered {status}, expected {expected}: the workload would measure the wrong page"
            )

    def hello(self) -> Result:
        """The baseline: the bare view at /bench/hello on the same server, measured once per run."""
        for result in self.results:
            if result.name == HELLO:
                return result
        return self.wrk(HELLO, "/bench/hello", baseline=None, note="bare Django view (baseline)")

    def pgbench(
        self,
        name: str,
        sql: str,
        *,
        database_url: str | None = None,
        clients: int | None = None,
        jobs: int | None = None,
        duration: float | None = None,
        variables: dict[str, str] | None = None,
        baseline: str | None = None,
        note: str = "",
    ) -> Result:
        """Run pgbench with ``sql`` (a script: pgbench syntax, ``\\set`` allowed) against PostgreSQL."""
        url = database_url or (self.database_url if self.is_postgres else None)
        if url is None:
            raise RuntimeError("pgbench needs PostgreSQL: pass database_url= or run the harness on PostgreSQL")
        if shutil.which("pgbench") is None:
            raise RuntimeError("pgbench is not installed (it comes with PostgreSQL)")
        duration = duration or self.duration
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
            handle.write(sql)
        try:
            cmd = ["pgbench", "-n", "-f", handle.name, "-c", str(clients or self.connections),
                   "-j", str(jobs or self.wrk_threads), "-T", f"{duration:.0f}"]
            for key, value in (variables or {}).items():
                cmd += ["-D", f"{key}={value}"]
            cmd.append(url)
            self.say(f"pgbench {name} for {duration:.0f}s")
            proc = subprocess.run(cmd, capture_output=True, text=True)
        finally:
            os.unlink(handle.name)
        if proc.returncode != 0:
            raise RuntimeError(f"pgbench failed:\n{proc.stdout}\n{proc.stderr}")
        data = parse_pgbench(proc.stdout)
        result = Result(
            name=name,
            rps=data["rps"],
            avg_ms=data.get("avg_ms"),
            requests=int(data.get("requests", 0)),
            errors=int(data.get("errors", 0)),
            baseline=baseline,
            tool="pgbench",
            note=note,
        )
        self.results.append(result)
        return result


# --------------------------------------------------------------------------- table


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def ratio(result: Result, results: Sequence[Result]) -> float | None:
    if not result.baseline:
        return None
    for other in results:
        if other.name == result.baseline and other.rps > 0:
            return result.rps / other.rps
    return None


def table(results: Sequence[Result], *, markdown: bool = True) -> str:
    """A table of results with each one's ratio to its baseline (measured in the same run)."""
    head = ["workload", "tool", "req/s", "vs baseline", "avg ms", "p50 ms", "p90 ms", "p99 ms", "peak RSS MB",
            "errors", "note"]
    rows = []
    for r in results:
        rel = ratio(r, results)
        rows.append([
            r.name, r.tool, _fmt(r.rps, 0),
            "-" if rel is None else f"{rel:.2f} x {r.baseline}",
            _fmt(r.avg_ms, 2), _fmt(r.p50_ms, 2), _fmt(r.p90_ms, 2), _fmt(r.p99_ms, 2),
            _fmt(r.peak_rss_mb, 0), str(r.errors), r.note,
        ])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=False)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=False))]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) for row in rows]
    return "\n".join(out)


def to_json(results: Sequence[Result]) -> str:
    return json.dumps([r.__dict__ | {"ratio": ratio(r, results)} for r in results], indent=2)


@contextlib.contextmanager
def running(**kwargs: object) -> Iterator[Harness]:
    """``with running(port=8100) as h:`` — a started harness, stopped on exit."""
    harness = Harness(**kwargs)  # type: ignore[arg-type]  # keyword arguments are Harness's own
    with harness:
        yield harness


def run_alone(run: Callable[[Harness], object], *, doc: str | None, default_port: int) -> None:
    """Command line for running one workload module by itself with a chosen server configuration
    (``bench/run.py`` runs them all with 2 sync workers)."""
    import argparse

    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=default_port)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--no-setup", action="store_true")
    args = parser.parse_args()
    with Harness(
        port=args.port,
        database_url=os.environ.get("DATABASE_URL"),
        workers=args.workers,
        threads=args.threads,
        duration=args.duration,
        setup=not args.no_setup,
    ) as harness:
        harness.hello()
        run(harness)
    print(f"\nserver: gunicorn {args.workers} workers x {args.threads} threads; {args.duration:.0f}s per workload\n")
    print(table(harness.results))

