#!/usr/bin/env python3
"""A stand-in for the central system (SIAK Terpusat), for the demo, tests and benchmarks.

Standard library only. Run: ``python simulator/central.py --port 8765 --state var/central-sim.json``.

Protocol (JSON; every call except ``/admin/*`` and ``/counters`` needs ``Authorization: Bearer <token>``):

* ``POST /records`` with header ``Idempotency-Key`` and ``{"reference", "nik", "name", "biometrics"}``:
  ``202 {"record_id", "state"}``. The same key always gets the same answer and is counted once.
  Outcomes are deterministic: a NIK already enrolled by another record gives ``DUPLICATE_RECORD``;
  a NIK whose last four digits are ``9997`` gives ``ENROLL_FAILURE_AT_CENTRAL``, ``9998`` gives
  ``ADJUDICATE_RECORD``; any other record is ``RECEIVED_AT_CENTRAL`` and becomes
  ``PRINT_READY_RECORD`` after ``--print-delay`` seconds.
* ``POST /civil-updates`` with header ``Idempotency-Key`` and ``{"kind": "kk|birth|death|skpwni", "reference",
  "kk_number", "subject": {"nik", "name", "birth_date", "sex"}, "members": [...]}``: a KK or deed update is
  registered at once: ``202 {"registration_number", "state": "CIVIL_REGISTERED", "nik", "nik_allocated", ...}``.
  A birth whose child has no NIK gets one allocated: the kecamatan code of the KK (its first six digits), the
  birth date (40 added to the day for a girl) and the next free serial. The same key always gets the same
  answer (also after a restart with ``--state``). A body central cannot register is refused with ``422``.
* ``GET /records/updates?since=SEQ&limit=N``: state changes after a cursor.
* ``GET /allocations?since=ID``: blank-card allocations. ``POST /admin/allocations`` adds one.
* ``GET /counters``: distinct records received, repeated keys, faults served.
* ``POST /admin/fault`` ``{"mode": "none|down|slow|error500|drop|lost", "rate": 0..1, "delay": s}``:
  switch a fault on while running (``rate`` is the share of requests it hits; seeded, reproducible).
* ``POST /admin/reset`` forgets everything (tests).

State is kept in memory and written to ``--state`` (atomically, at most every ``--save-interval``
seconds and on exit), and read back at start.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FAULT_MODES = ("none", "down", "slow", "error500", "drop", "lost")
WIB = timezone(timedelta(hours=7))


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


class CentralState:
    def __init__(self, path: str | None, print_delay: float, latency: float, seed: int = 17) -> None:
        self.path = path
        self.print_delay = print_delay
        self.latency = latency
        self.lock = threading.Lock()
        self.random = random.Random(seed)
        self.dirty = False
        self.fault: dict[str, Any] = {"mode": "none", "rate": 1.0, "delay": 3.0}
        self.reset()
        if path and os.path.exists(path):
            self._load(path)

    def reset(self) -> None:
        self.by_key: dict[str, dict[str, Any]] = {}
        self.enrolled_nik: dict[str, str] = {}
        self.records: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.pending: list[tuple[float, str]] = []
        self.allocations: list[dict[str, Any]] = []
        self.civil_by_key: dict[str, dict[str, Any]] = {}
        self.civil_records: dict[str, dict[str, Any]] = {}
        self.nik_serials: dict[str, int] = {}
        self.counters = {
            "received": 0,
            "duplicates_by_key": 0,
            "duplicate_records": 0,
            "faults": 0,
            "requests": 0,
            "civil_received": 0,
            "civil_duplicates_by_key": 0,
        }
        self.dirty = True

    def _load(self, path: str) -> None:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        self.by_key = data.get("by_key", {})
        self.enrolled_nik = data.get("enrolled_nik", {})
        self.records = data.get("records", {})
        self.events = data.get("events", [])
        self.allocations = data.get("allocations", [])
        self.civil_by_key = data.get("civil_by_key", {})
        self.civil_records = data.get("civil_records", {})
        self.nik_serials = data.get("nik_serials", {})
        self.counters.update(data.get("counters", {}))
        now = time.time()
        self.pending = [
            (now + self.print_delay, rid) for rid, rec in self.records.items() if rec["state"] == "RECEIVED_AT_CENTRAL"
        ]

    def save(self) -> None:
        if not self.path:
            return
        with self.lock:
            if not self.dirty:
                return
            data = json.dumps(
                {
                    "by_key": self.by_key,
                    "enrolled_nik": self.enrolled_nik,
                    "records": self.records,
                    "events": self.events,
                    "allocations": self.allocations,
                    "civil_by_key": self.civil_by_key,
                    "civil_records": self.civil_records,
                    "nik_serials": self.nik_serials,
                    "counters": self.counters,
                }
            )
            self.dirty = False
        tmp = f"{self.path}.tmp"
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, self.path)

    # --- records -------------------------------------------------------------------------
    def _event(self, record_id: str, state: str, reason: str = "") -> None:
        record = self.records[record_id]
        record["state"] = state
        self.events.append(
            {
                "seq": len(self.events) + 1,
                "record_id": record_id,
                "key": record["key"],
                "reference": record["reference"],
                "state": state,
                "reason": reason,
                "at": _now_iso(),
            }
        )

    def receive(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            if key in self.by_key:
                self.counters["duplicates_by_key"] += 1
                self.dirty = True
                return self.by_key[key]
            nik = str(body.get("nik", ""))
            record_id = f"R{len(self.records) + 1:08d}"
            self.records[record_id] = {"key": key, "reference": str(body.get("reference", "")), "nik": nik, "state": ""}
            self.counters["received"] += 1
            if nik in self.enrolled_nik:
                state, reason = "DUPLICATE_RECORD", f"NIK sudah terekam pada {self.enrolled_nik[nik]}"
                self.counters["duplicate_records"] += 1
            elif nik.endswith("9997"):
                state, reason = "ENROLL_FAILURE_AT_CENTRAL", "Kualitas sidik jari tidak memenuhi syarat"
            elif nik.endswith("9998"):
                state, reason = "ADJUDICATE_RECORD", "Kemiripan biometrik perlu diperiksa petugas pusat"
            else:
                state, reason = "RECEIVED_AT_CENTRAL", ""
                if nik:
                    self.enrolled_nik[nik] = record_id
                self.pending.append((time.time() + self.print_delay, record_id))
            self._event(record_id, state, reason)
            answer = {"record_id": record_id, "state": state, "reason": reason, "key": key}
            self.by_key[key] = answer
            self.dirty = True
            return answer

    # --- civil registry (KK and deeds) ----------------------------------------------------
    def _allocate_nik(self, district: str, born: date, sex: str) -> str:
        """The next free NIK for a newborn: kecamatan code, birth date (+40 for a girl), serial."""
        day = born.day + (40 if sex == "P" else 0)
        prefix = f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}"
        serial = self.nik_serials.get(prefix, 0) + 1
        taken = self.enrolled_nik.keys() | {r["nik"] for r in self.civil_records.values()}
        while f"{prefix}{serial:04d}" in taken:
            serial += 1
        if serial > 9999:
            raise CivilRefused("no NIK serial left for this kecamatan and birth date")
        self.nik_serials[prefix] = serial
        return f"{prefix}{serial:04d}"

    def civil_update(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        """Register a KK or deed update (raises :class:`CivilRefused` for a body central cannot register)."""
        with self.lock:
            if key in self.civil_by_key:
                self.counters["civil_duplicates_by_key"] += 1
                self.dirty = True
                return self.civil_by_key[key]
            kind, kk_number, subject = _civil_fields(body)
            nik = str(subject.get("nik") or "")
            allocated = False
            if not nik and kind == "birth":
                nik = self._allocate_nik(kk_number[:6], _birth_date(subject), str(subject.get("sex", "")))
                allocated = True
            today = datetime.now(WIB)  # central registers on Jakarta's date
            serial = 1 + sum(1 for record in self.civil_records.values() if record["kind"] == kind)
            number = f"{kk_number[:4]}-{CIVIL_KINDS[kind]}-{today:%d%m%Y}-{serial:04d}"
            self.civil_records[number] = {
                "key": key,
                "kind": kind,
                "reference": str(body.get("reference", "")),
                "kk_number": kk_number,
                "nik": nik,
                "members": len(body.get("members") or []),
            }
            self.counters["civil_received"] += 1
            answer = {
                "registration_number": number,
                "state": "CIVIL_REGISTERED",
                "kind": kind,
                "reference": str(body.get("reference", "")),
                "kk_number": kk_number,
                "nik": nik,
                "nik_allocated": allocated,
                "registered_at": today.isoformat(),
                "key": key,
            }
            self.civil_by_key[key] = answer
            self.dirty = True
            return answer

    def advance(self) -> None:
        now = time.time()
        with self.lock:
            due = [item for item in self.pending if item[0] <= now]
            if not due:
                return
            self.pending = [item for item in self.pending if item[0] > now]
            for _at, record_id in sorted(due):
                self._event(record_id, "PRINT_READY_RECORD")
            self.dirty = True

    def updates(self, since: int, limit: int) -> list[dict[str, Any]]:
        self.advance()
        with self.lock:
            return self.events[since : since + limit]

    def add_allocation(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            quantity = int(body["quantity"])
            start = int(
                body.get("serial_start")
                or (self.allocations[-1]["serial_end"] + 1 if self.allocations else 3310000000000001)
            )
            allocation = {
                "id": len(self.allocations) + 1,
                "location": str(body.get("location", "")),
                "quantity": quantity,
                "serial_start": start,
                "serial_end": start + quantity - 1,
                "at": _now_iso(),
            }
            self.allocations.append(allocation)
            self.dirty = True
            return allocation


CIVIL_KINDS = {"kk": "KK", "birth": "LU", "death": "KM", "skpwni": "PD"}


class CivilRefused(ValueError):
    """A civil-registry update central cannot register (answered 422)."""


def _civil_fields(body: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    kind = str(body.get("kind", ""))
    kk_number = str(body.get("kk_number", ""))
    raw_subject = body.get("subject")
    subject: dict[str, Any] = raw_subject if isinstance(raw_subject, dict) else {}
    if kind not in CIVIL_KINDS:
        raise CivilRefused(f"kind must be one of {sorted(CIVIL_KINDS)}")
    if not (len(kk_number) == 16 and kk_number.isascii() and kk_number.isdigit()):
        raise CivilRefused("kk_number must be 16 digits")
    nik = str(subject.get("nik") or "")
    if nik and not (len(nik) == 16 and nik.isascii() and nik.isdigit()):
        raise CivilRefused("subject.nik must be 16 digits")
    if not nik and kind != "birth":
        raise CivilRefused("only a newborn may come without a NIK")
    if not nik and str(subject.get("sex", "")) not in ("L", "P"):
        raise CivilRefused("a newborn's sex (L or P) is needed to allocate a NIK")
    if not nik:
        _birth_date(subject)
    return kind, kk_number, subject


def _birth_date(subject: dict[str, Any]) -> date:
    try:
        return date.fromisoformat(str(subject.get("birth_date", "")))
    except ValueError:
        raise CivilRefused("a newborn's birth_date (YYYY-MM-DD) is needed to allocate a NIK") from None


class Handler(BaseHTTPRequestHandler):
    server_version = "SIAK-Simulator/1.0"
    protocol_version = "HTTP/1.1"
    state: CentralState
    token: str

    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("CENTRAL_SIM_VERBOSE"):
            super().log_message(format, *args)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if not length:
            return {}
        try:
            data = json.loads(self.rfile.read(length))
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def _send(self, status: int, data: Any) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(raw)
        self.close_connection = True

    def _drop(self) -> None:
        """Close the connection without an answer (a half-written one for 'drop')."""
        try:
            self.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"rec')
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def _fault(self) -> str:
        fault = self.state.fault
        mode = fault.get("mode", "none")
        if mode == "none":
            return "none"
        with self.state.lock:
            hit = self.state.random.random() < float(fault.get("rate", 1.0))
            if hit:
                self.state.counters["faults"] += 1
        return mode if hit else "none"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/counters":
            self.state.advance()
            with self.state.lock:
                data = {**self.state.counters, "records": len(self.state.records), "fault": self.state.fault}
            return self._send(200, data)
        if url.path == "/healthz":
            return self._send(200, {"ok": True})
        if not self._authorised():
            return None
        fault = self._fault()
        if fault in ("down", "error500"):
            return self._send(503 if fault == "down" else 500, {"error": fault})
        if fault == "drop":
            return self._drop()
        if fault == "slow":
            time.sleep(float(self.state.fault.get("delay", 3.0)))
        if url.path == "/records/updates":
            updates = self.state.updates(int(query.get("since", 0)), min(int(query.get("limit", 500)), 5000))
            return self._send(200, {"updates": updates})
        if url.path == "/allocations":
            since = int(query.get("since", 0))
            with self.state.lock:
                allocations = [a for a in self.state.allocations if a["id"] > since]
            return self._send(200, {"allocations": allocations})
        return self._send(404, {"error": "not found"})

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") != f"Bearer {self.token}":
            self._send(401, {"error": "unauthorised"})
            return False
        return True

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = self._body()
        if url.path == "/admin/fault":
            mode = str(body.get("mode", "none"))
            if mode not in FAULT_MODES:
                return self._send(400, {"error": f"mode must be one of {FAULT_MODES}"})
            self.state.fault = {
                "mode": mode,
                "rate": float(body.get("rate", 1.0)),
                "delay": float(body.get("delay", 3.0)),
            }
            return self._send(200, self.state.fault)
        if url.path == "/admin/reset":
            with self.state.lock:
                self.state.reset()
            self.state.fault = {"mode": "none", "rate": 1.0, "delay": 3.0}
            return self._send(200, {"ok": True})
        if url.path == "/admin/config":
            if "print_delay" in body:
                self.state.print_delay = float(body["print_delay"])
            if "latency" in body:
                self.state.latency = float(body["latency"])
            return self._send(200, {"print_delay": self.state.print_delay, "latency": self.state.latency})
        if url.path == "/admin/allocations":
            if int(body.get("quantity", 0)) <= 0:
                return self._send(400, {"error": "quantity must be positive"})
            return self._send(201, self.state.add_allocation(body))
        if not self._authorised():
            return None
        if url.path not in ("/records", "/civil-updates"):
            return self._send(404, {"error": "not found"})
        key = self.headers.get("Idempotency-Key", "")
        if not key or not body.get("reference"):
            return self._send(400, {"error": "Idempotency-Key header and reference are required"})
        with self.state.lock:
            self.state.counters["requests"] += 1
        fault = self._fault()
        if fault in ("down", "error500"):
            return self._send(503 if fault == "down" else 500, {"error": fault})
        if fault == "drop":
            return self._drop()
        if fault == "slow":
            time.sleep(float(self.state.fault.get("delay", 3.0)))
        if self.state.latency:
            time.sleep(self.state.latency)
        if url.path == "/civil-updates":
            try:
                answer = self.state.civil_update(key, body)
            except CivilRefused as exc:
                return self._send(422, {"error": str(exc)})
        else:
            answer = self.state.receive(key, body)
        if fault == "lost":
            return self._drop()
        return self._send(202, answer)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--state", default="", help="JSON file to keep the state in")
    parser.add_argument("--token", default=os.environ.get("CENTRAL_TOKEN", "sipon-demo-token"))
    parser.add_argument("--print-delay", type=float, default=20.0, help="seconds from RECEIVED to PRINT_READY")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds each record takes to accept")
    parser.add_argument("--save-interval", type=float, default=1.0)
    args = parser.parse_args(argv)
    state = CentralState(args.state or None, args.print_delay, args.latency)
    handler = type("BoundHandler", (Handler,), {"state": state, "token": args.token})
    server = Server((args.host, args.port), handler)
    stopping = threading.Event()

    def saver() -> None:
        while not stopping.wait(args.save_interval):
            state.advance()
            state.save()

    threading.Thread(target=saver, daemon=True).start()

    def stop(signum: int, frame: object) -> None:
        stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"central simulator on http://{args.host}:{args.port} (state: {args.state or 'memory'})", flush=True)
    server.serve_forever(poll_interval=0.2)
    state.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
