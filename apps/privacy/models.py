"""Personal-data duties under UU 27/2022: correction requests (3 x 24 hours) and the office's
breach register (notification within 3 x 24 hours)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RESPONSE_WINDOW = dt.timedelta(hours=72)  # 3 x 24 hours (UU 27/2022)


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Menunggu ditangani")
    DONE = "done", _("Sudah dikoreksi")
    REJECTED = "rejected", _("Tidak dapat dikoreksi")


class CorrectionRequest(models.Model):
    """A resident asks to correct personal data Sipon holds about them."""

    class Item(models.TextChoices):
        NAME = "full_name", _("Nama lengkap")
        BIRTH = "birth", _("Tempat/tanggal lahir")
        ADDRESS = "address", _("Alamat")
        CONTACT = "contact", _("E-mail atau nomor HP")
        APPLICATION = "application", _("Data pada permohonan")
        OTHER = "other", _("Lainnya")

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_corrections"
    )
    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    item = models.CharField(_("data yang salah"), max_length=20, choices=Item.choices)
    current_value = models.CharField(_("tertulis sekarang"), max_length=255, blank=True)
    correct_value = models.CharField(_("seharusnya"), max_length=255)
    note = models.TextField(_("keterangan"), blank=True)
    status = models.CharField(max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    due_at = models.DateTimeField(_("batas waktu"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("jawaban"), blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"])]
        verbose_name = _("permintaan koreksi data")
        verbose_name_plural = _("permintaan koreksi data")

    def __str__(self) -> str:
        return f"KOR-{self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.due_at is None:
            self.due_at = self.created_at + RESPONSE_WINDOW
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # passes Django's own arguments through

    def seconds_left(self, now: dt.datetime | None = None) -> int:
        return int((self.due_at - (now or timezone.now())).total_seconds())


class BreachStatus(models.TextChoices):
    OPEN = "open", _("Ditangani")
    NOTIFIED = "notified", _("Sudah diberitahukan")
    CLOSED = "closed", _("Selesai")


class Breach(models.Model):
    """One personal-data breach (kegagalan pelindungan data pribadi), from discovery to closure."""

    title = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("apa yang terjadi"))
    discovered_at = models.DateTimeField(_("diketahui pada"))
    occurred_at = models.DateTimeField(_("terjadi pada (perkiraan)"), null=True, blank=True)
    data_kinds = models.CharField(_("jenis data yang terdampak"), max_length=255)
    affected_count = models.PositiveIntegerField(_("perkiraan jumlah orang terdampak"), default=0)
    specific_data = models.BooleanField(
        _("menyangkut data pribadi spesifik (biometrik, data anak)"), default=False
    )
    measures = models.TextField(_("langkah penanganan dan pemulihan"), blank=True)
    status = models.CharField(max_length=10, choices=BreachStatus.choices, default=BreachStatus.OPEN)
    notify_by = models.DateTimeField(_("batas pemberitahuan"))
    subjects_notified_at = models.DateTimeField(_("subjek data diberi tahu pada"), null=True, blank=True)
    authority_notified_at = models.DateTimeField(_("lembaga diberi tahu pada"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("insiden data pribadi")
        verbose_name_plural = _("register insiden data pribadi")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if self.notify_by is None and self.discovered_at is not None:
            self.notify_by = self.discovered_at + RESPONSE_WINDOW
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # passes Django's own arguments through

    @property
    def fully_notified(self) -> bool:
        return self.subjects_notified_at is not None and self.authority_notified_at is not None

    def seconds_left(self, now: dt.datetime | None = None) -> int:
        return int((self.notify_by - (now or timezone.now())).total_seconds())
