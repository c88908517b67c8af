"""Survey invitations, anonymous answers, one response per transaction, the report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from apps.surveys import services
from apps.surveys.models import SurveyInvitation, SurveyResponse
from apps.surveys.periods import parse, semester_of

pytestmark = pytest.mark.django_db

ANSWERS = {
    **{f"u{i}": "3" for i in range(1, 10)},
    "age_band": "30",
    "sex": "P",
    "education": "sma",
    "occupation": "swasta",
    "suggestion": "",
}


def make_location(slug="kantor-utama"):
    from apps.locations.models import Location

    return Location.objects.get_or_create(
        slug=slug, defaults={"name": "Kantor Disdukcapil Klaten", "kind": "main_office", "address": "Jl. Pemuda 1"}
    )[0]


def make_application(number="KTP-260301-AAAAAA", status="collected"):
    from apps.applications.models import Application, ServiceType, StatusChange

    service, _new = ServiceType.objects.get_or_create(code="ktp-baru", defaults={"name": "KTP-el baru"})
    application = Application.objects.create(
        number=number, service_type=service, nik="3310250101900001", status=status, location=make_location()
    )
    StatusChange.objects.create(application=application, from_status="ready_for_pickup", to_status=status)
    return application


def test_it_gives_one_invitation_per_transaction():
    application = make_application()
    first = services.invitation_for(application=application)
    assert services.invitation_for(application=application) == first
    ticket = services.invitation_for(ticket_code="C-014", location=make_location())
    assert services.invitation_for(ticket_code="C-014", location=make_location()) == ticket
    assert ticket != first and len(first.token) >= 20
    assert services.survey_url(first).endswith(f"/survei/{first.token}/")


def test_it_stores_an_answer_and_refuses_a_second_for_the_same_transaction(client):
    invitation = services.invitation_for(application=make_application())
    url = reverse("surveys:answer", args=[invitation.token])
    assert client.get(url).status_code == 200
    assert client.post(url, ANSWERS).status_code == 302
    assert SurveyResponse.objects.count() == 1
    second = client.post(url, ANSWERS)
    assert second.status_code == 409
    assert SurveyResponse.objects.count() == 1
    with pytest.raises(services.AlreadyAnswered):
        services.submit_response(invitation, dict(ANSWERS))


def test_it_asks_again_for_a_missing_answer_and_keeps_the_others(client):
    invitation = services.invitation_for(application=make_application())
    data = {**ANSWERS, "u5": "", "u2": "4"}
    response = client.post(reverse("surveys:answer", args=[invitation.token]), data)
    assert response.status_code == 400
    assert "pertanyaan 5" in response.content.decode()
    import re

    assert re.search(r'name="u2" value="4"[^>]*checked', response.content.decode())
    assert not re.search(r'name="u2" value="3"[^>]*checked', response.content.decode())
    assert SurveyResponse.objects.count() == 0
    assert not SurveyInvitation.objects.get().used


def test_a_response_cannot_be_tied_to_a_person():
    relations = {
        f.related_model._meta.label
        for f in SurveyResponse._meta.get_fields()
        if f.is_relation and f.related_model is not None
    }
    assert relations == {"applications.ServiceType", "locations.Location"}
    field_names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not field_names & {"invitation", "user", "application", "token", "ticket_code", "created_at", "nik"}
    assert not any(isinstance(f, models.DateTimeField) for f in SurveyResponse._meta.get_fields())
    assert isinstance(SurveyResponse._meta.pk, models.UUIDField)
    invitation_fields = {f.name for f in SurveyInvitation._meta.get_fields()}
    assert "response" not in invitation_fields and not any(
        isinstance(f, models.DateTimeField) for f in SurveyInvitation._meta.get_fields()
    )


def test_it_keeps_only_the_month_of_an_answer():
    invitation = services.invitation_for(application=make_application())
    moment = dt.datetime(2026, 4, 17, 10, 42, tzinfo=timezone.get_current_timezone())
    services.submit_response(invitation, ANSWERS, now=moment)
    assert SurveyResponse.objects.get().period == dt.date(2026, 4, 1)


def test_the_staff_report_shows_no_token_or_applicant(staff_client):
    application = make_application()
    invitation = services.invitation_for(application=application)
    services.submit_response(invitation, {**ANSWERS, "suggestion": "Ruang tunggu panas"})
    client = staff_client("section_head")
    page = client.get(reverse("surveys_staff:report")).content.decode()
    assert "Ruang tunggu panas" in page
    for secret in (invitation.token, application.number, application.nik, str(SurveyResponse.objects.get().pk)):
        assert secret not in page
    for fmt in ("xlsx", "pdf"):
        response = client.get(reverse("surveys_staff:report_file", args=[fmt]))
        assert response.status_code == 200
        assert invitation.token.encode() not in response.content and application.number.encode() not in response.content


def test_the_report_needs_the_right_role(client, staff_client):
    assert client.get(reverse("surveys_staff:report")).status_code == 302
    assert staff_client("operator").get(reverse("surveys_staff:report")).status_code == 403


def test_it_reports_element_scores_ikm_grade_and_sample_target():
    location = make_location()
    today = timezone.localdate()
    for i, value in enumerate([4, 4, 3, 3]):
        application = make_application(number=f"KTP-260301-BBBB{i:02d}")
        services.submit_response(
            services.invitation_for(application=application),
            {**ANSWERS, **{f"u{n}": str(value) for n in range(1, 10)}, "u4": "4"},
        )
    report = services.build_report(semester_of(today), location=location)
    assert report.respondents == 4
    assert report.served == 4
    assert report.target == 4  # Krejcie-Morgan for N=4 is the whole population
    assert report.elements[3].nrr == 4
    assert report.elements[0].nrr == pytest.approx(3.5)
    # NRR: eight elements at 3.5, U4 at 4.0 -> sum 32 -> 32/9 x 25 = 88.888... -> 88.89 (A)
    assert str(report.value) == "88.89" and report.grade is not None and report.grade.letter == "A"
    assert report.weakest[0].element.number == 1 and all(s.element.number != 4 for s in report.weakest)


def test_number_served_counts_collected_applications_in_the_period_only():
    make_application(number="KTP-260301-CCCC01")
    make_application(number="KTP-260301-CCCC02", status="printed")
    today = timezone.localdate()
    assert services.number_served(today, today) == 1
    assert services.number_served(today - dt.timedelta(days=400), today - dt.timedelta(days=300)) == 0


def test_the_kiosk_finds_a_finished_transaction_by_number(client):
    location = make_location()
    application = make_application(number="KTP-260301-DDDD01")
    services.invitation_for(ticket_code="C-021", location=location)
    url = reverse("surveys:kiosk", args=[location.slug])
    assert client.post(url, {"number": "ktp-260301-dddd01"}).status_code == 302
    response = client.post(url, {"number": "c-021"})
    assert response.status_code == 302
    assert client.post(url, {"number": "C-999"}).status_code == 400
    token = SurveyInvitation.objects.get(application=application).token
    client.post(reverse("surveys:answer", args=[token]), ANSWERS)
    again = client.post(url, {"number": "KTP-260301-DDDD01"})
    assert again.status_code == 400 and "sudah diisi" in again.content.decode()


def test_the_qr_code_points_to_the_survey(client):
    invitation = services.invitation_for(ticket_code="C-030")
    response = client.get(reverse("surveys:qr", args=[invitation.token]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"


def test_periods_parse_semesters_and_years():
    assert parse("2026-S1").end == dt.date(2026, 6, 30)
    assert parse("2026-S2").start == dt.date(2026, 7, 1)
    assert parse("2026").end == dt.date(2026, 12, 31)
    with pytest.raises(ValueError):
        parse("2026-S3")


def test_offering_the_survey_sends_the_link_to_the_person_served():
    from apps.notifications.models import Notification
    from tests.factories import make_resident

    resident = make_resident()
    invitation = services.invitation_for(ticket_code="C-040")
    services.offer_survey(invitation, recipient=resident)
    row = Notification.objects.get(recipient=resident, channel="in_app")
    assert row.url == services.survey_url(invitation)
    services.offer_survey(services.invitation_for(ticket_code="C-041"))  # nobody to reach: nothing sent
    assert (
        Notification.objects.filter(event="survey.invitation").count()
        == Notification.objects.filter(recipient=resident, event="survey.invitation").count()
    )


def test_number_served_adds_walk_in_tickets_finished_without_an_application():
    from apps.queueing.models import Ticket

    location = make_location()
    application = make_application(number="KTP-260301-EEEE01")
    now = timezone.now()
    common = {
        "location": location,
        "service": application.service_type,
        "date": timezone.localdate(),
        "queue_code": "C",
        "queued_at": now,
    }
    Ticket.objects.create(number=1, token="t-cmp-1", status="done", finished_at=now, **common)
    Ticket.objects.create(number=2, token="t-cmp-2", status="done", finished_at=now, application=application, **common)
    Ticket.objects.create(number=3, token="t-cmp-3", status="waiting", **common)
    today = timezone.localdate()
    # the collected application once, plus the one finished ticket that had no application
    assert services.number_served(today, today) == 2
    assert services.number_served(today, today, location=location) == 2


def test_the_xlsx_and_pdf_carry_the_element_scores_and_the_ikm():
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from apps.surveys import exports

    for i in range(3):
        application = make_application(number=f"KTP-260301-FFFF{i:02d}")
        services.submit_response(services.invitation_for(application=application), ANSWERS)
    report = services.build_report(semester_of(timezone.localdate()))
    assert str(report.value) == "75.00" and report.grade is not None and report.grade.letter == "C"
    sheet = load_workbook(io.BytesIO(exports.report_xlsx(report)))["IKM"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["U1"][:3] == ("Persyaratan", 9, 3.0)
    ikm_row = next(v for k, v in rows.items() if str(k).startswith("Nilai IKM"))
    assert ikm_row[0] == 75.0
    text = PdfReader(io.BytesIO(exports.report_pdf(report))).pages[0].extract_text()
    assert "75.00" in text or "75.0" in text
    assert "Kurang baik" in text
