"""Central in this process: the simulator's own logic (``simulator/central.py``) behind the gateway interface,
without HTTP. For the tests of the stages that send to central (digital documents, cards); the outbox, the
idempotency keys and the answers are the real ones. ``mode``: ``none``, ``down`` (every call fails before central
sees it) or ``lost`` (central registers the message, the answer is lost on the way back)."""

from __future__ import annotations

from typing import Any

from apps.central.gateway import Allocation, PermanentError, SendResult, StatusUpdate, TransientError
from simulator.central import CentralState, CivilRefused


class InProcessCentral:
    def __init__(self) -> None:
        self.state = CentralState(None, print_delay=3600, latency=0)
        self.mode = "none"
        self.keys: list[str] = []

    def _fault(self, key: str) -> None:
        self.keys.append(key)
        if self.mode == "down":
            raise TransientError("HTTP 503")

    def send_enrolment(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        self._fault(idempotency_key)
        answer = self.state.receive(idempotency_key, payload)
        if self.mode == "lost":
            raise TransientError("RemoteDisconnected: answer lost")
        return SendResult(record_id=answer["record_id"], state=answer["state"], reason=answer["reason"], raw=answer)

    def send_civil_update(self, payload: dict[str, Any], *, idempotency_key: str) -> SendResult:
        self._fault(idempotency_key)
        try:
            answer = self.state.civil_update(idempotency_key, payload)
        except CivilRefused as exc:
            raise PermanentError(f"HTTP 422: {exc}") from exc
        if self.mode == "lost":
            raise TransientError("RemoteDisconnected: answer lost")
        return SendResult(record_id=answer["registration_number"], state=answer["state"], raw=answer)

    def fetch_updates(self, since: int, limit: int = 500) -> list[StatusUpdate]:
        return []

    def fetch_allocations(self, since: int) -> list[Allocation]:
        return []
