"""The link a status message gives: the applicant's own page, or for a walk-in applicant without an account the
receipt's short link to the public status check (their file page needs an account they do not have)."""

from __future__ import annotations

from typing import Any

import pytest

from apps.applications.models import Application
from apps.applications.services import create_application, transition
from apps.applications.tests.factories import resident, submitted
from apps.applications.workflow import Status
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_walk_in_applicant_without_an_account_is_sent_the_short_link(
    django_capture_on_commit_callbacks: Any,
) -> None:
    online = submitted(resident(), "ktp-hilang")
    walk_in = create_application(service_type=online.service_type, channel="walk_in", nik="3310254107080005",
                                 full_name="SITI", form_data={"contact_phone": "081234567890"})
    with django_capture_on_commit_callbacks(execute=True):
        transition(walk_in, Status.SUBMITTED)
    message = Notification.objects.filter(recipient__isnull=True, event="application.submitted").latest("id")
    assert message.url.endswith(f"/c/{walk_in.number}/")


def test_an_applicant_with_an_account_is_sent_to_their_file_page(django_capture_on_commit_callbacks: Any) -> None:
    application = submitted(resident(), "ktp-hilang")
    with django_capture_on_commit_callbacks(execute=True):
        transition(application, Status.IN_VERIFICATION)
    message = Notification.objects.filter(recipient=application.applicant).latest("id")
    assert message.url.endswith(f"/permohonan/{application.number}/")
    assert Application.objects.filter(pk=application.pk).exists()
