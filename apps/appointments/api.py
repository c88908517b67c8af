"""JSON API of visit bookings (django-ninja): a resident lists, books and cancels their bookings.
Session authentication (writes need the CSRF token); another resident's booking is 404. Booking goes through the
same service as the page: the same quota, one active booking per NIK, the same rate limits (429)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import django_auth

from apps.appointments import ratelimit, services
from apps.appointments.access import own_booking, own_bookings
from apps.appointments.models import Booking
from apps.core.api_fields import Code, Id

router = Router(tags=["reservasi"], auth=django_auth)


class Error(Schema):
    detail: str
    code: str = ""


class NextFree(Schema):
    slot_id: int
    date: dt.date
    start: str
    end: str
    label: str


class FullError(Schema):
    detail: str
    code: str
    next_free: NextFree | None = None


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


class BookingOut(Schema):
    code: str
    status: str
    status_label: str
    service: str
    location: str
    date: dt.date
    start: str
    end: str
    created_at: dt.datetime


class BookIn(Schema):
    slot: Id


def _out(booking: Booking) -> dict[str, Any]:
    return {
        "code": booking.code,
        "status": booking.status,
        "status_label": str(booking.get_status_display()),
        "service": booking.service.code,
        "location": booking.location.slug,
        "date": booking.date,
        "start": f"{booking.slot.start_time:%H:%M}",
        "end": f"{booking.slot.end_time:%H:%M}",
        "created_at": booking.created_at,
    }


def _too_many() -> Status[dict[str, str]]:
    return Status(
        429, {"detail": _("Terlalu banyak permintaan. Tunggu satu menit, lalu coba lagi."), "code": "rate_limited"}
    )


LIST_LIMIT = 50


@router.get("/", response={200: list[BookingOut], 401: Error}, summary="Reservasi saya")
def my_bookings(request: HttpRequest) -> Any:
    """The signed-in resident's own bookings, latest visit date first (at most 50)."""
    return Status(200, [_out(booking) for booking in own_bookings(request.user)[:LIST_LIMIT]])


@router.get(
    "/{code}", response={200: BookingOut, 401: Error, 404: Error, 422: ValidationErrorOut}, summary="Satu reservasi"
)
def read(request: HttpRequest, code: Code) -> Any:
    return Status(200, _out(own_booking(request.user, code)))


@router.post(
    "/",
    response={201: BookingOut, 400: Error, 401: Error, 403: Error, 409: FullError, 422: ValidationErrorOut, 429: Error},
    summary="Pesan jadwal kunjungan",
)
def book(request: HttpRequest, payload: BookIn) -> Any:
    if not ratelimit.allow_ip(request) or not ratelimit.allow_account(int(request.user.pk or 0)):
        return _too_many()
    try:
        booking = services.book(request.user, payload.slot, request=request)
    except services.BookingError as error:
        if error.code in ("full", "duplicate"):
            return Status(409, {"detail": error.message, "code": error.code, "next_free": error.next_free})
        return Status(400, {"detail": error.message, "code": error.code})
    booking = Booking.objects.select_related("slot", "location", "service").get(pk=booking.pk)
    return Status(201, _out(booking))


@router.post(
    "/{code}/batal",
    response={200: BookingOut, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut},
    summary="Batalkan reservasi",
)
def cancel(request: HttpRequest, code: Code) -> Any:
    booking = own_booking(request.user, code)
    if not services.cancel(booking, actor=request.user, reason=_("Dibatalkan oleh pemohon."), request=request):
        return Status(409, {"detail": _("Reservasi ini sudah tidak aktif."), "code": "inactive"})
    return Status(200, _out(booking))
