"""Telling the applicant that their file moved: a subscriber of :class:`~apps.applications.events.StatusChanged`
(``apps/applications/subscriptions.py``), run after the change commits."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from apps.applications import estimates
from apps.applications.events import StatusChanged
from apps.applications.links import follow_url
from apps.applications.models import StatusChange
from apps.applications.workflow import RESIDENT_TEXT
from apps.notifications.services import in_language, notify


def status_changed(event: StatusChanged) -> None:
    if event.replay:
        return  # told when the change happened
    application_status_changed(event.change_id)


def application_status_changed(change_id: int) -> None:
    """Tell the applicant that their application moved (called after commit)."""
    change = StatusChange.objects.select_related("application__applicant", "application__service_type").get(
        pk=change_id
    )
    application = change.application
    recipient = application.applicant
    if recipient is None and not application.form_data.get("contact_phone"):
        return
    with in_language(recipient), transaction.atomic():
        # The label of this change, not the file's current status (it may have moved on since).
        status_label = change.get_to_status_display()
        url = follow_url(application)
        context = {
            "application": application,
            "change": change,
            "status_label": status_label,
            "text": RESIDENT_TEXT.get(change.to_status, ""),
            "estimate": application.estimated_completion_date,
            "url": url,
            "office": settings.SIPON_OFFICE_NAME,
        }
        notify(
            event=f"application.{change.to_status}",
            recipient=recipient,
            phone=application.form_data.get("contact_phone", ""),
            subject=_("Permohonan %(number)s: %(status)s") % {"number": application.number, "status": status_label},
            body=render_to_string("notifications/email/application_status.txt", context).strip(),
            url=url,
        )
        # The message names the estimate: a later move of it is told once (estimates.refresh_and_tell).
        estimates.mark_told(application.pk, application.estimated_completion_date)
