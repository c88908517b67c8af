"""A mother registers her newborn online: the birth's fields with the father chosen from her KK, the documents, the
desk verifying the case (the birth deed and the KK re-issued with the child) one file after the other, the signed
birth deed and new KK downloaded, both green on the verification page and the old KK shown as superseded, and the
KIA offered for the child. Central (the simulator) takes part when the files go through it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from apps.accounts.models import Sex
from apps.applications.tests.factories import family, issued, resident
from apps.families.models import Relationship
from tests.factories import make_staff, nik_for
from tests.journeys.life_events import (
    check_on_verification_page,
    download,
    sign_in_resident,
    start_and_confirm_identity,
    upload_and_submit,
    verify_case_at_desk,
    wait_until_issued,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_mother_registers_her_newborn_and_is_offered_the_kia(live_server: Any, person: Any, simulator: str,
                                                               tmp_path: Path, settings: Any) -> None:
    base = settings.SITE_URL = live_server.url
    mother = resident(birth=dt.date(1996, 8, 17), sex=Sex.FEMALE, name="SITI AMINAH", email="siti@contoh.id")
    family(mother, {"nik": nik_for(dt.date(1994, 2, 11), Sex.MALE, 5120), "full_name": "JOKO PRASETYO",
                    "birth_date": dt.date(1994, 2, 11), "sex": Sex.MALE, "relationship": Relationship.SPOUSE})
    old_kk = issued(mother).signed_documents.get()  # the family's KK before the birth
    receiver = make_staff("file_receiver")
    born = (dt.date.today() - dt.timedelta(days=9)).isoformat()

    # At home on her phone: the birth deed service, her own data, then the birth.
    phone = person()
    sign_in_resident(phone, base, "siti@contoh.id")
    start_and_confirm_identity(phone, base, "akta-kelahiran")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Data kelahiran")
    # A slip of the year first: the child would be born before the mother. Refused, nothing lost.
    phone.get_by_label("Nama anak").fill("Bagus Saputra")
    phone.get_by_label("Tanggal lahir anak").fill("1990-05-01")
    phone.get_by_label("Tempat lahir anak").fill("Klaten")
    phone.get_by_label("Laki-laki").check()
    phone.get_by_label("Ibu", exact=True).select_option(label="SITI AMINAH (Kepala keluarga, 17-08-1996)")
    phone.get_by_label(re.compile(r"^Ayah")).select_option(label="JOKO PRASETYO (Suami/istri, 11-02-1994)")
    phone.get_by_role("button", name="Simpan dan lanjut").click()
    expect(phone.locator(".error-summary")).to_contain_text("tidak mungkin sebelum tanggal lahir orang tuanya")
    expect(phone.get_by_label("Nama anak")).to_have_value("Bagus Saputra")
    phone.get_by_label("Tanggal lahir anak").fill(born)
    phone.get_by_role("button", name="Simpan dan lanjut").click()
    deed_number = upload_and_submit(phone, tmp_path, ("surat-lahir", "kk", "buku-nikah"))
    phone.goto(f"{base}/permohonan/{deed_number}/")
    expect(phone.locator("#case-files")).to_contain_text("KK perubahan data")  # submitted with the deed

    # The desk verifies the case: the deed, then the KK file whose evidence is the deed's documents.
    desk = person(staff=receiver)
    kk_number = verify_case_at_desk(desk, base, deed_number)

    # Back on the phone: both documents issued, signed, downloaded.
    wait_until_issued(phone, f"{base}/permohonan/{deed_number}/")
    deed_doc, deed_text = download(phone, "Unduh Akta kelahiran (PDF)")
    assert "BAGUS SAPUTRA" in deed_text
    expect(phone.locator("#kia-offer")).to_contain_text("Ajukan KIA untuk BAGUS SAPUTRA")
    wait_until_issued(phone, f"{base}/permohonan/{kk_number}/")
    kk_doc, kk_text = download(phone, "Unduh Kartu Keluarga (PDF)")
    for name in ("SITI AMINAH", "JOKO PRASETYO", "BAGUS SAPUTRA"):
        assert name in kk_text

    # The QR codes' page: both green; the old KK red, replaced by the new one.
    check_on_verification_page(phone, base, deed_doc, active=True)
    check_on_verification_page(phone, base, kk_doc, active=True)
    check_on_verification_page(phone, base, old_kk.number, active=False)
    expect(phone.locator("body")).to_contain_text(kk_doc)
    phone.screenshot(path=str(tmp_path / "old-kk.png"), full_page=True)

    # The KIA for the child: offered in her messages and on the file page, and it starts the KIA service.
    phone.goto(f"{base}/notifikasi/")
    expect(phone.locator("body")).to_contain_text("Ajukan KIA untuk BAGUS SAPUTRA")
    phone.goto(f"{base}/permohonan/{deed_number}/")
    phone.get_by_role("link", name="Ajukan KIA untuk BAGUS SAPUTRA").click()
    # The KIA is for the child (now on the KK with the NIK central gave), the mother applying on his behalf.
    expect(phone.get_by_role("heading", level=1)).to_contain_text("untuk BAGUS SAPUTRA")
    phone.get_by_role("button", name="Lanjut mengisi formulir").click()
    expect(phone.locator("body")).to_contain_text("Kartu Identitas Anak")
    expect(phone.locator("body")).to_contain_text("BAGUS SAPUTRA")
