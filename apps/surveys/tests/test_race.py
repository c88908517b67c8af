"""Two submissions for the same transaction at the same moment: exactly one response is stored."""

from __future__ import annotations

from functools import partial

import pytest

from apps.surveys import services
from apps.surveys.models import SurveyInvitation, SurveyResponse
from tests.concurrency import race

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
    outcomes = race(
        [partial(services.submit_response, SurveyInvitation.objects.get(pk=invitation.pk), ANSWERS) for _ in range(4)],
        {services.AlreadyAnswered: "refused"}, done="stored",
    )
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert SurveyResponse.objects.count() == 1
