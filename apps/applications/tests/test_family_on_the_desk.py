"""The verification desk shows the file's KK members beside the file and confirms one (audit-logged); only the
desk's role, only a member of the file's own KK."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.applications import services
from apps.applications.tests.factories import service
from apps.core.models import AuditEvent
from apps.families.tests.factories import parent_with_child
from tests.factories import make_staff, sign_in_staff

pytestmark = pytest.mark.django_db


def desk(client: Any, role: str = "file_receiver") -> Any:
    officer = make_staff(role)
    sign_in_staff(client, officer)
    return officer


def test_the_desk_page_shows_the_members_and_who_the_file_is_for(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    desk(client)
    page = client.get(reverse("applications_staff:detail", args=[application.number])).content.decode()
    assert "Diajukan untuk ADI PRASETYO" in page and "SRI LESTARI" in page and child.nik in page
    assert reverse("applications_staff:confirm_member", args=[application.number, child.pk]) in page


def test_a_verifier_confirms_a_member_and_it_is_audit_logged(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    officer = desk(client)
    url = reverse("applications_staff:confirm_member", args=[application.number, child.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.confirmed_by == officer and child.confirmed_at is not None
    event = AuditEvent.objects.get(action="families.confirm_member")
    assert event.actor == officer and event.subject_nik == child.nik
    page = client.get(reverse("applications_staff:detail", args=[application.number])).content.decode()
    assert url not in page  # confirmed: no button any more


def test_a_member_of_another_kk_cannot_be_confirmed_through_this_file(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    _other, their_child = parent_with_child(18, serial=4500)
    desk(client)
    response = client.post(reverse("applications_staff:confirm_member", args=[application.number, their_child.pk]))
    assert response.status_code == 404
    their_child.refresh_from_db()
    assert their_child.confirmed_at is None


def test_another_role_and_a_resident_are_refused(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    url = reverse("applications_staff:confirm_member", args=[application.number, child.pk])
    desk(client, "pickup_officer")
    assert client.post(url).status_code == 403
    client.logout()
    client.force_login(parent)
    assert client.post(url).status_code in (302, 403)
    child.refresh_from_db()
    assert child.confirmed_at is None


def test_a_file_for_a_member_raises_no_nik_warning_against_the_parents_profile() -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    assert not [w for w in services.quality_warnings(application) if "NIK" in w]
    own = services.start_draft(service("ktp-hilang"), parent)
    own.nik = child.nik
    assert any("NIK di profil" in w for w in services.quality_warnings(own))
