"""The API fills in a birth's or a death's fields with the page's form and checks: a birth registered through the
API alone can be submitted; bad input is refused field by field and nothing is saved."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from apps.accounts.models import Sex
from apps.applications import services
from apps.applications.models import Application
from apps.applications.tests.factories import complete_draft, family, resident
from apps.families.models import FamilyMember, Relationship
from tests.factories import nik_for

pytestmark = pytest.mark.django_db

MOTHER_BIRTH, FATHER_BIRTH = dt.date(1995, 4, 12), dt.date(1993, 8, 1)


def _mother() -> tuple[Any, FamilyMember, FamilyMember]:
    mother = resident(birth=MOTHER_BIRTH, sex=Sex.FEMALE, name="SRI LESTARI")
    household = family(mother, {"nik": nik_for(FATHER_BIRTH, Sex.MALE, 9101), "full_name": "AGUS SALIM",
                                "birth_date": FATHER_BIRTH, "sex": Sex.MALE, "relationship": Relationship.SPOUSE})
    return mother, household.members.get(sex=Sex.FEMALE), household.members.get(sex=Sex.MALE)


def _put(client: Client, application: Application, body: dict[str, Any]) -> Any:
    return client.put(f"/api/v1/permohonan/{application.number}/peristiwa", json.dumps(body),
                      content_type="application/json")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    return client


def test_a_birth_entered_through_the_api_is_saved_and_the_file_can_be_submitted() -> None:
    mother, me, father = _mother()
    draft = complete_draft(mother, "akta-kelahiran")
    answer = _put(_client(mother), draft, {
        "child_name": "rara ayu", "child_birth_date": "2026-11-20", "child_birth_place": "Klaten", "child_sex": "P",
        "mother_member_id": me.pk, "father_member_id": father.pk,
    })
    assert answer.status_code == 200, answer.content
    draft.refresh_from_db()
    assert draft.form_data["child_name"] == "RARA AYU" and draft.form_data["mother_member_id"] == me.pk
    services.submit(draft, user=mother)
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.case_id is not None


def test_a_child_born_before_the_mother_is_refused_on_its_field_and_nothing_is_saved() -> None:
    mother, me, _father = _mother()
    draft = complete_draft(mother, "akta-kelahiran")
    answer = _put(_client(mother), draft, {
        "child_name": "rara", "child_birth_date": "1990-01-01", "child_birth_place": "Klaten", "child_sex": "P",
        "mother_member_id": me.pk,
    })
    assert answer.status_code == 400
    assert "child_birth_date" in answer.json()["fields"]
    draft.refresh_from_db()
    assert "child_name" not in draft.form_data


def test_a_member_of_another_kk_cannot_be_reported_dead_through_the_api() -> None:
    mother, _me, _father = _mother()
    stranger = resident(birth=dt.date(1950, 1, 1))
    family(stranger)
    draft = complete_draft(mother, "akta-kematian")
    answer = _put(_client(mother), draft, {
        "deceased_nik": stranger.resident.nik, "deceased_name": "ORANG LAIN", "death_date": "2026-12-01",
        "death_place": "Klaten",
    })
    assert answer.status_code == 400
    assert "KK lain" in json.dumps(answer.json()["fields"])


def test_another_residents_file_is_not_found_and_a_card_file_has_no_event() -> None:
    mother, _me, _father = _mother()
    draft = complete_draft(mother, "akta-kelahiran")
    assert _put(_client(resident()), draft, {"child_name": "X"}).status_code == 404
    card = complete_draft(resident(), "ktp-hilang")
    assert _put(_client(card.applicant), card, {"child_name": "X"}).status_code == 404
