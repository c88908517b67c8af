"""Service standards (standar pelayanan, PermenPAN-RB 15/2014), one per service of the catalogue.

Kept apart from :class:`apps.applications.models.ServiceType` (one-to-one) so the catalogue and the
published standard change independently. The requirements are not repeated here: they are the
catalogue's :class:`~apps.applications.models.RequiredDocument` rows, and the time is the service's
``service_level_days``; this model holds what the catalogue does not say.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The public components (service delivery) and the internal ones (management), in the order of the regulation.
PUBLIC_FIELDS = ("procedure_online", "procedure_walk_in", "time_note", "cost", "product", "complaint_handling")
INTERNAL_FIELDS = (
    "legal_basis", "facilities", "staff_competence", "supervision", "staffing", "guarantee", "security",
    "performance_evaluation",
)


class ServiceStandard(models.Model):
    service_type = models.OneToOneField(
        "applications.ServiceType", on_delete=models.CASCADE, related_name="standard", verbose_name=_("layanan")
    )
    # Service delivery (published on /layanan/<code>/ and on the poster)
    procedure_online = models.TextField(_("prosedur daring"), help_text=_("Satu langkah per baris."))
    procedure_walk_in = models.TextField(_("prosedur datang langsung"), help_text=_("Satu langkah per baris."))
    time_note = models.TextField(_("keterangan jangka waktu"), blank=True)
    cost = models.TextField(_("biaya/tarif"))
    product = models.TextField(_("produk layanan"))
    complaint_handling = models.TextField(_("penanganan pengaduan, saran dan masukan"))
    # Management (internal components)
    legal_basis = models.TextField(_("dasar hukum"))
    facilities = models.TextField(_("sarana, prasarana dan fasilitas"))
    staff_competence = models.TextField(_("kompetensi pelaksana"))
    supervision = models.TextField(_("pengawasan internal"))
    staffing = models.TextField(_("jumlah pelaksana"))
    guarantee = models.TextField(_("jaminan pelayanan"))
    security = models.TextField(_("jaminan keamanan dan keselamatan"))
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")

    def __str__(self) -> str:
        return str(self.service_type)

    @staticmethod
    def steps(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def online_steps(self) -> list[str]:
        return self.steps(self.procedure_online)

    @property
    def walk_in_steps(self) -> list[str]:
        return self.steps(self.procedure_walk_in)
