"""Who may see which complaint."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.complaints import services
from apps.complaints.tests.factories import make_complaint
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db


def test_it_shows_a_resident_only_their_own_complaints(client):
    owner, other = make_resident(), make_resident()
    complaint = make_complaint(filer=owner)
    client.force_login(other)
    for name in ("complaints:detail", "complaints:filed"):
        assert client.get(reverse(name, args=[complaint.code])).status_code == 404
    assert client.post(reverse("complaints:reply", args=[complaint.code]), {"body": "x"}).status_code == 404
    assert complaint.code not in client.get(reverse("complaints:start")).content.decode()
    client.force_login(owner)
    assert complaint.code in client.get(reverse("complaints:start")).content.decode()


def test_it_hides_an_anonymous_complaint_from_a_stranger(client):
    complaint = make_complaint()
    assert client.get(reverse("complaints:detail", args=[complaint.code])).status_code == 404


def test_it_keeps_staff_pages_to_the_right_roles(client, staff_client):
    complaint = make_complaint()
    inbox = reverse("complaints_staff:inbox")
    anonymous = client.get(inbox)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    pickup = staff_client("pickup_officer")
    assert pickup.get(inbox).status_code == 403
    assert pickup.get(reverse("complaints_staff:detail", args=[complaint.code])).status_code == 403
    cs = staff_client("customer_service")
    assert cs.get(inbox).status_code == 200
    assert cs.get(reverse("complaints_staff:evaluation")).status_code == 403


def test_it_shows_dirahasiakan_to_staff_other_than_the_section_head_and_cs_lead(client):
    from django.contrib.auth.models import Permission
    from django.test import Client

    from tests.factories import sign_in_staff

    complaint = make_complaint(name="Rahmat Hidayat", phone="081211112222", confidential=True)
    cs = make_staff("customer_service")
    lead = make_staff("customer_service")
    lead.user_permissions.add(Permission.objects.get(codename="view_confidential_identity"))
    head = make_staff("section_head")
    seen = {}
    for user in (cs, lead, head):
        browser = Client()
        sign_in_staff(browser, user)
        inbox = browser.get(reverse("complaints_staff:inbox")).content.decode()
        desk = browser.get(reverse("complaints_staff:detail", args=[complaint.code])).content.decode()
        seen[user.pk] = ("Rahmat Hidayat" in inbox + desk, "081211112222" in desk, "Dirahasiakan" in inbox + desk)
    assert seen[cs.pk] == (False, False, True)
    assert seen[lead.pk][0] and seen[lead.pk][1]
    assert seen[head.pk][0] and seen[head.pk][1]
    assert services.filer_label(complaint, cs) == "Dirahasiakan"


def test_a_confidential_filers_name_does_not_leak_through_the_history(client):
    from django.test import Client

    from tests.factories import sign_in_staff

    resident = make_resident(name="DEWI ANGGRAINI")
    complaint = make_complaint(filer=resident, confidential=True)
    cs = make_staff("customer_service")
    browser = Client()
    sign_in_staff(browser, cs)
    desk = browser.get(reverse("complaints_staff:detail", args=[complaint.code])).content.decode()
    assert "DEWI ANGGRAINI" not in desk and resident.username not in desk
    assert "Dirahasiakan" in desk


def test_a_resident_cannot_post_to_a_closed_complaint(client):
    from apps.complaints.workflow import Status

    resident = make_resident()
    complaint = make_complaint(filer=resident)
    cs = make_staff("customer_service")
    services.answer(complaint, body="Jawaban", actor=cs)
    services.transition(complaint, Status.CLOSED, actor=cs)
    client.force_login(resident)
    response = client.post(reverse("complaints:reply", args=[complaint.code]), {"body": "Halo?"})
    assert response.status_code == 400
    assert complaint.messages.filter(from_staff=False).count() == 0
