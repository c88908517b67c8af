"""IKM survey: invitations (one per service transaction) and anonymous responses.

A response keeps only the service, the location, a coarse period and the answers. It has no
link to the invitation, the user, the application or the ticket, no exact timestamp, and a
random primary key, so staff cannot tie an answer to a person. The invitation only records
that it was used.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.surveys.elements import AgeBand, Education, Occupation, Sex

ANSWER = Q()
for _n in range(1, 10):
    ANSWER &= Q(**{f"u{_n}__gte": 1}) & Q(**{f"u{_n}__lte": 4})


class SurveyInvitation(models.Model):
    """The right to answer once for one service transaction (an application or a ticket)."""

    token = models.CharField(max_length=32, unique=True)
    application = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="survey_invitation"
    )
    ticket_code = models.CharField(max_length=40, blank=True)
    service_type = models.ForeignKey(
        "applications.ServiceType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField()
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                # Ticket numbers restart per location each day: C-001 exists at every office.
                fields=["ticket_code", "issued_on", "location"],
                condition=~Q(ticket_code=""),
                name="uniq_survey_ticket_per_location_day",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class SurveyResponse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service_type = models.ForeignKey(
        "applications.ServiceType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period = models.DateField(_("periode (bulan)"), db_index=True, help_text=_("Hari pertama bulan pengisian."))
    u1 = models.PositiveSmallIntegerField()
    u2 = models.PositiveSmallIntegerField()
    u3 = models.PositiveSmallIntegerField()
    u4 = models.PositiveSmallIntegerField()
    u5 = models.PositiveSmallIntegerField()
    u6 = models.PositiveSmallIntegerField()
    u7 = models.PositiveSmallIntegerField()
    u8 = models.PositiveSmallIntegerField()
    u9 = models.PositiveSmallIntegerField()
    age_band = models.CharField(_("umur"), max_length=4, choices=AgeBand.choices)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices)
    occupation = models.CharField(_("pekerjaan"), max_length=10, choices=Occupation.choices)
    suggestion = models.TextField(_("saran"), blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=ANSWER, name="survey_answers_1_to_4")]
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"
