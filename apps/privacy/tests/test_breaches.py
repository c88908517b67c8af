"""The office's breach register with its 3 x 24 h notification deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from apps.privacy.models import Breach

pytestmark = pytest.mark.django_db


def test_a_section_head_records_a_breach_and_sees_the_notification_deadline(staff_client: Any) -> None:
    client = staff_client("section_head")
    discovered = timezone.localtime() - dt.timedelta(hours=10)
    response = client.post("/staf/data-pribadi/insiden/baru/", {
        "title": "Laptop loket hilang", "description": "Laptop berisi ekspor data hilang.",
        "discovered_at": discovered.strftime("%Y-%m-%dT%H:%M"), "data_kinds": "NIK, nama, alamat",
        "affected_count": "120", "specific_data": "", "measures": "",
    })
    assert response.status_code == 302
    breach = Breach.objects.get()
    assert breach.notify_by - breach.discovered_at == dt.timedelta(hours=72)
    page = client.get(f"/staf/data-pribadi/insiden/{breach.pk}/").content.decode()
    assert "sisa 61 jam" in page or "sisa 62 jam" in page


def test_recording_both_notifications_marks_the_breach_notified(staff_client: Any) -> None:
    client = staff_client("administrator")
    breach = Breach.objects.create(title="Uji", description="Uji", discovered_at=timezone.now(), data_kinds="NIK")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/staf/data-pribadi/insiden/{breach.pk}/", {
        "measures": "Kata sandi diganti", "affected_count": "3", "subjects_notified_at": now,
        "authority_notified_at": now, "status": "open",
    })
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.status == "notified"


def test_a_bad_breach_form_keeps_its_data_and_stores_nothing(staff_client: Any) -> None:
    client = staff_client("section_head")
    response = client.post("/staf/data-pribadi/insiden/baru/", {"title": "Tanpa tanggal", "description": "x"})
    assert response.status_code == 400
    assert "Tanpa tanggal" in response.content.decode()
    assert Breach.objects.count() == 0


@pytest.mark.parametrize("role", ["operator", "customer_service", "file_receiver"])
def test_other_roles_cannot_open_the_register(staff_client: Any, role: str) -> None:
    assert staff_client(role).get("/staf/data-pribadi/insiden/").status_code == 403
