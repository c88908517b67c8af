"""The life event's step of the resident's flow: a birth's and a death's fields, stored under the keys the checks
and the documents read, and every bad input refused with the reason in Indonesian and nothing lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from apps.accounts.models import Sex
from apps.applications.models import Application
from apps.applications.services import FlowError, submit
from apps.applications.tests.factories import (
    birth_draft,
    complete_draft,
    death_draft,
    draft,
    family,
    resident,
    submitted,
)
from apps.applications.workflow import Status
from apps.families.models import FamilyMember, Relationship
from tests.factories import nik_for

pytestmark = pytest.mark.django_db

MOTHER_BIRTH, FATHER_BIRTH = dt.date(1995, 4, 10), dt.date(1993, 6, 2)


def _mother_with_family() -> tuple[Any, FamilyMember, FamilyMember]:
    mother = resident(birth=MOTHER_BIRTH, sex=Sex.FEMALE, name="SRI LESTARI")
    household = family(mother, {"nik": nik_for(FATHER_BIRTH, Sex.MALE, 9001), "full_name": "AGUS SALIM",
                                "birth_date": FATHER_BIRTH, "sex": Sex.MALE, "relationship": Relationship.SPOUSE})
    me = household.members.get(sex=Sex.FEMALE)
    father = household.members.get(sex=Sex.MALE)
    return mother, me, father


def _birth_post(me: FamilyMember, father: FamilyMember, **changes: str) -> dict[str, str]:
    return {"child_name": "rara  ayu", "child_birth_date": "2026-11-20", "child_birth_place": "Klaten",
            "child_sex": "P", "mother_member_id": str(me.pk), "father_member_id": str(father.pk), **changes}


def _event_url(application: Application) -> str:
    return reverse("applications:event", args=[application.number])


def test_the_identity_step_of_a_birth_deed_leads_to_the_birth_step(client: Any) -> None:
    mother, _me, _father = _mother_with_family()
    application = draft(mother, "akta-kelahiran")
    client.force_login(mother)
    profile = mother.resident
    response = client.post(reverse("applications:identity", args=[application.number]), {
        "full_name": profile.full_name, "kk_number": profile.kk_number, "birth_place": "Klaten",
        "birth_date": profile.birth_date.isoformat(), "sex": profile.sex, "address": "Jl. Pemuda 1",
        "rt": "", "rw": "", "contact_phone": "081234567890"})
    assert response.status_code == 302 and response["Location"] == _event_url(application)


def test_a_birth_is_saved_with_the_parents_chosen_from_the_kk(client: Any) -> None:
    mother, me, father = _mother_with_family()
    application = draft(mother, "akta-kelahiran")
    client.force_login(mother)
    page = client.get(_event_url(application)).content.decode()
    assert "SRI LESTARI" in page and "AGUS SALIM" in page and "Langkah 2 dari 4" in page
    response = client.post(_event_url(application), _birth_post(me, father))
    assert response.status_code == 302 and response["Location"].endswith("/dokumen/")
    application.refresh_from_db()
    data = application.form_data
    assert (data["child_name"], data["child_birth_date"], data["child_sex"]) == ("RARA AYU", "2026-11-20", "P")
    assert (data["mother_member_id"], data["mother_name"], data["mother_nik"]) == (me.pk, "SRI LESTARI", me.nik)
    assert (data["father_name"], data["father_nik"]) == ("AGUS SALIM", father.nik)


def test_a_child_born_before_a_parent_is_refused_and_what_was_typed_is_kept(client: Any) -> None:
    mother, me, father = _mother_with_family()
    application = draft(mother, "akta-kelahiran")
    client.force_login(mother)
    response = client.post(_event_url(application), _birth_post(me, father, child_birth_date="1994-01-05",
                                                                 child_name="BAYU"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "tidak mungkin sebelum tanggal lahir orang tuanya" in body and "SRI LESTARI" in body
    assert 'value="BAYU"' in body and 'value="1994-01-05"' in body
    application.refresh_from_db()
    assert "child_name" not in application.form_data


def test_a_parent_typed_with_a_nik_is_checked_against_the_childs_birth_date(client: Any) -> None:
    mother = resident(birth=MOTHER_BIRTH, sex=Sex.FEMALE)
    application = draft(mother, "akta-kelahiran")
    client.force_login(mother)
    typed_mother = nik_for(dt.date(2000, 2, 3), Sex.FEMALE, 9100)
    response = client.post(_event_url(application), {
        "child_name": "BAYU", "child_birth_date": "1999-05-05", "child_birth_place": "Klaten", "child_sex": "L",
        "mother_member_id": "-", "mother_name": "Wati", "mother_nik": typed_mother, "father_member_id": "-"})
    assert response.status_code == 400 and "WATI" in response.content.decode()


def test_a_birth_already_registered_is_refused_at_the_form(client: Any) -> None:
    mother, me, father = _mother_with_family()
    first = birth_draft(mother, mother_member_id=me.pk)
    submit(first, user=mother)
    second = draft(mother, "akta-kelahiran")
    client.force_login(mother)
    response = client.post(_event_url(second), _birth_post(me, father))
    body = response.content.decode()
    assert response.status_code == 400 and "sudah didaftarkan" in body and first.number in body


def test_a_birth_in_the_future_and_a_missing_mother_are_refused(client: Any) -> None:
    mother, me, father = _mother_with_family()
    application = draft(mother, "akta-kelahiran")
    client.force_login(mother)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    body = client.post(_event_url(application), _birth_post(me, father, child_birth_date=tomorrow,
                                                             mother_member_id="-")).content.decode()
    assert "tidak boleh sesudah hari ini" in body
    assert "Pilih ibu dari daftar anggota KK, atau ketik nama ibu." in body


def test_a_death_is_saved_with_the_deceased_chosen_from_the_kk(client: Any) -> None:
    mother, _me, father = _mother_with_family()
    application = draft(mother, "akta-kematian")
    client.force_login(mother)
    page = client.get(_event_url(application)).content.decode()
    assert "AGUS SALIM" in page and f'value="{_me.pk}"' not in page  # the applicant is not offered
    response = client.post(_event_url(application), {"deceased_member_id": str(father.pk),
                                                     "death_date": "2026-12-01", "death_place": "RSUD Klaten"})
    assert response.status_code == 302
    application.refresh_from_db()
    data = application.form_data
    assert (data["deceased_nik"], data["deceased_name"], data["death_date"]) == (father.nik, "AGUS SALIM",
                                                                                "2026-12-01")
    assert data["deceased_birth_date"] == FATHER_BIRTH.isoformat()


@pytest.mark.parametrize(("death_date", "message"), [
    ("2099-01-01", "Tanggal kematian tidak boleh sesudah hari ini."),
    ("1990-01-01", "tidak mungkin sebelum tanggal lahir"),
])
def test_a_death_date_in_the_future_or_before_the_birth_is_refused(client: Any, death_date: str,
                                                                   message: str) -> None:
    mother, _me, father = _mother_with_family()
    application = draft(mother, "akta-kematian")
    client.force_login(mother)
    response = client.post(_event_url(application), {"deceased_member_id": str(father.pk),
                                                     "death_date": death_date, "death_place": "Klaten"})
    body = response.content.decode()
    assert response.status_code == 400 and message in body and f'value="{death_date}"' in body
    application.refresh_from_db()
    assert "deceased_nik" not in application.form_data


def test_a_deceased_who_is_a_member_of_another_kk_is_refused(client: Any) -> None:
    mother, _me, _father = _mother_with_family()
    neighbour = resident(birth=dt.date(1950, 3, 3), name="PAIMIN")
    family(neighbour)
    application = draft(mother, "akta-kematian")
    client.force_login(mother)
    nik = neighbour.resident.nik
    response = client.post(_event_url(application), {"deceased_member_id": "-", "deceased_nik": nik,
                                                     "deceased_name": "Paimin", "death_date": "2026-12-01",
                                                     "death_place": "Klaten"})
    body = response.content.decode()
    assert response.status_code == 400 and "tercatat sebagai anggota KK lain" in body
    assert f"NIK {nik[:6]}******{nik[-4:]} tercatat" in body and f'value="{nik}"' in body  # masked; typed kept


def test_a_member_id_of_another_kk_is_not_offered_and_refused(client: Any) -> None:
    mother, _me, _father = _mother_with_family()
    stranger_family = family(resident(name="PAIMIN"))
    stranger = stranger_family.members.get()
    application = draft(mother, "akta-kematian")
    client.force_login(mother)
    response = client.post(_event_url(application), {"deceased_member_id": str(stranger.pk),
                                                     "death_date": "2026-12-01", "death_place": "Klaten"})
    assert response.status_code == 400 and "PAIMIN" not in response.content.decode()


def test_a_death_deed_for_someone_with_an_open_card_application_is_refused_at_the_form(client: Any) -> None:
    mother, _me, _father = _mother_with_family()
    son = resident(birth=dt.date(2001, 1, 9), name="DIMAS")
    son_card = submitted(son, "ktp-hilang")
    member = FamilyMember.objects.create(family=_me.family, nik=son.resident.nik, full_name="DIMAS",
                                         birth_date=dt.date(2001, 1, 9), sex=Sex.MALE,
                                         relationship=Relationship.CHILD, source="resident")
    application = draft(mother, "akta-kematian")
    client.force_login(mother)
    response = client.post(_event_url(application), {"deceased_member_id": str(member.pk),
                                                     "death_date": "2026-12-01", "death_place": "Klaten"})
    body = response.content.decode()
    assert response.status_code == 400 and son_card.number in body and "permohonan kartu" in body


def test_another_residents_file_anonymous_and_other_services_get_no_event_step(client: Any) -> None:
    mother, _me, _father = _mother_with_family()
    application = draft(mother, "akta-kelahiran")
    assert client.get(_event_url(application)).status_code == 302  # anonymous: to sign in
    client.force_login(resident())
    assert client.get(_event_url(application)).status_code == 404
    client.force_login(mother)
    card = draft(mother, "ktp-hilang")
    assert client.get(_event_url(card)).status_code == 404


def test_a_submitted_file_no_longer_takes_event_changes(client: Any) -> None:
    mother, me, father = _mother_with_family()
    application = birth_draft(mother, mother_member_id=me.pk)
    submit(application, user=mother)
    client.force_login(mother)
    response = client.post(_event_url(application), _birth_post(me, father, child_name="LAIN"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.form_data["child_name"] == "RARA AYU"


def test_a_death_already_reported_is_refused_at_the_form_and_at_submission(client: Any) -> None:
    mother, _me, father = _mother_with_family()
    first = death_draft(mother, father)
    submit(first, user=mother)
    client.force_login(mother)
    second = complete_draft(mother, "akta-kematian")
    response = client.post(_event_url(second), {"deceased_member_id": str(father.pk), "death_date": "2026-12-01",
                                                "death_place": "Klaten"})
    assert response.status_code == 400 and "sudah dilaporkan" in response.content.decode()
    assert first.number in response.content.decode()
    Application.objects.filter(pk=second.pk).update(form_data={**second.form_data, **first.form_data})
    second.refresh_from_db()
    with pytest.raises(FlowError) as refused:
        submit(second, user=mother)
    assert refused.value.code == "conflict" and first.number in refused.value.message


def test_a_childs_name_with_a_digit_is_refused_as_on_the_family_form(client: Any) -> None:
    mother, me, father = _mother_with_family()
    application = complete_draft(mother, "akta-kelahiran")
    client.force_login(mother)
    response = client.post(_event_url(application), _birth_post(me, father, child_name="ANAK 3"))
    assert response.status_code == 400
    assert "Nama tidak boleh berisi angka." in response.content.decode()
    application.refresh_from_db()
    assert "child_name" not in application.form_data
