"""Walk-in tickets, check-in of bookings, the counter console, estimates and the day rollover."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.appointments import services as booking_services
from apps.appointments.models import BookingStatus
from apps.appointments.tests.factories import (
    make_counter,
    make_location,
    make_service,
    make_slot,
    require_open_today,
)
from apps.locations.models import Stage
from apps.notifications.models import Notification
from apps.queueing import services
from apps.queueing.models import CallEvent, DailyQueueStats, Ticket, TicketStatus
from apps.queueing.speech import spoken_call
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open_today():
    require_open_today()


def test_it_numbers_tickets_per_location_per_day_from_001():
    service = make_service()
    main, other = make_location(), make_location("kantor-lain", "Kantor Lain")
    labels = [services.issue_ticket(main, service).label for _ in range(3)]
    assert labels == ["C-001", "C-002", "C-003"]
    assert services.issue_ticket(other, service).label == "C-001"
    tomorrow = timezone.now() + dt.timedelta(days=1)
    if main.is_open_on(timezone.localdate(tomorrow)):
        assert services.issue_ticket(main, service, now=tomorrow).label == "C-001"


def test_the_kiosk_issues_a_ticket_without_typing(staff_client):
    client = staff_client("information_desk")
    location, service = make_location(), make_service()
    page = client.get(reverse("queueing_staff:kiosk", args=[location.slug]) + f"?layanan={service.code}")
    assert "Lanjut usia" in page.content.decode()
    response = client.post(
        reverse("queueing_staff:kiosk", args=[location.slug]), {"service": service.pk, "priority": "elderly"}
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.token in response.url
    assert ticket.priority_group == "elderly" and ticket.rank == 0
    printed = client.get(response.url).content.decode()
    assert "C-001" in printed and "<svg" in printed and "@page { size: 80mm auto" in printed
    narrow = client.get(reverse("queueing:ticket_print", args=[ticket.token]) + "?kertas=58").content.decode()
    assert "@page { size: 58mm auto" in narrow


def test_the_kiosk_rejects_an_unknown_choice_and_issues_nothing(staff_client):
    client = staff_client("information_desk")
    location = make_location()
    response = client.post(reverse("queueing_staff:kiosk", args=[location.slug]), {"service": "999", "priority": ""})
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_the_kiosk_needs_the_information_desk_role(client, staff_client):
    location = make_location()
    url = reverse("queueing_staff:kiosk", args=[location.slug])
    assert client.get(url).status_code == 302  # anonymous: sign in
    assert staff_client("operator").get(url).status_code == 403


def test_a_booked_resident_checks_in_with_the_qr_code_at_the_right_place_and_day(staff_client):
    location, service = make_location(), make_service()
    now = timezone.localtime()
    slot = make_slot(location, service, now.date(), start="00:00", end="23:59")
    booking = booking_services.book(make_resident(), slot.pk)
    client = staff_client("information_desk")
    wrong = make_location("kantor-lain", "Kantor Lain")
    refused = client.post(reverse("queueing_staff:kiosk_checkin", args=[wrong.slug]), {"code": booking.code})
    assert refused.status_code == 400 and "bukan lokasi ini" in refused.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and not Ticket.objects.exists()
    response = client.post(
        reverse("queueing_staff:kiosk_checkin", args=[location.slug]), {"code": booking.code.lower()}
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.booking == booking and ticket.rank == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


def test_check_in_refuses_another_day(staff_client):
    location, service = make_location(), make_service()
    from apps.appointments.tests.factories import open_day

    booking = booking_services.book(make_resident(), make_slot(location, service, open_day(2)).pk)
    with pytest.raises(services.QueueError) as error:
        services.check_in(booking.code, location)
    assert error.value.code == "wrong_day" and not Ticket.objects.exists()
    with pytest.raises(services.QueueError) as unknown:
        services.check_in("ZZZZ9999", location)
    assert unknown.value.code == "unknown"


def test_counters_call_priority_and_booked_before_walk_ins():
    location, service = make_location(), make_service()
    counter = make_counter(location, 1)
    walk_in = services.issue_ticket(location, service)
    elderly = services.issue_ticket(location, service, priority_group="elderly")
    assert services.call_next(counter) == elderly
    assert services.call_next(counter) == walk_in
    assert services.call_next(counter) is None
    assert Ticket.objects.get(pk=elderly.pk).status == TicketStatus.DONE


def test_the_console_calls_recalls_and_requeues_a_no_show_once(staff_client):
    client = staff_client("file_receiver")
    location, service = make_location(), make_service()
    counter = make_counter(location, 3)
    ticket = services.issue_ticket(location, service)
    act = lambda name: client.post(reverse("queueing_staff:console_action", args=[counter.pk, name]))  # noqa: E731 (short helper)
    act("next")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED and ticket.counter == counter
    act("recall")
    assert CallEvent.objects.filter(ticket=ticket).count() == 2
    assert CallEvent.objects.filter(ticket=ticket, is_recall=True).count() == 1
    act("no_show")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING and ticket.no_show_count == 1
    act("next")
    act("no_show")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NO_SHOW
    page = client.get(reverse("queueing_staff:console", args=[counter.pk])).content.decode()
    assert 'data-shortcut="n"' in page


def test_the_console_refuses_a_counter_of_another_role(staff_client):
    location = make_location()
    counter = make_counter(location, 5, stages=(Stage.BIOMETRIC,))
    client = staff_client("file_receiver")
    assert client.get(reverse("queueing_staff:console", args=[counter.pk])).status_code == 403
    assert client.post(reverse("queueing_staff:console_action", args=[counter.pk, "next"])).status_code == 403


def test_the_console_answers_404_to_an_unknown_action_whatever_the_counter_holds(staff_client):
    counter = make_counter(make_location(), 1)
    client = staff_client("file_receiver")
    assert client.post(reverse("queueing_staff:console_action", args=[counter.pk, "bogus"])).status_code == 404
    services.call_next(counter)  # nobody waiting: the counter holds no ticket either way
    ticket = services.issue_ticket(counter.location, make_service())
    services.call_next(counter)
    assert client.post(reverse("queueing_staff:console_action", args=[counter.pk, "bogus"])).status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.CALLED


def test_transfer_to_another_counter_reaches_only_that_counter():
    location, service = make_location(), make_service()
    one, two, three = (make_counter(location, n) for n in (1, 2, 3))
    ticket = services.issue_ticket(location, service)
    services.call_next(one)
    services.transfer(Ticket.objects.get(pk=ticket.pk), one, to_counter=three)
    assert services.call_next(two) is None
    assert services.call_next(three) == ticket


def test_wait_estimate_uses_recent_service_times_people_ahead_and_open_counters():
    location, service = make_location(), make_service()
    make_counter(location, 1)
    make_counter(location, 2)
    tickets = [services.issue_ticket(location, service) for _ in range(5)]
    last = tickets[-1]
    assert services.people_ahead(last) == 4
    assert services.estimate_wait_minutes(last) == round(300 * 4 / 2 / 60)  # default 5 min per person
    from apps.queueing.models import ServiceRecord

    for t in tickets[:2]:
        ServiceRecord.objects.create(
            location=location,
            service=service,
            stage=Stage.DOCUMENT_CHECK,
            ticket=t,
            date=t.date,
            service_seconds=120,
            finished_at=timezone.now(),
        )
    assert services.estimate_wait_minutes(last) == round(120 * 4 / 2 / 60)


def test_almost_your_turn_is_sent_once_to_tickets_with_a_phone(settings, django_capture_on_commit_callbacks):
    settings.QUEUE_ALMOST_TURN_AHEAD = 1
    location, service = make_location(), make_service()
    counter = make_counter(location, 1)
    for _ in range(3):
        services.issue_ticket(location, service)
    with_phone = services.issue_ticket(location, service, contact_phone="081234567890")
    with django_capture_on_commit_callbacks(execute=True):
        services.call_next(counter)
    assert not Notification.objects.filter(event="queue.almost_turn").exists()  # still 2 ahead
    with django_capture_on_commit_callbacks(execute=True):
        services.call_next(counter)
    sent = Notification.objects.filter(event="queue.almost_turn")
    assert sent.count() == 1 and sent.get().address == "081234567890" and with_phone.label in sent.get().subject
    with django_capture_on_commit_callbacks(execute=True):
        services.call_next(counter)
    assert Notification.objects.filter(event="queue.almost_turn").count() == 1


def test_the_public_ticket_page_shows_people_ahead_and_an_estimate(client):
    location, service = make_location(), make_service()
    services.issue_ticket(location, service)
    ticket = services.issue_ticket(location, service)
    body = client.get(reverse("queueing:ticket", args=[ticket.token])).content.decode()
    assert "C-002" in body and 'id="ticket-ahead"' in body and "1 orang" in body
    assert client.get(reverse("queueing:ticket", args=["tidak-ada"])).status_code == 404


def test_the_display_shows_the_current_call_and_what_to_say(client):
    location, service = make_location(), make_service()
    counter = make_counter(location, 3)
    for _ in range(12):
        services.issue_ticket(location, service)
    Ticket.objects.exclude(number=12).update(status=TicketStatus.DONE)
    services.call_next(counter)
    body = client.get(reverse("queueing:display_fragment", args=[location.slug])).content.decode()
    assert 'id="now-number">C-012' in body
    assert "Nomor antrean C nol dua belas, silakan ke loket tiga" in body


def test_rollover_closes_tickets_left_at_closing_and_keeps_the_day_statistics():
    location, service = make_location(), make_service()
    counter = make_counter(location, 1)
    yesterday = timezone.now() - dt.timedelta(days=1)
    Ticket.objects.create(
        location=location,
        date=timezone.localdate(yesterday),
        service=service,
        queue_code="C",
        number=1,
        token="old-1",
        queued_at=yesterday,
    )
    served = services.issue_ticket(location, service)
    services.issue_ticket(location, service)
    services.call_next(counter)
    services.finish(Ticket.objects.get(pk=served.pk), counter)
    services.rollover()
    assert Ticket.objects.get(token="old-1").status == TicketStatus.CLOSED
    assert Ticket.objects.get(token="old-1").closed_reason
    closed = services.close_day(location, timezone.localdate())
    assert closed == 1
    stats = DailyQueueStats.objects.get(location=location, date=timezone.localdate())
    assert (stats.issued, stats.served, stats.closed_unserved) == (2, 1, 1)


def test_the_information_desk_issues_tickets_and_checks_in(staff_client):
    client = staff_client("information_desk")
    location, service = make_location(), make_service()
    url = reverse("queueing_staff:information_desk") + f"?lokasi={location.slug}"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"service": service.pk, "priority_group": "", "contact_phone": "12", "action": "issue"})
    assert bad.status_code == 400 and "8 sampai 15 angka" in bad.content.decode() and not Ticket.objects.exists()
    ok = client.post(
        url, {"service": service.pk, "priority_group": "disabled", "contact_phone": "0812 3456 7890", "action": "issue"}
    )
    assert ok.status_code == 302
    assert Ticket.objects.get().contact_phone == "081234567890"


@pytest.mark.parametrize(
    ("label", "counter", "spoken"),
    [
        ("C-012", 3, "Nomor antrean C nol dua belas, silakan ke loket tiga"),
        ("C-001", 11, "Nomor antrean C nol nol satu, silakan ke loket sebelas"),
        ("C-120", 1, "Nomor antrean C seratus dua puluh, silakan ke loket satu"),
        ("C-999", 21, "Nomor antrean C sembilan ratus sembilan puluh sembilan, silakan ke loket dua puluh satu"),
        ("C-1000", 2, "Nomor antrean C seribu, silakan ke loket dua"),
    ],
)
def test_it_spells_the_call_in_indonesian(label, counter, spoken):
    assert spoken_call(label, counter) == spoken
