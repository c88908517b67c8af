"""The records behind each dashboard figure. ``records(metric, filters)`` returns a title, the
kind of record and the queryset; the list page paginates it and the XLSX export writes it."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.models import Application, Channel
from apps.applications.workflow import OPEN, Status
from apps.complaints.models import Complaint
from apps.complaints.workflow import OPEN as COMPLAINT_OPEN
from apps.dashboards import metrics
from apps.dashboards.filters import Filters
from apps.queueing.models import Ticket, TicketStatus

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
NIK_RE = re.compile(r"^\d{16}$")


@dataclass
class DrillDown:
    title: str
    kind: str  # "application", "ticket" or "complaint"
    queryset: QuerySet[Any]


def _range(f: Filters) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(f.start, dt.time.min, tzinfo=TZ),
            dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time.min, tzinfo=TZ))


def _applications(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("service_type", "location", "district", "village").only(
        "number", "nik", "full_name", "status", "channel", "submitted_at", "due_date", "status_changed_at",
        "service_type__name", "location__name", "district__name", "village__name",
    )


def search(query: str) -> DrillDown:
    """Find applications by NIK (16 digits) or application number (exact)."""
    q = query.strip().upper().replace(" ", "")
    qs = Application.objects.filter(nik=q) if NIK_RE.match(q) else Application.objects.filter(number=q)
    return DrillDown(_("Hasil pencarian: %(q)s") % {"q": q}, "application", _applications(qs).order_by("-created_at"))


def records(metric: str, f: Filters) -> DrillDown:
    today = timezone.localdate()
    scope = metrics.scope(f)
    low, high = _range(f)
    if metric.startswith("status-"):
        status = metric.removeprefix("status-")
        if status not in OPEN:
            raise Http404
        return DrillDown(_("Berkas berstatus %(s)s") % {"s": Status(status).label}, "application",
                         _applications(scope.filter(status=status)).order_by("status_changed_at"))
    if metric == "overdue":
        qs = scope.filter(status__in=metrics.NOT_DONE, due_date__lt=today)
        return DrillDown(_("Berkas melewati standar waktu"), "application", _applications(qs).order_by("due_date"))
    if metric == "due_soon":
        qs = scope.filter(status__in=metrics.NOT_DONE, due_date__gte=today,
                          due_date__lte=metrics.due_soon_until(today))
        return DrillDown(_("Berkas jatuh tempo dalam 2 hari kerja"), "application",
                         _applications(qs).order_by("due_date"))
    if metric == "central":
        qs = scope.filter(status=Status.SENT_TO_CENTRAL)
        return DrillDown(_("Berkas menunggu pusat"), "application", _applications(qs).order_by("status_changed_at"))
    if metric in ("submitted", "online", "walk_in"):
        qs = scope.filter(submitted_at__gte=low, submitted_at__lt=high)
        title = _("Permohonan diajukan")
        if metric == "online":
            qs, title = qs.filter(channel=Channel.ONLINE), _("Permohonan daring")
        elif metric == "walk_in":
            qs, title = qs.exclude(channel=Channel.ONLINE), _("Permohonan datang langsung")
        return DrillDown(title, "application", _applications(qs).order_by("-submitted_at"))
    if metric.startswith("tickets-"):
        status = metric.removeprefix("tickets-")
        if status not in TicketStatus.values:
            raise Http404
        tickets = Ticket.objects.filter(date=today, status=status).select_related("location", "service")
        if f.location_id:
            tickets = tickets.filter(location_id=f.location_id)
        if f.service_id:
            tickets = tickets.filter(service_id=f.service_id)
        return DrillDown(_("Tiket hari ini: %(s)s") % {"s": TicketStatus(status).label}, "ticket",
                         tickets.order_by("queued_at"))
    if metric in ("complaints-open", "complaints-overdue", "complaints-received"):
        complaints = Complaint.objects.all()
        if f.location_id:
            complaints = complaints.filter(location_id=f.location_id)
        if f.service_id:
            complaints = complaints.filter(service_type_id=f.service_id)
        if metric == "complaints-received":
            complaints = complaints.filter(received_on__gte=f.start, received_on__lte=f.end)
            title = _("Pengaduan diterima")
        else:
            complaints = complaints.filter(status__in=COMPLAINT_OPEN)
            title = _("Pengaduan terbuka")
            if metric == "complaints-overdue":
                complaints, title = complaints.filter(due_date__lt=today), _("Pengaduan melewati batas waktu")
        return DrillDown(title, "complaint", complaints.order_by("due_date"))
    raise Http404
