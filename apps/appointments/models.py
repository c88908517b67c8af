"""Visit slots under a daily quota, and residents' bookings of them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuotaRule(models.Model):
    """How many people a location serves per day for a service, and the share kept for online booking
    (the rest is for walk-in tickets)."""

    location = models.ForeignKey(
        "locations.Location", verbose_name=_("lokasi"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "applications.ServiceType", verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="+"
    )
    daily_capacity = models.PositiveIntegerField(_("kapasitas per hari"), default=100)
    online_share = models.PositiveSmallIntegerField(
        _("bagian daring (%)"), default=50, help_text=_("Persentase kapasitas yang dapat dipesan daring.")
    )
    slot_minutes = models.PositiveSmallIntegerField(_("lama satu sesi (menit)"), default=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["location", "service"], name="uniq_quota_rule"),
            models.CheckConstraint(condition=Q(online_share__lte=100), name="quota_rule_share_max_100"),
        ]
        verbose_name = _("aturan kuota")
        verbose_name_plural = _("aturan kuota")

    def __str__(self) -> str:
        return f"{self.location} · {self.service}: {self.daily_capacity}/hari, {self.online_share}% daring"


class Slot(models.Model):
    """One time window at a location for a service on a day. ``quota`` places may be booked online;
    ``walk_in_quota`` are kept for walk-in tickets. ``booked`` only changes through a conditional
    UPDATE (see :mod:`apps.appointments.services`)."""

    location = models.ForeignKey(
        "locations.Location", verbose_name=_("lokasi"), on_delete=models.CASCADE, related_name="slots"
    )
    service = models.ForeignKey(
        "applications.ServiceType", verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="slots"
    )
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("mulai"))
    end_time = models.TimeField(_("selesai"))
    quota = models.PositiveIntegerField(_("kuota daring"))
    walk_in_quota = models.PositiveIntegerField(_("kuota datang langsung"), default=0)
    booked = models.PositiveIntegerField(_("sudah dipesan"), default=0)

    class Meta:
        ordering = ["date", "start_time"]
        constraints = [
            models.UniqueConstraint(fields=["location", "service", "date", "start_time"], name="uniq_slot"),
            models.CheckConstraint(condition=Q(booked__lte=F("quota")), name="slot_not_overbooked"),
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="slot_times_ordered"),
        ]
        indexes = [models.Index(fields=["service", "date"]), models.Index(fields=["location", "date"])]
        verbose_name = _("sesi kunjungan")
        verbose_name_plural = _("sesi kunjungan")

    def __str__(self) -> str:
        return f"{self.location} · {self.service} · {self.date} {self.start_time:%H:%M}"

    @property
    def free(self) -> int:
        return max(self.quota - self.booked, 0)

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.start_time))

    def ends_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.end_time))


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Terjadwal")
    CHECKED_IN = "checked_in", _("Sudah hadir")
    CANCELLED = "cancelled", _("Dibatalkan")
    NO_SHOW = "no_show", _("Tidak hadir")


ACTIVE_BOOKING = (BookingStatus.BOOKED,)


class Booking(models.Model):
    """A resident's visit booking. One active booking per NIK per service (partial unique index)."""

    code = models.CharField(_("kode reservasi"), max_length=12, unique=True)
    slot = models.ForeignKey(Slot, verbose_name=_("sesi"), on_delete=models.PROTECT, related_name="bookings")
    location = models.ForeignKey(
        "locations.Location", verbose_name=_("lokasi"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "applications.ServiceType", verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun"), on_delete=models.CASCADE, related_name="bookings"
    )
    nik = models.CharField(_("NIK"), max_length=16)
    full_name = models.CharField(_("nama"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    status_reason = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("berkas permohonan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        help_text=_("Berkas yang dibuka atau dilanjutkan di loket untuk kunjungan ini."),
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik", "service"], condition=Q(status="booked"), name="one_active_booking_per_nik_service"
            ),
            models.CheckConstraint(condition=Q(status__in=BookingStatus.values), name="booking_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "date"]), models.Index(fields=["user", "status"])]
        verbose_name = _("reservasi")
        verbose_name_plural = _("reservasi")

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.BOOKED
