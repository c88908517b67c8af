"""The queue error and the call policy every step shares."""

from __future__ import annotations

from django.conf import settings

DEFAULT_SERVICE_SECONDS = 300
MOVING_AVERAGE_SIZE = 20


class QueueError(Exception):
    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- Policy ----------------------------------------------------------------------------------


def rank_for(*, priority_group: str = "", booked_on_time: bool = False) -> int:
    """The call class of a ticket under ``settings.QUEUE_CALL_POLICY`` (lower is called first)."""
    policy = [str(p) for p in getattr(settings, "QUEUE_CALL_POLICY", ["priority", "booked", "walk_in"])]
    classes = []
    if priority_group:
        classes.append("priority")
    if booked_on_time:
        classes.append("booked")
    classes.append("walk_in")
    return min(policy.index(c) if c in policy else len(policy) for c in classes)
