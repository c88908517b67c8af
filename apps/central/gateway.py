"""The gateway to the central system: an interface, and the one real adapter (HTTP + JSON).

The adapter speaks the protocol of ``simulator/central.py`` (and of the real SIAK bridge it
stands in for): ``POST /records`` (enrolment) and ``POST /civil-updates`` (KK and deed updates) with an
``Idempotency-Key`` header, ``GET /records/updates``
and ``GET /allocations`` with a ``since`` cursor. Every call has a timeout; every failure
that may be temporary is raised as :class:`TransientError` so the outbox retries it.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

from django.conf import settings


class GatewayError(Exception):
    """Central could not be reached or answered badly."""


class TransientError(GatewayError):
    """Worth retrying later (down, timeout, 5xx, connection dropped)."""


class PermanentError(GatewayError):
    """Central refused the message itself (4xx): retrying the same message will not help."""


@dataclass(frozen=True)
class SendResult:
    record_id: str
    state: str
    reason: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusUpdate:
    seq: int
    record_id: str
    idempotency_key: str
    reference: str
    state: str
    reason: str = ""
    at: str = ""


@dataclass(frozen=True)
class Allocation:
    id: int
    location: str
    quantity: int
    serial_start: int
    serial_end: int


class CentralGateway(Protocol):
    def send_enrolment(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult: ...

    def send_civil_update(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult: ...

    def fetch_updates(self, since: int, limit: int = 500) -> list[StatusUpdate]: ...

    def fetch_allocations(self, since: int) -> list[Allocation]: ...


class HttpCentralGateway:
    """HTTP adapter (http.client: one connection per call, explicit timeouts)."""

    def __init__(self, base_url: str | None = None, token: str | None = None, timeout: float | None = None) -> None:
        url = urlsplit(base_url or settings.CENTRAL_URL)
        self.scheme = url.scheme or "http"
        self.host = url.hostname or "127.0.0.1"
        self.port = url.port or (443 if self.scheme == "https" else 80)
        self.prefix = url.path.rstrip("/")
        self.token = token if token is not None else settings.CENTRAL_TOKEN
        self.timeout = timeout if timeout is not None else float(getattr(settings, "CENTRAL_TIMEOUT_SECONDS", 10))

    def _request(
        self, method: str, path: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> Any:
        conn_class = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = conn_class(self.host, self.port, timeout=self.timeout)
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json", **(headers or {})}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        try:
            conn.request(method, self.prefix + path, body=data, headers=all_headers)
            response = conn.getresponse()
            raw = response.read()
            status = response.status
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise TransientError(f"{type(exc).__name__}: {exc}"[:300]) from exc
        finally:
            conn.close()
        if status >= 500 or status in (408, 429):
            raise TransientError(f"HTTP {status}")
        if status >= 400:
            raise PermanentError(f"HTTP {status}: {raw[:200]!r}")
        try:
            return json.loads(raw or b"{}")
        except ValueError as exc:
            raise TransientError("invalid JSON from central") from exc

    def send_enrolment(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        answer = self._request("POST", "/records", payload, {"Idempotency-Key": idempotency_key})
        if not isinstance(answer, dict) or "state" not in answer:
            raise TransientError("unexpected answer from central")
        return SendResult(
            record_id=str(answer.get("record_id", "")),
            state=str(answer["state"]),
            reason=str(answer.get("reason", "")),
            raw=answer,
        )

    def send_civil_update(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        """Register a KK or deed update. ``record_id`` is central's registration number; ``raw`` holds the
        whole answer (``nik``: the subject's NIK, allocated by central for a newborn without one)."""
        answer = self._request("POST", "/civil-updates", payload, {"Idempotency-Key": idempotency_key})
        if not isinstance(answer, dict) or "state" not in answer or not answer.get("registration_number"):
            raise TransientError("unexpected answer from central")
        return SendResult(
            record_id=str(answer["registration_number"]),
            state=str(answer["state"]),
            reason=str(answer.get("reason", "")),
            raw=answer,
        )

    def fetch_updates(self, since: int, limit: int = 500) -> list[StatusUpdate]:
        answer = self._request("GET", "/records/updates?" + urlencode({"since": since, "limit": limit}))
        return [
            StatusUpdate(
                seq=int(item["seq"]),
                record_id=str(item["record_id"]),
                idempotency_key=str(item.get("key", "")),
                reference=str(item.get("reference", "")),
                state=str(item["state"]),
                reason=str(item.get("reason", "")),
                at=str(item.get("at", "")),
            )
            for item in answer.get("updates", [])
        ]

    def fetch_allocations(self, since: int) -> list[Allocation]:
        answer = self._request("GET", "/allocations?" + urlencode({"since": since}))
        return [
            Allocation(
                id=int(item["id"]),
                location=str(item.get("location", "")),
                quantity=int(item["quantity"]),
                serial_start=int(item["serial_start"]),
                serial_end=int(item["serial_end"]),
            )
            for item in answer.get("allocations", [])
        ]


_override: CentralGateway | None = None


def get_gateway() -> CentralGateway:
    """The configured gateway (tests may install another with :func:`use_gateway`)."""
    return _override if _override is not None else HttpCentralGateway()


def use_gateway(gateway: CentralGateway | None) -> None:
    global _override
    _override = gateway
