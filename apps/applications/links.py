"""Where a message about a file sends the applicant to follow it."""

from __future__ import annotations

from django.conf import settings

from apps.applications.models import Application


def follow_url(application: Application) -> str:
    """The applicant's own file page when the file belongs to an account; otherwise (a walk-in applicant
    without an account) the receipt's short link to the public status check, which asks only the birth date."""
    if application.applicant_id is not None:
        return f"{settings.SITE_URL}/permohonan/{application.number}/"
    return f"{settings.SITE_URL}/c/{application.number}/"
