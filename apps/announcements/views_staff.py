"""Back office: publish, change and end notices; move an office; webhook endpoints."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.roles import Role
from apps.announcements import services
from apps.announcements.forms import NoticeForm, RelocateForm, WebhookForm
from apps.announcements.models import Notice, WebhookDelivery, WebhookEndpoint
from apps.announcements.story import caption_for
from apps.core.access import staff_required
from apps.locations.models import Location

PUBLISHERS = (Role.SECTION_HEAD, Role.ADMINISTRATOR, Role.CUSTOMER_SERVICE, Role.INFORMATION_DESK)


@staff_required(*PUBLISHERS)
def notice_list(request: HttpRequest) -> HttpResponse:
    query = Notice.objects.all().prefetch_related("locations")
    state = request.GET.get("status", "")
    now = timezone.now()
    if state == "aktif":
        query = Notice.objects.active()
    elif state == "selesai":
        query = query.filter(ends_at__lte=now)
    page = Paginator(query.order_by("-starts_at", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "announcements/staff/list.html",
        {"page": page, "state": state, "locations": Location.objects.filter(is_active=True)},
    )


@staff_required(*PUBLISHERS)
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        notice = services.publish_notice(data, actor=request.user, request=request)
        messages.success(request, _("Pengumuman diterbitkan."))
        return redirect("announcements_staff:detail", pk=notice.pk)
    return render(request, "announcements/staff/form.html", {"form": form, "notice": None})


@staff_required(*PUBLISHERS)
@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk)
    form = NoticeForm(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        services.update_notice(notice, {**form.cleaned_data}, actor=request.user, request=request)
        messages.success(request, _("Pengumuman diperbarui."))
        return redirect("announcements_staff:detail", pk=notice.pk)
    return render(request, "announcements/staff/form.html", {"form": form, "notice": notice})


@staff_required(*PUBLISHERS)
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice.objects.prefetch_related("locations", "services"), pk=pk)
    deliveries = WebhookDelivery.objects.filter(notice=notice).select_related("endpoint")[:20]
    return render(
        request,
        "announcements/staff/detail.html",
        {"notice": notice, "caption": caption_for(notice), "deliveries": deliveries},
    )


@staff_required(*PUBLISHERS)
@require_POST
def notice_end(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk)
    services.end_notice(notice, actor=request.user, request=request)
    messages.success(request, _("Pengumuman diakhiri."))
    return redirect("announcements_staff:detail", pk=notice.pk)


@staff_required(Role.SECTION_HEAD, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def relocate(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location, slug=slug)
    form = RelocateForm(request.POST or None, initial={"address": location.address, "map_url": location.map_url})
    if request.method == "POST" and form.is_valid():
        notice = services.relocate_location(
            location, form.cleaned_data["address"], form.cleaned_data["map_url"], request.user, request=request
        )
        messages.success(request, _("Alamat baru disimpan dan pengumuman pindah kantor diterbitkan."))
        return redirect("announcements_staff:detail", pk=notice.pk)
    return render(request, "announcements/staff/relocate.html", {"form": form, "location": location})


@staff_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    """Webhook endpoints (edit, disable/enable from each row), a form to add one, the latest deliveries."""
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_webhook(form, actor=request.user, request=request)
        messages.success(request, _("Webhook ditambahkan."))
        return redirect("announcements_staff:webhooks")
    endpoints = WebhookEndpoint.objects.all()
    recent = WebhookDelivery.objects.select_related("endpoint", "notice")[:30]
    context = {"form": form, "endpoints": endpoints, "recent": recent}
    return render(request, "announcements/staff/webhooks.html", context)


@staff_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def webhook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    form = WebhookForm(request.POST or None, instance=endpoint)
    if request.method == "POST" and form.is_valid():
        services.save_webhook(form, actor=request.user, request=request)
        messages.success(request, _("Webhook %(name)s disimpan.") % {"name": endpoint.name})
        return redirect("announcements_staff:webhooks")
    return render(request, "announcements/staff/webhook_edit.html", {"form": form, "endpoint": endpoint})


@staff_required(Role.ADMINISTRATOR)
@require_POST
def webhook_set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    services.set_webhook_active(endpoint, active, actor=request.user, request=request)
    if active:
        messages.success(request, _("Webhook %(name)s aktif lagi.") % {"name": endpoint.name})
    else:
        messages.success(request, _("Webhook %(name)s dimatikan; tidak ada kiriman baru ke sana.")
                         % {"name": endpoint.name})
    return redirect("announcements_staff:webhooks")
