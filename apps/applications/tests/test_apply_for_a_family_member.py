"""Applying on behalf of a member of the same KK: the file's NIK, identity and age checks are the member's, the
one-open-card rule counts the member's NIK, documents and messages stay with the applicant; anyone else refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.accounts.models import Sex
from apps.applications import services
from apps.applications.models import Application, ServiceType
from apps.applications.tests.factories import jpeg_bytes, service, upload
from apps.applications.workflow import Status
from apps.families.tests.factories import parent_with_child
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_file_for_a_member_carries_the_members_nik_and_identity_and_the_parent_stays_applicant() -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    assert (application.nik, application.full_name, application.birth_date, application.sex) == (
        child.nik, child.full_name, child.birth_date, Sex.MALE)
    assert application.member == child and application.applicant == parent
    assert application.kk_number == parent.resident.kk_number


def test_a_first_card_for_a_17_year_old_is_allowed_though_the_parent_is_45_and_refused_for_a_15_year_old() -> None:
    parent, child = parent_with_child(17)
    assert services.eligibility(service("ktp-baru"), parent, member=child) == "ok"
    _, younger = parent_with_child(15, serial=4322)
    assert services.eligibility(service("ktp-baru"), parent, member=younger) == "ask_married"
    with pytest.raises(services.FlowError) as refused:
        services.start_draft(service("ktp-baru"), younger.family.members.get(relationship="head").user,
                             married=False, member=younger)
    assert refused.value.code == "not_eligible" and "ADI PRASETYO" in refused.value.message


def test_a_kia_is_judged_on_the_childs_age_not_the_parents() -> None:
    parent, child = parent_with_child(10)
    assert services.eligibility(service("kia"), parent) == "too_old"
    application = services.start_draft(service("kia"), parent, member=child)
    assert application.nik == child.nik


def test_one_open_card_per_nik_counts_the_members_nik() -> None:
    parent, child = parent_with_child(17)
    first = services.start_draft(service("ktp-baru"), parent, member=child)
    Application.objects.filter(pk=first.pk).update(status=Status.SUBMITTED)
    with pytest.raises(services.OpenElsewhere):
        services.start_draft(service("ktp-hilang"), parent, member=child)
    # the parent's own card is another NIK: still allowed
    own = services.start_draft(service("ktp-hilang"), parent)
    assert own.nik == parent.resident.nik and own.member is None


def test_a_member_of_another_kk_is_refused() -> None:
    parent, _child = parent_with_child(17)
    _stranger, their_child = parent_with_child(18, serial=4400)
    with pytest.raises(services.FlowError) as refused:
        services.start_draft(service("ktp-baru"), parent, member=their_child)
    assert refused.value.code == "member"
    assert not Application.objects.filter(member=their_child).exists()


def test_a_member_without_a_nik_cannot_be_applied_for() -> None:
    parent, baby = parent_with_child(0, nik=False)
    with pytest.raises(services.FlowError) as refused:
        services.start_draft(service("kia"), parent, member=baby)
    assert "belum punya NIK" in refused.value.message


def test_the_start_page_asks_for_whom_and_the_choice_leads_to_the_members_draft(client: Any) -> None:
    parent, child = parent_with_child(17)
    client.force_login(parent)
    url = reverse("applications:begin", args=["ktp-baru"])
    page = client.get(url).content.decode()
    assert "Untuk saya sendiri" in page and "ADI PRASETYO" in page
    assert "untuk ADI PRASETYO" in client.get(url, {"untuk": child.pk}).content.decode()
    response = client.post(f"{url}?untuk={child.pk}", {"untuk": child.pk})
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:identity", args=[application.number])
    assert application.member == child


def test_a_forged_member_id_on_the_start_page_is_refused_with_a_message(client: Any) -> None:
    parent, _child = parent_with_child(17)
    _stranger, their_child = parent_with_child(18, serial=4401)
    client.force_login(parent)
    url = reverse("applications:begin", args=["ktp-baru"])
    for forged in (str(their_child.pk), "abc", "-1"):
        response = client.post(url, {"untuk": forged})
        assert response.status_code == 400 and "tidak ada di KK Anda" in response.content.decode()
    assert not Application.objects.exists()


def test_the_identity_form_checks_the_birth_date_against_the_members_nik(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    client.force_login(parent)
    data = {"full_name": child.full_name, "kk_number": application.kk_number, "birth_place": "Klaten",
            "birth_date": parent.resident.birth_date.isoformat(), "sex": Sex.MALE, "address": "Jl. Pemuda 1",
            "rt": "", "rw": "", "contact_phone": ""}
    response = client.post(reverse("applications:identity", args=[application.number]), data)
    assert response.status_code == 200 and "NIK" in response.content.decode()
    data["birth_date"] = child.birth_date.isoformat()
    response = client.post(reverse("applications:identity", args=[application.number]), data)
    assert response.status_code == 302


def test_documents_and_messages_stay_with_the_parent(django_capture_on_commit_callbacks: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    services.save_form(application, {"full_name": child.full_name, "kk_number": application.kk_number,
                                     "birth_place": "Klaten", "birth_date": child.birth_date, "sex": Sex.MALE,
                                     "address": "Jl. Pemuda 1", "rt": "", "rw": ""}, extra={"contact_phone": ""})
    for requirement in application.service_type.required_documents.filter(mandatory=True):
        document = services.upload_document(application, requirement, upload("kk.jpg", jpeg_bytes()), user=parent)
        assert document.document.application.applicant == parent
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, user=parent)
    assert Notification.objects.filter(recipient=parent).exists()
    assert not Notification.objects.exclude(recipient=parent).exists()


def test_a_family_document_is_filed_by_the_applicant_not_for_a_member(client: Any) -> None:
    """A KK or a deed is the family's: no "for whom" question, and a member named through the API is refused."""
    parent, child = parent_with_child(17)
    client.force_login(parent, backend="apps.accounts.backends.IdentifierBackend")
    page = client.get(reverse("applications:begin", args=["kk-perubahan"]))
    assert "untuk siapa" not in page.content.decode().lower()
    with pytest.raises(services.FlowError) as refused:
        services.start_draft(ServiceType.objects.get(code="kk-perubahan"), parent, member=child)
    assert refused.value.code == "member"
