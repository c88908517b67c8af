"""Two submissions for the same transaction at the same moment: exactly one response is stored."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from apps.surveys import services
from apps.surveys.models import SurveyInvitation, SurveyResponse

ANSWERS = {
    **{f"u{i}": 3 for i in range(1, 10)},
    "age_band": "30",
    "sex": "L",
    "education": "sma",
    "occupation": "swasta",
}


@pytest.mark.django_db(transaction=True)
def test_it_stores_one_response_when_two_arrive_together():
    invitation = services.invitation_for(ticket_code="C-077")
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def answer() -> None:
        copy = SurveyInvitation.objects.get(pk=invitation.pk)
        barrier.wait()
        try:
            services.submit_response(copy, ANSWERS)
            outcomes.append("stored")
        except services.AlreadyAnswered:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert SurveyResponse.objects.count() == 1
