"""Applications (permohonan) and the service catalogue they are made against."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Sex
from apps.applications.workflow import Status


class ServiceType(models.Model):
    """One service of the catalogue (e-KTP baru, hilang, ...). Data, editable by administrators;
    other adminduk services (KK, akta) are added as rows, not code."""

    class Category(models.TextChoices):
        KTP = "ktp", _("KTP-el")
        KK = "kk", _("Kartu Keluarga")
        CIVIL_RECORD = "akta", _("Akta pencatatan sipil")
        OTHER = "other", _("Lainnya")

    class ProductKind(models.TextChoices):
        # A card on a security blank: blank stock, print queue, pickup at the office.
        CARD = "card", _("Kartu pada blangko (KTP-el, KIA)")
        # A document on plain A4 paper with an electronic signature and QR code: downloaded and e-mailed.
        DIGITAL = "digital", _("Dokumen elektronik bertanda tangan (KK, akta, SKPWNI)")

    code = models.SlugField(_("kode"), unique=True)
    product_kind = models.CharField(
        _("jenis produk"), max_length=10, choices=ProductKind.choices, default=ProductKind.CARD
    )
    category = models.CharField(_("kategori"), max_length=10, choices=Category.choices, default=Category.KTP)
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    eligibility = models.TextField(_("siapa yang dapat mengajukan"), blank=True)
    requires_biometrics = models.BooleanField(_("wajib perekaman biometrik di kantor"), default=False)
    min_age_years = models.PositiveSmallIntegerField(_("umur minimal"), null=True, blank=True)
    max_age_years = models.PositiveSmallIntegerField(
        _("umur maksimal (di bawah)"), null=True, blank=True,
        help_text=_("Misalnya 17 untuk KIA: hanya untuk anak yang belum berumur 17 tahun."),
    )
    allow_if_married = models.BooleanField(_("boleh jika sudah menikah walau di bawah umur minimal"), default=True)
    changes_data = models.BooleanField(_("mengubah elemen data (F-1.06)"), default=False)
    service_level_days = models.PositiveSmallIntegerField(_("standar waktu (hari kerja)"), default=3)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    queue_code = models.CharField(_("kode antrean"), max_length=3, default="C")
    form_code = models.CharField(_("formulir"), max_length=20, default="F-1.02")
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")

    def __str__(self) -> str:
        return self.name


class RequiredDocument(models.Model):
    class Format(models.TextChoices):
        IMAGE = "image", _("Foto (JPEG/PNG/WebP)")
        PDF = "pdf", _("PDF")

    service_type = models.ForeignKey(ServiceType, on_delete=models.CASCADE, related_name="required_documents")
    kind = models.SlugField(_("jenis dokumen"))
    name = models.CharField(_("nama"), max_length=120)
    help_text = models.TextField(_("petunjuk"), blank=True)
    mandatory = models.BooleanField(_("wajib"), default=True)
    accepted_formats = models.JSONField(_("format diterima"), default=list)
    max_size_kb = models.PositiveIntegerField(_("ukuran maksimal (KB)"), default=5120)
    max_pages = models.PositiveSmallIntegerField(_("halaman PDF maksimal"), default=10)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["service_type", "kind"], name="uniq_required_document_kind")]
        verbose_name = _("dokumen persyaratan")
        verbose_name_plural = _("dokumen persyaratan")

    def __str__(self) -> str:
        return f"{self.service_type.code}: {self.name}"

    @property
    def max_size_bytes(self) -> int:
        return self.max_size_kb * 1024


class Channel(models.TextChoices):
    ONLINE = "online", _("Daring")
    WALK_IN = "walk_in", _("Datang langsung")


class PriorityGroup(models.TextChoices):
    """UU 25/2009 Pasal 29."""

    NONE = "", _("Tidak ada")
    ELDERLY = "elderly", _("Lanjut usia")
    DISABLED = "disabled", _("Penyandang disabilitas")
    PREGNANT = "pregnant", _("Ibu hamil")
    CHILD = "child", _("Anak-anak")
    DISASTER_VICTIM = "disaster_victim", _("Korban bencana")


class LifeEventCase(models.Model):
    """One life event (a birth, a death) and the files it produces: the deed, the re-issued KK (and, after a
    birth, the KIA the resident may apply for). The desk verifies a case's files together."""

    class Kind(models.TextChoices):
        BIRTH = "birth", _("Kelahiran")
        DEATH = "death", _("Kematian")

    number = models.CharField(_("nomor kasus"), max_length=24, unique=True)
    kind = models.CharField(_("peristiwa"), max_length=10, choices=Kind.choices)
    kk_number = models.CharField(_("nomor KK"), max_length=16, blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="life_event_cases"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=["birth", "death"]), name="life_event_case_kind")]
        verbose_name = _("kasus peristiwa penting")
        verbose_name_plural = _("kasus peristiwa penting")

    def __str__(self) -> str:
        return self.number


