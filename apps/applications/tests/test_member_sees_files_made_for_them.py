"""An adult member (17 and over) with their own account follows the files a member of their KK made for them, read
only; a younger member, another resident, a member who left for another KK and anonymous visitors do not."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.accounts.models import ResidentProfile
from apps.applications import services
from apps.applications.tests.factories import resident, service
from apps.families.models import FamilyMember, MemberState
from apps.families.tests.factories import own_account, parent_with_child, years_old

pytestmark = pytest.mark.django_db


def test_an_adult_member_sees_the_file_made_for_them_in_their_list_and_its_status_read_only(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    client.force_login(own_account(child))
    assert application.number in client.get(reverse("applications:catalogue")).content.decode()
    page = client.get(reverse("applications:status", args=[application.number]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "diajukan untuk Anda" in text
    assert reverse("applications:cancel", args=[application.number]) not in text
    # read only: the applicant's steps stay the applicant's
    for name in ("identity", "documents", "review", "receipt", "cancel"):
        assert client.get(reverse(f"applications:{name}", args=[application.number])).status_code == 404


def test_a_member_under_17_with_an_account_does_not_see_it(client: Any) -> None:
    parent, child = parent_with_child(10)
    application = services.start_draft(service("kia"), parent, member=child)
    client.force_login(own_account(child))
    assert client.get(reverse("applications:status", args=[application.number])).status_code == 404


def test_another_resident_gets_not_found(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    client.force_login(resident(birth=years_old(30)))
    assert client.get(reverse("applications:status", args=[application.number])).status_code == 404
    assert application.number not in client.get(reverse("applications:catalogue")).content.decode()


def test_a_member_who_moved_to_another_kk_no_longer_sees_it(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    account = own_account(child)
    FamilyMember.objects.filter(pk=child.pk).update(state=MemberState.MOVED_OUT)
    ResidentProfile.objects.filter(user=account).update(kk_number="3310250000099999")
    client.force_login(account)
    assert client.get(reverse("applications:status", args=[application.number])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    response = client.get(reverse("applications:status", args=[application.number]))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_the_applicant_still_has_every_step(client: Any) -> None:
    parent, child = parent_with_child(17)
    application = services.start_draft(service("ktp-baru"), parent, member=child)
    client.force_login(parent)
    page = client.get(reverse("applications:status", args=[application.number])).content.decode()
    assert "untuk ADI PRASETYO" in page and reverse("applications:cancel", args=[application.number]) in page
