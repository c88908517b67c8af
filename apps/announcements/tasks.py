"""Background work of the announcements app."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    from apps.announcements.webhooks import attempt

    return attempt(delivery_id)
