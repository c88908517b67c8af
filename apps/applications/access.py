"""Object access for applications: a resident's own file, or not found."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from apps.applications.models import Application


def own_application(user: Any, number: str) -> Application:
    """The signed-in resident's application with this number, or 404 (never 403)."""
    application = (
        Application.objects.select_related("service_type", "district", "village")
        .filter(number=number, applicant_id=user.pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def staff_application(number: str) -> Application:
    application = (
        Application.objects.select_related("service_type", "district", "village", "applicant", "claimed_by")
        .filter(number=number)
        .first()
    )
    if application is None:
        raise Http404
    return application
