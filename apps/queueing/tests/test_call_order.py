"""What "call next" may call: the counter's stages and services, tickets sent to it, in the policy order, and
the same order as the console's waiting list (``waiting_for``), which is built separately with the ORM."""

from __future__ import annotations

import pytest

from apps.appointments.tests.factories import make_counter, make_location, make_service, require_open_today
from apps.locations.models import Stage
from apps.queueing import services
from apps.queueing.models import CallEvent, ServiceRecord, Ticket, TicketStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open_today():
    require_open_today()


def test_a_counter_calls_only_its_services_and_a_counter_without_services_calls_any():
    location = make_location()
    new_card, lost_card = make_service(), make_service("ktp-hilang", "KTP-el hilang", "H")
    lost_only = make_counter(location, 1, services=(lost_card,))
    any_service = make_counter(location, 2)
    first_new = services.issue_ticket(location, new_card)
    first_lost = services.issue_ticket(location, lost_card)
    assert services.call_next(lost_only) == first_lost
    assert services.call_next(lost_only) is None  # only a new-card ticket is left
    assert services.call_next(any_service) == first_new


def test_a_counter_of_another_stage_calls_nothing_and_changes_nothing():
    location, service = make_location(), make_service()
    operator = make_counter(location, 1, stages=(Stage.BIOMETRIC,))
    ticket = services.issue_ticket(location, service)
    assert services.call_next(operator) is None
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.WAITING and not CallEvent.objects.exists()


def test_call_next_follows_the_waiting_list_the_console_shows():
    location = make_location()
    new_card, lost_card = make_service(), make_service("ktp-hilang", "KTP-el hilang", "H")
    desk = make_counter(location, 1, services=(new_card, lost_card))
    other = make_counter(location, 2)
    for n in range(9):
        services.issue_ticket(
            location, lost_card if n % 3 == 0 else new_card, priority_group="elderly" if n % 4 == 1 else ""
        )
    sent_elsewhere = services.issue_ticket(location, new_card, priority_group="pregnant")
    Ticket.objects.filter(pk=sent_elsewhere.pk).update(target_counter=other)
    expected = list(services.waiting_for(desk).values_list("pk", flat=True))
    assert sent_elsewhere.pk not in expected and len(expected) == 9
    called = []
    while (ticket := services.call_next(desk)) is not None:
        called.append(ticket.pk)
    assert called == expected


def test_the_next_call_finishes_the_current_ticket_with_its_service_time():
    location, service = make_location(), make_service()
    desk = make_counter(location, 1)
    first, second = services.issue_ticket(location, service), services.issue_ticket(location, service)
    called = services.call_next(desk)
    assert called == first and called.label == first.label and called.counter_id == desk.pk
    assert services.call_next(desk) == second
    record = ServiceRecord.objects.get(ticket=first)
    assert record.stage == Stage.DOCUMENT_CHECK and record.service_seconds >= 0 and record.waited_seconds >= 0
    assert Ticket.objects.get(pk=first.pk).status == TicketStatus.DONE
    assert list(CallEvent.objects.order_by("id").values_list("label", flat=True)) == [first.label, second.label]
