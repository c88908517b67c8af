"""IKM survey: invitations, answers, and the report figures.

For other apps (applications, queueing) the public calls are::

    from apps.surveys.services import invitation_for, survey_url
    invitation = invitation_for(application=application)            # an online/walk-in file, when collected
    invitation = invitation_for(ticket_code="C-014", location=loc,   # a finished walk-in ticket
                                service_type=service_type)
    url = survey_url(invitation)   # absolute URL for a notification link or the ticket's QR code
    offer_survey(invitation, recipient=application.applicant)  # or phone=... : sends the link after commit

The QR image itself is served at ``reverse("surveys:qr", args=[invitation.token])`` (SVG), or build
one with segno from ``survey_url(invitation)``.

``invitation_for`` is idempotent: the same transaction always gets the same invitation.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.events import StatusChanged
from apps.applications.models import Application, StatusChange
from apps.applications.workflow import DONE_FOR_SERVICE_LEVEL, Status
from apps.notifications.services import in_language, notify
from apps.surveys import ikm
from apps.surveys.elements import ELEMENT_FIELDS, ELEMENTS, AgeBand, Education, Element, Occupation, Sex
from apps.surveys.models import SurveyInvitation, SurveyResponse
from apps.surveys.periods import Period, month_start


class AlreadyAnswered(Exception):
    """The survey for this service transaction has been answered already."""


def _local_date(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def invitation_for(
    application: Any = None,
    ticket_code: str | None = None,
    location: Any = None,
    service_type: Any = None,
    now: dt.datetime | None = None,
) -> SurveyInvitation:
    """The survey invitation of one service transaction (created once, then returned again)."""
    if application is None and not ticket_code:
        raise ValueError("an application or a ticket code is needed")
    today = _local_date(now)
    if application is not None:
        defaults = {
            "service_type_id": service_type.pk if service_type is not None else application.service_type_id,
            "location_id": location.pk if location is not None else application.location_id,
            "issued_on": today,
        }
        lookup: dict[str, Any] = {"application": application}
    else:
        defaults = {"service_type_id": getattr(service_type, "pk", None)}
        lookup = {"ticket_code": ticket_code, "issued_on": today, "location_id": getattr(location, "pk", None)}
    existing = SurveyInvitation.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return SurveyInvitation.objects.create(token=secrets.token_urlsafe(16)[:22], **lookup, **defaults)
    except IntegrityError:  # created by a concurrent call
        return SurveyInvitation.objects.get(**lookup)


def survey_url(invitation: SurveyInvitation) -> str:
    return f"{settings.SITE_URL}{reverse('surveys:answer', args=[invitation.token])}"


def offer_survey(invitation: SurveyInvitation, *, recipient: Any = None, email: str = "", phone: str = "") -> None:
    """Send the survey link to the person just served (call inside the transaction that completes the
    service; the message goes out after commit). Nothing is sent when there is no way to reach them."""
    if recipient is None and not (email or phone):
        return
    with in_language(recipient):
        notify(
            event="survey.invitation",
            recipient=recipient,
            email=email,
            phone=phone,
            subject=_("Bagaimana layanan kami?"),
            body=_(
                "Terima kasih telah menggunakan layanan kami. Mohon isi survei kepuasan singkat (9 pertanyaan, "
                "tanpa nama): jawaban Anda tidak terhubung dengan identitas Anda."
            ),
            url=survey_url(invitation),
        )


def offer_after_collection(event: StatusChanged) -> None:
    """Subscriber (``apps/surveys/subscriptions.py``): a card handed over completes the service, so the applicant
    is offered the IKM survey (one invitation per application; COLLECTED is final, so the change happens once)."""
    if event.to_status != Status.COLLECTED:
        return
    application = Application.objects.select_related("applicant").get(pk=event.application_id)
    phone = application.form_data.get("contact_phone", "")
    if application.applicant is None and not phone:
        return
    with transaction.atomic():
        invitation = invitation_for(application=application)
        offer_survey(invitation, recipient=application.applicant, phone=phone)


def find_invitation_for_kiosk(
    number: str, location: Any = None, now: dt.datetime | None = None
) -> SurveyInvitation | None:
    """At the kiosk tablet a resident types the application number or today's ticket number."""
    number = number.strip().upper()
    if not number:
        return None
    invitation = SurveyInvitation.objects.filter(application__number=number).first()
    if invitation is not None:
        return invitation
    application = Application.objects.filter(number=number, status__in=DONE_FOR_SERVICE_LEVEL).first()
    if application is not None:
        return invitation_for(application=application, now=now)
    qs = SurveyInvitation.objects.filter(ticket_code=number, issued_on=_local_date(now))
    if location is not None:
        qs = qs.filter(Q(location=location) | Q(location__isnull=True))
    return qs.first()


@transaction.atomic
def submit_response(invitation: SurveyInvitation, answers: dict[str, Any], now: dt.datetime | None = None) -> None:
    """Store one anonymous response and mark the invitation used. A second answer for the
    same transaction raises :class:`AlreadyAnswered` (a conditional UPDATE, safe under races)."""
    claimed = SurveyInvitation.objects.filter(pk=invitation.pk, used=False).update(used=True)
    if claimed != 1:
        raise AlreadyAnswered
    SurveyResponse.objects.create(
        service_type_id=invitation.service_type_id,
        location_id=invitation.location_id,
        period=month_start(_local_date(now)),
        **{name: int(answers[name]) for name in ELEMENT_FIELDS},
        age_band=answers["age_band"],
        sex=answers["sex"],
        education=answers["education"],
        occupation=answers["occupation"],
        suggestion=str(answers.get("suggestion", ""))[:2000],
    )
    invitation.used = True


