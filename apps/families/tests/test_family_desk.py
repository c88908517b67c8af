"""The desk's KK page: look a KK up by number, see its members (audit-logged), confirm one; the desk's role only,
a member of another KK is not found, bad input is refused with a message."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.families.tests.factories import parent_with_child
from tests.factories import make_staff, sign_in_staff

pytestmark = pytest.mark.django_db


def test_the_desk_finds_a_kk_by_number_and_confirms_a_member(client: Any) -> None:
    _parent, child = parent_with_child(17)
    officer = make_staff("file_receiver")
    sign_in_staff(client, officer)
    kk = child.family.kk_number
    response = client.get(reverse("families_staff:lookup"), {"kk": f"{kk[:6]} {kk[6:]}"})
    assert response["Location"] == reverse("families_staff:detail", args=[kk])
    page = client.get(response["Location"]).content.decode()
    assert "ADI PRASETYO" in page and AuditEvent.objects.filter(action="families.viewed", actor=officer).exists()
    client.post(reverse("families_staff:confirm", args=[kk, child.pk]))
    child.refresh_from_db()
    assert child.confirmed_by == officer


def test_an_unknown_or_malformed_kk_is_refused_with_a_message(client: Any) -> None:
    sign_in_staff(client, make_staff("file_receiver"))
    for typed, message in (("3310250000000000", "belum tercatat"), ("12ab", "16 angka")):
        response = client.get(reverse("families_staff:lookup"), {"kk": typed})
        assert response.status_code == 400 and message in response.content.decode()
    assert client.get(reverse("families_staff:detail", args=["3310250000000000"])).status_code == 404


def test_a_member_of_another_kk_is_not_found_under_this_kk(client: Any) -> None:
    _parent, child = parent_with_child(17)
    _other, their_child = parent_with_child(18, serial=4600)
    sign_in_staff(client, make_staff("file_receiver"))
    response = client.post(reverse("families_staff:confirm", args=[child.family.kk_number, their_child.pk]))
    assert response.status_code == 404
    their_child.refresh_from_db()
    assert their_child.confirmed_at is None


def test_another_role_a_resident_and_anonymous_are_refused(client: Any) -> None:
    parent, child = parent_with_child(17)
    url = reverse("families_staff:detail", args=[child.family.kk_number])
    assert client.get(url).status_code == 302  # anonymous: sign in
    client.force_login(parent)
    assert client.get(url).status_code in (302, 403)
    sign_in_staff(client, make_staff("operator"))
    assert client.get(url).status_code == 403
    assert client.post(reverse("families_staff:confirm", args=[child.family.kk_number, child.pk])).status_code == 403
