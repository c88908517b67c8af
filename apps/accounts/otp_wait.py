"""How long a second-factor device makes one wait after wrong codes (django-otp's throttling: 1, 2, 4, 8 ...
seconds after each failure), said in words the person can act on."""

from __future__ import annotations

import math
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, ngettext


def wait_seconds(device: Any) -> int:
    """Seconds before ``device`` accepts another code; 0 when it accepts one now."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    until = (data or {}).get("locked_until")
    if until is None:
        return 0
    left: float = (until - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def wait_text(seconds: int) -> str:
    """``seconds`` as the person reads it: seconds under a minute, whole minutes (rounded up) after."""
    if seconds < 60:
        return ngettext("%(n)d detik", "%(n)d detik", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes}


def throttled_message(seconds: int) -> str:
    return gettext("Terlalu banyak kode salah. Tunggu %(wait)s, lalu ketik kode terbaru dari aplikasi.") % {
        "wait": wait_text(seconds)
    }


def wrong_code_message(seconds: int) -> str:
    """After a wrong code: say so, and how long to wait before the next try when the device now waits."""
    if seconds <= 0:
        return gettext("Kode salah atau sudah kedaluwarsa. Lihat kode terbaru di aplikasi Anda.")
    return gettext(
        "Kode salah atau sudah kedaluwarsa. Tunggu %(wait)s sebelum mencoba lagi, lalu ketik kode terbaru."
    ) % {"wait": wait_text(seconds)}

