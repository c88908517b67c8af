"""Resident A never sees resident B's application or documents: pages, API and file URLs are 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from apps.applications.tests.factories import complete_draft, jpeg_bytes, resident, submitted, upload
from apps.documents.models import Document

pytestmark = pytest.mark.django_db


def test_another_residents_application_is_not_found_everywhere(client: Any) -> None:
    owner = resident()
    draft = complete_draft(owner, "ktp-rusak")  # before the other is submitted: one open KTP-el per NIK
    application = submitted(owner)
    document = Document.objects.get(application=application, kind="kk")
    client.force_login(resident())
    number = application.number
    for name in ("status", "identity", "documents", "review", "confirmation", "receipt"):
        assert client.get(reverse(f"applications:{name}", args=[number])).status_code == 404, name
    assert client.get(reverse("applications:changes", args=[number])).status_code == 404
    assert client.post(reverse("applications:upload", args=[draft.number, "kk"]),
                       {"kk-file": upload("kk.jpg", jpeg_bytes())}).status_code == 404
    assert client.post(reverse("applications:cancel", args=[number])).status_code == 404
    assert client.get(reverse("documents:file", args=[document.public_id])).status_code == 404
    assert client.get(reverse("documents:file", args=[document.public_id]) + "?thumb=1").status_code == 404
    assert client.get(f"/api/v1/permohonan/{number}").status_code == 404
    assert client.post(f"/api/v1/permohonan/{draft.number}/ajukan").status_code == 404
    assert client.post(f"/api/v1/permohonan/{draft.number}/dokumen/kk",
                       {"file": upload("kk.jpg", jpeg_bytes())}).status_code == 404
    identity = {"full_name": "X", "kk_number": "3310250101100001", "birth_place": "Klaten",
                "birth_date": "1990-01-01", "sex": "L", "address": "Jl. A"}
    assert client.put(f"/api/v1/permohonan/{draft.number}/data", identity,
                      content_type="application/json").status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_anonymous_visitors_are_sent_to_sign_in_or_refused(client: Any) -> None:
    application = submitted(resident())
    document = Document.objects.get(application=application, kind="kk")
    response = client.get(reverse("applications:status", args=[application.number]))
    assert response.status_code == 302 and "masuk" in response["Location"]
    assert client.get(reverse("documents:file", args=[document.public_id])).status_code == 302
    assert client.get(f"/api/v1/permohonan/{application.number}").status_code == 401
