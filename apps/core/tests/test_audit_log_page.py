from __future__ import annotations

import re

import pytest

from apps.accounts.roles import Role
from apps.core import audit
from apps.core.models import AuditEvent
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db


def _events(n: int, **kwargs) -> None:
    for _ in range(n):
        audit.record("document.viewed", **kwargs)


def test_it_is_for_administrators_and_section_heads(staff_client):
    assert staff_client(Role.SECTION_HEAD).get("/staf/audit/").status_code == 200


def test_it_is_refused_to_an_operator(staff_client):
    assert staff_client(Role.OPERATOR).get("/staf/audit/").status_code == 403


def test_it_paginates_without_repeating_page_and_keeps_the_filters(staff_client):
    operator = make_staff(Role.OPERATOR)
    _events(60, actor=operator, subject_nik="3310250101900001")
    client = staff_client(Role.SECTION_HEAD)
    html = client.get("/staf/audit/", {"action": "document.", "page": "1"}).content.decode()
    links = re.findall(r'href="\?([^"]+)"', html)
    pager = [link for link in links if "page=" in link]
    assert pager == ["action=document.&amp;page=2"]
    html2 = client.get("/staf/audit/", {"action": "document.", "page": "2"}).content.decode()
    pager2 = [link for link in re.findall(r'href="\?([^"]+)"', html2) if "page=" in link]
    assert pager2 == ["action=document.&amp;page=1"]
    assert all(link.count("page=") == 1 for link in pager + pager2)
    assert 'value="document."' in html2


def test_it_filters_by_actor_and_object(staff_client):
    operator = make_staff(Role.OPERATOR, username="dwi")
    receiver = make_staff(Role.FILE_RECEIVER, username="bambang")
    audit.record("application.approved", actor=operator, obj=receiver)
    audit.record("application.approved", actor=receiver, obj=operator)
    client = staff_client(Role.SECTION_HEAD)
    html = client.get("/staf/audit/", {"actor": "dwi"}).content.decode()
    assert "<td>dwi</td>" in html and "<td>bambang</td>" not in html
    html = client.get("/staf/audit/", {"object": str(operator.pk)}).content.decode()
    assert "<td>bambang</td>" in html and "<td>dwi</td>" not in html


def test_it_shows_who_looked_at_a_persons_data(staff_client):
    resident = make_resident()
    nik = resident.resident.nik
    operator = make_staff(Role.OPERATOR, username="dwi-op")
    receiver = make_staff(Role.FILE_RECEIVER, username="bambang-ver")
    _events(3, actor=operator, subject_nik=nik)
    _events(1, actor=receiver, subject_nik=nik)
    _events(2, actor=operator, subject_nik="3310061507850003")
    audit.record("account.signed_in", actor=resident, subject_nik=nik)  # the person themselves
    client = staff_client(Role.ADMINISTRATOR)
    html = client.get("/staf/audit/", {"nik": nik}).content.decode()
    assert f"Siapa yang melihat atau mengubah data NIK {nik}" in html
    section = html.split('id="viewers-title"')[1].split("</section>")[0]
    assert "dwi-op</a></td><td>3</td>" in section
    assert "bambang-ver</a></td><td>1</td>" in section
    assert resident.username not in section
    # the search itself is recorded against that person
    assert AuditEvent.objects.filter(action="audit.subject_searched", subject_nik=nik).count() == 1


def test_it_accepts_a_nik_typed_with_spaces(staff_client):
    operator = make_staff(Role.OPERATOR)
    _events(1, actor=operator, subject_nik="3310250101900001")
    html = staff_client(Role.ADMINISTRATOR).get("/staf/audit/", {"nik": "3310 2501 0190 0001"}).content.decode()
    assert "1 catatan" in html
