"""Complaints, suggestions, compliments and information requests (SP4N-LAPOR!)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.complaints.workflow import Category, Complexity, Kind, Source, Status, Unit


class Complaint(models.Model):
    code = models.CharField(_("kode lacak"), max_length=16, unique=True)
    kind = models.CharField(_("jenis laporan"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices, default=Category.OTHER)
    complexity = models.CharField(
        _("jenis penanganan"), max_length=24, choices=Complexity.choices, default=Complexity.SIMPLE
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    source = models.CharField(_("sumber"), max_length=16, choices=Source.choices, default=Source.ONLINE)
    subject = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("isi laporan"))
    # Who filed it. ``filer`` is the resident's account when signed in; anonymous filers leave a contact.
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    name = models.CharField(_("nama"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    confidential = models.BooleanField(_("identitas dirahasiakan"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What it is about (optional links)
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    ticket_code = models.CharField(_("nomor tiket antrean"), max_length=20, blank=True)
    service_type = models.ForeignKey(
        "applications.ServiceType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The counter or desk it is about (blank: none in particular); its staff never handle it.
    unit = models.CharField(_("loket yang dilaporkan"), max_length=20, choices=Unit.choices, blank=True)
    # Work
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_complaints"
    )
    forwarded_to = models.CharField(_("diteruskan ke instansi"), max_length=150, blank=True)
    # Dates (set by services from an explicit ``now`` so that deadlines can be tested)
    created_at = models.DateTimeField(db_index=True)
    received_on = models.DateField()
    verify_by = models.DateField()
    plan_by = models.DateField()
    due_date = models.DateField(db_index=True)
    status_changed_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated = models.BooleanField(default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["category", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="complaint_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="complaint_kind_valid"),
        ]
        permissions = [("view_confidential_identity", "Can see the identity of confidential complainants (CS lead)")]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self) -> str:
        return self.code


class ComplaintStatusChange(models.Model):
    """Append-only history."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_status} -> {self.to_status}"


class Message(models.Model):
    """One post in a complaint's conversation. Internal notes are never shown to the resident."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_staff = models.BooleanField(default=False)
    internal = models.BooleanField(_("catatan internal"), default=False)
    body = models.TextField(_("pesan"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(internal=False) | Q(from_staff=True), name="internal_notes_are_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.pk}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="complaints/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class AnswerTemplate(models.Model):
    """Ready answers customer service can start from (data, edited in the admin)."""

    title = models.CharField(_("judul"), max_length=120)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices, blank=True)
    body = models.TextField(_("isi jawaban"))
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("templat jawaban")
        verbose_name_plural = _("templat jawaban")

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    """A follow-up agreed at the section head's evaluation meeting, assigned to a staff member."""

    class State(models.TextChoices):
        OPEN = "open", _("Belum selesai")
        DONE = "done", _("Selesai")

    title = models.CharField(_("tindakan"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_date = models.DateField(_("tenggat"))
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    ikm_element = models.PositiveSmallIntegerField(_("unsur IKM"), null=True, blank=True)
    meeting_month = models.DateField(_("bulan rapat evaluasi"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["state", "due_date", "id"]
        verbose_name = _("tindak lanjut evaluasi")
        verbose_name_plural = _("tindak lanjut evaluasi")

    def __str__(self) -> str:
        return self.title
