"""The IKM survey is offered after each completed service: on card collection and on a finished visit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.applications.services import transition
from apps.applications.tests.factories import submitted
from apps.applications.workflow import Status
from apps.appointments.tests.factories import make_counter, make_location, make_service, require_open_today
from apps.notifications.models import Notification
from apps.queueing import services as queue
from apps.surveys.models import SurveyInvitation
from tests.factories import make_resident

pytestmark = pytest.mark.django_db(transaction=True)

# VERIFIED -> SENT_TO_CENTRAL is not in the list: issuance routes a verified file on by itself after commit.
PATH_TO_COLLECTED = [
    Status.IN_VERIFICATION, Status.VERIFIED, Status.PRINT_READY, Status.PRINTED, Status.READY_FOR_PICKUP,
    Status.COLLECTED,
]


def test_it_sends_the_survey_link_when_the_card_is_collected():
    resident = make_resident()
    application = submitted(resident)
    for status in PATH_TO_COLLECTED[:-1]:
        transition(application, status)
    assert not Notification.objects.filter(event="survey.invitation").exists()

    transition(application, Status.COLLECTED)

    invitation = SurveyInvitation.objects.get(application=application)
    sent = Notification.objects.filter(event="survey.invitation", recipient=resident)
    assert sent.exists()
    assert all(invitation.token in n.url for n in sent)


def test_a_finished_visit_without_an_application_shows_a_survey_link_on_its_ticket_page(client):
    require_open_today()
    location, service = make_location(), make_service()
    counter = make_counter(location, 1)
    ticket = queue.issue_ticket(location, service)
    page = reverse("queueing:ticket", args=[ticket.token])
    assert "Isi survei" not in client.get(page).content.decode()

    called = queue.call_next(counter)
    assert called == ticket
    queue.finish(called, counter)

    body = client.get(page).content.decode()
    invitation = SurveyInvitation.objects.get(ticket_code=str(ticket), location=location)
    assert invitation.token in body
    # Ticket numbers restart at every office: the same code elsewhere is another transaction.
    other = make_location("kantor-lain", "Kantor Lain")
    other_counter = make_counter(other, 1)
    other_ticket = queue.issue_ticket(other, service)
    other_called = queue.call_next(other_counter)
    assert other_called == other_ticket
    queue.finish(other_called, other_counter)
    client.get(reverse("queueing:ticket", args=[other_ticket.token]))
    assert SurveyInvitation.objects.filter(ticket_code=str(ticket)).count() == 2
