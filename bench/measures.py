"""What a benchmark measures, apart from driving the server: the ``Result`` of one workload, the readers of wrk's
and pgbench's output, the peak memory of the server's worker processes and the CPU time of a server and its
database backends (read from /proc). ``Result``, the readers and the memory sampler are imported through
``harness``."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HELLO = "hello"

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class Result:
    """One measured workload. ``rps`` is requests (or transactions) per second; latencies in milliseconds."""

    name: str
    rps: float
    p50_ms: float | None = None
    p90_ms: float | None = None
    p99_ms: float | None = None
    avg_ms: float | None = None
    requests: int = 0
    errors: int = 0  # socket errors + non-2xx/3xx responses (wrk) or failed transactions (pgbench)
    peak_rss_mb: float | None = None  # peak of the sum of the worker processes' RSS during the run
    baseline: str | None = HELLO  # name of the result this one is compared with; None for none
    tool: str = "wrk"
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- parsing


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value.strip())
    if not match:
        raise ValueError(f"cannot read a wrk duration: {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _count(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)([kMG]?)", value.strip())
    if not match:
        raise ValueError(f"cannot read a wrk count: {value!r}")
    return float(match.group(1)) * {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}[match.group(2)]


def parse_wrk(output: str) -> dict[str, float]:
    """Read ``wrk --latency`` output: requests/s, request count, errors, average and percentile latencies."""
    data: dict[str, float] = {}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not rate:
        raise ValueError("wrk printed no Requests/sec line:\n" + output)
    data["rps"] = float(rate.group(1))
    total = re.search(r"(\d+) requests in", output)
    data["requests"] = float(total.group(1)) if total else 0.0
    avg = re.search(r"^\s+Latency\s+(\S+)", output, re.M)
    if avg:
        data["avg_ms"] = _ms(avg.group(1))
    for pct, value in re.findall(r"^\s+(50|75|90|99)(?:\.0+)?%\s+(\S+)", output, re.M):
        data[f"p{pct}_ms"] = _ms(value)
    errors = 0.0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sock:
        errors += sum(float(x) for x in sock.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        errors += float(non2xx.group(1))
    data["errors"] = errors
    return data


def parse_pgbench(output: str) -> dict[str, float]:
    """Read pgbench output: transactions per second, average latency, processed and failed transactions."""
    data: dict[str, float] = {}
    tps = re.search(r"tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)",
                    output) or re.search(r"tps = ([\d.]+)", output)
    if not tps:
        raise ValueError("pgbench printed no tps line:\n" + output)
    data["rps"] = float(tps.group(1))
    lat = re.search(r"latency average = ([\d.]+) ms", output)
    if lat:
        data["avg_ms"] = float(lat.group(1))
    done = re.search(r"number of transactions actually processed: (\d+)", output)
    data["requests"] = float(done.group(1)) if done else 0.0
    failed = re.search(r"number of failed transactions: (\d+)", output)
    data["errors"] = float(failed.group(1)) if failed else 0.0
    return data


# --------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    """Every descendant of a process (the gunicorn workers of a master), read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RssSampler:
    """Samples the summed RSS of a server's worker processes in a thread and keeps the peak."""

    def __init__(self, master_pid: int, interval: float = 0.1) -> None:
        self.master_pid = master_pid
        self.interval = interval
        self.peak_mb = 0.0
        self.peak_single_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            sizes = [rss_mb(pid) for pid in _children(self.master_pid)] or [rss_mb(self.master_pid)]
            self.peak_mb = max(self.peak_mb, sum(sizes))
            self.peak_single_mb = max(self.peak_single_mb, max(sizes))
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# --------------------------------------------------------------------------- CPU


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid: int) -> int:
    """User + system CPU time of one process, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def pg_backends(database: str | None, url: str | None = None) -> list[int]:
    """Process ids of the PostgreSQL backends connected to ``database`` (the server runs on this machine)."""
    if not database:
        return []
    parsed = urllib.parse.urlparse(url or "postgres://postgres@127.0.0.1:5432/")
    proc = subprocess.run(
        [
            "psql",
            "-h",
            parsed.hostname or "127.0.0.1",
            "-p",
            str(parsed.port or 5432),
            "-U",
            parsed.username or "postgres",
            "-d",
            database,
            "-Atc",
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        ],
        capture_output=True,
        text=True,
    )
    return [int(line) for line in proc.stdout.split() if line.isdigit()]


class CpuMeter:
    """CPU seconds spent by a server's process tree and by the database backends serving it, over a block.

    Sampled every half second in a thread, so a backend that closes during the block (connections are
    recycled after CONN_MAX_AGE) still counts up to its last sample, and one that opens during it counts
    from zero."""

    def __init__(self, server_pid: int, database: str | None, url: str | None = None, interval: float = 0.5) -> None:
        self.server_pid = server_pid
        self.database = database
        self.url = url
        self.interval = interval
        self.app_s = 0.0
        self.db_s = 0.0
        self._first: dict[str, dict[int, int]] = {"app": {}, "db": {}}
        self._last: dict[str, dict[int, int]] = {"app": {}, "db": {}}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self, initial: bool = False) -> None:
        groups = {
            "app": [self.server_pid, *_children(self.server_pid)],
            "db": pg_backends(self.database, self.url),
        }
        for group, pids in groups.items():
            for pid in pids:
                ticks = cpu_ticks(pid)
                if ticks:
                    self._first[group].setdefault(pid, ticks if initial else 0)
                    self._last[group][pid] = ticks

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> CpuMeter:
        self._sample(initial=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        spent = {
            group: sum(ticks - self._first[group][pid] for pid, ticks in self._last[group].items()) / CLOCK_TICKS
            for group in ("app", "db")
        }
        self.app_s, self.db_s = spent["app"], spent["db"]

    def record(self, result: Result) -> None:
        if result.requests:
            result.extra["app_cpu_ms"] = round(self.app_s * 1000 / result.requests, 2)
            result.extra["db_cpu_ms"] = round(self.db_s * 1000 / result.requests, 2)
