"""Signed digital documents (KK, akta, SKPWNI) issued on plain A4 with an electronic signature and a QR code.

A stage app: it subscribes to the application workflow's events (``subscriptions.py``) and never is imported
by the core. One row per issued document; a new KK for the same family number supersedes the old one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignedDocument(models.Model):
    class Kind(models.TextChoices):
        KK = "kk", _("Kartu Keluarga")
        BIRTH = "akta-kelahiran", _("Akta kelahiran")
        DEATH = "akta-kematian", _("Akta kematian")
        SKPWNI = "skpwni", _("Surat Keterangan Pindah WNI")

    class State(models.TextChoices):
        ACTIVE = "active", _("Berlaku")
        SUPERSEDED = "superseded", _("Sudah digantikan")

    number = models.CharField(_("nomor dokumen"), max_length=32, unique=True)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="signed_documents"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.ACTIVE)
    # The person the document is about, and the family (KK number) it belongs to.
    subject_nik = models.CharField(_("NIK"), max_length=16)
    subject_name = models.CharField(_("nama"), max_length=150)
    kk_number = models.CharField(_("nomor KK"), max_length=16, blank=True, db_index=True)
    # Central's registration of the update (SIAK Terpusat), printed on the document; blank on documents issued
    # before updates went through central.
    registration_number = models.CharField(_("nomor registrasi pusat"), max_length=40, blank=True)
    issued_at = models.DateTimeField(_("tanggal terbit"))
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    pdf = models.FileField(_("berkas PDF"), upload_to="signed/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    signer_subject = models.CharField(_("penanda tangan"), max_length=255)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("dokumen elektronik")
        verbose_name_plural = _("dokumen elektronik")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="signed_document_one_per_application_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.number
