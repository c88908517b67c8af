"""Public pages: notices, their story images, the status of each service point."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from apps.announcements import status as status_module
from apps.announcements.models import Notice
from apps.announcements.story import caption_for, render_story
from apps.locations.models import Location


def _public_notice(pk: int) -> Notice:
    notice = get_object_or_404(Notice.objects.prefetch_related("locations", "services"), pk=pk)
    if not notice.is_published or notice.starts_at > timezone.now():
        raise Http404
    return notice


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    active = list(Notice.objects.active().prefetch_related("locations"))
    recent = list(
        Notice.objects.filter(is_published=True, ends_at__lte=now, ends_at__gte=now - dt.timedelta(days=30))
        .order_by("-ends_at")[:20]
    )
    return render(request, "announcements/list.html", {"notices": active, "recent": recent})


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _public_notice(pk)
    return render(request, "announcements/detail.html", {"notice": notice, "caption": caption_for(notice)})


@require_GET
@cache_control(public=True, max_age=300)
def story_image(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _public_notice(pk)
    response = HttpResponse(render_story(notice), content_type="image/png")
    if request.GET.get("unduh"):
        response["Content-Disposition"] = f'attachment; filename="pengumuman-{notice.pk}.png"'
    return response


@require_GET
def status_index(request: HttpRequest) -> HttpResponse:
    locations = list(Location.objects.filter(is_active=True))
    statuses = [status_module.location_status(loc) for loc in locations]
    return render(request, "announcements/status_index.html", {"statuses": statuses})


@require_GET
def location_status(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location, slug=slug)
    return render(request, "announcements/status.html", {"status": status_module.location_status(location)})


@require_GET
def display_notices(request: HttpRequest) -> HttpResponse:
    """The notices for the call display (a fragment the display polls)."""
    notices = Notice.objects.active()
    slug = request.GET.get("lokasi")
    if slug:
        location = get_object_or_404(Location, slug=slug)
        notices = notices.for_location(location)
    return render(request, "announcements/_display.html", {"notices": list(notices[:5])})