# --- number served ---------------------------------------------------------------


def number_served(start: dt.date, end: dt.date, service_type: Any = None, location: Any = None) -> int:
    """Completed service transactions from ``start`` to ``end`` (inclusive): applications
    collected in the period plus walk-in tickets finished without an application (through
    ``apps.queueing.services.finished_ticket_count`` if the queueing app provides it, else read
    from its Ticket rows)."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    changes = StatusChange.objects.filter(to_status=Status.COLLECTED, created_at__gte=since, created_at__lt=until)
    if service_type is not None:
        changes = changes.filter(application__service_type=service_type)
    if location is not None:
        changes = changes.filter(application__location=location)
    total = changes.values("application_id").distinct().count()
    counter = None
    if find_spec("apps.queueing.services") is not None:
        counter = getattr(import_module("apps.queueing.services"), "finished_ticket_count", None)
    if counter is not None:
        total += int(counter(start, end, service_type=service_type, location=location))
    else:
        total += _finished_tickets_without_application(since, until, service_type, location)
    return total


def _finished_tickets_without_application(
    since: dt.datetime, until: dt.datetime, service_type: Any, location: Any
) -> int:
    """Walk-in visits finished at a counter that did not belong to an application (those are counted
    when the application is collected), read from the queueing app's tickets when it is installed."""
    from django.apps import apps as django_apps

    try:
        ticket_model = django_apps.get_model("queueing", "Ticket")
    except LookupError:
        return 0
    tickets = ticket_model.objects.filter(
        status="done", application__isnull=True, finished_at__gte=since, finished_at__lt=until
    )
    if service_type is not None:
        tickets = tickets.filter(service=service_type)
    if location is not None:
        tickets = tickets.filter(location=location)
    return int(tickets.count())


# --- report ------------------------------------------------------------------------


@dataclass
class ElementScore:
    element: Element
    total: int
    nrr: Decimal
    weighted: Decimal
    converted: Decimal
    grade: ikm.Grade

    @property
    def nrr_display(self) -> Decimal:
        return self.nrr.quantize(Decimal("0.001"))


@dataclass
class Report:
    period: Period
    service_type: Any
    location: Any
    respondents: int
    served: int
    target: int
    elements: list[ElementScore] = field(default_factory=list)
    value: Decimal | None = None
    grade: ikm.Grade | None = None
    profile: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestions: list[tuple[str, int]] = field(default_factory=list)

    @property
    def weakest(self) -> list[ElementScore]:
        return sorted(self.elements, key=lambda s: (s.nrr, s.element.number))[:3]

    @property
    def sample_enough(self) -> bool:
        return self.respondents >= self.target


def responses(period: Period, service_type: Any = None, location: Any = None) -> QuerySet[SurveyResponse]:
    qs = SurveyResponse.objects.filter(period__gte=month_start(period.start), period__lte=period.end)
    if service_type is not None:
        qs = qs.filter(service_type=service_type)
    if location is not None:
        qs = qs.filter(location=location)
    return qs


def element_scores(qs: QuerySet[SurveyResponse]) -> tuple[int, list[ElementScore]]:
    sums = qs.aggregate(n=Count("id"), **{f: Sum(f) for f in ELEMENT_FIELDS})
    count = int(sums["n"] or 0)
    if count == 0:
        return 0, []
    scores = []
    for item in ELEMENTS:
        total = int(sums[item.field] or 0)
        value = ikm.nrr(total, count)
        converted = ikm.converted(value)
        scores.append(ElementScore(item, total, value, value * ikm.WEIGHT, converted, ikm.grade(converted)))
    return count, scores


def build_report(period: Period, service_type: Any = None, location: Any = None) -> Report:
    qs = responses(period, service_type, location)
    count, scores = element_scores(qs)
    served = number_served(period.start, period.end, service_type, location)
    report = Report(period, service_type, location, count, served, ikm.krejcie_morgan(served), scores)
    if scores:
        report.value = ikm.ikm_value([s.nrr for s in scores])
        report.grade = ikm.grade(report.value)
        from django.utils.translation import gettext as _

        for name, title, choices in (
            ("age_band", _("Umur"), AgeBand),
            ("sex", _("Jenis kelamin"), Sex),
            ("education", _("Pendidikan"), Education),
            ("occupation", _("Pekerjaan"), Occupation),
        ):
            counts = dict(qs.values_list(name).annotate(c=Count("id")).values_list(name, "c"))
            report.profile[title] = [(str(label), counts.get(value, 0)) for value, label in choices.choices]
        report.suggestions = [
            (row["suggestion"], row["n"])
            for row in qs.exclude(suggestion="").values("suggestion").annotate(n=Count("id")).order_by("-n")[:30]
        ]
    return report


def trend(
    periods: list[Period], service_type: Any = None, location: Any = None
) -> list[tuple[Period, Decimal | None, int]]:
    out: list[tuple[Period, Decimal | None, int]] = []
    for period in periods:
        count, scores = element_scores(responses(period, service_type, location))
        out.append((period, ikm.ikm_value([s.nrr for s in scores]) if scores else None, count))
    return out
