"""Service points: the main office, a temporary office, kecamatan print points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("desa/kelurahan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
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

    def closure_on(self, day: dt.date, known: Sequence[Closure] | None = None) -> Closure | None:
        """The closure covering ``day``: looked up in ``known`` (see :meth:`closures_between`) when given, else
        in the database."""
        if known is not None:
            return next((c for c in known if c.start_date <= day <= c.end_date), None)
        return self.closures.filter(start_date__lte=day, end_date__gte=day).first()

    def closures_between(self, first: dt.date, last: dt.date) -> list[Closure]:
        """Every closure touching ``first``..``last``, in one query: for pages that ask about many days."""
        return list(self.closures.filter(start_date__lte=last, end_date__gte=first))

    def closed_reason(
        self, day: dt.date, *, check_closures: bool = True, closures: Sequence[Closure] | None = None
    ) -> str | None:
        """Why the location does not serve on ``day`` (weekend/hours, holiday, closure), or None if open.
        ``check_closures=False`` when the caller already knows there is no closure row that day; ``closures``
        when it has loaded the closures of a range of days (:meth:`closures_between`)."""
        from django.utils.translation import gettext as _t

        from apps.core.calendar import holiday_name, holidays_in

        if not self.is_active:
            return _t("Lokasi ini tidak aktif.")
        if day in holidays_in(day.year):
            return _t("Hari libur: %(name)s.") % {"name": holiday_name(day) or _t("libur nasional")}
        if self.hours_on(day) is None:
            return _t("Lokasi tidak buka pada hari ini.")
        closure = self.closure_on(day, closures) if check_closures else None
        if closure is not None:
            return _t("Layanan tutup: %(reason)s.") % {"reason": closure.reason}
        return None

    def is_open_on(self, day: dt.date, *, closures: Sequence[Closure] | None = None) -> bool:
        return self.closed_reason(day, closures=closures) is None


class Closure(models.Model):
    """A date range when a location does not serve (power works, office move, ...). Public holidays
    from :mod:`apps.core.calendar` are closed days without a row here."""

    location = models.ForeignKey(Location, verbose_name=_("lokasi"), on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("mulai tanggal"))
    end_date = models.DateField(_("sampai tanggal"))
    reason = models.CharField(_("alasan"), max_length=200)
    created_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="closure_dates_ordered"
            )
        ]
        verbose_name = _("penutupan layanan")
        verbose_name_plural = _("penutupan layanan")

    def __str__(self) -> str:
        return f"{self.location}: {self.start_date} s.d. {self.end_date} ({self.reason})"


class Stage(models.TextChoices):
    """Steps of a visit a counter can serve."""

    INFORMATION = "information", _("Informasi")
    DOCUMENT_CHECK = "document_check", _("Pemeriksaan berkas")
    BIOMETRIC = "biometric", _("Perekaman biometrik / operator")
    PICKUP = "pickup", _("Pengambilan KTP-el")


# The stage a ticket moves to after each stage (None: the visit ends there).
NEXT_STAGE: dict[str, str | None] = {
    Stage.INFORMATION: Stage.DOCUMENT_CHECK,
    Stage.DOCUMENT_CHECK: Stage.BIOMETRIC,
    Stage.BIOMETRIC: None,
    Stage.PICKUP: None,
}


class Counter(models.Model):
    """A counter (loket) at a location, with the services and stages it serves."""

    location = models.ForeignKey(Location, verbose_name=_("lokasi"), on_delete=models.CASCADE, related_name="counters")
    number = models.PositiveSmallIntegerField(_("nomor loket"))
    name = models.CharField(_("nama"), max_length=80, blank=True)
    services = models.ManyToManyField(
        "applications.ServiceType", verbose_name=_("layanan"), blank=True, related_name="+"
    )
    stages = models.JSONField(_("tahap"), default=list, help_text=_("Daftar tahap yang dilayani loket ini."))
    is_active = models.BooleanField(_("aktif"), default=True)
    is_open = models.BooleanField(_("sedang buka"), default=False)
    opened_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("petugas")
    )

    class Meta:
        ordering = ["location", "number"]
        constraints = [models.UniqueConstraint(fields=["location", "number"], name="uniq_counter_number_per_location")]
        verbose_name = _("loket")
        verbose_name_plural = _("loket")

    def __str__(self) -> str:
        return f"Loket {self.number}" + (f" ({self.name})" if self.name else "")

    def serves_stage(self, stage: str) -> bool:
        return stage in (self.stages or [])
