"""The family card (Kartu Keluarga) and its members, as Sipon knows them.

Built from what residents enter and what the desk confirms (and, later, what central answers): Sipon is not the
population register, so a member carries who said so (``source``) and whether an officer confirmed it. A NIK is
an active member of one family at a time (a partial unique constraint), which is how "a member of another KK"
is refused.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Sex


class Family(models.Model):
    kk_number = models.CharField(_("nomor KK"), max_length=16, unique=True)
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("keluarga (KK)")
        verbose_name_plural = _("keluarga (KK)")

    def __str__(self) -> str:
        return self.kk_number


class Relationship(models.TextChoices):
    """Status hubungan dalam keluarga, as printed on the KK."""

    HEAD = "head", _("Kepala keluarga")
    SPOUSE = "spouse", _("Suami/istri")
    CHILD = "child", _("Anak")
    PARENT = "parent", _("Orang tua")
    IN_LAW = "in_law", _("Mertua/menantu")
    GRANDCHILD = "grandchild", _("Cucu")
    OTHER = "other", _("Famili lain")


class MemberState(models.TextChoices):
    ACTIVE = "active", _("Anggota")
    DECEASED = "deceased", _("Meninggal")
    MOVED_OUT = "moved_out", _("Pindah keluar")


class MemberSource(models.TextChoices):
    RESIDENT = "resident", _("Diisi penduduk")
    DESK = "desk", _("Diisi petugas")
    CENTRAL = "central", _("Dari data pusat")


class FamilyMember(models.Model):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="members")
    nik = models.CharField(_("NIK"), max_length=16, blank=True, help_text=_("Kosong untuk bayi yang belum punya NIK."))
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    relationship = models.CharField(_("hubungan dalam keluarga"), max_length=12, choices=Relationship.choices)
    state = models.CharField(_("status"), max_length=10, choices=MemberState.choices, default=MemberState.ACTIVE)
    source = models.CharField(_("sumber data"), max_length=10, choices=MemberSource.choices)
    # The member's own resident account, if they have one (an adult member sees their own files).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="family_members"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi petugas"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_id", "birth_date", "id"]
        constraints = [
            # A NIK is an active member of one family at a time.
            models.UniqueConstraint(
                fields=["nik"], condition=Q(state="active") & ~Q(nik=""), name="family_member_one_active_family"
            ),
            models.CheckConstraint(condition=Q(state__in=MemberState.values), name="family_member_state_valid"),
        ]
        verbose_name = _("anggota keluarga")
        verbose_name_plural = _("anggota keluarga")

    def __str__(self) -> str:
        return f"{self.family_id}: {self.full_name}"
