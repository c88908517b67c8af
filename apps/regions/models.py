"""Kemendagri administrative regions: provinsi, kabupaten/kota, kecamatan, desa/kelurahan."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/Kota")
        DISTRICT = 3, _("Kecamatan")
        VILLAGE = 4, _("Desa/Kelurahan")

    class Kind(models.TextChoices):
        PROVINCE = "provinsi", _("Provinsi")
        REGENCY = "kabupaten", _("Kabupaten")
        CITY = "kota", _("Kota")
        DISTRICT = "kecamatan", _("Kecamatan")
        VILLAGE = "desa", _("Desa")
        URBAN_VILLAGE = "kelurahan", _("Kelurahan")

    code = models.CharField(max_length=13, primary_key=True, help_text="Kemendagri code with dots, e.g. 33.10.01")
    name = models.CharField(max_length=100)
    level = models.PositiveSmallIntegerField(choices=Level.choices, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    postal_code = models.CharField(max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @property
    def nik_prefix(self) -> str:
        """The six digits a NIK starts with for this kecamatan."""
        return self.code.replace(".", "")
