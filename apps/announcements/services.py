"""Publishing notices. Other apps raise and resolve their own notices through
:func:`raise_system_notice` and :func:`resolve_system_notice`."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.announcements.banner import forget
from apps.announcements.models import Notice, NoticeKind, Severity
from apps.core import audit
from apps.locations.models import Location


def raise_system_notice(
    key: str, *, kind: str, severity: str, title: str, summary: str, body: str = "", locations: Any = None
) -> Notice:
    """Open a notice for a condition Sipon detected (central outage, blanks exhausted, closure).
    Idempotent: while a notice with this key is open, it is updated, not duplicated."""
    existing = Notice.objects.filter(system_key=key, ends_at__isnull=True).first()
    if existing is not None:
        existing.title, existing.summary, existing.severity = title, summary, severity
        existing.body = body or existing.body
        existing.save(update_fields=["title", "summary", "severity", "body", "updated_at"])
        return existing
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                system_key=key, kind=kind, severity=severity, title=title, summary=summary, body=body
            )
            if locations:
                notice.locations.set(locations)
    except IntegrityError:  # another process raised it at the same moment
        return Notice.objects.get(system_key=key, ends_at__isnull=True)
    return notice


def resolve_system_notice(key: str) -> int:
    """Close the open notice for ``key`` (the condition is over). Returns how many were closed."""
    from apps.announcements.webhooks import queue_deliveries

    with transaction.atomic():
        notices = list(Notice.objects.filter(system_key=key, ends_at__isnull=True))
        closed = Notice.objects.filter(pk__in=[n.pk for n in notices]).update(
            ends_at=timezone.now(), updated_at=timezone.now()
        )
        if closed:
            forget()  # update() sends no post_save: the banner cache is emptied here
        for notice in notices:
            notice.refresh_from_db()
            queue_deliveries(notice, "notice.ended")
    return closed


NOTICE_FIELDS = ("kind", "severity", "title", "summary", "body", "map_url", "starts_at", "ends_at", "is_published")


@transaction.atomic
def publish_notice(data: dict[str, Any], *, actor: Any, request: HttpRequest | None = None) -> Notice:
    """Create a notice from a staff form's cleaned data (the webhooks go out after commit)."""
    notice = Notice(created_by=actor, **{f: data[f] for f in NOTICE_FIELDS if f in data})
    notice.save()
    notice.locations.set(data.get("locations") or [])
    notice.services.set(data.get("services") or [])
    # The post_save signal queued the webhook deliveries before the locations were set; the
    # payload is built at send time (after commit), so it carries them.
    audit.record("notice.publish", actor=actor, obj=notice, request=request, data={"title": notice.title})
    return notice


@transaction.atomic
def update_notice(notice: Notice, data: dict[str, Any], *, actor: Any, request: HttpRequest | None = None) -> Notice:
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    for field in NOTICE_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    if "locations" in data:
        locked.locations.set(data["locations"] or [])
    if "services" in data:
        locked.services.set(data["services"] or [])
    locked.save()
    audit.record("notice.update", actor=actor, obj=locked, request=request, data={"title": locked.title})
    return locked


@transaction.atomic
def end_notice(notice: Notice, *, actor: Any, request: HttpRequest | None = None) -> Notice:
    """End a notice now (it leaves the banner and the call display)."""
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.ends_at is None or locked.ends_at > timezone.now():
        locked.ends_at = timezone.now()
        locked.save()
    audit.record("notice.end", actor=actor, obj=locked, request=request)
    return locked


@transaction.atomic
def relocate_location(
    location: Any, address: str, map_url: str, actor: Any, *, request: HttpRequest | None = None
) -> Notice:
    """Move an office: the Location's address and map link change (so every page that shows
    the location shows the new address) and a critical notice with the map link is raised."""
    locked = Location.objects.select_for_update().get(pk=location.pk)
    old_address = locked.address
    locked.address = address
    locked.map_url = map_url
    locked.save(update_fields=["address", "map_url"])
    notice = Notice(
        kind=NoticeKind.OFFICE_MOVED,
        severity=Severity.CRITICAL,
        title=_("%(name)s pindah alamat") % {"name": locked.name},
        summary=_("Mulai sekarang layanan di %(name)s ada di alamat baru: %(address)s.")
        % {"name": locked.name, "address": address},
        body=_("Alamat lama: %(old)s. Alamat baru: %(new)s.") % {"old": old_address, "new": address},
        map_url=map_url,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    notice.save()
    notice.locations.set([locked])
    audit.record(
        "location.relocate",
        actor=actor,
        obj=locked,
        request=request,
        data={"from": old_address, "to": address, "map_url": map_url, "notice": notice.pk},
    )
    location.address, location.map_url = address, map_url
    return notice


# --------------------------------------------------------------------------- webhook endpoints (administrator)


def save_webhook(form: Any, *, actor: Any, request: HttpRequest | None = None) -> Any:
    """Create or change a webhook endpoint from a valid :class:`~apps.announcements.forms.WebhookForm`. Audited
    with the address (never the secret)."""
    with transaction.atomic():
        created = form.instance.pk is None
        changed = [] if created else list(form.changed_data)
        endpoint = form.save()
        audit.record("webhook.create" if created else "webhook.update", actor=actor, obj=endpoint, request=request,
                     data={"url": endpoint.url, "fields": changed})
    return endpoint


def set_webhook_active(endpoint: Any, active: bool, *, actor: Any, request: HttpRequest | None = None) -> bool:
    """Disable or enable an endpoint. A disabled endpoint gets no new deliveries; deliveries still waiting for it
    are skipped when their turn comes. False when it already was."""
    from apps.announcements.models import WebhookEndpoint

    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        if locked.is_active == active:
            return False
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit.record("webhook.enabled" if active else "webhook.disabled", actor=actor, obj=locked, request=request)
    endpoint.is_active = active
    return True
