"""Walk-in tickets, the daily sequence per location, calls, service times and daily statistics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.applications.models import PriorityGroup
from apps.locations.models import Stage


class DailySequence(models.Model):
    """The last ticket number issued per location, day and queue code. Numbers restart each day
    because the date is part of the key; the row is advanced with a conditional UPDATE."""

    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    queue_code = models.CharField(max_length=3)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "date", "queue_code"], name="uniq_daily_sequence")]

    def __str__(self) -> str:
        return f"{self.location_id} {self.date} {self.queue_code}: {self.last_number}"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Menunggu")
    CALLED = "called", _("Dipanggil")
    SERVING = "serving", _("Sedang dilayani")
    DONE = "done", _("Selesai")
    NO_SHOW = "no_show", _("Tidak hadir")
    CLOSED = "closed", _("Ditutup")


OPEN_TICKET = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)


class Rank(models.IntegerChoices):
    """Call order classes (lower first). Which class comes first is set by the call policy."""

    FIRST = 0
    SECOND = 1
    THIRD = 2


class Source(models.TextChoices):
    KIOSK = "kiosk", _("Anjungan")
    DESK = "desk", _("Meja informasi")
    BOOKING = "booking", _("Reservasi daring")


class Ticket(models.Model):
    location = models.ForeignKey(
        "locations.Location", verbose_name=_("lokasi"), on_delete=models.PROTECT, related_name="tickets"
    )
    date = models.DateField(_("tanggal"))
    service = models.ForeignKey(
        "applications.ServiceType", verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="+"
    )
    queue_code = models.CharField(_("kode antrean"), max_length=3)
    number = models.PositiveIntegerField(_("nomor"))
    token = models.CharField(max_length=24, unique=True)
    source = models.CharField(_("asal"), max_length=10, choices=Source.choices, default=Source.KIOSK)
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices, default=Stage.DOCUMENT_CHECK)
    status = models.CharField(_("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING)
    priority_group = models.CharField(
        _("kelompok prioritas"), max_length=20, choices=PriorityGroup.choices, default="", blank=True
    )
    rank = models.PositiveSmallIntegerField(default=Rank.THIRD)
    queued_at = models.DateTimeField(_("masuk antrean"))
    issued_at = models.DateTimeField(_("diambil"), auto_now_add=True)
    booking = models.OneToOneField(
        "appointments.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket"
    )
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    counter = models.ForeignKey(
        "locations.Counter", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    target_counter = models.ForeignKey(
        "locations.Counter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Dialihkan ke loket tertentu."),
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    called_at = models.DateTimeField(null=True, blank=True)
    call_count = models.PositiveSmallIntegerField(default=0)
    serving_started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    no_show_count = models.PositiveSmallIntegerField(default=0)
    contact_phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    almost_notified = models.BooleanField(default=False)
    closed_reason = models.CharField(_("alasan ditutup"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "rank", "queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["location", "date", "queue_code", "number"], name="uniq_ticket_number"),
            models.CheckConstraint(condition=Q(status__in=TicketStatus.values), name="ticket_status_valid"),
        ]
        indexes = [
            models.Index(
                fields=["location", "date", "stage", "status", "rank", "queued_at", "id"], name="ticket_call_order"
            ),
            models.Index(fields=["status", "date"]),
        ]
        verbose_name = _("tiket antrean")
        verbose_name_plural = _("tiket antrean")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.queue_code}-{self.number:03d}"

    @property
    def is_priority(self) -> bool:
        return bool(self.priority_group)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TICKET


class CallEvent(models.Model):
    """Each call or recall of a ticket to a counter: what the display shows and speaks."""

    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="calls")
    counter = models.ForeignKey("locations.Counter", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=10)
    counter_number = models.PositiveSmallIntegerField()
    is_recall = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["location", "-id"])]

    def __str__(self) -> str:
        return f"{self.label} -> loket {self.counter_number}"


class ServiceRecord(models.Model):
    """How long one ticket waited and was served at one stage: the input of the wait estimates."""

    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("applications.ServiceType", on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="service_records")
    date = models.DateField()
    waited_seconds = models.PositiveIntegerField(default=0)
    service_seconds = models.PositiveIntegerField()
    finished_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["location", "service", "stage", "-finished_at"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.stage}: {self.service_seconds}s"


class DailyQueueStats(models.Model):
    location = models.ForeignKey(
        "locations.Location", verbose_name=_("lokasi"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "applications.ServiceType", verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    issued = models.PositiveIntegerField(_("tiket diambil"), default=0)
    served = models.PositiveIntegerField(_("dilayani"), default=0)
    no_shows = models.PositiveIntegerField(_("tidak hadir"), default=0)
    closed_unserved = models.PositiveIntegerField(_("ditutup belum dilayani"), default=0)
    avg_wait_seconds = models.PositiveIntegerField(_("rata-rata tunggu (detik)"), default=0)
    avg_service_seconds = models.PositiveIntegerField(_("rata-rata layanan (detik)"), default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["location", "service", "date"], name="uniq_daily_queue_stats")]
        verbose_name = _("statistik antrean harian")
        verbose_name_plural = _("statistik antrean harian")

    def __str__(self) -> str:
        return f"{self.location_id} {self.service_id} {self.date}"
