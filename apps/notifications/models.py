"""Messages to people: in-app, e-mail, WhatsApp/SMS. One row per message per channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Di aplikasi")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS/WhatsApp")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    address = models.CharField(_("alamat tujuan"), max_length=150, blank=True, help_text=_("E-mail atau nomor HP"))
    channel = models.CharField(max_length=10, choices=Channel.choices)
    event = models.CharField(max_length=80, db_index=True)
    language = models.CharField(max_length=5, default="id")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    # E-mail only: the name, in the default file storage, of a file sent as an attachment (e.g. a signed PDF).
    attachment = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="Retry not before this time (backoff).")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "channel", "read_at"]), models.Index(fields=["status", "channel"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.event} -> {self.recipient_id or self.address}"
