"""Writes of the outreach app."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.core import audit
from apps.outreach.models import OutreachVisit, VisitStatus


@transaction.atomic
def plan_visit(data: dict[str, Any], *, actor: Any, request: HttpRequest | None = None) -> OutreachVisit:
    staff = data.pop("staff", [])
    visit = OutreachVisit.objects.create(created_by=actor, **data)
    visit.staff.set(staff)
    audit.record("outreach.plan", actor=actor, obj=visit, request=request,
                 data={"village": visit.village_id, "date": visit.date.isoformat()})
    return visit


@transaction.atomic
def record_results(visit: OutreachVisit, *, people_reached: int, recordings_done: int, result_notes: str,
                   actor: Any, request: HttpRequest | None = None) -> OutreachVisit:
    locked = OutreachVisit.objects.select_for_update().get(pk=visit.pk)
    locked.people_reached = people_reached
    locked.recordings_done = recordings_done
    locked.result_notes = result_notes
    locked.status = VisitStatus.DONE
    locked.results_recorded_at = timezone.now()
    locked.save()
    audit.record("outreach.results", actor=actor, obj=locked, request=request,
                 data={"people_reached": people_reached, "recordings_done": recordings_done})
    return locked


@transaction.atomic
def cancel_visit(visit: OutreachVisit, *, actor: Any, request: HttpRequest | None = None) -> OutreachVisit:
    locked = OutreachVisit.objects.select_for_update().get(pk=visit.pk)
    locked.status = VisitStatus.CANCELLED
    locked.save(update_fields=["status"])
    audit.record("outreach.cancel", actor=actor, obj=locked, request=request)
    return locked