class Application(models.Model):
    """One request for a service, from either channel. The applicant's data is copied in at
    submission (as on form F-1.02), so later profile edits do not rewrite history."""

    number = models.CharField(_("nomor permohonan"), max_length=20, unique=True)
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="applications")
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pemohon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # The member of the applicant's KK the file is for (None: for the applicant themselves). The file's NIK and
    # identity are the member's; documents and messages stay with the applicant, the account that applied.
    member = models.ForeignKey(
        "families.FamilyMember", verbose_name=_("untuk anggota keluarga"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="applications",
    )
    location = models.ForeignKey(
        "locations.Location", verbose_name=_("lokasi layanan"), null=True, blank=True, on_delete=models.PROTECT
    )
    priority_group = models.CharField(
        _("kelompok prioritas"), max_length=20, choices=PriorityGroup.choices, default="", blank=True
    )
    # Identity as on form F-1.02
    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    kk_number = models.CharField(_("Nomor KK"), max_length=16, blank=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    district = models.ForeignKey(
        "regions.Region", verbose_name=_("kecamatan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("desa/kelurahan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    form_data = models.JSONField(_("isian formulir lain"), default=dict, blank=True)
    # The life event this file belongs to, with the event's other files (apps.applications.services.cases).
    case = models.ForeignKey(
        LifeEventCase, verbose_name=_("kasus"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications",
    )
    # Work
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="claimed_applications"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Dates
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(_("batas standar layanan"), null=True, blank=True)
    estimated_completion_date = models.DateField(_("perkiraan selesai"), null=True, blank=True)
    # The estimated date the applicant was last told (in a status message or a "your date moved" message):
    # a later estimate is told once, however often it is recalculated (apps.applications.estimates).
    estimate_told = models.DateField(_("perkiraan yang sudah diberitahukan"), null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["district", "submitted_at"]),
            models.Index(fields=["channel", "submitted_at"]),
            models.Index(fields=["birth_date"], name="application_birth_date"),
            models.Index(fields=["district", "status"], name="application_district_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="application_status_valid"),
        ]
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")

    def __str__(self) -> str:
        return self.number


class StatusChange(models.Model):
    """Append-only history of an application's status: who, when, a note."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} -> {self.to_status}"


class Decision(models.Model):
    """A verifier's decision on an application, with the checklist and per-item reasons.
    Append-only, like the status history."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Setujui")
        RETURN = "return", _("Kembalikan untuk perbaikan")
        REJECT = "reject", _("Tolak")

    class RejectReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("Tidak memenuhi syarat")
        NOT_RESIDENT = "not_resident", _("Bukan penduduk Kabupaten Klaten")
        DUPLICATE = "duplicate", _("Permohonan ganda")
        FRAUD = "fraud", _("Dokumen tidak sah atau dipalsukan")
        OTHER = "other", _("Alasan lain")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason_code = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    checklist = models.JSONField(default=dict, blank=True)
    items = models.JSONField(default=dict, blank=True, help_text="item (document kind or 'data') -> reason")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.outcome}"
