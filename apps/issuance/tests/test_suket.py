from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from apps.applications.workflow import Status
from apps.issuance import services
from apps.issuance.models import Suket
from apps.issuance.tests.factories import location, make_application
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator() -> Any:
    return make_staff("operator")


def test_a_suket_is_refused_while_blanks_are_in_stock(operator: Any) -> None:
    place = location()
    services.receive_batch(place, quantity=1, serial_start=1100000001, actor=operator)
    application = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    with pytest.raises(services.SuketRefused, match="masih ada 1 blangko"):
        services.issue_suket(application, actor=operator, location=place)
    assert not Suket.objects.exists()


def test_a_suket_is_only_for_print_ready_records(operator: Any) -> None:
    application = make_application(status=Status.SENT_TO_CENTRAL, code="ktp-hilang")
    with pytest.raises(services.SuketRefused):
        services.issue_suket(application, actor=operator, location=location())


def test_a_suket_has_a_number_six_months_a_pdf_with_a_qr_and_a_public_check(operator: Any, client: Any) -> None:
    application = make_application(status=Status.PRINT_READY, code="ktp-hilang", name="SITI RAHAYU")
    suket = services.issue_suket(application, actor=operator, location=location())
    assert suket.number.startswith("SKT-")
    assert (suket.valid_until - timezone.localdate()).days in range(180, 185)
    pdf = services.suket_pdf(suket)
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert suket.number in text and f"/kartu/suket/{suket.code}/" in text
    page = client.get(f"/kartu/suket/{suket.code}/").content.decode()
    assert "BERLAKU" in page and "S. R." in page
    assert application.nik not in page and "SITI RAHAYU" not in page
    assert client.get("/kartu/suket/tidak-ada/").status_code == 404
    with pytest.raises(services.SuketRefused):
        services.issue_suket(application, actor=operator, location=location())


def test_renewal_supersedes_the_old_suket_and_printing_supersedes_the_last(operator: Any, client: Any) -> None:
    place = location()
    application = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    first = services.issue_suket(application, actor=operator, location=place)
    Suket.objects.filter(pk=first.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    first.refresh_from_db()
    assert services.suket_status(first) == "expired"
    assert "KEDALUWARSA" in client.get(f"/kartu/suket/{first.code}/").content.decode()
    second = services.renew_suket(first, actor=operator, location=place)
    first.refresh_from_db()
    assert first.state == "superseded" and second.renewed_from == first
    services.receive_batch(place, quantity=1, serial_start=1200000001, actor=operator)
    services.print_card(application, serial="1200000001", operator=operator, location=place)
    second.refresh_from_db()
    assert second.state == "superseded" and second.superseded_reason == "printed"
    assert "digantikan" in client.get(f"/kartu/suket/{second.code}/").content.decode()


def test_the_suket_button_is_refused_through_the_page_while_stock_exists(staff_client: Any) -> None:
    place = location()
    client = staff_client("operator")
    services.receive_batch(place, quantity=3, serial_start=1300000001)
    application = make_application(status=Status.PRINT_READY, code="ktp-hilang")
    response = client.post(f"/staf/kartu/cetak/{application.number}/suket/", follow=True)
    assert "tidak boleh diterbitkan" in response.content.decode()
    assert not Suket.objects.exists()
    assert staff_client("pickup_officer").post(f"/staf/kartu/cetak/{application.number}/suket/").status_code == 403
