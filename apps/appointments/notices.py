"""The messages a resident gets when their booking is made, moved or cancelled (reminders are in services).

Sent after the booking's transaction has committed, in the resident's language, on every channel they can be
reached on (in the app, e-mail, SMS): the page's confirmation can be lost (a closed tab), the message stays.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.appointments.models import Booking


def _facts(booking: Booking) -> dict[str, str]:
    return {
        "code": booking.code,
        "day": date_format(booking.date, "l, j F Y"),
        "start": f"{booking.slot.start_time:%H:%M}",
        "end": f"{booking.slot.end_time:%H:%M}",
        "service": booking.service.name,
        "location": booking.location.name,
        "address": booking.location.address,
    }


def _send(booking_id: int, event: str) -> None:
    from apps.notifications.services import in_language, notify

    booking = Booking.objects.select_related("slot", "location", "service", "user").get(pk=booking_id)
    if booking.user is None:
        return
    with in_language(booking.user):
        facts = _facts(booking)
        if event == "booking.booked":
            subject = _("Reservasi %(code)s: %(day)s pukul %(start)s") % facts
            body = _(
                "Reservasi Anda untuk %(service)s tercatat: %(day)s pukul %(start)s-%(end)s di %(location)s "
                "(%(address)s). Kode reservasi: %(code)s. Tunjukkan kode QR di anjungan atau meja informasi."
            ) % facts
        elif event == "booking.rescheduled":
            subject = _("Jadwal reservasi %(code)s diubah: %(day)s pukul %(start)s") % facts
            body = _(
                "Jadwal kunjungan Anda untuk %(service)s diubah menjadi %(day)s pukul %(start)s-%(end)s di "
                "%(location)s (%(address)s). Kode reservasi tetap %(code)s."
            ) % facts
        else:
            subject = _("Reservasi %(code)s dibatalkan") % facts
            body = _(
                "Reservasi %(code)s untuk %(service)s pada %(day)s pukul %(start)s dibatalkan. Jika Anda tidak "
                "membatalkannya, segera ganti kata sandi dan hubungi Disdukcapil. Anda dapat memesan jadwal baru "
                "kapan saja."
            ) % facts
        notify(
            event=event,
            recipient=booking.user,
            subject=subject,
            body=body,
            url=f"{settings.SITE_URL}/reservasi/{booking.code}/",
        )


def booked(booking_id: int) -> None:
    _send(booking_id, "booking.booked")


def rescheduled(booking_id: int) -> None:
    _send(booking_id, "booking.rescheduled")


def cancelled(booking_id: int) -> None:
    _send(booking_id, "booking.cancelled")
