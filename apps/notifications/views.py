"""The resident's in-app notifications."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.access import resident_required
from apps.notifications.models import Channel, Notification


@resident_required
def inbox(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(recipient_id=request.user.pk, channel=Channel.IN_APP)[:50])
    unread = [n.pk for n in items if n.read_at is None]
    response = render(request, "notifications/inbox.html", {"items": items, "unread": set(unread)})
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response


@resident_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient_id=request.user.pk, channel=Channel.IN_APP, read_at=None).update(
        read_at=timezone.now()
    )
    return redirect("notifications:inbox")
