"""After a life event's documents are issued: a birth adds the child to the family and offers the KIA, a death
marks the member deceased, and the re-issued KK lists the family's active members (the child in, the deceased
out), superseding the family's old KK."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from apps.accounts.models import Sex
from apps.applications import services
from apps.applications.models import Application
from apps.applications.tests.factories import birth_draft, death_draft, family, resident, submitted
from apps.applications.workflow import Status
from apps.central.models import CentralRecord
from apps.digitaldocs import family_effects
from apps.digitaldocs.models import SignedDocument
from apps.families.models import FamilyMember, MemberSource, MemberState, Relationship
from apps.notifications.models import Notification
from tests.factories import make_staff, nik_for

pytestmark = pytest.mark.django_db

FATHER_BIRTH = dt.date(1993, 6, 2)


def _mother() -> Any:
    mother = resident(birth=dt.date(1995, 4, 10), sex=Sex.FEMALE, name="SRI LESTARI")
    family(mother, {"nik": nik_for(FATHER_BIRTH, Sex.MALE, 9001), "full_name": "AGUS SALIM",
                    "birth_date": FATHER_BIRTH, "sex": Sex.MALE, "relationship": Relationship.SPOUSE})
    return mother


def _verify_case(deed: Application) -> tuple[Application, Application]:
    """Submit the deed, and verify the deed and its KK file at the desk (the stage issues them after commit)."""
    services.submit(deed, user=deed.applicant)
    deed.refresh_from_db()
    kk = Application.objects.filter(case_id=deed.case_id).exclude(pk=deed.pk).get()
    officer = make_staff("file_receiver")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.claim(deed, user=officer)
        services.decide(deed, user=officer, outcome="approve")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.decide(kk, user=officer, outcome="approve")
    deed.refresh_from_db()
    kk.refresh_from_db()
    return deed, kk


def _pdf_text(document: SignedDocument) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(document.pdf.read())).pages)


def test_an_issued_birth_adds_the_child_and_the_new_kk_lists_the_members() -> None:
    mother = _mother()
    old_kk = submitted(mother, "kk-perubahan")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.transition(old_kk, Status.IN_VERIFICATION)
        services.transition(old_kk, Status.VERIFIED)
    old = SignedDocument.objects.get(application=old_kk)
    deed, kk = _verify_case(birth_draft(mother))
    assert deed.status == kk.status == Status.DOCUMENT_ISSUED
    child = FamilyMember.objects.get(full_name="RARA AYU")
    assert (child.family.kk_number, child.birth_date, child.sex, child.relationship, child.source, child.state) == (
        mother.resident.kk_number, dt.date(2026, 11, 20), Sex.FEMALE, Relationship.CHILD, MemberSource.CENTRAL,
        MemberState.ACTIVE)
    assert child.nik[6:12] == "601126"  # the NIK central allocated: born 20-11-26, a girl (day + 40)
    assert child.confirmed_at is not None
    new = SignedDocument.objects.get(application=kk)
    text = _pdf_text(new)
    assert "SRI LESTARI" in text and "AGUS SALIM" in text and "RARA AYU" in text
    assert "RARA AYU" not in _pdf_text(old)
    old.refresh_from_db()
    assert old.state == SignedDocument.State.SUPERSEDED and old.superseded_by == new
    assert FamilyMember.objects.filter(full_name="RARA AYU").count() == 1  # both files applied it, once


def test_the_child_gets_the_nik_central_allocated_when_there_is_one() -> None:
    deed = birth_draft(_mother())
    services.submit(deed, user=deed.applicant)
    deed.refresh_from_db()

    record = CentralRecord.objects.create(application=deed, record_id="REG-1", state="CIVIL_REGISTERED")
    record.answer = {"nik": "3310256011260001"}  # central's answer to the deed
    deed.central = record
    assert family_effects.allocated_nik(deed) == ("3310256011260001", MemberSource.CENTRAL)
    family_effects.apply(deed)
    child = FamilyMember.objects.get(full_name="RARA AYU")
    assert (child.nik, child.source) == ("3310256011260001", MemberSource.CENTRAL)


def test_the_parent_is_offered_the_kia_for_the_child(client: Any) -> None:
    mother = _mother()
    deed, _kk = _verify_case(birth_draft(mother))
    offer = Notification.objects.filter(event="digitaldocs.kia_offered", recipient=mother)
    [in_app] = offer.filter(channel="in_app")
    assert "RARA AYU" in in_app.subject
    child = FamilyMember.objects.get(full_name="RARA AYU")
    client.force_login(mother)
    page = client.get(reverse("applications:status", args=[deed.number])).content.decode()
    assert "Ajukan KIA untuk RARA AYU" in page
    kia = f'{reverse("applications:begin", args=["kia"])}?untuk={child.pk}'
    assert kia in page
    # The link opens the KIA for the child (its NIK from central), with the mother as applicant.
    assert child.nik
    start = client.get(kia)
    assert start.status_code == 200 and "RARA AYU" in start.content.decode()


def test_no_kia_is_offered_before_the_deed_is_issued(client: Any) -> None:
    deed = birth_draft(_mother())
    services.submit(deed, user=deed.applicant)
    client.force_login(deed.applicant)
    page = client.get(reverse("applications:status", args=[deed.number])).content.decode()
    assert "Ajukan KIA" not in page


def test_an_issued_death_marks_the_member_deceased_and_the_new_kk_leaves_them_out() -> None:
    mother = _mother()
    father = FamilyMember.objects.get(full_name="AGUS SALIM")
    deed, kk = _verify_case(death_draft(mother, father))
    father.refresh_from_db()
    assert father.state == MemberState.DECEASED
    text = _pdf_text(SignedDocument.objects.get(application=kk))
    assert "SRI LESTARI" in text and "AGUS SALIM" not in text
    assert SignedDocument.objects.get(application=deed).subject_name == "AGUS SALIM"
    assert not Notification.objects.filter(event="digitaldocs.kia_offered").exists()


def test_a_family_not_recorded_yet_starts_from_the_applicant_so_the_kk_lists_them_with_the_child() -> None:
    mother = resident(birth=dt.date(1995, 4, 10), sex=Sex.FEMALE, name="SRI LESTARI")
    _deed, kk = _verify_case(birth_draft(mother))
    text = _pdf_text(SignedDocument.objects.get(application=kk))
    assert "SRI LESTARI" in text and "RARA AYU" in text
