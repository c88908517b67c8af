"""Rate limits for booking requests, per account and per client address (see :mod:`apps.core.ratelimit`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from apps.core.audit import client_ip
from apps.core.ratelimit import hit, hit_and_get


def _ip_limit() -> int:
    return int(getattr(settings, "APPOINTMENTS_RATE_PER_IP", 120))


def allow_ip(request: HttpRequest) -> bool:
    ip = client_ip(request) or "unknown"
    return hit(f"appt:ip:{ip}", _ip_limit())


def hit_ip_and_get(request: HttpRequest, get_key: str) -> tuple[bool, Any]:
    """:func:`allow_ip` and a cache read in one round trip (the booking POST's "is this slot full?")."""
    ip = client_ip(request) or "unknown"
    return hit_and_get(f"appt:ip:{ip}", _ip_limit(), get_key)


def allow_account(user_id: int) -> bool:
    return hit(f"appt:user:{user_id}", int(getattr(settings, "APPOINTMENTS_RATE_PER_ACCOUNT", 20)))
