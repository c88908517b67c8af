"""Estimates of both channels count the print queue and the blank stock: when the blanks run out, every
waiting file's date moves and each applicant is told once; a second recalculation tells nobody again."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from apps.applications import estimates
from apps.applications.models import Application, Channel
from apps.applications.workflow import Status
from apps.core.calendar import add_working_days
from apps.issuance import estimates as print_estimates
from apps.issuance import services
from apps.issuance.tests.factories import location, make_application
from apps.notifications.models import Notification
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db

MOVED = "application.estimate_moved"


def _waiting(*, channel: str, place: Any, **kwargs: Any) -> Application:
    """A file at central, its date told to the applicant (a status message or the counter's receipt)."""
    application = make_application(Status.SENT_TO_CENTRAL, code="ktp-hilang", place=place, **kwargs)
    Application.objects.filter(pk=application.pk).update(channel=channel)
    estimates.refresh(application)
    estimates.mark_told(application.pk, application.estimated_completion_date)
    application.refresh_from_db()
    return application


@pytest.fixture
def office(settings: Any) -> Any:
    settings.ISSUANCE_RESTOCK_WORKING_DAYS = 10
    settings.ISSUANCE_PRINTS_PER_DAY = 150
    main = location()
    services.receive_batch(main, quantity=3, serial_start=1000)
    return main


def _messages(application: Application) -> list[Notification]:
    if application.applicant_id:
        rows = Notification.objects.filter(event=MOVED, recipient_id=application.applicant_id)
    else:
        rows = Notification.objects.filter(event=MOVED, address=application.form_data["contact_phone"])
    return list(rows)


def test_when_the_blanks_run_out_every_waiting_file_moves_and_each_applicant_is_told_once(
    office: Any, django_capture_on_commit_callbacks: Any
) -> None:
    online = _waiting(channel=Channel.ONLINE, place=office, applicant=make_resident())
    walk_in = _waiting(channel=Channel.WALK_IN, place=office, form_data={"contact_phone": "081234500001"})
    before = {a.pk: a.estimated_completion_date for a in (online, walk_in)}
    assert all(before.values())
    print_estimates.refresh_changed_locations()  # the dates are in line with the stock: nothing to tell
    assert not Notification.objects.filter(event=MOVED).exists()

    # the last blanks leave the main office (sent to a kecamatan print point)
    other = location("kecamatan-wedi", kind="print_point")
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_blanks(office, other, quantity=3, actor=make_staff("operator"))

    for application in (online, walk_in):
        application.refresh_from_db()
        earlier = before[application.pk]
        assert earlier is not None
        assert application.estimated_completion_date == add_working_days(earlier, 10)
        sent = _messages(application)
        # one message, on each channel the applicant can be reached on (never twice on one channel)
        assert sent and len({n.channel for n in sent}) == len(sent)
        assert "habis" in sent[0].body and application.estimated_completion_date.strftime("%Y") in sent[0].body
        assert application.estimate_told == application.estimated_completion_date
    told = Notification.objects.filter(event=MOVED).count()

    # recalculating again (the periodic job, a second stock event, a cold cache) tells nobody again
    with django_capture_on_commit_callbacks(execute=True):
        print_estimates.refresh_changed_locations()
        services.return_blanks(other, quantity=1, actor=make_staff("operator"))
    cache.clear()
    print_estimates.refresh_changed_locations()
    estimates.refresh_open()
    assert Notification.objects.filter(event=MOVED).count() == told


def test_blanks_back_in_stock_bring_the_dates_back_without_a_message(
    office: Any, django_capture_on_commit_callbacks: Any
) -> None:
    other = location("kecamatan-wedi", kind="print_point")
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_blanks(office, other, quantity=3, actor=make_staff("operator"))
    waiting = _waiting(channel=Channel.WALK_IN, place=office, form_data={"contact_phone": "081234500002"})
    late = waiting.estimated_completion_date
    with django_capture_on_commit_callbacks(execute=True):
        services.receive_batch(office, quantity=50, serial_start=5000)
    waiting.refresh_from_db()
    assert late is not None and waiting.estimated_completion_date is not None
    assert waiting.estimated_completion_date < late
    assert not _messages(waiting)


def test_a_walk_in_file_filed_on_a_day_without_blanks_gets_a_date_after_the_restock(office: Any) -> None:
    with_blanks = _waiting(channel=Channel.WALK_IN, place=office, form_data={"contact_phone": "081234500003"})
    services.return_blanks(office, quantity=3, actor=make_staff("operator"))
    cache.clear()  # as the stock event does after commit
    without = make_application(Status.SUBMITTED, code="ktp-hilang", place=office)
    estimates.refresh(without)
    assert with_blanks.estimated_completion_date is not None and without.estimated_completion_date is not None
    assert without.estimated_completion_date >= add_working_days(with_blanks.estimated_completion_date, 10)


def test_the_print_queue_pushes_dates_back_by_the_days_it_takes_to_print(office: Any, settings: Any) -> None:
    settings.ISSUANCE_PRINTS_PER_DAY = 2
    services.receive_batch(office, quantity=100, serial_start=9000)
    for _ in range(5):  # five files ahead: three working days at two a day
        make_application(Status.PRINT_READY, code="ktp-hilang", place=office)
    cache.clear()
    waiting = make_application(Status.SENT_TO_CENTRAL, code="ktp-hilang", place=office)
    assert print_estimates.delay_for(waiting) == 2
    waiting.status = Status.COLLECTED
    assert print_estimates.delay_for(waiting) == 0  # a card already handed over waits for nothing


def test_a_service_without_a_card_is_not_held_up_by_the_blanks(office: Any) -> None:
    services.return_blanks(office, quantity=3, actor=make_staff("operator"))
    cache.clear()
    application = make_application(Status.SENT_TO_CENTRAL, code="ktp-hilang", place=office)
    application.service_type.category = "kk"
    assert print_estimates.delay_for(application) == 0


def test_a_status_message_remembers_the_date_it_named(office: Any, django_capture_on_commit_callbacks: Any) -> None:
    from apps.applications.services import transition

    application = make_application(Status.VERIFIED, code="ktp-baru", place=office, applicant=make_resident())
    with django_capture_on_commit_callbacks(execute=True):
        transition(application, Status.AWAITING_BIOMETRICS)
    application.refresh_from_db()
    assert Notification.objects.filter(event="application.awaiting_biometrics").exists()
    assert application.estimated_completion_date is not None
    assert application.estimate_told == application.estimated_completion_date
