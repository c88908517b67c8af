"""Uploaded documents of an application. A document has versions; the newest is current and
older ones are kept (a correction replaces, never overwrites)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """One required document (e.g. the KK) of one application."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="documents"
    )
    requirement = models.ForeignKey(
        "applications.RequiredDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.SlugField(_("jenis dokumen"))
    current = models.ForeignKey(
        "DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="uniq_document_kind")]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    def __str__(self) -> str:
        return f"{self.application_id}:{self.kind}"


class DocumentVersion(models.Model):
    class Format(models.TextChoices):
        IMAGE = "image", _("Foto")
        PDF = "pdf", _("PDF")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    # Generated names only (documents/YYYY/MM/<uuid>.<ext>); the uploader's file name is kept as text.
    file = models.FileField(max_length=200)
    thumbnail = models.FileField(max_length=200, blank=True)
    format = models.CharField(max_length=5, choices=Format.choices)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    original_name = models.CharField(max_length=120, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="uniq_document_version")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
