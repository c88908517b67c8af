"""Residents' visit booking: choose a day and time, book, see the code and QR, cancel, reschedule."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.applications.models import ServiceType
from apps.appointments import notices, ratelimit, services, undo
from apps.appointments.access import own_booking, own_bookings
from apps.appointments.middleware import early_check
from apps.appointments.models import Booking, BookingStatus, Slot
from apps.core.access import resident_required
from apps.core.inputs import parse_id
from apps.locations.models import Location


def too_many(request: HttpRequest) -> HttpResponse:
    response = _not_logged(HttpResponse(render_to_string("appointments/too_many.html"), status=429))
    response["Retry-After"] = "60"
    return response


def _not_logged(response: HttpResponse) -> HttpResponse:
    """An expected answer during a rush, not an incident: kept out of django.request's warning log (thousands a
    minute). Django's own flag, which ``django.utils.log.log_response`` reads; the stubs do not declare it."""
    response._has_been_logged = True  # type: ignore[attr-defined]  # see the docstring
    return response


# The "full" page differs only by slot answer and language, and by the form's CSRF token: rendered once per
# (language, answer) in each process, the token put in per request. Bounded: cleared when it grows past this.
_FULL_PAGES: dict[tuple[str, str], str] = {}
_FULL_PAGES_MAX = 512
_FORM_KEY_MARK = "SIPONCSRFMARK"  # where the CSRF token goes; letters only: unchanged by autoescaping


def _full_page(request: HttpRequest, answer: dict[str, Any]) -> HttpResponse:
    """The cheap "full" answer: no session, no user, no database; the next free date from the cache."""
    key = (get_language() or "", repr(answer))
    html = _FULL_PAGES.get(key)
    if html is None:
        error = services.full_error_from_cache(answer)
        html = render_to_string(
            "appointments/full.html",
            {
                "message": error.message,
                "next_free": error.next_free,
                "slot_label": answer.get("slot_label", ""),
                "csrf_token": _FORM_KEY_MARK,
            },
        )
        if len(_FULL_PAGES) >= _FULL_PAGES_MAX:
            _FULL_PAGES.clear()
        _FULL_PAGES[key] = html
    return _not_logged(HttpResponse(html.replace(_FORM_KEY_MARK, get_token(request)), status=409))


def _choices(request: HttpRequest) -> tuple[list[ServiceType], list[Location], ServiceType | None, Location | None]:
    service_list = list(ServiceType.objects.filter(is_active=True))
    location_list = list(Location.objects.filter(is_active=True))
    service = next((s for s in service_list if s.code == request.GET.get("layanan")), None)
    location = next((loc for loc in location_list if loc.slug == request.GET.get("lokasi")), None)
    if location is None and len(location_list) == 1:
        location = location_list[0]
    return service_list, location_list, service, location


@resident_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    bookings = own_bookings(request.user)[:20]
    service_list, location_list, _s, _l = _choices(request)
    return render(
        request,
        "appointments/index.html",
        {
            "bookings": bookings,
            "services": service_list,
            "locations": location_list,
            "has_profile": hasattr(request.user, "resident"),
        },
    )


def _picker_context(request: HttpRequest, service: ServiceType | None, location: Location | None) -> dict[str, Any]:
    service_list, location_list, _s, _l = _choices(request)
    days = services.days_with_slots(location, service) if service and location else []
    return {
        "services": service_list,
        "locations": location_list,
        "service": service,
        "location": location,
        "days": days,
    }


@resident_required
@require_GET
def new(request: HttpRequest) -> HttpResponse:
    _sl, _ll, service, location = _choices(request)
    return render(request, "appointments/new.html", _picker_context(request, service, location))


@require_POST
def book(request: HttpRequest) -> HttpResponse:
    # FullSlotMiddleware has usually counted the address and read the slot's "full" marker already.
    check = early_check(request)
    if check is None and not ratelimit.allow_ip(request):
        return too_many(request)
    slot_id = request.POST.get("slot", "")
    slot_pk = parse_id(slot_id)
    if slot_pk is not None:
        answer = check.full if check is not None else services.cached_full(slot_pk)
        if answer is not None:
            return _full_page(request, answer)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("appointments:new"))
    if not ratelimit.allow_account(int(request.user.pk or 0)):
        return too_many(request)
    try:
        booking = services.book(request.user, slot_id, request=request)
    except services.BookingError as error:
        if error.code == "full" and slot_pk is not None:
            answer = services.cached_full(slot_pk)
            if answer is not None:
                return _full_page(request, answer)
        return _picker_error(request, error)
    booking_id = booking.pk
    transaction.on_commit(lambda: notices.booked(booking_id))  # committed already: sent at once
    messages.success(
        request, _("Reservasi berhasil. Simpan kode reservasi Anda; rinciannya juga kami kirim sebagai pesan.")
    )
    return redirect("appointments:detail", code=booking.code)


