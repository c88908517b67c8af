"""Public notices: power cuts, central link down, office moved, schedule changes, blank stock."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    POWER_CUT = "power_cut", _("Pemadaman listrik")
    CENTRAL_DOWN = "central_down", _("Gangguan jaringan pusat")
    OFFICE_MOVED = "office_moved", _("Kantor pindah")
    SCHEDULE_CHANGE = "schedule_change", _("Perubahan jadwal")
    BLANK_STOCK = "blank_stock", _("Stok blangko")
    CLOSURE = "closure", _("Layanan tutup")
    GENERAL = "general", _("Informasi umum")


class Severity(models.TextChoices):
    INFO = "info", _("Informasi")
    WARNING = "warning", _("Perhatian")
    CRITICAL = "critical", _("Penting")


SEVERITY_RANK: dict[str, int] = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}


class NoticeQuerySet(models.QuerySet["Notice"]):
    def active(self) -> NoticeQuerySet:
        """Published notices in force now, the most severe first."""
        now = timezone.now()
        return (
            self.filter(is_published=True, starts_at__lte=now)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
            .order_by("-severity_rank", "-starts_at", "-id")
        )

    def for_location(self, location: Any) -> NoticeQuerySet:
        """Notices about this location, or about no location in particular (every office)."""
        return self.filter(Q(locations=location) | Q(locations__isnull=True)).distinct()


class Notice(models.Model):
    kind = models.CharField(_("jenis"), max_length=20, choices=NoticeKind.choices)
    severity = models.CharField(_("tingkat"), max_length=10, choices=Severity.choices, default=Severity.INFO)
    # Kept in step with ``severity`` by save(), so "critical first" is a plain index-friendly ORDER BY.
    severity_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    title = models.CharField(_("judul"), max_length=150)
    summary = models.CharField(_("ringkasan"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    map_url = models.URLField(_("tautan peta"), blank=True)
    locations = models.ManyToManyField("locations.Location", blank=True, verbose_name=_("lokasi terdampak"))
    services = models.ManyToManyField("applications.ServiceType", blank=True, verbose_name=_("layanan terdampak"))
    starts_at = models.DateTimeField(_("mulai"), default=timezone.now)
    ends_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    is_published = models.BooleanField(_("terbit"), default=True)
    # Notices Sipon raises itself carry a key, so the same condition never raises two notices.
    system_key = models.CharField(max_length=80, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-severity_rank", "-starts_at", "-id"]
        indexes = [models.Index(fields=["is_published", "starts_at"], name="notice_published_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["system_key"],
                condition=Q(ends_at__isnull=True) & ~Q(system_key=""),
                name="one_open_system_notice_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.severity_rank = SEVERITY_RANK.get(self.severity, 0)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "severity" in update_fields and "severity_rank" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "severity_rank"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("announcements:detail", args=[self.pk])

    @property
    def url(self) -> str:
        """Used by the banner include (core/_notices.html)."""
        return self.get_absolute_url()

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.is_published and self.starts_at <= now and (self.ends_at is None or self.ends_at > now)


class WebhookEndpoint(models.Model):
    """An address the office's social-media tool listens on. Every published or updated notice
    is POSTed there as JSON, signed with HMAC-SHA256 of the body with ``secret``."""

    name = models.CharField(_("nama"), max_length=100)
    url = models.URLField(_("alamat URL"), max_length=500)
    secret = models.CharField(
        _("kunci rahasia"), max_length=128, help_text=_("Dipakai untuk tanda tangan HMAC-SHA256.")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhook")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    DELIVERED = "delivered", _("Terkirim")
    FAILED = "failed", _("Gagal")


class WebhookDelivery(models.Model):
    """One notice event for one endpoint (an outbox row): sent by a task, retried with backoff
    by the scheduler's sweep until delivered or out of attempts."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=30)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} #{self.notice_id} -> {self.endpoint_id}"
