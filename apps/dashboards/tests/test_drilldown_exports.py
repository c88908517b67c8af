from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.core.models import AuditEvent
from apps.dashboards.aggregates import refresh_all
from apps.dashboards.tests.factories import application

pytestmark = pytest.mark.django_db


def test_it_drills_down_to_the_overdue_files_only(staff_client) -> None:
    today = timezone.localdate()
    late = application(status="in_verification", due=today - dt.timedelta(days=2), full_name="TERLAMBAT SATU")
    application(status="in_verification", due=today + dt.timedelta(days=9), full_name="MASIH AMAN")
    application(status="printed", due=today - dt.timedelta(days=9), full_name="SUDAH DICETAK")
    client = staff_client("section_head")
    html = client.get(reverse("dashboards_staff:drill") + "?metrik=overdue").content.decode()
    assert late.number in html
    assert "TERLAMBAT SATU" in html
    assert "MASIH AMAN" not in html
    assert "SUDAH DICETAK" not in html
    assert "1 data" in html
    assert AuditEvent.objects.filter(action="dashboard.drilldown", actor=client.user).exists()


def test_it_finds_files_by_nik_and_by_number(staff_client) -> None:
    one = application(full_name="CARI SAYA")
    other = application(full_name="ORANG LAIN")
    client = staff_client("section_head")
    by_nik = client.get(reverse("dashboards_staff:drill") + f"?q={one.nik}").content.decode()
    assert "CARI SAYA" in by_nik and "ORANG LAIN" not in by_nik
    by_number = client.get(reverse("dashboards_staff:drill") + f"?q={other.number.lower()}").content.decode()
    assert "ORANG LAIN" in by_number and "CARI SAYA" not in by_number
    assert AuditEvent.objects.filter(action="dashboard.drilldown", subject_nik=one.nik).exists()


def test_it_returns_404_for_an_unknown_figure(staff_client) -> None:
    assert staff_client("section_head").get(reverse("dashboards_staff:drill") + "?metrik=nope").status_code == 404


def test_it_exports_a_drilldown_list_as_xlsx(staff_client) -> None:
    app = application(status="sent_to_central")
    response = staff_client("section_head").get(reverse("dashboards_staff:drill") + "?metrik=central&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert app.number in values


def test_it_exports_the_dashboard_as_xlsx_with_its_figures(staff_client) -> None:
    now = timezone.now()
    application(submitted=now - dt.timedelta(hours=1), channel="online")
    application(submitted=now - dt.timedelta(hours=1), channel="walk_in")
    refresh_all()
    response = staff_client("section_head").get(reverse("dashboards_staff:export", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows(min_row=5)}
    assert summary["Permohonan diajukan"] == 2
    assert summary["Porsi daring (%)"] == 50.0
    assert len(book.worksheets) >= 3


def test_it_exports_the_dashboard_as_pdf(staff_client) -> None:
    application(status="sent_to_central")
    response = staff_client("section_head").get(reverse("dashboards_staff:export", args=["pdf"]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 1
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Berkas per status" in text


def test_it_writes_the_monthly_report(staff_client) -> None:
    from apps.dashboards.tests.factories import WIB

    application(submitted=dt.datetime(2026, 10, 15, 10, 0, tzinfo=WIB), district="33.10.01", village="33.10.01.2001")
    refresh_all()
    response = staff_client("section_head").get(reverse("dashboards_staff:monthly_report") + "?bulan=2026-10")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Laporan bulanan 10/2026" in text
    assert "Per kecamatan" in text


def test_it_refuses_a_bad_month_with_a_message(staff_client) -> None:
    response = staff_client("section_head").get(reverse("dashboards_staff:monthly_report") + "?bulan=oktober")
    assert response.status_code == 400
    assert "Bulan tidak valid" in response.content.decode()


def test_it_forbids_exports_to_the_wrong_role(staff_client) -> None:
    assert staff_client("pickup_officer").get(reverse("dashboards_staff:export", args=["xlsx"])).status_code == 403
