"""In a real browser: a resident files a complaint, customer service replies and writes an
internal note, the resident sees the reply but not the note; a complaint left alone escalates
once its deadline passes (time travel through ``now``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from apps.complaints import services
from apps.complaints.models import Complaint
from tests.factories import make_resident, make_staff, sign_in_staff

SHOTS = Path(settings.VAR_DIR) / "screenshots"


def _session_cookie(client: Client, live_server) -> dict[str, str]:
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def _signed_in_page(browser, live_server, client: Client, desktop: bool = False):
    viewport = {"width": 1280, "height": 900} if desktop else {"width": 412, "height": 915}
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport=viewport)
    context.set_default_timeout(15000)
    context.add_cookies([_session_cookie(client, live_server)])
    return context, context.new_page()


@pytest.mark.browser
def test_a_resident_sees_the_staff_reply_but_not_the_internal_note(live_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    resident = make_resident(name="SRI LESTARI")
    make_staff("section_head", username="kasi")
    cs_user = make_staff("customer_service", username="cs-ani")
    resident_client, cs_client = Client(), Client()
    resident_client.force_login(resident)
    sign_in_staff(cs_client, cs_user)

    r_context, page = _signed_in_page(browser, live_server, resident_client)
    page.goto(f"{live_server.url}/pengaduan/baru/")
    page.get_by_label("Pengaduan", exact=True).check()
    page.get_by_label("Kategori").select_option("service_time")
    page.get_by_label("Judul singkat").fill("KTP-el belum jadi setelah 30 hari")
    page.get_by_label("Ceritakan yang terjadi").fill("Saya rekam 1 Maret, sampai sekarang belum ada kabar.")
    page.screenshot(path=str(SHOTS / "complaint-file.png"), full_page=True)
    page.get_by_role("button", name="Kirim laporan").click()
    code = page.locator("#kode").inner_text().strip()
    assert code.startswith("ADU-")
    page.screenshot(path=str(SHOTS / "complaint-filed.png"), full_page=True)

    s_context, desk = _signed_in_page(browser, live_server, cs_client, desktop=True)
    desk.goto(f"{live_server.url}/staf/pengaduan/")
    desk.get_by_role("link", name=code).click()
    desk.get_by_label("Pesan").fill("Catatan: berkas tertahan di pusat, cek SIAK.")
    desk.get_by_label("Catatan internal (tidak terlihat oleh pelapor)").check()
    desk.get_by_role("button", name="Kirim", exact=True).click()
    desk.get_by_label("Pesan").fill("Data Anda sudah dikirim ulang ke pusat. KTP-el dapat diambil Senin depan.")
    desk.get_by_label("Tandai sebagai jawaban (status: dijawab)").check()
    desk.get_by_role("button", name="Kirim", exact=True).click()
    assert "berkas tertahan di pusat" in desk.content()
    desk.screenshot(path=str(SHOTS / "complaint-staff-desk.png"), full_page=True)

    page.goto(f"{live_server.url}/pengaduan/{code}/")
    body = page.content()
    assert "KTP-el dapat diambil Senin depan" in body
    assert "berkas tertahan di pusat" not in body
    assert "Dijawab" in body
    page.screenshot(path=str(SHOTS / "complaint-resident-reply.png"), full_page=True)
    r_context.close()
    s_context.close()


@pytest.mark.browser
def test_a_complaint_left_alone_escalates_once_its_deadline_passes(live_server, browser):
    head = make_staff("section_head", username="kasi-2")
    head_client = Client()
    sign_in_staff(head_client, head)
    filed_at = timezone.now()
    complaint = services.file_complaint(
        kind="complaint",
        category="queue",
        subject="Antrean tidak dipanggil",
        description="Nomor C-031 dilewati.",
        name="Joko",
        phone="081300001111",
        now=filed_at,
    )
    assert services.escalate_overdue(now=filed_at + dt.timedelta(days=1)) == 0
    later = filed_at + dt.timedelta(days=21)  # well past 5 working days
    assert services.escalate_overdue(now=later) == 1
    assert services.escalate_overdue(now=later + dt.timedelta(days=1)) == 0
    assert Complaint.objects.get(pk=complaint.pk).escalated

    context, page = _signed_in_page(browser, live_server, head_client, desktop=True)
    page.goto(f"{live_server.url}/staf/pengaduan/")
    row = page.locator("tr", has_text=complaint.code)
    assert "eskalasi" in row.inner_text()
    page.screenshot(path=str(SHOTS / "complaint-inbox-escalated.png"), full_page=True)
    context.close()
