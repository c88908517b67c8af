"""Service points: the main office, a temporary office, kecamatan print points."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


def default_opening_hours() -> dict[str, list[str]]:
    """Monday-Thursday 08:00-15:00, Friday 08:00-11:00 (Python weekday numbers as keys)."""
    return {
        "0": ["08:00", "15:00"],
        "1": ["08:00", "15:00"],
        "2": ["08:00", "15:00"],
        "3": ["08:00", "15:00"],
        "4": ["08:00", "11:00"],
    }


class Location(models.Model):
    class Kind(models.TextChoices):
        MAIN_OFFICE = "main_office", _("Kantor utama")
        TEMPORARY_OFFICE = "temporary_office", _("Kantor sementara")
        PRINT_POINT = "print_point", _("Titik cetak kecamatan")

    name = models.CharField(_("nama"), max_length=150)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("alamat"), max_length=255)
    district = models.ForeignKey(
        "regions.Region", verbose_name=_("kecamatan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    map_url = models.URLField(_("tautan peta"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    opening_hours = models.JSONField(
        _("jam buka"),
        default=default_opening_hours,
        help_text=_('Per hari (0 = Senin): ["08:00", "15:00"]. Hari yang tidak ada berarti tutup.'),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lokasi layanan")
        verbose_name_plural = _("lokasi layanan")

    def __str__(self) -> str:
        return self.name

    def hours_on(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        """Opening and closing time on a weekday, ignoring holidays and closures."""
        hours = self.opening_hours.get(str(day.weekday()))
        if not hours:
            return None
        return dt.time.fromisoformat(hours[0]), dt.time.fromisoformat(hours[1])
