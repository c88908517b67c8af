"""Steps the life-event journeys share: a resident signs in, applies for a deed online, the desk verifies the
case, the resident waits for the documents, downloads them and checks them on the verification page."""

from __future__ import annotations

import re
import time
from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.applications.tests.factories import jpeg_bytes
from apps.central import outbox
from apps.central.services import poll_updates

RESIDENT_PASSWORD = "Rahasia-123"  # tests.factories.make_resident's


def sign_in_resident(page: Any, base: str, email: str, password: str = RESIDENT_PASSWORD) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("E-mail, nomor HP, atau nama pengguna").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def start_and_confirm_identity(page: Any, base: str, code: str) -> None:
    page.goto(f"{base}/permohonan/layanan/{code}/")
    page.get_by_role("button", name="Mulai sekarang").click()
    page.get_by_role("button", name="Lanjut mengisi formulir").click()
    page.get_by_label("Nomor HP/WhatsApp untuk kabar permohonan").fill("081234567890")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url(re.compile("/peristiwa/$"))


def upload_and_submit(page: Any, tmp_path: Path, kinds: tuple[str, ...]) -> str:
    """On the documents step: upload a photo for each document, check the answers, submit; the file number."""
    page.wait_for_url(re.compile("/dokumen/$"))
    page.wait_for_load_state("load")  # htmx and the auto-upload script are in place
    for kind in kinds:
        photo = tmp_path / f"{kind}.jpg"
        photo.write_bytes(jpeg_bytes(1200, 900))
        page.set_input_files(f"#id_{kind}-file", str(photo))
        page.locator(f"#doc-{kind}").get_by_text("Tersimpan", exact=True).wait_for()
    page.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    page.get_by_role("button", name="Ajukan permohonan").click()
    return str(page.locator("#application-number").inner_text()).strip()


def verify_case_at_desk(desk: Any, base: str, deed_number: str) -> str:
    """The officer takes the next file (the deed), sees the case, approves the deed, is taken to the case's KK
    file, approves it too; the KK file's number."""
    desk.goto(f"{base}/staf/permohonan/")
    desk.get_by_role("button", name=re.compile("Ambil berkas berikutnya")).click()
    desk.wait_for_url(re.compile(f"/{deed_number}/$"))
    case = desk.locator("#case-files")
    expect(case).to_contain_text("diverifikasi bersama")
    kk_number = str(case.locator("li").nth(1).get_by_role("link").inner_text()).split(" · ")[0]
    desk.check('input[name="outcome"][value="approve"]')
    desk.get_by_role("button", name="Simpan keputusan").click()
    desk.wait_for_url(re.compile(f"/{kk_number}/$"))  # the case's next file, one after the other
    expect(desk.locator(".desk-docs")).to_contain_text(f"Bukti dari berkas akta {deed_number}")
    desk.check('input[name="outcome"][value="approve"]')
    desk.get_by_role("button", name="Simpan keputusan").click()
    desk.wait_for_url(re.compile("/staf/permohonan/$"))
    return kk_number


def wait_until_issued(page: Any, url: str, timeout: float = 90) -> None:
    """Reload the file page until it says the document is issued. Meanwhile the background workers run: the
    outbox sends to central (the simulator), the poller reads its answers, and the task worker signs what central
    registered."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        if page.locator("h1").inner_text() == "Dokumen terbit":
            return
        assert time.monotonic() < deadline, page.locator("h1").inner_text()
        outbox.drain()
        poll_updates()
        call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload", verbosity=0)
        time.sleep(0.5)


def download(page: Any, link_name: str) -> tuple[str, str]:
    """Download the signed PDF from the file page: its document number and its text."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF") and b"/ByteRange" in data  # signed
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    return info.value.suggested_filename.removesuffix(".pdf"), text


def check_on_verification_page(page: Any, base: str, number: str, *, active: bool) -> None:
    page.goto(f"{base}/dokumen/verifikasi/{number}/")
    state = page.locator("#document-state")
    if active:
        expect(state).to_have_text("BERLAKU")
        expect(state).to_have_class(re.compile(r"\bgreen\b"))
    else:
        expect(state).to_contain_text("TIDAK BERLAKU")
        expect(state).to_have_class(re.compile(r"\bred\b"))
