"""LAPOR! export and the section head's evaluation page with action items."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.complaints import services
from apps.complaints.models import ActionItem
from apps.complaints.tests.factories import make_complaint
from apps.complaints.workflow import Status
from tests.factories import make_staff, sign_in_staff

pytestmark = pytest.mark.django_db


def test_it_exports_forwarded_complaints_for_lapor(staff_client):
    staff = make_staff("customer_service")
    forwarded = make_complaint(subject="Jalan rusak di desa", confidential=True)
    services.transition(
        forwarded,
        Status.FORWARDED,
        actor=staff,
        forwarded_to="DPUPR Kabupaten Klaten",
        note="Bukan kewenangan Disdukcapil",
    )
    make_complaint(subject="Antrean lama")
    client = staff_client("customer_service")
    response = client.get(reverse("complaints_staff:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Kode lacak" and len(rows) == 2
    assert rows[1][2] == "Jalan rusak di desa" and rows[1][7] == "DPUPR Kabupaten Klaten"
    assert rows[1][8] == "Dirahasiakan" and rows[1][9] == "Dirahasiakan"
    assert rows[1][12] == "Bukan kewenangan Disdukcapil"
    xlsx = client.get(reverse("complaints_staff:export", args=["xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == 2
    assert client.get(reverse("complaints_staff:export", args=["exe"])).status_code == 404


def test_the_evaluation_page_counts_by_category_lists_overdue_and_tracks_action_items(client):
    head = make_staff("section_head")
    worker = make_staff("customer_service")
    old = make_complaint(now=timezone.now() - dt.timedelta(days=30), category="queue")
    make_complaint(category="queue")
    make_complaint(category="illegal_fee")
    sign_in_staff(client, head)
    page = client.get(reverse("complaints_staff:evaluation")).content.decode()
    assert old.code in page  # overdue
    assert "Pungutan liar" in page
    response = client.post(
        reverse("complaints_staff:evaluation"),
        {
            "title": "Tambah kursi ruang tunggu",
            "assignee": worker.pk,
            "due_date": "2026-12-31",
            "complaint_code": old.code,
            "ikm_element": "9",
            "notes": "",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert item.assignee == worker and item.complaint == old and item.ikm_element == 9
    bad = client.post(reverse("complaints_staff:evaluation"), {"title": "", "assignee": worker.pk, "due_date": "besok"})
    assert bad.status_code == 400 and ActionItem.objects.count() == 1
    # The assignee marks it done; someone else cannot.
    other = make_staff("customer_service")
    sign_in_staff(client, other)
    assert client.post(reverse("complaints_staff:action_done", args=[item.pk])).status_code == 404
    sign_in_staff(client, worker)
    assert "Tambah kursi ruang tunggu" in client.get(reverse("complaints_staff:my_actions")).content.decode()
    assert client.post(reverse("complaints_staff:action_done", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.state == ActionItem.State.DONE and item.done_by == worker


def test_the_evaluation_page_is_for_the_section_head(staff_client):
    assert staff_client("customer_service").get(reverse("complaints_staff:evaluation")).status_code == 403
