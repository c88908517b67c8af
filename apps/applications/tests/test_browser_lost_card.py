"""Done-when browser test: a lost-card replacement from application to approval, in Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from apps.applications.models import Application
from apps.applications.tests.factories import jpeg_bytes, pdf_bytes, resident
from apps.applications.workflow import Status
from apps.documents.models import Document
from apps.notifications.models import Channel, Notification
from tests.factories import make_staff, sign_in_staff

SHOTS = os.environ.get("SIPON_SHOTS", "")


def _context_for(browser: Any, live_server: Any, client: Client, **kwargs: Any) -> Any:
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **kwargs)
    context.set_default_timeout(60000)  # the machine may be busy: uploads are processed on the server
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    return context


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_replaces_a_lost_card_with_one_correction(
    browser: Any, live_server: Any, tmp_path: Path, mailoutbox: Any
) -> None:
    applicant = resident(name="DEWI ANGGRAINI")
    resident_client = Client()
    resident_client.force_login(applicant, backend="apps.accounts.backends.IdentifierBackend")
    verifier = make_staff("file_receiver", first_name="Bambang")
    staff_client = Client()
    sign_in_staff(staff_client, verifier)

    kk_photo = tmp_path / "foto-kk.jpg"
    kk_photo.write_bytes(jpeg_bytes(1600, 1200, exif_gps=True))
    report = tmp_path / "laporan-polisi.pdf"
    report.write_bytes(pdf_bytes(2))
    report2 = tmp_path / "laporan-polisi-jelas.pdf"
    report2.write_bytes(pdf_bytes(1))

    phone = _context_for(browser, live_server, resident_client, viewport={"width": 412, "height": 915})
    page = phone.new_page()
    page.goto(f"{live_server.url}/permohonan/layanan/ktp-hilang/")
    _shot(page, "01-start")
    page.get_by_role("button", name="Mulai sekarang").click()
    page.get_by_role("button", name="Lanjut mengisi formulir").click()
    assert page.locator("#id_full_name").input_value() == "DEWI ANGGRAINI"
    page.fill("#id_contact_phone", "081234567890")
    _shot(page, "02-identity")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url(re.compile("/dokumen/$"))
    page.wait_for_load_state("load")  # htmx and the auto-upload script are in place

    page.set_input_files("#id_kk-file", str(kk_photo))
    page.locator("#doc-kk").get_by_text("Tersimpan", exact=True).wait_for()
    page.set_input_files("#id_surat-kehilangan-file", str(report))
    page.locator("#doc-surat-kehilangan").get_by_text("Tersimpan", exact=True).wait_for()
    _shot(page, "03-documents")
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    _shot(page, "04-review")
    page.get_by_role("button", name="Ajukan permohonan").click()
    number = page.locator("#application-number").inner_text().strip()
    assert re.fullmatch(r"KTP-\d{6}-[A-Z0-9]{6}", number)
    assert "Perkiraan selesai" in page.content()
    _shot(page, "05-confirmation")

    desk = _context_for(browser, live_server, staff_client, viewport={"width": 1366, "height": 900})
    staff_page = desk.new_page()
    staff_page.goto(f"{live_server.url}/staf/permohonan/")
    _shot(staff_page, "06-queue")
    staff_page.get_by_role("button", name=re.compile("Ambil berkas berikutnya")).click()
    staff_page.wait_for_url(re.compile(number))
    staff_page.fill('input[name="reason_surat-kehilangan"]', "Stempel kepolisian tidak terbaca")
    staff_page.check('input[name="ok_kk"]')
    staff_page.check('input[name="outcome"][value="return"]')
    _shot(staff_page, "07-detail")
    staff_page.get_by_role("button", name="Simpan keputusan").click()
    staff_page.wait_for_url(re.compile("/staf/permohonan/$"))

    page.goto(f"{live_server.url}/permohonan/{number}/")
    assert "Stempel kepolisian tidak terbaca" in page.content()
    _shot(page, "08-needs-correction")
    page.get_by_role("link", name="Ganti dokumen").click()
    page.wait_for_url(re.compile("/dokumen/$"))
    page.wait_for_load_state("load")
    assert page.locator("#id_kk-file").count() == 0  # the KK is locked
    page.set_input_files("#id_surat-kehilangan-file", str(report2))
    page.locator("#doc-surat-kehilangan").get_by_text("laporan-polisi-jelas.pdf").wait_for()
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    page.get_by_role("button", name="Kirim perbaikan").click()
    page.wait_for_url(re.compile("/terkirim/"))

    staff_page.get_by_role("button", name=re.compile("Ambil berkas berikutnya")).click()
    staff_page.wait_for_url(re.compile(number))
    staff_page.check('input[name="outcome"][value="approve"]')
    staff_page.get_by_role("button", name="Simpan keputusan").click()
    staff_page.wait_for_url(re.compile("/staf/permohonan/$"))

    page.goto(f"{live_server.url}/permohonan/{number}/bukti/")
    assert page.locator(".qr svg").count() == 1
    _shot(page, "10-receipt")
    page.goto(f"{live_server.url}/permohonan/{number}/")
    _shot(page, "09-timeline")
    ahead = page.locator(".timeline.ahead li strong")  # the steps still ahead, above the history
    assert [ahead.nth(i).inner_text() for i in range(ahead.count())] == ["Siap cetak", "Sudah dicetak",
                                                                        "Siap diambil", "Sudah diambil"]
    timeline = page.locator(".timeline:not(.ahead) li")
    steps = [timeline.nth(i).locator("strong").inner_text() for i in range(timeline.count())]
    assert steps == ["Dikirim ke pusat", "Terverifikasi", "Sedang diverifikasi", "Diajukan", "Perlu perbaikan",
                     "Sedang diverifikasi", "Diajukan", "Draf"]
    estimates = page.locator(".timeline:not(.ahead) li", has_text="Perkiraan selesai saat itu").count()
    assert estimates == len(steps) - 1  # every step after the draft carries its estimate

    application = Application.objects.get(number=number)
    assert application.status == Status.SENT_TO_CENTRAL
    kk = Document.objects.get(application=application, kind="kk")
    police = Document.objects.get(application=application, kind="surat-kehilangan")
    assert kk.versions.count() == 1 and police.versions.count() == 2
    subjects = [m.subject for m in mailoutbox]
    for label in ("Diajukan", "Perlu perbaikan", "Terverifikasi", "Dikirim ke pusat"):
        assert any(label in s and number in s for s in subjects), (label, subjects)
    assert Notification.objects.filter(recipient=applicant, channel=Channel.IN_APP).count() >= 6
    phone.close()
    desk.close()
