"""Issuance: biometric recording, the blank-card ledger, printing, the Suket and pickup."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BiometricCapture(models.Model):
    """Photo, fingerprints, iris and signature were captured (the devices are outside Sipon)."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="biometrics")
    location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    device_id = models.CharField(_("ID perangkat perekam"), max_length=60)
    photo = models.BooleanField(_("foto"), default=False)
    fingerprints = models.BooleanField(_("sidik jari"), default=False)
    iris = models.BooleanField(_("iris mata"), default=False)
    signature = models.BooleanField(_("tanda tangan"), default=False)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    captured_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-captured_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(photo=True, fingerprints=True, iris=True, signature=True), name="biometrics_complete"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.device_id} {self.captured_at}"


class BlankStock(models.Model):
    """The balance of blank cards at a location. Changed only by a conditional UPDATE, never below zero."""

    location = models.OneToOneField("locations.Location", on_delete=models.PROTECT, related_name="blank_stock")
    balance = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(balance__gte=0), name="blank_balance_not_negative")]

    def __str__(self) -> str:
        return f"{self.location}: {self.balance}"


class BlankBatch(models.Model):
    """Blanks received at a location with their serial range (from the province or another location)."""

    location = models.ForeignKey("locations.Location", on_delete=models.PROTECT, related_name="blank_batches")
    quantity = models.PositiveIntegerField(_("jumlah"))
    serial_start = models.BigIntegerField(_("nomor seri awal"))
    serial_end = models.BigIntegerField(_("nomor seri akhir"))
    external_ref = models.CharField(max_length=60, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"], condition=~Q(external_ref=""), name="uniq_blank_allocation"
            ),
            models.CheckConstraint(condition=Q(serial_end__gte=models.F("serial_start")), name="blank_batch_range"),
        ]

    def __str__(self) -> str:
        return f"{self.location_id}: {self.serial_start}-{self.serial_end}"


class StockMovement(models.Model):
    """The ledger: every change of a location's balance, append-only."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        USED = "used", _("Terpakai (dicetak)")
        SPOILED = "spoiled", _("Rusak saat cetak")
        TRANSFERRED_OUT = "transfer_out", _("Dipindah ke lokasi lain")
        TRANSFERRED_IN = "transfer_in", _("Diterima dari lokasi lain")
        RETURNED = "returned", _("Dikembalikan")

    location = models.ForeignKey("locations.Location", on_delete=models.PROTECT, related_name="stock_movements")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    delta = models.IntegerField()
    balance_after = models.IntegerField()
    serial = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.location_id}: {self.kind} {self.delta}"


class StockSnapshot(models.Model):
    """The published stock of a day (one row per location per day)."""

    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    balance = models.IntegerField()

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["location", "day"], name="uniq_stock_snapshot")]

    def __str__(self) -> str:
        return f"{self.location_id} {self.day}: {self.balance}"


class CardPrint(models.Model):
    """One blank put through the printer. A serial can be used once, printed or spoiled."""

    class Result(models.TextChoices):
        PRINTED = "printed", _("Tercetak")
        SPOILED = "spoiled", _("Rusak")

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="prints")
    location = models.ForeignKey("locations.Location", on_delete=models.PROTECT, related_name="+")
    serial = models.CharField(_("nomor seri blangko"), max_length=20, unique=True)
    result = models.CharField(_("hasil"), max_length=10, choices=Result.choices)
    spoil_reason = models.CharField(_("alasan rusak"), max_length=200, blank=True)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-printed_at"]

    def __str__(self) -> str:
        return f"{self.serial} ({self.result})"


class Suket(models.Model):
    """Surat keterangan (temporary certificate) while no blank is available."""

    class State(models.TextChoices):
        VALID = "valid", _("Berlaku")
        SUPERSEDED = "superseded", _("Digantikan")

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="sukets")
    number = models.CharField(_("nomor"), max_length=40, unique=True)
    code = models.CharField(max_length=32, unique=True)
    location = models.ForeignKey("locations.Location", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    valid_until = models.DateField(_("berlaku sampai"))
    state = models.CharField(max_length=12, choices=State.choices, default=State.VALID)
    superseded_reason = models.CharField(max_length=20, blank=True)  # "renewed" or "printed"
    superseded_at = models.DateTimeField(null=True, blank=True)
    renewed_from = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(state="valid"), name="one_valid_suket")
        ]

    def __str__(self) -> str:
        return self.number


class PickupReady(models.Model):
    """A card waiting at a desk: where, since when, reminders sent."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="pickup")
    location = models.ForeignKey("locations.Location", on_delete=models.PROTECT, related_name="+")
    ready_at = models.DateTimeField(auto_now_add=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id} at {self.location_id}"


def power_of_attorney_path(instance: Handover, filename: str) -> str:
    return f"private/surat-kuasa/{instance.application_id}/{filename}"


class Handover(models.Model):
    """The card handed over: to whom, by whom, when."""

    class Recipient(models.TextChoices):
        SELF = "self", _("Pemohon sendiri")
        PROXY = "proxy", _("Kuasa (diwakilkan)")

    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT, related_name="handover")
    recipient_kind = models.CharField(_("diterima oleh"), max_length=6, choices=Recipient.choices)
    recipient_name = models.CharField(_("nama penerima"), max_length=150)
    recipient_nik = models.CharField(_("NIK penerima"), max_length=16)
    id_checked = models.BooleanField(_("identitas diperiksa"), default=False)
    id_document = models.CharField(_("dokumen identitas yang dilihat"), max_length=80)
    proxy_relation = models.CharField(_("hubungan dengan pemohon"), max_length=60, blank=True)
    poa_reference = models.CharField(_("nomor/tanggal surat kuasa"), max_length=100, blank=True)
    poa_document = models.FileField(_("pindaian surat kuasa"), upload_to=power_of_attorney_path, blank=True)
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_kind="self")
                | (~Q(proxy_relation="") & (~Q(poa_reference="") | ~Q(poa_document=""))),
                name="proxy_needs_power_of_attorney",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} -> {self.recipient_name}"