def _picker_error(request: HttpRequest, error: services.BookingError, booking: Booking | None = None) -> HttpResponse:
    service = location = None
    slot_value = request.POST.get("slot", "")
    slot_pk = parse_id(slot_value)
    if slot_pk is not None:
        slot = Slot.objects.select_related("service", "location").filter(pk=slot_pk).first()
        if slot is not None:
            service, location = slot.service, slot.location
    if booking is not None:
        service, location = booking.service, booking.location
    context = _picker_context(request, service, location)
    context.update(
        {
            "error": error.message,
            "error_code": error.code,
            "chosen": slot_value,
            "booking": booking,
            "next_free": error.next_free,
            "existing": error.existing if booking is None else "",
        }
    )
    template = "appointments/reschedule.html" if booking is not None else "appointments/new.html"
    return render(request, template, context, status=409 if error.code in ("full", "duplicate") else 400)


@resident_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    booking = own_booking(request.user, code)
    qr = segno.make(booking.code, error="m")
    svg = qr.svg_inline(scale=6, border=2, dark="#000", light="#fff", omitsize=True)
    return render(request, "appointments/detail.html", {
        "booking": booking, "qr_svg": svg, "now": timezone.now(), "can_restore": undo.offered(request, booking),
    })


@resident_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the confirmation page (no JavaScript needed). POST: cancel, offer an undo for a few minutes."""
    booking = own_booking(request.user, code)
    if request.method == "GET":
        if booking.status != BookingStatus.BOOKED:
            messages.error(request, _("Reservasi ini sudah tidak aktif."))
            return redirect("appointments:detail", code=booking.code)
        return render(request, "appointments/cancel_confirm.html", {"booking": booking})
    if services.cancel(booking, actor=request.user, reason=_("Dibatalkan oleh pemohon."), request=request):
        undo.offer(request, booking)
        booking_id = booking.pk
        transaction.on_commit(lambda: notices.cancelled(booking_id))
        messages.success(
            request,
            _("Reservasi %(code)s dibatalkan. Tempatnya kini bisa dipakai orang lain. Keliru? Anda bisa "
              "memulihkannya dalam %(minutes)d menit selama sesinya belum penuh.")
            % {"code": booking.code, "minutes": undo.UNDO_MINUTES},
        )
    else:
        messages.error(request, _("Reservasi ini sudah tidak aktif."))
    return redirect("appointments:detail", code=booking.code)


@resident_required
@require_POST
def restore(request: HttpRequest, code: str) -> HttpResponse:
    """Undo a cancellation made a few minutes ago from this browser, if the slot still has room."""
    booking = own_booking(request.user, code)
    try:
        undo.restore(request, booking, actor=request.user)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        booking_id = booking.pk
        transaction.on_commit(lambda: notices.booked(booking_id))
        messages.success(request, _("Reservasi %(code)s aktif kembali dengan jadwal yang sama.") % {"code": code})
    return redirect("appointments:detail", code=booking.code)


@resident_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, code: str) -> HttpResponse:
    booking = own_booking(request.user, code)
    if request.method == "POST":
        if not ratelimit.allow_ip(request) or not ratelimit.allow_account(int(request.user.pk or 0)):
            return too_many(request)
        try:
            services.reschedule(booking, request.POST.get("slot", ""), actor=request.user, request=request)
        except services.BookingError as error:
            return _picker_error(request, error, booking)
        booking_id = booking.pk
        transaction.on_commit(lambda: notices.rescheduled(booking_id))
        messages.success(request, _("Jadwal kunjungan diubah. Jadwal barunya juga kami kirim sebagai pesan."))
        return redirect("appointments:detail", code=booking.code)
    if booking.status != BookingStatus.BOOKED:
        messages.error(request, _("Reservasi ini sudah tidak aktif dan tidak dapat diubah."))
        return redirect("appointments:detail", code=booking.code)
    context = _picker_context(request, booking.service, booking.location)
    context["booking"] = booking
    return render(request, "appointments/reschedule.html", context)
