"""Outreach: visits to villages (sosialisasi of the online service, and mobile recording for
the elderly, the disabled and schools), planned and with their results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitKind(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Sosialisasi layanan daring")
    MOBILE_ELDERLY = "mobile_elderly", _("Perekaman keliling: lansia")
    MOBILE_DISABLED = "mobile_disabled", _("Perekaman keliling: penyandang disabilitas")
    MOBILE_SCHOOL = "mobile_school", _("Perekaman keliling: sekolah")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    DONE = "done", _("Terlaksana")
    CANCELLED = "cancelled", _("Dibatalkan")


class OutreachVisit(models.Model):
    kind = models.CharField(_("jenis kegiatan"), max_length=20, choices=VisitKind.choices)
    date = models.DateField(_("tanggal"))
    district = models.ForeignKey("regions.Region", verbose_name=_("kecamatan"), on_delete=models.PROTECT,
                                 related_name="+")
    village = models.ForeignKey("regions.Region", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT,
                                related_name="+")
    place = models.CharField(_("tempat"), max_length=150, help_text=_("Misalnya: Balai Desa, SMA Negeri 1"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("petugas"), related_name="+")
    notes = models.TextField(_("catatan rencana"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    people_reached = models.PositiveIntegerField(_("warga terjangkau"), null=True, blank=True)
    recordings_done = models.PositiveIntegerField(_("perekaman dilakukan"), null=True, blank=True)
    result_notes = models.TextField(_("catatan hasil"), blank=True)
    results_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["village", "date"], name="outreach_village_date")]
        verbose_name = _("kunjungan sosialisasi")
        verbose_name_plural = _("kunjungan sosialisasi")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.village} ({self.date})"

    @property
    def is_mobile_recording(self) -> bool:
        return self.kind != VisitKind.SOSIALISASI
