"""Limits of the public status check (number + birth date).

What is guarded is one file's birth date being guessed, so the tight limit is per application number. Many honest
people share one address (a village office helping its residents, a mobile carrier's NAT), so the per-address limit
only stops a machine sweeping many numbers, with a ceiling far above what a busy desk types.
"""

from __future__ import annotations

from django.http import HttpRequest

from apps.core import ratelimit
from apps.core.audit import client_ip

WINDOW = 10 * 60  # seconds
PER_NUMBER = 10  # attempts on one application number per window, from anywhere
PER_ADDRESS = 200  # attempts from one address per window, on any numbers


def allow(request: HttpRequest, number: str | None) -> bool:
    """Count one attempt; False once the address's ceiling or (when the number is known) the number's limit is
    reached. Both are counted, so neither can be used to wear the other down."""
    address_ok = ratelimit.hit(f"status-check:ip:{client_ip(request) or 'unknown'}", PER_ADDRESS, WINDOW)
    number_ok = True
    if number:
        number_ok = ratelimit.hit(f"status-check:number:{number.strip().upper()[:20]}", PER_NUMBER, WINDOW)
    return address_ok and number_ok
