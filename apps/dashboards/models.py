"""Maintained aggregates behind the section head's dashboard and the outreach pages
(docs/decisions/0003-dashboard-aggregates.md). Rebuilt from the applications by
:mod:`apps.dashboards.aggregates`; never edited by hand."""

from __future__ import annotations

from django.db import models


class ApplicationDaily(models.Model):
    """Applications submitted on one day, per kecamatan, location, service and channel, and how
    many of them were done (printed or later), and done within the service level."""

    day = models.DateField()
    district = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    service_type = models.ForeignKey("applications.ServiceType", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)
    submitted = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    completed_in_time = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="appdaily_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel}: {self.submitted}"


class ApplicationMonthly(models.Model):
    """ApplicationDaily summed per month (same dimensions), for charts and long ranges: a year is
    ~5,000 rows here against ~100,000 daily rows."""

    month = models.DateField(help_text="First day of the month")
    district = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    service_type = models.ForeignKey("applications.ServiceType", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)
    submitted = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    completed_in_time = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month"], name="appmonthly_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.channel}: {self.submitted}"


class VillageMonthly(models.Model):
    """Applications submitted per desa/kelurahan and month, by channel (for the online share)."""

    month = models.DateField(help_text="First day of the month")
    district = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    online = models.PositiveIntegerField(default=0)
    walk_in = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "village"], name="uniq_village_month")]
        indexes = [models.Index(fields=["village", "month"], name="villagemonthly_village")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.village_id}: {self.online}/{self.online + self.walk_in}"

    @property
    def total(self) -> int:
        return self.online + self.walk_in
