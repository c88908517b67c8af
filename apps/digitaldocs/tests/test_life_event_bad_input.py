"""Bad input on life events: a birth registered twice, a death deed for someone whose card is still being
made. Clear errors at submission; the draft keeps everything the resident entered."""

from __future__ import annotations

from typing import Any

import pytest

from apps.applications.models import Application
from apps.applications.services import FlowError, save_form, submit
from apps.applications.tests.factories import complete_draft, resident, submitted
from apps.applications.workflow import Status

pytestmark = pytest.mark.django_db

CHILD = {"child_name": "RARA AYU", "child_birth_date": "2026-11-20"}


def _birth(user: Any, **child: str) -> Application:
    application = complete_draft(user, "akta-kelahiran")
    data = dict(application.form_data)
    data.update(child)
    Application.objects.filter(pk=application.pk).update(form_data=data)
    application.refresh_from_db()
    return application


def test_a_birth_registered_twice_for_the_same_kk_is_refused_and_the_draft_kept() -> None:
    mother = resident()
    first = _birth(mother, **CHILD)
    submit(first, user=mother)
    second = _birth(resident(), **{**CHILD, "child_name": "rara ayu"})
    Application.objects.filter(pk=second.pk).update(kk_number=first.kk_number)
    second.refresh_from_db()
    with pytest.raises(FlowError) as error:
        submit(second, user=second.applicant)
    assert error.value.code == "conflict" and first.number in error.value.message
    assert "sudah didaftarkan" in error.value.message
    second.refresh_from_db()
    assert second.status == Status.DRAFT and second.form_data["child_name"] == "rara ayu"


def test_the_same_child_nik_is_refused_even_from_another_kk() -> None:
    first = _birth(resident(), child_nik="3310256011260001", **CHILD)
    submit(first, user=first.applicant)
    second = _birth(resident(), child_nik="3310256011260001", child_name="LAIN", child_birth_date="2026-11-21")
    with pytest.raises(FlowError):
        submit(second, user=second.applicant)


def test_a_sibling_born_another_day_is_accepted() -> None:
    mother = resident()
    first = _birth(mother, **CHILD)
    submit(first, user=mother)
    second = _birth(mother, child_name="RARA AYU", child_birth_date="2025-01-02")
    submit(second, user=mother)
    assert second.status == Status.SUBMITTED


def test_a_death_deed_for_someone_with_an_open_card_application_is_refused() -> None:
    deceased = resident()
    card = submitted(deceased, "ktp-hilang")
    relative = resident()
    application = complete_draft(relative, "akta-kematian")
    nik = deceased.resident.nik
    save_form(application, {}, extra={"deceased_nik": nik, "deceased_name": "BUDI SANTOSO", "death_date": "2026-11-30"})
    application.refresh_from_db()
    with pytest.raises(FlowError) as error:
        submit(application, user=relative)
    assert error.value.code == "conflict" and card.number in error.value.message
    assert nik not in error.value.message  # masked
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.form_data["deceased_nik"] == nik
