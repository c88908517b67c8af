"""The application form is checked against the NIK as registration is: birth date and sex, error next to the
field, what was typed kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.accounts.models import Sex
from apps.applications import services
from apps.applications.models import Application
from apps.applications.tests.factories import resident, service

pytestmark = pytest.mark.django_db


def _answers(**overrides: str) -> dict[str, str]:
    answers = {"full_name": "SITI AMINAH", "kk_number": "3310251234567890", "birth_place": "Klaten",
               "birth_date": "1992-03-15", "sex": "P", "address": "Jl. Pemuda 1", "rt": "", "rw": "",
               "contact_phone": ""}
    answers.update(overrides)
    return answers


def _draft_of_a_woman_born(birth: dt.date) -> tuple[Any, Application]:
    user = resident(birth=birth, sex=Sex.FEMALE, name="SITI AMINAH")
    return user, services.start_draft(service("ktp-hilang"), user)


def test_a_birth_date_that_contradicts_the_nik_is_refused_next_to_the_field(client: Any) -> None:
    user, draft = _draft_of_a_woman_born(dt.date(1992, 3, 15))
    client.force_login(user)
    response = client.post(f"/permohonan/{draft.number}/data/", _answers(birth_date="1992-03-16"))
    body = response.content.decode()
    assert response.status_code == 200 and "tidak sama dengan yang tertulis di NIK (15-03-1992)" in body
    assert 'value="1992-03-16"' in body  # what was typed is kept
    draft.refresh_from_db()
    assert draft.form_data.get("data_saved") is None


def test_a_sex_that_contradicts_the_nik_is_refused(client: Any) -> None:
    user, draft = _draft_of_a_woman_born(dt.date(1992, 3, 15))
    client.force_login(user)
    body = client.post(f"/permohonan/{draft.number}/data/", _answers(sex="L")).content.decode()
    assert "jenis kelamin Anda perempuan" in body


def test_answers_that_agree_with_the_nik_are_saved(client: Any) -> None:
    user, draft = _draft_of_a_woman_born(dt.date(1992, 3, 15))
    client.force_login(user)
    response = client.post(f"/permohonan/{draft.number}/data/", _answers())
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.birth_date == dt.date(1992, 3, 15) and draft.sex == "P"


def test_the_api_refuses_the_same_contradiction(client: Any) -> None:
    user, draft = _draft_of_a_woman_born(dt.date(1992, 3, 15))
    client.force_login(user)
    answers = _answers(birth_date="1993-03-15")
    del answers["contact_phone"]
    response = client.put(f"/api/v1/permohonan/{draft.number}/data", answers, content_type="application/json")
    assert response.status_code == 400
    assert "birth_date" in response.json()["fields"]
