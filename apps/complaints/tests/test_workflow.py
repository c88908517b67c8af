"""SP4N-LAPOR! workflow, deadlines in working days, escalation (time travel), reopening."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.complaints import services
from apps.complaints.models import Complaint, ComplaintStatusChange
from apps.complaints.tests.factories import MONDAY, make_complaint
from apps.complaints.workflow import Complexity, InvalidTransition, Status
from apps.notifications.models import Notification
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db


def test_it_sets_deadlines_in_working_days_by_kind():
    complaint = make_complaint(now=MONDAY)  # Monday 2 March 2026
    assert complaint.verify_by == dt.date(2026, 3, 5)  # 3 working days
    assert complaint.plan_by == dt.date(2026, 3, 9)  # 5 working days, over the weekend
    assert complaint.due_date == dt.date(2026, 3, 9)
    staff = make_staff("customer_service")
    services.set_complexity(complaint, Complexity.DISPUTE, actor=staff, now=MONDAY)
    # 14 working days: 3-6, 9-13, 16-17 March (11), then Nyepi and Idul Fitri with joint leave
    # (18-24 March) are skipped: 25, 26, 27 March.
    assert complaint.due_date == dt.date(2026, 3, 27)
    services.set_complexity(complaint, Complexity.DISPUTE_FIELD_CHECK, actor=staff, now=MONDAY)
    assert services.working_days_left(complaint, now=MONDAY) == 60


def test_it_enforces_the_allowed_transitions_and_appends_history():
    staff = make_staff("customer_service")
    complaint = make_complaint(now=MONDAY)
    with pytest.raises(InvalidTransition):
        services.transition(complaint, Status.CLOSED, actor=staff, now=MONDAY)
    services.transition(complaint, Status.VERIFIED, actor=staff, now=MONDAY)
    services.transition(complaint, Status.PLANNED, actor=staff, now=MONDAY)
    services.transition(complaint, Status.ANSWERED, actor=staff, now=MONDAY)
    services.transition(complaint, Status.CLOSED, actor=staff, now=MONDAY)
    steps = list(ComplaintStatusChange.objects.filter(complaint=complaint).values_list("from_status", "to_status"))
    assert steps == [
        ("", "received"),
        ("received", "verified"),
        ("verified", "planned"),
        ("planned", "answered"),
        ("answered", "closed"),
    ]


def test_it_requires_a_destination_when_forwarding():
    staff = make_staff("customer_service")
    complaint = make_complaint(now=MONDAY)
    with pytest.raises(ValidationError):
        services.transition(complaint, Status.FORWARDED, actor=staff, now=MONDAY)
    services.transition(complaint, Status.FORWARDED, actor=staff, forwarded_to="Dinas Perhubungan", now=MONDAY)
    assert Complaint.objects.get().forwarded_to == "Dinas Perhubungan"


def test_it_escalates_an_overdue_complaint_to_the_section_head_once():
    head = make_staff("section_head")
    complaint = make_complaint(now=MONDAY)
    # Thursday 5 March is the verification deadline itself: not yet late.
    assert services.escalate_overdue(now=MONDAY + dt.timedelta(days=3)) == 0
    friday = MONDAY + dt.timedelta(days=4)
    assert services.escalate_overdue(now=friday) == 1
    assert services.escalate_overdue(now=friday + dt.timedelta(days=7)) == 0
    complaint.refresh_from_db()
    assert complaint.escalated and complaint.escalated_at == friday
    assert Notification.objects.filter(recipient=head, event="complaint.escalated").count() == 1


def test_it_does_not_escalate_a_complaint_handled_in_time():
    make_staff("section_head")
    staff = make_staff("customer_service")
    complaint = make_complaint(now=MONDAY)
    services.answer(complaint, body="Sudah kami cek, KTP-el siap diambil.", actor=staff, now=MONDAY)
    assert services.escalate_overdue(now=MONDAY + dt.timedelta(days=30)) == 0


def test_it_lets_the_resident_reopen_within_the_window_only(settings):
    settings.COMPLAINTS_REOPEN_DAYS = 7
    resident = make_resident()
    staff = make_staff("customer_service")
    complaint = make_complaint(filer=resident, now=MONDAY)
    services.answer(complaint, body="Jawaban", actor=staff, now=MONDAY)
    with pytest.raises(ValidationError):
        services.reopen(complaint, reason="Belum puas", by=resident, now=MONDAY + dt.timedelta(days=8))
    services.reopen(complaint, reason="Belum puas, KTP belum ada", by=resident, now=MONDAY + dt.timedelta(days=6))
    complaint.refresh_from_db()
    assert complaint.status == Status.PLANNED and complaint.reopen_count == 1
    assert complaint.due_date > dt.date(2026, 3, 9)


def test_it_closes_answered_complaints_after_the_reopen_window(settings):
    settings.COMPLAINTS_REOPEN_DAYS = 7
    staff = make_staff("customer_service")
    complaint = make_complaint(now=MONDAY)
    services.answer(complaint, body="Jawaban", actor=staff, now=MONDAY)
    assert services.close_settled(now=MONDAY + dt.timedelta(days=6)) == 0
    assert services.close_settled(now=MONDAY + dt.timedelta(days=8)) == 1
    assert Complaint.objects.get().status == Status.CLOSED


def test_it_never_shows_internal_notes_to_the_resident(client):
    resident = make_resident()
    staff = make_staff("customer_service")
    complaint = make_complaint(filer=resident)
    services.post_message(complaint, body="Catatan: cek di loket 3", author=staff, from_staff=True, internal=True)
    services.post_message(complaint, body="Kami sedang memeriksa.", author=staff, from_staff=True)
    client.force_login(resident)
    page = client.get(reverse("complaints:detail", args=[complaint.code])).content.decode()
    assert "Kami sedang memeriksa." in page
    assert "cek di loket 3" not in page
    in_app = Notification.objects.filter(recipient=resident).values_list("body", flat=True)
    assert not any("loket 3" in body for body in in_app)


def test_it_refuses_an_empty_resident_reply_and_shows_why(client):
    resident = make_resident()
    complaint = make_complaint(filer=resident)
    client.force_login(resident)
    response = client.post(reverse("complaints:reply", args=[complaint.code]), {"body": ""})
    assert response.status_code == 400
    assert complaint.messages.count() == 0


def test_staff_reply_marked_as_answer_moves_the_status(staff_client):
    complaint = make_complaint()
    client = staff_client("customer_service")
    response = client.post(
        reverse("complaints_staff:reply", args=[complaint.code]),
        {"body": "KTP-el Anda sudah dicetak.", "mark_answered": "on"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert (
        client.post(reverse("complaints_staff:status", args=[complaint.code]), {"target": "verified"}).status_code
        == 400
    )
