"""Start and steer a central simulator process (tests, benchmarks). Standard library only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).with_name("central.py")


def start(
    port: int,
    *,
    state: str = "",
    print_delay: float = 1.0,
    latency: float = 0.0,
    token: str = "sipon-demo-token",  # noqa: S107  (the public demo token, not a secret)
    python: str = sys.executable,
) -> subprocess.Popen[bytes]:
    args = [
        python,
        str(SCRIPT),
        "--port",
        str(port),
        "--print-delay",
        str(print_delay),
        "--latency",
        str(latency),
        "--token",
        token,
        "--save-interval",
        "0.5",
    ]
    if state:
        args += ["--state", state]
    process = subprocess.Popen(  # noqa: S603  (our own script and arguments)
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ}
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):  # noqa: S310  (http URL we built)
                pass
            time.sleep(0.2)
            if process.poll() is not None:  # another simulator already answers on this port
                raise RuntimeError(f"port {port} is taken by another process")
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"simulator exited: {process.stderr.read() if process.stderr else b''!r}") from None
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("simulator did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def call(url: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310  (callers pass the simulator's http URL)
        url + path,
        data=data,
        method="POST" if data is not None else "GET",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (see above)
        return json.loads(response.read())


def fault(url: str, mode: str, rate: float = 1.0, delay: float = 3.0) -> Any:
    return call(url, "/admin/fault", {"mode": mode, "rate": rate, "delay": delay})


def counters(url: str) -> Any:
    return call(url, "/counters")
