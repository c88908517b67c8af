"""Object access for issuance pages: return the object or raise 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from apps.applications.models import Application
from apps.issuance.models import Suket


def application_by_number(number: str, *statuses: str) -> Application:
    queryset = Application.objects.select_related("service_type", "location", "applicant")
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    return get_object_or_404(queryset, number=number)


def suket_by_id(suket_id: int) -> Suket:
    return get_object_or_404(Suket.objects.select_related("application", "location"), pk=suket_id)


def suket_by_code(code: str) -> Suket:
    return get_object_or_404(Suket.objects.select_related("application"), code=code)
