"""The workflow's events: the core publishes after commit, the stages route the file; a lost delivery is
republished by the reconciliation job; a second delivery moves nothing twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.applications import reconcile
from apps.applications.events import StatusChanged
from apps.applications.models import Application
from apps.applications.services import transition
from apps.applications.tests.factories import resident, submitted
from apps.applications.workflow import Status
from apps.central.models import OutboxMessage
from apps.core import events
from apps.core.events import Subscription
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _verified(code: str = "ktp-hilang") -> Application:
    application = submitted(resident(), code)
    transition(application, Status.IN_VERIFICATION)
    transition(application, Status.VERIFIED)
    return application


def test_a_verified_file_is_routed_by_the_stage_only_after_the_decision_commits(
    staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    application = submitted(resident(), "ktp-hilang")
    verifier = staff_client("file_receiver")
    verifier.post(reverse("applications_staff:claim", args=[application.number]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        verifier.post(reverse("applications_staff:decide", args=[application.number]), {"outcome": "approve"})
        application.refresh_from_db()
        assert application.status == Status.VERIFIED  # the decision alone, nothing routed yet
    assert callbacks, "the verification queued its event for after commit"
    for callback in callbacks:
        callback()
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    assert OutboxMessage.objects.filter(application=application).count() == 1
    # the routing is done in the verifier's name, as it was when it ran inside the decision
    assert application.history.get(to_status=Status.SENT_TO_CENTRAL).actor == verifier.user


def test_a_first_card_goes_to_biometric_recording_not_to_central(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = _verified("ktp-baru")
    application.refresh_from_db()
    assert application.status == Status.AWAITING_BIOMETRICS
    assert not OutboxMessage.objects.filter(application=application).exists()


def test_a_second_delivery_of_the_same_change_moves_the_file_once(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = _verified()
    for callback in callbacks + callbacks:  # every subscriber called twice
        callback()
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    assert application.history.filter(to_status=Status.SENT_TO_CENTRAL).count() == 1
    assert OutboxMessage.objects.filter(application=application).count() == 1


def test_a_file_whose_event_was_lost_is_routed_by_the_reconciliation_job(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SIPON_EVENTS_STUCK_AFTER_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        application = _verified()  # the applicant is told each step
    told = Notification.objects.filter(event="application.verified").count()
    assert told >= 1
    # a crash between commit and handler: the file stays VERIFIED, its routing never ran
    Application.objects.filter(pk=application.pk).update(status=Status.VERIFIED)
    OutboxMessage.objects.filter(application=application).delete()
    application.history.filter(to_status=Status.SENT_TO_CENTRAL).delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert reconcile.republish_stuck() == 0  # too early: the handler may still be on its way
    Application.objects.filter(pk=application.pk).update(status_changed_at=timezone.now() - dt.timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert reconcile.republish_stuck() == 1
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL
    assert OutboxMessage.objects.filter(application=application).count() == 1
    # the applicant was told about VERIFIED once, not again on the replay
    assert Notification.objects.filter(event="application.verified").count() == told
    with django_capture_on_commit_callbacks(execute=True):
        assert reconcile.republish_stuck(now=timezone.now() + dt.timedelta(hours=1)) == 0


def test_a_failing_subscriber_is_logged_and_the_others_still_run(
    settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    settings.SIPON_EVENTS_ROBUST = True
    seen: list[StatusChanged] = []

    def broken(event: StatusChanged) -> None:
        raise RuntimeError("a subscriber crashed")

    monkeypatch.setattr(
        events,
        "_registry",
        {StatusChanged: [Subscription(StatusChanged, broken), Subscription(StatusChanged, seen.append)]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(resident())
    assert [e.to_status for e in seen] == [Status.SUBMITTED]
    assert seen[0].application_id == application.pk
    assert "a subscriber crashed" in caplog.text


def test_every_subscription_names_an_event_class_and_a_callable() -> None:
    subscriptions = events.all_subscriptions()
    assert {s.event for s in subscriptions} >= {StatusChanged}
    for subscription in subscriptions:
        assert isinstance(subscription.event, type) and callable(subscription.handler), subscription.label
