"""Central refuses a KK or deed update for good: the file goes back to the desk's queue with central's reason, the
applicant sees it is being checked again, and once the data is right the update goes again and the document is
issued once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase

from apps.applications.models import StatusChange
from apps.applications.services import DATA_ITEM, claim, decide, save_form, submit, transition
from apps.applications.tests.factories import complete_draft, resident
from apps.applications.workflow import Status
from apps.central.models import CentralRecord, OutboxMessage
from apps.digitaldocs.models import SignedDocument
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _verify(application: Any) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        transition(application, Status.IN_VERIFICATION)
        transition(application, Status.VERIFIED)
    application.refresh_from_db()


def test_a_refused_update_returns_the_file_to_the_desk_with_centrals_reason_and_a_corrected_one_is_issued() -> None:
    user = resident()
    application = complete_draft(user, "akta-kelahiran")
    # A newborn without its sex on the file (written past the event form, which asks it): central cannot
    # allocate a NIK and refuses the update.
    save_form(application, {}, extra={"child_name": "RARA AYU", "child_birth_date": "2026-11-20"})
    submit(application, user=user)
    application.refresh_from_db()
    _verify(application)
    assert application.status == Status.SUBMITTED  # back in the desk's queue, not stuck at central
    back = StatusChange.objects.filter(application=application, to_status=Status.SUBMITTED).last()
    assert back is not None and back.from_status == Status.SENT_TO_CENTRAL
    assert "Pusat" in back.note and back.data["central_refused"]
    assert "HTTP" not in back.data["central_refused"]
    assert CentralRecord.objects.get(application=application).reason == back.data["central_refused"]
    assert OutboxMessage.objects.get(application=application).status == OutboxMessage.State.DEAD
    assert not SignedDocument.objects.filter(application=application).exists()

    # The officer reads central's reason and returns the file; the resident corrects it and sends it again.
    officer = make_staff("file_receiver")
    claim(application, user=officer)
    decide(application, user=officer, outcome="return", items={DATA_ITEM: back.data["central_refused"]})
    save_form(application, {}, extra={"child_sex": "P"})
    submit(application, user=user)
    application.refresh_from_db()
    claim(application, user=officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        decide(application, user=officer, outcome="approve", checklist={"data": True})
    application.refresh_from_db()
    assert application.status == Status.DOCUMENT_ISSUED
    assert SignedDocument.objects.filter(application=application).count() == 1
    messages = OutboxMessage.objects.filter(application=application).order_by("id")
    assert list(messages.values_list("status", flat=True)) == [OutboxMessage.State.DEAD, OutboxMessage.State.SENT]


def test_a_refusal_delivered_twice_moves_the_file_once() -> None:
    from apps.central.events import CivilUpdateRefused
    from apps.digitaldocs.routing import central_refused

    user = resident()
    application = complete_draft(user, "akta-kelahiran")
    save_form(application, {}, extra={"child_name": "RARA AYU", "child_birth_date": "2026-11-20"})
    submit(application, user=user)
    application.refresh_from_db()
    _verify(application)
    central_refused(CivilUpdateRefused(application_id=application.pk, reason="again"))
    # Once by the submission, once back from central: the second delivery moved nothing.
    assert StatusChange.objects.filter(application=application, to_status=Status.SUBMITTED).count() == 2
