"""The status timeline shows the steps still ahead, greyed, in plain words, with the estimated date."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.applications import services
from apps.applications.ahead import steps_ahead
from apps.applications.tests.factories import resident, service, submitted
from apps.applications.workflow import Status

pytestmark = pytest.mark.django_db


def test_a_submitted_file_shows_every_step_to_collection_with_the_estimate(client: Any) -> None:
    user = resident()
    application = submitted(user, "ktp-hilang")
    client.force_login(user)
    body = client.get(reverse("applications:status", args=[application.number])).content.decode()
    ahead = body.split('class="timeline ahead"', 1)[1].split("</ol>", 1)[0]
    assert "Petugas memeriksa data dan dokumen Anda." in ahead
    assert ahead.index("Sedang diverifikasi") < ahead.index("Siap diambil") < ahead.index("Sudah diambil")
    assert "perekaman" not in ahead  # a lost card needs no new recording
    assert application.estimated_completion_date is not None
    assert f"{application.estimated_completion_date.day} " in ahead and "Perkiraan" in ahead


def test_a_first_card_includes_the_visit_for_recording() -> None:
    user = resident()
    draft = services.start_draft(service("ktp-baru"), user, married=True)
    labels = [step.status for step in steps_ahead(draft)]
    assert labels[0] == Status.SUBMITTED and Status.AWAITING_BIOMETRICS in labels


def test_a_cancelled_file_has_no_steps_ahead(client: Any) -> None:
    user = resident()
    application = submitted(user)
    services.transition(application, Status.CANCELLED, actor=user)
    assert steps_ahead(application) == []
    client.force_login(user)
    body = client.get(reverse("applications:status", args=[application.number])).content.decode()
    assert "timeline ahead" not in body


def test_a_digital_document_goes_through_central_to_its_issue_with_the_estimate_there() -> None:
    application = submitted(resident(), "kk-perubahan")
    steps = steps_ahead(application)
    assert [step.status for step in steps] == [
        Status.IN_VERIFICATION, Status.VERIFIED, Status.SENT_TO_CENTRAL, Status.DOCUMENT_ISSUED
    ]
    assert "untuk dicatat" in str(steps[2].text) and "KTP-el" not in "".join(str(step.text) for step in steps)
    assert steps[-1].estimate == application.estimated_completion_date is not None
