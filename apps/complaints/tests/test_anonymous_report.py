"""A fully anonymous report (no name, no contact) for the categories where SP4N-LAPOR! anonymity matters (illegal
fees, staff conduct), honestly labelled: no private answer, the tracking code alone opens it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.complaints.models import Complaint
from apps.complaints.tests.factories import COMPLAINT_FORM
from apps.complaints.workflow import Category
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

PUNGLI = {
    **COMPLAINT_FORM,
    "category": Category.ILLEGAL_FEE,
    "subject": "Diminta uang Rp50.000 di loket",
    "description": "Petugas di loket meminta uang supaya KTP-el cepat jadi.",
    "anonymous": "on",
}


def test_an_illegal_fee_report_is_filed_without_any_identity(client: Any) -> None:
    response = client.post(reverse("complaints:file"), {**PUNGLI, "name": "Siti", "phone": "081234567890"})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.filer, complaint.name, complaint.email, complaint.phone) == (None, "", "", "")
    page = client.get(response.url).content.decode()
    assert complaint.code in page
    assert "tidak dapat membalas secara pribadi" in page


def test_a_signed_in_resident_can_report_anonymously_too(client: Any) -> None:
    client.force_login(make_resident())
    client.post(reverse("complaints:file"), PUNGLI)
    assert Complaint.objects.get().filer is None


def test_the_tracking_code_alone_opens_an_anonymous_report_from_another_phone() -> None:
    Client().post(reverse("complaints:file"), PUNGLI)
    complaint = Complaint.objects.get()
    other = Client()
    opened = other.post(reverse("complaints:track"), {"code": complaint.code, "contact": ""})
    assert opened.status_code == 302
    assert other.get(reverse("complaints:detail", args=[complaint.code])).status_code == 200


def test_the_code_alone_does_not_open_a_report_that_left_a_contact() -> None:
    Client().post(reverse("complaints:file"), {**COMPLAINT_FORM, "phone": "081234567890"})
    complaint = Complaint.objects.get()
    refused = Client().post(reverse("complaints:track"), {"code": complaint.code, "contact": ""})
    assert refused.status_code == 400


def test_anonymity_is_refused_for_a_category_that_needs_an_answer_and_says_why(client: Any) -> None:
    response = client.post(reverse("complaints:file"), {**PUNGLI, "category": Category.SERVICE_TIME})
    assert response.status_code == 400 and Complaint.objects.count() == 0
    page = response.content.decode()
    assert "Laporan tanpa identitas hanya untuk kategori" in page and "pungutan liar" in page


def test_the_form_offers_the_anonymous_option_with_its_consequence(client: Any) -> None:
    page = client.get(reverse("complaints:file")).content.decode()
    assert "Kirim tanpa identitas (anonim)" in page and "tidak dapat membalas Anda secara pribadi" in page
    assert "Rahasiakan identitas saya" in page
