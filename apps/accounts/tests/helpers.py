"""Data for registration tests: a complete, valid form for a new resident."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail

from apps.accounts.models import Sex
from tests.factories import next_serial, nik_for


def registration_data(**overrides: Any) -> dict[str, str]:
    serial = next_serial()
    birth = dt.date(1995, 3, 14)
    data = {
        "full_name": "Ani Wulandari",
        "nik": nik_for(birth, Sex.FEMALE, serial),
        "kk_number": f"331025{serial:010d}",
        "birth_place": "Klaten",
        "birth_date": birth.isoformat(),
        "address": "Dukuh Sorogaten RT 01",
        "rt": "001",
        "rw": "002",
        "district": "33.10.25",
        "village": "33.10.25.1001",
        "contact": f"ani{serial}@contoh.id",
        "password1": "Sawah-Hijau-77",
        "password2": "Sawah-Hijau-77",
    }
    data.update(overrides)
    return data


def sent_code(address: str) -> str:
    """The confirmation code of the last notification to ``address`` (outbox or Notification rows)."""
    from apps.notifications.models import Notification

    row = Notification.objects.filter(address=address, event="account.contact_confirmation").order_by("-id").first()
    assert row is not None, f"no confirmation sent to {address}; outbox: {[m.to for m in mail.outbox]}"
    return "".join(ch for ch in row.subject if ch.isdigit())[-6:]
