"""Every save of a published notice (staff form, admin, or Sipon's own raise_system_notice)
goes out to the webhooks."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.announcements.models import Notice


@receiver(post_save, sender=Notice, dispatch_uid="announcements.notice_webhooks")
def notice_saved(sender: Any, instance: Notice, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not instance.is_published:
        return
    from apps.announcements.webhooks import queue_deliveries

    queue_deliveries(instance, "notice.published" if created else "notice.updated")


@receiver(post_save, sender=Notice, dispatch_uid="announcements.notice_banner_saved")
@receiver(post_delete, sender=Notice, dispatch_uid="announcements.notice_banner_deleted")
def notice_changed(sender: Any, **kwargs: Any) -> None:
    """The banner cache is emptied on every change of a notice (apps.announcements.banner)."""
    from apps.announcements.banner import forget

    forget()
