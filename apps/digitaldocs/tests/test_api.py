"""The signed-documents API: the applicant lists and downloads their own; anyone checks a number."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.applications.models import ServiceType
from apps.applications.services import create_application, transition
from apps.applications.workflow import Status
from apps.digitaldocs.models import SignedDocument
from apps.digitaldocs.services import issue
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _issued(user) -> SignedDocument:
    kk = ServiceType.objects.get(code="kk-perubahan")
    application = create_application(service_type=kk, channel="online", nik=user.resident.nik, applicant=user,
                                     form_data={})
    for status in (Status.SUBMITTED, Status.IN_VERIFICATION):
        transition(application, status)
    application.kk_number, application.full_name = user.resident.kk_number, user.resident.full_name
    application.save()
    return issue(application)


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    return client


def test_the_applicant_lists_and_downloads_their_document() -> None:
    owner = make_resident()
    document = _issued(owner)
    client = _client(owner)
    [listed] = client.get("/api/v1/dokumen-elektronik/").json()
    assert listed["number"] == document.number and listed["state"] == "active"
    pdf = client.get(f"/api/v1/dokumen-elektronik/{document.number}/pdf")
    assert pdf.status_code == 200 and pdf.getvalue().startswith(b"%PDF")


def test_another_resident_neither_lists_nor_downloads_it() -> None:
    document = _issued(make_resident())
    client = _client(make_resident())
    assert client.get("/api/v1/dokumen-elektronik/").json() == []
    assert client.get(f"/api/v1/dokumen-elektronik/{document.number}/pdf").status_code == 404
    assert Client().get("/api/v1/dokumen-elektronik/").status_code == 401


def test_anyone_checks_a_number_and_sees_the_nik_masked() -> None:
    owner = make_resident()
    document = _issued(owner)
    answer = Client().get(f"/api/v1/dokumen-elektronik/verifikasi/{document.number}").json()
    assert answer["valid"] is True and answer["state"] == "active"
    assert answer["nik"] == owner.resident.nik[:6] + "******" + owner.resident.nik[-4:]
    unknown = Client().get("/api/v1/dokumen-elektronik/verifikasi/3310-KK-20260101-DEADBEEF")
    assert unknown.status_code == 404 and "tidak terdaftar" in unknown.json()["detail"]
