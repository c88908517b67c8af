"""Public notices: power cuts, central link down, office moved, schedule changes, blank stock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class NoticeQuerySet(models.QuerySet["Notice"]):
    def active(self) -> NoticeQuerySet:
        now = timezone.now()
        return self.filter(is_published=True, starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


class Notice(models.Model):
    kind = models.CharField(_("jenis"), max_length=20, choices=NoticeKind.choices)
    severity = models.CharField(_("tingkat"), max_length=10, choices=Severity.choices, default=Severity.INFO)
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
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["system_key"],
                condition=Q(ends_at__isnull=True) & ~Q(system_key=""),
                name="one_open_system_notice_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title
