"""Deterministic factories for notices and locations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.announcements.models import Notice, WebhookEndpoint
from apps.locations.models import Location


def make_location(slug: str = "kantor-utama", **kwargs: Any) -> Location:
    defaults = {
        "name": "Kantor Disdukcapil Kabupaten Klaten",
        "kind": Location.Kind.MAIN_OFFICE,
        "address": "Jl. Pemuda No. 294, Klaten",
        "district_id": "33.10.25",
        # open every day 00:00-23:59 unless a test says otherwise
        "opening_hours": {str(d): ["00:00", "23:59"] for d in range(7)},
    }
    defaults.update(kwargs)
    return Location.objects.create(slug=slug, **defaults)


def make_notice(title: str = "Pemadaman listrik Selasa", **kwargs: Any) -> Notice:
    defaults: dict[str, Any] = {
        "kind": "power_cut",
        "severity": "warning",
        "summary": "Layanan perekaman berhenti pukul 09.00-12.00.",
        "starts_at": timezone.now() - dt.timedelta(minutes=5),
    }
    defaults.update(kwargs)
    return Notice.objects.create(title=title, **defaults)


def make_endpoint(url: str, secret: str = "rahasia-webhook-0123456789") -> WebhookEndpoint:  # noqa: S107  (test key)
    return WebhookEndpoint.objects.create(name="Alat media sosial", url=url, secret=secret)
