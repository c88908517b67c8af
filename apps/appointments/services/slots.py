"""Slots and their quotas, made ahead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.appointments.models import QuotaRule, Slot
from apps.core.calendar import is_working_day

# --- Slots -----------------------------------------------------------------------------------


def quota_rule(location: Any, service: Any) -> QuotaRule:
    rule, _created = QuotaRule.objects.get_or_create(location=location, service=service)
    return rule


def ensure_slots(location: Any, service: Any, day: dt.date) -> list[Slot]:
    """Create the day's slots from the location's opening hours and quota rule (idempotent)."""
    hours = location.hours_on(day)
    if hours is None or not is_working_day(day):
        return []
    rule = quota_rule(location, service)
    opening, closing = hours
    start = dt.datetime.combine(day, opening)
    end = dt.datetime.combine(day, closing)
    step = dt.timedelta(minutes=rule.slot_minutes)
    windows: list[tuple[dt.time, dt.time]] = []
    while start + step <= end:
        windows.append((start.time(), (start + step).time()))
        start += step
    if not windows:
        return []
    online_total = rule.daily_capacity * rule.online_share // 100
    walk_in_total = rule.daily_capacity - online_total
    result: list[Slot] = []
    for index, (begin, finish) in enumerate(windows):
        online = online_total // len(windows) + (1 if index < online_total % len(windows) else 0)
        walk_in = walk_in_total // len(windows) + (1 if index < walk_in_total % len(windows) else 0)
        slot, _created = Slot.objects.get_or_create(
            location=location,
            service=service,
            date=day,
            start_time=begin,
            defaults={"end_time": finish, "quota": online, "walk_in_quota": walk_in},
        )
        result.append(slot)
    return result


def ensure_slots_ahead(days: int = 14) -> int:
    """Create the missing slots for the next ``days`` working days for every quota rule (a job).
    Returns how many slots those days have (existing ones included)."""
    created = 0
    day = timezone.localdate()
    count = 0
    while count < days:
        day += dt.timedelta(days=1)
        if not is_working_day(day):
            continue
        count += 1
        for rule in QuotaRule.objects.select_related("location", "service").filter(location__is_active=True):
            created += len(ensure_slots(rule.location, rule.service, day))
    return created
