"""Accounts: one user model for residents and staff; residents keep their identity on a profile."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.accounts.nik import validate_kk, validate_nik


class User(AbstractUser):
    """A person who signs in. Residents sign in with e-mail or phone; staff with a username.

    ``username`` holds the identifier the person signs in with (for residents their
    e-mail or phone number as typed at registration).
    """

    # optional, so NULL when absent (the base class types it as a non-null str)
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)  # type: ignore[assignment]
    phone = models.CharField(_("nomor HP"), max_length=20, unique=True, null=True, blank=True)
    contact_confirmed_at = models.DateTimeField(_("kontak dikonfirmasi"), null=True, blank=True)
    preferred_language = models.CharField(
        _("bahasa"), max_length=5, choices=[("id", "Bahasa Indonesia"), ("en", "English")], default="id"
    )
    location = models.ForeignKey(
        "locations.Location",
        verbose_name=_("lokasi tugas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text=_("Untuk petugas: kantor tempat bertugas."),
    )
    # Raised whenever the person's roles or second-factor devices change (apps.accounts.staff_session): a session
    # keeps its roles and verified device only while this number is the one it saw.
    access_stamp = models.IntegerField(default=0, editable=False)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]  # stubs type it UserManager[Self]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # e-mail and phone are unique but optional: store "no value" as NULL, never "" (create_user and
        # the admin turn a missing e-mail into "", and two such accounts would clash)
        self.email = self.email or None
        self.phone = self.phone or None
        super().save(*args, **kwargs)


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class ResidentProfile(models.Model):
    """A resident's identity as on the KK. One account per NIK."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="resident")
    nik = models.CharField(_("NIK"), max_length=16, unique=True, validators=[validate_nik])
    kk_number = models.CharField(_("Nomor KK"), max_length=16, validators=[validate_kk])
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    address = models.CharField(_("alamat"), max_length=255)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    district = models.ForeignKey(
        "regions.Region", verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Residents turning 17 (outreach, blank-card forecast) are found by birth date.
        indexes = [models.Index(fields=["birth_date"], name="resident_birth_date")]
        verbose_name = _("profil penduduk")
        verbose_name_plural = _("profil penduduk")

    def __str__(self) -> str:
        return self.full_name


class ContactConfirmation(models.Model):
    """A 6-digit code sent to a resident's e-mail or phone to prove it is theirs.

    Only a keyed hash of the code is stored. A code expires after
    ``CODE_LIFETIME``; it locks after ``MAX_ATTEMPTS`` wrong tries; sending is rate limited
    (see :func:`apps.accounts.services.send_confirmation_code`).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="contact_confirmations")
    address = models.CharField(_("alamat tujuan"), max_length=150)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    code_hash = models.CharField(max_length=128)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"])]
        verbose_name = _("kode konfirmasi kontak")
        verbose_name_plural = _("kode konfirmasi kontak")

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel} {self.created_at:%Y-%m-%d %H:%M}"
